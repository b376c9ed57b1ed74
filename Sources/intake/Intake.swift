import ArgumentParser

/// `intake`: walks a first responder through the initial response to a report of under-18s taking or
/// sharing nude or semi-nude images.
@main
struct Intake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Guided initial response to reports of under-18s taking or sharing nude or semi-nude images.",
        discussion: "With no subcommand, starts an interview on the bundled initial-response flow. See docs/cli.md.",
        subcommands: [Run.self, Resume.self, Discard.self, Assess.self, Verify.self, Review.self, Keys.self, Flows.self, DemoCommand.self],
        defaultSubcommand: Run.self
    )
}
