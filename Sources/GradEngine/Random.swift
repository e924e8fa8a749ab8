// Random: the one seeded generator behind rand, randn, randint, dropout and initialisation.
// `manualSeed(s)` makes every later draw the same on every run and machine (the algorithm is
// fixed: xoshiro256** seeded through splitmix64; normals by Box-Muller). It does not reproduce
// PyTorch's Mersenne-Twister stream: same distributions, different numbers.

import Foundation

/// A small, fast, reproducible pseudo-random generator (xoshiro256**).
public struct Generator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Float?

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
        spareNormal = nil
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Generator.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = Generator.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1), 24 random bits.
    @inline(__always)
    public mutating func uniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// Uniform in [low, high).
    @inline(__always)
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * uniform() }

    /// Standard normal N(0, 1), Box-Muller in double precision.
    public mutating func normal() -> Float {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        var u1 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        let r = (-2.0 * _log(u1)).squareRoot()
        let th = 2.0 * Double.pi * u2
        spareNormal = Float(r * _sin(th))
        return Float(r * _cos(th))
    }

    /// Uniform integer in [low, high).
    public mutating func int(_ low: Int, _ high: Int) -> Int {
        low + Int(next() % UInt64(max(1, high - low)))
    }
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Foundation.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

/// The global generator (PyTorch's default generator).
public enum RNG {
    nonisolated(unsafe) public static var global = Generator(seed: 0)
    /// Reseeds the global generator (PyTorch's `torch.manual_seed`).
    public static func manualSeed(_ seed: UInt64) { global = Generator(seed: seed) }
}
