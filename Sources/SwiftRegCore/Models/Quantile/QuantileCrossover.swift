/// The crossover of ``QuantileSolver``'s LP: from the interior point to a vertex whose
/// optimality is certified.
///
/// Twice the scaled objective is Σᵢ |r̂ᵢ| + qᵢ·r̂ᵢ (qᵢ = 2τᵢ − 1, r̂ = ŷ − Âβ): the absolute
/// loss plus a linear term. At a vertex (k basis rows h with r̂_h = 0) the subgradient of
/// |r| + qr at 0 is qᵢ + [−1, 1], so β is optimal exactly when the multipliers d̃ of
///
///     Â_hᵀ·d̃ = −Σ_{i∉h} sᵢ·âᵢ − Σ_all qᵢ·âᵢ,    sᵢ = sign(r̂ᵢ) (0 for an exact zero)
///
/// satisfy |d̃ᵢ| ≤ 1: that is each basis multiplier qᵢ + d̃ᵢ = 2d̂ᵢ inside its row's interval
/// [2τᵢ − 2, 2τᵢ]. The interval of every row is thus shifted to [−1, 1], and the symmetric
/// machinery carries over unchanged: a row with |d̃| > 1 leaves, along the edge with slope
/// 1 − |d̃_ℓ| (+ Σ|cᵢ| over zero rows); the linear term adds no breakpoint, so the exact line
/// search over the breakpoints r̂ᵢ/cᵢ (each adds 2|cᵢ| to the slope) is that of the absolute
/// loss (Barrodale–Roberts). The row duals of the certified vertex are d̂ᵢ = (qᵢ + d̃ᵢ)/2 on the
/// basis and (qᵢ + sᵢ)/2 off it: a dual point for ``GeneralDualGap`` with gap ~0.
extension QuantileWorkspace {
    /// Tolerance of the certificate: |d̃ⱼ| ≤ 1 + this.
    static var dualTolerance: Double { 1e-9 }

    /// The result of the crossover; `duals` (m) holds d̂ when certified.
    struct Crossover {
        var pivots: Int
        var certified: Bool
        var maxDual: Double
    }

    /// Row `id` as a k-vector: a data row, a penalty row h·e_c, or (id ≥ m) an artificial
    /// row e_{id−m} that fixes a coefficient a rank-deficient design leaves free.
    private func row(_ id: Int, _ out: UnsafeMutablePointer<Double>) {
        for c in 0..<k { out[c] = 0 }
        if id < n {
            for c in 0..<k { out[c] = P.entry(id, c) }
        } else if id < m {
            out[P.penaltyColumn[id - n]] = P.h[id]
        } else {
            out[id - m] = 1
        }
    }

    /// Picks k independent rows, preferring small |residual|: the candidate basis. For a wide
    /// design, rows of the same kind structured: the penalty rows among the k rows of smallest
    /// |residual| fix their columns; data rows (by |residual|) independent on the other columns
    /// are taken, as many as those columns' rank; the columns left over (the unconstrained first
    /// kept free, then by decreasing |β|) are fixed by their penalty row or an artificial one.
    private func initialBasis() throws(SwiftRegError) -> [Int] {
        if wide { return try wideInitialBasis() }
        let order = try WorkBuffer<Int>(count: m)
        for i in 0..<m { order[i] = i }
        let rr = r
        var orderView = UnsafeMutableBufferPointer(start: order.base, count: m)
        try Allocation.probeSort(m, of: Int.self)
        orderView.sort {
            let a = abs(rr[$0]), b = abs(rr[$1])
            return a < b || (a == b && $0 < $1)
        }
        var basis: [Int] = []
        try Allocation.reserve(&basis, k)
        let q = try WorkBuffer<Double>(count: k * k)  // orthonormal rows
        let w = try WorkBuffer<Double>(count: k)
        func tryAdd(_ id: Int) {
            row(id, w.base)
            var norm0 = 0.0
            for c in 0..<k { norm0 += w[c] * w[c] }
            if norm0 == 0 { return }
            for _ in 0..<2 {  // Gram–Schmidt, twice for stability
                for b in 0..<basis.count {
                    let qb = q.base + b * k
                    var proj = 0.0
                    for c in 0..<k { proj += qb[c] * w[c] }
                    for c in 0..<k { w[c] -= proj * qb[c] }
                }
            }
            var norm = 0.0
            for c in 0..<k { norm += w[c] * w[c] }
            guard norm > 1e-16 * norm0 else { return }
            let inv = 1 / norm.squareRoot()
            let qb = q.base + basis.count * k
            for c in 0..<k { qb[c] = w[c] * inv }
            basis.append(id)
        }
        for j in 0..<m where basis.count < k { tryAdd(order[j]) }
        for c in 0..<k where basis.count < k { tryAdd(m + c) }  // rank-deficient design
        return basis
    }

