// Recurrent layers: nn.RNN, nn.LSTM, nn.GRU and their one-step cells nn.RNNCell, nn.LSTMCell,
// nn.GRUCell, with PyTorch's parameter names, shapes, gate order and initialisation.
//
// Every step is a composite of differentiable primitives (linear, sigmoid, tanh, relu, add, mul,
// chunk, stack, cat), so the gradients come from autograd and are the chain rule of the formulas below.
//
// Dimension legend: T = sequence length, B = batch, I = input_size, H = hidden_size,
// L = num_layers, D = 2 if bidirectional else 1, G = gates (RNN 1, LSTM 4, GRU 3).
//
// One step, with x [B, I], h [B, H] (c [B, H] for LSTM), W_ih [G·H, I], W_hh [G·H, H], b [G·H]:
//   RNN:   h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)                      act = tanh or relu
//   LSTM:  (i, f, g, o) = chunks of x W_ihᵀ + b_ih + h W_hhᵀ + b_hh       (PyTorch's order i, f, g, o)
//          c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g),   h' = σ(o) ⊙ tanh(c')
//   GRU:   (r_x, z_x, n_x) = chunks of x W_ihᵀ + b_ih,  (r_h, z_h, n_h) = chunks of h W_hhᵀ + b_hh
//          r = σ(r_x + r_h),  z = σ(z_x + z_h),  n = tanh(n_x + r ⊙ n_h),  h' = n + z ⊙ (h − n)
//                                                                          (= (1 − z) ⊙ n + z ⊙ h)
// A sequence layer runs the step over t = 0..<T (the reverse direction over t = T−1...0), the
// layers one above the other (dropout between them while training), and returns the top layer's h
// at every step and the last (h, c) of every layer and direction.
// Initialisation: every weight and bias U(−1/√H, 1/√H), in parameter order.
// Non-goals: proj_size, packed sequences (nn.utils.rnn), cuDNN-style fused kernels.

/// The recurrence a layer or cell computes.
public enum RecurrentKind: Sendable, Equatable {
    case rnnTanh, rnnReLU, lstm, gru

