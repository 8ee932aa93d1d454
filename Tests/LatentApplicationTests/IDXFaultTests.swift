import Foundation
import LatentApplication
import LatentCore
import Testing

/// IDX files that are damaged or lie about their size: each a DataError
/// naming the fault, never a trap, a silent success or a huge allocation.
@Suite("IDX and gzip faults")
struct IDXFaultTests {
    /// Two 4×4 images (48 bytes of IDX) as one gzip member, and where its
    /// parts lie: 10 header bytes, a 5-byte stored-block header, the data,
    /// then CRC-32 and length.
    let idx = GzipFixture.idxImages(count: 2, rows: 4, columns: 4)
    var member: [UInt8] { GzipFixture.member(idx) }

    /// The reader's verdict on `bytes`, and `gzip -t`'s when gzip is installed
    /// (the independent reference: nil when it is not).
    func verdicts(_ bytes: [UInt8]) throws -> (error: DataError?, gzipAccepts: Bool?) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/images.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var error: DataError?
        do { _ = try IDX.images(at: path) } catch let fault as DataError { error = fault }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") else { return (error, nil) }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-t", path]
        gzip.standardError = FileHandle.nullDevice
        try gzip.run()
        gzip.waitUntilExit()
        return (error, gzip.terminationStatus == 0)
    }

    func reason(_ error: DataError?) -> String? {
        if case let .corrupt(_, reason)? = error { return reason }
        return nil
    }

    @Test func aWholeGzipFileLoadsExactly() throws {
        let (error, gzipAccepts) = try verdicts(member)
        #expect(error == nil && gzipAccepts != false)
        let (images, rows, columns) = try IDX.images(decoding: member, path: "m.gz")
        #expect(rows == 4 && columns == 4 && images.shape == [2, 16])
        #expect(images.scalars == (0..<32).map { Float($0) / 255 })
    }

    /// Members may follow one another, as `cat a.gz b.gz` makes them.
    @Test func concatenatedMembersLoadAsOneStream() throws {
        let split = GzipFixture.member(Array(idx[..<20])) + GzipFixture.member(Array(idx[20...]))
        let (error, gzipAccepts) = try verdicts(split)
        #expect(error == nil && gzipAccepts != false)
    }

    /// A flipped data byte, CRC byte or length byte: gzip -t fails, and so
    /// does the reader, naming the check that failed. (It once stopped at
    /// the header's byte count and trained on the damaged data.)
    @Test func aDamagedMemberFailsItsTrailerCheck() throws {
        var data = member
        data[10 + 5 + 20] ^= 0x01
        var crc = member
        crc[crc.count - 6] ^= 0x80
        var length = member
        length[length.count - 3] ^= 0x01
        for (bytes, fault) in [(data, "corrupt gzip stream: CRC mismatch"), (crc, "corrupt gzip stream: CRC mismatch"),
                               (length, "corrupt gzip stream: length mismatch")] {
            let (error, gzipAccepts) = try verdicts(bytes)
            #expect(reason(error) == fault)
            #expect(gzipAccepts != true)
        }
    }

    /// Cut inside the data or inside the trailer: a truncated stream, never
    /// "truncated (0 of N bytes)" of the IDX data.
    @Test func aCutMemberIsATruncatedStream() throws {
        for end in [member.count - 1, member.count - 6, 10 + 5 + 30, 12] {
            let (error, gzipAccepts) = try verdicts(Array(member[..<end]))
            #expect(reason(error) == "truncated gzip stream", "cut at \(end)")
            #expect(gzipAccepts != true)
        }
    }

    /// A damaged member that also inflates to more than the dimensions
    /// announce (as a flipped bit in a deflate stream often makes it) is named
    /// by its failed trailer, as `gzip -t` names it, not by the surplus.
    @Test func aDamagedLongerMemberIsCorruptNotOversized() throws {
        var longer = GzipFixture.member(idx + [7, 8])
        longer[longer.count - 6] ^= 0x80
        let (error, gzipAccepts) = try verdicts(longer)
        #expect(reason(error) == "corrupt gzip stream: CRC mismatch")
        #expect(gzipAccepts != true)
    }

    /// Bytes after the last member that are not another member.
    @Test func trailingGarbageIsRefused() throws {
        let (error, gzipAccepts) = try verdicts(member + Array("junk".utf8))
        #expect(reason(error) == "4 bytes of trailing data after the gzip stream")
        #expect(gzipAccepts != true)
    }

    /// More decompressed data than the dimensions announce is refused; less
    /// is a truncation counted in the IDX data's bytes.
    @Test func dataMustMatchTheDimensionsExactly() throws {
        #expect(throws: DataError.malformed(path: "m", reason: "holds 1 bytes more than the 32 its dimensions [2, 4, 4] announce")) {
            _ = try IDX.images(decoding: GzipFixture.member(idx + [7]), path: "m")
        }
        #expect(throws: DataError.truncated(path: "m", expectedBytes: 32, readBytes: 31)) {
            _ = try IDX.images(decoding: GzipFixture.member(Array(idx.dropLast())), path: "m")
        }
        #expect(throws: DataError.truncated(path: "raw", expectedBytes: 32, readBytes: 31)) {
            _ = try IDX.images(decoding: Array(idx.dropLast()), path: "raw")
        }
        #expect(throws: DataError.truncated(path: "raw", expectedBytes: 16, readBytes: 10)) {
            _ = try IDX.images(decoding: Array(idx.prefix(10)), path: "raw")
        }
    }

    /// Dimensions FF FF FF FF ×3 overflowed the product and trapped.
    @Test func dimensionsWhoseProductOverflowsAreRefused() throws {
        let header: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12)
        let expected = DataError.malformed(
            path: "h", reason: "dimensions [4294967295, 4294967295, 4294967295] announce more than 2147483647 bytes")
        #expect(throws: expected) { _ = try IDX.images(decoding: header, path: "h") }
        #expect(throws: expected) { _ = try IDX.images(decoding: GzipFixture.member(header), path: "h") }
        #expect(throws: DataError.malformed(path: "h", reason: "dimensions [0, 28, 28] announce no data")) {
            _ = try IDX.images(decoding: GzipFixture.idxImages(count: 0, rows: 28, columns: 28), path: "h")
        }
    }

    /// A 1 KB file claiming 2.7 M images of 28×28 (2.1 GB) is reported as
    /// truncated after reading what it holds: it once allocated the 2.1 GB
    /// first. The peak resident size may grow by far less than that; the
    /// bound, 256 MB, leaves room for whatever other tests allocate meanwhile.
    @Test func aFileClaimingMillionsOfImagesAllocatesOnlyWhatItHolds() throws {
        let claimed = 2_700_000
        var raw: [UInt8] = [0, 0, 8, 3] + [claimed, 28, 28].flatMap { GzipFixture.bigEndian(UInt32($0)) }
        raw += [UInt8](repeating: 1, count: 1_024 - raw.count)
        let before = peakResidentBytes()
        #expect(throws: DataError.truncated(path: "raw", expectedBytes: claimed * 784, readBytes: 1_008)) {
            _ = try IDX.images(decoding: raw, path: "raw")
        }
        #expect(throws: DataError.truncated(path: "gz", expectedBytes: claimed * 784, readBytes: 1_008)) {
            _ = try IDX.images(decoding: GzipFixture.member(raw), path: "gz")
        }
        #expect(peakResidentBytes() - before < 256 << 20)
    }

    func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1_024
    }
}
