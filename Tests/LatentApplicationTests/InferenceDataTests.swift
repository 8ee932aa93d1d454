import CNetCDF
import Foundation
import LatentApplication
import LatentCore
import LatentInference
import LatentModels
import Testing

/// InferenceData files read back through the netCDF C library itself (not
/// through Latent's writer): the groups, dimensions, values and attributes
/// ArviZ reads.
///
/// Serialized: the netCDF library is not safe to call from two threads at
/// once, and these tests read through it directly.
@Suite("InferenceData as netCDF-4", .serialized)
struct InferenceDataTests {
    /// A folder of its own for each test.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "latent-inferencedata-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Eight schools' prior predictive draws with one trace of the model;
    /// with `pair`, also a deterministic vector outside any plate.
    static func eightSchools(draws count: Int, pair: Bool = false) throws -> (draws: [String: Tensor<Double>], trace: Trace<Double>) {
        func model(_ c: ModelContext<Double>) throws {
            try EightSchools().model(c)
            if pair { _ = try c.deterministic("pair", Tensor([0.0, 1.0])) }
        }
        let context = ModelContext<Double>(seed: 5)
        let draws = try Predictive<Double, Void, Void>(model: model).draw(count, in: context)
        return (draws, try context.trace(model))
    }

    /// A variable read back: its dimensions' names and lengths and its values.
    struct ReadVariable: Equatable {
        var dimensions: [String]
        var shape: [Int]
        var values: [Double]
    }

