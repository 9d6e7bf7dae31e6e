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
/// * else (unpenalised features, fⱼ = 0): scikit-learn's formula over the features with
///   λⱼ > 0, plus Σ cⱼ²/dⱼ over the others (twice the decrease one exact coordinate step on
///   each would give; 0 exactly at the optimum). This is a convergence measure that vanishes
///   at the optimum, not a strict bound on the suboptimality.
@usableFromInline
enum DualityGap {
    @inlinable
    static func elasticNet(
        c: UnsafePointer<Double>, w: UnsafePointer<Double>, p: Int, residualNormSq rr: Double,
        residualDotY ry: Double, l1: Double, l2: Double, penaltyFactor pf: UnsafePointer<Double>?,
        positive: Bool, columnNormSq d: UnsafePointer<Double>
    ) -> Double {
        var scale = 0.0, l1Norm = 0.0, l2Norm = 0.0, conjugate = 0.0, stationarity = 0.0
        var allL1 = true, allL2 = true
        for j in 0..<p {
            let f = pf?[j] ?? 1, wj = w[j]
            let lambda = l1 * f, mu = l2 * f
            let a = c[j] - mu * wj
            if lambda > 0 {
                scale = Swift.max(scale, (positive ? a : abs(a)) / lambda)
            } else {
                allL1 = false
                if d[j] > 0 { stationarity += a * a / (d[j] + mu) }
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
        if !allL1 && allL2 {
            return rr - ry + l1 * l1Norm + 0.5 * l2 * l2Norm + conjugate
        }
        let kappa = scale > 1 ? 1 / scale : 1
        let k2 = kappa * kappa
        let gap = 0.5 * (1 + k2) * rr + l1 * l1Norm + 0.5 * l2 * (1 + k2) * l2Norm - kappa * ry
        return allL1 ? gap : gap + stationarity
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
