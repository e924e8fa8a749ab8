// RecurrentBuiltins: the layers of the NLP beginner tutorials, declared in the declared style:
// nn.Embedding (and F.embedding, Embedding.from_pretrained), nn.RNN / nn.LSTM / nn.GRU and their
// cells, nn.LayerNorm (and F.layer_norm), torch.nn.utils.clip_grad_norm_ / clip_grad_value_.
// Calling a recurrent layer takes an optional state and returns PyTorch's tuples
// (`output, h_n` / `output, (h_n, c_n)`); `callRecurrent` binds those calls.
// Non-goals: proj_size, packed sequences (torch.nn.utils.rnn), EmbeddingBag, max_norm.

import GradEngine

extension BuiltinTable {
    func registerRecurrentNN(nn: Namespace, F: Namespace, torch: Namespace) {
        section = "nn: recurrent, embedding and normalisation layers"
        def(
            "nn.Embedding",
            "nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, "
                + "scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None)",
            "A table of learnable vectors: embedding(idx) picks the rows named by an int64 tensor of any shape.",
            "nn.Embedding(10, 3)(torch.tensor([[1, 2], [4, 9]])).shape", in: nn
        ) { b, _ in
            try BuiltinTable.refuseEmbeddingOptions(b, "nn.Embedding")
            try BuiltinTable.checkFactoryKwargs(b, "Embedding")
            let w = try b.optTensor("_weight")
            let m = try Embedding(
                try b.int("num_embeddings"), try b.int("embedding_dim"), paddingIdx: try b.optInt("padding_idx"),
                weight: w)
            if w != nil, try b.bool("_freeze") { try m.parameter("weight")?.requiresGrad(false) }
            return .module(m)
        }
        let fromPretrained = BuiltinFunction(
            Signature(
                "Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, "
                    + "scale_grad_by_freq=False, sparse=False)")
        ) { b, _ in
            try BuiltinTable.refuseEmbeddingOptions(b, "Embedding.from_pretrained")
            let w = try b.tensor("embeddings")
            guard w.ndim == 2 else {
                throw valueError("Embeddings parameter is expected to be 2-dimensional")
            }
            let table = w.copy()
            let m = try Embedding(
                w.shape[0], w.shape[1], paddingIdx: try b.optInt("padding_idx"), weight: table)
            if try b.bool("freeze", true) { try table.requiresGrad(false) }
            return .module(m)
        }
        docs.append(
            BuiltinDoc(
                name: "nn.Embedding.from_pretrained",
                signature: "nn.Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None)",
                summary: "An Embedding whose table is a copy of the given 2-D tensor (frozen unless freeze=False).",
                example: "nn.Embedding.from_pretrained(torch.eye(3))(torch.tensor([2]))", section: section))

        for (kind, name, summary) in [
            (
                RecurrentKind.rnnTanh, "RNN",
                "An Elman RNN, h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), over a "
                    + "sequence."
            ),
            (.lstm, "LSTM", "A long short-term memory layer (gates i, f, g, o) over a sequence."),
            (.gru, "GRU", "A gated recurrent unit layer (gates r, z, n) over a sequence."),
        ] {
            let nonlin = kind == .rnnTanh ? "nonlinearity='tanh', " : ""
            def(
                "nn.\(name)",
                "nn.\(name)(input_size, hidden_size, num_layers=1, \(nonlin)bias=True, batch_first=False, dropout=0.0, "
                    + "bidirectional=False, proj_size=0, device=None, dtype=None)",
                summary + " Calling it returns (output, h_n)" + (kind == .lstm ? " with h_n a pair (h_n, c_n)." : "."),
                "nn.\(name)(4, 8, batch_first=True)", in: nn
            ) { b, _ in
                try BuiltinTable.checkFactoryKwargs(b, name)
                if try b.int("proj_size", 0) != 0 {
                    guard kind == .lstm else {
                        throw valueError("proj_size argument is only supported for LSTM, not RNN or GRU")
                    }
                    throw ScriptError(
                        kind: "NotImplementedError", message: "\(name)(proj_size=...) is not supported by gradstep")
                }
                var k = kind
                if kind == .rnnTanh {
                    switch try b.string("nonlinearity", "tanh") {
                    case "tanh": k = .rnnTanh
                    case "relu": k = .rnnReLU
                    case let s: throw valueError("Unknown nonlinearity '\(s)'. Select from 'tanh' or 'relu'.")
                    }
                }
                return .module(
                    try RecurrentLayer(
                        k, inputSize: try b.int("input_size"), hiddenSize: try b.int("hidden_size"),
                        numLayers: try b.int("num_layers", 1), bias: try b.bool("bias", true),
                        batchFirst: try b.bool("batch_first"), dropout: try b.float("dropout", 0),
                        bidirectional: try b.bool("bidirectional")))
            }
            let cellNonlin = kind == .rnnTanh ? ", nonlinearity='tanh'" : ""
            def(
                "nn.\(name)Cell",
                "nn.\(name)Cell(input_size, hidden_size, bias=True\(cellNonlin), device=None, dtype=None)",
                "One step of nn.\(name): cell(input, "
                    + (kind == .lstm ? "(h, c)) returns the new (h, c)." : "h) returns the new h."),
                "nn.\(name)Cell(3, 5)", in: nn
            ) { b, _ in
                try BuiltinTable.checkFactoryKwargs(b, name + "Cell")
                var k = kind
                if kind == .rnnTanh {
                    switch try b.string("nonlinearity", "tanh") {
                    case "tanh": k = .rnnTanh
                    case "relu": k = .rnnReLU
                    case let s: throw valueError("Unknown nonlinearity: \(s)")
                    }
                }
                return .module(
                    try RecurrentCell(
                        k, inputSize: try b.int("input_size"), hiddenSize: try b.int("hidden_size"),
                        bias: try b.bool("bias", true)))
            }
        }
        def(
            "nn.LayerNorm",
            "nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None)",
            "Normalises each sample over its last dims (shape normalized_shape), then scales and shifts.",
            "nn.LayerNorm(4)(torch.tensor([[1., 2., 3., 4.]]))", in: nn
        ) { b, _ in
            try BuiltinTable.checkFactoryKwargs(b, "LayerNorm")
            return .module(
                try LayerNorm(
                    try BuiltinTable.normalizedShape(b), eps: try b.float("eps", 1e-5),
                    elementwiseAffine: try b.bool("elementwise_affine", true), bias: try b.bool("bias", true)))
        }

        section = "F: functional ops and losses"
        def(
            "F.embedding",
            "F.embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, "
                + "sparse=False)",
            "The rows of weight named by the int64 tensor input (the gradient of row padding_idx stays zero).",
            "F.embedding(torch.tensor([2, 0]), torch.eye(3))", in: F
        ) { b, _ in
            try BuiltinTable.refuseEmbeddingOptions(b, "F.embedding")
            let w = try b.tensor("weight")
            var pad = try b.optInt("padding_idx")
            if let p = pad, w.ndim == 2 {
                guard p < w.shape[0], p >= -w.shape[0] else {
                    throw ScriptError(kind: "AssertionError", message: "Padding_idx must be within num_embeddings")
                }
                if p < 0 { pad = p + w.shape[0] }
            }
            return .tensor(try Functional.embedding(try b.tensor("input"), weight: w, paddingIdx: pad))
        }
        def(
            "F.layer_norm", "F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)",
            "Normalises over the last dims (normalized_shape) to mean 0 and variance 1, then weight·x + bias.",
            "F.layer_norm(torch.tensor([[1., 2., 3.]]), (3,))", in: F
        ) { b, _ in
            .tensor(
                try Functional.layerNorm(
                    try b.tensor("input"), normalizedShape: try BuiltinTable.normalizedShape(b),
                    weight: try b.optTensor("weight"), bias: try b.optTensor("bias"), eps: try b.float("eps", 1e-5)))
        }

        section = "nn.utils: gradient clipping"
        let utils = namespace("torch.nn.utils")
        nn.set("utils", .object(utils))
        def(
            "nn.utils.clip_grad_norm_",
            "nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None)",
            "Scales all gradients so their total norm is at most max_norm; returns the norm before clipping.",
            "w = torch.tensor([3.0, 4.0], requires_grad=True)\n(w * w).sum().backward()\n"
                + "nn.utils.clip_grad_norm_([w], 1.0)",
            in: utils
        ) { b, interp in
            let normType: Double
            if case .string(let s)? = b.value("norm_type"), s == "inf" {
                normType = .infinity
            } else {
                normType = try b.double("norm_type", 2)
            }
            return .tensor(
                try ClipGrad.clipGradNorm(
                    try BuiltinTable.gradParameters(b, interp), maxNorm: try b.double("max_norm"),
                    normType: normType, errorIfNonfinite: try b.bool("error_if_nonfinite")))
        }
        def(
            "nn.utils.clip_grad_value_", "nn.utils.clip_grad_value_(parameters, clip_value, foreach=None)",
            "Clamps every gradient to [-clip_value, clip_value] in place.",
            "w = torch.tensor([3.0, 4.0], requires_grad=True)\n(w * w).sum().backward()\n"
                + "nn.utils.clip_grad_value_([w], 5.0)\nw.grad",
            in: utils
        ) { b, interp in
            ClipGrad.clipGradValue(try BuiltinTable.gradParameters(b, interp), clipValue: try b.double("clip_value"))
            return .none
        }

        for (name, file) in [
            ("Embedding", "sparse"), ("RNN", "rnn"), ("LSTM", "rnn"), ("GRU", "rnn"), ("RNNCell", "rnn"),
            ("LSTMCell", "rnn"), ("GRUCell", "rnn"), ("LayerNorm", "normalization"),
        ] where nn.members[name] != nil {
            let cls = nn.makeClass(name, pyModule: "torch.nn.modules.\(file)", kind: .module)
            if name == "Embedding" { cls.classAttributes["from_pretrained"] = .object(fromPretrained) }
        }
    }

