import LatentCore
import LatentDistributions
import Testing

/// A batch of distributions of one family: each parameter is a tensor of
/// its own shape, filled from the settings of the family's cases in the
/// case table, and the shapes broadcast to the batch shape. Each batch
/// member can also be built alone from its own parameter elements (rank-0
/// tensors): the reference for the batched values, computed on a path that
/// does no broadcasting.
///
/// Element e (row-major) of parameter j holds parameter j of setting
/// e mod m of the family's m settings, so with parameters of shape [3, 1]
/// and [2] member (i, k) has parameter 0 of setting i and parameter 1 of
/// setting k.
public struct BatchedCase<Scalar: TensorScalar>: Sendable, CustomTestStringConvertible {
    public let name: String
    /// The shape of each parameter tensor, in the order `build` takes them.
    public let parameterShapes: [[Int]]
    /// The elements of each parameter tensor, row-major.
    public let parameterElements: [[Double]]
    /// The broadcast of the parameter shapes.
    public let batchShape: [Int]
    /// The parameters of each member, members in row-major order of the batch.
    public let memberParameters: [[Double]]
    /// The table case a member is, when all its parameters come from one
    /// setting (then its draws can be checked against that case's reference).
    public let memberCases: [DistributionCase<Scalar>?]
    /// The family's `build`: the distribution from its parameter tensors.
    public let build: @Sendable ([Tensor<Scalar>]) throws -> any Distribution<Scalar>

    public var testDescription: String { name }

    /// The batch of `family`'s settings with parameters of the given shapes,
    /// or nil where that makes no sense: a family whose parameters do not
    /// apply elementwise, shapes that do not broadcast, or a member whose
    /// mix of settings is not a valid setting (a uniform's low above its
    /// high).
    public init?(_ family: [DistributionCase<Scalar>], parameterShapes: [[Int]]) {
        guard let first = family.first, first.isElementwise, parameterShapes.count == first.parameters.count,
              let batchShape = parameterShapes.dropFirst().reduce(parameterShapes.first, { shape, next in shape.flatMap { broadcastShape($0, next) } })
        else { return nil }
        let settings = family.count
        self.build = first.build
        self.parameterShapes = parameterShapes
        self.batchShape = batchShape
        self.parameterElements = parameterShapes.enumerated().map { j, shape in
            (0..<shape.reduce(1, *)).map { family[$0 % settings].parameters[j] }
        }
        var members: [[Double]] = [], cases: [DistributionCase<Scalar>?] = []
        for b in 0..<batchShape.reduce(1, *) {
            let index = Self.multiIndex(of: b, in: batchShape)
            let chosen = parameterShapes.map { Self.flatIndex(broadcasting: index, into: $0) % settings }
            members.append(chosen.enumerated().map { j, setting in family[setting].parameters[j] })
            cases.append(Set(chosen).count == 1 ? family[chosen[0]] : nil)
        }
        self.memberParameters = members
        self.memberCases = cases
        let family = first.name.prefix { $0 != "(" }
        let parameterisation = first.name.drop { $0 != "(" }.dropFirst().prefix(while: \.isLetter)
        let label = parameterisation.isEmpty ? "\(family)" : "\(family)(\(parameterisation))"
        self.name = "\(label) with parameter shapes \(parameterShapes.map { "\($0)" }.joined(separator: ", "))"
        guard (try? (0..<members.count).map { try member($0) }) != nil else { return nil }
    }

    /// The batched distribution.
    public func make() throws -> any Distribution<Scalar> {
        try build(zip(parameterShapes, parameterElements).map { shape, elements in
            try Tensor(shape: shape, scalars: elements.map { Scalar($0) })
        })
    }

    /// Member `index` built alone, from rank-0 parameters.
    public func member(_ index: Int) throws -> any Distribution<Scalar> {
        try build(memberParameters[index].map { Tensor(Scalar($0)) })
    }

    /// The member indices (row-major in the batch) that use element
    /// `element` of parameter `parameter`.
    public func members(using element: Int, ofParameter parameter: Int) -> [Int] {
        (0..<memberParameters.count).filter { b in
            Self.flatIndex(broadcasting: Self.multiIndex(of: b, in: batchShape), into: parameterShapes[parameter]) == element
        }
    }

    /// The row-major multi-index of flat index `flat` in `shape`.
    static func multiIndex(of flat: Int, in shape: [Int]) -> [Int] {
        var rest = flat
        return shape.reversed().map { size in
            defer { rest /= size }
            return rest % size
        }.reversed()
    }

    /// The flat index in `shape` of the element that broadcasting maps
    /// `index` (an index of a broadcast shape) onto: trailing axes align,
    /// and an axis of size 1 is read at 0.
    static func flatIndex(broadcasting index: [Int], into shape: [Int]) -> Int {
        let offset = index.count - shape.count
        return shape.indices.reduce(0) { flat, axis in
            flat * shape[axis] + (shape[axis] == 1 ? 0 : index[offset + axis])
        }
    }
}
