/// The duality gap of  min F(r) + R(w),  r = y − X̃w − b′, for any ``Datafit`` F and
/// ``CoefficientPenalty`` R, in the objective's own units: P(w) − D(u) ≥ 0 for a dual point u
/// made feasible, 0 exactly at the optimum. The one gap of every datafit (the squared loss's
/// fast path keeps its scikit-learn form, ``DualityGap``, which this reduces to there).
///
/// With ωᵢ = sᵢ/S and a candidate u (uᵢ = ωᵢvᵢ, at the optimum vᵢ = φ'(rᵢ)), the Fenchel dual
/// is  D(u) = uᵀy − Σᵢ ωᵢφ*(vᵢ) − Σⱼ Rⱼ*(x̃ⱼᵀu),  subject to Σuᵢ = 0 with an intercept. The
/// candidate is made feasible in three steps, each keeping what the previous one achieved:
/// 1. with an intercept, uᵢ ← uᵢ − ωᵢ·Σu (the centred columns make this leave X̃ᵀu unchanged);
/// 2. features whose conjugate needs x̃ⱼᵀu = 0 (no penalty and an infinite bound: see
///    ``CoefficientPenalty/needsProjection(_:)``; also free ones with a negligible L2 part
///    alone) are projected out, u ← u − W X̃_P z with
///    (X̃_PᵀWX̃_P) z = X̃_Pᵀu; one-sided ones only when their coefficient is off its bound or
///    x̃ⱼᵀu has the wrong sign;
/// 3. u ← κu with the largest κ ∈ [0, 1] that puts every vᵢ in dom φ* and every x̃ⱼᵀu in
///    dom Rⱼ* (both contain 0).
@usableFromInline
enum GeneralDualGap {
    @usableFromInline
    struct Value {
        @usableFromInline var gap: Double
        @usableFromInline var primal: Double
        @usableFromInline var dual: Double
        @inlinable init(gap: Double, primal: Double, dual: Double) {
            self.gap = gap
            self.primal = primal
            self.dual = dual
        }
    }

