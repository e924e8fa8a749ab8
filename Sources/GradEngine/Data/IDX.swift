// IDX: the MNIST file format (http://yann.lecun.com/exdb/mnist/), read whole into memory.
//
//   bytes 0-1  zero            byte 2  type code (0x08 = unsigned byte)   byte 3  number of dims
//   then one big-endian UInt32 per dim, then the values, row-major.
//
// `.gz` files are inflated through zlib's gz* API, which also reads uncompressed files as they are,
// so one code path serves both. Every check names the file and the problem: bad magic, unsupported
// type, truncated header or data, trailing bytes, a corrupt gzip stream.
//
// Memory: what the header claims is checked before anything is allocated: against `maxValues` (one
// dataset's cap), and for a raw file against the bytes the file really has; a gzip stream's buffer
// grows as data arrives, so a 16-byte file claiming 4 GiB costs nothing.
// Non-goals: type codes other than unsigned byte (MNIST and Fashion-MNIST use only 0x08), writing.

import CZlib
import Foundation

/// The contents of an IDX file: its dimensions and its unsigned-byte values, row-major.
public struct IDXArray: Sendable {
    /// The file it came from (for messages).
    public let path: String
    /// Sizes of the dimensions, e.g. `[60000, 28, 28]` for images, `[60000]` for labels.
    public let dims: [Int]
    /// The values, `dims.product` bytes.
    public let data: [UInt8]
}

/// Reader of IDX files (optionally gzip-compressed).
public enum IDX {
    /// The most values one IDX file may hold: 2²⁸ (256 MiB of bytes, 1 GiB once a dataset turns
    /// them into floats, the size of the largest tensor). MNIST's training images are 47 million.
    nonisolated(unsafe) public static var maxValues = 1 << 28

