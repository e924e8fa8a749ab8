// DType: the element types of tensors and PyTorch's rules for them, in one place.
//   - what each dtype is: its names (`torch.float16`, legacy `HalfTensor`, `Half` in messages),
//     its size in bytes, its category (bool < integer < floating point);
//   - what values a dtype can hold (`representable`): float16 and bfloat16 round to nearest even
//     (float16 overflows to ±inf), int8/int16/uint8 truncate toward zero and wrap around modulo
//     2^bits, as PyTorch's CPU kernels store them. Every dtype but float64 keeps its values as
//     `Float`, which holds all of these exactly; a tensor of a narrow dtype only ever holds values
//     of that dtype, because `Tensor.init(unchecked:)` (where op results are made), `Tensor(shape:
//     data:)`, writes through `Tensor.data`, and gradients reaching a float16/bfloat16 tensor
//     (Autograd.swift) round them. So an op on float16 computes in float32 and rounds its result,
//     which is what PyTorch does on the CPU;
//   - type promotion: `promoteTypes` is PyTorch's table (uint8 + int8 -> int16, float16 +
//     bfloat16 -> float32, ...), `promote` its result_type rule for two operands (dims outrank 0-d
//     tensors, which outrank Python numbers, within a category);
//   - the limits `torch.finfo` / `torch.iinfo` report.
// Non-goals: complex, quantized and float8 dtypes, uint16/32/64.

import Foundation

/// What a tensor's values are. Every dtype but float64 stores its values as `Float` (integers
/// exact up to 2²⁴); float64 values are stored as `Double` (see `TensorStorage.doubles`).
public enum DType: String, Sendable, Equatable, CaseIterable {
    case float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool

    /// float32, float64, float16 or bfloat16.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 || isReducedFloat }
    /// float16 or bfloat16: computed in float32, each result rounded to the dtype (PyTorch's CPU).
    public var isReducedFloat: Bool { self == .float16 || self == .bfloat16 }
    /// int64, int32, int16, int8 or uint8.
    public var isInteger: Bool { intBits != nil }
    /// False for uint8 and bool (PyTorch's `dtype.is_signed`).
    public var isSigned: Bool { self != .uint8 && self != .bool }
    /// True for the dtypes whose values `representable` changes: float16, bfloat16, int8, int16, uint8.
    public var isNarrow: Bool { isReducedFloat || self == .int8 || self == .int16 || self == .uint8 }
    /// Whether autograd runs through tensors of this dtype (float64 has no autograd in gradstep).
    public var supportsAutograd: Bool { self == .float32 || isReducedFloat }

    /// Bits of an integer dtype; nil for the others.
    public var intBits: Int? {
        switch self {
        case .int64: return 64
        case .int32: return 32
        case .int16: return 16
        case .int8, .uint8: return 8
        default: return nil
        }
    }

