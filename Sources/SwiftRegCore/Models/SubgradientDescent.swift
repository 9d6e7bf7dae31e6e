/// The plain subgradient method with the textbook update rule (``UpdateSteps/subgradient``):
///
///     w ← w − lr·(g + l1·sign(w) + 2·l2·w),   l1 = α·ρ,  l2 = α·(1 − ρ)/2
///
/// where g = −X̃ᵀr/S is the gradient of the data term (1/(2S))·Σsᵢ(yᵢ − xᵢ·w − b)², so the
/// penalty l1‖w‖₁ + l2‖w‖² is the elastic net's α(ρ‖w‖₁ + ½(1 − ρ)‖w‖²). With penalty
/// factors each penalty term is multiplied by fⱼ. Under `positive`, w is clipped to ≥ 0 after
/// each step (projected subgradient).
///
/// It is kept to show what the proximal and coordinate-descent solvers avoid: with a fixed
/// step a weight whose optimum is 0 jumps across 0 and oscillates within about lr·l1 of it,
/// so the weights are small but **never exactly zero**, and the duality gap stalls at a level
/// set by lr (it rarely meets a tight `tol`). The default step is lr = 1/L, L = λ_max(X̃ᵀX̃)/S.
@usableFromInline
enum SubgradientDescent {
    @inlinable
    static func minimize<T: BinaryFloatingPoint>(
        data: CenteredDesign<T>, w: WorkBuffer<Double>, penaltyFactor pf: UnsafePointer<Double>?,
        alpha: Double, l1Ratio: Double, positive: Bool, learningRate: Double, maxIter: Int, tol: Double
    ) throws(SwiftRegError) -> (iterations: Int, gap: Double, converged: Bool) {
        let n = data.n, p = data.p, s = data.weightSum
        let penalty = try ElasticNetPenalty(l1: alpha * l1Ratio, l2: alpha * (1 - l1Ratio) / 2)
        var lr = learningRate
        let dataX = try data.explicitX()
        if lr == 0 {
            let l = try ColumnKernels.largestEigenvalue(dataX, n, p, interrupt: data.interrupt) / s
            lr = l > 0 ? 1 / l : 1
            // 1/L underflows to 0 (or L overflows) only for data whose products overflow.
            guard lr.isFinite, lr > 0 else { throw .overflow(argument: OverflowGuard.data) }
        }
        let tolGap = OverflowGuard.tolerance(tol, data.yNormSq)
        let r = try WorkBuffer<Double>(count: n), c = try WorkBuffer<Double>(count: p)
        let g = try WorkBuffer<Double>(count: p)
        let wb = UnsafeMutableBufferPointer(start: w.base, count: p)

        let unpenalised = try UnpenalisedProjection(
            data, penaltyFactor: pf, alpha: alpha, l1: alpha * l1Ratio * s, l2: alpha * (1 - l1Ratio) * s)
        func gapNow() -> Double {
            ColumnKernels.residual(dataX, n, p, data.y, UnsafePointer(w.base), r.base)
            ColumnKernels.transposedProduct(dataX, n, p, UnsafePointer(r.base), c.base)
            return DualityGap.elasticNet(
                c: UnsafePointer(c.base), w: UnsafePointer(w.base), p: p,
                residualNormSq: ColumnKernels.dot(r.base, r.base, n), residualDotY: ColumnKernels.dot(r.base, data.y, n),
                l1: alpha * l1Ratio * s, l2: alpha * (1 - l1Ratio) * s, penaltyFactor: pf, positive: positive,
                columnNormSq: data.columnNormSq.base, unpenalised: unpenalised)
        }

        // The method is not a descent method: the best iterate seen (smallest P) is kept, and
        // returned when the last is worse (a step too large for the data diverges).
        func primalNow() -> Double {   // S times the objective, at w (r from gapNow())
            0.5 * ColumnKernels.dot(r.base, r.base, n) + s * blockSum(0, p) { (pf?[$0] ?? 1) * penalty.term(w[$0]) }
        }
        var gap = gapNow()
        let best = try WorkBuffer<Double>(count: p)
        best.base.update(from: w.base, count: p)
        var bestPrimal = primalNow(), bestGap = gap
        var iterations = 0
        while iterations < maxIter && gap > tolGap {
            try data.interrupt.check()
            for j in 0..<p { g[j] = -c[j] / s }
            if let pf {
                for j in 0..<p { w[j] -= lr * (g[j] + pf[j] * penalty.derivative(w[j])) }
            } else {
                try UpdateSteps.subgradient(
                    w: UnsafeBufferPointer(wb), grad: UnsafeBufferPointer(start: g.base, count: p),
                    lr: lr, penalty: penalty, out: wb)
            }
            if positive { for j in 0..<p where w[j] < 0 { w[j] = 0 } }
            iterations += 1
            var finite = true
            for j in 0..<p where !w[j].isFinite { finite = false }
            if !finite { break }
            gap = gapNow()
            let primal = primalNow()
            if primal.isFinite && primal < bestPrimal {
                bestPrimal = primal
                bestGap = gap
                best.base.update(from: w.base, count: p)
            } else if !primal.isFinite {
                break
            }
        }
        let last = primalNow()
        if !(last.isFinite && last <= bestPrimal) {
            w.base.update(from: best.base, count: p)
            gap = bestGap
        }
        return (iterations, gap, gap <= tolGap)
    }
}
