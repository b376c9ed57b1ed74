import ArgumentParser
import FoundationEssentials
import IntakeCore
import IntakeRecords

/// `intake records`: what waits for whom, across one or more records folders, every record verified.
extension RecordListing.Format: ExpressibleByArgument {}

struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List records: Outcome 21 state, review, supersession and what is still to establish; every record verified.",
        discussion: """
        Lists the records of the given folders, or by default of this records folder, each `records = PATH` \
        line of $XDG_CONFIG_HOME/intake/config and each folder in INTAKE_RECORDS (separated by :). Every \
        record is verified as intake verify does; one that fails is listed and flagged whatever the filters \
        say, and the exit status is then intake verify's for it (4 bad signature, 5 signer, 6 unreadable, \
        7 damaged in transit). A record whose bytes were verified before (the same SHA-256, against the \
        same allowed signers and revoked keys) is taken from $XDG_CACHE_HOME/intake/records-index; --no-cache \
        reads and verifies every one now. --summary counts each case's latest record by month and Outcome 21 state.
        """)

    typealias Format = RecordListing.Format

    @Argument(help: "Records folders or files (default: see above).", completion: .directory) var folders: [String] = []
    @Flag(help: "Only Outcome 21 proposals no senior officer has reviewed yet, latest of their case.") var awaitingReview = false
    @Flag(help: "Only records whose Outcome 21 is pending, latest of their case.") var undetermined = false
    @Option(help: ArgumentHelp("Only records finished longer ago than this: a number and d, h or w (7d, 36h, 2w).", valueName: "age"))
    var olderThan: Age?
    @Option(help: "Only records by an officer whose name, number, force or principal contains this.") var officer: String?
    @Flag(inversion: .prefixedNo, help: "Only training records (--training) or only operational ones (--no-training).") var training: Bool?
    @Flag(help: "Only records made or reviewed on a flow that is not approved policy (docs/flow-approval.md).") var unapproved = false
    @Option(help: "Output: table (80 columns: id, age, state, next step), wide (every column), json or csv.") var format: Format = .table
    @Flag(help: "The wide table: every column (the same as --format wide).") var wide = false
    @Flag(help: "Count cases by month and Outcome 21 state instead of listing them.") var summary = false
    @Option(help: "allowed_signers file (default: $XDG_CONFIG_HOME/intake/allowed_signers).") var allowedSigners: String?
    @Option(help: "Revoked keys file (default: the config file's revoked_keys = line, else $XDG_CONFIG_HOME/intake/revoked_keys if there is one).") var revokedKeys: String?
    @Flag(help: "Read and verify every record now, ignoring what the listing cache kept of unchanged files.") var noCache = false

    /// A length of time such as `7d`.
    struct Age: ExpressibleByArgument {
        var seconds: TimeInterval
        init?(argument: String) { guard let seconds = RecordListing.Query.age(argument) else { return nil }; self.seconds = seconds }
    }

    func run() throws {
        // With the force's store set, the store is the listing (its filters in SQL); folders named
        // on the command line are still read as folders.
        if folders.isEmpty, StoreHelper.configured {
            try StoreHelper.exec(["records"] + CommandLine.arguments.drop { $0 != "records" }.dropFirst())
        }
        if let refused = RecordListing.missing(folders) { try show(refused) }
        let locations = Locations.fromEnvironment()
        let trust = try TrustFiles.loadOrRefuse(allowedSigners: allowedSigners, revokedKeys: revokedKeys)
        let sources = folders.isEmpty ? locations.recordFolders() : folders
        let index = noCache ? nil : RecordIndex(url: Locations.cache().appendingPathComponent("records-index"), allowedSigners: trust.text)
        var query = RecordListing.Query()
        (query.awaitingReview, query.undetermined, query.olderThan) = (awaitingReview, undetermined, olderThan?.seconds)
        (query.officer, query.training, query.unapproved, query.language) = (officer, training, unapproved, LanguageChoice.resolve(nil))
        let (report, failures) = RecordListing.report(sources, trust: trust, index: index, query: query,
                                                      format: wide && format == .table ? .wide : format, summary: summary)
        Output.show(report)
        if let status = Exit.status(failures) { throw ExitCode(status) }
    }
}
