extension PosteriorData {
    /// The vectors under `keys`, each checked to have `count` entries.
    func columns(_ keys: [String], count: Int) throws -> [[Double]] {
        try keys.map { key in
            let column = try vector(key)
            guard column.count == count else {
                throw PosteriorReferenceError.wrongKind(key: key, file: file, expected: "a vector of \(count) numbers")
            }
            return column
        }
    }
}
