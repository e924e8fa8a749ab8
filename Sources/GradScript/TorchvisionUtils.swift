// TorchvisionUtils: `torchvision.utils.make_grid` (the tutorials' way to show a batch of images),
// and the names a tutorial imports for code paths it does not run here: `torchvision.io`'s image
// decoders and `pandas`, whose calls each say clearly that gradstep does not have them (the import
// itself works, so a script that defines a CSV-backed Dataset class but trains on FashionMNIST runs).
// Non-goals: make_grid's `value_range`/`scale_each`, image file decoding, any of pandas.

import Foundation
import GradEngine

extension BuiltinTable {
    func registerTorchvisionUtils() {
        guard case .object(let torchvision as Namespace)? = modules["torchvision"] else { return }
        let saved = section
        section = "data: datasets and loaders"
        let utils = namespace("torchvision.utils")
        torchvision.set("utils", .object(utils))
        def(
            "torchvision.utils.make_grid",
            "torchvision.utils.make_grid(tensor, nrow=8, padding=2, normalize=False, value_range=None, "
                + "scale_each=False, pad_value=0.0)",
            "A batch of images [B, C, H, W] laid out as one image [3, rows·(H+p)+p, cols·(W+p)+p] (1 channel becomes "
                + "3).",
            "import torchvision\ntorchvision.utils.make_grid(torch.ones(4, 1, 2, 2), nrow=2, padding=1).shape",
            in: utils,
            unsupported: []
        ) { b, _ in
            if try b.value("value_range") != nil || b.bool("scale_each") {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "make_grid(value_range=..., scale_each=True) is not supported by gradstep")
            }
            return .tensor(
                try BuiltinTable.makeGrid(
                    try b.tensor("tensor"), nrow: try b.int("nrow"), padding: try b.int("padding"),
                    normalize: try b.bool("normalize"), padValue: try b.float("pad_value")))
        }

        def(
            "torchvision.utils.save_image",
            "torchvision.utils.save_image(tensor, fp, format=None, nrow=8, padding=2, normalize=False, "
                + "value_range=None, scale_each=False, pad_value=0.0)",
            "Writes images [B, C, H, W] (or one [C, H, W]) as one PNG file laid out by make_grid: each value "
                + "v in [0, 1] becomes the byte round(255·v), clamped.",
            "import torchvision\ntorchvision.utils.save_image(torch.rand(4, 1, 8, 8), 'samples.png', nrow=2)",
            in: utils,
            unsupported: []
        ) { b, _ in
            if try b.value("value_range") != nil || b.bool("scale_each") {
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "save_image(value_range=..., scale_each=True) is not supported by gradstep")
            }
            let path = try b.string("fp")
            let format = b.has("format") ? try b.string("format") : nil
            let ext = (path as NSString).pathExtension.lowercased()
            guard (format?.lowercased() ?? ext) == "png" else {
                throw valueError(
                    "save_image(): gradstep writes PNG files only (a name ending in .png, or format='png'), not "
                        + "'\(path)'")
            }
            let grid = try BuiltinTable.makeGrid(
                try b.tensor("tensor"), nrow: try b.int("nrow"), padding: try b.int("padding"),
                normalize: try b.bool("normalize"), padValue: try b.float("pad_value"))
            try AtomicFile.write(try PNG.encode(image: grid), to: path, op: "save_image")
            return .none
        }

        let io = namespace("torchvision.io")
        torchvision.set("io", .object(io))
        for name in ["decode_image", "read_image"] {
            def(
                "torchvision.io.\(name)", "torchvision.io.\(name)(input, mode=None)",
                "Not available: gradstep reads no image files (use datasets.FashionMNIST or tensors).",
                "# torchvision.io.\(name)('img.png') raises NotImplementedError", in: io
            ) { _, _ in
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "torchvision.io.\(name) is not supported by gradstep: it reads no image files")
            }
        }

        section = "pandas"
        let pd = namespace("pandas")
        for name in ["read_csv", "DataFrame", "Series"] {
            def(
                "pandas.\(name)", "pandas.\(name)(*args, **kwargs)",
                "Not available: `import pandas` works so scripts load, but gradstep has no pandas.",
                "# pandas.\(name)(...) raises NotImplementedError", in: pd
            ) { _, _ in
                throw ScriptError(
                    kind: "NotImplementedError",
                    message: "pandas.\(name) is not supported by gradstep (it has no pandas; numpy and torch are there)"
                )
            }
        }
        section = saved
    }

    /// torchvision's make_grid: images [B, C, H, W] (or [C, H, W], [H, W]) in rows of `nrow`,
    /// `padding` pixels of `padValue` around each; a 1-channel batch is repeated to 3 channels.
    /// `normalize`: shift and scale the whole batch to [0, 1] by its min and max first.
    static func makeGrid(_ input: Tensor, nrow: Int, padding: Int, normalize: Bool, padValue: Float) throws -> Tensor {
        var t = input.detach()
        if t.ndim == 2 { t = try t.unsqueeze(0) }
        if t.ndim == 3 {
            if t.shape[0] == 1 { t = try Tensor.cat([t, t, t], dim: 0) }
            t = try t.unsqueeze(0)
        }
        guard t.ndim == 4 else {
            throw valueError("make_grid(): expected a 4-D tensor [B, C, H, W], got shape \(t.shape)")
        }
        guard nrow > 0, padding >= 0 else { throw valueError("make_grid(): nrow must be > 0 and padding >= 0") }
        if t.shape[1] == 1 { t = try Tensor.cat([t, t, t], dim: 1) }
        var v = t.data
        if normalize, let lo = v.min(), let hi = v.max() {
            let d = Swift.max(hi - lo, 1e-5)
            v = v.map { ($0 - lo) / d }
        }
        let n = t.shape[0], c = t.shape[1], h = t.shape[2], w = t.shape[3]
        // No images: torchvision divides by zero (ZeroDivisionError); found by scripts/fuzz-binary.py.
        guard n > 0 else { throw valueError("make_grid(): the batch holds no images (shape \(t.shape))") }
        if n == 1 { return try Tensor(shape: [c, h, w], data: v) }
        let xmaps = Swift.min(nrow, n), ymaps = (n + xmaps - 1) / xmaps
        // A grid of more than 2**28 values is refused; padding past 2**14 alone makes one (and
        // keeps the sums below within Int: h, w, n are at most 2**28 each).
        guard padding <= 1 << 14 else { throw valueError("make_grid(): the grid would be too large") }
        let height = h + padding, width = w + padding
        let gh = height * ymaps + padding, gw = width * xmaps + padding
        let (area, o1) = gh.multipliedReportingOverflow(by: gw)
        guard !o1, c.multipliedReportingOverflow(by: area).overflow == false, c * area <= 1 << 28 else {
            throw valueError("make_grid(): the grid would be too large")
        }
        var out = [Float](repeating: padValue, count: c * gh * gw)
        for k in 0..<n {
            let y = k / xmaps, x = k % xmaps
            for ch in 0..<c {
                for i in 0..<h {
                    let src = ((k * c + ch) * h + i) * w
                    let dst = (ch * gh + y * height + padding + i) * gw + x * width + padding
                    for j in 0..<w { out[dst + j] = v[src + j] }
                }
            }
        }
        return try Tensor(shape: [c, gh, gw], data: out)
    }
}