    /// Rows of W_ih per hidden unit (the gates stacked in the weight).
    public var gates: Int {
        switch self {
        case .rnnTanh, .rnnReLU: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// PyTorch's class-name stem: "RNN", "LSTM", "GRU".
    public var stem: String {
        switch self {
        case .rnnTanh, .rnnReLU: return "RNN"
        case .lstm: return "LSTM"
        case .gru: return "GRU"
        }
    }
}

extension Functional {
    /// One recurrent step. `xProj` is x W_ihᵀ + b_ih ([B, G·H]), computed by the caller (for a whole
    /// sequence at once); `h` and `c` are the state [B, H]. Returns the new (h, c); c is nil except
    /// for LSTM.
    static func recurrentStep(
        _ kind: RecurrentKind, xProj: Tensor, h: Tensor, c: Tensor?, weightHH: Tensor, biasHH: Tensor?
    ) throws -> (h: Tensor, c: Tensor?) {
        let hProj = try linear(h, weight: weightHH, bias: biasHH)
        switch kind {
        case .rnnTanh:
            return (try Tensor.add(xProj, hProj).tanh(), nil)
        case .rnnReLU:
            return (try Tensor.add(xProj, hProj).relu(), nil)
        case .lstm:
            guard let c else { throw EngineError("LSTM", "the cell state is missing") }
            let g = try Tensor.add(xProj, hProj).chunk(4, dim: 1)
            let i = g[0].sigmoid(), f = g[1].sigmoid(), cand = g[2].tanh(), o = g[3].sigmoid()
            let c2 = try Tensor.add(try Tensor.mul(f, c), try Tensor.mul(i, cand))
            return (try Tensor.mul(o, c2.tanh()), c2)
        case .gru:
            let gx = try xProj.chunk(3, dim: 1), gh = try hProj.chunk(3, dim: 1)
            let r = try Tensor.add(gx[0], gh[0]).sigmoid()
            let z = try Tensor.add(gx[1], gh[1]).sigmoid()
            let n = try Tensor.add(gx[2], try Tensor.mul(r, gh[2])).tanh()
            return (try Tensor.add(n, try Tensor.mul(z, try Tensor.sub(h, n))), nil)
        }
    }

    /// The parameters of one layer and direction: W_ih [G·H, in], W_hh [G·H, H], b_ih, b_hh [G·H].
    struct RecurrentWeights {
        let ih: Tensor, hh: Tensor, bih: Tensor?, bhh: Tensor?
    }

    /// One direction of one layer over a sequence x [T, B, in] from state h0 (c0) [B, H].
    /// Returns the h of every step [T, B, H] (in time order) and the last state.
    static func recurrentLayer(
        _ kind: RecurrentKind, _ x: Tensor, h0: Tensor, c0: Tensor?, weights w: RecurrentWeights, reverse: Bool
    ) throws -> (out: Tensor, h: Tensor, c: Tensor?) {
        let steps = x.shape[0]
        let proj = try linear(x, weight: w.ih, bias: w.bih)  // [T, B, G·H], one product for all steps
        var h = h0, c = c0
        var outs = [Tensor?](repeating: nil, count: steps)
        for s in 0..<steps {
            let t = reverse ? steps - 1 - s : s
            (h, c) = try recurrentStep(
                kind, xProj: try proj.index([.at(t)]), h: h, c: c, weightHH: w.hh, biasHH: w.bhh)
            outs[t] = h
            try EngineInterrupt.check(kind.stem)
            // Each step adds small graph nodes the element budget does not count: a sequence of
            // 2**20 steps grew them until the address space ran out (an abort). Ask every 1,024.
            if s & 1023 == 1023, let message = MemoryBudget.processMemoryProblem(extra: 0) {
                throw EngineError(kind.stem, message, kind: .memory)
            }
        }
        let hs = outs.compactMap { $0 }
        let out = hs.isEmpty ? try Tensor.zeros([0] + h0.shape) : try Tensor.stack(hs, dim: 0)
        return (out, h, c)
    }
}

/// `nn.RNN`, `nn.LSTM`, `nn.GRU`: a multi-layer recurrent network over a sequence.
///
/// Shapes (batch_first swaps T and B of input and output only):
///   input [T, B, I] (or [T, I] unbatched), h_0 and c_0 [L·D, B, H] (or [L·D, H]), zeros if omitted
///   → output [T, B, D·H] (the top layer's h at every step; both directions concatenated),
///     h_n (and c_n) [L·D, B, H], ordered layer 0 forward, layer 0 reverse, layer 1 forward, ...
/// Attributes, for layer k and direction suffix "" or "_reverse": `weight_ih_l{k}` [G·H, I for k = 0
/// else D·H], `weight_hh_l{k}` [G·H, H], `bias_ih_l{k}`, `bias_hh_l{k}` [G·H] (if bias).
public final class RecurrentLayer: Module, @unchecked Sendable {
    public let kind: RecurrentKind
    public let inputSize: Int
    public let hiddenSize: Int
    public let numLayers: Int
    public let bias: Bool
    public let batchFirst: Bool
    public let dropout: Float
    public let bidirectional: Bool

    public init(
        _ kind: RecurrentKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true,
        batchFirst: Bool = false, dropout: Float = 0, bidirectional: Bool = false
    ) throws {
        guard hiddenSize > 0 else { throw EngineError("", "hidden_size must be greater than zero", kind: .value) }
        guard numLayers > 0 else { throw EngineError("", "num_layers must be greater than zero", kind: .value) }
        guard inputSize >= 0 else { throw EngineError("", "input_size must be non-negative", kind: .value) }
        guard dropout >= 0, dropout <= 1 else {
            throw EngineError(
                "",
                "dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
                kind: .value)
        }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.bidirectional = bidirectional
        super.init()
        let dirs = bidirectional ? 2 : 1
        // All layers' values at once, before any is made (num_layers=2**40 made layers until
        // memory ran out, deaf to Ctrl-C; a huge hidden_size overflowed gates × hidden_size).
        let (gh, o1) = kind.gates.multipliedReportingOverflow(by: hiddenSize)
        let (later, o2) = hiddenSize.multipliedReportingOverflow(by: dirs)
        let (first, o3) = Self.layerValues(gh, inSize: inputSize, hidden: hiddenSize, bias: bias, dirs: dirs)
        let (rest, o4) = Self.layerValues(gh, inSize: later, hidden: hiddenSize, bias: bias, dirs: dirs)
        let (restAll, o5) = rest.multipliedReportingOverflow(by: numLayers - 1)
        let (total, o6) = first.addingReportingOverflow(restAll)
        guard !(o1 || o2 || o3 || o4 || o5 || o6), total <= Init.maxParameterElements else {
            throw EngineError(
                kind.stem,
                "\(numLayers) layer(s) of hidden_size \(hiddenSize) over input_size \(inputSize) are too large (limit "
                    + "\(Init.maxParameterElements) values, 1 GiB)", kind: .memory)
        }
        let bound = Float(1 / Double(hiddenSize).squareRoot())
        for layer in 0..<numLayers {
            let inSize = layer == 0 ? inputSize : hiddenSize * dirs
            try Init.checkSize(kind.stem, [gh, max(inSize, hiddenSize)])
            for suffix in ["", "_reverse"].prefix(dirs) {
                registerParameter("weight_ih_l\(layer)\(suffix)", Init.uniform([gh, inSize], bound: bound))
                registerParameter("weight_hh_l\(layer)\(suffix)", Init.uniform([gh, hiddenSize], bound: bound))
                if bias {
                    registerParameter("bias_ih_l\(layer)\(suffix)", Init.uniform([gh], bound: bound))
                    registerParameter("bias_hh_l\(layer)\(suffix)", Init.uniform([gh], bound: bound))
                }
            }
        }
    }

    public override var typeName: String { kind.stem }

    /// Values of one layer's weights and biases, all directions: dirs·gh·(in + hidden + 2·bias);
    /// the flag is an Int overflow.
    private static func layerValues(_ gh: Int, inSize: Int, hidden: Int, bias: Bool, dirs: Int) -> (Int, Bool) {
        let (width, o1) = inSize.addingReportingOverflow(hidden)
        let (w2, o2) = width.addingReportingOverflow(bias ? 2 : 0)
        let (perDir, o3) = gh.multipliedReportingOverflow(by: w2)
        let (all, o4) = perDir.multipliedReportingOverflow(by: dirs)
        return (all, o1 || o2 || o3 || o4)
    }

    /// All weights are needed: they may be replaced by other tensors, not removed.
    public override var requiredParameters: [String] { ownParameters.map(\.name) }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        var r: [(name: String, value: HyperParameter)] = [
            ("input_size", .int(inputSize)), ("hidden_size", .int(hiddenSize)), ("num_layers", .int(numLayers)),
            ("bias", .bool(bias)), ("batch_first", .bool(batchFirst)), ("dropout", .float32(dropout)),
            ("bidirectional", .bool(bidirectional)), ("proj_size", .int(0)),
        ]
        if kind == .rnnTanh || kind == .rnnReLU {
            r.append(("nonlinearity", .string(kind == .rnnTanh ? "tanh" : "relu")))
        }
        return r
    }

    public override func extraRepr() -> String {
        var s = "\(inputSize), \(hiddenSize)"
        if numLayers != 1 { s += ", num_layers=\(numLayers)" }
        if !bias { s += ", bias=False" }
        if batchFirst { s += ", batch_first=True" }
        if dropout != 0 { s += ", dropout=\(Double("\(dropout)") ?? Double(dropout))" }
        if bidirectional { s += ", bidirectional=True" }
        return s
    }

    /// A recurrent layer returns a tuple, which a one-tensor forward cannot: the language calls
    /// `forward(_:hx:cx:)`. Reached from `nn.Sequential`, where PyTorch's next layer would fail too.
    public override func forward(_ x: Tensor) throws -> Tensor {
        throw EngineError(
            kind.stem,
            "\(kind.stem) returns a tuple (output, \(kind == .lstm ? "(h_n, c_n)" : "h_n")), which a layer inside "
                + "nn.Sequential cannot take; call it from your own forward")
    }

    private func weights(_ layer: Int, _ suffix: String) throws -> Functional.RecurrentWeights {
        func p(_ n: String) throws -> Tensor {
            guard let t = parameter("\(n)_l\(layer)\(suffix)") else {
                throw EngineError(kind.stem, "the parameter \(n)_l\(layer)\(suffix) is missing")
            }
            return t
        }
        return .init(
            ih: try p("weight_ih"), hh: try p("weight_hh"), bih: bias ? try p("bias_ih") : nil,
            bhh: bias ? try p("bias_hh") : nil)
    }

    /// The sequence forward: `input` [T, B, I] ([B, T, I] if batch_first, [T, I] unbatched), optional
    /// initial state `hx` (and `cx` for LSTM) [L·D, B, H] ([L·D, H] unbatched).
    /// Returns (output, h_n, c_n); c_n is nil except for LSTM.
    public func forward(_ input: Tensor, hx: Tensor?, cx: Tensor?) throws -> (output: Tensor, h: Tensor, c: Tensor?) {
        let name = kind.stem
        guard input.ndim == 2 || input.ndim == 3 else {
            throw EngineError("", "\(name): Expected input to be 2D or 3D, got \(input.ndim)D instead", kind: .value)
        }
        guard input.dtype == .float32 else {
            let d = input.dtype.rawValue
            throw EngineError(
                "",
                "RNN input dtype (torch.\(d)) does not match weight dtype (torch.float32). Convert input: "
                    + "input.to(torch.float32), or convert model: model.to(torch.\(d))",
                kind: .value)
        }
        let batched = input.ndim == 3
        let states = [hx, cx].compactMap { $0 }
        if !states.isEmpty, states.contains(where: { $0.ndim != (batched ? 3 : 2) }) {
            let want = batched ? "batched 3-D" : "unbatched 2-D"
            let dims = batched ? "3-D" : "2-D"
            throw EngineError(
                "",
                kind == .lstm
                    ? "For \(want) input, hx and cx should also be \(dims) but got "
                        + "(\(hx?.ndim ?? 0)-D, \(cx?.ndim ?? 0)-D) tensors"
                    : "For \(want) input, hx should also be \(dims) but got \(hx?.ndim ?? 0)-D tensor")
        }
        var x = input
        if !batched { x = try x.unsqueeze(batchFirst ? 0 : 1) }
        if batchFirst { x = try x.transpose(0, 1) }
        guard x.shape[2] == inputSize else {
            throw EngineError(
                "",
                "input.size(-1) must be equal to input_size. Expected \(inputSize), got "
                    + "\(x.shape[2])")
        }
        let batch = x.shape[1]
        let dirs = bidirectional ? 2 : 1
        let expected = [numLayers * dirs, batch, hiddenSize]
        func state(_ t: Tensor?, _ label: String) throws -> Tensor {
            guard var t else { return try Tensor.zeros(expected) }
            if !batched { t = try t.unsqueeze(1) }
            guard t.shape == expected else {
                throw EngineError(
                    "",
                    "Expected \(label) size \(shapeTupleText(expected)), got "
                        + "\(shapeText(batched ? t.shape : [t.shape[0], t.shape[2]]))"
                )
            }
            guard t.dtype == .float32 else {
                throw EngineError("", "Expected \(label) to be torch.float32, got torch.\(t.dtype.rawValue)")
            }
            return t
        }
        let h0 = try state(hx, kind == .lstm ? "hidden[0]" : "hidden")
        let c0 = kind == .lstm ? try state(cx, "hidden[1]") : nil
        var layerInput = x
        var hn: [Tensor] = [], cn: [Tensor] = []
        for layer in 0..<numLayers {
            var outs: [Tensor] = []
            for d in 0..<dirs {
                let k = layer * dirs + d
                let r = try Functional.recurrentLayer(
                    kind, layerInput, h0: try h0.index([.at(k)]), c0: try c0?.index([.at(k)]),
                    weights: try weights(layer, d == 0 ? "" : "_reverse"), reverse: d == 1)
                outs.append(r.out)
                hn.append(r.h)
                if let c = r.c { cn.append(c) }
            }
            layerInput = outs.count == 1 ? outs[0] : try Tensor.cat(outs, dim: 2)
            if layer < numLayers - 1 && dropout > 0 && training {
                layerInput = try Functional.dropout(layerInput, p: dropout, training: true)
            }
        }
        var output = layerInput
        if batchFirst {
            output = try output.transpose(0, 1)
            output.gradFn?.torchName = kind == .lstm ? "TransposeBackward0" : "TransposeBackward1"
        } else if kind == .lstm && !bidirectional {
            output.gradFn?.torchName = "MkldnnRnnLayerBackward0"  // the name PyTorch's CPU kernel gives
        }
        var h = try Tensor.stack(hn, dim: 0)
        var c = kind == .lstm ? try Tensor.stack(cn, dim: 0) : nil
        if !batched {
            output = try output.squeeze(dim: batchFirst ? 0 : 1)
            h = try h.squeeze(dim: 1)
            c = try c?.squeeze(dim: 1)
        }
        return (output, h, c)
    }
}

/// `nn.RNNCell`, `nn.LSTMCell`, `nn.GRUCell`: one step of the recurrence.
///
/// Shapes: input [B, I] (or [I]), hx (and cx) [B, H] (or [H]), zeros if omitted → h' (and c') [B, H].
/// Attributes: `weight_ih` [G·H, I], `weight_hh` [G·H, H], `bias_ih`, `bias_hh` [G·H] (if bias).
public final class RecurrentCell: Module, @unchecked Sendable {
    public let kind: RecurrentKind
    public let inputSize: Int
    public let hiddenSize: Int
    public let bias: Bool

