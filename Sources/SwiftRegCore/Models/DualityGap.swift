/// The elastic-net primal objective and duality gap, in the solvers' internal scaling: with
/// X̃, ỹ from ``CenteredDesign``, r = ỹ − X̃w, c = X̃ᵀr, l1 = α·ρ·S, l2 = α·(1 − ρ)·S and
/// penalty factors fⱼ (1 when absent),
///
///     P(w) = ½‖r‖² + Σⱼ fⱼ·(l1·|wⱼ| + ½·l2·wⱼ²)
///
/// which is S times the user-facing objective (1/(2S))·Σsᵢ(yᵢ − xᵢ·w − b)² + α·(ρ·Σfⱼ|wⱼ| +
/// ½(1 − ρ)·Σfⱼwⱼ²). This is scikit-learn's `enet_coordinate_descent` objective (its
/// alpha = l1, beta = l2, data rescaled by √s; sklearn/linear_model/_cd_fast.pyx) with the
/// weights left unnormalised, so a gap here divided by S is scikit-learn's `dual_gap_`.
///
/// Which dual point certifies the gap depends on the penalty of each feature (λⱼ = l1·fⱼ,
/// μⱼ = l2·fⱼ):
///
/// * every λⱼ > 0 (the usual case, and all of scikit-learn's): scikit-learn's dual point,
///   θ = κ·(r; −√μ·w) on the data augmented to a lasso, κ = min(1, 1/maxⱼ |cⱼ − μⱼwⱼ|/λⱼ)
///   (the signed value under `positive`), so the value is exactly scikit-learn's:
///
///       gap = ½(1 + κ²)‖r‖² + Σⱼλⱼ|wⱼ| + ½(1 + κ²)Σⱼμⱼwⱼ² − κ·rᵀỹ
///
/// * else, if every μⱼ > 0 (that is l1_ratio = 0 and every fⱼ > 0):
///   the Fenchel dual at θ = r, where the conjugate of λ|w| + ½μw² is (|u| − λ)₊²/(2μ):
///
///       gap = ‖r‖² − rᵀỹ + Σⱼ(λⱼ|wⱼ| + ½μⱼwⱼ²) + Σⱼ(|cⱼ| − λⱼ)₊²/(2μⱼ)
///
///   (scikit-learn's formula degenerates here: its κ is 0 and its gap the primal value);
/// * else, if every feature has λⱼ > 0, μⱼ > 0 or a zero column: the Fenchel dual at
///   θ = κr, κ = min(1, minⱼ λⱼ/|cⱼ|) over the features with λⱼ > 0 = μⱼ (the next case
///   with r′ = r);
/// * with unpenalised features (fⱼ = 0, the set F) and α > 0: the Fenchel dual at
///   θ = κ·r′, where r′ = r − X̃_F z (X̃_FᵀX̃_F z = X̃_Fᵀr) is the residual projected onto the
///   orthogonal complement of the unpenalised columns (``UnpenalisedProjection``), so that
///   x̃ⱼᵀθ = 0 on F as the dual requires (under `positive` only the columns of F with wⱼ > 0
///   or x̃ⱼᵀr > 0 are projected out: there x̃ⱼᵀθ ≤ 0 suffices). With u = X̃ᵀr′, κ =
///   min(1, minⱼ λⱼ/|uⱼ|) over the features with λⱼ > 0 = μⱼ, and ū = u (`positive`) or |u|:
///
///       gap = ½‖r‖² + Σⱼ(λⱼ|wⱼ| + ½μⱼwⱼ²) − κ·r′ᵀỹ + ½κ²‖r′‖² + Σ_{μⱼ>0}(κūⱼ − λⱼ)₊²/(2μⱼ)
///
///   a true bound on the suboptimality (≥ 0 up to rounding), 0 at the optimum (r′ = r, κ = 1);
/// * α = 0 (nothing penalised) with p ≤ ``UnpenalisedProjection/unpenalisedLimit``: the same
///   with every column projected out, θ = r′ = the least-squares residual, so the gap is the
///   exact suboptimality ½‖X̃(w − w*)‖²;
/// * else (α = 0, larger p): scikit-learn's formula plus Σ cⱼ²/dⱼ (twice the decrease one
///   exact coordinate step on each feature would give; 0 exactly at the optimum), a
///   convergence measure rather than a bound.
@usableFromInline
enum DualityGap {
    @inlinable
    static func elasticNet(
        c: UnsafePointer<Double>, w: UnsafePointer<Double>, p: Int, residualNormSq rr: Double,
        residualDotY ry: Double, l1: Double, l2: Double, penaltyFactor pf: UnsafePointer<Double>?,
        positive: Bool, columnNormSq d: UnsafePointer<Double>, unpenalised: UnpenalisedProjection? = nil,
        roundingScale: Double = 0
    ) -> Double {
        if let unpenalised, l1 > 0 || l2 > 0 || unpenalised.features.count == p {
            return projected(
                c: c, w: w, p: p, residualNormSq: rr, residualDotY: ry, l1: l1, l2: l2, penaltyFactor: pf,
                positive: positive, projection: unpenalised, columnNormSq: d, roundingScale: roundingScale)
        }
        var scale = 0.0, l1Norm = 0.0, l2Norm = 0.0, conjugate = 0.0, stationarity = 0.0
        var allL1 = true, allL2 = true, anyFree = false
        var lassoScale = 0.0   // max |cⱼ|/λⱼ over the features with λⱼ > 0 = μⱼ
        for j in 0..<p {
            let f = pf?[j] ?? 1, wj = w[j]
            let lambda = l1 * f, mu = l2 * f
            let a = c[j] - mu * wj
            if lambda > 0 {
                scale = Swift.max(scale, (positive ? a : abs(a)) / lambda)
                if mu == 0 { lassoScale = Swift.max(lassoScale, (positive ? c[j] : abs(c[j])) / lambda) }
            } else {
                allL1 = false
                if d[j] > 0 { stationarity += a * a / (d[j] + mu) }
                if mu == 0 && d[j] > 0 { anyFree = true }
            }
            if mu > 0 {
                let excess = Swift.max(0, (positive ? c[j] : abs(c[j])) - lambda)
                conjugate += excess * excess / (2 * mu)
            } else {
                allL2 = false
            }
            l1Norm += f * abs(wj)
            l2Norm += f * wj * wj
        }
        let terms = rr + abs(ry) + l1 * l1Norm + l2 * l2Norm + roundingScale
        if !allL1 && allL2 {
            return roundingFloor(rr - ry + l1 * l1Norm + 0.5 * l2 * l2Norm + conjugate, scale: terms)
        }
        if !allL1 && !anyFree {
            // Ridge-only features beside lasso-only ones or zero columns (x̃ⱼᵀθ = 0 for any
            // θ): the Fenchel dual at θ = κr, κ = min(1, 1/lassoScale). scikit-learn's
            // formula below needs λⱼ > 0 for every feature: with λⱼ = 0 < μⱼ it is not a bound
            // (a path from α = 2.5 to 2.6e-9 made it −0.15, certified).
            let kappa = lassoScale > 1 ? 1 / lassoScale : 1
            var scaled = 0.0
            for j in 0..<p {
                let f = pf?[j] ?? 1, mu = l2 * f
                guard mu > 0 else { continue }
                let excess = Swift.max(0, kappa * (positive ? c[j] : abs(c[j])) - l1 * f)
                scaled += excess * excess / (2 * mu)
            }
            let gap = 0.5 * rr + l1 * l1Norm + 0.5 * l2 * l2Norm - kappa * ry + 0.5 * kappa * kappa * rr + scaled
            return roundingFloor(gap, scale: terms)
        }
        let kappa = scale > 1 ? 1 / scale : 1
        let k2 = kappa * kappa
        let gap = 0.5 * (1 + k2) * rr + l1 * l1Norm + 0.5 * l2 * (1 + k2) * l2Norm - kappa * ry
        return roundingFloor(allL1 ? gap : gap + stationarity, scale: terms)
    }

