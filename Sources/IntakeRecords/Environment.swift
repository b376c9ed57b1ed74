import Foundation

/// The process's environment, read once. Foundation builds a new dictionary from `environ` on
/// every `ProcessInfo.environment`, and an interview asked for it half a dozen times before its
/// first screen; intake never changes its own environment, so one copy serves.
public enum Environment {
    /// Every variable, as the process started with them.
    public static let variables: [String: String] = ProcessInfo.processInfo.environment
}
