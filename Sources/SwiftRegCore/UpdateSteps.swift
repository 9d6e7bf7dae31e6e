/// The two update rules that train a model with the elastic-net penalty
/// l1·Σ|w| + l2·Σw² on top of a loss with gradient g (l2 = 0 gives plain L1, l1 = 0 plain L2).
///
/// Outputs may be the same buffer as `w` or as `grad` (in place); partial overlaps are rejected.
public enum UpdateSteps {
    /// The subgradient step, the textbook rule
    /// w ← w − lr·(g + l1·sign(w) + 2·l2·w), with sign(0) = 0.
    ///
    /// With a fixed lr it does not set weights to exactly zero: a weight whose loss gradient is
    /// smaller than l1 jumps across 0 and oscillates within about lr·l1 of it.
    @inlinable
    public static func subgradient<T: BinaryFloatingPoint>(
        w: UnsafeBufferPointer<T>, grad: UnsafeBufferPointer<T>, lr: Double,
        penalty: ElasticNetPenalty, out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try check(w, grad, lr, out)
        Parallel.forEachRange(count: w.count) { lo, hi in
            for j in lo..<hi {
                let wj = Double(w[j])
                out[j] = T(wj - lr * (Double(grad[j]) + penalty.derivative(wj)))
            }
        }
    }

    /// The proximal (forward–backward) step
    /// w ← prox_{lr·(l1‖·‖₁ + l2‖·‖²)}(w − lr·g) = soft(w − lr·g, lr·l1) / (1 + 2·lr·l2).
    ///
    /// Sets a weight to exactly 0 whenever |w − lr·g| ≤ lr·l1.
    @inlinable
    public static func proximal<T: BinaryFloatingPoint>(
        w: UnsafeBufferPointer<T>, grad: UnsafeBufferPointer<T>, lr: Double,
        penalty: ElasticNetPenalty, out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try check(w, grad, lr, out)
        Parallel.forEachRange(count: w.count) { lo, hi in
            for j in lo..<hi {
                out[j] = T(penalty.proximal(Double(w[j]) - lr * Double(grad[j]), step: lr))
            }
        }
    }

    @inlinable
    static func check<T>(
        _ w: UnsafeBufferPointer<T>, _ grad: UnsafeBufferPointer<T>, _ lr: Double,
        _ out: UnsafeMutableBufferPointer<T>
    ) throws(SwiftRegError) {
        try Check.positive(lr, "lr")
        try Check.noPartialOverlap(w, "w", out, "out")
        try Check.noPartialOverlap(grad, "grad", out, "out")
    }
}
