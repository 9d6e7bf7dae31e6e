/// The L1 (absolute) loss, ℓ(r) = |r|, with subgradient ℓ'(r) = sign(r) and sign(0) = 0.
@frozen
public struct AbsoluteLoss: PointwiseLoss {
    @inlinable public init() {}
    @inlinable public func value(_ r: Double) -> Double { abs(r) }
    @inlinable public func derivative(_ r: Double) -> Double { signum(r) }
}
