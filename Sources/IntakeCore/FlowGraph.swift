extension Flow {
    /// For each screen, the most screens any path from it can still show, itself and the end included.
    /// The validator guarantees the graph has no loops, so this is a longest path in a DAG.
    /// `skipping` are screens that are passed over, not asked (answers given from the signing key):
    /// they do not count as steps.
    package func longestPathToEnd(skipping: Set<String> = []) -> [String: Int] {
        var longest: [String: Int] = [:]
        // Iterative post-order: a deep generated flow must not exhaust the stack. A screen is worked
        // out only after every screen it leads to; `inPath` holds the screens on the current path,
        // so a screen pushed by two parents is simply done once (marking screens when pushed, as
        // before, skipped a target another parent had pushed and undercounted the path).
        for root in screens.map(\.id) where longest[root] == nil {
            var stack: [(id: String, expanded: Bool)] = [(root, false)]
            var inPath: Set<String> = []
            while let (id, expanded) = stack.popLast() {
                let targets = (screen(id)?.targets ?? []).filter { screen($0) != nil }
                if expanded {
                    longest[id] = (skipping.contains(id) ? 0 : 1) + (targets.compactMap { longest[$0] }.max() ?? 0)
                    inPath.remove(id)
                    continue
                }
                if longest[id] != nil || inPath.contains(id) { continue }
                inPath.insert(id)
                stack.append((id, true))
                for target in targets where longest[target] == nil && !inPath.contains(target) {
                    stack.append((target, false))
                }
            }
        }
        return longest
    }
}
