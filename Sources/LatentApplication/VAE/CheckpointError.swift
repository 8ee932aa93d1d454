/// A checkpoint that cannot continue the run asked of it.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// One setting that differs between a checkpoint and the run restoring it.
    public struct Difference: Equatable, Sendable, CustomStringConvertible {
        /// The setting's readable name ("learning rate").
        public let setting: String
        /// Its value in the checkpoint ("not recorded" when absent).
        public let recorded: String
        /// Its value in the run.
        public let requested: String

        /// The difference in `setting` between its `recorded` and `requested` values.
        public init(setting: String, recorded: String, requested: String) {
            self.setting = setting
            self.recorded = recorded
            self.requested = requested
        }

        /// The difference in words: "learning rate 0.001 in the checkpoint, 0.0005 now".
        public var description: String { "\(setting) \(recorded) in the checkpoint, \(requested) now" }
    }

    /// The architecture (layer sizes, likelihood, pixels, KL weight) differs: the parameters cannot be loaded.
    case architectureDiffers(path: String, differences: [Difference])
    /// Training settings or data differ, so the run would not continue exactly.
    case settingsDiffer(path: String, differences: [Difference])
    /// Adam's moments are missing or malformed for a parameter.
    case optimizerState(path: String, parameter: String, reason: String)
    /// The recorded epoch is negative.
    case negativeEpoch(path: String, epoch: Int)
    /// A random stream's state is all zeros, the generator's fixed point, which no run reaches.
    case degenerateGenerator(path: String, stream: String)
    /// A parameter holds NaN or an infinity.
    case nonFiniteParameter(path: String, parameter: String)

    /// The error in words, starting with the checkpoint's path.
    public var description: String {
        switch self {
        case let .architectureDiffers(path, differences):
            "\(path): the checkpoint is of another architecture: " + differences.map(\.description).joined(separator: "; ")
        case let .settingsDiffer(path, differences):
            "\(path): a resume would not continue the run exactly: " + differences.map(\.description).joined(separator: "; ")
                + " (repeat the checkpoint's values, leave them out, or allow the change explicitly)"
        case let .optimizerState(path, parameter, reason): "\(path): Adam's state for '\(parameter)' \(reason)"
        case let .negativeEpoch(path, epoch): "\(path): the recorded epoch \(epoch) is negative"
        case let .degenerateGenerator(path, stream):
            "\(path): the random stream '\(stream)' is all zeros, a state no run reaches (the file was altered)"
        case let .nonFiniteParameter(path, parameter): "\(path): parameter '\(parameter)' is not finite"
        }
    }
}
