// Safetensors: the file format of Hugging Face's `safetensors` (what `safetensors.torch.load_file` reads).
//
//   8 bytes   little-endian UInt64 N, the header's length
//   N bytes   UTF-8 JSON: {"__metadata__": {"k": "v"}, "conv1.weight": {"dtype": "F32",
//             "shape": [10, 1, 5, 5], "data_offsets": [begin, end]}, ...}   (padded with spaces to 8 bytes)
//   rest      the tensors' bytes, little-endian, back to back; offsets are relative to the start of
//             this part, contiguous, with no holes or overlaps.
//
// Writing is atomic (AtomicFile.swift): a temporary file in the target's folder is written, fsync'ed,
// then renamed over the target, so an interrupted save leaves the old file (or none), never a broken one. Reading
// checks
// everything (header length, JSON, dtypes, shapes against byte ranges, holes, overlaps, trailing data)
// and names the file and the tensor at fault.
//
// Non-goals: dtypes other than F32 for writing (F64, I64, I32 and U8 are read and converted); mmap.

import Foundation

/// Reading and writing safetensors files.
public enum Safetensors {
    /// Largest header accepted (the reference implementation's limit is 100 MB).
    static let maxHeader = 100_000_000

    /// Writes `tensors` (in the given order) as F32 (float64 tensors as F64) with string `metadata`,
    /// atomically. Names must be unique and not empty; int64/bool tensors are stored as F32 values too.
    public static func write(_ tensors: [(String, Tensor)], metadata: [String: String] = [:], to path: String) throws {
        try AtomicFile.write(try encode(tensors, metadata: metadata), to: path, op: "safetensors.save")
    }

    /// The bytes of a safetensors file holding `tensors` and `metadata` (see `write`).
    public static func encode(_ tensors: [(String, Tensor)], metadata: [String: String] = [:]) throws -> [UInt8] {
        let op = "safetensors.save"
        var seen = Set<String>()
        for (n, _) in tensors {
            guard !n.isEmpty, n != "__metadata__" else { throw EngineError(op, "invalid tensor name \"\(n)\"") }
            guard seen.insert(n).inserted else { throw EngineError(op, "tensor name \"\(n)\" appears twice") }
        }
        var header = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let kv = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            parts.append("\"__metadata__\":{" + kv.joined(separator: ",") + "}")
        }
        var offset = 0
        for (n, t) in tensors {
            let wide = t.dtype == .float64
            let bytes = t.count * (wide ? 8 : 4)
            parts.append(
                "\(jsonString(n)):{\"dtype\":\"\(wide ? "F64" : "F32")\",\"shape\":"
                    + "[\(t.shape.map(String.init).joined(separator: ","))],"
                    + "\"data_offsets\":[\(offset),\(offset + bytes)]}"
            )
            offset += bytes
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }

