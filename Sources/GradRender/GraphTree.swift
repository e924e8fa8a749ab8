// GraphTree: prints the computation graph behind a tensor as a Unicode tree (`:graph y`).
//
//   mean [] ‖grad‖ 1
//   └── mul [3] ‖grad‖ 0.5774
//       ├── x (leaf) [3] ‖grad‖ 1.155
//       └── w (leaf) [3] ‖grad‖ 0.5774
//
// One line per node: the op name (a leaf shows its label or "leaf"), the shape, and the norm of
// the gradient that flowed through the node in the last backward, when there was one. A node
// used twice (e.g. `x * x`) is printed once in full and then as "↑ #n" references.
// Printing is iterative, so a chain of 100,000 ops cannot overflow the stack; output is cut at
// `maxLines` with a count of what was left out.
//
// Non-goals: graphviz output, layout of wide DAGs beyond tree + references.

import GradEngine

public enum GraphTree {
    /// The tree for `root` as text (no trailing newline).
    public static func render(_ root: GraphNode, maxLines: Int = 200) -> String {
        // Count how often each node is reached, to number only shared nodes.
        var uses: [Int: Int] = [:]
        var seen = Set<Int>()
        var pending = [root]
        while let n = pending.popLast() {
            uses[n.id, default: 0] += 1
            if seen.insert(n.id).inserted { pending.append(contentsOf: n.children) }
        }
        var number: [Int: Int] = [:]
        var printed = Set<Int>()
        var lines: [String] = []
        var skipped = 0

        // Stack entries: node, prefix for its children, the connector before it.
        var stack: [(node: GraphNode, lead: String, childPrefix: String)] = [(root, "", "")]
        while let (node, lead, childPrefix) = stack.popLast() {
            if lines.count >= maxLines {
                skipped += 1
                continue
            }
            let shared = (uses[node.id] ?? 0) > 1
            if printed.contains(node.id) {
                lines.append(lead + "↑ #\(number[node.id] ?? 0) " + node.op + " (shown above)")
                continue
            }
            printed.insert(node.id)
            var tag = ""
            if shared {
                let k = number.count + 1
                number[node.id] = k
                tag = "#\(k) "
            }
            lines.append(lead + tag + describe(node))
            let kids = node.children
            for (i, child) in kids.enumerated().reversed() {
                let last = i == kids.count - 1
                stack.append((child, childPrefix + (last ? "└── " : "├── "), childPrefix + (last ? "    " : "│   ")))
            }
        }
        if skipped > 0 { lines.append("… \(skipped) more nodes not shown") }
        return lines.joined(separator: "\n")
    }

    /// "op [shape] ‖grad‖ v" for one node.
    static func describe(_ n: GraphNode) -> String {
        let isLeaf = n.children.isEmpty
        var s = n.op
        if isLeaf && n.op != "leaf" { s += " (leaf)" }
        s += " " + shapeText(n.shape)
        if let g = n.gradNorm {
            s += " ‖grad‖ " + Heatmap.short(g)
        } else if isLeaf && !n.requiresGrad {
            s += " (no grad)"
        }
        return s
    }
}
