// NumPyRandom: `np.random` (the legacy global functions: seed, rand, randn, randint, normal,
// uniform, choice, shuffle, permutation, random) and `np.random.default_rng(seed)` Generators.
// One seeded generator (the engine's xoshiro256**, doubles with 53 random bits, normals by
// Box-Muller), separate from torch's: `np.random.seed(0)` makes runs reproducible here, but the
// numbers are not numpy's Mersenne-Twister/PCG64 streams.
//
// Non-goals: numpy's exact streams, the other distributions (beta, gamma, ...), `RandomState`.

import Foundation
import GradEngine

/// A double-precision random stream over the engine's generator.
struct NPRandomStream {
    var g: Generator
    var spare: Double?
    init(seed: UInt64) { g = Generator(seed: seed) }
    /// Uniform in [0, 1), 53 random bits.
    mutating func uniform() -> Double { Double(g.next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
    /// Standard normal, Box-Muller.
    mutating func normal() -> Double {
        if let z = spare {
            spare = nil
            return z
        }
        var u1 = uniform()
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = uniform()
        let r = (-2.0 * Foundation.log(u1)).squareRoot(), th = 2.0 * Double.pi * u2
        spare = r * Foundation.sin(th)
        return r * Foundation.cos(th)
    }
    /// Uniform integer in [0, n) without modulo bias.
    mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = g.next()
            if x < limit { return Int(x % bound) }
        }
    }
}

/// A stream behind a lock (interpreters on several threads share the global one).
final class NPRandomState: @unchecked Sendable {
    private var stream: NPRandomStream
    private let lock = NSLock()
    init(seed: UInt64) { stream = NPRandomStream(seed: seed) }
    func reseed(_ seed: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        stream = NPRandomStream(seed: seed)
    }
    func with<T>(_ body: (inout NPRandomStream) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stream)
    }
}

/// The stream behind the global `np.random.*` functions (seeded from the clock until `np.random.seed`).
let npGlobalRandom = NPRandomState(seed: UInt64(Date().timeIntervalSince1970 * 1e6))

/// A `np.random.default_rng(seed)` Generator: its own stream, the same methods as numpy's.
final class NPGenerator: ScriptObject, @unchecked Sendable {
    let stream: NPRandomState
    init(seed: UInt64) { stream = NPRandomState(seed: seed) }
    override var typeName: String { "Generator" }
    override var repr: String { "Generator(PCG64)" }
    static let methods = [
        "random", "normal", "standard_normal", "uniform", "integers", "choice", "shuffle", "permutation",
    ]
    override var attributeNames: [String] { NPGenerator.methods }
    override func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        guard NPGenerator.methods.contains(n) else { return nil }
        let params =
            [
                "random": "size=None", "standard_normal": "size=None", "normal": "loc=0.0, scale=1.0, size=None",
                "uniform": "low=0.0, high=1.0, size=None",
                "integers": "low, high=None, size=None, dtype=None, endpoint=False",
                "choice": "a, size=None, replace=True, p=None", "shuffle": "x", "permutation": "x",
            ][n] ?? ""
        return .object(
            BuiltinFunction("Generator.\(n)(\(params))", unsupported: ["endpoint"]) { [self] b, interp in
                try stream.with { s in try NPRandom.call(n, b, interp, &s, generator: true) }
            })
    }
}

enum NPRandom {
    /// The array shape from `size` (None: one Python number).
    static func size(_ v: Value?, _ fname: String) throws -> [Int]? {
        guard let v, !v.isNone else { return nil }
        let dims = try (v.asArray ?? [v]).map { try toInt($0, "\(fname)(): size") }
        try NDArray.checkShape(dims, "\(fname)()")
        return dims
    }

    /// Draws `shape` values (a Python float when shape is nil).
    static func draw(_ shape: [Int]?, _ f: () -> Double) -> Value {
        guard let shape else { return .float(f()) }
        return NDArray(doubles: (0..<NDArray.product(shape)).map { _ in f() }, shape: shape).value
    }