    /// Reads and checks an IDX file of unsigned bytes (`.gz` or raw; detected from content).
    ///
    /// Throws an `EngineError` naming the file for: a missing/unreadable file, bad magic, an
    /// unsupported type code, a truncated header or data, extra bytes after the data, gzip corruption.
    public static func read(path: String) throws -> IDXArray {
        let op = "IDX.read"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError(op, "\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw EngineError(op, "\(path): is a directory, not an IDX file") }
        guard let f = gzopen(path, "rb") else {
            throw EngineError(op, "\(path): cannot open (\(String(cString: strerror(errno))))")
        }
        var closed = false
        defer { if !closed { gzclose(f) } }
        gzbuffer(f, 1 << 17)

        func readExactly(_ ptr: UnsafeMutableRawPointer, _ n: Int) throws -> Int {
            var got = 0
            while got < n {
                let chunk = UInt32(min(n - got, 1 << 30))
                let r = gzread(f, ptr + got, chunk)
                if r < 0 { throw EngineError(op, "\(path): corrupt gzip data (\(gzErrorMessage(f)))") }
                if r == 0 { break }
                got += Int(r)
            }
            return got
        }

        var magic = [UInt8](repeating: 0, count: 4)
        let m = try magic.withUnsafeMutableBytes { try readExactly($0.baseAddress!, 4) }
        guard m == 4 else {
            throw EngineError(
                op, "\(path): truncated header (\(m) bytes, an IDX file starts with a 4-byte magic number)")
        }
        guard magic[0] == 0, magic[1] == 0 else {
            throw EngineError(
                op,
                "\(path): bad magic number 0x" + magic.map { String(format: "%02X", $0) }.joined()
                    + " (an IDX file starts with 00 00, a type code and the number of dimensions)")
        }
        guard magic[2] == 0x08 else {
            throw EngineError(
                op,
                "\(path): unsupported IDX type code 0x\(String(format: "%02X", magic[2])) (only 0x08, unsigned byte, "
                    + "is supported)"
            )
        }
        let ndim = Int(magic[3])
        guard (1...4).contains(ndim) else {
            throw EngineError(op, "\(path): bad number of dimensions \(ndim) in the magic number (expected 1 to 4)")
        }
        var dimBytes = [UInt8](repeating: 0, count: 4 * ndim)
        let d = try dimBytes.withUnsafeMutableBytes { try readExactly($0.baseAddress!, 4 * ndim) }
        guard d == 4 * ndim else {
            throw EngineError(op, "\(path): truncated header (\(ndim) dimensions need \(4 * ndim) bytes, found \(d))")
        }
        var dims: [Int] = []
        for i in 0..<ndim {
            let b = dimBytes[(4 * i)..<(4 * i + 4)].map(Int.init)
            dims.append(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
        }
        let (count, overflow) = dims.reduce((1, false)) { acc, x in
            let (p, o) = acc.0.multipliedReportingOverflow(by: x)
            return (p, acc.1 || o)
        }
        guard !overflow, count <= maxValues else {
            throw EngineError(
                op,
                "\(path): dimensions \(fmt(dims)) are too large (\(overflow ? "more than \(Int.max)" : String(count)) "
                    + "values; one dataset may hold at most \(maxValues))",
                kind: .memory)
        }
        let header = 4 + 4 * ndim
        if gzdirect(f) == 1, let size = fileSize(path), size - header < count {
            throw EngineError(
                op,
                "\(path): truncated data: dimensions \(fmt(dims)) need \(count) bytes, the file has "
                    + "\(max(0, size - header))"
            )
        }
        // Grown as the data arrives (a gzip stream's real size is known only by inflating it), in
        // room reserved up front (up to 256 MiB): reserving touches no page, and growing by doubling
        // would hold the old and the new buffer at once (Fashion-MNIST: 32 + 64 MiB for 47 MB).
        var data: [UInt8] = []
        data.reserveCapacity(min(count, 1 << 28))
        var got = 0
        while got < count {
            let chunk = min(count - got, 1 << 24)
            data.append(contentsOf: repeatElement(0, count: chunk))
            let r = try data.withUnsafeMutableBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return try readExactly(base + got, chunk)
            }
            got += r
            if r < chunk { break }
        }
        guard got == count else {
            throw EngineError(
                op, "\(path): truncated data: dimensions \(fmt(dims)) need \(count) bytes, the file has \(got)")
        }
        var extra: UInt8 = 0
        let more = try readExactly(&extra, 1)
        guard more == 0 else {
            throw EngineError(op, "\(path): unexpected bytes after the \(count) data bytes of dimensions \(fmt(dims))")
        }
        closed = true
        let rc = gzclose(f)
        guard rc == Z_OK else {
            throw EngineError(op, "\(path): corrupt or truncated gzip stream (zlib error \(rc))")
        }
        return IDXArray(path: path, dims: dims, data: data)
    }

    /// Size in bytes of a regular file (nil when it cannot be read or is not one).
    static func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    static func gzErrorMessage(_ f: gzFile) -> String {
        var code: Int32 = 0
        guard let p = gzerror(f, &code) else { return "zlib error" }
        return String(cString: p)
    }

    /// Writes an IDX file of unsigned bytes (raw, or gzip when `path` ends in `.gz`). For tests and tools.
    public static func write(_ dims: [Int], _ data: [UInt8], to path: String) throws {
        guard dims.reduce(1, *) == data.count, (1...4).contains(dims.count) else {
            throw EngineError("IDX.write", "\(data.count) bytes do not fill dimensions \(fmt(dims))")
        }
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dims.count)]
        for d in dims { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        bytes += data
        if path.hasSuffix(".gz") {
            guard let f = gzopen(path, "wb") else { throw EngineError("IDX.write", "\(path): cannot create") }
            let w = bytes.withUnsafeBytes { gzwrite(f, $0.baseAddress, UInt32($0.count)) }
            let rc = gzclose(f)
            guard w == bytes.count, rc == Z_OK else { throw EngineError("IDX.write", "\(path): write failed") }
        } else {
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw EngineError("IDX.write", "\(path): cannot create")
            }
        }
    }
}
