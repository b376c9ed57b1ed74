import FoundationEssentials
import Glibc

/// Reads translation files: YAML in, a `Translation` out, or a `FlowError` with file:line:column.
///
/// ```yaml
/// translation-of: initial-response
/// language: cy
/// status: draft
/// texts:
///   screens:
///     intro:
///       prompt:
///         english: 1f0c9a2b
///         text: Mae'r cyfweliad hwn…
/// ```
package enum TranslationLoader {
    /// Reads and loads the translation at `path`.
    package static func load(path: String) throws(FlowError) -> Translation {
        let text = try YAMLDocument.text(path: path, what: "the translation file",
                                         hint: "check the path and that the file is readable")
        return try load(text: text, file: path)
    }

    /// Loads a translation from the bytes of a file; `file` names it in diagnostics.
    package static func load(data: Data, file: String) throws(FlowError) -> Translation {
        try load(text: try YAMLDocument.text(data: data, file: file, what: "the translation file"), file: file)
    }

    /// Loads a translation from YAML text; `file` names it in diagnostics.
    package static func load(text: String, file: String) throws(FlowError) -> Translation {
        let root = try YAMLDocument.compose(text, file: file)
        var r = NodeReader(file: file)
        let translation = read(root, &r)
        guard let translation, r.diagnostics.isEmpty else {
            throw FlowError(r.diagnostics.isEmpty ? [Diagnostic(SourceLocation(file: file, line: 1, column: 1), "the translation could not be read")] : r.diagnostics)
        }
        return translation
    }

    static func read(_ root: Node, _ r: inout NodeReader) -> Translation? {
        guard let f = r.fields(root, "a translation file", allowed: ["translation-of", "language", "status", "signed-off-by", "texts"],
                               required: ["translation-of", "language", "status", "texts"]) else { return nil }
        let flow = r.identifier(f["translation-of"], "translation-of", allowHyphen: true)
        var language: Language?
        if let node = f["language"], let code = r.string(node, "language") {
            language = Language(rawValue: code)
            if language == nil || language == .en {
                r.error(node, "'\(code.prefix(20))' is not a language a flow can be translated into",
                        hint: "use one of: " + Language.allCases.filter { $0 != .en }.map(\.rawValue).joined(separator: ", "))
            }
        }
        var status: TranslationStatus?
        if let node = f["status"], let word = r.string(node, "status") {
            status = TranslationStatus(rawValue: word)
            if status == nil { r.error(node, "status must be draft or approved, not '\(word.prefix(20))'") }
        }
        let signedOffBy = f["signed-off-by"].flatMap { r.string($0, "signed-off-by") }
        if status == .approved, signedOffBy == nil, let node = f["status"] {
            r.error(node, "an approved translation names who signed it off",
                    hint: "add 'signed-off-by: NAME, ROLE, FORCE, DATE', or keep status: draft until it is signed off")
        }
        var entries: [String: Translation.Entry] = [:]
        var places: [String: SourceLocation] = [:]
        if let texts = f["texts"] { walk(texts, path: "", at: r.location(f.keyNode("texts")!), &entries, &places, &r) }
        guard let flow, let language, let status else { return nil }
        return Translation(flow: flow, language: language, status: status, signedOffBy: signedOffBy,
                           entries: entries, places: places, file: r.file)
    }

    /// A mapping with `text:` is an entry; any other mapping groups entries under its keys.
    static func walk(_ node: Node, path: String, at place: SourceLocation, _ entries: inout [String: Translation.Entry],
                     _ places: inout [String: SourceLocation], _ r: inout NodeReader) {
        guard case .mapping(let mapping) = node else {
            r.error(node, "\(path.isEmpty ? "texts" : path) must be a mapping: either english: and text:, or keys grouping more texts",
                    hint: "write 'english: HASH' and 'text: …' under it")
            return
        }
        places[path] = place
        if mapping.keys.contains(where: { $0.scalar?.string == "text" || $0.scalar?.string == "english" }) {
            guard let f = r.fields(node, path, allowed: ["english", "text"], required: ["english", "text"]),
                  let hash = r.string(f["english"], "english"), let text = r.string(f["text"], "text") else { return }
            guard hash.count == 8, hash.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                r.error(f["english"]!, "english must be the 8 hex digits of the English text's short hash, not '\(hash.prefix(20))'",
                        hint: "intake flows translate FLOW --lang LANG prints each text with its hash")
                return
            }
            entries[path] = Translation.Entry(text: text, english: hash, location: r.location(f["text"]!))
            return
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string, !name.isEmpty, !name.contains(".") else {
                r.error(key, "keys under texts are ids or numbers, without dots")
                continue
            }
            walk(value, path: path.isEmpty ? name : path + "." + name, at: r.location(key), &entries, &places, &r)
        }
    }
}
