// Support.swift: small helpers the lesson commands share: loading a lesson with a clear message,
// and exiting with a status after printing to standard error.
import ArgumentParser
import Foundation
import GradLessons

/// Exit status when a lesson cannot be found, read or parsed (a block failing exits 1).
let exitLessonError: Int32 = 2

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("gradstep: " + message + "\n").utf8))
}

/// Resolves and parses the lesson `name`; on failure prints the message and exits 2.
func loadLesson(_ name: String) throws -> Lesson {
    do {
        return try LessonParser.load(path: try LessonLibrary.resolve(name))
    } catch let e as LessonError {
        printError(e.message)
        throw ExitCode(exitLessonError)
    }
}

/// Writes a line to standard output unbuffered, so it interleaves in order with the lesson
/// transcript (written unbuffered by GradLessons.Replay).
func say(_ text: String = "") {
    Replay.stdoutWrite(text + "\n")
}