    /// The gap with unpenalised features (see above).
    @inlinable
    static func projected(
        c: UnsafePointer<Double>, w: UnsafePointer<Double>, p: Int, residualNormSq rr: Double,
        residualDotY ry: Double, l1: Double, l2: Double, penaltyFactor pf: UnsafePointer<Double>?,
        positive: Bool, projection: UnpenalisedProjection, columnNormSq d: UnsafePointer<Double>,
        roundingScale: Double = 0
    ) -> Double {
        let (rrP, ryP) = projection.project(c: c, w: w, residualNormSq: rr, residualDotY: ry, positive: positive)
        let u = projection.u.base
        var scale = 0.0, penalty = 0.0, stationarity = 0.0
        var next = 0   // projection.features is increasing
        for j in 0..<p {
            let f = pf?[j] ?? 1, wj = w[j]
            let lambda = l1 * f, mu = l2 * f
            // (an L2 weight below 1e-12 of ‖x̃ⱼ‖² beside an L1 one counts as 0 here: its
            // conjugate would turn the rounding of uⱼ past λⱼ into an overflow)
            while next < projection.features.count && projection.features[next] < j { next += 1 }
            let isProjected = next < projection.features.count && projection.features[next] == j
            if lambda > 0 && mu <= 1e-12 * d[j] && !isProjected {
                scale = Swift.max(scale, (positive ? u[j] : abs(u[j])) / lambda)
            }
            penalty += lambda * abs(wj) + 0.5 * mu * wj * wj
            // A feature whose weights underflow to 0 (a subnormal α times its factor) but is
            // not projected out: its conjugate needs x̃ⱼᵀr′ = 0, which nothing enforced; as in
            // ``elasticNet``, its stationarity joins the measure instead of a conjugate of 0
            // (which made gaps negative).
            if lambda == 0 && mu == 0 && !isProjected && d[j] > 0 { stationarity += u[j] * u[j] / d[j] }
        }
        let kappa = scale > 1 ? 1 / scale : 1
        var conjugate = 0.0
        if l2 > 0 {
            // (a projected feature has x̃ⱼᵀr′ = 0 up to rounding, counted as 0: over a subnormal
            // μⱼ that rounding alone overflowed)
            var next = 0
            for j in 0..<p {
                while next < projection.features.count && projection.features[next] < j { next += 1 }
                if next < projection.features.count && projection.features[next] == j { continue }
                let f = pf?[j] ?? 1, mu = l2 * f
                guard mu > 0, !(l1 * f > 0 && mu <= 1e-12 * d[j]) else { continue }
                let excess = Swift.max(0, kappa * (positive ? u[j] : abs(u[j])) - l1 * f)
                conjugate += excess * excess / (2 * mu)
            }
        }
        let gap = 0.5 * rr + penalty - kappa * ryP + 0.5 * kappa * kappa * rrP + conjugate + stationarity
        return roundingFloor(gap, scale: rr + abs(ry) + penalty + roundingScale)
    }

