/// The data-fitting term of a regularised linear model, stated once per loss:
///
///     F(r) = (1/S)·Σᵢ sᵢ·φ(rᵢ),   rᵢ = yᵢ − xᵢ·w − b,   S = Σᵢ sᵢ
///
/// A datafit gives φ, its (sub)derivative, a bound on its curvature (for the step sizes of
/// coordinate descent and proximal gradient) and what the duality gap needs: the convex
/// conjugate φ* and the interval where φ* is finite. With u the dual variable (one per
/// sample, uᵢ = (sᵢ/S)·vᵢ), the Fenchel dual of  min F(r) + R(w)  is
///
///     D(u) = uᵀy − Σᵢ (sᵢ/S)·φ*(vᵢ) − Σⱼ Rⱼ*(x̃ⱼᵀu),   Σᵢ uᵢ = 0 with an intercept,
///
/// and at the optimum vᵢ = φ'(rᵢ) (see ``GeneralDualGap``).
public protocol Datafit: Sendable {
    /// φ(r), the loss of one sample.
    func value(_ r: Double) -> Double
    /// φ'(r) (a subgradient where φ has a kink; the one of smallest magnitude).
    func derivative(_ r: Double) -> Double
    /// An upper bound c on φ'' (the smooth datafits' curvature), or nil when φ is not smooth.
    var curvature: Double? { get }
    /// φ*(v) for v inside ``dualDomain`` (the caller keeps v there).
    func conjugate(_ v: Double) -> Double
    /// The closed interval where φ* is finite.
    var dualDomain: ClosedRange<Double> { get }
}

/// Squared loss φ(r) = ½r²: F is (1/(2S))·Σ sᵢrᵢ², scikit-learn's Lasso/ElasticNet datafit.
/// φ* = ½v² on ℝ.
public struct SquaredDatafit: Datafit {
    @inlinable public init() {}
    @inlinable public func value(_ r: Double) -> Double { 0.5 * r * r }
    @inlinable public func derivative(_ r: Double) -> Double { r }
    @inlinable public var curvature: Double? { 1 }
    @inlinable public func conjugate(_ v: Double) -> Double { 0.5 * v * v }
    @inlinable public var dualDomain: ClosedRange<Double> { -Double.infinity...Double.infinity }
}

/// Huber loss φ(r) = ½r² for |r| ≤ δ, δ(|r| − ½δ) otherwise (δ > 0): quadratic near 0,
/// linear in the tails. φ'(r) = clip(r, −δ, δ); φ* = ½v² on [−δ, δ].
public struct HuberDatafit: Datafit {
    public let delta: Double

    /// - Throws: `invalidArgument("delta")` unless δ is finite and > 0.
    @inlinable
    public init(delta: Double) throws(SwiftRegError) {
        try Check.positive(delta, "delta")
        self.delta = delta
    }

    @inlinable
    public func value(_ r: Double) -> Double {
        let a = abs(r)
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta)
    }
    @inlinable public func derivative(_ r: Double) -> Double { Swift.min(Swift.max(r, -delta), delta) }
    @inlinable public var curvature: Double? { 1 }
    @inlinable public func conjugate(_ v: Double) -> Double { 0.5 * v * v }
    @inlinable public var dualDomain: ClosedRange<Double> { -delta...delta }
}

/// Pinball (quantile) loss φ(r) = c·ρ_τ(r), ρ_τ(r) = max(τr, (τ − 1)r), τ ∈ (0, 1), c > 0:
/// the τ-quantile regression datafit of scikit-learn's QuantileRegressor (c = 1). The
/// absolute loss |r| is τ = ½, c = 2. Not smooth; φ* = 0 on [c(τ − 1), cτ].
public struct PinballDatafit: Datafit {
    public let quantile: Double
    public let scale: Double

    /// - Throws: `invalidArgument("quantile")` unless 0 < τ < 1.
    @inlinable
    public init(quantile: Double, scale: Double = 1) throws(SwiftRegError) {
        guard quantile > 0, quantile < 1 else {
            throw .invalidArgument(argument: "quantile", value: quantile, requirement: "in (0, 1)")
        }
        try Check.positive(scale, "scale")
        self.quantile = quantile
        self.scale = scale
    }

    /// The absolute loss |r|.
    @inlinable public static var absolute: PinballDatafit { try! PinballDatafit(quantile: 0.5, scale: 2) }

    @inlinable
    public func value(_ r: Double) -> Double { scale * (r >= 0 ? quantile * r : (quantile - 1) * r) }
    @inlinable
    public func derivative(_ r: Double) -> Double { r > 0 ? scale * quantile : (r < 0 ? scale * (quantile - 1) : 0) }
    @inlinable public var curvature: Double? { nil }
    @inlinable public func conjugate(_ v: Double) -> Double { 0 }
    @inlinable public var dualDomain: ClosedRange<Double> { scale * (quantile - 1)...scale * quantile }
}
