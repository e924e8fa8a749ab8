// TerminalResizeTests: the REPL reads the terminal's width when it draws, so a chart drawn after a
// resize fits the new width, and so does a `:show` picture (issue 10: the width was read once at start).
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
}
