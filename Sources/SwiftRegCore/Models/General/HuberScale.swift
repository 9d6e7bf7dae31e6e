/// Huber regression with a jointly estimated scale σ > 0 (scikit-learn's `HuberRegressor`,
/// Owen 2007): over w, b and σ minimise
///
///     F(r, σ) + R(w),   F = (1/(2S))·Σᵢ sᵢ·σ·(1 + H̃_ε(rᵢ/σ)),   H̃_ε(z) = z² (|z| ≤ ε), 2ε|z| − ε² otherwise
///
/// (scikit-learn's objective Σsᵢ(σ + σH̃(rᵢ/σ)) + α‖w‖² divided by 2S, so that its α is
/// this α·S with ρ = 0). F is jointly convex (σ·H̃(r/σ) is a perspective). Since
/// σ·H̃_ε(r/σ) = (2/σ)·H_{εσ}(r), at a fixed σ the problem in (w, b) is the Huber datafit with
/// δ = εσ and the penalty σ·R, solved by ``SmoothCoordinateDescent``; at fixed residuals the
/// optimal σ has a closed form on each interval between the sorted |rᵢ|/ε (``optimalScale``).
/// The blocks alternate until σ stops moving and the (w, b) step is certified: each block is
/// then exactly optimal given the other, which for this convex objective (the non-smooth part
/// separable in w) is the joint optimum. The reported gap is the joint problem's duality gap
/// (``JointDatafit``), in the units of F + R: a bound on the suboptimality in (w, b, σ).
@usableFromInline
enum HuberScale {
    /// argmin over σ > 0 of Σᵢ ωᵢ·σ·(1 + H̃_ε(rᵢ/σ)) (ωᵢ ≥ 0, Σωᵢ = 1). Its derivative
    /// 1 − Σ_{|rᵢ| ≤ εσ} ωᵢrᵢ²/σ² − ε²·Σ_{|rᵢ| > εσ} ωᵢ increases with σ; on the interval where
    /// the inliers are fixed its root is σ² = Σ_in ωᵢrᵢ² / (1 − ε²Σ_out ωᵢ).
    @inlinable
    static func optimalScale(_ r: UnsafePointer<Double>, _ omega: UnsafePointer<Double>, n: Int, epsilon: Double) throws(SwiftRegError) -> Double {
        let order = try WorkBuffer<Int>(count: n)
        var m = 0, largest = 0.0
        for i in 0..<n where omega[i] > 0 { order[m] = i; m += 1; largest = Swift.max(largest, abs(r[i])) }
        let floor = Swift.max(1e-12 * largest, Double.leastNormalMagnitude)
        var sorted = UnsafeMutableBufferPointer(start: order.base, count: m)
        try Allocation.probeSort(m, of: Int.self)
        sorted.sort { abs(r[$0]) < abs(r[$1]) || (abs(r[$0]) == abs(r[$1]) && $0 < $1) }
        var inSquares = 0.0, outWeight = 1.0
        for k in 0...m {
            // Inliers: the k smallest |rᵢ|; σ ∈ [a_k, a_{k+1}) with a = |r|/ε.
            let lo = k == 0 ? 0 : abs(r[order[k - 1]]) / epsilon
            let hi = k == m ? Double.infinity : abs(r[order[k]]) / epsilon
            let slopeFree = 1 - epsilon * epsilon * Swift.max(outWeight, 0)
            if slopeFree > 0 {
                let root = (inSquares / slopeFree).squareRoot()
                if root < hi { return Swift.max(Swift.max(root, lo), floor) }
            }
            if k < m {
                let i = order[k]
                inSquares += omega[i] * r[i] * r[i]
                outWeight -= omega[i]
            }
        }
        return Swift.max(largest / epsilon, floor)
    }

    /// ½Σᵢ ωᵢ·σ·(1 + H̃_ε(rᵢ/σ)): F at fixed residuals as a function of σ.
    @inlinable
    static func scaledValue(_ r: UnsafePointer<Double>, _ omega: UnsafePointer<Double>, n: Int, sigma: Double, epsilon: Double) -> Double {
        0.5 * blockSum(0, n) { i in
            guard omega[i] > 0 else { return 0 }
            let z = abs(r[i]) / sigma
            let h = z <= epsilon ? z * z : 2 * epsilon * z - epsilon * epsilon
            return omega[i] * sigma * (1 + h)
        }
    }

