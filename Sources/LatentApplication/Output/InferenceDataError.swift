/// An InferenceData that cannot be laid out as asked.
public enum InferenceDataError: Error, Equatable, CustomStringConvertible {
    /// A variable whose values, shape and dimension names do not agree.
    case shapeMismatch(variable: String, reason: String)
    /// Two variables of one group that give a dimension different lengths.
    case dimensionMismatch(group: String, dimension: String, lengths: [Int], variable: String)
    /// Dimension names given for a site that has another number of axes.
    case dimensionNames(site: String, names: [String], shape: [Int])
    /// A site's draws with no leading draw axis, or draws of different counts.
    case draws(site: String, reason: String)
    /// A variable named like a dimension of its group (`chain`, `draw`, a plate).
    case nameClash(group: String, name: String)

    /// The error in words, naming the variable, group or site.
    public var description: String {
        switch self {
        case let .shapeMismatch(variable, reason): "variable '\(variable)': \(reason)"
        case let .dimensionMismatch(group, dimension, lengths, variable):
            "group \(group): dimension '\(dimension)' has length \(lengths[0]), but variable '\(variable)' gives it \(lengths[1])"
        case let .dimensionNames(site, names, shape):
            "site '\(site)': \(names.count) dimension names \(names) for a value of shape \(shape)"
        case let .draws(site, reason): "site '\(site)': \(reason)"
        case let .nameClash(group, name):
            "group \(group): variable '\(name)' has the name of one of the group's dimensions; rename the site or its dimensions"
        }
    }
}
