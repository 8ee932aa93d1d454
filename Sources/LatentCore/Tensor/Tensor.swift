/// An n-dimensional array of `Float` or `Double` in contiguous row-major
/// order, whose operations can be differentiated in reverse mode.
///
/// A tensor is a value: operations return new tensors and never change their
/// operands. Inside ``valueWithGradient(at:of:)->(_,[Tensor<S>])`` a tensor also remembers
/// where it sits on the tape, so that gradients can flow back through it;
/// outside, operations record nothing and cost nothing extra.
///
/// A tensor holds a reference to its tape only while it is being
/// differentiated; tensors are `Sendable`, but one differentiation (one tape)
/// must run on one task.
public struct Tensor<Scalar: TensorScalar>: @unchecked Sendable {
    /// The size of each dimension, outermost first. `[]` is a scalar.
    public let shape: [Int]
    @usableFromInline var storage: TensorStorage<Scalar>
    /// Where this value was recorded, when it is being differentiated.
    @usableFromInline var trace: TapeReference<Scalar>?
    /// Where this value sits in a running capture (``CaptureRecorder``), or 0.
    @usableFromInline var slot: Int

    @inlinable
    init(shape: [Int], storage: TensorStorage<Scalar>, trace: TapeReference<Scalar>? = nil, slot: Int = 0) {
        self.shape = shape
        self.storage = storage
        self.trace = trace
        self.slot = slot
    }

    /// A tensor of the given shape filled from `scalars` in row-major order.
    /// - Throws: ``TensorError/scalarCountMismatch(shape:count:)`` when the
    ///   count does not fill the shape, ``TensorError/invalidShape(operation:shape:reason:)``
    ///   for a negative dimension.
    @inlinable
    public init(shape: [Int], scalars: [Scalar]) throws {
        try Shape.validate(shape, operation: "Tensor(shape:scalars:)")
        guard Shape.count(of: shape) == scalars.count else {
            throw TensorError.scalarCountMismatch(shape: shape, count: scalars.count)
        }
        self.init(shape: shape, storage: TensorStorage.make(copying: scalars))
    }

    /// A tensor of `shape` whose scalars `initialize` writes in place (every
    /// one of them: the buffer starts uninitialised). For kernels written
    /// outside the core, such as a fused optimiser update, without a copy.
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` for a
    ///   negative dimension, and what `initialize` throws.
    @inlinable
    public init(shape: [Int], initializingScalarsWith initialize: (UnsafeMutableBufferPointer<Scalar>) throws -> Void) throws {
        try Shape.validate(shape, operation: "Tensor(shape:initializingScalarsWith:)")
        let storage = TensorStorage<Scalar>.make(uninitializedCount: Shape.count(of: shape))
        try initialize(UnsafeMutableBufferPointer(start: storage.base, count: Shape.count(of: shape)))
        self.init(shape: shape, storage: storage)
    }

    /// A rank-0 tensor holding one scalar.
    @inlinable
    public init(_ scalar: Scalar) {
        self.init(shape: [], storage: TensorStorage.make(repeating: scalar, count: 1))
    }

    /// A rank-1 tensor holding `scalars`.
    @inlinable
    public init(_ scalars: [Scalar]) {
        self.init(shape: [scalars.count], storage: TensorStorage.make(copying: scalars))
    }

    /// A rank-2 tensor from its rows.
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` when the
    ///   rows have different lengths.
    @inlinable
    public init(rows: [[Scalar]]) throws {
        let width = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw TensorError.invalidShape(
                operation: "Tensor(rows:)", shape: [rows.count, width],
                reason: "has row \(bad) of length \(rows[bad].count)")
        }
        self.init(shape: [rows.count, width], storage: TensorStorage.make(copying: rows.joined()))
    }

    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The number of scalars (the product of the shape).
    @inlinable public var count: Int { storage.count }

    /// The scalars in row-major order.
    @inlinable
    public var scalars: [Scalar] {
        noteRead("scalars")
        return Array(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// The single scalar of a tensor with one element.
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` when
    ///   the tensor holds more or fewer than one scalar.
    @inlinable
    public var scalarValue: Scalar {
        get throws {
            guard count == 1 else {
                throw TensorError.invalidShape(
                    operation: "scalarValue", shape: shape, reason: "does not hold exactly one scalar")
            }
            noteRead("scalarValue")
            return storage.base[0]
        }
    }

    /// The scalar at a multi-dimensional index.
    /// - Throws: ``TensorError/indexOutOfRange(operation:index:bound:)``.
    @inlinable
    public func scalar(at index: [Int]) throws -> Scalar {
        guard index.count == rank else {
            throw TensorError.invalidShape(
                operation: "scalar(at:)", shape: shape, reason: "cannot be indexed by \(index)")
        }
        var offset = 0
        for (i, (position, size)) in zip(index, shape).enumerated() {
            guard position >= 0 && position < size else {
                throw TensorError.indexOutOfRange(operation: "scalar(at:) axis \(i)", index: position, bound: size)
            }
            offset = offset * size + position
        }
        noteRead("scalar(at:)")
        return storage.base[offset]
    }

    /// Calls `body` with the scalars in row-major order.
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        noteRead("withUnsafeScalars")
        return try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Calls `body` with the scalars to change them in place.
    ///
    /// The buffer is copied first unless this tensor is its only owner, and
    /// the tensor stops being tracked for differentiation: an in-place change
    /// is an update of a value (an optimiser step), not an operation.
    @inlinable
    public mutating func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        noteRead("withUnsafeMutableScalars")
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
        trace = nil
        slot = 0
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }
}

extension Tensor: Equatable {
    /// Equal shapes and equal scalars; whether either is being
    /// differentiated does not matter.
    @inlinable
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.noteRead("==")
        rhs.noteRead("==")
        return lhs.shape == rhs.shape
            && (lhs.storage === rhs.storage
                || (0..<lhs.count).allSatisfy { lhs.storage.base[$0] == rhs.storage.base[$0] })
    }
}

extension Tensor: CustomStringConvertible {
    /// The scalar type, the shape and the first 16 scalars (with the count when there are more).
    public var description: String {
        let shown = scalars.prefix(16).map { "\($0)" }.joined(separator: ", ")
        let more = count > 16 ? ", … (\(count) scalars)" : ""
        return "Tensor<\(Scalar.self)>(shape: \(shape), [\(shown)\(more)])"
    }
}
