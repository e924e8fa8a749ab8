// ResNet: torchvision's residual networks (resnet18/34/50/101/152, "Deep Residual Learning for Image
// Recognition", He et al. 2015) with torchvision's architecture, child names, parameter names,
// state-dict keys, initialisation rules and printed form, built from the engine's layers.
//
// Every forward reads its submodules by name (`child("conv1")`), so a learner who replaces one
// (`model.conv1 = nn.Conv2d(1, 64, ...)`, `model.fc = nn.Linear(512, 2)`) gets it used, as in
// PyTorch; `list(model.children())[:-1]` in an nn.Sequential runs the same layers.
// Non-goals: pretrained weights (no download), groups/width_per_group (ResNeXt, wide ResNets),
// replace_stride_with_dilation, norm_layer; the in-place `out += identity` is computed out of place
// (same values and gradients).

/// A module's child `name`, or an AttributeError-style error naming the model.
private func part(_ m: Module, _ name: String) throws -> Module {
    guard let c = m.child(name) else {
        throw EngineError(m.typeName, "'\(m.typeName)' object has no attribute '\(name)'")
    }
    return c
}

/// A 3×3 (or 1×1) convolution without bias, initialised as torchvision's ResNet does:
/// kaiming_normal_(mode="fan_out", nonlinearity="relu"), i.e. N(0, 2 / (out · k · k)).
private func resnetConv(_ cin: Int, _ cout: Int, kernel: Int, stride: Int) throws -> Conv2d {
    let c = try Conv2d(cin, cout, kernelSize: kernel, stride: stride, padding: kernel / 2, bias: false)
    try NNInit.kaimingNormal(c.weight, mode: "fan_out", nonlinearity: "relu")
    return c
}

/// torchvision's `ReLU(inplace=True)`.
private func inplaceReLU() -> Module { PointwiseActivation("ReLU", inplace: true) { $0.relu() } }

/// The two-convolution block of resnet18/34: `relu(bn2(conv2(relu(bn1(conv1(x))))) + identity)`,
/// identity = `downsample(x)` when the block changes the shape (stride 2 or more channels), else x.
/// Shapes: [N, C, H, W] → [N, planes, ⌈H/stride⌉, ⌈W/stride⌉].
public final class BasicBlock: Module, @unchecked Sendable {
    public static let expansion = 1

    public init(_ inplanes: Int, _ planes: Int, stride: Int = 1, downsample: Module? = nil) throws {
        super.init()
        registerModule("conv1", try resnetConv(inplanes, planes, kernel: 3, stride: stride))
        registerModule("bn1", try BatchNorm(planes, spatialDims: 2))
        registerModule("relu", inplaceReLU())
        registerModule("conv2", try resnetConv(planes, planes, kernel: 3, stride: 1))
        registerModule("bn2", try BatchNorm(planes, spatialDims: 2))
        registerModule("downsample", downsample)
    }

    public override var typeName: String { "BasicBlock" }

    public override func forward(_ x: Tensor) throws -> Tensor {
        let relu = try part(self, "relu")
        var out = try relu(try part(self, "bn1")(try part(self, "conv1")(x)))
        out = try part(self, "bn2")(try part(self, "conv2")(out))
        let identity = try child("downsample").map { try $0(x) } ?? x
        return try relu(try Tensor.add(out, identity))
    }
}

/// The three-convolution block of resnet50/101/152 (1×1 reduce, 3×3 with the stride, 1×1 expand
/// to 4·planes): `relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + identity)`.
/// Shapes: [N, C, H, W] → [N, 4·planes, ⌈H/stride⌉, ⌈W/stride⌉].
public final class Bottleneck: Module, @unchecked Sendable {
    public static let expansion = 4

    public init(_ inplanes: Int, _ planes: Int, stride: Int = 1, downsample: Module? = nil) throws {
        super.init()
        registerModule("conv1", try resnetConv(inplanes, planes, kernel: 1, stride: 1))
        registerModule("bn1", try BatchNorm(planes, spatialDims: 2))
        registerModule("conv2", try resnetConv(planes, planes, kernel: 3, stride: stride))
        registerModule("bn2", try BatchNorm(planes, spatialDims: 2))
        registerModule("conv3", try resnetConv(planes, planes * Bottleneck.expansion, kernel: 1, stride: 1))
        registerModule("bn3", try BatchNorm(planes * Bottleneck.expansion, spatialDims: 2))
        registerModule("relu", inplaceReLU())
        registerModule("downsample", downsample)
    }

