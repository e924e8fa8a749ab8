import ArgumentParser

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("'list' is not implemented yet") }
}
