/// The primal–dual interior point of ``QuantileSolver`` on a ``QuantileProblem``: Mehrotra's
/// predictor–corrector for
///
///     min Σᵢ τᵢzᵢ + (1 − τᵢ)vᵢ + ½βᵀMβ   s.t.  Âβ + z − v = ŷ,  z, v ≥ 0,  l ≤ β ≤ u,
///
/// with the row duals xᵢ = d̂ᵢ + 1 − τᵢ ∈ [0, 1] (sᵢ = 1 − xᵢ) and the bound multipliers
/// π_l, π_u ≥ 0 of the slacks β − l, u − β. The optimality conditions are
///
///     Âᵀx = b₀ + Mβ − π_l + π_u   (b₀ = Âᵀ(1 − τ)),   x∘v = 0,  s∘z = 0,  π∘slack = 0.
///
/// Eliminating Δz, Δv, Δx and the bound multipliers leaves one k×k system per solve,
///
///     (ÂᵀDÂ + M + Π_l/S_l + Π_u/S_u)·Δβ = ÂᵀDρ + c_l/S_l − c_u/S_u − r_d,
///     D = diag(1/(z/s + v/x)),   Δx = D(ρ − ÂΔβ),
///
/// factored once per iteration (``Cholesky``) and solved twice (predictor and corrector).
///
/// **Wide designs** (more columns k than data rows n): the normal matrix is
/// G = E + ÃᵀD′Ã with E diagonal (M, the bound barriers and the penalty rows' hⱼ²dⱼ) and
/// D′ᵢ = hᵢ²dᵢ on the data rows; it is never formed. With U the intercept and the
/// unconstrained columns (independent after the reduction of ``QuantileProblem``), plus the
/// columns whose E is negligible beside their data curvature (at most n in all), and P the
/// others, G·Δ = b is solved through the n×n matrix S = D′⁻¹ + Ã_P E_P⁻¹ Ã_Pᵀ
/// (the Woodbury identity) and the |U|×|U| Schur complement C = E_U + Ã_Uᵀ S⁻¹ Ã_U:
///
///     t = S⁻¹Ã_P E_P⁻¹ b_P,   C·Δ_U = b_U − Ã_Uᵀt,   λ = t + S⁻¹Ã_U Δ_U,   Δ_P = E_P⁻¹(b_P − Ã_Pᵀλ),
///
/// two steps of iterative refinement against G applied through Ã. Work O(n²k) per iteration,
/// memory O(nk).
/// Without M and bounds this is the Frisch–Newton method of Portnoy & Koenker (1997) for the
/// LP, whose primal (x) and dual (β, z, v) steps may differ; with them one step length is used.
final class QuantileWorkspace {
    let P: QuantileProblem
    let n: Int, k: Int, m: Int
    /// Whether the QP form (M or bounds) is on: one step length for everything.
    let coupled: Bool
    let x, s, z, v, r, dx, dz, dv, dd, rho, t, yhat: WorkBuffer<Double>
    let c1, c2: WorkBuffer<Double>
    let beta, dbeta, b0, rd, rhs: WorkBuffer<Double>
    let sl, pl, su, pu, dpl, dpu, c3, c4: WorkBuffer<Double>
    let hasLower, hasUpper: WorkBuffer<Bool>
    let g, gcopy, refine: WorkBuffer<Double>
    /// Whether the last ``factor()`` shifted the diagonal.
    var shifted = false
    /// Complementarity pairs: 2m + the finite bounds.
    var pairs: Int = 0
    /// The step lengths of the last iteration.
    var lastStep: Double = 1
    /// Whether G is solved in the n-dimensional form (see above).
    let wide: Bool
    /// Wide form: E (k), S and its factor (n×n), the U columns, S⁻¹Ã_U (n×|U|), C and its
    /// factor (|U|²), the diagonal D′ (n), scratch (n, n, k).
    let eDiag, sMatrix, sFactor, sInvU, cMatrix, cFactor, dPrime, wa, wb, wk: WorkBuffer<Double>
    /// The U columns of the current factorisation and their mask: the unconstrained ones and
    /// those whose E is below 1e-6 of their data curvature Σᵢ D′ᵢãᵢc² (which would swamp S
    /// beyond its precision), at most n in all.
    var uColumns: [Int] = []
    let inU: WorkBuffer<Bool>
    let ratio: WorkBuffer<Double>
    var sShifted = false, cShifted = false

