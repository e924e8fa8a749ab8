import ArgumentParser

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "learn", abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("'learn' is not implemented yet") }
}
