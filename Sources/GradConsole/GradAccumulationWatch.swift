// GradAccumulationWatch: notices when `backward()` adds into gradients that were already there.
//
// Re-running `loss.backward()` without `optimizer.zero_grad()` sums the new gradient into `.grad`,
// as PyTorch does; it is the first thing learners trip over, so the REPL says so, once.
// Before each command the watch remembers, for every tensor reachable from the session's
// variables (tensors and modules' parameters), its `.grad` object and values. After the command,
// a tensor whose `.grad` is the same object with different values had gradients added to old ones
// (zero_grad sets `.grad` to None, so a fresh backward makes a new object and is not flagged).
// Remembering values is free: `[Float]` is copy-on-write, so only a changed buffer is copied.
//
// Non-goals: detecting accumulation inside a single command that zeroes nothing but starts from
// no gradient (nothing had accumulated yet).

import GradEngine
import GradScript

final class GradAccumulationWatch {
    private(set) var warned = false
    private var before: [ObjectIdentifier: (grad: Tensor, values: [Float])] = [:]

    /// Tensors to watch, with the name a learner knows them by (`w`, `model.conv1.weight`).
    func trackedTensors(_ globals: [(name: String, value: Value)]) -> [(String, Tensor)] {
        guard !warned else { return [] }
        var out: [(String, Tensor)] = []
        for (name, value) in globals {
            if let t = value.asTensor, t.requiresGrad, t.isLeaf {
                out.append((name, t))
            } else if let m = value.asModule {
                for (pname, p) in m.namedParameters() { out.append((name + "." + pname, p)) }
            }
        }
        return out
    }

    /// Remembers the current gradients.
    func snapshot(_ tensors: [(String, Tensor)]) {
        before = [:]
        for (_, t) in tensors {
            if let g = t.grad { before[ObjectIdentifier(t)] = (g, g.data) }
        }
    }

    /// The one-time note when some gradient was accumulated into since `snapshot`, else nil.
    func check(_ tensors: [(String, Tensor)]) -> String? {
        guard !warned, !before.isEmpty else { return nil }
        var names: [String] = []
        for (name, t) in tensors {
            guard let old = before[ObjectIdentifier(t)], let g = t.grad, g === old.grad else { continue }
            if g.data != old.values { names.append(name) }
        }
        before = [:]
        guard !names.isEmpty else { return nil }
        warned = true
        let shown = names.prefix(3).map { $0 + ".grad" }.joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        return """
            note: backward() added to gradients that were already there (\(shown)).
                  Gradients accumulate, as in PyTorch: call optimizer.zero_grad() (or model.zero_grad())
                  before each backward() unless you mean to sum them. (This note is shown once.)
            """
    }
}
