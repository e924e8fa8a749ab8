// Datasets: Fashion-MNIST, MNIST and any folder of four IDX files, found on disk or downloaded.
//
// A folder is searched for `train-images-idx3-ubyte` / `train-labels-idx1-ubyte` (and `t10k-...` for
// the test split), each raw or `.gz`, directly or under torchvision's `<Name>/raw/` layout.
// The default folder is `$GRADSTEP_DATA`, else Debian's `/usr/share/datasets/fashion-mnist`
// (package `dataset-fashion-mnist`). `mnist(download: true)` fetches the four `.gz` files first.
//
// Non-goals: other dataset formats (CIFAR, ImageFolder), checksums of downloads beyond IDX checks.

import Foundation

/// Dataset constructors and locations.
public enum Datasets {
    /// Debian's Fashion-MNIST folder, the offline default.
    public static let debianFashionMNIST = "/usr/share/datasets/fashion-mnist"

    /// The default data folder: `$GRADSTEP_DATA` when set and not empty, else Debian's Fashion-MNIST folder.
    public static var defaultRoot: String {
        if let v = ProcessInfo.processInfo.environment["GRADSTEP_DATA"], !v.isEmpty { return v }
        return debianFashionMNIST
    }

    /// Fashion-MNIST's ten class names, indexed by label.
    public static let fashionMNISTClasses = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]
    /// MNIST's class names, torchvision style: `"0 - zero"`, ...
    public static let mnistClasses = [
        "0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
        "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine",
    ]

    /// Fashion-MNIST from `root` (default `defaultRoot`), the training (60,000) or test (10,000) split.
    /// Fashion-MNIST is never downloaded: with `download` and no files in `root` (nor `root/FashionMNIST/raw`),
    /// the error says so and points to the local copy.
    public static func fashionMNIST(
        root: String? = nil, train: Bool = true, download: Bool = false,
        transforms: [Transform] = []
    ) throws -> Dataset {
        let folder = root ?? defaultRoot
        do {
            return try idxFolder(
                folder, train: train, name: "FashionMNIST", classNames: fashionMNISTClasses, transforms: transforms)
        } catch let e as EngineError where download && folder != defaultRoot {
            let local = defaultRoot
            let hasLocal = FileManager.default.fileExists(atPath: local)
            throw EngineError(
                "FashionMNIST",
                "download=True: Fashion-MNIST cannot be downloaded here (gradstep works offline) and \(folder) does "
                    + "not hold its files (\(e.message)). "
                    + (hasLocal
                        ? "A local copy is in \(local): use datasets.FashionMNIST(root='\(local)', ...), or set "
                            + "GRADSTEP_DATA to it."
                        : "Put the four IDX files in \(folder) (or \(folder)/FashionMNIST/raw), or install the Debian "
                            + "package dataset-fashion-mnist (\(debianFashionMNIST)) and set GRADSTEP_DATA.")
            )
        }
    }

    /// MNIST from `root` (default `$GRADSTEP_DATA`, else `~/.cache/gradstep/mnist`). With `download`,
    /// as torchvision: when the four files are not already in `root` or `root/MNIST/raw`, they are
    /// fetched from `baseURL` into `root/MNIST/raw`.
    public static func mnist(
        root: String? = nil, train: Bool = true, download: Bool = false,
        baseURL: String = Download.mnistMirror, transforms: [Transform] = []
    ) throws -> Dataset {
        let folder = root ?? mnistDefaultRoot
        if download {
            let bases = Download.mnistFiles.map { String($0.dropLast(3)) }  // without ".gz"
            let present = bases.allSatisfy { (try? find(folder, $0, name: "MNIST")) != nil }
            if !present { try Download.mnist(to: folder + "/MNIST/raw", baseURL: baseURL) }
        }
        return try idxFolder(folder, train: train, name: "MNIST", classNames: mnistClasses, transforms: transforms)
    }

    /// Where `mnist()` looks by default.
    public static var mnistDefaultRoot: String {
        if let v = ProcessInfo.processInfo.environment["GRADSTEP_DATA"], !v.isEmpty { return v }
        return NSHomeDirectory() + "/.cache/gradstep/mnist"
    }

    /// Any MNIST-format folder: reads the images and labels of one split and checks they agree.
    /// Labels must be below `classNames.count` (default: ten digit names).
    public static func idxFolder(
        _ root: String, train: Bool = true, name: String = "IDX",
        classNames: [String]? = nil, transforms: [Transform] = []
    ) throws -> Dataset {
        let split = train ? "train" : "t10k"
        let imagesPath = try find(root, "\(split)-images-idx3-ubyte", name: name)
        let labelsPath = try find(root, "\(split)-labels-idx1-ubyte", name: name)
        let images = try IDX.read(path: imagesPath)
        let labels = try IDX.read(path: labelsPath)
        guard images.dims.count == 3 else {
            throw EngineError(
                "dataset", "\(imagesPath): expected 3 dimensions [N, H, W] for images, found \(fmt(images.dims))")
        }
        guard labels.dims.count == 1 else {
            throw EngineError(
                "dataset", "\(labelsPath): expected 1 dimension [N] for labels, found \(fmt(labels.dims))")
        }
        guard images.dims[0] == labels.dims[0] else {
            throw EngineError(
                "dataset", "\(imagesPath) has \(images.dims[0]) images but \(labelsPath) has \(labels.dims[0]) labels")
        }
        let names = classNames ?? mnistClasses
        let labelInts = labels.data.map(Int.init)
        if let bad = labelInts.firstIndex(where: { $0 >= names.count }) {
            throw EngineError(
                "dataset",
                "\(labelsPath): label \(labelInts[bad]) at index \(bad) is not below the \(names.count) classes")
        }
        return try Dataset(
            name: name, train: train, source: root, classNames: names, rawImages: images.data,
            imageShape: Array(images.dims[1...]), labels: labelInts, transforms: transforms,
            imagesFile: imagesPath)
    }

    /// The path of `base` (raw or `.gz`) in `root` or `root/<name>/raw`, or an error listing where it looked.
    static func find(_ root: String, _ base: String, name: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw EngineError(
                "dataset",
                "data folder \(root) does not exist"
                    + (root == debianFashionMNIST
                        ? " (install the Debian package dataset-fashion-mnist, or set GRADSTEP_DATA to a folder with "
                            + "the four IDX files)"
                        : name == "MNIST" ? " (download=True fetches MNIST into it on a machine that is online)" : ""))
        }
        let dirs = [root, root + "/" + name + "/raw"]
        for d in dirs {
            for f in [base + ".gz", base, base.replacingOccurrences(of: "-idx", with: ".idx")] {
                let p = d + "/" + f
                if FileManager.default.fileExists(atPath: p) { return p }
            }
        }
        throw EngineError(
            "dataset",
            "\(base)[.gz] not found in \(root) (nor in \(name)/raw under it)"
                + (name == "MNIST" ? "; download=True fetches it on a machine that is online" : ""))
    }
}
