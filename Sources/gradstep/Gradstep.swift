// gradstep: the command-line entry point. Each subcommand lives in its own file.
import ArgumentParser

@main
struct Gradstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradstep",
        abstract: "Learn deep learning from the terminal: lessons whose every formula runs.",
        subcommands: [Learn.self, Run.self, Check.self, Repl.self, List.self, Export.self, Bench.self]
    )
}
