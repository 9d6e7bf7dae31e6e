/// The L2 penalty λ·Σwⱼ² (ridge, weight decay; no ½). Gradient 2λw; proximal operator
/// prox_{t·λ‖·‖²}(v) = v / (1 + 2tλ): a shrinkage that never reaches 0 for v ≠ 0.
@frozen
public struct L2Penalty: Penalty {
    public let lambda: Double

    /// - Throws: unless λ is finite and ≥ 0.
    @inlinable
    public init(lambda: Double) throws(SwiftRegError) {
        try Check.nonNegative(lambda, "lam")
        self.lambda = lambda
    }

    // Products are ordered so that an overflowing intermediate never meets a zero: (λ·w)·w,
    // 2·(λ·w) and 2·(t·λ) are 0 when λ = 0 or w = 0 even for huge w or t, where λ·(w·w),
    // 2·λ·w or 2·t·λ would give Inf·0 = NaN (a fuzzer found lr = DBL_MAX, l2 = 0).
    @inlinable public func term(_ w: Double) -> Double { lambda * w * w }
    @inlinable public func derivative(_ w: Double) -> Double { 2 * (lambda * w) }
    @inlinable public func proximal(_ v: Double, step t: Double) -> Double { v / (1 + 2 * (t * lambda)) }
}