    /// Every λⱼ = l1·fⱼ below 1e-3 of max |x̃ⱼᵀr| (c = X̃ᵀr), and l2 below 1e-6 of the largest
    /// ‖x̃ⱼ‖²: a penalty so small that the dual point of ``elasticNet``, shrunk onto its
    /// domain, is almost 0, while the residual projected onto the complement of every column
    /// (a dual point for any penalty, x̃ⱼᵀθ = 0) certifies the fit.
    @inlinable
    static func tinyPenalty(
        c: UnsafePointer<Double>, p: Int, l1: Double, l2: Double, penaltyFactor pf: UnsafePointer<Double>?,
        columnNormSq d: UnsafePointer<Double>
    ) -> Bool {
        var top = 0.0, factor = 0.0, norm = 0.0
        for j in 0..<p {
            top = Swift.max(top, abs(c[j]))
            factor = Swift.max(factor, pf?[j] ?? 1)
            norm = Swift.max(norm, d[j])
        }
        return l1 * factor <= 1e-3 * top && l2 * factor <= 1e-6 * norm
    }

    /// A gap that is negative only by rounding (|gap| ≤ 64 ulp of the terms it is made of)
    /// is reported as 0: the true gap is ≥ 0.
    @inlinable
    static func roundingFloor(_ gap: Double, scale: Double) -> Double {
        gap < 0 && -gap <= 64 * Double.ulpOfOne * scale ? 0 : gap
    }

    /// P(w) in the internal scaling (see above), via the penalty's own formula.
    @inlinable
    static func primal(
        w: UnsafePointer<Double>, p: Int, residualNormSq rr: Double, penalty: ElasticNetPenalty,
        penaltyFactor pf: UnsafePointer<Double>?
    ) -> Double {
        0.5 * rr + blockSum(0, p) { (pf?[$0] ?? 1) * penalty.term(w[$0]) }
    }
}

