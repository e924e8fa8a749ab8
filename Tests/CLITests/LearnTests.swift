// LearnTests: `gradstep learn` driven through a real pseudo-terminal (tmux): Enter runs blocks, h
// shows a hint, b goes back with the state restored by replay, p opens the REPL with the lesson's
// variables and :continue returns, q quits and saves progress, and the next `learn` resumes.
import Foundation
import XCTest

final class LearnTests: XCTestCase {
    let lesson = """
        # Steps

        Intro prose with $x_1$.

        ```python gradstep
        a = 1
        print("a is", a)
        ```
        ```output
        a is 1
        ```

        Middle prose.

        > **Hint:** think of adding ten.

        ```python gradstep
        a = a + 10
        print("a is", a)
        ```

        ```python gradstep
        print("done", a)
        ```

        Closing prose.
        """

    var dir = ""
    var state = ""

    override func setUpWithError() throws {
        dir = CLI.tempDir("learn")
        state = CLI.tempDir("learnstate")
        try lesson.write(toFile: dir + "/01-steps.md", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: state)
    }

    func session() throws -> TmuxSession {
        let bin = try CLI.binary()
        let cmd =
            "cd \(dir) && env XDG_STATE_HOME=\(state) GRADSTEP_LESSONS=\(dir) NO_COLOR=1 TERM=xterm \(bin) learn 1; "
            + "echo EXITED-$?; sleep 30"
        return try TmuxSession(command: cmd)
    }

    func testEnterHintBackREPLAndEnd() throws {
        let t = try session()
        defer { t.close() }
        var s = try t.wait(for: "[1/3] >")
        XCTAssertTrue(s.contains("STEPS"), s)
        XCTAssertTrue(s.contains("Intro prose with x₁."), s)
        XCTAssertFalse(s.contains("think of adding ten"), "hints stay hidden until asked:\n\(s)")

        try t.send("")  // Enter: run block 1
        s = try t.wait(for: "[2/3] >")
        XCTAssertTrue(s.contains("a is 1"), s)
        XCTAssertTrue(s.contains("Middle prose."), s)

        try t.send("h")
        try t.wait(for: "think of adding ten")

        try t.send("")  // block 2: a = 11
        try t.wait(for: "a is 11")
        try t.wait(for: "[3/3] >")

        try t.send("b")  // back: replay block 1 only, show block 2 again
        let back = "(state restored: replayed blocks 1...1)"
        try t.wait(for: "[2/3] >", after: back)
        try t.send("")  // a is 11 again (21 if the state were not restored)
        s = try t.wait(for: "[3/3] >", after: back)
        XCTAssertTrue(s.contains("a is 11"), s)
        XCTAssertFalse(s.contains("a is 21"), s)

        try t.send("p")  // the REPL, with the lesson's variables
        try t.wait(for: ":continue comes back")
        try t.send("print(\"repl sees\", a)")
        try t.wait(for: "repl sees 11")
        try t.send(":help")  // the REPL's commands, then :continue under them
        s = try t.wait(for: ":continue (:c)   go back to the lesson")
        XCTAssertTrue(s.contains(":vars"), s)
        try t.send("a = 100")
        try t.send(":continue")
        try t.wait(for: "Back in Steps.")
        try t.send("")  // block 3 sees what the REPL set
        s = try t.wait(for: "End of Steps.")
        XCTAssertTrue(s.contains("done 100"), s)
        XCTAssertTrue(s.contains("Closing prose."), s)
        try t.wait(for: "EXITED-0")
        let progress = try String(contentsOfFile: state + "/gradstep/progress", encoding: .utf8)
        XCTAssertEqual(progress, "01-steps\t3\t3\n")
    }

    func testQuitSavesProgressAndLearnResumes() throws {
        let t = try session()
        defer { t.close() }
        try t.wait(for: "[1/3] >")
        try t.send("")
        try t.wait(for: "[2/3] >")
        try t.send("q")
        try t.wait(for: "Progress saved: block 2 of 3 next.")
        try t.wait(for: "EXITED-0")
        XCTAssertEqual(try String(contentsOfFile: state + "/gradstep/progress", encoding: .utf8), "01-steps\t1\t3\n")

        let again = try session()
        defer { again.close() }
        try again.wait(for: "Resuming Steps at block 2 of 3 (replaying 1 block)...")
        try again.wait(for: "[2/3] >")
        try again.send("")  // a was restored to 1 by the replay: 1 + 10
        try again.wait(for: "a is 11")
        try again.send("q")
        try again.wait(for: "EXITED-0")
    }

