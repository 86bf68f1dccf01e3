// swift-tools-version: 6.0
//
// QiskitRuntime for Swift: a zero-dependency async/await SDK for IBM's Qiskit Runtime job
// service, plus a local emulator of that service.
//
// Layers, from the bottom (a target imports only layers below it):
//   CRuntimeShims  C: dlopen'd libz / libcurl, epoll and eventfd helpers
//   RuntimeWire    pure codecs: JSON, base64, zlib, .npy, HTTP/1.1, WebSocket
//   QuantumCircuits  pure: circuits, OpenQASM 3/2 and QPY, ISA validation, basis translation
//   RuntimeIO      one epoll thread, TCP/TLS transports, HTTP and WebSocket client/server
//   QiskitRuntime  the SDK
//   QiskitRuntimeEmulator  the local service
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "QiskitRuntime",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "QiskitRuntime", targets: ["QiskitRuntime"]),
        .library(name: "QiskitRuntimeEmulator", targets: ["QiskitRuntimeEmulator"]),
        .library(name: "QuantumCircuits", targets: ["QuantumCircuits"]),
        .executable(name: "qiskit-runtime-emulator", targets: ["qiskit-runtime-emulator"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "CRuntimeShims"),
        .target(name: "RuntimeWire", dependencies: ["CRuntimeShims"], swiftSettings: swiftSettings),
        .target(name: "QuantumCircuits", dependencies: ["RuntimeWire"], swiftSettings: swiftSettings),
        .target(name: "RuntimeIO", dependencies: ["RuntimeWire", "CRuntimeShims"], swiftSettings: swiftSettings),
        .target(name: "QiskitRuntime", dependencies: ["RuntimeWire", "QuantumCircuits", "RuntimeIO"], swiftSettings: swiftSettings),
        .target(
            name: "QiskitRuntimeEmulator",
            dependencies: ["QiskitRuntime", "QuantumCircuits", "RuntimeIO", "RuntimeWire"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hello-runtime",
            dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator", "QuantumCircuits"],
            path: "Examples/HelloRuntime",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "runtime-bench",
            dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator", "QuantumCircuits", "RuntimeIO", "RuntimeWire"],
            exclude: ["Resources", "Python"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "qiskit-runtime-emulator",
            dependencies: ["QiskitRuntimeEmulator"],
            swiftSettings: swiftSettings
        ),

        // Examples: each runs the emulator in-process on an ephemeral port (see Docs/README.md).
        .executableTarget(
            name: "cancellation-vs-timeout", dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator"],
            path: "Examples/CancellationVsTimeout", swiftSettings: swiftSettings),
        .executableTarget(
            name: "typed-results", dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator"],
            path: "Examples/TypedResults", swiftSettings: swiftSettings),
        .executableTarget(
            name: "many-jobs", dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator"],
            path: "Examples/ManyJobs", swiftSettings: swiftSettings),
        .executableTarget(
            name: "bell-on-platform", dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator", "QuantumCircuits"],
            path: "Examples/BellOnPlatform", swiftSettings: swiftSettings),
        .executableTarget(
            name: "estimator-sweep", dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator", "QuantumCircuits"],
            path: "Examples/EstimatorSweep", swiftSettings: swiftSettings),
        .testTarget(
            name: "EmulatorInTestsExample", dependencies: ["QiskitRuntime", "QiskitRuntimeEmulator"],
            path: "Examples/EmulatorInTests", swiftSettings: swiftSettings),

        .testTarget(name: "RuntimeWireTests", dependencies: ["RuntimeWire"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QuantumCircuitsTests",
            dependencies: ["QuantumCircuits", "RuntimeWire"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RuntimeIOTests", dependencies: ["RuntimeIO", "RuntimeWire"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QiskitRuntimeTests",
            dependencies: ["QiskitRuntime", "QuantumCircuits", "RuntimeWire", "RuntimeIO"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QiskitRuntimeEmulatorTests",
            dependencies: ["QiskitRuntimeEmulator", "QiskitRuntime", "RuntimeIO", "RuntimeWire", "QuantumCircuits", "hello-runtime"],
            exclude: ["Python"],   // scripts run by the official-client tests, not Swift sources
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
