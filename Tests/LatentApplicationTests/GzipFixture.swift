/// gzip files built by hand (RFC 1952 around RFC 1951 stored blocks), so
/// that the reader's verdicts are checked against a writer that shares no
/// code with zlib, and so that a test can damage any byte it names.
enum GzipFixture {
    /// One gzip member holding `data` uncompressed, with its CRC-32 and length.
    static func member(_ data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]  // magic, deflate, no flags, no time, unknown OS
        let blocks = stride(from: 0, to: Swift.max(data.count, 1), by: 65_535).map { start in
            Array(data[start..<Swift.min(start + 65_535, data.count)])
        }
        for (index, block) in blocks.enumerated() {
            let length = UInt16(block.count)
            bytes.append(index == blocks.count - 1 ? 1 : 0)  // BFINAL, BTYPE 00 (stored)
            bytes += littleEndian(UInt32(length) | UInt32(~length) << 16)
            bytes += block
        }
        return bytes + littleEndian(crc32(data)) + littleEndian(UInt32(truncatingIfNeeded: data.count))
    }

    /// The CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320), bit by
    /// bit as the standard defines it.
    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// An IDX file of `images` images of `rows`×`columns` pixels, the
    /// pixel bytes counting up from 0.
    static func idxImages(count images: Int, rows: Int, columns: Int) -> [UInt8] {
        let header = [0x803, images, rows, columns].flatMap { bigEndian(UInt32($0)) }
        return header + (0..<(images * rows * columns)).map { UInt8(truncatingIfNeeded: $0) }
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
