/// A loss that is a sum of per-element terms ℓ(rᵢ) of the residual r = y_pred − y_true.
///
/// A conforming type states its formula once (`value` and `derivative`); the kernels in
/// ``Losses`` apply it with every weighting and reduction. Arithmetic is done in float64
/// whatever the storage type, and results are rounded once to the storage type.
public protocol PointwiseLoss: Sendable {
    /// ℓ(r).
    func value(_ r: Double) -> Double
    /// dℓ/dr, with the library's subgradient choices where ℓ is not differentiable.
    func derivative(_ r: Double) -> Double
}

/// The kernels shared by every ``PointwiseLoss``: value (each reduction), gradient with
/// respect to y_pred, and the fused value-and-gradient. Each makes one pass over its inputs
/// (a weighted mean first sums the weights, which also validates them).
///
/// All buffers of one call have the same count n, except `out`/`value` which hold 1 element
/// for `.sum`/`.mean`. An output may be the very same buffer as an input; partial overlaps
/// are rejected. Nothing is written when an error is thrown.
public enum Losses {
    /// out = Σ sᵢ·ℓ(rᵢ) (`.sum`), that divided by Σ sᵢ or n (`.mean`), or out[i] = sᵢ·ℓ(rᵢ) (`.none`).
    @inlinable
    public static func evaluate<L: PointwiseLoss, T: BinaryFloatingPoint>(
        _ loss: L, yTrue: UnsafeBufferPointer<T>, yPred: UnsafeBufferPointer<T>,
        sampleWeight: UnsafeBufferPointer<T>?, reduction: Reduction, out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try checkOutput(out, "out", yTrue, yPred, sampleWeight)
        if let sw = sampleWeight {
            let total = try Check.weights(sw)
            run(loss, yTrue, yPred, Weighted(sw), total, reduction, out)
        } else {
            run(loss, yTrue, yPred, Unweighted(), Double(yTrue.count), reduction, out)
        }
    }

    /// out[i] = sᵢ·ℓ'(rᵢ)·c: the gradient with respect to y_pred of the reduced loss
    /// (c = 1 for `.sum`, 1/Σ sᵢ or 1/n for `.mean`; `.none` gives the elementwise derivative, as `.sum`).
    @inlinable
    public static func gradient<L: PointwiseLoss, T: BinaryFloatingPoint>(
        _ loss: L, yTrue: UnsafeBufferPointer<T>, yPred: UnsafeBufferPointer<T>,
        sampleWeight: UnsafeBufferPointer<T>?, reduction: Reduction, out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try checkOutput(out, "grad", yTrue, yPred, sampleWeight)
        if let sw = sampleWeight {
            let total = try Check.weights(sw)
            runGradient(loss, yTrue, yPred, Weighted(sw), scale(reduction, total), out)
        } else {
            runGradient(loss, yTrue, yPred, Unweighted(), scale(reduction, Double(yTrue.count)), out)
        }
    }

    /// The value (as ``evaluate``) and the gradient (as ``gradient``) in one pass.
    @inlinable
    public static func valueAndGradient<L: PointwiseLoss, T: BinaryFloatingPoint>(
        _ loss: L, yTrue: UnsafeBufferPointer<T>, yPred: UnsafeBufferPointer<T>,
        sampleWeight: UnsafeBufferPointer<T>?, reduction: Reduction,
        value: UnsafeMutableBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try checkOutput(value, "value", yTrue, yPred, sampleWeight)
        try checkOutput(gradient, "grad", yTrue, yPred, sampleWeight)
        try Check.disjoint(value, "value", gradient, "grad")
        if let sw = sampleWeight {
            let total = try Check.weights(sw)
            runBoth(loss, yTrue, yPred, Weighted(sw), total, reduction, value, gradient)
        } else {
            runBoth(loss, yTrue, yPred, Unweighted(), Double(yTrue.count), reduction, value, gradient)
        }
    }

    // MARK: - Drivers, specialised for weighted and unweighted inputs