    /// The gap at coefficients w (inside their bounds) with residual r and candidate u
    /// (overwritten by the feasible point); `z` must hold X̃ᵀu and is overwritten too.
    @inlinable
    static func evaluate<D: Datafit, T: BinaryFloatingPoint>(
        _ datafit: D, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, w: UnsafePointer<Double>,
        residual r: UnsafePointer<Double>, dual u: UnsafeMutablePointer<Double>, correlations z: UnsafeMutablePointer<Double>,
        unitBall: Bool = false
    ) throws(SwiftRegError) -> Value {
        let n = data.n, p = data.p, omega = data.omega.base
        let primal = data.datafitValue(datafit, r) + penalty.value(w)
        // 1. The intercept's constraint.
        if data.fitIntercept {
            let total = blockSum(0, n) { u[$0] }
            if total != 0 {
                for i in 0..<n { u[i] -= omega[i] * total }
                // Centred columns keep X̃ᵀu; uncentred ones (sparse X left uncentred) move by
                // Σu·Σᵢωᵢxᵢⱼ.
                for j in 0..<p where data.columnMean[j] != data.mean[j] { z[j] -= total * (data.columnMean[j] - data.mean[j]) }
            }
        }
        // 2. Projection of the features that need x̃ⱼᵀu = 0.
        var pull = 0.0   // max |φ′(rᵢ)| over the candidate
        for i in 0..<n where omega[i] > 0 { pull = Swift.max(pull, abs(u[i] / omega[i])) }
        try project(data, penalty, w: w, u: u, z: z, derivativeBound: pull.isFinite ? pull : 0)
        // A zero column (dⱼ = 0: also a column constant up to rounding, which the intercept
        // absorbs, see ``WeightedDesign``) has x̃ⱼᵀu = 0 but for the rounding of its centring.
        for j in 0..<p where data.columnNormSq[j] == 0 { z[j] = 0 }
        // 3. Scaling into the domains.
        var kappa = 1.0
        let domain = datafit.dualDomain
        for i in 0..<n where omega[i] > 0 {
            let v = u[i] / omega[i]
            if v > domain.upperBound { kappa = Swift.min(kappa, domain.upperBound / v) }
            if v < domain.lowerBound { kappa = Swift.min(kappa, domain.lowerBound / v) }
        }
        // `unitBall`: the datafit's dual domain is also Σᵢ ωᵢvᵢ² ≤ 1 (``HuberScale``'s joint
        // datafit, whose conjugate is 0 there).
        if unitBall {
            let q = blockSum(0, n) { omega[$0] > 0 ? u[$0] * (u[$0] / omega[$0]) : 0 }
            if q > 1 { kappa = Swift.min(kappa, 1 / q.squareRoot()) }
        }
        // A feature with an L1 part and an L2 part below 1e-12 of its column's curvature is
        // scaled into |x̃ⱼᵀu| ≤ λⱼ as if μⱼ were 0: its conjugate (|z| − λⱼ)²/(2μⱼ) turns
        // any excess into an overflow (μⱼ = 1e-306 gave an infinite gap off the optimum),
        // and within it Rⱼ* is 0.
        @inline(__always) func ridgeAsL1(_ j: Int) -> Bool {
            penalty.l2[j] > 0 && penalty.l1[j] > 0 && penalty.l2[j] <= 1e-12 * data.columnNormSq[j]
        }
        var absSum: Double? = nil
        for j in 0..<p {
            var scale = penalty.dualScale(j, z[j], ignoringL2: ridgeAsL1(j))
            if scale < 1 {
                // x̃ⱼᵀu carries rounding of order ε·Σᵢ|x̃ᵢⱼuᵢ|: within it of the domain's edge
                // (a tiny λⱼ, whose edge is below that rounding) it counts as on the edge.
                if absSum == nil { absSum = blockSum(0, n) { abs(u[$0]) } }
                let slack = 64 * Double.ulpOfOne * data.absoluteProduct(j, UnsafePointer(u), absSum: absSum!)
                let edge = penalty.l1[j]
                if abs(z[j]) <= edge + slack {
                    z[j] = z[j] > 0 ? edge : -edge
                    scale = penalty.dualScale(j, z[j], ignoringL2: ridgeAsL1(j))
                }
            }
            kappa = Swift.min(kappa, scale)
        }
        kappa = Swift.max(kappa, 0)
        var dual = kappa * blockSum(0, n) { u[$0] * data.y[$0] }
        dual -= blockSum(0, n) { omega[$0] > 0 ? omega[$0] * datafit.conjugate(Swift.min(Swift.max(kappa * u[$0] / omega[$0], domain.lowerBound), domain.upperBound)) : 0 }
        // κ ≤ each feature's own scale, so |κ·x̃ⱼᵀu| ≤ λⱼ where R*ⱼ needs it; a product that
        // lands past λⱼ by rounding (a subnormal κ or λⱼ) is put back on the edge.
        dual -= blockSum(0, p) { j in
            var v = kappa * z[j]
            let lambda = penalty.l1[j]
            if penalty.l2[j] == 0 || ridgeAsL1(j) {
                if penalty.upper[j] == .infinity && v > lambda { v = lambda }
                if penalty.lower[j] == -.infinity && v < -lambda { v = -lambda }
            }
            return penalty.conjugate(j, v)
        }
        let scale = abs(primal) + abs(dual)
        var gap = primal - dual
        if gap.isNaN { gap = .infinity }
        if gap < 0 && -gap <= 1e3 * Double.ulpOfOne * Swift.max(scale, Double.leastNormalMagnitude) { gap = 0 }
        return Value(gap: gap, primal: primal, dual: dual)
    }

