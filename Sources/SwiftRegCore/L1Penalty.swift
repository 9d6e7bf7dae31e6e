/// The L1 penalty λ·Σ|wⱼ| (lasso). Subgradient λ·sign(w) with sign(0) = 0; its proximal
/// operator is soft-thresholding, prox_{t·λ|·|}(v) = sign(v)·max(|v| − tλ, 0), which returns
/// exact zeros for |v| ≤ tλ.
@frozen
public struct L1Penalty: Penalty {
    public let lambda: Double

    /// - Throws: unless λ is finite and ≥ 0.
    @inlinable
    public init(lambda: Double) throws(SwiftRegError) {
        try Check.nonNegative(lambda, "lam")
        self.lambda = lambda
    }

    @inlinable public func term(_ w: Double) -> Double { lambda * abs(w) }
    @inlinable public func derivative(_ w: Double) -> Double { lambda * signum(w) }
    @inlinable public func proximal(_ v: Double, step t: Double) -> Double { softThreshold(v, t * lambda) }
}
