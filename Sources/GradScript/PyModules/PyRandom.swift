// PyRandom: Python's `random` module with CPython's generator, so a seeded script draws the same
// numbers as under python3: MT19937 seeded by `init_by_array` from the seed's 32-bit words,
// `random()` from two draws (53 bits), `randrange`/`randint`/`choice`/`shuffle`/`sample` through
// `_randbelow` (rejection on getrandbits), `gauss` with its cached second value.
// The state belongs to the interpreter (one `random` per session, as one per Python process).
// Non-goals: seeding from strings or bytes (refused), getstate/setstate, the distribution zoo
// beyond uniform, gauss/normalvariate, expovariate.

import Foundation
import GradEngine

/// CPython's Mersenne Twister (Modules/_randommodule.c).
final class PyMersenneTwister: @unchecked Sendable {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 625
    var gaussNext: Double?

    init() { seed(time: true) }

    func seed(time: Bool) {
        let t = UInt64(Date().timeIntervalSince1970 * 1e6) ^ UInt64(UInt32(truncatingIfNeeded: getpid()))
        seed(key: [UInt32(truncatingIfNeeded: t), UInt32(truncatingIfNeeded: t >> 32)])
    }

    /// `random.seed(n)` for an int: the words of |n|, least significant first.
    func seed(int n: Int) {
        var m = n.magnitude
        var key: [UInt32] = []
        repeat {
            key.append(UInt32(truncatingIfNeeded: m))
            m >>= 32
        } while m > 0
        seed(key: key)
    }

    private func initGenrand(_ s: UInt32) {
        mt[0] = s
        for i in 1..<624 {
            mt[i] = 1812433253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    func seed(key: [UInt32]) {
        initGenrand(19650218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1664525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 {
                mt[0] = mt[623]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= 624 {
                mt[0] = mt[623]
                i = 1
            }
        }
        mt[0] = 0x8000_0000
        gaussNext = nil
    }

    func next32() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % 624] & 0x7fff_ffff)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_b0df : 0)
            }
            index = 0
        }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// random(): [0, 1) with 53 random bits.
    func random() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// getrandbits(k) for 0 < k <= 63 (words least significant first, as CPython).
    func bits(_ k: Int) -> UInt64 {
        if k <= 32 { return UInt64(next32() >> (32 - UInt32(k))) }
        let low = UInt64(next32())
        let high = UInt64(next32() >> (64 - UInt32(k)))
        return low | (high << 32)
    }

    /// _randbelow(n): uniform in [0, n) by rejection.
    func below(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = Int(bits(k))
        while r >= n { r = Int(bits(k)) }
        return r
    }

    func gauss(_ mu: Double, _ sigma: Double) -> Double {
        var z = gaussNext
        gaussNext = nil
        if z == nil {
            let x2pi = random() * 2 * Double.pi
            let g2rad = (-2.0 * Foundation.log(1.0 - random())).squareRoot()
            z = Foundation.cos(x2pi) * g2rad
            gaussNext = Foundation.sin(x2pi) * g2rad
        }
        return mu + (z ?? 0) * sigma
    }
}

