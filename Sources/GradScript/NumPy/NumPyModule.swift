// NumPyModule: the `numpy` module (`import numpy as np`) for what beginner PyTorch code does with it:
// creation (`array`, `zeros`, `arange`, `linspace`, `eye`, `*_like`), elementwise math, reductions
// with `axis=`/`keepdims=`, shape functions, joining, `np.pi`/`np.e`/`np.newaxis`, the dtypes
// float64/float32/int64/bool. `np.random` is in NumPyRandom.swift, the array type in NDArray*.swift.
//
// Non-goals: numpy's full API (linalg, fft, I/O, strings, datetimes, uint8/int32/float16 dtypes:
// those dtypes are refused by name instead of silently becoming another dtype).

import Foundation
import GradEngine

extension BuiltinTable {
    func registerNumPy() {
        section = "numpy"
        let np = namespace("numpy")
        let types: [(String, NPDType)] = [
            ("float64", .float64), ("float32", .float32), ("int64", .int64), ("bool_", .bool), ("double", .float64),
            ("single", .float32),
        ]
        for (name, t) in types { np.set(name, .object(NPTypeObject(t))) }
        np.set("bool", .object(NPTypeObject(.bool)))
        for name in [
            "uint8", "int8", "int16", "int32", "uint16", "uint32", "uint64", "float16", "complex64", "complex128",
        ] {
            np.set(name, .object(Marker("numpy.\(name)", kind: "type")))
        }
        np.set("pi", .float(Double.pi))
        np.set("e", .float(M_E))
        np.set("inf", .float(.infinity))
        np.set("nan", .float(.nan))
        np.set("newaxis", .none)
        np.set("ndarray", .object(Marker.shared("<class 'numpy.ndarray'>", kind: "type")))
        np.set("__version__", .string("2.4.6 (gradstep subset)"))

        func arr(_ v: Value?, _ fname: String) throws -> NDArray {
            guard let v else { throw typeError("\(fname)() missing required argument") }
            return try NDArray.from(v, "\(fname)()")
        }
        func dtypeArg(_ b: Bound, _ fname: String) throws -> NPDType? {
            guard let v = b.value("dtype") else { return nil }
            return try NPDTypeValue.required(v, "\(fname)()")
        }
        func shapeArg(_ v: Value?, _ fname: String) throws -> [Int] {
            guard let v else { throw typeError("\(fname)() missing required argument 'shape'") }
            let dims = try (v.asArray ?? [v]).map { try toInt($0, "\(fname)(): shape") }
            try NDArray.checkShape(dims, "\(fname)()")
            return dims
        }

        // MARK: creation
        def(
            "np.array", "np.array(object, dtype=None, copy=True, ndmin=0)",
            "A numpy array from a (nested) list, a number, an array or a tensor.",
            "np.array([[1, 2], [3, 4]])", in: np
        ) { b, _ in
            var out = try NDArray.from(b.values[0] ?? .none, "array()", dtype: try dtypeArg(b, "array"))
            if case .object(let src as NDArray) = b.values[0] ?? .none, src === out {
                out = NDArray(shape: src.shape, dtype: src.dtype, store: src.store)
            }
            if out.isScalar { out = out.reshaped([]) }
            let ndmin = try b.int("ndmin", 0)
            if out.ndim < ndmin { out = out.reshaped([Int](repeating: 1, count: ndmin - out.ndim) + out.shape) }
            return out.value
        }
        def(
            "np.loadtxt",
            "np.loadtxt(fname, dtype=None, comments='#', delimiter=None, skiprows=0, usecols=None, unpack=False, "
                + "ndmin=0, encoding=None, max_rows=None)",
            "Numbers from a text file (CSV with delimiter=','): one row per line, after skiprows lines; "
                + "comments and blank lines skipped. A 2-D array (1-D for one row or column, as numpy).",
            "# np.loadtxt('data/wine/wine.csv', delimiter=',', dtype=np.float32, skiprows=1)", in: np,
            unsupported: ["converters", "quotechar", "like"]
        ) { b, interp in
            let file = try FileObject.open(
                try Signature("open(file, mode='r', encoding=None)").bind(
                    Args([b.raw("fname") ?? .none], [("encoding", b.raw("encoding") ?? .none)])))
            guard case .object(let f as FileObject) = file else { throw valueError("loadtxt(): cannot read the file") }
            let comments = b.value("comments")?.str
            let delimiter = b.value("delimiter")?.str
            let skip = try b.int("skiprows", 0), maxRows = try b.optInt("max_rows")
            let cols = try b.value("usecols").map { v in try (v.asArray ?? [v]).map { try toInt($0, "usecols") } }
            var rows: [[Double]] = []
            for (k, raw) in f.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where k >= skip
            {
                if let m = maxRows, rows.count >= m { break }
                var line = Substring(raw)
                if let c = comments, !c.isEmpty, let r = line.range(of: c) { line = line[..<r.lowerBound] }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                let fields =
                    delimiter.map { line.components(separatedBy: $0) }
                    ?? line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                var values = try fields.enumerated().map { (j, s) -> Double in
                    let v = s.trimmingCharacters(in: .whitespaces)
                    guard let d = Double(v) ?? (v.lowercased() == "nan" ? .nan : nil) else {
                        throw valueError("could not convert string '\(v)' to float64 at row \(k), column \(j + 1).")
                    }
                    return d
                }
                if let cols {
                    values = try cols.map { c in
                        let i = c < 0 ? c + values.count : c
                        guard i >= 0 && i < values.count else {
                            throw ScriptError(
                                kind: "IndexError",
                                message: "usecols: column \(c) is out of range for \(values.count) "
                                    + "columns")
                        }
                        return values[i]
                    }
                }
                if let first = rows.first, first.count != values.count {
                    throw valueError(
                        "the number of columns changed from \(first.count) to \(values.count) at row "
                            + "\(rows.count + 1); "
                            + "use `usecols` to select a subset and avoid this error")
                }
                rows.append(values)
            }
            let ncols = rows.first?.count ?? 0
            var shape = [rows.count, ncols]
            let ndmin = try b.int("ndmin", 0)
            if ndmin < 2 && (rows.count == 1 || ncols == 1) { shape = [rows.count * ncols] }
            var out = NDArray(doubles: rows.flatMap { $0 }, shape: shape)
            if let d = try dtypeArg(b, "loadtxt") { out = out.astype(d) }
            if try b.bool("unpack"), out.ndim == 2 {
                return .tuple(
                    (0..<ncols).map { c in
                        var col = NDArray(doubles: rows.map { $0[c] }, shape: [rows.count])
                        if let d = out.dtype as NPDType?, d != .float64 { col = col.astype(d) }
                        return col.value
                    })
            }
            _ = interp
            return out.value
        }
        def(
            "np.asarray", "np.asarray(a, dtype=None)",
            "Like np.array, without copying an array that already has the dtype.",
            "np.asarray([1.0, 2.0])", in: np
        ) { b, _ in
            return try NDArray.from(b.values[0] ?? .none, "asarray()", dtype: try dtypeArg(b, "asarray")).value
        }
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0), ("empty", 0.0)] {
            def(
                "np.\(name)", "np.\(name)(shape, dtype=None)",
                name == "empty"
                    ? "A new array of the shape (gradstep fills it with zeros)."
                    : "An array of \(name) of the shape (float64 unless dtype says).",
                "np.\(name)((2, 3))", in: np
            ) { b, _ in
                let s = try shapeArg(b.values[0], name)
                return NDArray.make(
                    [Double](repeating: fill, count: NDArray.product(s)), s, try dtypeArg(b, name) ?? .float64
                ).value
            }
            def(
                "np.\(name)_like", "np.\(name)_like(a, dtype=None)", "An array of \(name) with a's shape and dtype.",
                "np.\(name)_like(np.eye(2))", in: np
            ) { b, _ in
                let src = try arr(b.values[0], "\(name)_like")
                return NDArray.make(
                    [Double](repeating: fill, count: src.count), src.shape, try dtypeArg(b, "\(name)_like") ?? src.dtype
                ).value
            }
        }
        def(
            "np.full", "np.full(shape, fill_value, dtype=None)", "An array of the shape filled with fill_value.",
            "np.full((2, 2), 7)", in: np
        ) { b, _ in
            let s = try shapeArg(b.values[0], "full")
            let v = try NDArray.from(b.values[1] ?? .none, "full()")
            return try v.astype(try dtypeArg(b, "full") ?? v.dtype, scalar: false).broadcast(to: s).value
        }
        def(
            "np.full_like", "np.full_like(a, fill_value, dtype=None)", "An array like a filled with fill_value.",
            "np.full_like(np.zeros(3), 2.5)", in: np
        ) { b, _ in
            let src = try arr(b.values[0], "full_like")
            let v = try NDArray.from(b.values[1] ?? .none, "full_like()")
            return try v.astype(try dtypeArg(b, "full_like") ?? src.dtype, scalar: false).broadcast(to: src.shape).value
        }
        def(
            "np.arange", "np.arange(start, stop=None, step=1, dtype=None)",
            "Evenly spaced values in [start, stop) (int64 for int arguments).",
            "np.arange(5)", in: np
        ) { b, _ in
            var start = b.value("start") ?? .int(0), stop = b.value("stop")
            if stop == nil {
                stop = start
                start = .int(0)
            }
            let step = b.value("step") ?? .int(1)
            let allInt = [start, stop ?? .int(0), step].allSatisfy {
                if case .int = $0 { return true }
                if case .bool = $0 { return true }
                return false
            }
            let s = try toDouble(start, "arange(): start"), e = try toDouble(stop ?? .none, "arange(): stop"),
                st = try toDouble(step, "arange(): step")
            guard st != 0 else { throw ScriptError(kind: "ZeroDivisionError", message: "division by zero") }
            let n = Swift.max(0, Int(((e - s) / st).rounded(.up).clamped(-1, Double(NDArray.maxElements) + 1)))
            try NDArray.checkShape([n], "arange()")
            let t = try dtypeArg(b, "arange") ?? (allInt ? .int64 : .float64)
            if allInt && t == .int64 {
                let si = try toInt(start, "arange()"), sti = try toInt(step, "arange()")
                return NDArray(ints: (0..<n).map { si &+ $0 &* sti }, shape: [n]).value
            }
            return NDArray.make((0..<n).map { s + Double($0) * st }, [n], t).value
        }
        def(
            "np.linspace", "np.linspace(start, stop, num=50, endpoint=True, dtype=None)",
            "num evenly spaced values from start to stop.",
            "np.linspace(0, 1, 5)", in: np
        ) { b, _ in
            let s = try b.double("start"), e = try b.double("stop"), n = try b.int("num", 50)
            guard n >= 0 else { throw valueError("Number of samples, \(n), must be non-negative.") }
            try NDArray.checkShape([n], "linspace()")
            let endpoint = try b.bool("endpoint", true)
            let div = Double(endpoint ? n - 1 : n)
            let step = div > 0 ? (e - s) / div : 0
            var vals = (0..<n).map { s + Double($0) * step }
            if endpoint && n > 1 { vals[n - 1] = e }
            return NDArray.make(vals, [n], try dtypeArg(b, "linspace") ?? .float64).value
        }
        def(
            "np.eye", "np.eye(N, M=None, k=0, dtype=None)", "An N×M array with ones on the k-th diagonal.", "np.eye(3)",
            in: np
        ) { b, _ in
            let n = try b.int("N"), m = try b.int("M", n), k = try b.int("k", 0)
            try NDArray.checkShape([n, m], "eye()")
            var v = [Double](repeating: 0, count: n * m)
            for i in 0..<n where i + k >= 0 && i + k < m { v[i * m + i + k] = 1 }
            return NDArray.make(v, [n, m], try dtypeArg(b, "eye") ?? .float64).value
        }
        def("np.identity", "np.identity(n, dtype=None)", "The n×n identity matrix.", "np.identity(2)", in: np) { b, _ in
            let n = try b.int("n")
            try NDArray.checkShape([n, n], "identity()")
            var v = [Double](repeating: 0, count: n * n)
            for i in 0..<n { v[i * n + i] = 1 }
            return NDArray.make(v, [n, n], try dtypeArg(b, "identity") ?? .float64).value
        }

        // MARK: elementwise math
        let floatFuncs: [(String, (Double) -> Double, String)] = [
            ("exp", { Foundation.exp($0) }, "e**x"), ("log", { Foundation.log($0) }, "natural logarithm"),
            ("log2", { Foundation.log2($0) }, "base-2 logarithm"),
            ("log10", { Foundation.log10($0) }, "base-10 logarithm"),
            ("log1p", { Foundation.log1p($0) }, "log(1 + x)"), ("expm1", { Foundation.expm1($0) }, "exp(x) - 1"),
            ("sqrt", { $0.squareRoot() }, "square root"), ("sin", { Foundation.sin($0) }, "sine"),
            ("cos", { Foundation.cos($0) }, "cosine"), ("tan", { Foundation.tan($0) }, "tangent"),
            ("tanh", { Foundation.tanh($0) }, "hyperbolic tangent"),
            ("arctan", { Foundation.atan($0) }, "inverse tangent"),
            ("arcsin", { Foundation.asin($0) }, "inverse sine"), ("arccos", { Foundation.acos($0) }, "inverse cosine"),
            ("sinh", { Foundation.sinh($0) }, "hyperbolic sine"),
            ("cosh", { Foundation.cosh($0) }, "hyperbolic cosine"),
            ("floor", { Foundation.floor($0) }, "largest integer <= x (as a float)"),
            ("ceil", { Foundation.ceil($0) }, "smallest integer >= x (as a float)"),
        ]
        for (name, f, what) in floatFuncs {
            def("np.\(name)", "np.\(name)(x)", "Elementwise \(what).", "np.\(name)(np.array([1.0, 2.0]))", in: np) {
                b, _ in
                let x = try arr(b.values[0], name)
                if (name == "floor" || name == "ceil") && !x.dtype.isFloat { return x.value }
                return x.mapFloat(f).value
            }
        }
        for name in ["abs", "absolute"] {
            def(
                "np.\(name)", "np.\(name)(x)", "Elementwise absolute value (ints stay ints).",
                "np.\(name)(np.array([-1, 2]))", in: np
            ) { b, _ in
                let x = try arr(b.values[0], name)
                if x.dtype == .bool { return x.value }
                return x.mapKeep({ Swift.abs($0) }, int: { $0 == Int.min ? $0 : Swift.abs($0) }).value
            }
        }
        def("np.square", "np.square(x)", "Elementwise x**2.", "np.square(np.arange(3))", in: np) { b, _ in
            return try arr(b.values[0], "square").mapKeep({ $0 * $0 }, int: { $0 &* $0 }).value
        }
        def("np.sign", "np.sign(x)", "Elementwise -1, 0 or 1.", "np.sign(np.array([-2.0, 0.0, 3.0]))", in: np) { b, _ in
            return try arr(b.values[0], "sign").mapKeep(
                { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, int: { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
            ).value
        }
        for name in ["isnan", "isinf", "isfinite"] {
            def(
                "np.\(name)", "np.\(name)(x)", "Elementwise test, a bool array.", "np.\(name)(np.array([1.0, np.nan]))",
                in: np
            ) { b, _ in
                let x = try arr(b.values[0], name)
                let f: (Double) -> Bool =
                    name == "isnan" ? { $0.isNaN } : name == "isinf" ? { $0.isInfinite } : { $0.isFinite }
                return NDArray(bools: x.doubles.map(f), shape: x.shape, scalar: x.isScalar || x.ndim == 0).value
            }
        }
        for name in ["round", "around"] {
            def(
                "np.\(name)", "np.\(name)(a, decimals=0)", "Rounds half to even at the given decimals.",
                "np.\(name)(np.array([0.125, 2.5]), 2)", in: np
            ) { b, _ in
                return NDArray.round(try arr(b.values[0], name), decimals: try b.int("decimals", 0)).value
            }
        }
        let binaryFuncs: [(String, BinOp)] = [
            ("add", .add), ("subtract", .sub), ("multiply", .mul), ("divide", .div), ("power", .pow),
        ]
        for (name, op) in binaryFuncs {
            def(
                "np.\(name)", "np.\(name)(x1, x2, /, out=None)",
                "Elementwise x1 \(op.rawValue) x2, with broadcasting; with out=, written into that array.",
                "np.\(name)(np.arange(3), 2)", in: np
            ) { b, _ in
                let r = try NDArray.binary(op, b.values[0] ?? .none, b.values[1] ?? .none)
                guard let o = b.value("out") else { return r }
                return try NDArray.writeOut(r, o, name)
            }
        }
        for name in ["maximum", "minimum"] {
            def(
                "np.\(name)", "np.\(name)(x1, x2)",
                "Elementwise \(name == "maximum" ? "larger" : "smaller") of two arrays (NaN wins), with broadcasting.",
                "np.\(name)(np.array([1, 5]), 3)", in: np
            ) { b, _ in
                let x = b.values[0] ?? .none, y = b.values[1] ?? .none
                let pick = try NDArray.compare(name == "maximum" ? .ge : .le, x, y)
                let nanX = try NDArray.from(x, name).mapFloat { $0 }
                let r = try NDArray.where_(pick, x, y)
                let yArr = try NDArray.from(y, name)
                if nanX.dtype.isFloat || yArr.dtype.isFloat {
                    // NaN in either operand propagates
                    let isnanX = NDArray(bools: nanX.doubles.map { $0.isNaN }, shape: nanX.shape)
                    return try NDArray.where_(isnanX.value, x, r)
                }
                return r
            }
        }
        def(
            "np.clip", "np.clip(a, a_min, a_max)", "Limits the values to [a_min, a_max] (None: no limit on that side).",
            "np.clip(np.arange(5), 1, 3)", in: np
        ) { b, _ in
            return try NDArray.clip(try arr(b.values[0], "clip"), b.value("a_min"), b.value("a_max"))
        }
        def(
            "np.where", "np.where(condition, x=None, y=None, /)",
            "x where condition is true, else y, with broadcasting; with the condition alone, np.nonzero(condition).",
            "np.where(np.arange(4) > 1, 1.0, 0.0)", in: np
        ) { b, _ in
            guard b.passed("x"), b.passed("y"), let x = b.values[1], let y = b.values[2] else {
                if b.passed("x") || b.passed("y") {
                    throw valueError("either both or neither of x and y should be given")
                }
                let c = try arr(b.values[0], "where")
                return .tuple(try nonzero(c))
            }
            return try NDArray.where_(b.values[0] ?? .none, x, y)
        }
        def(
            "np.nonzero", "np.nonzero(a)", "Indices of the nonzero elements, one array per dimension.",
            "np.nonzero(np.array([0, 3, 0, 4]))", in: np
        ) { b, _ in
            return .tuple(try nonzero(try arr(b.values[0], "nonzero")))
        }
        func nonzero(_ c: NDArray) throws -> [Value] {
            let nz = c.bools.enumerated().filter { $0.element }.map(\.offset)
            var strides = [Int](repeating: 1, count: c.ndim)
            var s = 1
            for i in stride(from: c.ndim - 1, through: 0, by: -1) {
                strides[i] = s
                s *= c.shape[i]
            }
            return (0..<c.ndim).map { d in
                NDArray(ints: nz.map { ($0 / strides[d]) % c.shape[d] }, shape: [nz.count]).value
            }
        }
        for name in ["dot", "matmul"] {
            def(
                "np.\(name)", "np.\(name)(a, b)",
                name == "dot" ? "Dot product of vectors, matrix product of matrices." : "Matrix product (`a @ b`).",
                "np.\(name)(np.eye(2), np.array([1.0, 2.0]))", in: np
            ) { b, _ in
                let x = try arr(b.values[0], name), y = try arr(b.values[1], name)
                if name == "dot" && (x.ndim == 0 || y.ndim == 0) { return try NDArray.binary(.mul, x.value, y.value) }
                return try NDArray.matmul(x, y, name: name).value
            }
        }
        def(
            "np.outer", "np.outer(a, b)", "Outer product of two vectors.", "np.outer(np.arange(2), np.arange(3))",
            in: np
        ) { b, _ in
            let x = try arr(b.values[0], "outer"), y = try arr(b.values[1], "outer")
            return try NDArray.binary(.mul, x.reshaped([x.count, 1]).value, y.reshaped([1, y.count]).value)
        }

        // MARK: reductions
        let reductions: [(String, NDArray.Reduction, String)] = [
            ("sum", .sum, "Sum"), ("mean", .mean, "Mean"), ("prod", .prod, "Product"), ("max", .max, "Largest value"),
            ("amax", .max, "Largest value"), ("min", .min, "Smallest value"), ("amin", .min, "Smallest value"),
            ("any", .any, "Whether any element is true"), ("all", .all, "Whether every element is true"),
        ]
        for (name, r, what) in reductions {
            def(
                "np.\(name)", "np.\(name)(a, axis=None, keepdims=False)",
                "\(what) of the elements (over an axis or axes).",
                "np.\(name)(np.array([[1, 2], [3, 4]]), axis=0)", in: np
            ) { b, _ in
                return try arr(b.values[0], name).reduce(
                    r, axis: b.value("axis"), keepdims: try b.bool("keepdims", false))
            }
        }
        for name in ["std", "var"] {
            def(
                "np.\(name)", "np.\(name)(a, axis=None, ddof=0, keepdims=False)",
                name == "std" ? "Standard deviation (population: ddof=0)." : "Variance (population: ddof=0).",
                "np.\(name)(np.array([1.0, 2.0, 3.0, 4.0]))", in: np
            ) { b, _ in
                return try arr(b.values[0], name).reduce(
                    name == "std" ? .std : .variance, axis: b.value("axis"),
                    keepdims: try b.bool("keepdims", false), ddof: try b.int("ddof", 0))
            }
        }
        for name in ["argmax", "argmin"] {
            def(
                "np.\(name)", "np.\(name)(a, axis=None)",
                "Index of the \(name == "argmax" ? "largest" : "smallest") value (first one; over the flattened array "
                    + "without axis).",
                "np.\(name)(np.array([3, 9, 2]))", in: np
            ) { b, _ in
                return try arr(b.values[0], name).reduce(
                    name == "argmax" ? .argmax : .argmin, axis: b.value("axis"), keepdims: false)
            }
        }
        def(
            "np.cumsum", "np.cumsum(a, axis=None)", "Running sum (over the flattened array without axis).",
            "np.cumsum(np.arange(4))", in: np
        ) { b, _ in
            return try arr(b.values[0], "cumsum").cumsum(axis: try b.optInt("axis")).value
        }
        def(
            "np.argsort", "np.argsort(a, axis=-1)", "Indices that sort the array along an axis.",
            "np.argsort(np.array([3, 1, 2]))", in: np
        ) { b, _ in
            return try arr(b.values[0], "argsort").argsort(axis: try b.int("axis", -1)).value
        }
        def("np.sort", "np.sort(a, axis=-1)", "A sorted copy along an axis.", "np.sort(np.array([3, 1, 2]))", in: np) {
            b, _ in
            let x = try arr(b.values[0], "sort"), ax = try b.int("axis", -1)
            return try x.takeAlong(try x.argsort(axis: ax), axis: ax).value
        }
        def(
            "np.unique", "np.unique(ar, return_counts=False)",
            "The sorted distinct values (and how often each occurs).",
            "np.unique(np.array([2, 1, 2, 3]))", in: np
        ) { b, _ in
            let x = try arr(b.values[0], "unique")
            let flat = x.reshaped([x.count])
            let order = try flat.argsort(axis: 0).ints
            let vals = flat.doubles
            var keep: [Int] = [], counts: [Int] = []
            for k in order {
                if let last = keep.last, vals[last] == vals[k] || (vals[last].isNaN && vals[k].isNaN) {
                    counts[counts.count - 1] += 1
                } else {
                    keep.append(k)
                    counts.append(1)
                }
            }
            let u = flat.gather(keep, shape: [keep.count])
            if try b.bool("return_counts", false) {
                return .tuple([u.value, NDArray(ints: counts, shape: [counts.count]).value])
            }
            return u.value
        }
        def(
            "np.count_nonzero", "np.count_nonzero(a, axis=None)", "How many elements are nonzero.",
            "np.count_nonzero(np.array([0, 1, 2]))", in: np
        ) { b, _ in
            let x = try arr(b.values[0], "count_nonzero").astype(.bool)
            let r = try x.reduce(.sum, axis: b.value("axis"), keepdims: false)
            if case .object(let s as NDArray) = r, s.ndim == 0 { return .int(s.ints[0]) }
            return r
        }
        def(
            "np.allclose", "np.allclose(a, b, rtol=1e-05, atol=1e-08)",
            "Whether |a - b| <= atol + rtol * |b| everywhere.",
            "np.allclose(np.array([1.0]), np.array([1.0 + 1e-9]))", in: np
        ) { b, _ in
            let x = try arr(b.values[0], "allclose"), y = try arr(b.values[1], "allclose")
            let rtol = try b.double("rtol", 1e-5), atol = try b.double("atol", 1e-8)
            let shape = try NDArray.broadcastShape(x.shape, y.shape)
            let ix = NDArray.broadcastOffsets(from: x.shape, to: shape),
                iy = NDArray.broadcastOffsets(from: y.shape, to: shape)
            let xd = x.doubles, yd = y.doubles
            return .bool(
                (0..<ix.count).allSatisfy { k in
                    let p = xd[ix[k]], q = yd[iy[k]]
                    return p == q || Swift.abs(p - q) <= atol + rtol * Swift.abs(q)
                })
        }
        def(
            "np.array_equal", "np.array_equal(a1, a2)", "Whether two arrays have the same shape and values.",
            "np.array_equal(np.arange(3), [0, 1, 2])", in: np
        ) { b, _ in
            let x = try arr(b.values[0], "array_equal"), y = try arr(b.values[1], "array_equal")
            return .bool(x.shape == y.shape && x.doubles == y.doubles)
        }

        // MARK: shapes and joining
        def(
            "np.reshape", "np.reshape(a, shape)", "The values with a new shape (one dimension may be -1).",
            "np.reshape(np.arange(6), (2, 3))", in: np
        ) { b, _ in
            guard let s = b.value("shape") ?? b.value("newshape") else {
                throw typeError("reshape() missing required argument 'shape'")
            }
            return try arr(b.values[0], "reshape").reshape(
                try (s.asArray ?? [s]).map { try toInt($0, "reshape(): shape") }
            ).value
        }
        def(
            "np.transpose", "np.transpose(a, axes=None)", "The array with its axes reversed (or in the given order).",
            "np.transpose(np.arange(6).reshape(2, 3))", in: np
        ) { b, _ in
            let x = try arr(b.values[0], "transpose")
            guard let axes = b.value("axes") else { return x.permuted(Array((0..<x.ndim).reversed())).value }
            return try x.transpose(try (axes.asArray ?? [axes]).map { try toInt($0, "transpose(): axes") }).value
        }
        def("np.ravel", "np.ravel(a)", "The values as a 1-d array.", "np.ravel(np.eye(2))", in: np) { b, _ in
            let x = try arr(b.values[0], "ravel")
            return x.reshaped([x.count]).value
        }
        def(
            "np.squeeze", "np.squeeze(a, axis=None)", "Removes dimensions of size 1.",
            "np.squeeze(np.zeros((1, 3, 1))).shape", in: np
        ) { b, _ in
            return try arr(b.values[0], "squeeze").squeeze(b.value("axis")).value
        }
        def(
            "np.expand_dims", "np.expand_dims(a, axis)", "Inserts a dimension of size 1 at axis.",
            "np.expand_dims(np.arange(3), 0).shape", in: np
        ) { b, _ in
            return try arr(b.values[0], "expand_dims").expandDims(try b.int("axis")).value
        }
        func arrays(_ v: Value?, _ fname: String, _ interp: Interpreter) throws -> [NDArray] {
            guard let v else { throw typeError("\(fname)() missing required argument 'arrays'") }
            if case .object(let a as NDArray) = v {
                return (0..<(a.shape.first ?? 0)).compactMap { try? a.getItem(.int($0)) }
            }
            return try interp.toList(v).map { try NDArray.from($0, "\(fname)()") }
        }
        def(
            "np.concatenate", "np.concatenate(arrays, axis=0)", "Joins arrays along an existing axis.",
            "np.concatenate([np.zeros(2), np.ones(2)])", in: np
        ) { b, interp in
            let xs = try arrays(b.values[0], "concatenate", interp)
            if b.values[1]?.isNone == true {
                return try NDArray.concatenate(xs.map { $0.reshaped([$0.count]) }, axis: 0).value
            }
            return try NDArray.concatenate(xs, axis: try b.int("axis", 0)).value
        }
        def(
            "np.stack", "np.stack(arrays, axis=0)", "Joins arrays of the same shape along a new axis.",
            "np.stack([np.zeros(2), np.ones(2)])", in: np
        ) { b, interp in
            return try NDArray.stack(try arrays(b.values[0], "stack", interp), axis: try b.int("axis", 0)).value
        }
        def(
            "np.vstack", "np.vstack(tup)", "Stacks arrays as rows (1-d arrays become rows).",
            "np.vstack([np.zeros(2), np.ones(2)])", in: np
        ) { b, interp in
            let xs = try arrays(b.values[0], "vstack", interp).map { $0.ndim < 2 ? $0.reshaped([1, $0.count]) : $0 }
            return try NDArray.concatenate(xs, axis: 0).value
        }
        def(
            "np.hstack", "np.hstack(tup)", "Stacks arrays side by side (along axis 1, or 0 for 1-d arrays).",
            "np.hstack([np.zeros(2), np.ones(2)])", in: np
        ) { b, interp in
            let xs = try arrays(b.values[0], "hstack", interp).map { $0.ndim == 0 ? $0.reshaped([1]) : $0 }
            return try NDArray.concatenate(xs, axis: (xs.first?.ndim ?? 1) == 1 ? 0 : 1).value
        }
        def("np.shape", "np.shape(a)", "The shape tuple.", "np.shape([[1, 2, 3]])", in: np) { b, _ in
            return .tuple(try arr(b.values[0], "shape").shape.map(Value.int))
        }
        def("np.copy", "np.copy(a)", "A copy of the array.", "np.copy(np.arange(3))", in: np) { b, _ in
            let x = try arr(b.values[0], "copy")
            return NDArray(shape: x.shape, dtype: x.dtype, store: x.store).value
        }

        registerNumPyRandom(np)
        registerNumPyTorchBridge()
        section = "numpy"
        let linalg = namespace("numpy.linalg")
        np.set("linalg", .object(linalg))
        def(
            "np.linalg.norm", "np.linalg.norm(x, ord=None, axis=None, keepdims=False)",
            "The 2-norm of a vector (ord=1: sum of |x|, ord=np.inf: max |x|), the Frobenius norm of a matrix; over an "
                + "axis if given.",
            "np.linalg.norm(np.array([3.0, 4.0]))", in: linalg
        ) { b, _ in
            let x = try arr(b.value("x"), "norm").astype(.float64, scalar: false)
            let ord = try b.optDouble("ord")
            let absArr = NDArray(doubles: x.doubles.map { Swift.abs($0) }, shape: x.shape)
            guard let o = ord else {
                let sq = NDArray(doubles: absArr.doubles.map { $0 * $0 }, shape: x.shape)
                let s = try sq.reduce(.sum, axis: b.value("axis"), keepdims: try b.bool("keepdims"))
                guard case .object(let r as NDArray) = s else { return s }
                return r.mapFloat { $0.squareRoot() }.value
            }
            guard x.ndim == 1 || b.value("axis")?.asInt != nil else {
                throw valueError("norm(): gradstep supports ord= for vectors (or with an int axis) only")
            }
            if o == 1 { return try absArr.reduce(.sum, axis: b.value("axis"), keepdims: try b.bool("keepdims")) }
            if o == .infinity {
                return try absArr.reduce(.max, axis: b.value("axis"), keepdims: try b.bool("keepdims"))
            }
            if o == 2 {
                let sq = NDArray(doubles: absArr.doubles.map { $0 * $0 }, shape: x.shape)
                guard
                    case .object(let r as NDArray) = try sq.reduce(
                        .sum, axis: b.value("axis"), keepdims: try b.bool("keepdims"))
                else { return .none }
                return r.mapFloat { $0.squareRoot() }.value
            }
            throw valueError("norm(): ord=\(Repr.pyFloat(o)) is not supported by gradstep (None, 1, 2, np.inf are)")
        }
        prefixExamples(sections: ["numpy", "numpy.random"], with: "import numpy as np\n")
    }

    /// Makes the examples of these sections runnable on their own (the reference runs every example).
    func prefixExamples(sections: Set<String>, with imports: String) {
        docs = docs.map { d in
            guard sections.contains(d.section), !d.example.hasPrefix(imports) else { return d }
            return BuiltinDoc(
                name: d.name, signature: d.signature, summary: d.summary, example: imports + d.example,
                section: d.section)
        }
    }
}

extension Double {
    func clamped(_ lo: Double, _ hi: Double) -> Double { isNaN ? lo : Swift.min(Swift.max(self, lo), hi) }
}
