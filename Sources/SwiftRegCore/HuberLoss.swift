/// The Huber loss with threshold δ > 0:
/// ℓ(r) = ½r² if |r| ≤ δ, else δ·(|r| − ½δ); ℓ'(r) = r clipped to [−δ, δ].
///
/// Quadratic near 0 like L2, linear in the tails like L1 (slope δ), and continuously
/// differentiable everywhere.
@frozen
public struct HuberLoss: PointwiseLoss {
    public let delta: Double

    /// - Throws: ``SwiftRegError/invalidArgument(argument:value:requirement:)`` unless δ is finite and > 0.
    @inlinable
    public init(delta: Double) throws(SwiftRegError) {
        try Check.positive(delta, "delta")
        self.delta = delta
    }

    @inlinable public func value(_ r: Double) -> Double {
        let a = abs(r)
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta)
    }

    @inlinable public func derivative(_ r: Double) -> Double { clip(r, delta) }
}
