/// The penalty and constraints on the coefficients of a regularised linear model:
///
///     R(w) = α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ gⱼwⱼ²)   subject to  lⱼ ≤ wⱼ ≤ uⱼ
///
/// ρ = l1_ratio, f the L1 factors and g the L2 factors (glmnet's `penalty.factor`, here
/// separate for each part; 1 when absent, 0 leaves that part off a feature), l and u the
/// bounds (−∞ and +∞ when absent; `positive` is l = 0). Per feature this is
/// Rⱼ(w) = λⱼ|w| + ½μⱼw² on [lⱼ, uⱼ], with λⱼ = αρfⱼ and μⱼ = α(1 − ρ)gⱼ.
///
/// It states, once, each formula the solvers and the duality gap need: the value, the
/// proximal operator (the exact minimiser of a one-dimensional model), the convex conjugate
/// and the distance of a gradient to the optimality conditions.
@usableFromInline
final class CoefficientPenalty {
    @usableFromInline let count: Int
    /// λⱼ = α·ρ·fⱼ.
    @usableFromInline let l1: WorkBuffer<Double>
    /// μⱼ = α·(1 − ρ)·gⱼ.
    @usableFromInline let l2: WorkBuffer<Double>
    @usableFromInline let lower: WorkBuffer<Double>
    @usableFromInline let upper: WorkBuffer<Double>
    /// Whether any bound is finite.
    @usableFromInline let bounded: Bool

    /// Validates and stores the penalty of `features` coefficients.
    ///
    /// - Throws: `invalidArgument` naming `alpha` (finite, ≥ 0), `l1_ratio` ([0, 1]),
    ///   `l1_factor[j]`/`l2_factor[j]` (finite, ≥ 0), `lower_bounds[j]` (< +∞, not NaN),
    ///   `upper_bounds[j]` (> −∞, not NaN, ≥ the lower bound), or a wrong length.
    @inlinable
    init(
        features p: Int, alpha: Double, l1Ratio: Double, l1Factor: UnsafeBufferPointer<Double>? = nil,
        l2Factor: UnsafeBufferPointer<Double>? = nil, lower lo: UnsafeBufferPointer<Double>? = nil,
        upper hi: UnsafeBufferPointer<Double>? = nil
    ) throws(SwiftRegError) {
        try Check.nonNegative(alpha, "alpha")
        try ModelInput.l1Ratio(l1Ratio)
        func checkLength(_ b: UnsafeBufferPointer<Double>?, _ name: String) throws(SwiftRegError) {
            if let b, b.count != p {
                throw .invalidArgument(argument: name, value: Double(b.count), requirement: "n_features values")
            }
        }
        try checkLength(l1Factor, "l1_factor")
        try checkLength(l2Factor, "l2_factor")
        try checkLength(lo, "lower_bounds")
        try checkLength(hi, "upper_bounds")
        count = p
        l1 = try WorkBuffer<Double>(count: p)
        l2 = try WorkBuffer<Double>(count: p)
        lower = try WorkBuffer<Double>(count: p)
        upper = try WorkBuffer<Double>(count: p)
        var anyBound = false
        let a1 = alpha * l1Ratio, a2 = alpha * (1 - l1Ratio)
        for j in 0..<p {
            let f = l1Factor?[j] ?? 1, g = l2Factor?[j] ?? 1
            guard f.isFinite, f >= 0 else {
                throw .invalidArgument(argument: "l1_factor[\(j)]", value: f, requirement: "finite and >= 0")
            }
            guard g.isFinite, g >= 0 else {
                throw .invalidArgument(argument: "l2_factor[\(j)]", value: g, requirement: "finite and >= 0")
            }
            let l = lo?[j] ?? -.infinity, u = hi?[j] ?? .infinity
            guard !l.isNaN, l < .infinity else {
                throw .invalidArgument(argument: "lower_bounds[\(j)]", value: l, requirement: "a number < +inf")
            }
            guard !u.isNaN, u > -.infinity, u >= l else {
                throw .invalidArgument(
                    argument: "upper_bounds[\(j)]", value: u, requirement: "a number > -inf and >= lower_bounds[\(j)] (\(l))")
            }
            // The products are finite: α, ρ and the factors are finite (a factor of 0 gives 0).
            let lambda = f == 0 ? 0 : a1 * f, mu = g == 0 ? 0 : a2 * g
            guard lambda.isFinite, mu.isFinite else { throw .overflow(argument: "alpha × the penalty factors") }
            l1[j] = lambda
            l2[j] = mu
            lower[j] = l
            upper[j] = u
            if l > -.infinity || u < .infinity { anyBound = true }
        }
        bounded = anyBound
    }

    /// Rⱼ(w) = λⱼ|w| + ½μⱼw² (the constraint is kept by the solvers, not charged here).
    @inlinable @inline(__always)
    func value(_ j: Int, _ w: Double) -> Double {
        let lambda = l1[j], mu = l2[j]
        return (lambda == 0 ? 0 : lambda * abs(w)) + (mu == 0 ? 0 : 0.5 * (mu * w) * w)
    }