/// The projection of a residual onto the orthogonal complement of the unpenalised columns
/// (fⱼ = 0), for the dual point of ``DualityGap``: from c = X̃ᵀr, ‖r‖² and rᵀỹ alone (so it
/// works with the Gram-matrix engine, which never forms r), with S ⊆ F the projected columns,
///
///     G_SS z = c_S,   ‖r′‖² = ‖r‖² − zᵀc_S,   r′ᵀỹ = rᵀỹ − zᵀX̃_Sᵀỹ,   u = X̃ᵀr′ = c − G_{·S} z
///
/// in float64 with the Gram columns of F computed once (|F|·n·p). A column numerically in the
/// span of the earlier ones is left out of the factor (it is then projected out with them).
@usableFromInline
final class UnpenalisedProjection {
    /// The most features for which an unpenalised fit (α = 0) certifies its gap by projecting
    /// the residual onto the orthogonal complement of every column (a p × p factor); beyond,
    /// its gap is the convergence measure of ``DualityGap``.
    @usableFromInline static let unpenalisedLimit = 512
    @usableFromInline let features: [Int]
    @usableFromInline let p: Int
    /// p × |F|: column k is X̃ᵀx̃ for feature features[k].
    @usableFromInline let gram: WorkBuffer<Double>
    /// X̃_Fᵀỹ.
    @usableFromInline let qF: [Double]
    /// X̃ᵀr′ after ``project``.
    @usableFromInline let u: WorkBuffer<Double>
    @usableFromInline let factor: UpdatableCholesky
    @usableFromInline let scratch: WorkBuffer<Double>
    /// ``project``'s working lists (|F| entries each, allocated once).
    @usableFromInline let chosen: WorkBuffer<Bool>
    @usableFromInline var used: [Int] = []

    /// nil when no feature with a non-zero column has fⱼ = 0. With `alpha` = 0 nothing is
    /// penalised, so every non-zero column is projected out (then the gap is the exact
    /// suboptimality ½‖X̃(w − w*)‖²), for p ≤ ``unpenalisedLimit``.
    ///
    /// With the weights `l1`, `l2` of one α (λⱼ = l1·fⱼ, μⱼ = l2·fⱼ) given, the features whose
    /// weights both underflow to 0 (a subnormal α times fⱼ) are unpenalised too: nothing else
    /// enforces the x̃ⱼᵀr = 0 their conjugate needs. So are those with negligible weights
    /// (``projects(_:_:_:l1:l2:)``; a factor of 5e-324): cⱼ²/(2μⱼ) turns the rounding of cⱼ
    /// into 1e290, while x̃ⱼᵀr = 0 costs the dual at most λⱼ|wⱼ| + ½μⱼwⱼ².
    @inlinable
    init?<T: BinaryFloatingPoint>(
        _ data: CenteredDesign<T>, penaltyFactor pf: UnsafePointer<Double>?, alpha: Double = 1,
        l1: Double? = nil, l2: Double? = nil
    ) throws(SwiftRegError) {
        let p = data.p
        let features = try Self.features(data, penaltyFactor: pf, alpha: alpha, l1: l1, l2: l2)
        if features.isEmpty { return nil }
        self.features = features
        self.p = p
        let m = features.count
        gram = try WorkBuffer<Double>(count: Allocation.cells(p, m))
        for (k, j) in features.enumerated() {
            for i in 0..<p { gram[k * p + i] = data.gram(i, j) }
        }
        qF = try Allocation.array(count: m) { data.dot(features[$0], data.y) }
        u = try WorkBuffer<Double>(count: p)
        factor = try UpdatableCholesky(limit: m)
        try factor.grow(to: m)   // full size now: ``project`` cannot fail
        scratch = try WorkBuffer<Double>(count: 2 * (m + 1))
        chosen = try WorkBuffer<Bool>(count: m)
        try Allocation.reserve(&used, m)
    }

    /// The features the initialiser projects out, increasing (empty for none).
    @inlinable
    static func features<T: BinaryFloatingPoint>(
        _ data: CenteredDesign<T>, penaltyFactor pf: UnsafePointer<Double>?, alpha: Double = 1,
        l1: Double? = nil, l2: Double? = nil
    ) throws(SwiftRegError) -> [Int] {
        let p = data.p
        let all = (alpha == 0 || (pf == nil && weightless(0, data, pf, l1: l1, l2: l2))) && p <= unpenalisedLimit
        guard pf != nil || all || (l1 != nil && l2 != nil) else { return [] }
        var features: [Int] = []
        try Allocation.reserve(&features, p)
        // (at most ``unpenalisedLimit`` negligible ones beside those with fⱼ = 0: the factor
        // is |F|², the Gram columns p·|F|)
        var negligible = 0
        for j in 0..<p where data.columnNormSq[j] > 0 {
            if all || pf?[j] == 0 {
                features.append(j)
            } else if negligible < unpenalisedLimit && projects(j, data, pf, l1: l1, l2: l2) {
                negligible += 1
                features.append(j)
            }
        }
        return features
    }