    init(_ P: QuantileProblem) throws(SwiftRegError) {
        self.P = P
        n = P.n
        k = P.k
        m = P.m
        coupled = P.isQuadratic || P.isBounded
        func buf(_ c: Int) throws(SwiftRegError) -> WorkBuffer<Double> { try WorkBuffer<Double>(repeating: 0, count: c) }
        x = try buf(m); s = try buf(m); z = try buf(m); v = try buf(m); r = try buf(m)
        dx = try buf(m); dz = try buf(m); dv = try buf(m); dd = try buf(m); rho = try buf(m)
        t = try buf(m); yhat = try buf(m); c1 = try buf(m); c2 = try buf(m)
        beta = try buf(k); dbeta = try buf(k); b0 = try buf(k); rd = try buf(k); rhs = try buf(k)
        sl = try buf(k); pl = try buf(k); su = try buf(k); pu = try buf(k)
        dpl = try buf(k); dpu = try buf(k); c3 = try buf(k); c4 = try buf(k)
        hasLower = try WorkBuffer<Bool>(repeating: false, count: k)
        hasUpper = try WorkBuffer<Bool>(repeating: false, count: k)
        wide = k > Swift.max(n, 1)
        if wide {
            let nu = n
            eDiag = try buf(k); sMatrix = try buf(n * n); sFactor = try buf(n * n); sInvU = try buf(n * nu)
            cMatrix = try buf(nu * nu); cFactor = try buf(nu * nu); dPrime = try buf(n)
            inU = try WorkBuffer<Bool>(repeating: false, count: k); ratio = try buf(k)
            wa = try buf(n); wb = try buf(n); wk = try buf(k)
            g = try buf(0); gcopy = try buf(0); refine = try buf(2 * k)
        } else {
            inU = try WorkBuffer<Bool>(repeating: false, count: 0); ratio = try buf(0)
            eDiag = try buf(0); sMatrix = try buf(0); sFactor = try buf(0); sInvU = try buf(0)
            cMatrix = try buf(0); cFactor = try buf(0); dPrime = try buf(0); wa = try buf(0); wb = try buf(0); wk = try buf(0)
            let (kk, overflow) = k.multipliedReportingOverflow(by: k)
            guard !overflow else { throw .allocationFailed(bytes: Int.max) }
            g = try buf(kk); gcopy = try buf(kk); refine = try buf(2 * k)
        }
        for i in 0..<m { yhat[i] = P.response(i) }
        for c in 0..<k {
            hasLower[c] = P.lower[c] > -.infinity
            hasUpper[c] = P.upper[c] < .infinity
        }
    }