    /// Bytes per element (`x.element_size()`, `dtype.itemsize`).
    public var itemSize: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }

    /// The Python name: "torch.float16".
    public var torchName: String { "torch." + rawValue }

    /// PyTorch's legacy type name: "FloatTensor", "HalfTensor", ... (`x.type()` gives "torch." + this).
    public var legacyTypeName: String { scalarName + "Tensor" }

    /// PyTorch's scalar type name in messages: "Float", "Double", "Half", "BFloat16", "Long", "Int",
    /// "Short", "Char", "Byte", "Bool".
    public var scalarName: String {
        switch self {
        case .float32: return "Float"
        case .float64: return "Double"
        case .float16: return "Half"
        case .bfloat16: return "BFloat16"
        case .int64: return "Long"
        case .int32: return "Int"
        case .int16: return "Short"
        case .int8: return "Char"
        case .uint8: return "Byte"
        case .bool: return "Bool"
        }
    }

    /// The C++ type name PyTorch's kernels print in messages: "float", "c10::Half", "long int", ...
    public var cppName: String {
        switch self {
        case .float32: return "float"
        case .float64: return "double"
        case .float16: return "c10::Half"
        case .bfloat16: return "c10::BFloat16"
        case .int64: return "long int"
        case .int32: return "int"
        case .int16: return "short int"
        case .int8: return "signed char"
        case .uint8: return "unsigned char"
        case .bool: return "bool"
        }
    }

    /// The dtype for a legacy type name ("FloatTensor" or "torch.FloatTensor"), if it is one.
    public init?(legacyTypeName name: String) {
        let n = name.hasPrefix("torch.") ? String(name.dropFirst(6)) : name
        guard let d = DType.allCases.first(where: { $0.legacyTypeName == n }) else { return nil }
        self = d
    }

    // MARK: values

    /// The value a tensor of this dtype stores for `v`: float16 and bfloat16 round to nearest even
    /// (float16 overflows to ±inf), int8/int16/uint8 truncate toward zero and wrap modulo 2^bits
    /// (`uint8(200) + 100` is 44, `uint8(-1.5)` is 255; nan and ±inf give 0). Other dtypes: `v`.
    @inline(__always)
    public func representable(_ v: Float) -> Float {
        switch self {
        case .float16: return Float(Float16(v))
        case .bfloat16: return DType.bfloat16(v)
        case .int8: return DType.wrap(v, bits: 8, signed: true)
        case .int16: return DType.wrap(v, bits: 16, signed: true)
        case .uint8: return DType.wrap(v, bits: 8, signed: false)
        default: return v
        }
    }

    /// `representable` of every value (the array itself for a dtype that is not narrow).
    public func representable(_ values: [Float]) -> [Float] {
        guard isNarrow else { return values }
        return values.map { representable($0) }
    }

    /// `representable` of every value, in place.
    func makeRepresentable(_ values: inout [Float]) {
        guard isNarrow else { return }
        for i in values.indices { values[i] = representable(values[i]) }
    }

    /// float32 -> bfloat16 as c10::BFloat16 does it: round the upper 16 bits to nearest even.
    static func bfloat16(_ v: Float) -> Float {
        if v.isNaN { return .nan }
        let bits = v.bitPattern
        let bias: UInt32 = ((bits >> 16) & 1) &+ 0x7FFF
        return Float(bitPattern: (bits &+ bias) & 0xFFFF_0000)
    }

    /// Two's-complement wrap-around of trunc(v) into `bits` bits.
    static func wrap(_ v: Float, bits: Int, signed: Bool) -> Float { wrap(Double(v), bits: bits, signed: signed) }

    static func wrap(_ v: Double, bits: Int, signed: Bool) -> Float {
        guard v.isFinite else { return 0 }
        let m = Double(1 << bits)
        var r = fmod(v.rounded(.towardZero), m)  // exact, in (-m, m)
        if r < 0 { r += m }
        if signed && r >= m / 2 { r -= m }
        return Float(r)
    }

    /// An exact (Double) integer result stored as an int8/int16/uint8 value: wrapped before it
    /// is rounded to Float, so `int16(300) * 300` is 24464 as in PyTorch.
    static func wrapExact(_ v: Double, _ d: DType) -> Float {
        guard let bits = d.intBits, d.isNarrow else { return d.representable(Float(v)) }
        return wrap(v, bits: bits, signed: d.isSigned)
    }

    /// PyTorch's check when a Python number is written into a tensor of this dtype (`x[0] = 300`
    /// on uint8): "value cannot be converted to type uint8_t without overflow". Narrow dtypes only.
    public func checkScalarFits(_ v: Double) throws {
        let name: String
        var fits = true
        switch self {
        case .uint8, .int8, .int16:
            name = self == .uint8 ? "uint8_t" : (self == .int8 ? "int8_t" : "int16_t")
            if let i = intInfo, v.isFinite { fits = v >= Double(i.min) && v <= Double(i.max) }
        case .float16, .bfloat16:
            name = self == .float16 ? "at::Half" : "at::BFloat16"
            if let f = floatInfo, v.isFinite { fits = Swift.abs(v) <= f.max }
        default: return
        }
        if !fits { throw EngineError("", "value cannot be converted to type \(name) without overflow") }
    }

    // MARK: promotion

    /// PyTorch's `torch.promote_types(a, b)`: the smallest dtype both convert to without leaving
    /// their category. uint8 with a signed integer gives at least int16; float16 with bfloat16
    /// gives float32; any float beats any integer; bool loses to everything.
    public static func promoteTypes(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isFloatingPoint != b.isFloatingPoint { return a.isFloatingPoint ? a : b }
        if a.isFloatingPoint {
            if a == .float64 || b == .float64 { return .float64 }
            return .float32  // float32 with anything narrower, or float16 with bfloat16
        }
        // Two different integer dtypes.
        let ab = a.intBits ?? 64, bb = b.intBits ?? 64
        if a == .uint8 || b == .uint8 {
            let other = a == .uint8 ? b : a
            return other == .int8 ? .int16 : other
        }
        return ab >= bb ? a : b
    }

    /// The result dtype of a binary op, PyTorch's `torch.result_type`: a higher category (bool <
    /// integer < float) wins; within a category tensors with dims outrank 0-d tensors, which
    /// outrank Python numbers (`wrapped`); otherwise `promoteTypes`. int64 + 2.5 -> float32,
    /// float32[3] + float64 0-d -> float32, float16[3] + 2.5 -> float16, uint8[3] + 300 -> uint8.
    public static func promote(_ a: Tensor, _ b: Tensor) -> DType {
        func category(_ d: DType) -> Int { d == .bool ? 0 : (d.isInteger ? 1 : 2) }
        func rank(_ t: Tensor) -> Int { t.isWrappedNumber ? 0 : (t.ndim == 0 ? 1 : 2) }
        let ca = category(a.dtype), cb = category(b.dtype)
        if ca != cb {
            // The higher category decides; a Python number of a higher category gives the default
            // dtype of its kind (float32 for floats, int64 for ints).
            let (hi, lo) = ca > cb ? (a, b) : (b, a)
            if rank(hi) >= rank(lo) { return hi.dtype }
            if hi.isWrappedNumber { return category(hi.dtype) == 2 ? .float32 : .int64 }
            return hi.dtype
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra > rb ? a.dtype : b.dtype }
        return promoteTypes(a.dtype, b.dtype)
    }

    /// The dtype of a floating-point result computed from `inputs` (exp of an integer tensor, a
    /// convolution, a loss): the promoted dtype of the floating-point inputs, float32 if none.
    public static func floatResult(_ inputs: [Tensor]) -> DType {
        var d: DType? = nil
        for t in inputs where t.dtype.isFloatingPoint {
            d = d.map { promoteTypes($0, t.dtype) } ?? t.dtype
        }
        return d ?? .float32
    }

    // MARK: limits (torch.finfo / torch.iinfo)

    /// `torch.finfo(dtype)`: bits, eps (the gap above 1), max (min is -max), smallest normal
    /// (`tiny`), and resolution (10^-digits); nil for a dtype that is not floating point.
    public var floatInfo: (bits: Int, eps: Double, max: Double, tiny: Double, resolution: Double)? {
        switch self {
        case .float16: return (16, 0.0009765625, 65504, 6.103515625e-05, 0.001)
        case .bfloat16: return (16, 0.0078125, 3.3895313892515355e+38, 1.1754943508222875e-38, 0.01)
        case .float32: return (32, 1.1920928955078125e-07, 3.4028234663852886e+38, 1.1754943508222875e-38, 1e-06)
        case .float64: return (64, 2.220446049250313e-16, .greatestFiniteMagnitude, 2.2250738585072014e-308, 1e-15)
        default: return nil
        }
    }

    /// `torch.iinfo(dtype)`: bits, min and max; nil for a dtype that is not an integer (bool included).
    public var intInfo: (bits: Int, min: Int64, max: Int64)? {
        switch self {
        case .uint8: return (8, 0, 255)
        case .int8: return (8, -128, 127)
        case .int16: return (16, -32768, 32767)
        case .int32: return (32, Int64(Int32.min), Int64(Int32.max))
        case .int64: return (64, Int64.min, Int64.max)
        default: return nil
        }
    }
}
