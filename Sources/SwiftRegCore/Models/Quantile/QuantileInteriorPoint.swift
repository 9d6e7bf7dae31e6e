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
        let (kk, overflow) = k.multipliedReportingOverflow(by: k)
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        g = try buf(kk); gcopy = try buf(kk); refine = try buf(2 * k)
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
        P.gram(UnsafePointer(dd.base), g.base)
        for c in 0..<k { g[c + c * k] += P.quadratic[c] }
        factor()
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
            x[i] = 1 - P.tau[i]; s[i] = P.tau[i]
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
        P.gram(UnsafePointer(dd.base), g.base)
        if P.interrupt.requested { return false }   // abandoned: the solver's loop throws
        for c in 0..<k {
            var e = P.quadratic[c]
            if hasLower[c] { e += pl[c] / sl[c] }
            if hasUpper[c] { e += pu[c] / su[c] }
            g[c + c * k] += e
        }
        factor()

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
}
