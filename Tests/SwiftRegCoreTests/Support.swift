// Shared helpers of the core tests: a seeded generator, special values, the independent
// float64 references (plain loops, the textbook formulas of the doc comments) and the
// comparison that allows for one final rounding to the storage type.
//
// Every kernel test is written once as a generic function over `T: TestFloat` and run for
// both Float and Double, in the style of apple/swift-numerics' RealTests.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftRegCore
import SwiftRegTestSupport
import Testing

/// The storage types the kernels are tested with.
protocol TestFloat: BinaryFloatingPoint, Sendable, CustomStringConvertible {}
extension Float: TestFloat {}
extension Double: TestFloat {}

// MARK: - Random numbers

/// n values uniform in `range`, rounded to T.
func randomValues<T: TestFloat>(_: T.Type, _ n: Int, in range: ClosedRange<Double> = -3...3, seed: UInt64) -> [T] {
    var g = SplitMix64(seed: seed)
    return (0..<n).map { _ in T(Double.random(in: range, using: &g)) }
}

/// n sample weights in [0, 2), with a few exact zeros and a subnormal.
func randomWeights<T: TestFloat>(_: T.Type, _ n: Int, seed: UInt64) -> [T] {
    var g = SplitMix64(seed: seed)
    return (0..<n).map { i in
        switch i % 11 {
        case 3: return 0
        case 7: return T.leastNonzeroMagnitude
        default: return T(Double.random(in: 0..<2, using: &g))
        }
    }
}

/// ±0, ±1, values around the Huber threshold 1, ±subnormals, the extremes, ±∞ and NaN.
func specialValues<T: TestFloat>(_: T.Type) -> [T] {
    [
        0, -T.zero, 1, -1, 0.5, -2.5, 3, 1e-3,
        T.leastNonzeroMagnitude, -T.leastNonzeroMagnitude,
        T.leastNormalMagnitude.nextDown, -T.leastNormalMagnitude,
        T.greatestFiniteMagnitude, -T.greatestFiniteMagnitude,
        .infinity, -.infinity, .nan,
    ]
}

/// Every pair (a, b) of `values`, as two parallel arrays.
func allPairs<T>(_ values: [T]) -> ([T], [T]) {
    var a: [T] = [], b: [T] = []
    for x in values { for y in values { a.append(x); b.append(y) } }
    return (a, b)
}

// MARK: - The references: plain float64 loops, textbook formulas

enum Ref {
    /// sign(x) with sign(0) = 0 and sign(NaN) = NaN.
    static func sign(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x > 0 ? 1 : (x < 0 ? -1 : 0)
    }

    /// Soft-thresholding, sign(v)·max(|v| − t, 0).
    static func soft(_ v: Double, _ t: Double) -> Double {
        let a = abs(v) - t
        return sign(v) * (a > 0 ? a : 0)
    }

    /// Kahan–Babuška–Neumaier summation: the exact sum of `terms`, rounded (almost) once.
    static func sum(_ terms: [Double]) -> Double {
        var s = 0.0, c = 0.0
        for x in terms {
            let t = s + x
            if abs(s) >= abs(x) { c += (s - t) + x } else { c += (x - t) + s }
            s = t
        }
        // With an infinite or NaN term the compensation is meaningless: IEEE gives s.
        return s.isFinite ? s + c : terms.reduce(0, +)
    }
}

/// A loss with its independent reference formulas.
struct LossCase: Sendable, CustomStringConvertible {
    let description: String
    let loss: any PointwiseLoss
    let value: @Sendable (Double) -> Double
    let derivative: @Sendable (Double) -> Double

    static let absolute = LossCase(
        description: "AbsoluteLoss", loss: AbsoluteLoss(),
        value: { abs($0) }, derivative: { Ref.sign($0) })
    static let squared = LossCase(
        description: "SquaredLoss", loss: SquaredLoss(),
        value: { $0 * $0 }, derivative: { 2 * $0 })
    static func huber(_ d: Double) -> LossCase {
        LossCase(
            description: "HuberLoss(delta: \(d))", loss: try! HuberLoss(delta: d),
            value: { r in abs(r) <= d ? r * r / 2 : d * (abs(r) - d / 2) },
            derivative: { r in abs(r) <= d ? r : d * Ref.sign(r) })
    }
    static let all: [LossCase] = [.absolute, .squared, .huber(1), .huber(0.25)]
}

/// The reference value and gradient of a loss for one reduction, in float64.
struct LossReference {
    /// out[i] for .none; one element for .sum and .mean.
    var value: [Double]
    var gradient: [Double]
    /// Σ|sᵢℓᵢ| (or that divided by the total for .mean): the scale of the rounding error.
    var valueScale: Double

