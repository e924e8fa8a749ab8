// TerminalResizeTests: the REPL reads the terminal's width when it draws, so a chart drawn after a
// resize fits the new width, and so does a `:show` picture (issue 10: the width was read once at start).
// The training bar reads it at each redraw and fits it, so at 50 columns and after a resize to 40
// each redraw stays on its line instead of wrapping and scrolling.
import Foundation
import XCTest

final class TerminalResizeTests: XCTestCase {
    /// A REPL started in a 100-column tmux window, at its prompt, then resized to 40 columns.
    static func replResizedTo40Columns(state: String) throws -> TmuxSession {
        let bin = try CLI.binary()
        let s = try TmuxSession(
            command:
                "env -i PATH=/usr/bin:/bin HOME=\(state) XDG_STATE_HOME=\(state) TERM=xterm-256color NO_COLOR=1 \(bin) "
                + "repl",
            width: 100, height: 40)
        do {
            _ = try s.wait(for: ">>> ")
            _ = try s.tmux(["resize-window", "-t", s.name, "-x", "40", "-y", "40"])
        } catch {
            s.close()
            throw error
        }
        return s
    }

    func testChartAfterResizeFitsTheNewWidth() throws {
        let state = CLI.tempDir("resize-state")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let s = try Self.replResizedTo40Columns(state: state)
        defer { s.close() }
        try s.send("plot([1, 2, 3, 2, 1])")
        let screen = try s.wait(for: "└")
        // The x axis is drawn once, as wide as the chart: min(72, columns - 12) at 40 columns is 28.
        let axis = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("└") })
        let dashes = axis.filter { $0 == "─" }.count
        XCTAssertLessThanOrEqual(dashes, 30, "chart drawn for the old width:\n\(screen)")
        XCTAssertGreaterThan(dashes, 10, screen)
    }

    func testShowAfterResizeFitsTheNewWidth() throws {
        let state = CLI.tempDir("resize-show-state")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let s = try Self.replResizedTo40Columns(state: state)
        defer { s.close() }
        try s.send(":show torch.ones(10, 200)")
        let screen = try s.wait(for: "blocks)")
        // 200 columns of pixels averaged to fit 40 columns (at 100 they would be averaged by 3):
        // five lines of ASCII pixels, each narrower than the new width, not 200 wrapped ones.
        let rows = screen.split(separator: "\n").filter { !$0.isEmpty && $0.allSatisfy { $0 == "+" } }
        XCTAssertEqual(rows.count, 5, screen)
        XCTAssertTrue(rows.allSatisfy { $0.count < 40 }, screen)
        XCTAssertTrue(screen.contains("averaged in 1×6"), screen)
    }

    /// `fit` in a 50-column terminal, resized to 40 during the first epoch. Before, the bar was about
    /// 90 characters: it wrapped, and each `\r` redraw went to the start of its last row, so the
    /// screen filled with one row per redraw. Now every line fits the width it is drawn at; the
    /// epoch being drawn at the resize may leave one row behind (tmux rewraps the line then, as
    /// terminals that reflow do), no more.
    func testFitBarFitsANarrowTerminalAndFollowsAResize() throws {
        try CLI.requireFashionMNIST(at: CLI.defaultDataRoot)  // the REPL runs under env -i
        let bin = try CLI.binary()
        let state = CLI.tempDir("resize-fit-state")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let s = try TmuxSession(
            command:
                "env -i PATH=/usr/bin:/bin HOME=\(state) XDG_STATE_HOME=\(state) TERM=xterm-256color NO_COLOR=1 \(bin) "
                + "repl",
            width: 50, height: 40)
        defer { s.close() }
        try s.wait(for: ">>> ")
        try s.send(
            "model = nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), nn.Flatten(), nn.Linear(4608, 10)); "
                + "optimizer = optim.SGD(model.parameters(), lr=0.05); train_loader = DataLoader(Subset("
                + "datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), range(10000)), batch_size=4)")
        try s.wait(for: ">>> ", count: 2)
        try s.send("h = fit(model, optimizer, train_loader, epochs=3)")
        // 2,500 batches an epoch: epoch 1 is still running when the window shrinks (with 500, a fast build
        // finished all three epochs before the resize and the test failed in CI).
        let before = try s.wait(for: "epoch 1/3:")
        usleep(100_000)
        try s.tmux(["resize-window", "-t", s.name, "-x", "40", "-y", "40"])
        try s.wait(for: ">>> ", after: "epoch 3/3: 100%", timeout: 120)
        let all = try s.screen()
        // Logical lines (tmux joins rows it wrapped): one per finished epoch after the resize, each
        // narrower than 40 columns, with the loss.
        let lines = all.split(separator: "\n").map(String.init)
        for epoch in ["epoch 2/3:", "epoch 3/3:"] {
            let drawn = lines.filter { $0.contains(epoch) }
            XCTAssertEqual(drawn.count, 1, "\(epoch) drawn on more than one line:\n\(all)")
            XCTAssertTrue(drawn.allSatisfy { $0.count < 40 && $0.contains("loss=") }, all)
            XCTAssertEqual(all.components(separatedBy: epoch).count - 1, 1, "redraws piled up:\n\(all)")
        }
        XCTAssertLessThanOrEqual(all.components(separatedBy: "epoch 1/3:").count - 1, 2, "redraws piled up:\n\(all)")
        let first = before.split(separator: "\n").filter { $0.contains("epoch 1/3:") }
        XCTAssertTrue(first.allSatisfy { $0.count < 50 }, before)
    }
}
