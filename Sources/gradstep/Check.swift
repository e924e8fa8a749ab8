// `gradstep check [LESSON...]`: replays lessons (default: every lesson) and checks every block's
// output, ending with the line `N passed, N failed` (lessons). Exit 1 when any lesson failed.
// A lesson with exercises also fails when an exercise's starting code, blanks and all, passes its
// own checks (Replay.exercisesPassingUnfilled): an exercise must leave something to solve.
import ArgumentParser
import Foundation
import GradLessons

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay lessons and check every output (default: every lesson); ends with 'N passed, N failed'.")

    @Argument(help: "Lessons to check: numbers, names or paths (default: every lesson).")
    var lessons: [String] = []

    @Flag(name: .long, help: "Show how long each lesson took.")
    var timings = false

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
        var options = ReplayOptions()
        options.quiet = true
        options.progressBars = false
        for path in paths {
            let lesson: Lesson
            do {
                lesson = try LessonParser.load(path: path)
            } catch {
                say("\(error)")
                say("FAIL \(path)")
                failed += 1
                continue
            }
            var s = Replay.run(lesson, options: options)
            if s.ok {
                let unfilled = Replay.exercisesPassingUnfilled(lesson, options: options)
                for report in unfilled { say(report) }
                s.failed += unfilled.count
            }
            let time = timings ? String(format: ", %.1f s", s.seconds) : ""
            if s.ok {
                passed += 1
                say("PASS \(path) (\(lesson.blocks.count) blocks\(time))")
            } else {
                failed += 1
                say("FAIL \(path) (\(lesson.blocks.count) blocks\(time))")
            }
        }
        say("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
