// Helpers shared by every Swift test target (Package.swift: SwiftRegTestSupport). Each target
// keeps only what is its own: its reference formulas and its way of calling the code under test.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Random numbers

/// SplitMix64: a tiny seeded generator, so every run sees the same data.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Optional arrays as optional pointers

/// `body` with a read-only view of an optional array (nil for nil).
public func withOptional<E, R>(_ a: [E]?, _ body: (UnsafeBufferPointer<E>?) throws -> R) rethrows -> R {
    guard let a else { return try body(nil) }
    return try a.withUnsafeBufferPointer { try body($0) }
}

/// `body` with a pointer to the array's elements (nil for nil).
public func withOptionalPointer<E, R>(_ a: [E]?, _ body: (UnsafePointer<E>?) throws -> R) rethrows -> R {
    try withOptional(a) { try body($0?.baseAddress) }
}

// MARK: - The global thread count

/// Serialises every test, in this process and in any other running these tests, that changes
/// the global thread count (`Parallel.setThreadCount`, `sr_set_num_threads`): an exclusive
/// flock(2) on one file, released when the process exits, however it exits.
public func withThreadCountLock<R>(_ body: () throws -> R) rethrows -> R {
    let fd = open("/tmp/swiftreg-tests-thread-count.lock", O_CREAT | O_RDWR, 0o666)
    guard fd >= 0 else { return try body() }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    defer { flock(fd, LOCK_UN) }
    return try body()
}

// MARK: - The storage types, as test arguments

/// A storage type as a swift-testing argument (`@Test(arguments: storageTypes)`): the
/// metatype of a `Sendable` floating-point type, itself `Sendable` as test arguments must be.
public typealias StorageType = any (BinaryFloatingPoint & Sendable).Type

/// Float and Double, the types every numeric test runs for.
public let storageTypes: [StorageType] = [Float.self, Double.self]