    public init(_ kind: RecurrentKind, inputSize: Int, hiddenSize: Int, bias: Bool = true) throws {
        guard hiddenSize >= 0, inputSize >= 0 else {
            throw EngineError("", "input_size and hidden_size must be non-negative", kind: .value)
        }
        let gh = kind.gates * hiddenSize
        try Init.checkSize(kind.stem + "Cell", [gh, max(inputSize, hiddenSize)])
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.bias = bias
        super.init()
        let bound: Float = hiddenSize > 0 ? Float(1 / Double(hiddenSize).squareRoot()) : 0
        registerParameter("weight_ih", Init.uniform([gh, inputSize], bound: bound))
        registerParameter("weight_hh", Init.uniform([gh, hiddenSize], bound: bound))
        if bias {
            registerParameter("bias_ih", Init.uniform([gh], bound: bound))
            registerParameter("bias_hh", Init.uniform([gh], bound: bound))
        }
    }

    public override var typeName: String { kind.stem + "Cell" }

    public override var requiredParameters: [String] { ownParameters.map(\.name) }

    public override var hyperParameters: [(name: String, value: HyperParameter)] {
        var r: [(name: String, value: HyperParameter)] = [
            ("input_size", .int(inputSize)), ("hidden_size", .int(hiddenSize)), ("bias", .bool(bias)),
        ]
        if kind == .rnnTanh || kind == .rnnReLU {
            r.append(("nonlinearity", .string(kind == .rnnTanh ? "tanh" : "relu")))
        }
        return r
    }