    /// Embedding options gradstep does not implement, refused by name when not at their defaults.
    static func refuseEmbeddingOptions(_ b: Bound, _ name: String) throws {
        for (option, isDefault) in [
            ("max_norm", b.value("max_norm") == nil), ("scale_grad_by_freq", !(try b.bool("scale_grad_by_freq"))),
            ("sparse", !(try b.bool("sparse"))),
        ] where !isDefault {
            throw ScriptError(
                kind: "NotImplementedError",
                message: "\(name)(\(option)=...) is not supported by "
                    + "gradstep")
        }
    }

    /// `device=` (the CPU) and `dtype=` (float32) of a layer constructor; others are refused.
    static func checkFactoryKwargs(_ b: Bound, _ name: String) throws {
        try checkDevice(b.value("device"))
        if let dt = try dtype(b.value("dtype")), dt != .float32 {
            throw ScriptError(
                kind: "NotImplementedError",
                message: "\(name)(dtype=torch.\(dt.rawValue)): gradstep's layers are float32 only")
        }
    }

    /// `normalized_shape` given as an int, a list/tuple of ints, or a torch.Size.
    static func normalizedShape(_ b: Bound) throws -> [Int] {
        guard let v = b.value("normalized_shape") else {
            throw typeError("\(b.fname)() missing required argument 'normalized_shape'")
        }
        if let s = try b.ints("normalized_shape") { return s }
        return [try toInt(v, "\(b.fname)(): normalized_shape")]
    }

