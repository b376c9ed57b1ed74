extension Flow {
    /// For each screen, the most screens any path from it can still show, itself and the end included.
    /// The validator guarantees the graph has no loops, so this is a longest path in a DAG.
    /// `skipping` are screens that are passed over, not asked (answers given from the signing key):
    /// they do not count as steps.
    package func longestPathToEnd(skipping: Set<String> = []) -> [String: Int] {
        // Worked on positions, not ids: looking each screen up by id copied the whole screen, and
        // this runs before every interview's first screen.
        // The stored properties read in place: a screen copied whole, as `targets` on an element
        // does, costs its twenty-odd fields' retains.
        let targets: [[Int]] = screens.indices.map { at in
            screens[at].branches.compactMap { position(of: $0.target) } + (screens[at].next.flatMap { position(of: $0) }.map { [$0] } ?? [])
        }
        var longest = [Int?](repeating: nil, count: screens.count)
        // Iterative post-order: a deep generated flow must not exhaust the stack. A screen is worked
        // out only after every screen it leads to; `inPath` marks the screens on the current path,
        // so a screen pushed by two parents is simply done once (marking screens when pushed, as
        // before, skipped a target another parent had pushed and undercounted the path). Each mark
        // is cleared when its screen is done, so one array serves every root.
        var inPath = [Bool](repeating: false, count: screens.count)
        for root in screens.indices where longest[root] == nil && position(of: screens[root].id) == root {
            var stack: [(at: Int, expanded: Bool)] = [(root, false)]
            while let (at, expanded) = stack.popLast() {
                if expanded {
                    longest[at] = (skipping.contains(screens[at].id) ? 0 : 1) + (targets[at].compactMap { longest[$0] }.max() ?? 0)
                    inPath[at] = false
                    continue
                }
                if longest[at] != nil || inPath[at] { continue }
                inPath[at] = true
                stack.append((at, true))
                for target in targets[at] where longest[target] == nil && !inPath[target] {
                    stack.append((target, false))
                }
            }
        }
        var byId: [String: Int] = [:]
        byId.reserveCapacity(screens.count)
        for at in screens.indices where position(of: screens[at].id) == at { byId[screens[at].id] = longest[at] }
        return byId
    }
}