    /// Factors g (its lower triangle) in place, keeping a copy. When the plain factorisation
    /// fails or meets a pivot below 1e-15 of its diagonal entry (a direction the matrix does not
    /// see: a rank-deficient design), the diagonal is shifted by 1e-13 of its largest entry
    /// (more if that fails) and ``solve(_:)`` refines against the unshifted matrix; a direction
    /// the matrix does not see then gets a tiny, finite step.
    func factor() {
        let kk = k * k
        var maxDiag = 0.0
        for c in 0..<k { maxDiag = Swift.max(maxDiag, g[c + c * k]) }
        if !(maxDiag > 0) || !maxDiag.isFinite { maxDiag = 1 }
        gcopy.base.update(from: g.base, count: kk)
        shifted = false
        if Cholesky.factor(g.base, k, interrupt: P.interrupt) {
            var healthy = true
            for c in 0..<k where !(g[c + c * k] * g[c + c * k] > 1e-15 * gcopy[c + c * k]) { healthy = false; break }
            if healthy { return }
        }
        shifted = true
        var shift = 1e-13 * maxDiag
        for _ in 0..<12 {
            g.base.update(from: gcopy.base, count: kk)
            for c in 0..<k { g[c + c * k] += shift }
            if Cholesky.factor(g.base, k, interrupt: P.interrupt) { return }
            shift *= 100
        }
        // Last resort: the identity scaled (a gradient step).
        for i in 0..<kk { g[i] = 0 }
        for c in 0..<k { g[c + c * k] = maxDiag }
        _ = Cholesky.factor(g.base, k, interrupt: P.interrupt)
    }

    /// Solves G·Δ = b in place with the factor of ``factor()``; two steps of iterative
    /// refinement against the unshifted G when the factor was shifted.
    func solve(_ b: UnsafeMutablePointer<Double>) {
        if wide { wideSolveRefined(b); return }
        guard shifted else { Cholesky.solve(UnsafePointer(g.base), k, b); return }
        let rhs0 = refine.base, corr = refine.base + k
        for c in 0..<k { rhs0[c] = b[c] }
        Cholesky.solve(UnsafePointer(g.base), k, b)
        for _ in 0..<2 {
            for c in 0..<k {
                var sum = rhs0[c]
                let col = gcopy.base + c * k  // symmetric: row c = column c
                for e in 0..<k { sum -= col[e] * b[e] }
                corr[c] = sum
            }
            Cholesky.solve(UnsafePointer(g.base), k, corr)
            for c in 0..<k { b[c] += corr[c] }
        }
    }

    /// The least-squares (ridge with M) start, moved inside the bounds; x = 1 − τ.
    func initialize() {
        for i in 0..<m { dd[i] = 1 }
        if wide {
            // A tiny ridge on the bounded columns without M (their E is 0 before any barrier).
            wideFactor { c in P.unconstrained[c] ? 0 : Swift.max(P.quadratic[c], 1e-6) }
        } else {
            P.gram(UnsafePointer(dd.base), g.base)
            for c in 0..<k { g[c + c * k] += P.quadratic[c] }
            factor()
        }
        P.applyTransposed(UnsafePointer(yhat.base), rhs.base)
        solve(rhs.base)
        var meanBeta = 0.0
        for c in 0..<k { beta[c] = rhs[c].isFinite ? rhs[c] : 0; meanBeta += abs(beta[c]) }
        meanBeta /= Double(Swift.max(k, 1))
        for c in 0..<k where hasLower[c] || hasUpper[c] {
            let l = P.lower[c], u = P.upper[c]
            var theta = Swift.max(0.1 * abs(beta[c]), 0.1 * meanBeta, 1e-6)
            if hasLower[c] && hasUpper[c] { theta = Swift.min(theta, 0.25 * (u - l)) }
            if hasLower[c] { theta = Swift.max(theta, 1e-12 * abs(l)) }
            if hasUpper[c] { theta = Swift.max(theta, 1e-12 * abs(u)) }
            var b = beta[c]
            if hasLower[c] && b < l + theta { b = l + theta }
            if hasUpper[c] && b > u - theta { b = u - theta }
            if hasLower[c] && hasUpper[c] && !(b > l && b < u) { b = l + 0.5 * (u - l) }
            beta[c] = b
        }
        residuals()
        var sumAbsY = 0.0, meanAbsR = 0.0
        for i in 0..<n { sumAbsY += abs(yhat[i]) }
        for i in 0..<m { meanAbsR += abs(r[i]) }
        meanAbsR /= Double(Swift.max(m, 1))
        let shift = Swift.max(meanAbsR, 1e-12 * sumAbsY / Double(Swift.max(n, 1)), 1e-300)
        var mu0 = 0.0
        for i in 0..<m {
            // x + s = 1 at x = 1 − τ, kept 1e-6 inside the box: a quantile of 3.8e-241 made
            // s = τ a slack whose ratios to z overflowed the Newton system.
            x[i] = Swift.min(Swift.max(1 - P.tau[i], 1e-6), 1 - 1e-6); s[i] = 1 - x[i]
            z[i] = Swift.max(r[i], 0) + shift
            v[i] = Swift.max(-r[i], 0) + shift
            t[i] = 1 - P.tau[i]
            mu0 += x[i] * v[i] + s[i] * z[i]
        }
        mu0 /= Double(Swift.max(2 * m, 1))
        P.applyTransposed(UnsafePointer(t.base), b0.base)
        pairs = 2 * m
        for c in 0..<k {
            sl[c] = 1; pl[c] = 0; su[c] = 1; pu[c] = 0
            if hasLower[c] { sl[c] = beta[c] - P.lower[c]; pl[c] = mu0 / sl[c]; pairs += 1 }
            if hasUpper[c] { su[c] = P.upper[c] - beta[c]; pu[c] = mu0 / su[c]; pairs += 1 }
        }
    }