    public override func extraRepr() -> String {
        var s = "\(inputSize), \(hiddenSize)"
        if !bias { s += ", bias=False" }
        if kind == .rnnReLU { s += ", nonlinearity=relu" }
        return s
    }

    /// A one-tensor call: RNNCell and GRUCell from a zero state; LSTMCell returns a tuple, so the
    /// language calls `forward(_:hx:cx:)` instead.
    public override func forward(_ x: Tensor) throws -> Tensor {
        guard kind != .lstm else {
            throw EngineError(
                typeName, "LSTMCell returns a tuple (h_1, c_1), which a layer inside nn.Sequential cannot take")
        }
        return try forward(x, hx: nil, cx: nil).h
    }

    /// One step from `input` [B, I] (or [I]) and the state `hx` (`cx`) [B, H] (or [H]), zeros if nil.
    public func forward(_ input: Tensor, hx: Tensor?, cx: Tensor?) throws -> (h: Tensor, c: Tensor?) {
        guard input.ndim == 1 || input.ndim == 2 else {
            throw EngineError(
                "",
                "\(typeName): Expected input to be 1D or 2D, got \(input.ndim)D "
                    + "instead", kind: .value)
        }
        guard input.dtype == .float32 else {
            throw EngineError(
                "", "expected scalar type Float but found \(input.dtype.scalarName) (\(typeName) weights are float32)")
        }
        let batched = input.ndim == 2
        let x = batched ? input : try input.unsqueeze(0)
        guard x.shape[1] == inputSize else {
            throw EngineError("", "input has inconsistent input_size: got \(x.shape[1]) expected \(inputSize)")
        }
        let batch = x.shape[0]
        func state(_ t: Tensor?, _ label: String) throws -> Tensor {
            guard let t else { return try Tensor.zeros([batch, hiddenSize]) }
            let s = batched ? t : try t.unsqueeze(0)
            guard s.ndim == 2 else {
                throw EngineError("", "Expected 2D \(label) (batch x hidden_size), but got \(s.ndim)D tensor")
            }
            guard s.shape[0] == batch else {
                throw EngineError("", "Input batch size \(batch) doesn't match \(label) batch size \(s.shape[0])")
            }
            guard s.shape[1] == hiddenSize else {
                throw EngineError(
                    "", "\(label) has inconsistent hidden_size: got \(s.shape[1]), expected \(hiddenSize)")
            }
            guard s.dtype == .float32 else {
                throw EngineError("", "expected scalar type Float but found \(s.dtype.scalarName) in \(label)")
            }
            return s
        }
        let h0 = try state(hx, "hidden0")
        let c0 = kind == .lstm ? try state(cx, "hidden1") : nil
        guard let wih = parameter("weight_ih"), let whh = parameter("weight_hh") else {
            throw EngineError(typeName, "the weights are missing")
        }
        let xProj = try Functional.linear(x, weight: wih, bias: bias ? parameter("bias_ih") : nil)
        var (h, c) = try Functional.recurrentStep(
            kind, xProj: xProj, h: h0, c: c0, weightHH: whh, biasHH: bias ? parameter("bias_hh") : nil)
        if !batched {
            h = try h.squeeze(dim: 0)
            c = try c?.squeeze(dim: 0)
        }
        return (h, c)
    }
}
