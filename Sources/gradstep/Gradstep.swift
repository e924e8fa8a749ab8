// gradstep: the command-line entry point. Each subcommand lives in its own file.
import ArgumentParser
import Foundation

@main
struct Gradstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradstep",
        abstract: "Learn deep learning from the terminal: lessons whose every formula runs.",
        subcommands: [Learn.self, Run.self, Check.self, Repl.self, List.self, Export.self, Bench.self]
    )

    /// As Python does at start-up, a write past the file-size limit (`ulimit -f`) is an error of
    /// that write (EFBIG: the save fails and says so), not SIGXFSZ ending the process.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
