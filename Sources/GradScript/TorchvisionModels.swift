// TorchvisionModels: `torchvision.models.resnet18/34/50/101/152(weights=None)`, torchvision's
// residual networks built by the engine (GradEngine/NN/ResNet.swift) with torchvision's parameter
// names, state-dict keys and printed form; `ResNet`, `BasicBlock` and `Bottleneck` are class objects
// (`type(m)`, `isinstance(m.layer1[0], torchvision.models.resnet.BasicBlock)`).
// Pretrained weights (`weights=...`, `pretrained=True`) are refused with a clear message: gradstep
// runs offline and cannot download them.
// Non-goals: the other architectures, the weight enums (`ResNet18_Weights`), ResNeXt/wide options.

import GradEngine

extension BuiltinTable {
    func registerTorchvisionModels() {
        guard case .object(let torchvision as Namespace)? = modules["torchvision"] else { return }
        let saved = section
        defer { section = saved }
        section = "nn: layers and models"
        let models = namespace("torchvision.models")
        torchvision.set("models", .object(models))
        let resnetModule = namespace("torchvision.models.resnet")
        models.set("resnet", .object(resnetModule))
        let variants: [(String, ResNet.Block, [Int], String)] = [
            ("resnet18", .basic, [2, 2, 2, 2], "m = torchvision.models.resnet18(weights=None)\nm.fc"),
            ("resnet34", .basic, [3, 4, 6, 3], "m = torchvision.models.resnet34()\nlen(m.layer3)"),
            ("resnet50", .bottleneck, [3, 4, 6, 3], "m = torchvision.models.resnet50(num_classes=10)\nm.fc"),
            ("resnet101", .bottleneck, [3, 4, 23, 3], "# torchvision.models.resnet101(): 44.5 million parameters"),
            ("resnet152", .bottleneck, [3, 8, 36, 3], "# torchvision.models.resnet152(): 60.2 million parameters"),
        ]
        for (name, block, layers, example) in variants {
            let f = def(
                "torchvision.models.\(name)",
                "torchvision.models.\(name)(*, weights=None, progress=True, num_classes=1000, "
                    + "zero_init_residual=False, pretrained=False)",
                "torchvision's \(name) (\(layers.map(String.init).joined(separator: "-")) "
                    + "\(block == .basic ? "BasicBlock" : "Bottleneck")s), untrained (weights=None only: no download "
                    + "offline).",
                "import torchvision\n" + example, in: models,
                unsupported: ["groups", "width_per_group", "replace_stride_with_dilation", "norm_layer"]
            ) { b, interp in
                if try b.value("weights") != nil || b.bool("pretrained") {
                    throw ScriptError(
                        kind: "RuntimeError",
                        message:
                            "\(name)(): pretrained weights cannot be downloaded (gradstep runs offline); use "
                            + "\(name)(weights=None) for an untrained model, or load weights you have with "
                            + "model.load_state_dict(torch.load(PATH))")
                }
                let classes = try b.int("num_classes")
                try interp.checkSize([classes, 512 * (block == .basic ? 1 : 4)], "torchvision.models.\(name)")
                return .module(
                    try ResNet(
                        block, layers: layers, numClasses: classes,
                        zeroInitResidual: try b.bool("zero_init_residual")))
            }
            resnetModule.set(name, f)
        }
        for cls in ["ResNet", "BasicBlock", "Bottleneck"] {
            let c = BuiltinClass.make(cls, pyModule: "torchvision.models.resnet", kind: .module, constructor: nil)
            resnetModule.set(cls, .object(c))
            if cls == "ResNet" { models.set(cls, .object(c)) }
        }
    }
}
