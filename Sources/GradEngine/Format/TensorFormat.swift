// TensorFormat: tensors print exactly as PyTorch prints them (torch/_tensor_str.py):
//
//   tensor([[1., 2.],
//           [3., 4.]], requires_grad=True)
//   tensor([0.1000, 0.2500], grad_fn=<MulBackward0>)
//   tensor([1.0000e-05, 1.0000e+03])          (scientific when max/min > 1000, max > 1e8 or min < 1e-4)
//   tensor([3, 1, 4])                         (int64)   tensor([ True, False])   (bool)
//   tensor([0.0000, 0.0000, 0.0000,  ..., 0.0000, 0.0000, 0.0000])   (more than 1000 elements)
//
// One formatter per tensor decides int mode / fixed / scientific and a common width from the
// (summarized) values; rows wrap at 80 columns; `grad_fn=<...>` or `requires_grad=True` follows.
// float16 and bfloat16 print as PyTorch prints them: the formatter sees their values as float32.
// Non-goals: complex dtypes, sparse layouts, `torch.set_printoptions` beyond these options.

import Foundation

/// PyTorch's print options (`torch.set_printoptions`), with PyTorch's defaults.
public struct TensorPrintOptions: Sendable {
    public var precision = 4
    public var threshold = 1000
    public var edgeItems = 3
    public var lineWidth = 80
    /// nil: choose per tensor as PyTorch does; true/false forces scientific/fixed notation.
    public var sciMode: Bool? = nil
    public init() {}
}

extension Tensor: CustomStringConvertible {
    /// PyTorch's `repr(tensor)` ("Parameter containing:" first for a parameter).
    public var description: String { (isParameter ? "Parameter containing:\n" : "") + formatted() }

    /// The tensor as PyTorch prints it, with the given options (default: PyTorch's).
    public func formatted(_ options: TensorPrintOptions = TensorPrintOptions(), showGradInfo: Bool = true) -> String {
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        let body: String
        if count == 0 {
            if ndim != 1 {
                suffixes.append("size=" + shapeTupleText(shape))
            }
            if dtype != .float32 { suffixes.append("dtype=\(dtype.torchName)") }
            body = "[]"
        } else {
            let summarize = count > options.threshold
            let values = doubleValues
            let fmt = TensorFormatter(
                values: summarize ? summarizedValues(values, options.edgeItems) : values, dtype: dtype, options: options
            )
            body = TensorFormatter.render(
                self, values, indent: indent, summarize: summarize, formatter: fmt, options: options)
            // PyTorch names every dtype but the defaults (float32, int64, bool).
            if ![.float32, .int64, .bool].contains(dtype) { suffixes.append("dtype=\(dtype.torchName)") }
        }
        if showGradInfo {
            if let fn = gradFn {
                suffixes.append("grad_fn=<\(fn.name)>")
            } else if requiresGrad {
                suffixes.append("requires_grad=True")
            }
        }
        var out = prefix + body
        // PyTorch: last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
        let chars = Array(out)
        let nl = chars.lastIndex(of: "\n") ?? -1
        var lastLineLen = chars.count - nl + 1
        for s in suffixes {
            if lastLineLen + s.count + 2 > options.lineWidth {
                out += ",\n" + String(repeating: " ", count: indent) + s
                lastLineLen = indent + s.count
            } else {
                out += ", " + s
                lastLineLen += s.count + 2
            }
        }
        return out + ")"
    }

    /// The values PyTorch's formatter looks at when summarizing: edge items of every dimension.
    func summarizedValues(_ values: [Double], _ edge: Int) -> [Double] {
        var out: [Double] = []
        func walk(_ dim: Int, _ offset: Int) {
            if dim == ndim {
                out.append(values[offset])
                return
            }
            let stride = shape[(dim + 1)...].reduce(1, *)
            let n = shape[dim]
            let idx: [Int] = n > 2 * edge ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
            for i in idx { walk(dim + 1, offset + i * stride) }
        }
        walk(0, 0)
        return out
    }
}

/// PyTorch's `_Formatter`: one number style and width for all elements of a tensor.
struct TensorFormatter {
    let dtype: DType
    let options: TensorPrintOptions
    var intMode = true
    var sciMode = false
    var maxWidth = 1

    init(values: [Double], dtype: DType, options: TensorPrintOptions) {
        self.dtype = dtype
        self.options = options
        if !dtype.isFloatingPoint {
            for v in values { maxWidth = max(maxWidth, TensorFormatter.plain(v, dtype).count) }
            return
        }
        let finite = values.filter { $0.isFinite && $0 != 0 }
        if !finite.isEmpty {
            let absVals = finite.map { Swift.abs($0) }
            let lo = absVals.min() ?? 1, hi = absVals.max() ?? 1
            intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
            let p = options.precision
            if intMode {
                if hi / lo > 1000 || hi > 1e8 {
                    sciMode = true
                    for v in finite { maxWidth = max(maxWidth, String(format: "%.\(p)e", v).count) }
                } else {
                    for v in finite { maxWidth = max(maxWidth, String(format: "%.0f", v).count + 1) }
                }
            } else {
                if hi / lo > 1000 || hi > 1e8 || lo < 1e-4 {
                    sciMode = true
                    for v in finite { maxWidth = max(maxWidth, String(format: "%.\(p)e", v).count) }
                } else {
                    for v in finite { maxWidth = max(maxWidth, String(format: "%.\(p)f", v).count) }
                }
            }
        }
        if let forced = options.sciMode { sciMode = forced }
    }