    /// r = ŷ − Âβ.
    func residuals() {
        P.apply(UnsafePointer(beta.base), t.base)
        for i in 0..<m { r[i] = yhat[i] - t[i] }
    }

    /// Updates r and r_d = b₀ + Mβ − π_l + π_u − Âᵀx; returns the complementarity gap.
    func measure() -> Double {
        residuals()
        P.applyTransposed(UnsafePointer(x.base), rd.base)
        for c in 0..<k { rd[c] = b0[c] + P.quadratic[c] * beta[c] - pl[c] + pu[c] - rd[c] }
        var gap = 0.0
        for i in 0..<m { gap += x[i] * v[i] + s[i] * z[i] }
        for c in 0..<k { gap += pl[c] * sl[c] + pu[c] * su[c] }
        return gap
    }

    /// Σᵢ ρ_τᵢ(rᵢ) + ½βᵀMβ at the current r and β (the scaled primal objective).
    func objective() -> Double {
        var f = 0.0
        for i in 0..<m { let ri = r[i]; f += ri >= 0 ? P.tau[i] * ri : (P.tau[i] - 1) * ri }
        for c in 0..<k { f += 0.5 * P.quadratic[c] * beta[c] * beta[c] }
        return f
    }

    /// The Newton direction for the targets c1 (x∘v), c2 (s∘z), c3 (π_l∘s_l), c4 (π_u∘s_u).
    private func direction() {
        for i in 0..<m {
            let rh = (r[i] - z[i] + v[i]) - c2[i] / s[i] + c1[i] / x[i]
            rho[i] = rh
            t[i] = dd[i] * rh
        }
        P.applyTransposed(UnsafePointer(t.base), rhs.base)
        for c in 0..<k {
            var b = rhs[c] - rd[c]
            if hasLower[c] { b += c3[c] / sl[c] }
            if hasUpper[c] { b -= c4[c] / su[c] }
            rhs[c] = b
        }
        solve(rhs.base)
        for c in 0..<k { dbeta[c] = rhs[c] }
        P.apply(UnsafePointer(dbeta.base), t.base)
        for i in 0..<m {
            let d = dd[i] * (rho[i] - t[i])
            dx[i] = d
            dv[i] = (c1[i] - v[i] * d) / x[i]
            dz[i] = (c2[i] + z[i] * d) / s[i]
        }
        for c in 0..<k {
            dpl[c] = hasLower[c] ? (c3[c] - pl[c] * dbeta[c]) / sl[c] : 0
            dpu[c] = hasUpper[c] ? (c4[c] + pu[c] * dbeta[c]) / su[c] : 0
        }
    }

