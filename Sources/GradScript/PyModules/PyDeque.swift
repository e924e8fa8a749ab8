// PyDeque: `collections.deque`, a list used from both ends with an optional `maxlen` (a full deque
// drops items from the other end), as the reinforcement-learning tutorials keep their replay memory:
//     self.memory = deque([], maxlen=capacity); self.memory.append(Transition(*args))
//     random.sample(self.memory, batch_size)
// It prints as Python's (`deque([1, 2], maxlen=3)`), compares equal to a deque with the same items,
// indexes by position, and `len`, `in`, iteration, `bool` work as for a list.
// Non-goals: slicing (Python's deque has none either), thread safety, O(1) appendleft (an array is
// enough at beginner sizes).

import GradEngine

final class DequeObject: ScriptObject, @unchecked Sendable {
    var items: [Value]
    let maxlen: Int?
    init(_ items: [Value], maxlen: Int?) {
        self.maxlen = maxlen
        self.items = maxlen.map { Array(items.suffix($0)) } ?? items
    }
    override var typeName: String { "deque" }
    override var repr: String {
        "deque([" + items.map(\.repr).joined(separator: ", ") + "]" + (maxlen.map { ", maxlen=\($0)" } ?? "") + ")"
    }
    override var attributeNames: [String] {
        [
            "append", "appendleft", "pop", "popleft", "extend", "extendleft", "rotate", "clear", "count", "index",
            "remove", "insert", "reverse", "copy", "maxlen",
        ]
    }
    override func length() throws -> Int? { items.count }
    override func truthValue() throws -> Bool? { !items.isEmpty }
    override func makeIterator(_ interp: Interpreter) throws -> ValueIterator? {
        var i = 0
        return { [self] in
            guard i < items.count else { return nil }
            defer { i += 1 }
            return items[i]
        }
    }

    private func position(_ index: Value) throws -> Int {
        let i = try toInt(index, "deque index")
        let k = i < 0 ? i + items.count : i
        guard k >= 0 && k < items.count else {
            throw ScriptError(
                kind: "IndexError",
                message: "deque index out of "
                    + "range")
        }
        return k
    }
    override func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .object(let s) = index, s.typeName == "slice" {
            throw typeError("sequence index must be integer, not 'slice'")
        }
        return items[try position(index)]
    }
    override func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        items[try position(index)] = value
        return true
    }
    override func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        guard case .object(let a as DequeObject) = lhs, case .object(let b as DequeObject) = rhs else {
            return .bool(op == .ne)
        }
        let same = a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { Operators.equal($0, $1) }
        return .bool(op == .eq ? same : !same)
    }

    /// Adds at the right end; a full deque drops its leftmost item.
    private func pushRight(_ v: Value) {
        if maxlen == 0 { return }
        items.append(v)
        if let m = maxlen, items.count > m { items.removeFirst(items.count - m) }
    }
    /// Adds at the left end; a full deque drops its rightmost item.
    private func pushLeft(_ v: Value) {
        if maxlen == 0 { return }
        items.insert(v, at: 0)
        if let m = maxlen, items.count > m { items.removeLast(items.count - m) }
    }

    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        func fn(_ sig: String, _ body: @escaping (Bound, Interpreter) throws -> Value) -> Value {
            .object(BuiltinFunction("deque.\(sig)", body))
        }
        switch n {
        case "maxlen": return maxlen.map(Value.int) ?? .none
        case "append":
            return fn("append(x, /)") { [self] b, _ in
                pushRight(b.raw("x") ?? .none)
                return .none
            }
        case "appendleft":
            return fn("appendleft(x, /)") { [self] b, _ in
                pushLeft(b.raw("x") ?? .none)
                return .none
            }
        case "pop":
            return fn("pop()") { [self] _, _ in
                guard let v = items.popLast() else {
                    throw ScriptError(
                        kind: "IndexError",
                        message: "pop from an empty "
                            + "deque")
                }
                return v
            }
        case "popleft":
            return fn("popleft()") { [self] _, _ in
                guard !items.isEmpty else { throw ScriptError(kind: "IndexError", message: "pop from an empty deque") }
                return items.removeFirst()
            }
        case "extend":
            return fn("extend(iterable, /)") { [self] b, interp in
                for v in try interp.toList(b.raw("iterable") ?? .none) { pushRight(v) }
                return .none
            }
        case "extendleft":
            return fn("extendleft(iterable, /)") { [self] b, interp in
                for v in try interp.toList(b.raw("iterable") ?? .none) { pushLeft(v) }
                return .none
            }
        case "rotate":
            return fn("rotate(n=1, /)") { [self] b, _ in
                guard !items.isEmpty else { return .none }
                let c = items.count
                let k = ((try b.int("n")) % c + c) % c
                items = Array(items[(c - k)...] + items[..<(c - k)])
                return .none
            }
        case "clear":
            return fn("clear()") { [self] _, _ in
                items.removeAll()
                return .none
            }
        case "reverse":
            return fn("reverse()") { [self] _, _ in
                items.reverse()
                return .none
            }
        case "copy": return fn("copy()") { [self] _, _ in .object(DequeObject(items, maxlen: maxlen)) }
        case "count":
            return fn("count(x, /)") { [self] b, interp in
                let x = b.raw("x") ?? .none
                return .int(try items.filter { try interp.valuesEqual($0, x) }.count)
            }
        case "index":
            return fn("index(x, /)") { [self] b, interp in
                let x = b.raw("x") ?? .none
                guard let i = try items.firstIndex(where: { try interp.valuesEqual($0, x) }) else {
                    throw valueError("\(x.repr) is not in deque")
                }
                return .int(i)
            }
        case "remove":
            return fn("remove(value, /)") { [self] b, interp in
                let x = b.raw("value") ?? .none
                guard let i = try items.firstIndex(where: { try interp.valuesEqual($0, x) }) else {
                    throw valueError("deque.remove(x): x not in deque")
                }
                items.remove(at: i)
                return .none
            }
        case "insert":
            return fn("insert(i, x, /)") { [self] b, _ in
                if let m = maxlen, items.count >= m {
                    throw ScriptError(
                        kind: "IndexError",
                        message: "deque already at "
                            + "its maximum size")
                }
                let i = try b.int("i"), c = items.count
                items.insert(b.raw("x") ?? .none, at: Swift.max(0, Swift.min(c, i < 0 ? i + c : i)))
                return .none
            }
        default: return nil
        }
    }
}
