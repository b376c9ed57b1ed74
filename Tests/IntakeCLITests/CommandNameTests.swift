import ArgumentParser
import XCTest
@testable import intake

/// Every command names itself. Without a name, the argument parser makes one from the type's name
/// at start-up through reflection, which searched every protocol conformance in the binary once per
/// command: a millisecond and more before the first screen (issue 20).
final class CommandNameTests: XCTestCase {
    func testEveryCommandHasAnExplicitName() {
        var unnamed: [String] = []
        var seen = 0
        func walk(_ command: ParsableCommand.Type, _ path: String) {
            seen += 1
            let name = command.configuration.commandName
            if name == nil { unnamed.append("\(path) > \(command)") }
            for sub in command.configuration.subcommands { walk(sub, "\(path) \(name ?? "?")") }
        }
        walk(Intake.self, "")
        XCTAssertEqual(unnamed, [], "give each of these a commandName in its CommandConfiguration")
        XCTAssertGreaterThan(seen, 20, "the walk reached the subcommands")
    }
}
