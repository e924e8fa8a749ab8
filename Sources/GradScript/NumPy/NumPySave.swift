// NumPySave: `np.save(file, arr)` and `np.load(file)` in numpy's own .npy format (version 1.0), so
// files go both ways between gradstep and real numpy.
//
//   "\x93NUMPY" 0x01 0x00 <header length, uint16 little-endian> <header> <data>
//   header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }" padded with spaces and
//   ended by '\n' so that the data starts at a multiple of 64 bytes; data row-major, little-endian.
//
// dtypes: float64 '<f8', float32 '<f4', int64 '<i8', bool '|b1' both ways; np.load also reads
// '<i4', '<i2', '|i1', '|u1', '<u2', '<u4' (as int64 arrays: gradstep's numpy has no narrower ints)
// and '<f2' (as float32). `file` is a path (np.save adds '.npy' when it is missing, as numpy does)
// or a file opened in binary mode.
// Non-goals: `.npz` (np.savez), object arrays and `allow_pickle=True` (pickles can run code),
// Fortran order, big-endian data, memory mapping.

import Foundation
import GradEngine

enum NPYFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The .npy bytes of `a`.
    static func encode(_ a: NDArray) -> [UInt8] {
        let descr: String
        switch a.dtype {
        case .float64: descr = "<f8"
        case .float32: descr = "<f4"
        case .int64: descr = "<i8"
        case .bool: descr = "|b1"
        }
        let shape =
            a.shape.isEmpty
            ? "()"
            : a.shape.count == 1 ? "(\(a.shape[0]),)" : "(" + a.shape.map(String.init).joined(separator: ", ") + ")"
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        let total = magic.count + 2 + 2 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - total % 64) % 64) + [0x0A]
        var out = magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        switch a.dtype {
        case .float64:
            for v in a.doubles { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        case .float32:
            for v in a.doubles { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { out += $0 } }
        case .int64:
            for v in a.ints { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
        case .bool:
            out += a.bools.map { $0 ? 1 : 0 }
        }
        return out
    }

    static func bad(_ name: String, _ why: String) -> ScriptError {
        valueError("np.load(): \(name) is not a .npy file numpy wrote (\(why))")
    }

    /// The array in .npy `bytes`; `name` names the source in messages.
    static func decode(_ b: [UInt8], name: String) throws -> NDArray {
        guard b.count >= 10, Array(b[0..<6]) == magic else {
            if b.first == 0x50 && b.dropFirst().first == 0x4B {
                throw valueError("np.load(): \(name) is a .npz archive; gradstep reads .npy files only")
            }
            throw valueError("Cannot load file containing pickled data when allow_pickle=False")
        }
        let major = b[6]
        let hlenSize = major == 1 ? 2 : 4
        guard major >= 1 && major <= 3, b.count >= 8 + hlenSize else { throw bad(name, "version \(major)") }
        var hlen = 0
        for k in (0..<hlenSize).reversed() { hlen = hlen << 8 | Int(b[8 + k]) }
        let start = 8 + hlenSize + hlen
        guard start <= b.count else { throw bad(name, "truncated header") }
        let header = String(decoding: b[(8 + hlenSize)..<start], as: UTF8.self)
        func field(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let d = field("descr"), d.hasPrefix("'"), let end = d.dropFirst().firstIndex(of: "'") else {
            throw bad(name, "no descr")
        }
        let descr = String(d[d.index(after: d.startIndex)..<end])
        if let f = field("fortran_order"), f.hasPrefix("True") {
            throw valueError("np.load(): \(name) is in Fortran order, which gradstep does not read")
        }
        guard let s = field("shape"), s.hasPrefix("("), let close = s.firstIndex(of: ")") else {
            throw bad(name, "no shape")
        }
        let dims = s[s.index(after: s.startIndex)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        var shape: [Int] = []
        var count = 1
        for t in dims {
            guard let n = Int(t), n >= 0 else { throw bad(name, "shape \(s[...close])") }
            shape.append(n)
            let (c, o) = count.multipliedReportingOverflow(by: n)
            guard !o, c <= NDArray.maxElements else {
                throw ScriptError(kind: "MemoryError", message: "np.load(): \(name) holds too many values")
            }
            count = c
        }
        let sizes: [String: Int] = [
            "<f8": 8, "<f4": 4, "<f2": 2, "<i8": 8, "<i4": 4, "<i2": 2, "|i1": 1, "|u1": 1, "<u2": 2, "<u4": 4,
            "|b1": 1,
        ]
        guard let size = sizes[descr] else {
            if descr.hasPrefix(">") {
                throw valueError(
                    "np.load(): \(name) is big-endian, which gradstep does not "
                        + "read")
            }
            throw valueError("np.load(): \(name) has dtype '\(descr)', which gradstep's numpy does not hold")
        }
        guard b.count - start >= count * size else {
            throw valueError(
                "cannot reshape array of size \((b.count - start) / size) into shape "
                    + "\(Value.tuple(shape.map { .int($0) }).repr)")
        }
        func word(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in (0..<size).reversed() { v = v << 8 | UInt64(b[start + i * size + k]) }
            return v
        }
        switch descr {
        case "<f8": return NDArray(doubles: (0..<count).map { Double(bitPattern: word($0)) }, shape: shape)
        case "<f4":
            return NDArray(
                doubles: (0..<count).map { Double(Float(bitPattern: UInt32(word($0)))) }, shape: shape, dtype: .float32)
        case "<f2":
            return NDArray(
                doubles: (0..<count).map { Double(Float(Float16(bitPattern: UInt16(word($0))))) }, shape: shape,
                dtype: .float32)
        case "|b1": return NDArray(bools: (0..<count).map { word($0) != 0 }, shape: shape)
        case "<i8": return NDArray(ints: (0..<count).map { Int(Int64(bitPattern: word($0))) }, shape: shape)
        case "<i4": return NDArray(ints: (0..<count).map { Int(Int32(truncatingIfNeeded: word($0))) }, shape: shape)
        case "<i2": return NDArray(ints: (0..<count).map { Int(Int16(truncatingIfNeeded: word($0))) }, shape: shape)
        case "|i1": return NDArray(ints: (0..<count).map { Int(Int8(truncatingIfNeeded: word($0))) }, shape: shape)
        default: return NDArray(ints: (0..<count).map { Int(word($0)) }, shape: shape)
        }
    }
}

extension BuiltinTable {
    func registerNumPySave() {
        guard case .object(let np as Namespace)? = modules["numpy"] else { return }
        let saved = section
        section = "numpy"
        def(
            "np.save", "np.save(file, arr, allow_pickle=True, fix_imports=True)",
            "Writes an array to a .npy file (numpy's format; '.npy' is added to a path without it).",
            "import numpy as np\nnp.save('a', np.arange(3))\nnp.load('a.npy')", in: np,
            unsupported: ["fix_imports"]
        ) { b, interp in
            var arr = b.raw("arr") ?? .none
            if !(arr.isNDArray) {
                arr = try interp.callValue(try np.getAttribute("array", interp) ?? .none, Args([arr]))
            }
            guard case .object(let a as NDArray) = arr else {
                throw typeError(
                    "np.save(): cannot save "
                        + "\(arr.typeName)")
            }
            let bytes = NPYFormat.encode(a)
            switch b.raw("file") {
            case .object(let f as StreamFile)?:
                guard f.binary || !f.writable else { throw typeError("write() argument must be str, not bytes") }
                try f.writeAll(bytes)
            case let v:
                var path = try PyOS.pathString(v, "np.save()")
                if !path.hasSuffix(".npy") { path += ".npy" }
                let f = try StreamFile.open(path: path, mode: "wb", encoding: "utf-8")
                defer { f.close() }
                try f.writeAll(bytes)
            }
            return .none
        }
        def(
            "np.load",
            "np.load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII', *, "
                + "max_header_size=10000)",
            "Reads an array from a .npy file (numpy's format).",
            "import numpy as np\nnp.save('a.npy', np.eye(2))\nnp.load('a.npy')", in: np,
            unsupported: ["mmap_mode", "fix_imports"]
        ) { b, _ in
            if try b.bool("allow_pickle") {
                throw valueError(
                    "np.load(allow_pickle=True): gradstep never unpickles (it can run code); it reads "
                        + ".npy "
                        + "arrays of numbers")
            }
            switch b.raw("file") {
            case .object(let f as StreamFile)?:
                return .object(try NPYFormat.decode(try f.readBytes(nil), name: f.path))
            case let v:
                let path = try PyOS.pathString(v, "np.load()")
                let f = try StreamFile.open(path: path, mode: "rb", encoding: "utf-8")
                defer { f.close() }
                return .object(try NPYFormat.decode(try f.readBytes(nil), name: path))
            }
        }
        section = saved
    }
}

extension Value {
    fileprivate var isNDArray: Bool {
        if case .object(let o) = self { return o is NDArray }
        return false
    }
}
