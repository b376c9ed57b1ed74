import ArgumentParser
import IntakeStore

/// `intake store init`: creates or migrates the schema (idempotent).
struct StoreInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or bring up to date the store's schema, roles and row-level security (run by its owner; safe to repeat).")

    @OptionGroup var options: StoreOptions

    func run() async throws {
        let (applied, all) = try await options.using { store throws(StoreError) in (try await store.migrate(), try await store.appliedMigrations()) }
        print(applied.isEmpty ? "The store is up to date (migrations \(all.map(String.init).joined(separator: ", ")))."
                              : "Applied migration\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", ")); the store is up to date.")
    }
}

/// `intake store member add`: maps a database user to a signing principal, team and role.
struct StoreMember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Map a database user to the principal its officer signs with, a team and a role (officer, supervisor, panel, admin).")

    @Argument(help: "add") var verb: String
    @Argument(help: "The database user (a login role the force made).") var dbUser: String
    @Argument(help: "The signing principal, as in allowed_signers.") var principal: String
    @Option(help: "The team: supervisors read their team's records.") var team: String
    @Option(help: "officer, supervisor, panel or admin.") var role: String
    @OptionGroup var options: StoreOptions

    func run() async throws {
        guard verb == "add" else { throw fail("intake store member takes add", code: 1) }
        try await options.using { store throws(StoreError) in try await store.addMember(dbUser: dbUser, principal: principal, team: team, role: role) }
        print("\(dbUser) signs as \(principal), team \(team), role \(role).")
    }
}
