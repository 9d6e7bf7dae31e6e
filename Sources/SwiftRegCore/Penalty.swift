/// A separable penalty on weights, g(w) = Σ φ(wⱼ), stated once per formula (`term`,
/// `derivative`, `proximal`); the kernels in ``Penalties`` and ``UpdateSteps`` apply it.
public protocol Penalty: Sendable {
    /// φ(w): this element's contribution to the penalty value.
    func term(_ w: Double) -> Double
    /// φ'(w), with the subgradient choice sign(0) = 0 for |·|.
    func derivative(_ w: Double) -> Double
    /// prox_{t·φ}(v) = argmin_u t·φ(u) + ½(u − v)², for a step t > 0.
    func proximal(_ v: Double, step t: Double) -> Double
}

/// Value, gradient and proximal operator of any ``Penalty`` over a buffer. Outputs may be
/// the same buffer as the input (in place); partial overlaps are rejected.
public enum Penalties {
    /// Σ φ(wⱼ), summed in float64 with the library's deterministic blocking.
    @inlinable
    public static func value<P: Penalty, T: BinaryFloatingPoint>(_ p: P, _ w: UnsafeBufferPointer<T>) -> Double {
        Parallel.deterministicSum(count: w.count) { lo, hi in blockSum(lo, hi) { p.term(Double(w[$0])) } }
    }

    /// out[j] = φ'(wⱼ).
    @inlinable
    public static func gradient<P: Penalty, T: BinaryFloatingPoint>(
        _ p: P, _ w: UnsafeBufferPointer<T>, out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try Check.noPartialOverlap(w, "w", out, "out")
        Parallel.forEachRange(count: w.count) { lo, hi in
            for j in lo..<hi { out[j] = T(p.derivative(Double(w[j]))) }
        }
    }

    /// out[j] = prox_{t·φ}(vⱼ), t = `step` > 0.
    @inlinable
    public static func proximal<P: Penalty, T: BinaryFloatingPoint>(
        _ p: P, _ v: UnsafeBufferPointer<T>, step: Double, out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try Check.positive(step, "step")
        try Check.noPartialOverlap(v, "v", out, "out")
        Parallel.forEachRange(count: v.count) { lo, hi in
            for j in lo..<hi { out[j] = T(p.proximal(Double(v[j]), step: step)) }
        }
    }
}
