// NNBuiltins: the torch.nn surface beyond the slides' layers, declared in the declared style:
// more layers (Dropout2d, AdaptiveAvgPool2d, BatchNorm1d/2d, LogSoftmax, Identity, ModuleList),
// more losses (L1Loss, SmoothL1Loss, BCEWithLogitsLoss and their F.* forms), F.adaptive_avg_pool2d,
// F.dropout2d, the nn.init functions, and the class objects every layer and loss is made through
// (`makeLayerClasses`), so `type(m) == nn.Linear` and `isinstance(m, nn.Linear)` hold.
// Recurrent layers, Embedding and LayerNorm are declared in RecurrentBuiltins.swift.

import GradEngine

extension BuiltinTable {
    func registerMoreNN(nn: Namespace, F: Namespace, torch: Namespace) {
        section = "nn: layers and models"
        def(
            "nn.Dropout2d", "nn.Dropout2d(p=0.5, inplace=False)",
            "Zeroes whole channels with probability p in training mode, scales the rest by 1/(1-p).",
            "nn.Dropout2d(0.25)", in: nn
        ) { b, _ in
            if try b.bool("inplace") {
                throw ScriptError(
                    kind: "NotImplementedError", message: "nn.Dropout2d(inplace=True) is not supported by gradstep")
            }
            return .module(try Dropout2d(p: b.float("p", 0.5)))
        }
        def(
            "nn.AdaptiveAvgPool2d", "nn.AdaptiveAvgPool2d(output_size)",
            "Averages each channel down to output_size (an int or (h, w); None keeps a side).",
            "nn.AdaptiveAvgPool2d((1, 1))", in: nn
        ) { b, _ in
            let (size, single) = try BuiltinTable.outputSize(b)
            return .module(try AdaptiveAvgPool2d(size, single: single))
        }
        for d in [1, 2] {
            def(
                "nn.BatchNorm\(d)d",
                "nn.BatchNorm\(d)d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
                "Normalises each channel by the batch's mean and variance (running statistics in eval mode), then "
                    + "scales and shifts.",
                "nn.BatchNorm\(d)d(4)", in: nn, unsupported: ["device", "dtype"]
            ) { b, _ in
                guard try b.bool("track_running_stats", true) else {
                    throw ScriptError(
                        kind: "NotImplementedError",
                        message: "BatchNorm\(d)d(track_running_stats=False) is not supported by gradstep")
                }
                guard b.value("momentum") != nil else {
                    throw ScriptError(
                        kind: "NotImplementedError",
                        message: "BatchNorm\(d)d(momentum=None) (cumulative average) is not supported by gradstep")
                }
                return .module(
                    try BatchNorm(
                        try b.int("num_features"), spatialDims: d, eps: try b.float("eps", 1e-5),
                        momentum: try b.float("momentum", 0.1), affine: try b.bool("affine", true)))
            }
        }
        def(
            "nn.LogSoftmax", "nn.LogSoftmax(dim=None)", "Layer form of log_softmax along dim (pairs with nn.NLLLoss).",
            "nn.LogSoftmax(dim=1)", in: nn
        ) { b, _ in
            // dim=None: PyTorch's deprecated implicit choice (0 for 0-, 1- and 3-d inputs, else 1)
            .module(LogSoftmax(dim: try b.optInt("dim")))
        }
        def(
            "nn.Identity", "nn.Identity(*args, **kwargs)", "Returns its input unchanged (a placeholder layer).",
            "nn.Identity()", in: nn
        ) { _, _ in
            .module(Identity())
        }
        def(
            "nn.ModuleList", "nn.ModuleList(modules=None)",
            "A list of layers registered as submodules (index, iterate, append); no forward of its own.",
            "nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])", in: nn
        ) { b, interp in
            let items = try b.value("modules").map { try interp.toList($0) } ?? []
            return .module(
                ModuleList(
                    try items.map { v in
                        guard let m = v.asModule else {
                            throw typeError("ModuleList: \(v.typeName) is not a Module subclass")
                        }
                        return m
                    }))
        }

        section = "nn: losses"
        for (name, fname, summary) in [
            ("L1Loss", "l1_loss", "Loss module: F.l1_loss(output, target), mean |x - y|."),
            (
                "BCEWithLogitsLoss", "binary_cross_entropy_with_logits",
                "Loss module: sigmoid + binary cross entropy in one stable step."
            ),
        ] {
            def(
                "nn.\(name)", "nn.\(name)(size_average=None, reduce=None, reduction='mean')", summary, "nn.\(name)()",
                in: nn, unsupported: name == "BCEWithLogitsLoss" ? ["weight", "pos_weight"] : []
            ) { b, _ in
                .object(LossObject(name: name, reduction: try BuiltinTable.reduction(b), function: fname))
            }
        }
        def(
            "nn.SmoothL1Loss", "nn.SmoothL1Loss(size_average=None, reduce=None, reduction='mean', beta=1.0)",
            "Loss module: quadratic below beta, linear above (F.smooth_l1_loss).",
            "nn.SmoothL1Loss()", in: nn
        ) { b, _ in
            .object(
                LossObject(
                    name: "SmoothL1Loss", reduction: try BuiltinTable.reduction(b), function: "smooth_l1_loss",
                    beta: try b.double("beta", 1.0)))
        }

        section = "F: functional ops and losses"
        def(
            "F.l1_loss", "F.l1_loss(input, target, size_average=None, reduce=None, reduction='mean')",
            "Mean of |input - target|.", "F.l1_loss(torch.tensor([0.5, 2.0]), torch.tensor([1.0, 1.0]))",
            in: F, unsupported: ["weight"]
        ) { b, _ in
            .tensor(
                try Functional.l1Loss(
                    try b.tensor("input"), try b.tensor("target"), reduction: try BuiltinTable.reduction(b)))
        }
        def(
            "F.smooth_l1_loss",
            "F.smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0)",
            "½(x-y)²/beta where |x-y| < beta, else |x-y| - ½beta; averaged.",
            "F.smooth_l1_loss(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]))", in: F
        ) { b, _ in
            .tensor(
                try Functional.smoothL1Loss(
                    try b.tensor("input"), try b.tensor("target"), reduction: try BuiltinTable.reduction(b),
                    beta: try b.double("beta", 1.0)))
        }
        def(
            "F.huber_loss", "F.huber_loss(input, target, reduction='mean', delta=1.0)",
            "½(x-y)² where |x-y| < delta, else delta·(|x-y| - ½delta); averaged.",
            "F.huber_loss(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]))", in: F, unsupported: ["weight"]
        ) { b, _ in
            .tensor(
                try Functional.huberLoss(
                    try b.tensor("input"), try b.tensor("target"), reduction: try BuiltinTable.reduction(b),
                    delta: try b.double("delta", 1.0)))
        }
        def(
            "nn.HuberLoss", "nn.HuberLoss(reduction='mean', delta=1.0)",
            "Loss module: quadratic below delta, linear above (F.huber_loss).", "nn.HuberLoss()", in: nn
        ) { b, _ in
            .object(
                LossObject(
                    name: "HuberLoss", reduction: try BuiltinTable.reduction(b), function: "huber_loss",
                    beta: try b.double("delta", 1.0)))
        }
        def(
            "F.binary_cross_entropy_with_logits",
            "F.binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, "
                + "reduction='mean', pos_weight=None)",
            "Binary cross entropy of sigmoid(input), computed stably from the logits.",
            "F.binary_cross_entropy_with_logits(torch.tensor([0.3, -1.2]), torch.tensor([1.0, 0.0]))", in: F
        ) { b, _ in
            guard b.value("weight") == nil, b.value("pos_weight") == nil else {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "binary_cross_entropy_with_logits(): weight= and pos_weight= are not supported by gradstep"
                )
            }
            return .tensor(
                try Functional.binaryCrossEntropyWithLogits(
                    try b.tensor("input"), try b.tensor("target"), reduction: try BuiltinTable.reduction(b)))
        }
        def(
            "F.adaptive_avg_pool2d", "F.adaptive_avg_pool2d(input, output_size)",
            "Averages each channel of [N, C, H, W] down to output_size.",
            "F.adaptive_avg_pool2d(torch.ones(1, 1, 4, 4), 2).shape", in: F
        ) { b, _ in
            .tensor(
                try Functional.adaptiveAvgPool2d(try b.tensor("input"), outputSize: try BuiltinTable.outputSize(b).0))
        }
        def(
            "F.dropout2d", "F.dropout2d(input, p=0.5, training=True, inplace=False)",
            "Zeroes whole channels with probability p when training.",
            "F.dropout2d(torch.ones(1, 2, 2, 2), training=False)", in: F
        ) { b, _ in
            if try b.bool("inplace") {
                throw ScriptError(
                    kind: "NotImplementedError", message: "F.dropout2d(inplace=True) is not supported by gradstep")
            }
            return .tensor(
                try Functional.dropout2d(
                    try b.tensor("input"), p: try b.float("p", 0.5), training: try b.bool("training", true)))
        }

