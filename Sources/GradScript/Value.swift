// Value: what a script variable holds. Python-like scalars and containers, engine tensors and
// modules, and `ScriptObject`s for everything else (functions, classes, namespaces, optimizers,
// data loaders, training histories, ...).
//
// Semantics follow Python: ints and floats are distinct (`7 // 2 == 3`, `7 / 2 == 3.5`), lists are
// shared by reference (`ListRef`), tuples are immutable values, tensors and modules are references.
// Non-goals: sets, bytes, complex numbers, arbitrary-precision integers (overflow is an error).

import Foundation
import GradEngine

/// A value of the script language.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A mutable list, shared by reference as in Python.
    case list(ListRef)
    case tuple([Value])
    /// A dict with string, int or tuple keys, insertion ordered.
    case dict(DictRef)
    case tensor(Tensor)
    /// A layer or model: an engine module, or an instance of a user `class Net(nn.Module)`.
    case module(Module)
    /// Any other object: functions, classes, namespaces (`torch`, `nn`), optimizers, loaders, ...
    case object(ScriptObject)

    /// Python's type name: `int`, `float`, `str`, `list`, `Tensor`, `Linear`, `Net`, `function`, ...
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict(let d):
            return d.isCounter
                ? "Counter" : d.defaultFactory != nil ? "defaultdict" : d.isOrdered ? "OrderedDict" : "dict"
        case .tensor: return "Tensor"
        case .module(let m): return m.typeName
        case .object(let o): return o.typeName
        }
    }

    /// The tensor, if this is one.
    public var asTensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }
    /// The engine module (a layer or a user `nn.Module` instance), if this is one.
    public var asModule: Module? {
        if case .module(let m) = self { return m }
        return nil
    }
    /// The optimizer, if this is one.
    public var asOptimizer: Optimizer? { (asObject as? OptimizerObject)?.optimizer }
    /// The engine data loader, if this is a `DataLoader(...)` value.
    public var asDataLoader: DataLoader? { (asObject as? DataLoaderObject)?.loader }
    /// The object, if this is one.
    public var asObject: ScriptObject? {
        if case .object(let o) = self { return o }
        return nil
    }
    /// An int (bools count as 0/1), if this is one.
    public var asInt: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// A number as Double (ints, bools, floats, one-element tensors are not included).
    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        default: return nil
        }
    }
    /// The string, if this is one.
    public var asString: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    /// The elements of a list or tuple.
    public var asArray: [Value]? {
        switch self {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: return nil
        }
    }
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
    /// Whether this may be a user instance or an object with operators of its own (checked before
    /// the arithmetic fast paths).
    var mayDefineOperators: Bool {
        switch self {
        case .object: return true
        case .module(let m): return m is ScriptModule
        default: return false
        }
    }

    /// Python's `repr`: strings quoted, tensors as PyTorch prints them, modules as their tree.
    public var repr: String { Repr.repr(self) }
    /// Python's `str`: like `repr`, but strings unquoted.
    public var str: String {
        if case .string(let s) = self { return s }
        // print(e) shows the message, as Python does
        if case .object(let e as ExceptionObject) = self { return e.message }
        if case .object(let o) = self { return o.str }
        return Repr.repr(self)
    }
    /// `repr`, raising RecursionError where Python does (values nested deeper than Python's
    /// recursion limit, a module that contains itself) instead of cutting the text short.
    public func checkedRepr() throws -> String { try Repr.checkedRepr(self) }
    /// `str`, raising RecursionError where Python does (see `checkedRepr`).
    public func checkedStr() throws -> String {
        if case .string(let s) = self { return s }
        if case .object(let e as ExceptionObject) = self { return e.message }
        if case .object(let o) = self { return o.str }
        return try Repr.checkedRepr(self)
    }
}

/// A Python list: a reference to a mutable array of values.
public final class ListRef: @unchecked Sendable {
    public var items: [Value]
    /// For the lists `d.keys()`, `d.values()`, `d.items()` return: the view type Python prints them as
    /// (`dict_keys(['a'])`, `odict_keys([...])`); nil for a list.
    public var view: String?
    public init(_ items: [Value], view: String? = nil) {
        self.items = items
        self.view = view
    }
    deinit { Trashcan.release(&items) }
}

