/// The names under which a run writes its files into its folder: what
/// tells the run's own files from anyone else's, so that a run can be
/// recognised, and replaced, without touching a file it did not write.
public struct RunFiles: Sendable {
    /// A family of names that differ by a decimal number, `PREFIX` digits
    /// `SUFFIX` (one picture per seed, say).
    public struct NumberedName: Sendable {
        /// What every name of the family starts with, before the number.
        public let prefix: String
        /// What every name of the family ends with, after the number.
        public let suffix: String

        /// The names `prefix`, a number, `suffix`.
        public init(prefix: String, suffix: String) {
            self.prefix = prefix
            self.suffix = suffix
        }

        /// The name for `number`.
        public func name(_ number: UInt64) -> String { "\(prefix)\(number)\(suffix)" }

        /// Whether `name` is `prefix`, one or more ASCII digits, `suffix`.
        public func matches(_ name: String) -> Bool {
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return false }
            return name.dropFirst(prefix.count).dropLast(suffix.count).allSatisfy { $0.isASCII && $0.isNumber }
        }
    }

    /// The checkpoint, which a resumed run continues from.
    public let checkpoint: String
    /// The run's other files, each under a fixed name.
    public let outputs: [String]
    /// The families of numbered names the run's commands write.
    public let numbered: [NumberedName]
    /// Whether the file at a path, under the checkpoint's name, is one the
    /// run wrote: a checkpoint is a person's work, and a file of another
    /// program that happens to bear its name is never replaced.
    public let isOwnCheckpoint: @Sendable (_ path: String) -> Bool

    /// The files of a kind of run.
    /// - Parameters:
    ///   - checkpoint: the checkpoint's name.
    ///   - outputs: the run's other files, each under a fixed name.
    ///   - numbered: the families of numbered names the run's commands write; none by default.
    ///   - isOwnCheckpoint: whether the file at a path, under the checkpoint's name,
    ///     is one the run wrote; by default every such file is.
    public init(checkpoint: String, outputs: [String], numbered: [NumberedName] = [],
                isOwnCheckpoint: @escaping @Sendable (_ path: String) -> Bool = { _ in true }) {
        self.checkpoint = checkpoint
        self.outputs = outputs
        self.numbered = numbered
        self.isOwnCheckpoint = isOwnCheckpoint
    }

    /// The checkpoint and the fixed names, checkpoint first.
    public var fixedNames: [String] { [checkpoint] + outputs }

    /// Whether `name` is one of the run's files.
    public func owns(_ name: String) -> Bool {
        fixedNames.contains(name) || numbered.contains { $0.matches(name) }
    }
}