        // MARK: nn.init
        section = "nn.init: initialising parameters"
        let initNS = namespace("torch.nn.init")
        nn.set("init", .object(initNS))
        let w = "w = torch.zeros(3, 5)\n"
        func inPlace(
            _ name: String, _ sig: String, _ summary: String, _ example: String, unsupported: [String] = ["generator"],
            _ body: @escaping (Tensor, Bound) throws -> Void
        ) {
            def(
                "nn.init.\(name)", "nn.init.\(name)(\(sig))", summary, w + example, in: initNS, unsupported: unsupported
            ) { b, _ in
                let t = try b.tensor("tensor")
                try noGrad { try body(t, b) }
                return .tensor(t)
            }
        }
        inPlace(
            "uniform_", "tensor, a=0.0, b=1.0", "Fills with values uniform in [a, b).",
            "nn.init.uniform_(w, -0.1, 0.1).shape"
        ) { t, b in
            NNInit.uniform(t, try b.double("a", 0), try b.double("b", 1))
        }
        inPlace(
            "normal_", "tensor, mean=0.0, std=1.0", "Fills with normal values N(mean, std²).",
            "nn.init.normal_(w, std=0.01).shape"
        ) { t, b in
            NNInit.normal(t, mean: try b.double("mean", 0), std: try b.double("std", 1))
        }
        inPlace("constant_", "tensor, val", "Fills with one value.", "nn.init.constant_(w, 0.5)", unsupported: []) {
            t, b in
            NNInit.constant(t, try b.double("val"))
        }
        inPlace("zeros_", "tensor", "Fills with zeros.", "nn.init.zeros_(w)", unsupported: []) { t, _ in
            NNInit.constant(t, 0)
        }
        inPlace("ones_", "tensor", "Fills with ones.", "nn.init.ones_(w)", unsupported: []) { t, _ in
            NNInit.constant(t, 1)
        }
        inPlace(
            "xavier_uniform_", "tensor, gain=1.0", "Glorot uniform: U(±gain·√(6/(fan_in+fan_out))).",
            "nn.init.xavier_uniform_(w).shape"
        ) { t, b in
            try NNInit.xavierUniform(t, gain: try b.double("gain", 1))
        }
        inPlace(
            "xavier_normal_", "tensor, gain=1.0", "Glorot normal: N(0, gain²·2/(fan_in+fan_out)).",
            "nn.init.xavier_normal_(w).shape"
        ) { t, b in
            try NNInit.xavierNormal(t, gain: try b.double("gain", 1))
        }
        inPlace(
            "kaiming_uniform_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'",
            "He uniform: U(±√3·gain/√fan).",
            "nn.init.kaiming_uniform_(w, nonlinearity='relu').shape"
        ) { t, b in
            try NNInit.kaimingUniform(
                t, a: try b.double("a", 0), mode: try b.string("mode", "fan_in"),
                nonlinearity: try b.string("nonlinearity", "leaky_relu"))
        }
        inPlace(
            "kaiming_normal_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu'", "He normal: N(0, gain²/fan).",
            "nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu').shape"
        ) { t, b in
            try NNInit.kaimingNormal(
                t, a: try b.double("a", 0), mode: try b.string("mode", "fan_in"),
                nonlinearity: try b.string("nonlinearity", "leaky_relu"))
        }
        def(
            "nn.init.calculate_gain", "nn.init.calculate_gain(nonlinearity, param=None)",
            "The recommended gain for a nonlinearity (relu: √2, tanh: 5/3, ...).",
            "nn.init.calculate_gain('relu')", in: initNS
        ) { b, _ in
            .float(try NNInit.gain(try b.string("nonlinearity"), try b.optDouble("param")))
        }

