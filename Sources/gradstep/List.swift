// `gradstep list`: every lesson with its title, the learner's progress and the exercises solved.
import ArgumentParser
import Foundation
import GradLessons

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the lessons with your progress in each.")

    func run() throws {
        let paths: [String]
        do { paths = try LessonLibrary.all() } catch let e as LessonError {
            printError(e.message)
            throw ExitCode(exitLessonError)
        }
        let progress = ProgressStore()
        var rows: [(String, String, String)] = []
        for path in paths {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let lesson = try? LessonParser.load(path: path) else {
                rows.append((name, "(cannot be read: run 'gradstep check \(name)')", ""))
                continue
            }
            let done = min(progress.done(name), lesson.blocks.count)
            var state =
                done == 0
                ? "not started" : done >= lesson.blocks.count ? "done" : "\(done)/\(lesson.blocks.count) blocks"
            if !lesson.exercises.isEmpty {
                let solved = progress.solvedExercises(name).filter { $0 <= lesson.exercises.count }.count
                state += ", \(solved) of \(lesson.exercises.count) exercises solved"
            }
            rows.append((name, lesson.title, state))
        }
        let w0 = rows.map { $0.0.count }.max() ?? 0, w1 = rows.map { $0.1.count }.max() ?? 0
        for r in rows {
            print(
                r.0.padding(toLength: w0, withPad: " ", startingAt: 0) + "  "
                    + r.1.padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + r.2)
        }
        print("\nStart or resume with: gradstep learn NAME (or its number)")
    }
}