    init<T: TestFloat>(_ c: LossCase, _ yt: [T], _ yp: [T], _ sw: [T]?, _ reduction: Reduction) {
        let n = yt.count
        let s = (0..<n).map { i in sw.map { Double($0[i]) } ?? 1 }
        let r = (0..<n).map { Double(yp[$0]) - Double(yt[$0]) }
        let terms = (0..<n).map { s[$0] * c.value(r[$0]) }
        let total = sw == nil ? Double(n) : Ref.sum(s)
        let absSum = terms.reduce(0) { $0 + abs($1) }
        switch reduction {
        case .none:
            value = terms
            valueScale = 0
            gradient = (0..<n).map { s[$0] * c.derivative(r[$0]) }
        case .sum:
            value = [Ref.sum(terms)]
            valueScale = absSum
            gradient = (0..<n).map { s[$0] * c.derivative(r[$0]) }
        case .mean:
            value = [Ref.sum(terms) / total]
            valueScale = absSum / total
            gradient = (0..<n).map { s[$0] * c.derivative(r[$0]) / total }
        }
    }
}

// MARK: - Comparing with a reference

/// Whether `got` is the float64 reference `ref` rounded to T, allowing `ulps` units in the last
/// place of T plus `slack`·ε(float64)·`scale` for roundings inside the float64 computation
/// (a different summation order, a different association). NaN must give NaN, ±∞ exactly ±∞;
/// +0 and −0 are equal.
func agrees<T: TestFloat>(_ got: T, _ ref: Double, scale: Double = 0, ulps: Double = 1, slack: Double = 8) -> Bool {
    if ref.isNaN { return got.isNaN }
    let rounded = T(ref)
    if got == rounded { return true }
    if got.isNaN || got.isInfinite || rounded.isInfinite { return false }
    let scale = scale.isFinite ? scale : 0
    let tolerance = ulps * Double(rounded.ulp) + slack * Double.ulpOfOne * max(abs(ref), scale)
    return abs(Double(got) - ref) <= tolerance
}

/// The first index where `got` and `ref` disagree, described; nil when they agree everywhere.
func firstMismatch<T: TestFloat>(
    _ got: [T], _ ref: [Double], scale: (Int) -> Double = { _ in 0 }, ulps: Double = 1, slack: Double = 8
) -> String? {
    guard got.count == ref.count else { return "count \(got.count), expected \(ref.count)" }
    for i in got.indices where !agrees(got[i], ref[i], scale: scale(i), ulps: ulps, slack: slack) {
        return "index \(i): got \(got[i]), expected \(ref[i]) (as \(T.self): \(T(ref[i])))"
    }
    return nil
}

/// Bitwise equality of two arrays (NaN payloads and the sign of zero included).
func bitwiseEqual<T: TestFloat>(_ a: [T], _ b: [T]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { x in
        b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
    }
}

// MARK: - Calling the kernels on arrays

/// A value the output buffers are filled with before a call, to see what a call wrote.
func sentinel<T: TestFloat>(_: T.Type) -> T { -12345.5 }

/// Runs `body` on `out` and returns the error it threw, if any.
func capture<T>(_ out: inout [T], _ body: (UnsafeMutableBufferPointer<T>) throws(SwiftRegError) -> Void) -> SwiftRegError? {
    do {
        try out.withUnsafeMutableBufferPointer { (p: inout UnsafeMutableBufferPointer<T>) throws(SwiftRegError) in
            try body(p)
        }
        return nil
    } catch {
        return error
    }
}