    private func wideInitialBasis() throws(SwiftRegError) -> [Int] {
        let order = try WorkBuffer<Int>(count: m)
        for i in 0..<m { order[i] = i }
        let rr = r
        var orderView = UnsafeMutableBufferPointer(start: order.base, count: m)
        orderView.sort {
            let a = abs(rr[$0]), b = abs(rr[$1])
            return a < b || (a == b && $0 < $1)
        }
        // Columns fixed by the penalty rows among the first k.
        let penaltyRowOf = try WorkBuffer<Int>(repeating: -1, count: k)
        for j in 0..<P.np { penaltyRowOf[P.penaltyColumn[j]] = n + j }
        let fixed = try WorkBuffer<Bool>(repeating: false, count: k)
        for j in 0..<k where order[j] >= n { fixed[P.penaltyColumn[order[j] - n]] = true }
        var free: [Int] = []
        for c in 0..<k where !fixed[c] { free.append(c) }
        let nf = free.count
        // Data rows independent on the free columns (Gram–Schmidt on rows of length nf).
        let cap = Swift.min(n, nf)
        let qRows = try WorkBuffer<Double>(count: Swift.max(cap * nf, 1)), w = try WorkBuffer<Double>(count: Swift.max(nf, 1))
        var rows: [Int] = []
        for j in 0..<m where rows.count < cap {
            let id = order[j]
            guard id < n else { continue }
            var norm0 = 0.0
            for (f, c) in free.enumerated() { let e = P.a[id + c * n]; w[f] = e; norm0 += e * e }
            if norm0 == 0 { continue }
            for _ in 0..<2 {
                for b in 0..<rows.count {
                    let qb = qRows.base + b * nf
                    var proj = 0.0
                    for f in 0..<nf { proj += qb[f] * w[f] }
                    for f in 0..<nf { w[f] -= proj * qb[f] }
                }
            }
            var norm = 0.0
            for f in 0..<nf { norm += w[f] * w[f] }
            guard norm > 1e-16 * norm0 else { continue }
            let inv = 1 / norm.squareRoot(), qb = qRows.base + rows.count * nf
            for f in 0..<nf { qb[f] = w[f] * inv }
            rows.append(id)
        }
        // Keep `rows.count` independent free columns (on the chosen rows), preferring the
        // unconstrained ones, then large |β|.
        let nr = rows.count
        var priority = free
        priority.sort { a, b in
            let ua = P.unconstrained[a], ub = P.unconstrained[b]
            if ua != ub { return ua }
            let ba = abs(beta[a]), bb = abs(beta[b])
            return ba > bb || (ba == bb && a < b)
        }
        let qCols = try WorkBuffer<Double>(count: Swift.max(nr * nr, 1)), v = try WorkBuffer<Double>(count: Swift.max(nr, 1))
        var keep = 0
        for c in priority {
            if keep == nr { fixed[c] = true; continue }
            var norm0 = 0.0
            for (l, id) in rows.enumerated() { let e = P.a[id + c * n]; v[l] = e; norm0 += e * e }
            if norm0 > 0 {
                for _ in 0..<2 {
                    for b in 0..<keep {
                        let qb = qCols.base + b * nr
                        var proj = 0.0
                        for l in 0..<nr { proj += qb[l] * v[l] }
                        for l in 0..<nr { v[l] -= proj * qb[l] }
                    }
                }
            }
            var norm = 0.0
            for l in 0..<nr { norm += v[l] * v[l] }
            if norm0 > 0 && norm > 1e-16 * norm0 {
                let inv = 1 / norm.squareRoot(), qb = qCols.base + keep * nr
                for l in 0..<nr { qb[l] = v[l] * inv }
                keep += 1
            } else {
                fixed[c] = true
            }
        }
        var basis = rows
        for c in 0..<k where fixed[c] { basis.append(penaltyRowOf[c] >= 0 ? penaltyRowOf[c] : m + c) }
        return basis
    }

