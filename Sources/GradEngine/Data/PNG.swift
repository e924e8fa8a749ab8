// PNG: writing an 8-bit image as a PNG file's bytes (what `torchvision.utils.save_image` writes).
//
//   file   = signature, IHDR, IDAT, IEND
//   chunk  = length (4 bytes, big-endian), type (4), data, CRC-32 of type + data (4)
//   IDAT   = zlib stream of the rows, each row prefixed by filter byte 0 (none)
//
// Non-goals: reading PNG files, palettes, 16-bit depth, interlacing, row filters other than none.

import CZlib

public enum PNG {
    /// The PNG file of an image whose `pixels` are rows of `width` pixels, each of `channels` bytes
    /// (1: grey, 3: RGB, 4: RGBA), top row first.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let colorType: UInt8
        switch channels {
        case 1: colorType = 0
        case 3: colorType = 2
        case 4: colorType = 6
        default: throw EngineError("PNG", "an image needs 1, 3 or 4 channels, not \(channels)")
        }
        let (rowBytes, o1) = width.multipliedReportingOverflow(by: channels)
        let (total, o2) = rowBytes.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !o1, !o2, total == pixels.count, width <= Int(Int32.max),
            height <= Int(Int32.max)
        else {
            throw EngineError("PNG", "\(pixels.count) bytes are not an image of \(height)×\(width)×\(channels)")
        }
        var raw = [UInt8]()
        raw.reserveCapacity(total + height)
        for y in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(y * rowBytes)..<((y + 1) * rowBytes)])
        }
        var ihdr = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        ihdr += [8, colorType, 0, 0, 0]  // bit depth, colour type, compression, filter, interlace
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", ihdr)
        out += chunk("IDAT", try deflate(raw))
        out += chunk("IEND", [])
        return out
    }

    /// The PNG file of an image [C, H, W] whose values are in [0, 1], as torchvision's `save_image`
    /// writes it: byte = clamp(255·v + 0.5, 0, 255) truncated (NaN: 0), channels last; C is 3 or 4.
    public static func encode(image: Tensor) throws -> [UInt8] {
        guard image.ndim == 3, [3, 4].contains(image.shape[0]) else {
            throw EngineError("PNG", "an image to write needs shape [3 or 4, H, W], got \(shapeText(image.shape))")
        }
        let c = image.shape[0], hw = image.shape[1] * image.shape[2]
        let v = image.data
        var pixels = [UInt8](repeating: 0, count: v.count)
        for ch in 0..<c {
            for i in 0..<hw {
                let x = v[ch * hw + i] * 255 + 0.5
                pixels[i * c + ch] = x.isNaN ? 0 : UInt8(Swift.min(Swift.max(x, 0), 255))
            }
        }
        return try encode(pixels: pixels, width: image.shape[2], height: image.shape[1], channels: c)
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    /// length, type, data, CRC-32 (zlib's) of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        return bigEndian(UInt32(data.count)) + body + bigEndian(UInt32(truncatingIfNeeded: crc))
    }

    /// A zlib stream of `bytes` (zlib's `compress2`, level 6).
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(i.count), 6) }
        }
        guard status == Z_OK else { throw EngineError("PNG", "zlib could not compress the image (status \(status))") }
        return Array(out[0..<Int(size)])
    }
}
