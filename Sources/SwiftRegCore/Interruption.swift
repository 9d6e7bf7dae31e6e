/// A request to stop a long computation, polled at its checkpoints: every solver's iteration
/// (coordinate-descent sweeps and the columns within them, FISTA, subgradient and
/// interior-point iterations, Gram and Cholesky columns), every α of a path and every fold of a
/// cross-validation. Once `test` returns true the computation throws
/// ``SwiftRegError/interrupted`` at its next checkpoint and returns nothing.
///
/// The test is the caller's (the C layer reads an `int32_t` flag that a signal handler may
/// set); it must be cheap and callable from any thread (cross-validation folds poll it from
/// theirs). It travels in ``FitOptions`` and ``ElasticNetOptions``; the solvers read it from
/// the design they work on. It never changes the result of a computation that completes, so
/// two values compare equal whatever their tests.
public struct Interruption: Sendable, Equatable {
    @usableFromInline let test: (@Sendable () -> Bool)?

    /// `test`: true once the computation should stop (nil: never).
    @inlinable
    public init(_ test: (@Sendable () -> Bool)? = nil) { self.test = test }

    /// Never stops.
    public static let never = Interruption()

    /// Whether a stop has been requested (for loops that cannot throw: they end early and
    /// their caller calls ``check()``).
    @inlinable @inline(__always)
    public var requested: Bool {
        guard let test else { return false }
        return test()
    }

    /// Throws ``SwiftRegError/interrupted`` once a stop has been requested.
    @inlinable @inline(__always)
    public func check() throws(SwiftRegError) {
        if let test, test() { throw .interrupted }
    }

    @inlinable
    public static func == (_: Interruption, _: Interruption) -> Bool { true }
}