    /// Whether feature j's weights at (l1, l2) both underflow to 0.
    @inlinable
    static func weightless<T: BinaryFloatingPoint>(
        _ j: Int, _ data: CenteredDesign<T>, _ pf: UnsafePointer<Double>?, l1: Double?, l2: Double?
    ) -> Bool {
        guard let l1, let l2 else { return false }
        let f = pf?[j] ?? 1
        return l1 * f == 0 && l2 * f == 0
    }

    /// Whether the projection made at (l1, l2) projects feature j out: fⱼ = 0, or μⱼ at most 1e-12·‖x̃ⱼ‖² and λⱼ at most 1e-12·‖x̃ⱼ‖·‖ỹ‖ (the largest
    /// |x̃ⱼᵀr| at w = 0; a factor of 2.2e-308 at α = 1e-3 left the dual point shrunk to 0).
    @inlinable
    static func projects<T: BinaryFloatingPoint>(
        _ j: Int, _ data: CenteredDesign<T>, _ pf: UnsafePointer<Double>?, l1: Double?, l2: Double?
    ) -> Bool {
        let f = pf?[j] ?? 1
        if f == 0 { return true }
        guard let l1, let l2 else { return false }
        let d = data.columnNormSq[j], scale = d.squareRoot() * data.yNormSq.squareRoot()
        // (an overflowing ‖x̃ⱼ‖² or ‖ỹ‖² makes nothing negligible: the fit then reports it)
        guard d.isFinite && scale.isFinite else { return false }
        return l2 * f <= 1e-12 * d && l1 * f <= 1e-12 * scale
    }

    /// From statistics computed elsewhere: `gram` (p × m, column k = X̃ᵀx̃ⱼ for the k-th
    /// feature of `features`) and `q` (x̃ⱼᵀỹ for those); nil when `features` is empty.
    @inlinable
    init?(features: [Int], p: Int, gram g: UnsafePointer<Double>, q: UnsafePointer<Double>) throws(SwiftRegError) {
        if features.isEmpty { return nil }
        self.features = features
        self.p = p
        let m = features.count
        gram = try WorkBuffer<Double>(count: Allocation.cells(p, m))
        gram.base.update(from: g, count: p * m)
        qF = try Allocation.copy(UnsafeBufferPointer(start: q, count: m))
        u = try WorkBuffer<Double>(count: p)
        factor = try UpdatableCholesky(limit: m)
        try factor.grow(to: m)   // full size now: ``project`` cannot fail
        scratch = try WorkBuffer<Double>(count: 2 * (m + 1))
        chosen = try WorkBuffer<Bool>(count: m)
        try Allocation.reserve(&used, m)
    }

    /// Fills ``u`` and returns (‖r′‖², r′ᵀỹ).
    @inlinable
    func project(
        c: UnsafePointer<Double>, w: UnsafePointer<Double>, residualNormSq rr: Double, residualDotY ry: Double,
        positive: Bool
    ) -> (Double, Double) {
        let m = features.count
        let chosen = self.chosen
        for k in 0..<m { chosen[k] = !positive || w[features[k]] != 0 || c[features[k]] > 0 }
        var result = (rr, ry)
        for _ in 0...m {
            factor.clear()
            used.removeAll(keepingCapacity: true)
            let col = scratch.base, z = scratch.base + (m + 1)
            for k in 0..<m where chosen[k] {
                for (i, a) in used.enumerated() { col[i] = gram[k * p + features[a]] }
                col[used.count] = gram[k * p + features[k]]
                if (try? factor.append(col)) == true { used.append(k) }
            }
            for (i, k) in used.enumerated() { z[i] = c[features[k]] }
            factor.solve(z)
            var zc = 0.0, zq = 0.0
            for (i, k) in used.enumerated() { zc += z[i] * c[features[k]]; zq += z[i] * qF[k] }
            for j in 0..<p { u[j] = c[j] }
            for (i, k) in used.enumerated() {
                let g = gram.base + k * p, zi = z[i]
                for j in 0..<p { u[j] -= zi * g[j] }
            }
            for k in used { u[features[k]] = 0 }
            result = (Swift.max(0, rr - zc), ry - zq)
            // Under `positive`, an unprojected column of F needs x̃ⱼᵀθ ≤ 0.
            var more = false
            for k in 0..<m where !chosen[k] && u[features[k]] > 0 { chosen[k] = true; more = true }
            if !more { break }
        }
        return result
    }
}