    /// One random function, shared by `np.random.NAME` and `Generator.NAME` (`generator` picks
    /// Generator's names and defaults: `integers`, `random(size)`).
    static func call(
        _ name: String, _ b: Bound, _ interp: Interpreter, _ s: inout NPRandomStream, generator: Bool
    ) throws -> Value {
        switch name {
        case "rand":
            let dims = try b.rest.map { try toInt($0, "rand(): dimensions") }
            try NDArray.checkShape(dims, "rand()")
            return draw(dims.isEmpty ? nil : dims) { s.uniform() }
        case "randn":
            let dims = try b.rest.map { try toInt($0, "randn(): dimensions") }
            try NDArray.checkShape(dims, "randn()")
            return draw(dims.isEmpty ? nil : dims) { s.normal() }
        case "random", "random_sample", "standard_normal":
            let sz = try size(b.value("size"), name)
            return name == "standard_normal" ? draw(sz) { s.normal() } : draw(sz) { s.uniform() }
        case "normal":
            let loc = try b.double("loc", 0), scale = try b.double("scale", 1)
            guard scale >= 0 else { throw valueError("scale < 0") }
            return draw(try size(b.value("size"), "normal")) { loc + scale * s.normal() }
        case "uniform":
            let lo = try b.double("low", 0), hi = try b.double("high", 1)
            return draw(try size(b.value("size"), "uniform")) { lo + (hi - lo) * s.uniform() }
        case "randint", "integers":
            if let d = b.value("dtype"), try NPDTypeValue.required(d, "\(name)()") != .int64 {
                throw typeError("\(name)(): gradstep draws int64 values only (dtype=\(d.str) is not supported)")
            }
            var lo = try b.int("low"), hi = lo
            if let h = try b.optInt("high") { hi = h } else { lo = 0 }
            guard hi > lo else { throw valueError("\(generator ? "high <= low" : "low >= high")") }
            let (span, o) = hi.subtractingReportingOverflow(lo)
            guard !o else { throw valueError("high - low is too large") }
            guard let shape = try size(b.value("size"), name) else { return .int(lo + s.below(span)) }
            return NDArray(ints: (0..<NDArray.product(shape)).map { _ in lo + s.below(span) }, shape: shape).value
        case "choice":
            let pool: NDArray
            if case .int(let n) = b.raw("a") ?? .none {
                guard n > 0 else { throw valueError("a must be a positive integer unless no samples are taken") }
                try NDArray.checkShape([n], "choice()")
                pool = NDArray(ints: Array(0..<n), shape: [n])
            } else {
                pool = try NDArray.from(b.raw("a") ?? .none, "choice()")
                guard pool.ndim >= 1, pool.count > 0 else {
                    throw valueError("a cannot be empty unless no samples are taken")
                }
            }
            let n = pool.shape[0]
            let replace = try b.bool("replace", true)
            var probs: [Double]? = nil
            if let p = b.value("p") {
                let pa = try NDArray.from(p, "choice(): p").doubles
                guard pa.count == n else { throw valueError("'a' and 'p' must have same size") }
                guard pa.allSatisfy({ $0 >= 0 }) else { throw valueError("probabilities are not non-negative") }
                guard Swift.abs(pa.reduce(0, +) - 1) < 1e-8 else { throw valueError("probabilities do not sum to 1") }
                probs = pa
            }
            let shape = try size(b.value("size"), "choice")
            let k = shape.map(NDArray.product) ?? 1
            guard replace || k <= n else {
                throw valueError("Cannot take a larger sample than population when 'replace=False'")
            }
            var picks: [Int] = []
            if replace {
                for _ in 0..<k {
                    if let probs {
                        let u = s.uniform()
                        var acc = 0.0, j = n - 1
                        for (i, q) in probs.enumerated() {
                            acc += q
                            if u < acc {
                                j = i
                                break
                            }
                        }
                        picks.append(j)
                    } else {
                        picks.append(s.below(n))
                    }
                }
            } else {
                var idx = Array(0..<n)
                for i in 0..<k {
                    let j = i + s.below(n - i)
                    idx.swapAt(i, j)
                }
                picks = Array(idx.prefix(k))
            }
            let rowShape = Array(pool.shape.dropFirst())
            let row = NDArray.product(rowShape)
            let offsets = picks.flatMap { p in (0..<row).map { p * row + $0 } }
            guard let shape else { return pool.gather(offsets, shape: rowShape, scalar: rowShape.isEmpty).value }
            return pool.gather(offsets, shape: shape + rowShape).value
        case "shuffle":
            let x = b.raw("x") ?? .none
            func perm(_ n: Int) -> [Int] {
                var idx = Array(0..<n)
                if n > 1 { for i in stride(from: n - 1, to: 0, by: -1) { idx.swapAt(i, s.below(i + 1)) } }
                return idx
            }
            switch x {
            case .object(let arr as NDArray) where arr.ndim > 0:
                arr.permuteRows(perm(arr.shape[0]))
            case .list(let l):
                let p = perm(l.items.count)
                l.items = p.map { l.items[$0] }
            default:
                throw typeError("shuffle(): x must be a numpy array or a list, not \(x.typeName)")
            }
            return .none
        case "permutation":
            let arr: NDArray
            if case .int(let n) = b.raw("x") ?? .none {
                try NDArray.checkShape([n], "permutation()")
                arr = NDArray(ints: Array(0..<n), shape: [n])
            } else {
                let src = try NDArray.from(b.raw("x") ?? .none, "permutation()")
                guard src.ndim > 0 else {
                    throw ScriptError(kind: "IndexError", message: "x must be an integer or at least 1-dimensional")
                }
                arr = NDArray(shape: src.shape, dtype: src.dtype, store: src.store)
            }
            var idx = Array(0..<arr.shape[0])
            if idx.count > 1 { for i in stride(from: idx.count - 1, to: 0, by: -1) { idx.swapAt(i, s.below(i + 1)) } }
            arr.permuteRows(idx)
            return arr.value
        default:
            throw ScriptError(kind: "AttributeError", message: "module 'numpy.random' has no attribute '\(name)'")
        }
    }
}