/// Runs `body` and returns the SwiftRegError it threw, if any (any other error is an issue).
func capture(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> SwiftRegError? {
    do {
        try body()
        return nil
    } catch let error as SwiftRegError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

enum Kernels {
    static func evaluate<T: TestFloat>(
        _ loss: any PointwiseLoss, _ yt: [T], _ yp: [T], _ sw: [T]?, _ reduction: Reduction
    ) -> Result<[T], SwiftRegError> {
        var out = [T](repeating: sentinel(T.self), count: reduction == .none ? yt.count : 1)
        let error = yt.withUnsafeBufferPointer { t in
            yp.withUnsafeBufferPointer { p in
                withOptional(sw) { w in
                    capture(&out) { (o) throws(SwiftRegError) in
                        try Losses.evaluate(loss, yTrue: t, yPred: p, sampleWeight: w, reduction: reduction, out: o)
                    }
                }
            }
        }
        return error.map { .failure($0) } ?? .success(out)
    }

    static func gradient<T: TestFloat>(
        _ loss: any PointwiseLoss, _ yt: [T], _ yp: [T], _ sw: [T]?, _ reduction: Reduction
    ) -> Result<[T], SwiftRegError> {
        var out = [T](repeating: sentinel(T.self), count: yt.count)
        let error = yt.withUnsafeBufferPointer { t in
            yp.withUnsafeBufferPointer { p in
                withOptional(sw) { w in
                    capture(&out) { (o) throws(SwiftRegError) in
                        try Losses.gradient(loss, yTrue: t, yPred: p, sampleWeight: w, reduction: reduction, out: o)
                    }
                }
            }
        }
        return error.map { .failure($0) } ?? .success(out)
    }

    static func valueAndGradient<T: TestFloat>(
        _ loss: any PointwiseLoss, _ yt: [T], _ yp: [T], _ sw: [T]?, _ reduction: Reduction
    ) -> Result<(value: [T], gradient: [T]), SwiftRegError> {
        var value = [T](repeating: sentinel(T.self), count: reduction == .none ? yt.count : 1)
        var grad = [T](repeating: sentinel(T.self), count: yt.count)
        let error = yt.withUnsafeBufferPointer { t in
            yp.withUnsafeBufferPointer { p in
                withOptional(sw) { w in
                    capture(&value) { (v) throws(SwiftRegError) in
                        try grad.withUnsafeMutableBufferPointer { (g: inout UnsafeMutableBufferPointer<T>) throws(SwiftRegError) in
                            try Losses.valueAndGradient(
                                loss, yTrue: t, yPred: p, sampleWeight: w, reduction: reduction, value: v, gradient: g)
                        }
                    }
                }
            }
        }
        return error.map { .failure($0) } ?? .success((value, grad))
    }

    static func penaltyValue<T: TestFloat>(_ p: any Penalty, _ w: [T]) -> Double {
        w.withUnsafeBufferPointer { Penalties.value(p, $0) }
    }

    static func penaltyGradient<T: TestFloat>(_ p: any Penalty, _ w: [T]) -> Result<[T], SwiftRegError> {
        var out = [T](repeating: sentinel(T.self), count: w.count)
        let error = w.withUnsafeBufferPointer { w in
            capture(&out) { (o) throws(SwiftRegError) in try Penalties.gradient(p, w, out: o) }
        }
        return error.map { .failure($0) } ?? .success(out)
    }

    static func proximal<T: TestFloat>(_ p: any Penalty, _ v: [T], step: Double) -> Result<[T], SwiftRegError> {
        var out = [T](repeating: sentinel(T.self), count: v.count)
        let error = v.withUnsafeBufferPointer { v in
            capture(&out) { (o) throws(SwiftRegError) in try Penalties.proximal(p, v, step: step, out: o) }
        }
        return error.map { .failure($0) } ?? .success(out)
    }

    enum Step: CaseIterable, CustomStringConvertible {
        case subgradient, proximal
        var description: String { self == .subgradient ? "subgradient" : "proximal" }
    }

    static func step<T: TestFloat>(
        _ rule: Step, _ w: [T], _ g: [T], lr: Double, _ p: ElasticNetPenalty
    ) -> Result<[T], SwiftRegError> {
        var out = [T](repeating: sentinel(T.self), count: w.count)
        let error = w.withUnsafeBufferPointer { w in
            g.withUnsafeBufferPointer { g in
                capture(&out) { (o) throws(SwiftRegError) in
                    switch rule {
                    case .subgradient: try UpdateSteps.subgradient(w: w, grad: g, lr: lr, penalty: p, out: o)
                    case .proximal: try UpdateSteps.proximal(w: w, grad: g, lr: lr, penalty: p, out: o)
                    }
                }
            }
        }
        return error.map { .failure($0) } ?? .success(out)
    }
}

extension Result {
    /// The success value; records an issue and returns nil on failure.
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) -> Success? {
        switch self {
        case let .success(v): return v
        case let .failure(e):
            Issue.record("unexpected error: \(e)", sourceLocation: sourceLocation)
            return nil
        }
    }

    var failure: Failure? {
        if case let .failure(e) = self { return e }
        return nil
    }
}

// MARK: - The global thread count

/// Runs `body` with the thread count set to `n`, restoring the previous count afterwards.
/// Call only inside `withThreadCountLock`.
func withThreadCount<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
    let saved = Parallel.threadCount
    Parallel.setThreadCount(n)
    defer { Parallel.setThreadCount(saved) }
    return try body()
}
