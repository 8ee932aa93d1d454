/// A data file that cannot be used, naming the file and what was wrong.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// A file that does not exist or cannot be read.
    case cannotOpen(path: String)
    /// A folder holding neither MNIST's IDX files nor `train.csv` and `test.csv`.
    case noDataSet(folder: String)
    /// The IDX magic number is not the one for this kind of file.
    case badMagic(path: String, found: UInt32, expected: UInt32)
    /// A gzip file that cannot be decompressed whole: `reason` names the
    /// fault ("corrupt gzip stream: CRC mismatch", "truncated gzip stream"…).
    case corrupt(path: String, reason: String)
    /// The file ends before its header says it should.
    case truncated(path: String, expectedBytes: Int, readBytes: Int)
    /// Images or labels whose counts or sizes do not match each other or the model.
    case dimensionMismatch(path: String, reason: String)
    /// A file whose structure breaks its format's rules (a safetensors
    /// header that is not JSON, byte offsets outside the data, a shape
    /// whose size overflows, more data than the header announces…).
    case malformed(path: String, reason: String)
    /// A tensor whose bytes do not match the CRC-32 stored with them: the
    /// file was damaged after it was written.
    case checksumMismatch(path: String, tensor: String, stored: UInt32, computed: UInt32)
    /// A CSV file whose pixel values contradict the scale (0–1 or 0–255)
    /// decided for the data set, e.g. by the training file.
    case inconsistentScale(path: String, reason: String)
    /// A CSV row that is not a row of pixel values.
    case badRow(path: String, line: Int, reason: String)
    /// A JSON data file that is not valid JSON, or not one object of named values.
    case badJSON(path: String, reason: String)
    /// A named value a data file lacks.
    case missingKey(path: String, key: String)
    /// A named value that is not what was asked for (a ragged matrix, a
    /// non-numeric entry, a vector where an integer was wanted…).
    case badValue(path: String, key: String, reason: String)

    /// The error in words, starting with the file's (or folder's) path.
    public var description: String {
        switch self {
        case let .cannotOpen(path): "\(path): cannot open the file"
        case let .noDataSet(folder):
            "\(folder): holds neither MNIST's IDX files (train-images-idx3-ubyte[.gz] and the other three) nor train.csv and test.csv"
        case let .badMagic(path, found, expected):
            "\(path): not an IDX file of this kind (magic 0x\(String(found, radix: 16)), expected 0x\(String(expected, radix: 16)))"
        case let .corrupt(path, reason): "\(path): \(reason)"
        case let .truncated(path, expected, read): "\(path): truncated (\(read) of \(expected) bytes)"
        case let .dimensionMismatch(path, reason): "\(path): \(reason)"
        case let .malformed(path, reason): "\(path): \(reason)"
        case let .checksumMismatch(path, tensor, stored, computed):
            "\(path): tensor '\(tensor)' fails its checksum (CRC-32 stored \(hex(stored)), computed \(hex(computed))): the file is damaged"
        case let .inconsistentScale(path, reason): "\(path): \(reason)"
        case let .badRow(path, line, reason): "\(path), line \(line): \(reason)"
        case let .badJSON(path, reason): "\(path): \(reason)"
        case let .missingKey(path, key): "\(path): has no value named '\(key)'"
        case let .badValue(path, key, reason): "\(path), '\(key)': \(reason)"
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
