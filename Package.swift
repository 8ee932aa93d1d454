// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Latent",
    products: [
        // MARK: - Public API
        .library(name: "LatentCore", targets: ["LatentCore"]),
        .library(name: "LatentDistributions", targets: ["LatentDistributions"]),
        .library(name: "LatentInference", targets: ["LatentInference"]),
        .library(name: "LatentNN", targets: ["LatentNN"]),
        .library(name: "LatentModels", targets: ["LatentModels"]),
        .library(name: "Latent", targets: ["Latent"]),

        // MARK: - Application support
        .library(name: "LatentApplication", targets: ["LatentApplication"]),
        .library(name: "LatentDistributed", targets: ["LatentDistributed"]),
        .executable(name: "latent", targets: ["LatentCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `make docs`: the DocC catalogue (`swift package generate-documentation`).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Public API
        .target(
            name: "LatentCore",
            dependencies: [
                "CGSL",
                "CLatentKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "LatentDistributions",
            dependencies: ["LatentCore", "CLatentKernels", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(name: "LatentInference", dependencies: ["LatentCore", "LatentDistributions", "CLatentKernels"]),
        .target(name: "LatentNN", dependencies: ["LatentCore"]),
        .target(name: "LatentModels", dependencies: ["LatentCore", "LatentDistributions", "LatentInference", "LatentNN"]),
        .target(name: "Latent", dependencies: ["LatentCore", "LatentDistributions", "LatentInference", "LatentNN", "LatentModels"]),

        // MARK: - Application support (file formats, the VAE's training loop, checkpoints, the command line)
        .target(
            name: "LatentApplication",
            dependencies: ["LatentCore", "LatentDistributions", "LatentInference", "LatentModels", "CZlib", "CNetCDF"]
        ),
        // MARK: - Data parallelism over MPI
        .target(name: "LatentDistributed", dependencies: ["CMPI", "LatentInference"]),
        // `mpirun -np P LatentMPICheck`: the MPI layer in a real job (LatentCLITests runs it).
        .executableTarget(name: "LatentMPICheck", dependencies: ["LatentDistributed", "Latent"]),
        .executableTarget(
            name: "LatentCLI",
            dependencies: [
                "Latent", "LatentApplication", "LatentDistributed", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details
        // Elementwise kernels for AVX2 and FMA, chosen at run time by CPUID.
        .target(name: "CLatentKernels"),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CNetCDF", providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(
            name: "CGSL",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"])]
        ),

        // MARK: - Examples (each one file; `swift run -c release <Name>Example`)
        .executableTarget(name: "EightSchoolsExample", dependencies: ["Latent"], path: "Examples/EightSchools"),
        .executableTarget(name: "BayesianLinearRegressionExample", dependencies: ["Latent"], path: "Examples/BayesianLinearRegression"),
        .executableTarget(name: "LogisticRegressionExample", dependencies: ["Latent"], path: "Examples/LogisticRegression"),
        .executableTarget(name: "GaussianMixtureExample", dependencies: ["Latent"], path: "Examples/GaussianMixture"),
        .executableTarget(name: "ProbabilisticPCAExample", dependencies: ["Latent"], path: "Examples/ProbabilisticPCA"),
        .executableTarget(
            name: "PosteriorDatabaseExample", dependencies: ["Latent", "LatentApplication"], path: "Examples/PosteriorDatabase"
        ),

        // MARK: - Benchmarks
        .executableTarget(
            name: "LatentBenchmarks",
            dependencies: ["Latent", "LatentApplication", "CGSL"],
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
            name: "LatentNNTests",
            dependencies: ["LatentNN", "LatentInference", "LatentDistributions", "LatentCore", "LatentTestSupport"]
        ),
        .testTarget(
            name: "LatentModelsTests",
            dependencies: ["LatentModels", "LatentInference", "LatentDistributions", "LatentCore", "LatentTestSupport"]
        ),
        .testTarget(
            name: "LatentApplicationTests",
            dependencies: ["LatentApplication", "LatentModels", "LatentInference", "LatentCore", "CNetCDF"]
        ),
        .testTarget(name: "LatentCLITests"),
        .testTarget(
            name: "LatentDistributionsTests",
            dependencies: ["LatentDistributions", "LatentCore", "LatentTestSupport", "CGSL"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