        makeLayerClasses(nn: nn, torch: torch)
    }

    /// Turns every layer, loss and `torch.Tensor` into a class object (see BuiltinClass.swift).
    func makeLayerClasses(nn: Namespace, torch: Namespace) {
        let layers: [(String, String)] = [
            ("Linear", "linear"), ("Conv2d", "conv"), ("MaxPool2d", "pooling"), ("AvgPool2d", "pooling"),
            ("AdaptiveAvgPool2d", "pooling"),
            ("ReLU", "activation"), ("Sigmoid", "activation"), ("Tanh", "activation"), ("Softmax", "activation"),
            ("LogSoftmax", "activation"), ("LeakyReLU", "activation"), ("ELU", "activation"), ("SELU", "activation"),
            ("GELU", "activation"), ("SiLU", "activation"), ("Softplus", "activation"), ("Hardtanh", "activation"),
            ("ReLU6", "activation"),
            ("Flatten", "flatten"), ("Dropout", "dropout"), ("Dropout2d", "dropout"), ("Sequential", "container"),
            ("ModuleList", "container"),
            ("Identity", "linear"), ("BatchNorm1d", "batchnorm"), ("BatchNorm2d", "batchnorm"),
        ]
        for (name, file) in layers where nn.members[name] != nil {
            nn.makeClass(name, pyModule: "torch.nn.modules.\(file)", kind: .module)
        }
        for name in [
            "CrossEntropyLoss", "MSELoss", "NLLLoss", "BCELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
            "BCEWithLogitsL"
                + "oss",
        ] where nn.members[name] != nil {
            nn.makeClass(name, pyModule: "torch.nn.modules.loss", kind: .object)
        }
        var ctor: Value? = nil
        // legacy torch.Tensor(data)
        if case .object(let f as BuiltinFunction)? = torch.members["Tensor"] { ctor = .object(f) }
        let tensorClass = BuiltinClass.make("Tensor", pyModule: "torch", kind: .tensor, constructor: ctor)
        torch.set("Tensor", .object(tensorClass))
        // nn.Parameter: a Tensor subclass (`type(layer.bias)`, `isinstance(p, nn.Parameter)`).
        if let param = nn.members["Parameter"] {
            let c = BuiltinClass.make(
                "Parameter", pyModule: "torch.nn.parameter", kind: .tensor, base: tensorClass, constructor: param)
            nn.set("Parameter", .object(c))
        }
    }

    /// `output_size` given as `5`, `(5, 7)` or `(None, 7)`; the flag says it was one number.
    static func outputSize(_ b: Bound) throws -> ((Int?, Int?), Bool) {
        guard let v = b.value("output_size") else {
            throw typeError("\(b.fname)() missing required argument 'output_size'")
        }
        if let arr = v.asArray {
            guard arr.count == 2 else {
                throw valueError("\(b.fname)(): output_size must be an int or a pair, got \(v.repr)")
            }
            let s = try arr.map { $0.isNone ? nil : try toInt($0, "\(b.fname)(): output_size") }
            return ((s[0], s[1]), false)
        }
        let n = try toInt(v, "\(b.fname)(): output_size")
        return ((n, n), true)
    }
}