    /// Response of row `i`, perturbed by `scale`·uᵢ with a fixed pseudo-random uᵢ ∈ ±[0.5, 1):
    /// distinct tiny shifts make every vertex non-degenerate.
    private func response(_ i: Int, perturbation scale: Double) -> Double {
        let base = yhat[i]
        if scale == 0 { return base }
        var h = UInt64(truncatingIfNeeded: i) &+ 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        let u = 0.5 + Double(h >> 12) / 9_007_199_254_740_992  // [0.5, 1)
        return base + (h & 1 == 0 ? u : -u) * scale * (i < n ? abs(base) + 1 : 1)
    }

    /// Moves β (the interior point's) to a certified vertex if it can within `budget` pivots;
    /// on success `duals` (m) receives the row duals d̂. Uses r, t, dz, dv, rho as scratch.
    func crossover(budget: Int, duals: UnsafeMutablePointer<Double>) throws(SwiftRegError) -> Crossover {
        let ipmBeta = try WorkBuffer<Double>(count: k)
        ipmBeta.base.update(from: beta.base, count: k)
        residuals()
        var ipmObjective = 0.0
        for i in 0..<m { ipmObjective += abs(r[i]) + P.q[i] * r[i] }

        // Pivots run on responses perturbed by ~1e-8 (relative to the mean |ŷ|): ties in the
        // data (integer responses) otherwise make vertices degenerate and the pivots cycle.
        var meanAbsY = 0.0
        for i in 0..<n { meanAbsY += abs(yhat[i]) }
        meanAbsY /= Double(Swift.max(n, 1))
        let eps = 1e-8 * Swift.max(meanAbsY, Double.leastNormalMagnitude)
        let yp = try WorkBuffer<Double>(count: m), y0 = try WorkBuffer<Double>(count: m)
        for i in 0..<m { yp[i] = response(i, perturbation: eps); y0[i] = response(i, perturbation: 0) }

        var basis = try initialBasis()
        let kmax = Swift.min(k, n)
        let lu = try WorkBuffer<Double>(count: Swift.max(kmax * kmax, 1))
        let positionOf = try WorkBuffer<Int>(repeating: -1, count: m + k)
        let fixedColumn = try WorkBuffer<Bool>(repeating: false, count: k)
        let piv = try WorkBuffer<Int>(count: k)
        let work = try WorkBuffer<Double>(count: k)
        let dB = try WorkBuffer<Double>(count: k)       // multipliers of the basis data rows
        let delta = try WorkBuffer<Double>(count: k)
        let signs = try WorkBuffer<Double>(count: m)
        let gvec = rho                                   // signs + q (m)
        let cdir = dz                                    // Â·δ (m)
        let zeroTol = dv                                 // per-row "residual is zero" tolerance
        let inBasis = try WorkBuffer<Bool>(repeating: false, count: m)
        let points = try WorkBuffer<(tau: Double, weight: Double, id: Int)>(count: m)
        var dataRows: [Int] = [], free: [Int] = [], kf = 0
        let pc = P.penaltyColumn

        /// Factors the basis matrix Â_{D,F} (data rows × free columns).
        func factorBasis() -> Bool {
            dataRows = []
            for c in 0..<k { fixedColumn[c] = false }
            for id in basis {
                if id < n { dataRows.append(id) } else { fixedColumn[id < m ? pc[id - n] : id - m] = true }
            }
            free = []
            for c in 0..<k where !fixedColumn[c] { free.append(c) }
            kf = free.count
            guard kf == dataRows.count, kf <= kmax else { return false }
            for (l, id) in dataRows.enumerated() {
                for (f, c) in free.enumerated() { lu[l + f * kf] = P.entry(id, c) }
            }
            for i in 0..<m { inBasis[i] = false }
            for id in basis where id < m { inBasis[id] = true }
            return QuantileLU.luFactor(lu.base, kf, piv.base)
        }

        /// β on the vertex for responses `ys`: penalty rows fix their coefficient (h·β_c = ys),
        /// artificial rows fix it at 0, the data rows are interpolated; then r = ys − Â·β, with
        /// r = 0 exactly on the basis, the zero tolerances, and the objective Σ|r| + q·r.
        func vertex(_ ys: UnsafePointer<Double>, zeroFactor: Double) -> Double {
            for c in 0..<k { beta[c] = 0 }
            for id in basis where id >= n && id < m { beta[pc[id - n]] = ys[id] / P.h[id] }
            P.apply(UnsafePointer(beta.base), r.base)   // the fixed columns' part
            for (l, id) in dataRows.enumerated() { work[l] = ys[id] - r[id] }
            QuantileLU.luSolve(lu.base, kf, piv.base, work.base)
            for (f, c) in free.enumerated() { beta[c] = work[f] }
            P.apply(UnsafePointer(beta.base), r.base)
            var objective = 0.0
            for i in 0..<m {
                let fitted = r[i]
                r[i] = inBasis[i] ? 0 : ys[i] - fitted
                // |r| below `zeroFactor` of the row's scale counts as an exact zero: 1e-12 for
                // the original responses, 1e-14 (round-off only) for the perturbed ones.
                zeroTol[i] = zeroFactor * (abs(ys[i]) + abs(fitted))
                objective += abs(r[i]) + P.q[i] * r[i]
            }
            return objective
        }

        /// The multipliers d̃ of the basis rows (by basis position; artificial rows 0), from
        /// Â_hᵀ·d̃ = −Âᵀ(s + q).
        func basisDuals() -> [Double] {
            for i in 0..<m { gvec[i] = signs[i] + P.q[i] }
            P.applyTransposed(UnsafePointer(gvec.base), rhs.base)
            for (f, c) in free.enumerated() { dB[f] = -rhs[c] }
            QuantileLU.luSolveTransposed(lu.base, kf, piv.base, dB.base)
            var result = [Double](repeating: 0, count: k)
            for (pos, id) in basis.enumerated() { positionOf[id] = pos }
            for (l, id) in dataRows.enumerated() { result[positionOf[id]] = dB[l] }
            for (pos, id) in basis.enumerated() where id >= n && id < m {
                let c = pc[id - n]  // penalty row: d̃ = (−g_c − Â_{D,c}ᵀ·d̃_D)/h
                var sum = -rhs[c]
                for (l, rid) in dataRows.enumerated() { sum -= P.entry(rid, c) * dB[l] }
                result[pos] = sum / P.h[id]
            }
            return result
        }

        var bestBasis = basis, bestObjective = Double.infinity
        var pivots = 0, certified = false, maxDual = Double.infinity
        var degenerateRun = 0, lastObjective = Double.infinity

        while true {
            try P.interrupt.check()
            guard factorBasis() else { break }  // singular: keep the best so far
            let objective = vertex(UnsafePointer(yp.base), zeroFactor: 1e-14)
            // A pivot that does not lower the objective beyond round-off counts as degenerate.
            degenerateRun = objective < lastObjective - 1e-13 * abs(lastObjective) ? 0 : degenerateRun + 1
            lastObjective = objective
            if objective < bestObjective { bestBasis = basis; bestObjective = objective }
            for i in 0..<m {
                let ri = r[i]
                signs[i] = (inBasis[i] || abs(ri) <= zeroTol[i]) ? 0 : (ri > 0 ? 1 : -1)
            }
            let duals = basisDuals()

            // The leaving row: the most violated one, or, after a run of degenerate pivots, the
            // violated one of smallest id (Bland's rule, against cycling).
            var worst = 0.0, leaving = -1
            let bland = degenerateRun > 2 * k
            for (pos, id) in basis.enumerated() where id < m {
                let a = abs(duals[pos])
                if bland {
                    if a > 1 + Self.dualTolerance && (leaving < 0 || id < basis[leaving]) { leaving = pos }
                } else if a > worst {
                    leaving = pos
                }
                worst = Swift.max(worst, a)
            }
            maxDual = worst
            if worst <= 1 + Self.dualTolerance {
                certified = true
                bestBasis = basis
                break
            }
            if pivots >= budget { break }
            let leavingDual = duals[leaving]

            // Edge direction δ: Â_h·δ = σ·e_leaving, σ = −sign(d̃_leaving); slope 1 − |d̃| < 0.
            let sigma: Double = leavingDual > 0 ? -1 : 1
            let leavingId = basis[leaving]
            for c in 0..<k { delta[c] = 0 }
            if leavingId < n {
                let pos = dataRows.firstIndex(of: leavingId)!
                for l in 0..<kf { work[l] = l == pos ? sigma : 0 }
            } else {
                let c = pc[leavingId - n]
                delta[c] = sigma / P.h[leavingId]
                for (l, id) in dataRows.enumerated() { work[l] = -P.entry(id, c) * delta[c] }
            }
            QuantileLU.luSolve(lu.base, kf, piv.base, work.base)
            for (f, c) in free.enumerated() { delta[c] = work[f] }
            P.apply(UnsafePointer(delta.base), cdir.base)

            // Exact line search on Σ|rᵢ − θ·cᵢ| (+ the linear term, no breakpoints): the
            // breakpoints in order until the slope ≥ 0.
            var count = 0
            for i in 0..<m where !inBasis[i] {
                let ci = cdir[i]
                if ci == 0 { continue }
                if signs[i] == 0 {
                    points[count] = (0, abs(ci), i); count += 1
                } else {
                    let theta = r[i] / ci
                    if theta > 0 { points[count] = (theta, 2 * abs(ci), i); count += 1 }
                }
            }
            var pointView = UnsafeMutableBufferPointer(start: points.base, count: count)
            try Allocation.probeSort(count, of: (tau: Double, weight: Double, id: Int).self)
            pointView.sort {
                $0.tau < $1.tau || ($0.tau == $1.tau && $0.id < $1.id)
            }
            var slope = 1 - abs(leavingDual)
            var entering = -1
            for j in 0..<count {
                slope += points[j].weight
                if slope >= 0 { entering = points[j].id; break }
            }
            if entering < 0 { break }  // cannot happen for a bounded LP; keep the best so far
            basis[leaving] = entering
            pivots += 1
        }

        // The final basis with the original responses. A certificate of the perturbed problem
        // certifies the original one: rows whose residual is now exactly zero take the sign of
        // their perturbed residual as multiplier (any value in [−1, 1] is admissible there).
        basis = bestBasis
        guard bestObjective.isFinite, factorBasis() else {
            beta.base.update(from: ipmBeta.base, count: k)
            return Crossover(pivots: pivots, certified: false, maxDual: maxDual)
        }
        _ = vertex(UnsafePointer(yp.base), zeroFactor: 1e-14)
        for i in 0..<m { signs[i] = inBasis[i] ? 0 : (r[i] > 0 ? 1 : (r[i] < 0 ? -1 : 0)) }
        let objective = vertex(UnsafePointer(y0.base), zeroFactor: 1e-12)
        for i in 0..<m where !inBasis[i] && abs(r[i]) > zeroTol[i] { signs[i] = r[i] > 0 ? 1 : -1 }
        var worst = 0.0
        let finalDuals = basisDuals()
        for (pos, id) in basis.enumerated() where id < m { worst = Swift.max(worst, abs(finalDuals[pos])) }
        certified = certified && worst <= 1 + Self.dualTolerance
        maxDual = worst
        if certified {
            for i in 0..<m { duals[i] = 0.5 * (P.q[i] + signs[i]) }
            for (pos, id) in basis.enumerated() where id < m {
                duals[id] = 0.5 * (P.q[id] + Swift.min(Swift.max(finalDuals[pos], -1), 1))
            }
        } else if objective > ipmObjective {
            beta.base.update(from: ipmBeta.base, count: k)
        }
        return Crossover(pivots: pivots, certified: certified, maxDual: maxDual)
    }
}
