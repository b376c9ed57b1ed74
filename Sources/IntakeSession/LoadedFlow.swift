import Crypto
import IntakeRecords
import Foundation
import IntakeCore

/// A flow and the exact bytes it was made from, read once. The hash a record cites is of these
/// bytes: re-reading the file at the end let a record cite a file edited mid-interview.
public struct LoadedFlow: Sendable {
    /// The flow.
    public let flow: Flow
    /// The file's bytes as read.
    public let bytes: Data
    /// SHA-256 of `bytes`, in hex.
    public let sha256: String
    /// Where it was read from.
    public let path: String

    /// Reads `path` once and loads the flow from those bytes.
    public static func read(path: String) throws(FlowError) -> LoadedFlow {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "cannot read the flow file",
                                        hint: "check the path and that the file is readable")])
        }
        return try LoadedFlow(bytes: data, path: path)
    }

    /// Loads the flow from `bytes`; `path` names it in diagnostics.
    public init(bytes: Data, path: String) throws(FlowError) {
        flow = try FlowLoader.load(data: bytes, file: path)
        self.bytes = bytes
        self.path = path
        sha256 = Self.hash(bytes)
    }

    static func hash(_ data: Data) -> String { sha256Hex(data) }
}
