/// The elastic-net penalty l1·Σ|wⱼ| + l2·Σwⱼ². Subgradient l1·sign(w) + 2·l2·w; proximal
/// operator prox_t(v) = soft(v, t·l1) / (1 + 2t·l2): soft-thresholding, then shrinkage.
@frozen
public struct ElasticNetPenalty: Penalty {
    public let l1: Double
    public let l2: Double

    /// - Throws: unless l1 and l2 are finite and ≥ 0.
    @inlinable
    public init(l1: Double, l2: Double) throws(SwiftRegError) {
        try Check.nonNegative(l1, "l1")
        try Check.nonNegative(l2, "l2")
        self.l1 = l1
        self.l2 = l2
    }

    // Products are ordered so that an overflowing intermediate never meets a zero: (λ·w)·w,
    // 2·(λ·w) and 2·(t·λ) are 0 when λ = 0 or w = 0 even for huge w or t, where λ·(w·w),
    // 2·λ·w or 2·t·λ would give Inf·0 = NaN (a fuzzer found lr = DBL_MAX, l2 = 0).
    @inlinable public func term(_ w: Double) -> Double { l1 * abs(w) + l2 * w * w }
    @inlinable public func derivative(_ w: Double) -> Double { l1 * signum(w) + 2 * (l2 * w) }
    @inlinable public func proximal(_ v: Double, step t: Double) -> Double {
        softThreshold(v, t * l1) / (1 + 2 * (t * l2))
    }
}
