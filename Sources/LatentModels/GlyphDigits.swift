import LatentCore

/// The project's own data set, generated rather than downloaded: the ten
/// digits drawn as pen strokes on 28×28 grey images, each with a random
/// affine jitter (rotation ±15°, scale 0.8–1.1 per axis, shear ±0.2,
/// shift ±2 px), stroke half-width 0.9–1.8 px, anti-aliased edges and
/// Gaussian pixel noise (sd 0.04). Deterministic from the seed; pixel
/// values in [0, 1], row-major like MNIST.
public enum GlyphDigits {
    /// The width and height of an image, in pixels.
    public static let side = 28

    /// `count` images [count, 784] and their labels (0–9, cycling).
    /// - Throws: ``ModelError/countOutOfRange(argument:value:valid:)`` for a count below 1.
    public static func generate(count: Int, seed: UInt64) throws -> (images: Tensor<Float>, labels: [Int]) {
        try ModelError.checkCount("count", count, atLeast: 1)
        var generator = Xoshiro256PlusPlus(seed: seed)
        let pixelCount = side * side
        var pixels = [Float](repeating: 0, count: count * pixelCount)
        // In blocks of images: the block's generator outputs taken on this
        // thread in the order of one image after another (its jitter, then
        // two words for each pixel's normal noise), then the images
        // rendered, noise included, on all cores. The same draws as
        // rendering each image as it is drawn, so the same images.
        let block = 512
        var noise = [UInt64](repeating: 0, count: block * pixelCount * 2)
        for first in stride(from: 0, to: count, by: block) {
            let images = Swift.min(block, count - first)
            var jitters: [Jitter] = []
            for image in 0..<images {
                jitters.append(Jitter(using: &generator))
                for word in 0..<(2 * pixelCount) { noise[image * pixelCount * 2 + word] = generator.next() }
            }
            noise.withUnsafeBufferPointer { noise in
                pixels.withUnsafeMutableBufferPointer { pixels in
                    let (noise, pixels) = (noise.baseAddress!, pixels.baseAddress!)
                    ParallelChunks.forEach(count: images, minimumChunk: 32, alignment: 1) { range in
                        for image in range {
                            render((first + image) % 10, jitters[image], noise: noise + image * pixelCount * 2,
                                   into: pixels + (first + image) * pixelCount)
                        }
                    }
                }
            }
        }
        return (try Tensor(shape: [count, pixelCount], scalars: pixels), (0..<count).map { $0 % 10 })
    }

    /// One glyph's random affine jitter and stroke half-width, drawn in this order.
    private struct Jitter {
        let angle, scaleX, scaleY, shear, shiftX, shiftY, halfWidth: Double

        init(using generator: inout Xoshiro256PlusPlus) {
            func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double.randomUniform(using: &generator) }
            angle = uniform(-15, 15) * Double.pi / 180
            (scaleX, scaleY, shear) = (uniform(0.8, 1.1), uniform(0.8, 1.1), uniform(-0.2, 0.2))
            (shiftX, shiftY) = (uniform(-2, 2), uniform(-2, 2))
            halfWidth = uniform(0.9, 1.8)
        }
    }

    /// Renders one jittered glyph: each pixel's ink is 1 inside the stroke,
    /// falling linearly to 0 over half a pixel outside it, plus 0.04 times
    /// a standard normal made of its two words of `noise`
    /// (``Double/randomNormal(using:)``'s), clamped to [0, 1].
    private static func render(
        _ digit: Int, _ jitter: Jitter, noise: UnsafePointer<UInt64>, into pixels: UnsafeMutablePointer<Float>
    ) {
        // Unit-box strokes → 20-pixel box centred in the image, jittered.
        let (cosine, sine) = (Double.cos(jitter.angle), Double.sin(jitter.angle))
        let segments = strokes[digit].flatMap { stroke in zip(stroke, stroke.dropFirst()).map { ($0, $1) } }.map { a, b in
            (place(a), place(b))
        }
        func place(_ p: (Double, Double)) -> (Double, Double) {
            let (u, v) = ((p.0 - 0.5) * 20 * jitter.scaleX, (p.1 - 0.5) * 20 * jitter.scaleY)
            let sheared = u + jitter.shear * v
            return (14 + jitter.shiftX + cosine * sheared - sine * v, 14 + jitter.shiftY + sine * sheared + cosine * v)
        }
        // A pixel centre farther than `reach` from every segment gets no
        // ink, so each segment is measured only from the pixels of its
        // bounding box widened by `reach` (and one pixel more): the nearest
        // segment of an inked pixel is always among them, and the others
        // keep an infinite distance, which also gives no ink.
        let reach = jitter.halfWidth + 0.5
        withUnsafeTemporaryAllocation(of: Double.self, capacity: side * side) { distances in
            distances.initialize(repeating: .infinity)
            for (a, b) in segments {
                let columns = pixelRange(Swift.min(a.0, b.0) - reach, Swift.max(a.0, b.0) + reach)
                let rows = pixelRange(Swift.min(a.1, b.1) - reach, Swift.max(a.1, b.1) + reach)
                for row in rows {
                    for column in columns {
                        let distance = distanceToSegment(Double(column) + 0.5, Double(row) + 0.5, a, b)
                        distances[row * side + column] = Swift.min(distances[row * side + column], distance)
                    }
                }
            }
            for pixel in 0..<(side * side) {
                let ink = Swift.min(Swift.max(reach - distances[pixel], 0), 1)
                let noisy = ink + 0.04 * Double.firstNormal(words: noise[2 * pixel], noise[2 * pixel + 1])
                pixels[pixel] = Float(Swift.min(Swift.max(noisy, 0), 1))
            }
        }
    }

    /// The pixels whose centres (index + 0.5) may lie in [low, high], one
    /// more on each side, within the image (empty when none can).
    private static func pixelRange(_ low: Double, _ high: Double) -> Range<Int> {
        let first = Swift.max(0, Int((low - 0.5).rounded(.down)) - 1)
        let last = Swift.min(side - 1, Int((high - 0.5).rounded(.up)) + 1)
        return first <= last ? first..<(last + 1) : 0..<0
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
