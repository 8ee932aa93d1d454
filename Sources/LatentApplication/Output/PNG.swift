import CZlib

/// 8-bit greyscale PNG encoding (PNG 1.2: signature, IHDR, one zlib IDAT of
/// unfiltered scanlines, IEND; CRC-32 and deflate from the system zlib).
public enum PNG {
    /// The PNG bytes of a `width`×`height` image of grey levels in [0, 1]
    /// (row-major; values outside are clamped, NaN is black).
    public static func encode(grey: [Float], width: Int, height: Int) -> [UInt8] {
        precondition(grey.count == width * height, "PNG.encode: \(grey.count) values for \(width)×\(height)")
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter type: none
            for column in 0..<width {
                let value = grey[row * width + column]
                raw.append(UInt8((value.isNaN ? 0 : Swift.min(Swift.max(value, 0), 1) * 255).rounded()))
            }
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, no filter method, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", deflate(raw)) + chunk("IEND", [])
    }

    /// A grid of square images (each `side`×`side`, grey in [0, 1]) with a
    /// one-pixel grey border between them.
    public static func grid(_ images: [[Float]], side: Int, columns: Int) -> (grey: [Float], width: Int, height: Int) {
        let rows = (images.count + columns - 1) / columns
        let (width, height) = (columns * (side + 1) + 1, rows * (side + 1) + 1)
        var canvas = [Float](repeating: 0.5, count: width * height)
        for (index, image) in images.enumerated() {
            let (top, left) = ((index / columns) * (side + 1) + 1, (index % columns) * (side + 1) + 1)
            for y in 0..<side {
                for x in 0..<side { canvas[(top + y) * width + left + x] = image[y * side + x] }
            }
        }
        return (canvas, width, height)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let body = typeBytes + data
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc)
    }

    private static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in compress2(out.baseAddress, &length, input.baseAddress, uLong(bytes.count), 6) }
        }
        precondition(status == Z_OK, "zlib compress2 failed with \(status)")
        return Array(output.prefix(Int(length)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
