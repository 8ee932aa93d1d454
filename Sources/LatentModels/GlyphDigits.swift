import LatentCore

/// The project's own data set, generated rather than downloaded: the ten
/// digits drawn as pen strokes on 28×28 grey images, each with a random
/// affine jitter (rotation ±15°, scale 0.8–1.1 per axis, shear ±0.2,
/// shift ±2 px), stroke half-width 0.9–1.8 px, anti-aliased edges and
/// Gaussian pixel noise (sd 0.04). Deterministic from the seed; pixel
/// values in [0, 1], row-major like MNIST.
public enum GlyphDigits {
    public static let side = 28

    /// `count` images [count, 784] and their labels (0–9, cycling).
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for a count below 1.
    public static func generate(count: Int, seed: UInt64) throws -> (images: Tensor<Float>, labels: [Int]) {
        try ModelError.checkCount("count", count, atLeast: 1)
        var generator = Xoshiro256PlusPlus(seed: seed)
        var pixels = [Float](repeating: 0, count: count * side * side)
        var labels: [Int] = []
        for index in 0..<count {
            let digit = index % 10
            labels.append(digit)
            draw(digit, into: &pixels, at: index * side * side, using: &generator)
        }
        return (try Tensor(shape: [count, side * side], scalars: pixels), labels)
    }

    /// Renders one jittered glyph: each pixel's ink is 1 inside the stroke,
    /// falling linearly to 0 over half a pixel outside it.
    private static func draw(_ digit: Int, into pixels: inout [Float], at offset: Int, using generator: inout Xoshiro256PlusPlus) {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double.randomUniform(using: &generator) }
        let angle = uniform(-15, 15) * Double.pi / 180
        let (scaleX, scaleY, shear) = (uniform(0.8, 1.1), uniform(0.8, 1.1), uniform(-0.2, 0.2))
        let (shiftX, shiftY) = (uniform(-2, 2), uniform(-2, 2))
        let halfWidth = uniform(0.9, 1.8)
        // Unit-box strokes → 20-pixel box centred in the image, jittered.
        let segments = strokes[digit].flatMap { stroke in zip(stroke, stroke.dropFirst()).map { ($0, $1) } }.map { a, b in
            (place(a), place(b))
        }
        func place(_ p: (Double, Double)) -> (Double, Double) {
            let (u, v) = ((p.0 - 0.5) * 20 * scaleX, (p.1 - 0.5) * 20 * scaleY)
            let sheared = u + shear * v
            return (14 + shiftX + Double.cos(angle) * sheared - Double.sin(angle) * v,
                    14 + shiftY + Double.sin(angle) * sheared + Double.cos(angle) * v)
        }
        for row in 0..<side {
            for column in 0..<side {
                let (x, y) = (Double(column) + 0.5, Double(row) + 0.5)
                var distance = Double.infinity
                for (a, b) in segments { distance = Swift.min(distance, distanceToSegment(x, y, a, b)) }
                let ink = Swift.min(Swift.max(halfWidth + 0.5 - distance, 0), 1)
                let noisy = ink + 0.04 * Double.randomNormal(using: &generator)
                pixels[offset + row * side + column] = Float(Swift.min(Swift.max(noisy, 0), 1))
            }
        }
    }

    private static func distanceToSegment(_ x: Double, _ y: Double, _ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1)
        let length = dx * dx + dy * dy
        let t = length == 0 ? 0 : Swift.min(Swift.max(((x - a.0) * dx + (y - a.1) * dy) / length, 0), 1)
        let (px, py) = (a.0 + t * dx - x, a.1 + t * dy - y)
        return (px * px + py * py).squareRoot()
    }

    /// Each digit as polylines in the unit box (x right, y down).
    static let strokes: [[[(Double, Double)]]] = [
        [ellipse(centre: (0.5, 0.5), radii: (0.28, 0.4), points: 16)],
        [[(0.35, 0.25), (0.52, 0.1), (0.52, 0.9)]],
        [[(0.25, 0.3), (0.35, 0.15), (0.5, 0.1), (0.65, 0.15), (0.72, 0.3), (0.6, 0.5), (0.25, 0.9), (0.75, 0.9)]],
        [[(0.28, 0.15), (0.7, 0.15), (0.45, 0.45), (0.65, 0.55), (0.72, 0.7), (0.6, 0.87), (0.4, 0.9), (0.27, 0.82)]],
        [[(0.65, 0.9), (0.65, 0.1), (0.25, 0.65), (0.78, 0.65)]],
        [[(0.7, 0.1), (0.32, 0.1), (0.3, 0.45), (0.55, 0.42), (0.7, 0.55), (0.7, 0.75), (0.55, 0.9), (0.28, 0.85)]],
        [[(0.65, 0.12), (0.42, 0.3), (0.3, 0.6), (0.35, 0.85), (0.55, 0.9), (0.7, 0.75), (0.65, 0.55), (0.45, 0.5), (0.32, 0.62)]],
        [[(0.25, 0.1), (0.75, 0.1), (0.45, 0.9)]],
        [ellipse(centre: (0.5, 0.3), radii: (0.17, 0.17), points: 12), ellipse(centre: (0.5, 0.68), radii: (0.21, 0.21), points: 14)],
        [[(0.68, 0.4), (0.55, 0.5), (0.38, 0.45), (0.32, 0.3), (0.42, 0.13), (0.6, 0.12), (0.68, 0.3), (0.66, 0.6), (0.55, 0.9)]],
    ]

    private static func ellipse(centre: (Double, Double), radii: (Double, Double), points: Int) -> [(Double, Double)] {
        (0...points).map { k in
            let t = 2 * Double.pi * Double(k) / Double(points)
            return (centre.0 + radii.0 * Double.cos(t), centre.1 + radii.1 * Double.sin(t))
        }
    }
}
