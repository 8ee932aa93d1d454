import Foundation
import LatentCore

/// A fit's draws and data laid out as ArviZ's InferenceData, written as a
/// netCDF-4 file that `arviz.from_netcdf` opens (and so `az.summary`,
/// `az.plot_trace`, `az.plot_forest`): one netCDF group per InferenceData
/// group, each variable over named dimensions.
///
/// The groups Latent writes:
/// - `posterior`: each latent site's draws over `chain`, `draw`, then the
///   site's own dimensions (a variational fit has one chain);
/// - `posterior_predictive`: each observed site's simulated values, laid
///   out the same way;
/// - `observed_data`: each observed site's data, over the site's dimensions;
/// - `vi`: the optimisation's loss (the negative ELBO, nats) over `step`, one
///   value per SVI step. ArviZ opens it as a group of its own (0.x warns that
///   the name is outside its scheme); it is not `sample_stats`, whose
///   variables ArviZ reads as one value per draw.
///
/// A site's dimensions are its plates' names where a plate indexes an
/// axis, names the caller gives, or ArviZ's generic `SITE_dim_K`.
public struct InferenceData: Sendable {
    /// One variable of a group: values in row-major order over named dimensions.
    public struct Variable: Sendable, Equatable {
        /// The variable's name in its group: a site's name, or `loss`.
        public let name: String
        /// The names of its dimensions, outermost first.
        public let dimensions: [String]
        /// The length along each dimension.
        public let shape: [Int]
        /// The values, in row-major order.
        public let values: [Double]

        /// A variable named `name` holding `values` over `dimensions` of lengths `shape`.
        /// - Throws: ``InferenceDataError/shapeMismatch(variable:reason:)``
        ///   when the dimensions and the shape differ in number, or the
        ///   values are not the shape's count.
        public init(name: String, dimensions: [String], shape: [Int], values: [Double]) throws {
            guard dimensions.count == shape.count else {
                throw InferenceDataError.shapeMismatch(
                    variable: name, reason: "\(dimensions.count) dimension names for shape \(shape)")
            }
            guard shape.allSatisfy({ $0 >= 0 }), values.count == shape.reduce(1, *) else {
                throw InferenceDataError.shapeMismatch(variable: name, reason: "\(values.count) values for shape \(shape)")
            }
            self.name = name
            self.dimensions = dimensions
            self.shape = shape
            self.values = values
        }
    }

    /// One InferenceData group.
    public struct Group: Sendable {
        /// The group's name: `posterior`, `posterior_predictive`, `observed_data` or `vi`.
        public let name: String
        /// The group's variables, in the order they are written.
        public var variables: [Variable]

        /// A group named `name` holding `variables`.
        public init(name: String, variables: [Variable]) {
            self.name = name
            self.variables = variables
        }
    }

    /// The groups, in the order they are written.
    public var groups: [Group]
    /// The attributes ArviZ writes on every group: when the file was made
    /// and by which library.
    public var attributes: [(name: String, value: String)]

    /// InferenceData of `groups`, its ``attributes`` recording `createdAt`
    /// (ISO 8601) and Latent's version.
    public init(groups: [Group], createdAt: Date = Date()) {
        self.groups = groups
        attributes = [
            ("created_at", ISO8601DateFormatter().string(from: createdAt)),
            ("inference_library", "latent"),
            ("inference_library_version", LatentVersion.string),
        ]
    }

    /// The group named `name`, if there is one.
    public subscript(group name: String) -> Group? {
        groups.first { $0.name == name }
    }
}

extension InferenceData {
    /// Writes the file at `path` whole or not at all (``AtomicFile``).
    /// Every group's dimensions are defined in that group, so that two
    /// groups may give one name different lengths (`draw` in `posterior`
    /// and in `posterior_predictive` always agree, `step` exists only in `vi`).
    /// - Throws: ``InferenceDataError`` for a layout netCDF or ArviZ cannot
    ///   take (a dimension of length 0, a variable named like a dimension of its
    ///   group, two lengths of one dimension), ``NetCDFError`` naming `path` and the
    ///   call that failed, ``OutputError`` when the folder cannot take the
    ///   file or it cannot be placed.
    public func write(to path: String) throws {
        let layouts = try groups.map { try Self.dimensions(of: $0) }
        try AtomicFile.write(to: path) { temporary in try NetCDFFile.exclusively {
            let file = try NetCDFFile(creating: temporary, reportingAs: path)
            for attribute in attributes {
                try file.putAttribute(attribute.name, attribute.value, in: file.root, subject: "the root group")
            }
            for (group, dimensions) in zip(groups, layouts) {
                let id = try file.defineGroup(group.name, in: file.root)
                for attribute in attributes {
                    try file.putAttribute(attribute.name, attribute.value, in: id, subject: "group \(group.name)")
                }
                var ids: [String: Int32] = [:]
                for (name, length) in dimensions {
                    ids[name] = try file.defineDimension(name, length: length, in: id, groupName: group.name)
                }
                for variable in group.variables {
                    let subject = "group \(group.name), variable \(variable.name)"
                    let variableID = try file.defineVariable(
                        variable.name, dimensions: variable.dimensions.map { ids[$0]! }, in: id, groupName: group.name)
                    try file.putValues(variable.values, variable: variableID, in: id, subject: subject)
                }
            }
            try file.close()
        } }
    }

    /// The group's dimensions in order of first use, with their lengths.
    /// - Throws: ``InferenceDataError`` for a dimension of length 0 (netCDF
    ///   would make it unlimited), for a variable named like a dimension of
    ///   its group (xarray would take it for that dimension's coordinates and
    ///   drop it from ArviZ's summaries), and for two lengths of one dimension.
    static func dimensions(of group: Group) throws -> [(String, Int)] {
        var lengths: [(String, Int)] = []
        for variable in group.variables {
            for (name, length) in zip(variable.dimensions, variable.shape) {
                guard length > 0 else {
                    throw InferenceDataError.shapeMismatch(variable: variable.name, reason: "dimension '\(name)' has length 0")
                }
                if let known = lengths.first(where: { $0.0 == name }) {
                    guard known.1 == length else {
                        throw InferenceDataError.dimensionMismatch(
                            group: group.name, dimension: name, lengths: [known.1, length], variable: variable.name)
                    }
                } else {
                    lengths.append((name, length))
                }
            }
        }
        let names = Set(lengths.map(\.0))
        if let clash = group.variables.first(where: { names.contains($0.name) }) {
            throw InferenceDataError.nameClash(group: group.name, name: clash.name)
        }
        return lengths
    }
}
