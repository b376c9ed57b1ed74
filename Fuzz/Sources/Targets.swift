import Foundation
import IntakeCore
import IntakeRecords

/// The fuzz targets: each takes arbitrary bytes and must return without crashing, hanging or
/// leaking, whatever the bytes. Errors are the expected outcome for most inputs.
enum Targets {
    static let names = ["expression", "flow", "signature", "record", "journal"]

    static func run(_ name: String, _ data: Data) {
        switch name {
        case "expression": expression(data)
        case "flow": flow(data)
        case "signature": signature(data)
        case "record": record(data)
        case "journal": journal(data)
        default: break
        }
    }

    /// The expression parser and type checker, on text that is not UTF-8 as well.
    static func expression(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard let expr = try? ExpressionParser.parse(text) else { return }
        let env = TypeEnvironment(names: ["adult_involved": .tri, "age": .int, "who": .choice(["school", "parent"])],
                                  questions: ["adult_involved", "age", "who"])
        _ = try? TypeChecker.checkCondition(expr, in: env)
        _ = Evaluator.holds(expr, lookup: { _ in .unknown }, answered: { _ in false })
        _ = ExpressionWords.words(expr)
    }

    /// The whole flow loader: YAML bytes in, a flow or located diagnostics out; a flow that loads is
    /// also checked, drawn and explained.
    static func flow(_ data: Data) {
        guard let flow = try? FlowLoader.load(data: data, file: "fuzz.yaml") else { return }
        if flow.screens.count <= 64 { _ = FlowChecker.check(flow) }
        _ = FlowDiagram.dot(flow)
        _ = FlowBooklet.markdown(flow)
    }

    /// The SSHSIG armor and signature parser, allowed_signers lines (with their options), revoked
    /// keys files and public key lines.
    static func signature(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? SSHSignature(armored: text)
        _ = AllowedSigner.parse(text)
        _ = try? RevokedKeys(parsing: text)
        _ = try? SSHPublicKey(openSSH: text)
    }

    /// The key the record seeds are signed with (a fixed seed): mutated records get past the
    /// signature now and then, so the rules after it (the signer named, times, revocation) are fed too.
    /// Made for each input rather than kept in a global, which LeakSanitizer reports at exit.
    static func verifier() -> RecordVerifier {
        let key = try! SigningKey(seed: Data(repeating: 1, count: 32), comment: "fuzz").publicKey
        return RecordVerifier(
            allowed: AllowedSigner.parse("1@fuzz,!2@* namespaces=\"intake-*\",valid-after=\"20200101Z\" \(key.openSSH)\n"),
            revoked: RevokedKeys(entries: [.init(key: key, from: AllowedSigner.time("20300101Z"), comment: "fuzz")]))
    }

    /// The record splitter, the verifier with every rule, transit damage, and showing the text.
    static func record(_ data: Data) {
        _ = SignedRecord.blocks(in: data)
        _ = verifier().verify(data)
        _ = TransportDamage(data)
        _ = Visible.text(data.prefix(4096))
    }

    /// The journal reader.
    static func journal(_ data: Data) {
        _ = try? JournalReader.parse(data, file: "fuzz.jsonl")
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM gives an executable its own entry point, so libFuzzer's `main` is not used: this one
/// hands over to libFuzzer's driver with the target chosen by INTAKE_FUZZ_TARGET.
@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
            Targets.run(ProcessInfo.processInfo.environment["INTAKE_FUZZ_TARGET"] ?? "", data)
            return 0
        })
    }
}
#else
/// Without libFuzzer: `intake-fuzz TARGET FILE…` runs each file through the target once.
@main
struct Replay {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, Targets.names.contains(name) else {
            FileHandle.standardError.write(Data("usage: intake-fuzz \(Targets.names.joined(separator: "|")) FILE...\n".utf8))
            exit(64)
        }
        for path in args.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            Targets.run(name, data)
        }
        print("replayed \(args.count - 1) input(s) through \(name)")
    }
}
#endif
