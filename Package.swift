// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-hutch",
    platforms: [.macOS(.v15)],
    // One product per user story (ARCHITECTURE.md, "Public surface"); the other modules
    // (HutchConventions, HutchAMQP, HutchManagement, HutchConformance, HutchOperator,
    // HutchRubyModel) are targets the products are built from, not products: what a user
    // needs of them is public and re-exported by `Hutch` or reached through `HutchContract`.
    products: [
        // A service that publishes and consumes as a Ruby Hutch app does: `import Hutch` alone.
        .library(name: "Hutch", targets: ["Hutch"]),
        // The service's own consumer tests without a broker: the in-memory RabbitMQ and the harness.
        .library(name: "HutchTesting", targets: ["HutchTesting"]),
        // The service's contract test against its Ruby app's recording (Conformance/CONTRACTS.md).
        .library(name: "HutchContract", targets: ["HutchContract"]),
        // Checking this library against recorded Ruby cases, and diffing two recordings (Conformance/README.md).
        .executable(name: "hutch-conformance", targets: ["hutch-conformance"]),
        // The operator's tool: dead queue, delays, pairing check (README, "Operating").
        .executable(name: "hutch", targets: ["hutch"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // `swift package generate-documentation --target Hutch` (scripts/docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3")
    ],
    targets: [
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(
            name: "HutchConventions",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "HutchAMQP",
            dependencies: ["CRabbitMQ", "HutchConventions"]
        ),
        .target(
            name: "Hutch",
            dependencies: [
                "HutchConventions",
                "HutchAMQP",
                // The management API checks and applies the broken pairing's repair policy.
                "HutchManagement",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing")
            ]
        ),
        .target(
            // An in-memory RabbitMQ, and a harness running users' consumers under the real Worker on it.
            name: "HutchTesting",
            dependencies: ["Hutch", "HutchAMQP", "HutchConventions", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            // Ruby's worker as the conformance runner simulates it (defects included);
            // never a dependency of the client (HutchRubyModelTests/ModuleGraphTests checks).
            name: "HutchRubyModel",
            dependencies: ["HutchConventions"]
        ),
        .target(
            // RabbitMQ's management HTTP API, each request with a hard deadline: the
            // client's pairing check and the conformance runner's vhosts and policies.
            name: "HutchManagement",
            dependencies: ["HutchConventions"]
        ),
        .target(
            name: "HutchConformance",
            dependencies: ["HutchConventions", "HutchRubyModel", "HutchAMQP", "HutchManagement"]
        ),
        .target(
            // The Swift side of a Ruby/Swift message contract, for an app's own tests.
            name: "HutchContract",
            dependencies: ["HutchManagement", "Hutch", "HutchConformance", "HutchConventions"]
        ),
        .executableTarget(
            name: "hutch-conformance",
            dependencies: [
                "HutchConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        .target(
            // The operator's tools behind the `hutch` command: dead queue, delays, pairing check.
            name: "HutchOperator",
            dependencies: ["HutchManagement", "Hutch", "HutchAMQP", "HutchConventions", "HutchConformance"]
        ),
        .executableTarget(
            name: "hutch",
            dependencies: [
                "HutchManagement", "HutchOperator", "Hutch", "HutchAMQP", "HutchConventions", "HutchConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        .executableTarget(
            name: "HutchBenchmarks",
            dependencies: ["HutchConventions", "HutchRubyModel", "HutchAMQP", "HutchConformance"],
            path: "Benchmarks/HutchBenchmarks"
        ),
        .executableTarget(
            name: "HutchClientBenchmarks",
            dependencies: [
                "Hutch", "HutchAMQP", "HutchConventions",
                .product(name: "Logging", package: "swift-log")
            ],
            path: "Benchmarks/HutchClientBenchmarks"
        ),
        .executableTarget(
            // A worker process the fault tests kill mid-handler.
            name: "HutchFaultWorker",
            dependencies: ["Hutch", "HutchAMQP", "HutchConventions", .product(name: "Logging", package: "swift-log")],
            path: "Tests/HutchFaultWorker"
        ),
        .executableTarget(
            // scripts/quickstart-check.sh's stand-in for a Ruby service: publishes a recorded
            // Ruby publish's frames. Built in this package: it needs the codec, which is not public.
            name: "ReplayRubyPublish",
            dependencies: ["HutchAMQP", "HutchConventions"],
            path: "scripts/quickstart/ReplayRubyPublish"
        ),
        .target(
            // What the live tests of every test target share: the test broker.
            name: "HutchTestSupport",
            dependencies: ["HutchAMQP", "HutchConventions", "HutchManagement"],
            path: "Tests/HutchTestSupport"
        ),
        .testTarget(
            name: "HutchConventionsTests",
            dependencies: ["HutchConventions", "HutchTestSupport"],
            // Read from the source tree (#filePath), not bundled.
            exclude: ["Configuration/ruby-checked-config.json", "JSON/Fixtures"]
        ),
        .testTarget(name: "HutchRubyModelTests", dependencies: ["HutchRubyModel", "HutchConventions", "HutchTestSupport"]),
        .testTarget(
            // The shared behaviour suite, run on the in-memory broker and on the real one.
            name: "HutchTestingTests",
            dependencies: ["HutchTesting", "Hutch", "HutchAMQP", "HutchConventions", "HutchTestSupport"]
        ),
        .testTarget(name: "HutchAMQPTests", dependencies: ["HutchAMQP", "HutchConventions", "HutchTestSupport"]),
        .testTarget(
            name: "HutchTests",
            dependencies: [
                "HutchManagement", "Hutch", "HutchConventions", "HutchAMQP", "HutchConformance", "HutchTestSupport", "HutchTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics")
            ],
            // Which live tests need RabbitMQ and why: read by people, not built.
            exclude: ["LIVE-TESTS.md"]
        ),
        .target(
            // The example shop's Swift service (Examples/shop/README.md).
            name: "ShopService",
            dependencies: ["Hutch"],
            path: "Examples/shop/swift/Sources/ShopService"
        ),
        .testTarget(
            // The shop's contract test and its mutation tests, against Examples/shop/contract*.
            name: "ShopContractTests",
            dependencies: [
                "ShopService", "HutchContract", "HutchConformance", "Hutch", "HutchConventions", "HutchAMQP", "HutchTestSupport"
            ],
            path: "Examples/shop/swift/Tests/ShopContractTests"
        ),
        .testTarget(name: "HutchContractTests", dependencies: ["HutchContract", "HutchConformance", "Hutch", "HutchConventions"]),
        .testTarget(
            // The operator's tools and the `hutch` command, against the real broker.
            name: "HutchOperatorTests",
            dependencies: [
                "HutchManagement", "HutchOperator", "Hutch", "HutchAMQP", "HutchConventions", "HutchConformance", "HutchTestSupport"
            ]
        ),
        .testTarget(
            name: "HutchConformanceTests",
            dependencies: ["HutchManagement", "HutchConformance", "HutchConventions", "HutchAMQP", "HutchTestSupport"]
        )
    ]
)