    /// Step 2 above. Leaves z = X̃ᵀu and sets z exactly 0 on the projected features.
    @inlinable
    static func project<T: BinaryFloatingPoint>(
        _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, w: UnsafePointer<Double>,
        u: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>, derivativeBound: Double = 0
    ) throws(SwiftRegError) {
        let p = data.p, n = data.n
        var candidates: [Int] = []
        try Allocation.reserve(&candidates, p)
        // Also the features with an L2 part below 1e-12 of the column's curvature and no finite
        // box: their conjugate z²/(2μ) blows x̃ⱼᵀu's rounding up (μ = 1e-200 gave gaps of
        // 1e170), while x̃ⱼᵀu = 0 costs the dual at most ½μwⱼ², negligible next to the datafit.
        // Their L1 part must be 0, or below 1e-12 of the datafit's pull B·‖x̃ⱼ‖ on the
        // coefficient (B = maxᵢ|φ′(rᵢ)| at the candidate): a λⱼ below the rounding of x̃ⱼᵀu
        // would otherwise shrink the whole dual point onto its domain.
        for j in 0..<p where data.columnNormSq[j] > 0 {
            let tinyL1 = penalty.l1[j] == 0
                || penalty.l1[j] <= 1e-12 * derivativeBound * data.columnNormSq[j].squareRoot()
            let tinyRidge = tinyL1 && penalty.l2[j] <= 1e-12 * data.columnNormSq[j]
                && (penalty.lower[j] == -.infinity || penalty.upper[j] == .infinity)
            if penalty.needsProjection(j) || tinyRidge { candidates.append(j) }
        }
        if candidates.isEmpty { return }
        func wanted(_ j: Int) -> Bool {
            let l = penalty.lower[j], h = penalty.upper[j]
            if l == -.infinity && h == .infinity { return true }
            if h == .infinity { return w[j] > l || z[j] > 0 }   // domain z ≤ 0 at w = l
            return w[j] < h || z[j] < 0                          // domain z ≥ 0 at w = u
        }
        let m = candidates.count
        var chosen: [Int] = []
        try Allocation.reserve(&chosen, m)
        chosen += candidates.lazy.filter(wanted)
        if chosen.isEmpty { return }
        var isChosen = try Allocation.array(repeating: false, count: p)
        for j in chosen { isChosen[j] = true }
        let factor = try UpdatableCholesky(limit: m)
        let gram = try WorkBuffer<Double>(count: m + 1), coef = try WorkBuffer<Double>(count: m + 1)
        let wx = try WorkBuffer<Double>(count: n)   // ωᵢx̃ᵢₖ for one column
        let magnitude = try WorkBuffer<Double>(count: n)   // |uᵢ| plus what was subtracted
        for _ in 0..<m {
            // Factor X̃_PᵀWX̃_P over the chosen columns, dropping those in the span of earlier ones.
            factor.clear()
            var used: [Int] = []
            try Allocation.reserve(&used, chosen.count)
            for k in chosen {
                data.columnTimesWeights(k, wx.base)
                for (a, j) in used.enumerated() { gram[a] = data.centredDot(j, UnsafePointer(wx.base)) }
                gram[used.count] = data.centredDot(k, UnsafePointer(wx.base))
                if (try factor.append(gram.base)) { used.append(k) }
            }
            // The normal equations lose cond(X̃_P)² of accuracy: refine (each pass solves for
            // the x̃ⱼᵀu left over) until every chosen x̃ⱼᵀu is within the rounding of its
            // terms (``WeightedDesign/roundingScale``, over |uᵢ| + what was subtracted from uᵢ).
            for i in 0..<n { magnitude[i] = abs(u[i]) }
            var exact = false
            for _ in 0..<4 {
                for (a, j) in used.enumerated() { coef[a] = z[j] }
                factor.solve(coef.base)
                for (a, j) in used.enumerated() {
                    data.columnTimesWeights(j, wx.base)
                    let c = coef[a]
                    for i in 0..<n {
                        u[i] -= c * wx[i]
                        magnitude[i] += abs(c * wx[i])
                    }
                }
                data.transposedProduct(UnsafePointer(u), z)
                let total = blockSum(0, n) { magnitude[$0] }
                exact = chosen.allSatisfy { j in
                    abs(z[j]) <= 1e3 * Double.ulpOfOne * data.roundingScale(j, UnsafePointer(magnitude.base), sum: total)
                }
                if exact { break }
            }
            // x̃ⱼᵀu = 0 within rounding: counted as 0. Otherwise (columns too ill-conditioned
            // to project onto) the dual point is u = 0, where the bound is weak but valid: a
            // residual x̃ⱼᵀu of the projection's own error made a dual value above the primal
            // one (gaps of −4.5e-4, certified), and over a negligible ridge weight an infinite
            // conjugate.
            if !exact {
                for i in 0..<n { u[i] = 0 }
                for j in 0..<p { z[j] = 0 }
                return
            }
            for j in chosen { z[j] = 0 }
            try Allocation.probe(m, of: Int.self)
            let more = candidates.filter { !isChosen[$0] && wanted($0) }
            if more.isEmpty { break }
            for j in more { isChosen[j] = true }
            chosen += more
        }
    }
}