    @inlinable
    static func minimize<T: BinaryFloatingPoint>(
        epsilon: Double, data: WeightedDesign<T>, penalty unitPenalty: (Double) throws(SwiftRegError) -> CoefficientPenalty,
        w: WorkBuffer<Double>, options: FitOptions
    ) throws(SwiftRegError) -> (outcome: SolverOutcome, scale: Double, tolerance: Double) {
        try Check.positive(epsilon, "delta")
        let n = data.n
        let r = try WorkBuffer<Double>(count: n)
        let u = try WorkBuffer<Double>(count: n), z = try WorkBuffer<Double>(count: data.p)
        // Start: w as given, b′ = ȳ, σ optimal for those residuals.
        var b = data.yMean
        data.residual(UnsafePointer(w.base), intercept: b, r.base)
        var sigma = try optimalScale(UnsafePointer(r.base), data.omega.base, n: n, epsilon: epsilon)
        // The tolerance unit: F + R at the start (the constant prediction with its own σ).
        let unit = sigma
        let tolerance = RegularizedModel.gapTolerance(options.tol, unit, data, linear: true)
        var iterations = 0
        var last = SolverOutcome(intercept: b, primal: .infinity, gap: .infinity, iterations: 0, converged: false)
        // The (w, b) steps are solved loosely while σ still moves (each to a tenth of the
        // previous step's tolerance), to the final tolerance once it settles.
        var stepTolerance = Swift.max(tolerance, 1e-3 * unit)
        var reported = sigma
        for _ in 0..<Swift.max(1, options.maxIter) {
            try data.interrupt.check()
            // δ = εσ: a tiny ε times a tiny σ (a constant y) may underflow to 0 (the smallest
            // positive δ is the same datafit within rounding); a huge one overflows.
            let delta = epsilon * sigma
            guard delta.isFinite else { throw .overflow(argument: "delta × the fitted scale and " + OverflowGuard.data) }
            let datafit = try HuberDatafit(delta: Swift.max(delta, Double.leastNonzeroMagnitude))
            let penalty = try unitPenalty(sigma)
            // At fixed σ: F + R = σ/2 + (1/σ)·[(1/S)ΣsH_δ(r) + σR(w)]: the step's gap times 1/σ.
            let step = try SmoothCoordinateDescent.minimize(
                datafit, data, penalty, w: w, intercept: b, maxIter: Swift.max(1, options.maxIter - iterations),
                gapTolerance: stepTolerance * sigma,
                polish: options.tol <= RegularizedModel.polishTolerance && stepTolerance <= tolerance)
            iterations += step.iterations
            b = step.intercept
            data.residual(UnsafePointer(w.base), intercept: b, r.base)
            // F + R afresh at the step's point (a far warm start leaves rounding in the
            // solver's running residual); the step's gap moves with it unless that would make
            // it negative (the bound itself in doubt), as in the other fits.
            var stepPrimal = step.primal, stepGap = step.gap
            let fresh = data.datafitValue(datafit, UnsafePointer(r.base)) + penalty.value(UnsafePointer(w.base))
            if fresh.isFinite && stepPrimal.isFinite && fresh != stepPrimal {
                let shifted = stepGap + (fresh - stepPrimal)
                if shifted >= 0 { stepGap = shifted }
                stepPrimal = fresh
            }
            let next = try optimalScale(UnsafePointer(r.base), data.omega.base, n: n, epsilon: epsilon)
            // Reported at the σ of this step (the one coef and intercept belong to): the step's
            // gap plus what the optimal σ would still gain at these residuals; 0 exactly at the
            // joint optimum.
            let gain = Swift.max(0, scaledValue(r.base, data.omega.base, n: n, sigma: sigma, epsilon: epsilon)
                - scaledValue(r.base, data.omega.base, n: n, sigma: next, epsilon: epsilon))
            // The step's gap and the gain in σ bound each block's suboptimality, not the
            // joint one (σ → 0 with an exact fit made both small at objective 1.5e-4): the
            // reported gap is the joint problem's own (``JointDatafit``), while the sum
            // still steers the loop's step tolerances.
            let blockGap = stepGap / sigma + gain
            let joint = try JointDatafit(sigma: sigma, epsilon: epsilon)
            let dualScale = Swift.max(next, Double.leastNormalMagnitude)
            for i in 0..<n { u[i] = data.omega[i] * Swift.min(Swift.max(r[i] / dualScale, -epsilon), epsilon) }
            data.transposedProduct(UnsafePointer(u.base), z.base)
            let value = try GeneralDualGap.evaluate(
                joint, data, try unitPenalty(1), w: UnsafePointer(w.base), residual: UnsafePointer(r.base),
                dual: u.base, correlations: z.base, unitBall: true)
            let gap = Swift.max(value.gap, 0)
            last = SolverOutcome(
                intercept: b, primal: value.primal.isFinite ? value.primal : 0.5 * sigma + stepPrimal / sigma, gap: gap,
                iterations: iterations, converged: gap <= tolerance)
            reported = sigma
            // Go on until σ itself settles (the objective is flat in σ near the optimum, so a
            // small gap alone leaves σ less accurate than w).
            let settled = abs(next - sigma) <= 1e-12 * sigma && stepTolerance <= tolerance
            if (gap <= tolerance && (settled || blockGap <= tolerance)) || iterations >= options.maxIter { break }
            if step.converged {
                if stepTolerance > tolerance {
                    stepTolerance = Swift.max(tolerance, 0.1 * stepTolerance)
                } else if settled && gap > tolerance {
                    // Each block is within the tolerance but the joint gap, about their sum,
                    // is not: the (w, b) step goes on to a tighter one, down to 1e-6 of it.
                    if stepTolerance <= 1e-6 * tolerance { break }
                    stepTolerance *= 0.1
                }
            }
            sigma = next
        }
        return (last, reported, tolerance)
    }

