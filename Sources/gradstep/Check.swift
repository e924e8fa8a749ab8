import ArgumentParser

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "(not yet implemented)")
    func run() throws { throw ValidationError("'check' is not implemented yet") }
}
