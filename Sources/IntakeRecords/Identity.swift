import IntakeCore
import FoundationEssentials
import Glibc

/// Who signs: the officer, supervisor or member of school staff a key belongs to.
package struct Identity: Equatable, Sendable {
    /// Whether the number is a police collar number or an organisation's staff number: a record
    /// must not call a teacher's staff number a collar.
    package enum Role: String, Sendable, Equatable {
        /// A police officer or police staff, numbered by collar.
        case officer
        /// Staff of another organisation, such as a school's safeguarding lead.
        case staff
    }

    /// Full name.
    package var name: String
    /// Collar or staff number.
    package var collar: String
    /// Force or organisation.
    package var organisation: String
    /// What the number is.
    package var role: Role

    /// Creates an identity.
    package init(name: String, collar: String, organisation: String, role: Role = .officer) {
        self.name = name
        self.collar = collar
        self.organisation = organisation
        self.role = role
    }

    /// How a record introduces the signer: "Officer" or "Staff member".
    package var title: String { role == .officer ? "Officer" : "Staff member" }

    /// The allowed_signers principal: `collar@organisation-slug`, e.g. `4471@example-constabulary`.
    package var principal: String {
        let slug = organisation.lowercased().unicodeScalars
            .map { $0.isASCIILetterOrDigit ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        let collarSlug = collar.unicodeScalars.map { $0.isASCIILetterOrDigit ? String($0) : "-" }.joined()
        return "\(collarSlug)@\(slug.isEmpty ? "unknown" : slug)"
    }

    /// `Name, collar N, Organisation`, or `Name, staff number N, Organisation`.
    package var description: String {
        "\(Visible.line(name)), \(role == .officer ? "collar" : "staff number") \(Visible.line(collar)), \(Visible.line(organisation))"
    }

    /// The identity file's text. An officer's has no role line, as files made before roles did not.
    package var fileText: String {
        "name: \(Visible.line(name))\ncollar: \(Visible.line(collar))\norganisation: \(Visible.line(organisation))\n"
            + (role == .staff ? "role: staff\n" : "")
    }

    /// Reads an identity file.
    package init?(fileText: String) {
        var values: [String: String] = [:]
        for line in fileText.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            values[String(line[..<colon])] = line[line.index(after: colon)...].trimmedSpaces()
        }
        guard let name = values["name"], let collar = values["collar"], let organisation = values["organisation"] else { return nil }
        guard let role = Role(rawValue: values["role"] ?? "officer") else { return nil }
        self.init(name: name, collar: collar, organisation: organisation, role: role)
    }
}

/// The namespaces signatures are made for. Training records have their own, so a training record can
/// never verify as an operational one.
package enum Namespace {
    /// The officer's signature on an operational record.
    package static let record = "intake-record"
    /// A supervisor's countersignature on an operational record.
    package static let review = "intake-review"
    /// The officer's signature on a training record.
    package static let trainingRecord = "intake-training-record"
    /// A countersignature on a training record.
    package static let trainingReview = "intake-training-review"
    /// Every namespace an intake key signs for.
    package static let all = [record, review, trainingRecord, trainingReview]

    /// What a signature in `namespace` means, or nil for a namespace intake does not use.
    package static func role(_ namespace: String) -> String? {
        switch namespace {
        case record: return "officer"
        case review: return "supervisor review"
        case trainingRecord: return "officer (TRAINING)"
        case trainingReview: return "supervisor review (TRAINING)"
        default: return nil
        }
    }
}