    /// An exercise through a real terminal: the answer written at the REPL, wrong first (the
    /// lesson's assertion says what is wrong), then right; `gradstep list` then counts it solved.
    func testAnExerciseWrongAnswerFirstThenRight() throws {
        try """
        # Ex

        ```python gradstep
        x = 3
        ```

        ## Exercise: double it

        ```python gradstep exercise
        y = ...
        ```

        > **Hint:** multiply by 2.

        <details><summary>Solution</summary>

        ```python gradstep solution
        y = 2 * x
        ```

        </details>

        ```python gradstep checks
        assert y == 2 * x, f"y is {y}, it should be twice x"
        ```

        Well done.

        ```python gradstep
        print("y is", y)
        ```
        """.write(toFile: dir + "/01-steps.md", atomically: true, encoding: .utf8)
        let t = try session()
        defer { t.close() }
        try t.wait(for: "[1/5] >")
        try t.send("")
        var s = try t.wait(for: "[2/5] exercise >")
        XCTAssertTrue(s.contains("✎ Exercise: double it"), s)
        XCTAssertTrue(s.contains(">>> y = ..."), s)
        XCTAssertFalse(s.contains("2 * x"), "the solution is hidden:\n\(s)")
        try t.send("h")
        try t.wait(for: "multiply by 2.")
        try t.send("p")
        try t.wait(for: ":check checks your answer")
        try t.send("y = x + 1")
        try t.send(":check")
        try t.wait(for: "Not yet: y is 4, it should be twice x.")
        try t.send("p")
        try t.send("y = 2 * x")
        try t.send(":check")
        s = try t.wait(for: "[5/5] >")
        XCTAssertTrue(s.contains("✓ Solved: Exercise: double it."), s)
        XCTAssertTrue(s.contains("Well done."), s)
        try t.send("")
        try t.wait(for: "y is 6")
        try t.wait(for: "EXITED-0")
        let list = try CLI.run(["list"], env: ["GRADSTEP_LESSONS": dir, "XDG_STATE_HOME": state])
        XCTAssertTrue(list.stdout.contains("done, 1 of 1 exercises solved"), list.stdout)
    }

    /// Ctrl-C while a block trains: `fit` stops at the end of a batch, the message starts on a line
    /// of its own below the progress bar, and the lesson goes on with the model as it was.
    func testCtrlCStopsTrainingInABlockAndTheLessonGoesOn() throws {
        try CLI.requireFashionMNIST(at: CLI.defaultDataRoot)
        try """
        # Long

        ```python gradstep
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 4608), nn.ReLU(), nn.Linear(4608, 10))
        optimizer = optim.SGD(model.parameters(), lr=0.05)
        train_loader = DataLoader(Subset(datasets.FashionMNIST(train=False, transform=transforms.ToTensor()), \
        range(5000)), batch_size=50)
        h = fit(model, optimizer, train_loader, epochs=500)
        ```

        ```python gradstep
        print("interrupted:", h.interrupted)
        ```
        """.write(toFile: dir + "/01-steps.md", atomically: true, encoding: .utf8)
        let t = try session()
        defer { t.close() }
        try t.wait(for: "[1/2] >")
        try t.send("")
        try t.wait(for: "epoch 2/500")
        try t.key("C-c")
        let s = try t.wait(for: "[2/2] >")
        XCTAssertTrue(s.contains("\nInterrupted in epoch 2 of 500 after batch "), s)
        try t.send("")
        try t.wait(for: "interrupted: True")
        try t.wait(for: "EXITED-0")
    }

    /// Ctrl-C at the lesson's prompt saves progress and leaves with status 130; Ctrl-C in the REPL
    /// opened from the lesson clears the line there (one handler, the CLI's, serves both).
    func testCtrlCAtThePromptSavesAndExits130AndInTheREPLClearsTheLine() throws {
        let t = try session()
        defer { t.close() }
        try t.wait(for: "[1/3] >")
        try t.send("")
        try t.wait(for: "[2/3] >")
        try t.send("p")
        try t.wait(for: "(:vars lists the variables)")
        try t.send("a + 1000", enter: false)
        try t.wait(for: ">>> a + 1000")  // readline has the text (a Ctrl-C before its prompt is not this test's)
        try t.key("C-c")
        try t.wait(for: "a + 1000^C")
        try t.send("print('still', a)")
        try t.wait(for: "still 1")
        try t.send(":continue")
        try t.wait(for: "[2/3] >", after: "Back in Steps.")
        try t.key("C-c")
        let s = try t.wait(for: "EXITED-130")
        XCTAssertTrue(s.contains("Progress saved."), s)
        XCTAssertEqual(try String(contentsOfFile: state + "/gradstep/progress", encoding: .utf8), "01-steps\t1\t3\n")
    }

    func testFailingBlockOffersTheREPLInTheStateBeforeIt() throws {
        try """
        # Oops

        ```python gradstep
        b = 5
        ```

        ```python gradstep
        b = 6
        c = b + undefined_name
        ```
        """.write(toFile: dir + "/01-steps.md", atomically: true, encoding: .utf8)
        let t = try session()
        defer { t.close() }
        try t.wait(for: "[1/2] >")
        try t.send("")
        try t.wait(for: "[2/2] >")
        try t.send("")
        try t.wait(for: "Open the REPL in the state just before this block? [y/N]")
        try t.send("y")
        try t.wait(for: ":continue comes back")
        try t.send("print(\"b is\", b)")  // 5: the state before the failing block
        try t.wait(for: "b is 5")
        try t.send(":continue")
        try t.wait(for: "[2/2] >", after: "Back in Oops.")  // still at the failing block
        try t.send("q")
        try t.wait(for: "EXITED-0")
    }
}
