// swift-tools-version:6.0
import PackageDescription

// The release library is self-contained: the Swift runtime is linked statically, only the
// `sr_*` C API is exported (linker version script) and the library carries a SONAME.
// These flags apply to the release configuration only: `-static-stdlib` breaks `swift test`.
let releaseLinkerFlags: [String] = [
    "-static-stdlib",
    "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/SwiftReg/swiftreg.map",
    "-Xlinker", "-soname=libswiftreg.so.0",
]

let package = Package(
    name: "swiftreg",
    products: [
        .library(name: "swiftreg", type: .dynamic, targets: ["SwiftReg"]),
    ],
    targets: [
        // Pure Swift, generic over BinaryFloatingPoint: formulas, kernels, solvers.
        .target(
            name: "SwiftRegCore",
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // Header-only C target: the one public header, swiftreg.h.
        .target(name: "CSwiftReg"),
        // The C ABI: @_cdecl exports that validate, delegate to the core and map errors.
        .target(
            name: "SwiftReg",
            dependencies: ["SwiftRegCore", "CSwiftReg"],
            exclude: ["swiftreg.map"],
            // The generic kernels are @inlinable and get specialised here, in the export
            // layer, so its optimisation mode decides their code (with -O, Int overflow checks
            // stayed in the loops). Arguments are validated by explicit checks that throw,
            // not by preconditions, so -Ounchecked removes no validation.
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(releaseLinkerFlags, .when(configuration: .release))]
        ),
        // Helpers every test target shares (seeded generator, optional arrays as pointers, the
        // thread-count lock); each test target keeps its own references and call wrappers.
        .target(name: "SwiftRegTestSupport", path: "Tests/SwiftRegTestSupport"),
        .testTarget(name: "SwiftRegCoreTests", dependencies: ["SwiftRegCore", "SwiftRegTestSupport"]),
        .testTarget(name: "SwiftRegTests", dependencies: ["SwiftReg", "CSwiftReg", "SwiftRegCore", "SwiftRegTestSupport"]),
        .testTarget(name: "SwiftRegModelTests", dependencies: ["SwiftRegCore", "SwiftRegTestSupport"]),
        .testTarget(name: "SwiftRegLADTests", dependencies: ["SwiftRegCore", "SwiftRegTestSupport"]),
    ]
)
