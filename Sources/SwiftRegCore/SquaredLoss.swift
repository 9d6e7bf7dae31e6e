/// The L2 (squared) loss, ℓ(r) = r², with ℓ'(r) = 2r (no ½: the textbook Σ(y − ŷ)²).
@frozen
public struct SquaredLoss: PointwiseLoss {
    @inlinable public init() {}
    @inlinable public func value(_ r: Double) -> Double { r * r }
    @inlinable public func derivative(_ r: Double) -> Double { 2 * r }
}