extension BuiltinTable {
    func registerRandom() {
        section = "random"
        let r = namespace("random")
        def(
            "random.seed", "random.seed(a=None, version=2)",
            "Seeds the generator (an int gives Python's own sequence).",
            "import random\nrandom.seed(0)", in: r
        ) { b, interp in
            switch b.raw("a") ?? .none {
            case .none: interp.pyRandom.seed(time: true)
            case .int(let n): interp.pyRandom.seed(int: n)
            case .bool(let x): interp.pyRandom.seed(int: x ? 1 : 0)
            case let v: throw typeError("random.seed(): gradstep seeds from an int, not \(v.typeName)")
            }
            return .none
        }
        def("random.random", "random.random()", "A float in [0, 1).", "import random\n0 <= random.random() < 1", in: r)
        { _, interp in
            .float(interp.pyRandom.random())
        }
        def(
            "random.uniform", "random.uniform(a, b)", "A float between a and b.",
            "import random\n1 <= random.uniform(1, 2) <= 2", in: r
        ) { b, interp in
            let x = try b.double("a"), y = try b.double("b")
            return .float(x + (y - x) * interp.pyRandom.random())
        }
        def(
            "random.randrange", "random.randrange(start, stop=None, step=1)",
            "A random int from range(start, stop, step).",
            "import random\nrandom.randrange(10) < 10", in: r
        ) { b, interp in
            let (start, stop) = try BuiltinTable.rangeBounds(b)
            let step = try b.int("step")
            guard step != 0 else { throw valueError("zero step for randrange()") }
            let range = RangeObject(start, stop, step)  // its count and values never overflow
            guard range.exactCount > 0 else {
                throw valueError("empty range for randrange() (\(start), \(stop), \(stop &- start))")
            }
            guard let n = Int(exactly: range.exactCount) else {
                throw ScriptError(kind: "OverflowError", message: "randrange range too large")
            }
            return .int(range.value(at: UInt(interp.pyRandom.below(n))))
        }
        def(
            "random.randint", "random.randint(a, b)", "A random int N with a <= N <= b.",
            "import random\n1 <= random.randint(1, 6) <= 6", in: r
        ) { b, interp in
            let lo = try b.int("a"), hi = try b.int("b")
            guard hi >= lo else {
                throw valueError("empty range for randrange() (\(lo), \(hi &+ 1), \(hi &+ 1 &- lo))")
            }
            let (d, o1) = hi.subtractingReportingOverflow(lo)
            let (w, o) = d.addingReportingOverflow(1)
            guard !o, !o1 else { throw ScriptError(kind: "OverflowError", message: "randint range too large") }
            return .int(lo + interp.pyRandom.below(w))
        }
        def(
            "random.choice", "random.choice(seq)", "A random item of a non-empty sequence.",
            "import random\nrandom.choice([1, 2, 3]) in [1, 2, 3]", in: r
        ) { b, interp in
            let items = try interp.toList(b.raw("seq") ?? .none)
            guard !items.isEmpty else {
                throw ScriptError(kind: "IndexError", message: "Cannot choose from an empty sequence")
            }
            return items[interp.pyRandom.below(items.count)]
        }
        def(
            "random.shuffle", "random.shuffle(x)", "Shuffles a list in place.",
            "import random\nxs = [1, 2, 3]\nrandom.shuffle(xs)", in: r
        ) { b, interp in
            guard case .list(let l)? = b.raw("x") else { throw typeError("random.shuffle() needs a list") }
            var i = l.items.count - 1
            while i > 0 {
                let j = interp.pyRandom.below(i + 1)
                l.items.swapAt(i, j)
                i -= 1
            }
            return .none
        }
        def(
            "random.sample", "random.sample(population, k)", "k distinct items chosen at random.",
            "import random\nlen(random.sample(range(10), 3))", in: r
        ) { b, interp in
            let pop = try interp.toList(b.raw("population") ?? .none)
            let n = pop.count, k = try b.int("k")
            guard k >= 0, k <= n else { throw valueError("Sample larger than population or is negative") }
            var result = [Value](repeating: .none, count: k)
            var setsize = 21
            if k > 5 {
                setsize += Int(
                    Foundation.pow(4.0, Foundation.ceil(Foundation.log(Double(k * 3)) / Foundation.log(4.0))))
            }
            if n <= setsize {
                var pool = pop
                for i in 0..<k {
                    let j = interp.pyRandom.below(n - i)
                    result[i] = pool[j]
                    pool[j] = pool[n - i - 1]
                }
            } else {
                var selected = Set<Int>()
                for i in 0..<k {
                    var j = interp.pyRandom.below(n)
                    while selected.contains(j) { j = interp.pyRandom.below(n) }
                    selected.insert(j)
                    result[i] = pop[j]
                }
            }
            return .list(ListRef(result))
        }
        for name in ["gauss", "normalvariate"] {
            def(
                "random.\(name)", "random.\(name)(mu=0.0, sigma=1.0)", "A normally distributed float.",
                "import random\ntype(random.\(name)(0, 1))", in: r
            ) { b, interp in
                let mu = try b.double("mu"), sigma = try b.double("sigma")
                if name == "gauss" { return .float(interp.pyRandom.gauss(mu, sigma)) }
                // normalvariate: Kinderman and Monahan, as CPython.
                let magic = 4 * Foundation.exp(-0.5) / 2.0.squareRoot()
                while true {
                    let u1 = interp.pyRandom.random(), u2 = 1.0 - interp.pyRandom.random()
                    let z = magic * (u1 - 0.5) / u2
                    if z * z / 4.0 <= -Foundation.log(u2) { return .float(mu + z * sigma) }
                }
            }
        }
        def(
            "random.getrandbits", "random.getrandbits(k)", "An int with k random bits (k <= 63 here).",
            "import random\nrandom.getrandbits(8) < 256", in: r
        ) { b, interp in
            let k = try b.int("k")
            guard k >= 0 else { throw valueError("number of bits must be non-negative") }
            guard k <= 63 else {
                throw ScriptError(
                    kind: "OverflowError", message: "getrandbits: more than 63 bits do not fit gradstep's ints")
            }
            return .int(k == 0 ? 0 : Int(interp.pyRandom.bits(k)))
        }
    }
}
