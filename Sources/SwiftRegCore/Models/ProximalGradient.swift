/// FISTA (Beck & Teboulle 2009) with backtracking, for the elastic net in the internal
/// scaling of ``DualityGap``: f(w) = ½‖ỹ − X̃w‖², g(w) = Σⱼ fⱼ·φ(wⱼ), φ = ``ElasticNetPenalty``(l1, l2/2).
///
///     x⁺ = prox_{g/L}(y + X̃ᵀr(y)/L)                (projected onto w ≥ 0 under `positive`)
///     L ← 2L until f(x⁺) ≤ f(y) − c(y)ᵀ(x⁺ − y) + (L/2)‖x⁺ − y‖²
///     t⁺ = (1 + √(1 + 4t²))/2,  y ← x⁺ + ((t − 1)/t⁺)(x⁺ − x)
///
/// in the variables vⱼ = √dⱼ·wⱼ, dⱼ = ‖x̃ⱼ‖² (steps 1/(L·dⱼ) per coordinate, ‖x⁺ − y‖² weighted
/// by dⱼ), with L starting at 1 (a lower bound of ‖X̃D^{-1/2}‖²) and the momentum restarted
/// whenever it points uphill (O'Donoghue & Candès 2015). The residual and X̃ᵀr of y follow
/// from those of the iterates by linearity, so one iteration costs one X̃·v and one X̃ᵀ·v
/// (plus one X̃·v per backtracking step). The duality gap is checked at every iterate.
@usableFromInline
enum ProximalGradient {
    @inlinable
    static func minimize<T: BinaryFloatingPoint>(
        data: CenteredDesign<T>, w: WorkBuffer<Double>, penaltyFactor pf: UnsafePointer<Double>?,
        alpha: Double, l1Ratio: Double, positive: Bool, maxIter: Int, tol: Double
    ) throws(SwiftRegError) -> (iterations: Int, gap: Double, converged: Bool) {
        let n = data.n, p = data.p, s = data.weightSum
        let l1 = alpha * l1Ratio * s, l2 = alpha * (1 - l1Ratio) * s
        let penalty = try OverflowGuard.penalty(l1: l1, l2: l2 / 2)
        let tolGap = OverflowGuard.tolerance(tol, data.yNormSq)
        let x = w.base
        let rx = try WorkBuffer<Double>(count: n), cx = try WorkBuffer<Double>(count: p)
        let yk = try WorkBuffer<Double>(count: p), ry = try WorkBuffer<Double>(count: n), cy = try WorkBuffer<Double>(count: p)
        let xn = try WorkBuffer<Double>(count: p), rn = try WorkBuffer<Double>(count: n), cn = try WorkBuffer<Double>(count: p)

        let unpenalised = try UnpenalisedProjection(
            data, penaltyFactor: pf, alpha: alpha, l1: alpha * l1Ratio * s, l2: alpha * (1 - l1Ratio) * s)
        let dataX = try data.explicitX()
        // A tiny α: the residual projected onto the complement of every column certifies
        // (as in coordinate descent; p ≤ 512), built the first time it is needed.
        var all: UnpenalisedProjection?? = nil
        func gapAt(_ w: UnsafePointer<Double>, _ r: UnsafePointer<Double>, _ c: UnsafePointer<Double>) throws(SwiftRegError) -> Double {
            let rr = ColumnKernels.dot(r, r, n), ry = ColumnKernels.dot(r, data.y, n)
            let gap = DualityGap.elasticNet(
                c: c, w: w, p: p, residualNormSq: rr, residualDotY: ry, l1: l1, l2: l2, penaltyFactor: pf, positive: positive,
                columnNormSq: data.columnNormSq.base, unpenalised: unpenalised)
            guard gap > tolGap, alpha > 0, p <= UnpenalisedProjection.unpenalisedLimit,
                  DualityGap.tinyPenalty(c: c, p: p, l1: l1, l2: l2, penaltyFactor: pf, columnNormSq: data.columnNormSq.base)
            else { return gap }
            if all == nil { all = .some(try UnpenalisedProjection(data, penaltyFactor: pf, alpha: 0)) }
            guard let projection = all ?? nil else { return gap }
            return Swift.min(gap, DualityGap.projected(
                c: c, w: w, p: p, residualNormSq: rr, residualDotY: ry, l1: l1, l2: l2, penaltyFactor: pf,
                positive: positive, projection: projection, columnNormSq: data.columnNormSq.base))
        }

        ColumnKernels.residual(dataX, n, p, data.y, UnsafePointer(x), rx.base)
        ColumnKernels.transposedProduct(dataX, n, p, UnsafePointer(rx.base), cx.base)
        var gap = try gapAt(UnsafePointer(x), UnsafePointer(rx.base), UnsafePointer(cx.base))
        if gap <= tolGap || p == 0 { return (0, gap, gap <= tolGap) }
        yk.base.update(from: x, count: p)
        ry.base.update(from: rx.base, count: n)
        cy.base.update(from: cx.base, count: p)
        // Diagonally preconditioned by dⱼ = ‖x̃ⱼ‖² (FISTA on vⱼ = √dⱼ·wⱼ, whose columns have norm
        // 1): columns of very different scales converge alike. L starts at 1, a lower bound of
        // the normalised ‖X̃D^{-1/2}‖².
        let d = data.columnNormSq.base
        var lipschitz = 0.0
        for j in 0..<p where d[j] > 0 { lipschitz = 1 }
        if lipschitz == 0 { return (0, gap, gap <= tolGap) }
        var t = 1.0
        var iterations = 0
        while iterations < maxIter {
            try data.interrupt.check()
            iterations += 1
            let fy = 0.5 * ColumnKernels.dot(ry.base, ry.base, n)
            var fn = 0.0
            while true {
                try data.interrupt.check()   // backtracking can take many steps near rounding level
                for j in 0..<p {
                    guard d[j] > 0 else { xn[j] = 0; continue }
                    let step = 1 / (lipschitz * d[j])
                    var v = penalty.proximal(yk[j] + step * cy[j], step: step * (pf?[j] ?? 1))
                    if positive && v < 0 { v = 0 }
                    xn[j] = v
                }
                ColumnKernels.residual(dataX, n, p, data.y, UnsafePointer(xn.base), rn.base)
                fn = 0.5 * ColumnKernels.dot(rn.base, rn.base, n)
                var lin = 0.0, quad = 0.0
                for j in 0..<p {
                    let dj = xn[j] - yk[j]
                    lin += cy[j] * dj
                    quad += d[j] * dj * dj
                }
                let bound = fy - lin + 0.5 * lipschitz * quad
                if fn <= bound + 1e-15 * Swift.max(fy, 1e-300) || lipschitz > 1e300 { break }
                lipschitz *= 2
            }
            ColumnKernels.transposedProduct(dataX, n, p, UnsafePointer(rn.base), cn.base)
            gap = try gapAt(UnsafePointer(xn.base), UnsafePointer(rn.base), UnsafePointer(cn.base))
            // Momentum, restarted when (y − x⁺)·(x⁺ − x) > 0.
            var uphill = 0.0
            for j in 0..<p { uphill += d[j] * (yk[j] - xn[j]) * (xn[j] - x[j]) }
            let tn = uphill > 0 ? 1.0 : (1 + (1 + 4 * t * t).squareRoot()) / 2
            let beta = uphill > 0 ? 0.0 : (t - 1) / tn
            t = tn
            for j in 0..<p {
                yk[j] = xn[j] + beta * (xn[j] - x[j])
                cy[j] = cn[j] + beta * (cn[j] - cx[j])
            }
            for i in 0..<n { ry[i] = rn[i] + beta * (rn[i] - rx[i]) }
            x.update(from: xn.base, count: p)
            rx.base.update(from: rn.base, count: n)
            cx.base.update(from: cn.base, count: p)
            if gap <= tolGap { return (iterations, gap, true) }
        }
        return (iterations, gap, false)
    }
}