    /// The tensors of `parameters=`: one tensor, or an iterable (a list, `model.parameters()`).
    static func gradParameters(_ b: Bound, _ interp: Interpreter) throws -> [Tensor] {
        guard let v = b.value("parameters") else {
            throw typeError(
                "\(b.fname)() missing required argument "
                    + "'parameters'")
        }
        if case .tensor(let t) = v { return [t] }
        return try interp.toList(v).map { try toTensor($0, "\(b.fname)(): parameters") }
    }
}

extension Interpreter {
    /// `rnn(input, hx)` / `lstm(input, (h0, c0))` / `cell(input, hx)`: binds the call and returns
    /// PyTorch's result (a tuple for the sequence layers and LSTMCell); nil for other modules.
    func callRecurrent(_ m: Module, _ args: Args) throws -> Value? {
        if let r = m as? RecurrentLayer {
            let b = try Signature("\(r.typeName).forward(input, hx=None)").bind(args)
            let x = try b.tensor("input")
            var h: Tensor? = nil, c: Tensor? = nil
            if let hv = b.value("hx") {
                if r.kind == .lstm {
                    guard let pair = hv.asArray, pair.count == 2 else {
                        throw typeError("LSTM: hx must be a tuple (h_0, c_0) of two tensors, got \(hv.typeName)")
                    }
                    h = try toTensor(pair[0], "LSTM(): h_0")
                    c = try toTensor(pair[1], "LSTM(): c_0")
                } else {
                    h = try toTensor(hv, "\(r.typeName)(): hx")
                }
            }
            try tick()
            let (out, hn, cn) = try r.forward(x, hx: h, cx: c)
            if let cn { return .tuple([.tensor(out), .tuple([.tensor(hn), .tensor(cn)])]) }
            return .tuple([.tensor(out), .tensor(hn)])
        }
        if let cell = m as? RecurrentCell {
            let b = try Signature("\(cell.typeName).forward(input, hx=None)").bind(args)
            let x = try b.tensor("input")
            var h: Tensor? = nil, c: Tensor? = nil
            if let hv = b.value("hx") {
                if cell.kind == .lstm {
                    guard let pair = hv.asArray, pair.count == 2 else {
                        throw typeError("LSTMCell: hx must be a tuple (h_0, c_0) of two tensors, got \(hv.typeName)")
                    }
                    h = try toTensor(pair[0], "LSTMCell(): h_0")
                    c = try toTensor(pair[1], "LSTMCell(): c_0")
                } else {
                    h = try toTensor(hv, "\(cell.typeName)(): hx")
                }
            }
            try tick()
            let (hn, cn) = try cell.forward(x, hx: h, cx: c)
            if let cn { return .tuple([.tensor(hn), .tensor(cn)]) }
            return .tensor(hn)
        }
        return nil
    }
}