        var out = [UInt8]()
        out.reserveCapacity(8 + headerBytes.count + offset)
        var n = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &n) { out += $0 }
        out += headerBytes
        for (_, t) in tensors {
            if t.dtype == .float64 {
                for v in t.doubleValues { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
                continue
            }
            #if _endian(little)
            t.data.withUnsafeBytes { out.append(contentsOf: $0) }
            #else
            for v in t.data { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
            #endif
        }
        return out
    }

    /// A parsed safetensors file: tensors in file order, and the metadata.
    public struct Contents: @unchecked Sendable {
        public let tensors: [(name: String, tensor: Tensor)]
        public let metadata: [String: String]
        /// Tensors by name.
        public var dictionary: [String: Tensor] {
            Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Reads and fully validates a safetensors file.
    public static func read(_ path: String) throws -> Contents {
        let op = "safetensors.load"
        guard let d = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            throw EngineError(
                op,
                !exists
                    ? "\(path): no such file"
                    : isDir.boolValue
                        ? "\(path) is a folder, not a safetensors file"
                        : "\(path): cannot read the file (permissions?)")
        }
        let bytes = [UInt8](d)
        return try parse(bytes, path: path)
    }

    /// Parses safetensors bytes; `path` only names the source in messages.
    /// With `float64`, F64 tensors load as float64 tensors (else as float32, what models hold).
    public static func parse(_ bytes: [UInt8], path: String, float64: Bool = false) throws -> Contents {
        let op = "safetensors.load"
        guard bytes.count >= 8 else {
            throw EngineError(op, "\(path): file is \(bytes.count) bytes, too short for a safetensors header")
        }
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(bytes[i]) }
        guard n <= UInt64(maxHeader), Int(n) <= bytes.count - 8 else {
            throw EngineError(
                op,
                "\(path): header length \(n) does not fit in a file of \(bytes.count) bytes (corrupt or not "
                    + "safetensors)"
            )
        }
        let hlen = Int(n)
        let headerData = Data(bytes[8..<(8 + hlen)])
        guard let obj = try? JSONSerialization.jsonObject(with: headerData), let dict = obj as? [String: Any] else {
            throw EngineError(op, "\(path): the header is not a JSON object (corrupt or not safetensors)")
        }
        let dataStart = 8 + hlen
        let dataLen = bytes.count - dataStart
        var metadata: [String: String] = [:]
        struct Entry {
            let name: String
            let dtype: String
            let shape: [Int]
            let begin: Int
            let end: Int
        }
        var entries: [Entry] = []
        for (name, v) in dict {
            if name == "__metadata__" {
                guard let m = v as? [String: Any] else {
                    throw EngineError(op, "\(path): __metadata__ is not an object")
                }
                for (k, val) in m {
                    guard let s = val as? String else {
                        throw EngineError(op, "\(path): metadata value of \"\(k)\" is not a string")
                    }
                    metadata[k] = s
                }
                continue
            }
            guard let info = v as? [String: Any], let dtype = info["dtype"] as? String,
                let shapeAny = info["shape"] as? [Any], let offAny = info["data_offsets"] as? [Any], offAny.count == 2
            else {
                throw EngineError(op, "\(path): tensor \"\(name)\" needs dtype, shape and data_offsets [begin, end]")
            }
            let shape = shapeAny.compactMap { ($0 as? NSNumber)?.intValue }
            let offs = offAny.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeAny.count, shape.allSatisfy({ $0 >= 0 }), offs.count == 2 else {
                throw EngineError(op, "\(path): tensor \"\(name)\" has a bad shape or data_offsets")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: offs[0], end: offs[1]))
        }
        // Contiguous, no holes or overlaps, in offset order; everything inside the data part.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        let pastEnd = entries.filter { $0.end > dataLen }.map(\.name)
        if !pastEnd.isEmpty {
            throw EngineError(
                op,
                "\(path): truncated: tensor(s) \(pastEnd.joined(separator: ", ")) extend past the \(dataLen) data "
                    + "bytes of the file"
            )
        }
        var expected = 0
        var out: [(String, Tensor)] = []
        for e in entries {
            guard let size = elementSize(e.dtype) else {
                throw EngineError(
                    op,
                    "\(path): tensor \"\(e.name)\" has unsupported dtype \(e.dtype) (supported: F32, F64, I64, I32, "
                        + "U8, BOOL)"
                )
            }
            guard e.begin == expected, e.end >= e.begin else {
                throw EngineError(
                    op,
                    "\(path): tensor \"\(e.name)\" data_offsets [\(e.begin), \(e.end)] leave a hole or overlap "
                        + "(expected to start at \(expected))"
                )
            }
            // Overflow-checked: a corrupt header may claim absurd shapes.
            var count = 1
            var overflow = false
            for d in e.shape {
                let (p, o) = count.multipliedReportingOverflow(by: d)
                overflow = overflow || o
                count = p
            }
            let (needed, o2) = count.multipliedReportingOverflow(by: size)
            guard !overflow, !o2 else {
                throw EngineError(
                    op, "\(path): tensor \"\(e.name)\" has an impossibly large shape \(fmt(e.shape)) (corrupt header)")
            }
            guard e.end - e.begin == needed else {
                throw EngineError(
                    op,
                    "\(path): tensor \"\(e.name)\" of shape \(fmt(e.shape)) and dtype \(e.dtype) needs \(needed) "
                        + "bytes, data_offsets give \(e.end - e.begin)"
                )
            }
            guard e.end <= dataLen else {
                throw EngineError(
                    op,
                    "\(path): tensor \"\(e.name)\" ends at byte \(e.end) but the file has only \(dataLen) data bytes "
                        + "(truncated)"
                )
            }
            let t =
                float64 && e.dtype == "F64"
                ? try decodeDoubles(bytes, from: dataStart + e.begin, count: count, shape: e.shape)
                : try decode(bytes, from: dataStart + e.begin, count: count, dtype: e.dtype, shape: e.shape)
            out.append((e.name, t))
            expected = e.end
        }
        guard expected == dataLen else {
            throw EngineError(op, "\(path): \(dataLen - expected) bytes after the last tensor (corrupt file)")
        }
        // File order = offset order; that is also the order they were written in.
        return Contents(tensors: out.map { (name: $0.0, tensor: $0.1) }, metadata: metadata)
    }

    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F32", "I32": return 4
        case "F64", "I64": return 8
        case "U8", "BOOL": return 1
        default: return nil
        }
    }

    /// F64 values as a float64 tensor (bounds checked by `parse`).
    static func decodeDoubles(_ b: [UInt8], from start: Int, count: Int, shape: [Int]) throws -> Tensor {
        var v = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var bits: UInt64 = 0
            for k in (0..<8).reversed() { bits = bits << 8 | UInt64(b[start + 8 * i + k]) }
            v[i] = Double(bitPattern: bits)
        }
        return try Tensor(shape: shape, doubles: v)
    }

    static func decode(_ b: [UInt8], from start: Int, count: Int, dtype: String, shape: [Int]) throws -> Tensor {
        var v = [Float](repeating: 0, count: count)
        var kind: DType = .float32
        b.withUnsafeBytes { raw in
            let p = raw.baseAddress! + start
            switch dtype {
            case "F32":
                for i in 0..<count {
                    v[i] = Float(
                        bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            case "F64":
                for i in 0..<count {
                    v[i] = Float(
                        Double(
                            bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                }
            case "I64":
                kind = .int64
                for i in 0..<count {
                    v[i] = Float(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                }
            case "I32":
                kind = .int64
                for i in 0..<count {
                    v[i] = Float(Int32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                }
            case "U8":
                kind = .int64
                for i in 0..<count { v[i] = Float(p.load(fromByteOffset: i, as: UInt8.self)) }
            default:
                kind = .bool
                for i in 0..<count { v[i] = p.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
            }
        }
        return try Tensor(shape: shape, data: v, dtype: kind)
    }

    static func jsonString(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 { o += String(format: "\\u%04x", u.value) } else { o.unicodeScalars.append(u) }
            }
        }
        return o + "\""
    }
}
