// Sequential and ModuleList: containers of modules (PyTorch's nn.Sequential and nn.ModuleList).
//
// Sequential runs its modules one after another; children are named "0", "1", ... or, when made
// from named pairs (PyTorch's `Sequential(OrderedDict(...))`), by those names. ModuleList only
// holds modules (registered, so their parameters are the model's) and has no forward of its own;
// its repr groups consecutive identical children as `(0-2): 3 x Linear(...)`, as PyTorch 2 does.
// Non-goals: slicing that returns a new container, insert/pop on Sequential.

/// `forward(x) = mₙ(…m₁(m₀(x)))`.
public final class Sequential: Module, @unchecked Sendable {
    /// The modules in order.
    public private(set) var modules: [Module] = []

    public init(_ modules: [Module]) {
        super.init()
        for m in modules { append(m) }
    }

    /// Modules with their own names (PyTorch's `Sequential(OrderedDict([...]))`).
    public init(named: [(String, Module)]) throws {
        super.init()
        for (n, m) in named {
            guard !n.isEmpty, !n.contains(".") else {
                throw EngineError("nn.Sequential", "module name can't be empty or contain \".\", got \"\(n)\"")
            }
            guard child(n) == nil else { throw EngineError("nn.Sequential", "module name \"\(n)\" appears twice") }
            registerModule(n, m)
            modules.append(m)
        }
    }

    /// Adds a module at the end, named by its position.
    public func append(_ m: Module) {
        registerModule(String(modules.count), m)
        modules.append(m)
    }

    public override func appendChild(_ m: Module) throws { append(m) }

    /// Number of modules.
    public var count: Int { modules.count }

    /// The module at `i` (negative counts from the end).
    public func module(at i: Int) throws -> Module {
        let j = i < 0 ? modules.count + i : i
        guard j >= 0, j < modules.count else {
            throw EngineError("Sequential", "index \(i) is out of range for \(modules.count) modules")
        }
        return modules[j]
    }

    /// Replaces the module at `i` (PyTorch's `seq[i] = module`), keeping its name.
    public func setModule(at i: Int, _ m: Module) throws {
        let j = i < 0 ? modules.count + i : i
        guard j >= 0, j < modules.count else {
            throw EngineError("", "index \(i) is out of range")
        }
        let name = children.first(where: { $0.module === modules[j] })?.name ?? String(j)
        modules[j] = m
        registerModule(name, m)
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for m in modules { y = try m(y) }
        return y
    }
}

/// `nn.ModuleList(modules)`: an indexable list of registered modules, without a forward.
public final class ModuleList: Module, @unchecked Sendable {
    public private(set) var modules: [Module] = []

    public init(_ modules: [Module] = []) {
        super.init()
        for m in modules { append(m) }
    }

    /// Adds a module at the end, named by its position.
    public func append(_ m: Module) {
        registerModule(String(modules.count), m)
        modules.append(m)
    }

    public var count: Int { modules.count }

    public override func appendChild(_ m: Module) throws { append(m) }

    /// Replaces the module at `i` (PyTorch's `layers[i] = module`).
    public func setModule(at i: Int, _ m: Module) throws {
        let j = i < 0 ? modules.count + i : i
        guard j >= 0, j < modules.count else {
            throw EngineError("", "index \(i) is out of range")
        }
        modules[j] = m
        registerModule(String(j), m)
    }

    /// The module at `i` (negative counts from the end).
    public func module(at i: Int) throws -> Module {
        let j = i < 0 ? modules.count + i : i
        guard j >= 0, j < modules.count else {
            throw EngineError("ModuleList", "index \(i) is out of range")
        }
        return modules[j]
    }

    /// Replaces the module at `i` (keeps its name).
    public func set(_ i: Int, _ m: Module) throws {
        let j = i < 0 ? modules.count + i : i
        guard j >= 0, j < modules.count else { throw EngineError("ModuleList", "index \(i) is out of range") }
        modules[j] = m
        registerModule(String(j), m)
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        throw EngineError(
            "ModuleList",
            "ModuleList has no forward: call its modules in your own forward (for layer in self.layers: x = layer(x))")
    }

    /// Groups runs of children whose reprs are equal: `(0-2): 3 x Linear(...)`.
    public override func childGroups(_ memo: PrintMemo, depth: Int) throws -> [(label: String, module: Module)] {
        let reprs = try children.map { try $0.module.printKey(memo, depth: depth + 1) }
        var groups: [(label: String, module: Module)] = []
        var i = 0
        while i < reprs.count {
            var j = i + 1
            while j < reprs.count && reprs[j] == reprs[i] { j += 1 }
            groups.append((j - i == 1 ? "(\(children[i].name)): " : "(\(i)-\(j - 1)): \(j - i) x ", children[i].module))
            i = j
        }
        return groups
    }
}