    /// The largest steps keeping x ∈ [0, 1] (primal) and z, v, the slacks and π ≥ 0 (dual).
    private func maxSteps() -> (Double, Double) {
        var aP = Double.infinity, aD = Double.infinity
        for i in 0..<m {
            let d = dx[i]
            if d < 0 { aP = Swift.min(aP, -x[i] / d) }
            if d > 0 { aP = Swift.min(aP, s[i] / d) }
            if dz[i] < 0 { aD = Swift.min(aD, -z[i] / dz[i]) }
            if dv[i] < 0 { aD = Swift.min(aD, -v[i] / dv[i]) }
        }
        for c in 0..<k {
            let d = dbeta[c]
            if hasLower[c] {
                if d < 0 { aD = Swift.min(aD, -sl[c] / d) }
                if dpl[c] < 0 { aD = Swift.min(aD, -pl[c] / dpl[c]) }
            }
            if hasUpper[c] {
                if d > 0 { aD = Swift.min(aD, su[c] / d) }
                if dpu[c] < 0 { aD = Swift.min(aD, -pu[c] / dpu[c]) }
            }
        }
        if coupled { let a = Swift.min(aP, aD); return (a, a) }
        return (aP, aD)
    }

    /// One predictor–corrector iteration; `measure()` must have run at the current point, and
    /// `gap` is what it returned. Returns false when both steps stalled.
    func iterate(gap: Double) -> Bool {
        for i in 0..<m { dd[i] = 1 / (z[i] / s[i] + v[i] / x[i]) }
        let extra = { (c: Int) -> Double in
            var e = self.P.quadratic[c]
            if self.hasLower[c] { e += self.pl[c] / self.sl[c] }
            if self.hasUpper[c] { e += self.pu[c] / self.su[c] }
            return e
        }
        if wide {
            wideFactor(extra)
            if P.interrupt.requested { return false }   // abandoned: the solver's loop throws
        } else {
            P.gram(UnsafePointer(dd.base), g.base)
            if P.interrupt.requested { return false }   // abandoned: the solver's loop throws
            for c in 0..<k { g[c + c * k] += extra(c) }
            factor()
        }

        // Predictor (affine scaling).
        for i in 0..<m { c1[i] = -x[i] * v[i]; c2[i] = -s[i] * z[i] }
        for c in 0..<k { c3[c] = -pl[c] * sl[c]; c4[c] = -pu[c] * su[c] }
        direction()
        let (a0, b0s) = maxSteps()
        let aP = Swift.min(1, a0), aD = Swift.min(1, b0s)
        var gapAff = 0.0
        for i in 0..<m {
            let xi = x[i] + aP * dx[i], si = s[i] - aP * dx[i]
            gapAff += xi * (v[i] + aD * dv[i]) + si * (z[i] + aD * dz[i])
        }
        for c in 0..<k {
            if hasLower[c] { gapAff += (sl[c] + aD * dbeta[c]) * (pl[c] + aD * dpl[c]) }
            if hasUpper[c] { gapAff += (su[c] - aD * dbeta[c]) * (pu[c] + aD * dpu[c]) }
        }
        let mu = gap / Double(pairs)
        let ratio = Swift.max(0, gapAff / gap)
        let sigmaMu = Swift.min(1, ratio * ratio * ratio) * mu

        // Corrector with the second-order terms.
        for i in 0..<m {
            c1[i] = sigmaMu - x[i] * v[i] - dx[i] * dv[i]
            c2[i] = sigmaMu - s[i] * z[i] + dx[i] * dz[i]
        }
        for c in 0..<k {
            c3[c] = hasLower[c] ? sigmaMu - pl[c] * sl[c] - dbeta[c] * dpl[c] : 0
            c4[c] = hasUpper[c] ? sigmaMu - pu[c] * su[c] + dbeta[c] * dpu[c] : 0
        }
        direction()
        let (a1, b1) = maxSteps()
        let stepP = Swift.min(1, 0.99995 * a1), stepD = Swift.min(1, 0.99995 * b1)
        for i in 0..<m {
            x[i] += stepP * dx[i]; s[i] -= stepP * dx[i]
            z[i] += stepD * dz[i]; v[i] += stepD * dv[i]
        }
        for c in 0..<k {
            beta[c] += stepD * dbeta[c]
            if hasLower[c] { sl[c] += stepD * dbeta[c]; pl[c] += stepD * dpl[c] }
            if hasUpper[c] { su[c] -= stepD * dbeta[c]; pu[c] += stepD * dpu[c] }
        }
        lastStep = Swift.max(stepP, stepD)
        return !(stepP < 1e-12 && stepD < 1e-12)
    }
    // MARK: The wide form