    /// Reads group/variable through the C API.
    static func read(_ path: String, group: String, variable: String) throws -> ReadVariable {
        var file: Int32 = -1
        try #require(nc_open(path, NC_NOWRITE, &file) == NC_NOERR)
        defer { nc_close(file) }
        var groupID: Int32 = -1, variableID: Int32 = -1, rank: Int32 = 0
        try #require(nc_inq_grp_ncid(file, group, &groupID) == NC_NOERR, "no group \(group)")
        try #require(nc_inq_varid(groupID, variable, &variableID) == NC_NOERR, "no variable \(variable) in \(group)")
        try #require(nc_inq_varndims(groupID, variableID, &rank) == NC_NOERR)
        var dimensionIDs = [Int32](repeating: 0, count: Int(rank))
        try #require(nc_inq_vardimid(groupID, variableID, &dimensionIDs) == NC_NOERR)
        var result = ReadVariable(dimensions: [], shape: [], values: [])
        for id in dimensionIDs {
            var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
            var length = 0
            try #require(nc_inq_dim(groupID, id, &name, &length) == NC_NOERR)
            result.dimensions.append(String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            result.shape.append(length)
        }
        result.values = [Double](repeating: .nan, count: result.shape.reduce(1, *))
        try #require(nc_get_var_double(groupID, variableID, &result.values) == NC_NOERR)
        return result
    }

    /// A text attribute of a group.
    static func attribute(_ path: String, group: String, name: String) throws -> String {
        var file: Int32 = -1, groupID: Int32 = -1
        try #require(nc_open(path, NC_NOWRITE, &file) == NC_NOERR)
        defer { nc_close(file) }
        try #require(nc_inq_grp_ncid(file, group, &groupID) == NC_NOERR)
        var length = 0
        try #require(nc_inq_attlen(groupID, NC_GLOBAL, name, &length) == NC_NOERR, "no attribute \(name)")
        var text = [CChar](repeating: 0, count: length)
        try #require(nc_get_att_text(groupID, NC_GLOBAL, name, &text) == NC_NOERR)
        return String(decoding: text.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Every site lands in its group over (chain, draw, plate) with the
    /// draws' exact values (Doubles stored as doubles); the observed site's
    /// data in `observed_data` over its plate; the losses in `vi`; and the
    /// attributes ArviZ writes on each group.
    @Test func eightSchoolsRoundTrips() throws {
        let (draws, trace) = try Self.eightSchools(draws: 50)
        let losses = [12.5, 11.0, 10.25]
        let path = try Self.folder() + "/posterior.nc"
        try InferenceData(draws: draws, trace: trace, losses: losses).write(to: path)

        let mu = try Self.read(path, group: "posterior", variable: "mu")
        #expect(mu == ReadVariable(dimensions: ["chain", "draw"], shape: [1, 50], values: draws["mu"]!.scalars))
        let theta = try Self.read(path, group: "posterior", variable: "theta")
        #expect(theta == ReadVariable(dimensions: ["chain", "draw", "schools"], shape: [1, 50, 8], values: draws["theta"]!.scalars))
        let simulated = try Self.read(path, group: "posterior_predictive", variable: "y")
        #expect(simulated == ReadVariable(dimensions: ["chain", "draw", "schools"], shape: [1, 50, 8], values: draws["y"]!.scalars))
        let observed = try Self.read(path, group: "observed_data", variable: "y")
        #expect(observed == ReadVariable(dimensions: ["schools"], shape: [8], values: EightSchools.effects))
        let loss = try Self.read(path, group: "vi", variable: "loss")
        #expect(loss == ReadVariable(dimensions: ["step"], shape: [3], values: losses))
        for group in ["posterior", "posterior_predictive", "observed_data", "vi"] {
            #expect(try Self.attribute(path, group: group, name: "inference_library") == "latent")
            #expect(try Self.attribute(path, group: group, name: "inference_library_version") == LatentVersion.string)
            #expect(try ISO8601DateFormatter().date(from: Self.attribute(path, group: group, name: "created_at")) != nil)
        }
    }

    /// Names the caller gives replace the plates' and generic ones; a site
    /// outside any plate with a vector value gets ArviZ's `SITE_dim_0`.
    @Test func dimensionNamesFromTheCallerAndGeneric() throws {
        let (draws, trace) = try Self.eightSchools(draws: 4, pair: true)
        let path = try Self.folder() + "/named.nc"
        try InferenceData(draws: draws, trace: trace, dimensions: ["theta": ["school"]]).write(to: path)
        #expect(try Self.read(path, group: "posterior", variable: "theta").dimensions == ["chain", "draw", "school"])
        #expect(try Self.read(path, group: "posterior", variable: "theta_trans").dimensions == ["chain", "draw", "schools"])
        #expect(try Self.read(path, group: "posterior", variable: "pair").dimensions == ["chain", "draw", "pair_dim_0"])
    }

    /// Bad layouts are typed errors naming the site or variable, and a
    /// write that fails leaves nothing behind, neither the file nor its
    /// temporary.
    @Test func badLayoutsAndFailedWritesAreNamed() throws {
        let (draws, trace) = try Self.eightSchools(draws: 4)
        #expect(throws: InferenceDataError.dimensionNames(site: "theta", names: ["a", "b"], shape: [8])) {
            try InferenceData(draws: draws, trace: trace, dimensions: ["theta": ["a", "b"]])
        }
        var uneven = draws
        uneven["mu"] = Tensor([1.0, 2.0])
        #expect(throws: InferenceDataError.draws(site: "tau", reason: "4 draws where other sites have 2")) {
            try InferenceData(draws: uneven, trace: trace)
        }
        #expect(throws: InferenceDataError.shapeMismatch(variable: "v", reason: "3 values for shape [2]")) {
            try InferenceData.Variable(name: "v", dimensions: ["d"], shape: [2], values: [1, 2, 3])
        }
        let clash = InferenceData(groups: [InferenceData.Group(name: "posterior", variables: [
            try .init(name: "a", dimensions: ["chain", "draw"], shape: [1, 3], values: [1, 2, 3]),
            try .init(name: "b", dimensions: ["chain", "draw"], shape: [1, 2], values: [1, 2]),
        ])])
        let folder = try Self.folder()
        #expect(throws: InferenceDataError.dimensionMismatch(group: "posterior", dimension: "draw", lengths: [3, 2], variable: "b")) {
            try clash.write(to: folder + "/clash.nc")
        }
        // A variable name netCDF refuses: the error names the call, the group and the variable.
        let refused = InferenceData(groups: [InferenceData.Group(name: "posterior", variables: [
            try .init(name: "bad/name", dimensions: ["chain"], shape: [1], values: [1]),
        ])])
        do {
            try refused.write(to: folder + "/refused.nc")
            Issue.record("netCDF accepted a variable name with a slash")
        } catch let error as NetCDFError {
            #expect(error.call == "nc_def_var" && error.subject == "group posterior, variable bad/name", "\(error)")
            #expect(error.path == folder + "/refused.nc", "the error names the file asked for, not the temporary one")
        }
        // Layouts ArviZ cannot use: a variable named like a dimension, a dimension of length 0.
        let clashing = InferenceData(groups: [InferenceData.Group(name: "posterior", variables: [
            try .init(name: "draw", dimensions: ["chain", "draw"], shape: [1, 2], values: [1, 2]),
        ])])
        #expect(throws: InferenceDataError.nameClash(group: "posterior", name: "draw")) { try clashing.write(to: folder + "/clash.nc") }
        let empty = InferenceData(groups: [InferenceData.Group(name: "posterior", variables: [
            try .init(name: "e", dimensions: ["chain", "draw"], shape: [1, 0], values: []),
        ])])
        #expect(throws: InferenceDataError.shapeMismatch(variable: "e", reason: "dimension 'draw' has length 0")) {
            try empty.write(to: folder + "/empty.nc")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // A folder that does not exist: the system's reason, for the file asked for.
        #expect(throws: OutputError.cannotWrite(path: "/nonexistent-latent/posterior.nc", reason: "No such file or directory")) {
            try InferenceData(draws: draws, trace: trace).write(to: "/nonexistent-latent/posterior.nc")
        }
    }
}
