// `gradstep check [LESSON...]`: replays lessons (default: every lesson) and checks every block's
// output, ending with the line `N passed, N failed` (lessons). Exit 1 when any lesson failed.
// With --unfilled-exercises (the test suite's check uses it), a lesson with exercises also fails when
// an exercise's starting code, blanks and all, passes its own checks (Replay.exercisesPassingUnfilled):
// an exercise must leave something to solve. It costs one replay up to each exercise, so it is not
// the default.
// Ctrl-C (SIGINT) stops it with the summary of the lessons checked so far, the one interrupted and
// the ones not reached, and exit status 130 (a CI job killed by SIGINT still says what ran).
import ArgumentParser
import CSignals
import Foundation
import GradLessons
import Synchronization

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay lessons and check every output (default: every lesson); ends with 'N passed, N failed'.")

    @Argument(help: "Lessons to check: numbers, names or paths (default: every lesson).")
    var lessons: [String] = []

    @Flag(name: .long, help: "Show how long each lesson took.")
    var timings = false

    @Flag(
        name: .long,
        help: "Also run each exercise's starting code, blanks and all, and fail when it passes its checks (slower).")
    var unfilledExercises = false

    func run() throws {
        var paths: [String] = []
        do {
            paths = lessons.isEmpty ? try LessonLibrary.all() : try lessons.map { try LessonLibrary.resolve($0) }
        } catch let e as LessonError {
            printError(e.message)
            throw ExitCode(exitLessonError)
        }
        if paths.isEmpty {
            printError("no lessons found in \((try? LessonLibrary.directory()) ?? "lessons")")
            throw ExitCode(exitLessonError)
        }
        var passed = 0, failed = 0
        let tally = CheckTally(total: paths.count)
        tally.watchForInterrupt()
        var options = ReplayOptions()
        options.quiet = true
        options.progressBars = false
        for path in paths {
            tally.update { $0.current = path }
            let lesson: Lesson
            do {
                lesson = try LessonParser.load(path: path)
            } catch {
                say("\(error)")
                say("FAIL \(path)")
                failed += 1
                tally.update { $0.failed += 1 }
                continue
            }
            var s = Replay.run(lesson, options: options)
            if s.ok, unfilledExercises {
                let unfilled = Replay.exercisesPassingUnfilled(lesson, options: options)
                for report in unfilled { say(report) }
                s.failed += unfilled.count
            }
            let time = timings ? String(format: ", %.1f s", s.seconds) : ""
            // Counted and reported under the lock, so Ctrl-C's summary never counts a lesson twice.
            tally.update {
                if s.ok {
                    passed += 1
                    $0.passed += 1
                    say("PASS \(path) (\(lesson.blocks.count) blocks\(time))")
                } else {
                    failed += 1
                    $0.failed += 1
                    say("FAIL \(path) (\(lesson.blocks.count) blocks\(time))")
                }
                $0.current = nil
            }
        }
        say("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// What `check` has done so far, for the summary Ctrl-C prints.
final class CheckTally: Sendable {
    struct State {
        var passed = 0, failed = 0
        /// The lesson being checked (nil between lessons).
        var current: String?
    }
    let total: Int
    private let state = Mutex(State())

    init(total: Int) { self.total = total }

    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }

    /// `2 passed, 0 failed, 1 interrupted, 3 not checked`.
    static func interruptedSummary(_ s: State, total: Int) -> String {
        let interrupted = s.current == nil ? 0 : 1
        let notChecked = max(0, total - s.passed - s.failed - interrupted)
        return "\(s.passed) passed, \(s.failed) failed, \(interrupted) interrupted, \(notChecked) not checked"
    }

    /// On Ctrl-C (SIGINT): prints what ran and exits 130 at once. The handler only posts a
    /// semaphore (CSignals); this thread, which only waits, does the printing.
    func watchForInterrupt() {
        gs_signals_install()
        let thread = Thread { [self] in
            guard gs_sigint_wait() == 0 else { return }
            // Holding the lock: the main thread cannot report a lesson between this line and the exit.
            state.withLock { s in
                var text = "\nKeyboardInterrupt"
                if let path = s.current { text += " while checking \(path)" }
                say(text)
                say(CheckTally.interruptedSummary(s, total: total))
                _exit(130)
            }
        }
        thread.stackSize = 1 << 16
        thread.start()
    }
}