extension BuiltinTable {
    func registerNumPyRandom(_ np: Namespace) {
        section = "numpy.random"
        let r = namespace("numpy.random")
        np.set("random", .object(r))
        let docs: [(String, String, String, String)] = [
            (
                "rand", "np.random.rand(*dims)",
                "Uniform values in [0, 1) of the given shape (a float with no arguments).", "np.random.rand(2, 3).shape"
            ),
            (
                "randn", "np.random.randn(*dims)", "Standard normal values of the given shape.",
                "np.random.randn(3).shape"
            ),
            ("random", "np.random.random(size=None)", "Uniform values in [0, 1).", "np.random.random((2, 2)).shape"),
            (
                "random_sample", "np.random.random_sample(size=None)", "Uniform values in [0, 1).",
                "np.random.random_sample(3).shape"
            ),
            (
                "normal", "np.random.normal(loc=0.0, scale=1.0, size=None)",
                "Normal values with mean loc and standard deviation scale.", "np.random.normal(0, 1, size=(2,)).shape"
            ),
            (
                "uniform", "np.random.uniform(low=0.0, high=1.0, size=None)", "Uniform values in [low, high).",
                "np.random.uniform(-1, 1, 3).shape"
            ),
            (
                "randint", "np.random.randint(low, high=None, size=None, dtype=None)",
                "Random ints in [low, high) (or [0, low)).", "np.random.randint(0, 10, size=5).shape"
            ),
            (
                "choice", "np.random.choice(a, size=None, replace=True, p=None)", "Random items of a (or of range(a)).",
                "np.random.choice(5, 3, replace=False).shape"
            ),
            (
                "shuffle", "np.random.shuffle(x)", "Shuffles an array's rows or a list in place.",
                "np.random.shuffle([1, 2, 3])"
            ),
            (
                "permutation", "np.random.permutation(x)", "A shuffled copy (or a shuffled range(x)).",
                "sorted(np.random.permutation(4).tolist())"
            ),
        ]
        for (name, sig, summary, example) in docs {
            def("np.random.\(name)", sig, summary, example, in: r) { a, interp in
                try npGlobalRandom.with { s in try NPRandom.call(name, a, interp, &s, generator: false) }
            }
        }
        def(
            "np.random.seed", "np.random.seed(seed=None)",
            "Reseeds np.random's generator (reproducible runs; not numpy's stream).",
            "np.random.seed(0)", in: r
        ) { b, _ in
            let seed =
                try b.optInt("seed").map { UInt64(bitPattern: Int64($0)) } ?? UInt64(Date().timeIntervalSince1970 * 1e6)
            npGlobalRandom.reseed(seed)
            return .none
        }
        def(
            "np.random.default_rng", "np.random.default_rng(seed=None)",
            "A Generator with its own stream (rng.random, rng.normal, rng.integers, ...).",
            "np.random.default_rng(42).integers(0, 10, size=3).shape", in: r
        ) { b, _ in
            let seed =
                try b.optInt("seed").map { UInt64(bitPattern: Int64($0)) &+ 0x5851_F42D }
                ?? UInt64(Date().timeIntervalSince1970 * 1e6)
            return .object(NPGenerator(seed: seed))
        }
    }
}