    /// Cholesky of the order-`k` matrix `a` (copied from `copy`) with the shifts of
    /// ``factor()`` when it is not positive definite; returns whether it was shifted.
    private func factorShifted(_ a: UnsafeMutablePointer<Double>, _ copy: UnsafePointer<Double>, _ order: Int) -> Bool {
        let count = order * order
        a.update(from: copy, count: count)
        var maxDiag = 0.0
        for c in 0..<order { maxDiag = Swift.max(maxDiag, copy[c + c * order]) }
        if !(maxDiag > 0) || !maxDiag.isFinite { maxDiag = 1 }
        if Cholesky.factor(a, order) {
            var healthy = true
            for c in 0..<order where !(a[c + c * order] * a[c + c * order] > 1e-15 * copy[c + c * order]) { healthy = false; break }
            if healthy { return false }
        }
        var shift = 1e-13 * maxDiag
        for _ in 0..<12 {
            a.update(from: copy, count: count)
            for c in 0..<order { a[c + c * order] += shift }
            if Cholesky.factor(a, order) { return true }
            shift *= 100
        }
        for i in 0..<count { a[i] = 0 }
        for c in 0..<order { a[c + c * order] = maxDiag.squareRoot() }
        return true
    }

    /// Builds and factors S and C for the current dd and the diagonal `extra` (M and barriers).
    func wideFactor(_ extra: (Int) -> Double) {
        let a = P.a.base
        for c in 0..<k { eDiag[c] = extra(c) }
        for j in 0..<P.np { eDiag[P.penaltyColumn[j]] += P.h2[n + j] * dd[n + j] }
        for i in 0..<n { dPrime[i] = P.h2[i] * dd[i] }
        // U: the unconstrained columns, then those of largest curvature / E above 1e6.
        uColumns = []
        var candidates: [Int] = []
        for c in 0..<k {
            inU[c] = P.unconstrained[c]
            if inU[c] { uColumns.append(c); continue }
            let col = a + c * n
            var curvature = 0.0
            for i in 0..<n { curvature += dPrime[i] * col[i] * col[i] }
            ratio[c] = eDiag[c] > 0 ? curvature / eDiag[c] : .infinity
            if ratio[c] > 1e6 { candidates.append(c) }
        }
        let room = Swift.max(0, n - uColumns.count)
        if candidates.count > room {
            let rr = ratio
            candidates.sort { rr[$0] > rr[$1] || (rr[$0] == rr[$1] && $0 < $1) }
            candidates.removeLast(candidates.count - room)
        }
        for c in candidates { inU[c] = true; uColumns.append(c) }
        // S = D′⁻¹ + Σ_{c∈P} ãc ãcᵀ / E_c (the lower triangle, then mirrored).
        let S = sMatrix.base
        for i in 0..<(n * n) { S[i] = 0 }
        for c in 0..<k where !inU[c] && eDiag[c] > 0 {
            let col = a + c * n, f = 1 / eDiag[c]
            for j in 0..<n {
                let v = col[j] * f
                if v == 0 { continue }
                let sj = S + j * n
                for i in j..<n { sj[i] += col[i] * v }
            }
        }
        for j in 0..<n {
            S[j + j * n] += 1 / dPrime[j]
            for i in (j + 1)..<Swift.max(j + 1, n) { S[j + i * n] = S[i + j * n] }
        }
        sShifted = factorShifted(sFactor.base, UnsafePointer(S), n)
        // W = S⁻¹Ã_U and C = Ã_Uᵀ W.
        let nu = uColumns.count
        for (b, c) in uColumns.enumerated() {
            let w = sInvU.base + b * n
            w.update(from: a + c * n, count: n)
            sSolve(w)
        }
        for (b, c) in uColumns.enumerated() {
            let col = a + c * n
            for e in 0..<nu {
                let w = sInvU.base + e * n
                var sum = 0.0
                for i in 0..<n { sum += col[i] * w[i] }
                cMatrix[b + e * nu] = sum
            }
            cMatrix[b + b * nu] += eDiag[c]
        }
        for b in 0..<nu { for e in 0..<b { let v = 0.5 * (cMatrix[b + e * nu] + cMatrix[e + b * nu]); cMatrix[b + e * nu] = v; cMatrix[e + b * nu] = v } }
        if nu > 0 { cShifted = factorShifted(cFactor.base, UnsafePointer(cMatrix.base), nu) }
    }

