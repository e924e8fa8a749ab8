// Sequential: runs its modules one after another (PyTorch's nn.Sequential); children named "0", "1", ...
// Non-goals: OrderedDict construction with custom names (use a Module subclass).

/// `forward(x) = mₙ(…m₁(m₀(x)))`.
public final class Sequential: Module, @unchecked Sendable {
    /// The modules in order.
    public private(set) var modules: [Module] = []

    public init(_ modules: [Module]) {
        super.init()
        for m in modules { append(m) }
    }

    /// Adds a module at the end, named by its position.
    public func append(_ m: Module) {
        registerModule(String(modules.count), m)
        modules.append(m)
    }

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

    public override func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for m in modules { y = try m(y) }
        return y
    }
}
