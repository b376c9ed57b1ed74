import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords
import IntakeTerminal

/// `intake show`: one record whole, as the summary after signing points to (issue 35, item 5).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a record whole: through $PAGER at a terminal, else printed (intake verify checks it).")

    @Argument(help: "A record id (as intake records lists it) or a record file.") var record: String
    @Flag(help: "Print it even at a terminal, without the pager.") var plain = false

    func run() throws {
        guard let path = Locations.fromEnvironment().recordFile(try StoreHelper.recordFile(record)),
              let data = FileManager.default.contents(atPath: path) else {
            throw StoreHelper.fail("no record \(Visible.line(record)) here: give its file, or an id from intake records")
        }
        let text = String(decoding: data, as: UTF8.self)
        if plain || !Pager.show(Visible.text(text), environment: Environment.variables, plain: FrontChoice.prefersPlain()) {
            print(text, terminator: "")
        }
    }
}