    public override var typeName: String { "Bottleneck" }

    public override func forward(_ x: Tensor) throws -> Tensor {
        let relu = try part(self, "relu")
        var out = try relu(try part(self, "bn1")(try part(self, "conv1")(x)))
        out = try relu(try part(self, "bn2")(try part(self, "conv2")(out)))
        out = try part(self, "bn3")(try part(self, "conv3")(out))
        let identity = try child("downsample").map { try $0(x) } ?? x
        return try relu(try Tensor.add(out, identity))
    }
}

/// torchvision's ResNet: a 7×7 stride-2 stem (conv1, bn1, relu, 3×3 stride-2 max pool with
/// padding 1), four stages of residual blocks (64, 128, 256, 512 planes; stages 2-4 halve the
/// resolution), a global average pool and a fully connected classifier `fc`.
/// Shapes: [N, 3, H, W] → [N, num_classes].
public final class ResNet: Module, @unchecked Sendable {
    public enum Block: Sendable { case basic, bottleneck }

    /// `layers`: blocks per stage (resnet18: [2, 2, 2, 2], resnet34 and resnet50: [3, 4, 6, 3], ...).
    /// `zeroInitResidual`: each block's last BatchNorm starts with γ = 0 (torchvision's option).
    public init(_ block: Block, layers: [Int], numClasses: Int = 1000, zeroInitResidual: Bool = false) throws {
        guard layers.count == 4, layers.allSatisfy({ $0 >= 1 && $0 <= 1000 }) else {
            throw EngineError("ResNet", "layers must be 4 block counts between 1 and 1000, got \(layers)")
        }
        guard numClasses >= 1 else { throw EngineError("ResNet", "num_classes must be positive, got \(numClasses)") }
        super.init()
        let expansion = block == .basic ? BasicBlock.expansion : Bottleneck.expansion
        registerModule("conv1", try resnetConv(3, 64, kernel: 7, stride: 2))
        registerModule("bn1", try BatchNorm(64, spatialDims: 2))
        registerModule("relu", inplaceReLU())
        registerModule("maxpool", try MaxPool2d(3, stride: 2, padding: 1))
        var inplanes = 64
        for (i, (planes, count)) in zip([64, 128, 256, 512], layers).enumerated() {
            let stride = i == 0 ? 1 : 2
            var blocks: [Module] = []
            for j in 0..<count {
                let s = j == 0 ? stride : 1
                var downsample: Module? = nil
                if j == 0 && (s != 1 || inplanes != planes * expansion) {
                    downsample = Sequential([
                        try resnetConv(inplanes, planes * expansion, kernel: 1, stride: s),
                        try BatchNorm(planes * expansion, spatialDims: 2),
                    ])
                }
                switch block {
                case .basic: blocks.append(try BasicBlock(inplanes, planes, stride: s, downsample: downsample))
                case .bottleneck: blocks.append(try Bottleneck(inplanes, planes, stride: s, downsample: downsample))
                }
                inplanes = planes * expansion
            }
            registerModule("layer\(i + 1)", Sequential(blocks))
        }
        registerModule("avgpool", try AdaptiveAvgPool2d((1, 1)))
        registerModule("fc", try Linear(512 * expansion, numClasses))
        if zeroInitResidual {
            for (_, m) in namedModules() {
                let last = m is Bottleneck ? "bn3" : (m is BasicBlock ? "bn2" : nil)
                if let last, let w = m.child(last)?.parameter("weight") { NNInit.constant(w, 0) }
            }
        }
    }

    public override var typeName: String { "ResNet" }

    public override func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for name in ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"] {
            y = try part(self, name)(y)
        }
        return try part(self, "fc")(try Flatten(startDim: 1).forward(y))
    }
}