    /// S⁻¹·v in place (the refinement of ``wideSolveRefined(_:)`` covers a shifted factor).
    private func sSolve(_ v: UnsafeMutablePointer<Double>) {
        Cholesky.solve(UnsafePointer(sFactor.base), n, v)
    }

    /// G⁻¹·b in place through S and C (see the wide form above).
    private func wideSolve(_ b: UnsafeMutablePointer<Double>) {
        let a = P.a.base, t = wa.base, nu = uColumns.count
        for i in 0..<n { t[i] = 0 }
        for c in 0..<k where !inU[c] && eDiag[c] > 0 {
            let f = b[c] / eDiag[c]
            if f == 0 { continue }
            let col = a + c * n
            for i in 0..<n { t[i] += col[i] * f }
        }
        sSolve(t)
        if nu > 0 {
            let du = wb.base  // |U| ≤ n
            for (e, c) in uColumns.enumerated() {
                let col = a + c * n
                var sum = 0.0
                for i in 0..<n { sum += col[i] * t[i] }
                du[e] = b[c] - sum
            }
            Cholesky.solve(UnsafePointer(cFactor.base), nu, du)
            for (e, c) in uColumns.enumerated() {
                b[c] = du[e]
                let w = sInvU.base + e * n, d = du[e]
                for i in 0..<n { t[i] += w[i] * d }
            }
        }
        for c in 0..<k where !inU[c] {
            guard eDiag[c] > 0 else { b[c] = 0; continue }
            let col = a + c * n
            var sum = 0.0
            for i in 0..<n { sum += col[i] * t[i] }
            b[c] = (b[c] - sum) / eDiag[c]
        }
    }

    /// ``wideSolve(_:)`` with two steps of iterative refinement against G = E + ÃᵀD′Ã.
    private func wideSolveRefined(_ b: UnsafeMutablePointer<Double>) {
        let rhs0 = refine.base, corr = refine.base + k, a = P.a.base, t = wa.base
        for c in 0..<k { rhs0[c] = b[c] }
        wideSolve(b)
        for _ in 0..<2 {
            for i in 0..<n { t[i] = 0 }
            for c in 0..<k where b[c] != 0 {
                let col = a + c * n, v = b[c]
                for i in 0..<n { t[i] += col[i] * v }
            }
            for i in 0..<n { t[i] *= dPrime[i] }
            ColumnKernels.transposedProduct(a, n, k, UnsafePointer(t), corr)
            var finite = true
            for c in 0..<k {
                corr[c] = rhs0[c] - (corr[c] + eDiag[c] * b[c])
                if !corr[c].isFinite { finite = false }
            }
            guard finite else { return }
            wideSolve(corr)
            for c in 0..<k { b[c] += corr[c] }
        }
    }
}
