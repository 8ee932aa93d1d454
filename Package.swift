// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Latent",
    products: [
        // MARK: - Public API
        .library(name: "LatentCore", targets: ["LatentCore"]),
        .library(name: "LatentDistributions", targets: ["LatentDistributions"]),
        .library(name: "LatentInference", targets: ["LatentInference"]),
        .library(name: "Latent", targets: ["Latent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // MARK: - Public API
        .target(
            name: "LatentCore",
            dependencies: [
                "CGSL",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "LatentDistributions",
            dependencies: ["LatentCore", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(name: "LatentInference", dependencies: ["LatentCore", "LatentDistributions"]),
        .target(name: "Latent", dependencies: ["LatentCore", "LatentDistributions", "LatentInference"]),

        // MARK: - Implementation details
        .systemLibrary(
            name: "CGSL",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"])]
        ),

        // MARK: - Examples
        .executableTarget(
            name: "LogisticRegression",
            dependencies: ["Latent"],
            path: "Examples/LogisticRegression"
        ),

        .executableTarget(
            name: "EightSchools",
            dependencies: ["Latent"],
            path: "Examples/EightSchools"
        ),

        // MARK: - Benchmarks
        .executableTarget(
            name: "LatentBenchmarks",
            dependencies: ["LatentCore", "CGSL"],
            path: "Benchmarks/LatentBenchmarks"
        ),

        // MARK: - Tests
        .target(
            name: "LatentTestSupport",
            dependencies: ["LatentCore", "LatentDistributions", "CGSL"],
            path: "Tests/LatentTestSupport"
        ),
        .testTarget(
            name: "LatentCoreTests",
            dependencies: ["LatentCore", "LatentTestSupport", "CGSL"]
        ),
        .testTarget(
            name: "LatentInferenceTests",
            dependencies: ["LatentInference", "LatentDistributions", "LatentCore", "LatentTestSupport"]
        ),
        .testTarget(
            name: "LatentDistributionsTests",
            dependencies: ["LatentDistributions", "LatentCore", "LatentTestSupport", "CGSL"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
