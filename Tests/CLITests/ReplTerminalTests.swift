// End-to-end tests of `gradstep repl` on a real terminal (tmux): the prompts, multi-line blocks,
// Tab completion, history kept across sessions, and Ctrl-C (clears the line at the prompt,
// interrupts a running command and keeps the variables). Skipped only when tmux is missing.
//
// NOTE: tmux is driven with posix_spawn + waitpid, not Foundation's Process: waiting for
// `tmux new-session -d` (whose client forks the server) through Process hangs now and then on Linux.

import Foundation
import XCTest

final class ReplTerminalTests: XCTestCase {
    private var sessions: [TmuxSession] = []
    private var dirs: [String] = []

    override func tearDown() {
        for s in sessions { s.close() }
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
        sessions = []
        dirs = []
    }

    /// Starts `gradstep repl` in a 120×40 tmux pane with its own history folder.
    private func start(stateDir: String? = nil) throws -> (TmuxSession, String) {
        let bin = try CLI.binary()
        let state =
            stateDir
            ?? {
                let d = CLI.tempDir("repl-state")
                dirs.append(d)
                return d
            }()
        let command =
            "env -i PATH=/usr/bin:/bin HOME=\(state) XDG_STATE_HOME=\(state) TERM=xterm-256color "
            + "NO_COLOR=1 LANG=C.UTF-8 INPUTRC=/dev/null \(bin) repl"
        let s = try TmuxSession(command: command, width: 120, height: 40)
        sessions.append(s)
        try s.wait(for: ">>> ", timeout: 30)
        return (s, state)
    }

    private func key(_ s: TmuxSession, _ k: String) throws {
        try s.key(k)
    }

    func testMultiLineBlockUsesContinuationPrompt() throws {
        let (s, _) = try start()
        try s.send("for i in range(3):")
        try s.wait(for: "... ")
        try s.send("    print(i * 10)")
        try s.send("")
        let screen = try s.wait(for: ">>> ", count: 2)
        XCTAssertTrue(screen.contains(">>> for i in range(3):\n...     print(i * 10)\n... \n0\n10\n20\n>>> "), screen)
    }

    func testTabCompletesAttributesAndCommands() throws {
        let (s, _) = try start()
        try s.send("x = torch.zeros(2, requires_grad=True)")
        try s.wait(for: ">>> ", count: 2)
        try s.send("x.gra", enter: false)
        try key(s, "Tab")
        try s.wait(for: ">>> x.grad")
        try s.send("")  // x.grad is None: nothing echoed
        try s.wait(for: ">>> ", count: 3)
        try s.send(":sh", enter: false)
        try key(s, "Tab")
        try s.wait(for: ">>> :show")
        try s.send("x")  // Tab added the space after the command: the line is ":show x"
        try s.wait(for: "x: shape [2]")
        try s.send("1 + 1")
        try s.wait(for: "\n2\n")
    }

    func testHistoryIsKeptAcrossSessions() throws {
        let (s1, state) = try start()
        try s1.send("answer = 41 + 1")
        try s1.wait(for: ">>> ", count: 2)
        try s1.send(":quit")
        // The first session's process ends; a second one with the same state folder sees the line.
        let historyFile = state + "/gradstep/history"
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: historyFile) && Date() < deadline { usleep(50_000) }
        let saved = try String(contentsOfFile: historyFile, encoding: .utf8)
        XCTAssertTrue(saved.contains("answer = 41 + 1"), saved)

        let (s2, _) = try start(stateDir: state)
        try key(s2, "Up")  // :quit
        try key(s2, "Up")  // answer = 41 + 1
        try s2.wait(for: ">>> answer = 41 + 1")
        try key(s2, "Enter")
        try key(s2, "C-l")
        try s2.send("answer")
        try s2.wait(for: "\n42\n")
    }

    func testCtrlCClearsTheLineAndInterruptsALongLoop() throws {
        let (s, _) = try start()
        try s.send("kept = 7")
        try s.wait(for: ">>> ", count: 2)
        // At the prompt: the typed text is dropped.
        try s.send("this is not run", enter: false)
        try key(s, "C-c")
        try s.wait(for: ">>> ", count: 3)
        // During a command: the loop stops, variables stay.
        try s.send("n = 0")
        try s.send("while True:")
        try s.send("    n = n + 1")
        try s.send("")
        usleep(700_000)
        try key(s, "C-c")
        let screen = try s.wait(for: "KeyboardInterrupt", timeout: 20)
        XCTAssertFalse(screen.contains("this is not run\n"), screen)
        try s.send("kept * 6")
        try s.wait(for: "\n42\n")
        try s.send("n > 0")
        try s.wait(for: "\nTrue\n")
        try s.send(":quit")
    }

    /// Ctrl-C (a real SIGINT from the terminal) during `fit`. This used to abort gradstep now and
    /// then with glibc heap corruption, because the signal was handled on the main thread inside
    /// oneDNN's GEMM (see Gemm.swift and EngineTests' SignalSafetyTests); it must print where
    /// training stopped and keep the REPL.
    func testCtrlCStopsFitAtABatchBoundary() throws {
        try CLI.requireFashionMNIST(at: CLI.defaultDataRoot)  // the REPL runs under env -i
        let (s, _) = try start()
        try s.send(
            "model = nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), nn.Flatten(), nn.Linear(4608, 10)); "
                + "optimizer = optim.SGD(model.parameters(), lr=0.05); train_loader = DataLoader(Subset("
                + "datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), range(5000)), batch_size=50)")
        try s.wait(for: ">>> ", count: 2)
        try s.send("h = fit(model, optimizer, train_loader, epochs=500)")
        try s.wait(for: "epoch 2/500")
        try key(s, "C-c")
        let screen = try s.wait(for: "the model and optimizer hold the state after that", timeout: 30)
        XCTAssertTrue(screen.contains("Interrupted in epoch "), screen)
        try s.send("1 + 1")
        try s.wait(for: "\n2\n")
    }

    /// The same with a model defined as a class (the slides' way): Ctrl-C arrives while the user's
    /// `forward` runs, and must still end at the batch's end, not with a KeyboardInterrupt traceback.
    func testCtrlCStopsFitOfAUserModelAtABatchBoundary() throws {
        try CLI.requireFashionMNIST(at: CLI.defaultDataRoot)  // the REPL runs under env -i
        let (s, _) = try start()
        try s.send("class Net(nn.Module):")
        try s.send("    def __init__(self):")
        try s.send("        super(Net, self).__init__()")
        try s.send("        self.conv1 = nn.Conv2d(1, 8, kernel_size=5)")
        try s.send("        self.fc1 = nn.Linear(1152, 10)")
        try s.send("    def forward(self, x):")
        try s.send("        x = F.relu(F.max_pool2d(self.conv1(x), 2))")
        try s.send("        return self.fc1(x.view(-1, 1152))")
        try s.send("")
        try s.send(
            "network = Net(); optimizer = optim.SGD(network.parameters(), lr=0.05); train_loader = DataLoader(Subset("
                + "datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), range(5000)), batch_size=50)")
        try s.wait(for: ">>> ", count: 3)
        try s.send("h = fit(network, optimizer, train_loader, epochs=500)")
        try s.wait(for: "epoch 2/500")
        try key(s, "C-c")
        let screen = try s.wait(for: "the model and optimizer hold the state after that", timeout: 30)
        XCTAssertTrue(screen.contains("Interrupted in epoch "), screen)
        XCTAssertFalse(screen.contains("KeyboardInterrupt"), screen)
        try s.send("h.interrupted")
        try s.wait(for: "\nTrue\n")
    }
}
