// What `Module.load_state_dict` returns: PyTorch's `_IncompatibleKeys` named tuple of the names the
// model lacked in the dict (`missing_keys`) and the dict's names the model does not have
// (`unexpected_keys`). Its repr is `<All keys matched successfully>` when both are empty, as in
// PyTorch. Non-goal: the rest of the named-tuple protocol (`_asdict`, `_replace`).

/// `_IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])`, a read-only pair of lists.
final class IncompatibleKeys: ScriptObject, @unchecked Sendable {
    let missing: [String]
    let unexpected: [String]
    init(missing: [String], unexpected: [String]) {
        self.missing = missing
        self.unexpected = unexpected
    }
    private var items: [Value] {
        [.list(ListRef(missing.map { .string($0) })), .list(ListRef(unexpected.map { .string($0) }))]
    }
    override var typeName: String { "_IncompatibleKeys" }
    override var repr: String {
        if missing.isEmpty && unexpected.isEmpty { return "<All keys matched successfully>" }
        let v = items
        return "_IncompatibleKeys(missing_keys=\(v[0].repr), unexpected_keys=\(v[1].repr))"
    }
    override var attributeNames: [String] { ["missing_keys", "unexpected_keys"] }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "missing_keys": return items[0]
        case "unexpected_keys": return items[1]
        default: return nil
        }
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        try interp.sequenceItem(items, index, "tuple", make: { .tuple($0) })
    }
    override func length() throws -> Int? { 2 }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var it = items.makeIterator()
        return { it.next() }
    }
}