/// Frees nested values without recursion (CPython's "trashcan"). Swift releases a list of lists
/// recursively, several stack frames per level, so dropping `l` after `for i in range(100000): l = [l]`
/// would overflow the stack. A container's `deinit` moves its items to one pending list instead;
/// the outermost release drops them one at a time, and a container freed meanwhile only adds its
/// own items to the list, so the stack stays flat whatever the depth.
enum Trashcan {
    nonisolated(unsafe) private static var pending: [Value] = []
    nonisolated(unsafe) private static var draining = false
    private static let lock = NSLock()

    static func release(_ items: inout [Value]) {
        guard items.contains(where: { $0.holdsValues }) else { return }
        lock.lock()
        pending.append(contentsOf: items)
        let drainHere = !draining
        draining = true
        lock.unlock()
        items = []
        guard drainHere else { return }
        while true {
            lock.lock()
            guard let next = pending.popLast() else {
                draining = false
                lock.unlock()
                return
            }
            lock.unlock()
            _ = consume next  // the last reference may go here; its deinit only adds to `pending`
        }
    }
}

extension Value {
    /// Whether this value can hold other values (and so nest deeply).
    var holdsValues: Bool {
        switch self {
        case .list, .dict, .tuple, .object: return true
        default: return false
        }
    }
}

/// A Python dict with hashable keys (str, int, bool, float, tuples of those), insertion ordered.
public final class DictRef: @unchecked Sendable {
    public private(set) var keys: [Value] = []
    private var index: [HashKey: Int] = [:]
    public private(set) var values: [Value] = []
    public init() {}
    /// `collections.defaultdict`: called to make the value of a missing key (which is then stored).
    var defaultFactory: Value?
    /// `collections.Counter`: a missing key reads as 0 and is not stored; adds `most_common`.
    var isCounter = false
    /// `collections.OrderedDict`: a dict that prints as `OrderedDict([(k, v), ...])`.
    var isOrdered = false

    public func get(_ key: Value) throws -> Value? {
        guard let i = index[try HashKey(key)] else { return nil }
        return values[i]
    }
    public func set(_ key: Value, _ value: Value) throws {
        let k = try HashKey(key)
        if let i = index[k] {
            values[i] = value
            return
        }
        index[k] = keys.count
        keys.append(key)
        values.append(value)
    }
    /// Removes `key`, returning its value (nil when absent). Keeps the order of the others.
    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        let k = try HashKey(key)
        guard let i = index[k] else { return nil }
        let v = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        index[k] = nil
        for (key, j) in index where j > i { index[key] = j - 1 }
        return v
    }
    public var count: Int { keys.count }

    deinit { Trashcan.release(&values) }
}

/// Hashable form of a dict key or set item, as Python hashes it: numbers by value (`1`, `1.0` and
/// `True` are one key), strings and tuples by content, a user object by its `__hash__` and `__eq__`,
/// and every other object (instances without `__eq__`, tensors, modules, functions, classes) by
/// identity. Lists, dicts, sets and instances that define `__eq__` without `__hash__` are unhashable.
indirect enum HashKey: Hashable {
    case none
    case int(Int)
    case float(Double)
    case string(String)
    case tuple([HashKey])
    /// Hashed by identity (the key's value keeps the object alive while it is in the dict).
    case identity(ObjectIdentifier)
    /// Hashed by the user's `__hash__`, compared by `__eq__`.
    case custom(UserHashKey)
    /// A frozenset: its items, in no order.
    case frozen(Set<HashKey>)
    init(_ v: Value) throws {
        switch v {
        case .none: self = .none
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .float(let d): self = d == d.rounded() && abs(d) < 9e18 ? .int(Int(d)) : .float(d)
        case .string(let s): self = .string(s)
        case .tuple(let t): self = .tuple(try t.map(HashKey.init))
        case .tensor(let t): self = .identity(ObjectIdentifier(t))
        case .module(let m): self = .identity(ObjectIdentifier(m))
        case .object(let o):
            if let n = o.numberValue {
                self = try HashKey(n)
                return
            }
            switch o {
            case let i as Instance:
                self = try HashKey.userKey(i, v)
            case let s as SetObject:
                guard s.frozen else { throw HashKey.unhashable(v) }
                self = .frozen(Set(try s.items.keys.map(HashKey.init)))
            case let t as NamedTupleValue: self = .tuple(try t.items.map(HashKey.init))
            case let t as SizeObject: self = .tuple(t.dims.map { .int($0) })
            case is NDArray: throw HashKey.unhashable(v)
            default: self = .identity(ObjectIdentifier(o))
            }
        default: throw HashKey.unhashable(v)
        }
    }

    static func unhashable(_ v: Value) -> ScriptError {
        ScriptError(kind: "TypeError", message: "unhashable type: '\(v.typeName)'")
    }

    /// A user instance's key: the first class in its lookup order that defines `__hash__` or
    /// `__eq__` decides (a class that defines `__eq__` alone is unhashable, as Python makes it).
    private static func userKey(_ i: Instance, _ v: Value) throws -> HashKey {
        var classes = [i.cls]
        var k = 0
        while k < classes.count {
            let c = classes[k]
            if let h = c.attrs["__hash__"] {
                if h.isNone { throw unhashable(v) }
                guard let interp = i.interpreter, let m = Interpreter.bindMethod(h, to: v) else {
                    return .identity(ObjectIdentifier(i))
                }
                let r = try interp.callValue(m, Args())
                guard let n = r.asInt else {
                    throw ScriptError(kind: "TypeError", message: "__hash__ method should return an integer")
                }
                return .custom(UserHashKey(hash: n, value: v, interp))
            }
            if c.attrs["__eq__"] != nil { throw unhashable(v) }
            classes += c.bases
            k += 1
        }
        return .identity(ObjectIdentifier(i))
    }
}

