// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-hutch",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HutchConventions", targets: ["HutchConventions"]),
        .library(name: "HutchAMQP", targets: ["HutchAMQP"]),
        .library(name: "Hutch", targets: ["Hutch"]),
        .library(name: "HutchConformance", targets: ["HutchConformance"]),
        .library(name: "HutchContract", targets: ["HutchContract"]),
        .executable(name: "hutch-conformance", targets: ["hutch-conformance"]),
        .library(name: "HutchOperator", targets: ["HutchOperator"]),
        .executable(name: "hutch", targets: ["hutch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
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
                // Its management API client checks and applies the broken pairing's repair policy.
                "HutchConformance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "HutchConformance",
            dependencies: ["HutchConventions", "HutchAMQP"]
        ),
        .target(
            // The Swift side of a Ruby/Swift message contract, for an app's own tests.
            name: "HutchContract",
            dependencies: ["Hutch", "HutchConformance", "HutchConventions"]
        ),
        .executableTarget(
            name: "hutch-conformance",
            dependencies: [
                "HutchConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            // The operator's tools behind the `hutch` command: dead queue, delays, pairing check.
            name: "HutchOperator",
            dependencies: ["Hutch", "HutchAMQP", "HutchConventions", "HutchConformance"]
        ),
        .executableTarget(
            name: "hutch",
            dependencies: [
                "HutchOperator", "Hutch", "HutchAMQP", "HutchConventions", "HutchConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "HutchBenchmarks",
            dependencies: ["HutchConventions", "HutchAMQP", "HutchConformance"],
            path: "Benchmarks/HutchBenchmarks"
        ),
        .executableTarget(
            name: "HutchClientBenchmarks",
            dependencies: [
                "Hutch", "HutchAMQP", "HutchConventions",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/HutchClientBenchmarks"
        ),
        .executableTarget(
            // A worker process the fault tests kill mid-handler.
            name: "HutchFaultWorker",
            dependencies: ["Hutch", "HutchAMQP", "HutchConventions", .product(name: "Logging", package: "swift-log")],
            path: "Tests/HutchFaultWorker"
        ),
        .target(
            // What the live tests of every test target share: the test broker.
            name: "HutchTestSupport",
            dependencies: ["HutchAMQP"],
            path: "Tests/HutchTestSupport"
        ),
        .testTarget(
            name: "HutchConventionsTests",
            dependencies: ["HutchConventions"],
            // Read from the source tree (#filePath), not bundled.
            exclude: ["Configuration/ruby-checked-config.json", "JSON/Fixtures"]
        ),
        .testTarget(name: "HutchAMQPTests", dependencies: ["HutchAMQP", "HutchConventions", "HutchTestSupport"]),
        .testTarget(
            name: "HutchTests",
            dependencies: [
                "Hutch", "HutchConventions", "HutchAMQP", "HutchConformance", "HutchTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
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
            dependencies: ["ShopService", "HutchContract", "HutchConformance", "Hutch", "HutchConventions", "HutchAMQP", "HutchTestSupport"],
            path: "Examples/shop/swift/Tests/ShopContractTests"
        ),
        .testTarget(name: "HutchContractTests", dependencies: ["HutchContract", "HutchConformance", "Hutch", "HutchConventions"]),
        .testTarget(
            // The operator's tools and the `hutch` command, against the real broker.
            name: "HutchOperatorTests",
            dependencies: ["HutchOperator", "Hutch", "HutchAMQP", "HutchConventions", "HutchConformance", "HutchTestSupport"]
        ),
        .testTarget(
            name: "HutchConformanceTests",
            dependencies: ["HutchConformance", "HutchConventions", "HutchAMQP", "HutchTestSupport"]
        ),
    ]
)