    /// F(r, σ) + R(w) as a datafit of r at a fixed σ, for the joint problem's duality gap:
    /// φ(r) = ½σ(1 + H̃_ε(r/σ)), φ′(r) = clip(r/σ, −ε, ε). F is the perspective of
    /// Φ(z) = ½Σᵢωᵢ(1 + H̃_ε(zᵢ)), so min over σ of F is positively homogeneous in r and its
    /// conjugate is 0 on {v : Φ*(v) ≤ 0} = {|vᵢ| ≤ ε, Σᵢωᵢvᵢ² ≤ 1} and +∞ outside (H̃_ε* (t) =
    /// t²/4 for |t| ≤ 2ε). The dual of  min_{w, σ} F + R  is then
    /// D(u) = uᵀy − Σⱼ Rⱼ*(x̃ⱼᵀu) over that set (``GeneralDualGap`` with `unitBall`), and
    /// F(r, σ) + R(w) − D(u) bounds the suboptimality of (w, b, σ) in (w, b, σ) jointly.
    @usableFromInline
    struct JointDatafit: Datafit {
        @usableFromInline let sigma: Double
        @usableFromInline let epsilon: Double
        @inlinable init(sigma: Double, epsilon: Double) throws(SwiftRegError) {
            try Check.positive(sigma, "the fitted scale")
            self.sigma = sigma
            self.epsilon = epsilon
        }
        @inlinable func value(_ r: Double) -> Double {
            let z = abs(r) / sigma
            // r·z = r²/σ and 2ε|r| − ε²σ: σ·H̃(r/σ) without σ·z² overflowing first
            return 0.5 * (sigma + (z <= epsilon ? abs(r) * z : 2 * epsilon * abs(r) - epsilon * epsilon * sigma))
        }
        @inlinable func derivative(_ r: Double) -> Double { Swift.min(Swift.max(r / sigma, -epsilon), epsilon) }
        @inlinable var curvature: Double? { nil }
        @inlinable func conjugate(_ v: Double) -> Double { 0 }
        @inlinable var dualDomain: ClosedRange<Double> { -epsilon...epsilon }
    }
}
