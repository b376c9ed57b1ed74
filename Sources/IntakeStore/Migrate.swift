import Foundation
import PostgresNIO

extension StoreConnection {
    /// Applies every migration not yet recorded, each in its own transaction, under an advisory lock
    /// so two `intake store init` at once apply each once. Returns the versions applied now.
    package func migrate() async throws(StoreError) -> [Int] {
        try await script("""
            SELECT pg_advisory_lock(hashtext('intake store migrations'));
            CREATE SCHEMA IF NOT EXISTS intake;
            CREATE TABLE IF NOT EXISTS intake.migrations (
                version integer PRIMARY KEY, name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(), applied_by name NOT NULL DEFAULT session_user);
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'intake_officer') THEN CREATE ROLE intake_officer NOLOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'intake_supervisor') THEN CREATE ROLE intake_supervisor NOLOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'intake_panel') THEN CREATE ROLE intake_panel NOLOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'intake_admin') THEN CREATE ROLE intake_admin NOLOGIN; END IF;
            END $$;
            """)
        var applied: [Int] = []
        do {
            var done = Set<Int>()
            for row in try await rows("SELECT version FROM intake.migrations") { done.insert(try decode(row, Int.self)) }
            for migration in Migrations.all where !done.contains(migration.version) {
                let name = migration.name.replacingOccurrences(of: "'", with: "''")
                try await script("BEGIN;\n" + migration.sql + "\nINSERT INTO intake.migrations (version, name) VALUES (\(migration.version), '\(name)');\nCOMMIT;")
                applied.append(migration.version)
            }
        } catch {
            try? await script("ROLLBACK; SELECT pg_advisory_unlock_all();")
            throw StoreError.from(error)
        }
        try await script("SELECT pg_advisory_unlock(hashtext('intake store migrations'));")
        return applied
    }

    /// The versions recorded in the database, or [] before `intake store init`.
    package func appliedMigrations() async throws(StoreError) -> [Int] {
        let exists = try await rows("SELECT to_regclass('intake.migrations') IS NOT NULL")
        guard let first = exists.first, try decode(first, Bool.self) else { return [] }
        return try each(try await rows("SELECT version FROM intake.migrations ORDER BY version")) { row throws(StoreError) in try decode(row, Int.self) }
    }

    /// Maps database user `dbUser` to signing principal `principal`, in `team`, with `role`, and
    /// grants the matching database role. Run by the store's owner.
    package func addMember(dbUser: String, principal: String, team: String, role: String) async throws(StoreError) {
        guard ["officer", "supervisor", "panel", "admin"].contains(role) else {
            throw .address("the role must be officer, supervisor, panel or admin, not \(role)")
        }
        _ = try await rows("""
            INSERT INTO intake.members (db_user, principal, team, role) VALUES (\(dbUser), \(principal), \(team), \(role))
            ON CONFLICT (db_user) DO UPDATE SET principal = EXCLUDED.principal, team = EXCLUDED.team, role = EXCLUDED.role
            """)
        do {
            // A role name cannot be bound; quote_ident makes the user name safe to splice.
            let quoted = try await rows("SELECT quote_ident(\(dbUser))")
            guard let row = quoted.first else { return }
            let ident = try decode(row, String.self)
            try await script("GRANT intake_\(role) TO \(ident)")
        }
    }
}