    @inlinable
    static func checkOutput<T>(
        _ out: UnsafeMutableBufferPointer<T>, _ name: String,
        _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, _ c: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) {
        try Check.noPartialOverlap(a, "y_true", out, name)
        try Check.noPartialOverlap(b, "y_pred", out, name)
        if let c { try Check.noPartialOverlap(c, "sample_weight", out, name) }
    }

    @inlinable @inline(__always)
    static func scale(_ reduction: Reduction, _ total: Double) -> Double {
        reduction == .mean ? 1 / total : 1
    }

    @inlinable
    static func run<L: PointwiseLoss, T: BinaryFloatingPoint, W: WeightSource>(
        _ loss: L, _ yt: UnsafeBufferPointer<T>, _ yp: UnsafeBufferPointer<T>, _ w: W,
        _ total: Double, _ reduction: Reduction, _ out: UnsafeMutableBufferPointer<T>
    ) {
        if reduction == .none {
            Parallel.forEachRange(count: yt.count) { lo, hi in
                for i in lo..<hi { out[i] = T(w[i] * loss.value(Double(yp[i]) - Double(yt[i]))) }
            }
            return
        }
        let s = Parallel.deterministicSum(count: yt.count) { lo, hi in
            blockSum(lo, hi) { i in w[i] * loss.value(Double(yp[i]) - Double(yt[i])) }
        }
        out[0] = T(reduction == .mean ? s / total : s)
    }

    @inlinable
    static func runGradient<L: PointwiseLoss, T: BinaryFloatingPoint, W: WeightSource>(
        _ loss: L, _ yt: UnsafeBufferPointer<T>, _ yp: UnsafeBufferPointer<T>, _ w: W,
        _ c: Double, _ out: UnsafeMutableBufferPointer<T>
    ) {
        Parallel.forEachRange(count: yt.count) { lo, hi in
            for i in lo..<hi { out[i] = T(w[i] * loss.derivative(Double(yp[i]) - Double(yt[i])) * c) }
        }
    }

    @inlinable
    static func runBoth<L: PointwiseLoss, T: BinaryFloatingPoint, W: WeightSource>(
        _ loss: L, _ yt: UnsafeBufferPointer<T>, _ yp: UnsafeBufferPointer<T>, _ w: W,
        _ total: Double, _ reduction: Reduction,
        _ value: UnsafeMutableBufferPointer<T>, _ grad: UnsafeMutableBufferPointer<T>
    ) {
        let c = scale(reduction, total)
        if reduction == .none {
            Parallel.forEachRange(count: yt.count) { lo, hi in
                for i in lo..<hi {
                    let r = Double(yp[i]) - Double(yt[i]), s = w[i]
                    value[i] = T(s * loss.value(r))
                    grad[i] = T(s * loss.derivative(r) * c)
                }
            }
            return
        }
        // Per block: the value sum, then the gradient loop over the same block, whose inputs
        // are still in cache (2 × 2048 elements): one pass over memory, and two simple loops
        // that vectorise (a store inside the accumulating loop kept it scalar). The sum comes
        // first because `grad` may be the very buffer of an input.
        let s = Parallel.deterministicSum(count: yt.count) { lo, hi in
            let partial = blockSum(lo, hi) { i in w[i] * loss.value(Double(yp[i]) - Double(yt[i])) }
            for i in lo..<hi { grad[i] = T(w[i] * loss.derivative(Double(yp[i]) - Double(yt[i])) * c) }
            return partial
        }
        value[0] = T(reduction == .mean ? s / total : s)
    }
}

/// Where the per-element weight sᵢ comes from; specialised away in the kernels.
public protocol WeightSource {
    subscript(i: Int) -> Double { get }
}

/// sᵢ = 1.
@frozen
public struct Unweighted: WeightSource {
    @inlinable public init() {}
    @inlinable public subscript(i: Int) -> Double { 1 }
}

/// sᵢ = sample_weight[i], read as float64.
@frozen
public struct Weighted<T: BinaryFloatingPoint>: WeightSource {
    public let weights: UnsafeBufferPointer<T>
    @inlinable public init(_ weights: UnsafeBufferPointer<T>) { self.weights = weights }
    @inlinable public subscript(i: Int) -> Double { Double(weights[i]) }
}