    /// R(w) = Σⱼ Rⱼ(wⱼ).
    @inlinable
    func value(_ w: UnsafePointer<Double>) -> Double {
        blockSum(0, count) { value($0, w[$0]) }
    }

    /// The exact minimiser over w ∈ [lⱼ, uⱼ] of ½d(w − v)² + Rⱼ(w), d > 0:
    ///
    ///     clip(soft(d·v, λⱼ)/(d + μⱼ), lⱼ, uⱼ)
    ///
    /// (a one-dimensional convex problem: the constrained minimiser is the clipped
    /// unconstrained one). It is prox_{Rⱼ/d}(v), the coordinate-descent update.
    @inlinable @inline(__always)
    func proximal(_ j: Int, _ v: Double, curvature d: Double) -> Double {
        let z = d * v, lambda = l1[j]
        let shrunk = Swift.max(z - lambda, 0) + Swift.min(z + lambda, 0)
        let w = shrunk / (d + l2[j])
        return Swift.min(Swift.max(w, lower[j]), upper[j])
    }

    /// wⱼ clipped into [lⱼ, uⱼ] (a feasible starting point).
    @inlinable @inline(__always)
    func clamp(_ j: Int, _ w: Double) -> Double { Swift.min(Swift.max(w, lower[j]), upper[j]) }

    /// Whether feature j carries no penalty at all (λⱼ = μⱼ = 0).
    @inlinable @inline(__always)
    func isUnpenalised(_ j: Int) -> Bool { l1[j] == 0 && l2[j] == 0 }

    /// The convex conjugate Rⱼ*(z) = sup_{w ∈ [lⱼ, uⱼ]} z·w − λⱼ|w| − ½μⱼw², +∞ where it is
    /// unbounded (μⱼ = 0 with z − λⱼ > 0 and uⱼ = +∞, or z + λⱼ < 0 and lⱼ = −∞).
    @inlinable
    func conjugate(_ j: Int, _ z: Double) -> Double {
        let lambda = l1[j], mu = l2[j], l = lower[j], u = upper[j]
        if mu > 0 {
            let shrunk = Swift.max(z - lambda, 0) + Swift.min(z + lambda, 0)
            let w = Swift.min(Swift.max(shrunk / mu, l), u)
            return z * w - lambda * abs(w) - 0.5 * mu * w * w
        }
        if (u == .infinity && z - lambda > 0) || (l == -.infinity && z + lambda < 0) { return .infinity }
        // Concave and piecewise linear: the sup is at a finite bound or at 0 (clipped).
        var best = -Double.infinity
        for w in [l, u, Swift.min(Swift.max(0, l), u)] where w.isFinite {
            best = Swift.max(best, z * w - lambda * abs(w))
        }
        return best
    }

    /// The largest κ ∈ [0, 1] with Rⱼ*(κz) finite (1 unless Rⱼ* has a bounded domain that z
    /// leaves). The domain always contains 0 when 0 ∈ [lⱼ, uⱼ] or a bound is finite on the
    /// side z points to; otherwise the feature needs the projection of ``GeneralDualGap``.
    @inlinable
    func dualScale(_ j: Int, _ z: Double, ignoringL2: Bool = false) -> Double {
        guard l2[j] == 0 || ignoringL2 else { return 1 }
        let lambda = l1[j]
        if upper[j] == .infinity && z > lambda { return z > 0 ? lambda / z : 1 }
        if lower[j] == -.infinity && z < -lambda { return z < 0 ? -lambda / z : 1 }
        return 1
    }

    /// Whether Rⱼ*(κz) is infinite for every κ > 0 whenever z ≠ 0 points out of its domain:
    /// true for unpenalised features with an infinite bound (the dual then needs x̃ⱼᵀu = 0,
    /// or its sign, exactly).
    @inlinable
    func needsProjection(_ j: Int) -> Bool {
        l1[j] == 0 && l2[j] == 0 && (lower[j] == -.infinity || upper[j] == .infinity)
    }

    /// The distance of −gⱼ (gⱼ = ∂F/∂wⱼ) to ∂Rⱼ(wⱼ) + N_[lⱼ,uⱼ](wⱼ): 0 exactly when the
    /// optimality condition of coordinate j holds. Used to pick working sets.
    @inlinable @inline(__always)
    func violation(_ j: Int, gradient g: Double, at w: Double) -> Double {
        let lambda = l1[j]
        let v = -g - l2[j] * w
        var lo = w > 0 ? lambda : (w < 0 ? -lambda : -lambda)
        var hi = w > 0 ? lambda : (w < 0 ? -lambda : lambda)
        if w <= lower[j] { lo = -.infinity }
        if w >= upper[j] { hi = .infinity }
        return Swift.max(0, lo - v, v - hi)
    }
}