    var width: Int { maxWidth }

    static func plain(_ v: Double, _ dtype: DType) -> String {
        switch dtype {
        case .bool: return v != 0 ? "True" : "False"
        case .int64, .int32, .int16, .int8, .uint8:
            return v.isFinite && Swift.abs(v) < 9.2e18 ? String(Int64(v)) : "\(v)"
        case .float32, .float16, .bfloat16: return "\(Float(v))"
        case .float64: return "\(v)"
        }
    }

    static func special(_ v: Double) -> String? {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return nil
    }

    func format(_ value: Double) -> String {
        var s: String
        if dtype.isFloatingPoint {
            let v = value
            let p = options.precision
            if sciMode {
                s = TensorFormatter.special(v) ?? String(format: "%.\(p)e", v)
            } else if intMode {
                s = TensorFormatter.special(v) ?? (String(format: "%.0f", v) + ".")
            } else {
                s = TensorFormatter.special(v) ?? String(format: "%.\(p)f", v)
            }
        } else {
            s = TensorFormatter.plain(value, dtype)
        }
        return String(repeating: " ", count: max(0, maxWidth - s.count)) + s
    }

    static func render(
        _ t: Tensor, _ values: [Double], indent: Int, summarize: Bool, formatter: TensorFormatter,
        options: TensorPrintOptions
    ) -> String {
        if t.ndim == 0 { return formatter.format(values[0]) }
        return block(t, values, dim: 0, offset: 0, indent: indent, summarize: summarize, f: formatter, o: options)
    }

    static func block(
        _ t: Tensor, _ values: [Double], dim: Int, offset: Int, indent: Int, summarize: Bool, f: TensorFormatter,
        o: TensorPrintOptions
    ) -> String {
        let n = t.shape[dim]
        let stride = t.shape[(dim + 1)...].reduce(1, *)
        let edge = o.edgeItems
        let rest = t.ndim - dim
        if rest == 1 {
            let elementLength = f.width + 2
            let perLine = max(1, (o.lineWidth - indent) / elementLength)
            var items: [String]
            if summarize && n > 2 * edge {
                items =
                    (0..<edge).map { f.format(values[offset + $0 * stride]) } + [" ..."]
                    + ((n - edge)..<n).map { f.format(values[offset + $0 * stride]) }
            } else {
                items = (0..<n).map { f.format(values[offset + $0 * stride]) }
            }
            var lines: [String] = []
            var i = 0
            while i < items.count {
                lines.append(items[i..<min(i + perLine, items.count)].joined(separator: ", "))
                i += perLine
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        var slices: [String] = []
        let sub = { (i: Int) in
            block(
                t, values, dim: dim + 1, offset: offset + i * stride, indent: indent + 1, summarize: summarize, f: f,
                o: o)
        }
        if summarize && n > 2 * edge {
            slices = (0..<edge).map(sub) + ["..."] + ((n - edge)..<n).map(sub)
        } else {
            slices = (0..<n).map(sub)
        }
        let sep = "," + String(repeating: "\n", count: rest - 1) + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: sep) + "]"
    }

    /// PyTorch's grad_fn class name for an engine op name: "mul" -> "MulBackward0".
    static func gradFnName(_ op: String) -> String {
        let known: [String: String] = [
            "matmul": "MmBackward0", "mm": "MmBackward0", "linear": "AddmmBackward0", "conv2d": "ConvolutionBackward0",
            "max_pool2d": "MaxPool2DWithIndicesBackward0", "maxPool2d": "MaxPool2DWithIndicesBackward0",
            "avg_pool2d": "AvgPool2DBackward0", "avgPool2d": "AvgPool2DBackward0",
            "cross_entropy": "NllLossBackward0", "crossEntropy": "NllLossBackward0", "nll_loss": "NllLossBackward0",
            "nllLoss": "NllLossBackward0", "view": "ViewBackward0", "reshape": "ViewBackward0",
            "flatten": "ViewBackward0",
            "log_softmax": "LogSoftmaxBackward0", "logSoftmax": "LogSoftmaxBackward0", "relu": "ReluBackward0",
            "t": "TBackward0", "mse_loss": "MseLossBackward0", "mseLoss": "MseLossBackward0",
            "binary_cross_entropy": "BinaryCrossEntropyBackward0", "binaryCrossEntropy": "BinaryCrossEntropyBackward0",
            "index": "IndexBackward0", "dropout": "MulBackward0", "log1p": "Log1PBackward0", "clone": "CloneBackward0",
        ]
        if let k = known[op] { return k }
        let parts = op.split(whereSeparator: { $0 == "_" || $0 == "." || $0 == " " })
        return parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Backward0"
    }
}