/// Where keys and records live: `$XDG_CONFIG_HOME/intake` and `$XDG_DATA_HOME/intake/records`.
package struct Locations: Sendable {
    /// The configuration folder holding the key, identity and allowed_signers.
    package var config: URL
    /// The records folder.
    package var records: URL

    /// The locations from the environment (XDG variables, else `~/.config` and `~/.local/share`).
    package static func fromEnvironment(_ env: [String: String] = Environment.variables) -> Locations {
        env == Environment.variables ? current : places(env)
    }

    /// The places for this process's environment, worked out once: the environment does not change
    /// while intake runs (`Environment`), and each working-out built five URLs, which
    /// FoundationEssentials parses; a start asked half a dozen times.
    package static let current = places(Environment.variables)

    private static func places(_ env: [String: String]) -> Locations {
        let home = URL(fileURLWithPath: env["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
        let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? home.appendingPathComponent(".config")
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? home.appendingPathComponent(".local/share")
        return Locations(config: config.appendingPathComponent("intake"), records: data.appendingPathComponent("intake/records"))
    }

    /// The signing key: the config file's `key = PATH` (a private key file, or a public key whose
    /// private half ssh-agent holds), else `id_ed25519` in the config folder.
    package var key: URL {
        configValues("key").last.map { URL(fileURLWithPath: Self.expandingTilde($0)) } ?? config.appendingPathComponent("id_ed25519")
    }

    /// The revoked keys file: the config file's `revoked_keys = PATH`, else `revoked_keys` in the
    /// config folder (which need not exist).
    package var revokedKeys: URL {
        configValues("revoked_keys").last.map { URL(fileURLWithPath: Self.expandingTilde($0)) } ?? config.appendingPathComponent("revoked_keys")
    }

    /// The config file (`Config`: the last line for a name wins).
    package var settings: Config { Config.at(config.appendingPathComponent("config")) }

    /// The values of `name = VALUE` lines of the config file, in order.
    package func configValues(_ name: String) -> [String] { settings.values(name) }

    /// The force's shared store (issue 32): `INTAKE_STORE`, else the config file's `store = URL`;
    /// nil when none is set, and intake works on local folders only.
    package func store(_ env: [String: String] = Environment.variables) -> String? {
        if let url = env["INTAKE_STORE"], !url.isEmpty { return url }
        return configValues("store").last
    }

    /// `~/x` as the home folder's `x` (`~user/x` forms are left as written).
    static func expandingTilde(_ path: String, home: String = ProcessInfo.processInfo.environment["HOME"]
                                   ?? FileManager.default.homeDirectoryForCurrentUser.path) -> String {
        path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
    }
    /// The allowed_signers file `verify` uses by default.
    package var allowedSigners: URL { config.appendingPathComponent("allowed_signers") }

    /// The identity file beside a key: a public key file (`id.pub`, for a key in ssh-agent) shares
    /// its private key's (`id.identity`).
    package static func identity(forKey key: URL) -> URL {
        URL(fileURLWithPath: (key.pathExtension == "pub" ? key.deletingPathExtension() : key).path + ".identity")
    }

    /// `$XDG_CACHE_HOME/intake` (default `~/.cache/intake`): what can be rebuilt from the files.
    package static func cache(_ env: [String: String] = Environment.variables) -> URL {
        let home = URL(fileURLWithPath: env["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? home.appendingPathComponent(".cache")
        return base.appendingPathComponent("intake")
    }

    /// The records folders `intake records` lists by default: this records folder, then each
    /// `records = PATH` line of the config file, then each folder in `INTAKE_RECORDS` (separated by
    /// `:`), as a shared folder of a team's records is named. Each folder once.
    package func recordFolders(_ env: [String: String] = Environment.variables) -> [String] {
        var folders = [records.path] + configValues("records")
        folders += (env["INTAKE_RECORDS"] ?? "").split(separator: ":").map(String.init)
        var seen = Set<String>()
        return folders.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// The record `reference` names: a file that exists, else `ID.txt` in the first records folder
    /// holding one (yours, then the config file's and INTAKE_RECORDS'); nil when there is none.
    package func recordFile(_ reference: String) -> String? {
        if FileManager.default.fileExists(atPath: reference) { return reference }
        guard !reference.contains("/"), !reference.isEmpty else { return nil }
        return recordFolders().map { $0 + "/" + reference + ".txt" }.first { FileManager.default.fileExists(atPath: $0) }
    }
}

extension Identity {
    /// The events that give a flow's identity screens their answers from this identity, so the
    /// interview never asks what the signing key already says.
    package func givenEvents(for flow: Flow, at: Date) -> [Event] {
        IdentityField.allCases.compactMap { field in
            guard let id = flow.identity[field] else { return nil }
            let value: String
            switch field {
            case .name: value = name
            case .number: value = collar
            case .organisation: value = organisation
            }
            return .given(id, .text(value), at: at)
        }
    }
}
