/// How the numbers of a pixel CSV file map to grey levels in [0, 1]: taken
/// as they are, or as 0–255 grey levels divided by 255. A data set has one
/// scale: ``ImageDataSet/csv(folder:)`` decides it from the training file
/// and holds the test file to it.
public enum PixelScale: String, Sendable, CaseIterable {
    /// Values in [0, 1], taken as they are.
    case unit
    /// Values in [0, 255], divided by 255.
    case greyLevels

    /// The largest value the scale allows.
    public var maximum: Double {
        switch self {
        case .unit: 1
        case .greyLevels: 255
        }
    }

    /// The scale a file's values imply: grey levels when any exceeds 1.
    public static func implied(byLargest largest: Double) -> PixelScale {
        largest > 1 ? .greyLevels : .unit
    }

    /// The range in words, for messages: "[0, 1]" or "[0, 255]".
    var range: String { "[0, \(Int(maximum))]" }
}