/// A key hashed by the user's `__hash__`; two keys are equal when they are the same object or
/// `__eq__` says so (an `__eq__` that fails counts as not equal).
final class UserHashKey: Hashable {
    let hash: Int
    let value: Value
    weak var interpreter: Interpreter?
    init(hash: Int, value: Value, _ interp: Interpreter) {
        self.hash = hash
        self.value = value
        interpreter = interp
    }
    func hash(into h: inout Hasher) { h.combine(hash) }
    static func == (a: UserHashKey, b: UserHashKey) -> Bool {
        if Operators.identical(a.value, b.value) { return true }
        guard a.hash == b.hash, let interp = a.interpreter,
            let r = try? interp.compare(.eq, a.value, b.value), let t = try? interp.truthy(r)
        else { return false }
        return t
    }
}

/// Produces the next item of an iteration, or nil at the end.
typealias ValueIterator = () throws -> Value?

/// Base of every non-primitive script value. Subclasses override what they support; the defaults
/// raise the TypeError/AttributeError Python would.
open class ScriptObject: @unchecked Sendable {
    public init() {}
    /// The Python type name shown in messages and `type(x)`.
    open var typeName: String { "object" }
    /// Python's repr.
    open var repr: String { "<\(typeName) object>" }
    /// Attribute names, for completion and `dir()`.
    open var attributeNames: [String] { [] }
    /// Reads an attribute; nil when there is none (the interpreter then raises AttributeError).
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { nil }
    /// Writes an attribute; false when the object does not allow it.
    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    /// Calls the object; nil when it is not callable.
    func call(_ args: Args, _ interp: Interpreter) throws -> Value? { nil }
    /// Iterates the object; nil when it is not iterable.
    func makeIterator(_ interp: Interpreter) throws -> ValueIterator? { nil }
    /// `len(obj)`; nil when it has no length.
    func length() throws -> Int? { nil }
    /// `obj[index]`; nil when not subscriptable.
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? { nil }
    /// Keyword parameter names when callable (for completion of the open call).
    var parameterNames: [String] { [] }
    /// Python's str (`print(obj)`); the repr unless the object says otherwise.
    /// Python's `str` (print): the repr unless a type says otherwise.
    var str: String { repr }
    /// `lhs op rhs` where this object is one of the operands (numpy arrays); nil when it does not support it.
    func binaryOp(_ op: BinOp, _ lhs: Value, _ rhs: Value) throws -> Value? { nil }
    /// `lhs op rhs` for a comparison operator (`<`, `==`, ...); nil when the object does not define it.
    func compareOp(_ op: CmpOp, _ lhs: Value, _ rhs: Value) throws -> Value? { nil }
    /// `-obj`, `+obj`, `~obj`; nil when unsupported.
    func unaryOp(_ op: String) throws -> Value? { nil }
    /// `obj[index] = value`; false when the object does not support item assignment.
    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    /// `bool(obj)` when the object defines it (nil: Python's default, by length or true).
    func truthValue() throws -> Bool? { nil }
    /// The Python number this object stands for (a numpy scalar), for `float(x)`, `range(n)`, formats.
    var numberValue: Value? { nil }
}
