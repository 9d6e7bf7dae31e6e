/// Least-absolute-deviation (median) regression with an optional L1 penalty, solved exactly:
///
///     minimise over w, b:   (1/S)·Σᵢ sᵢ·|yᵢ − xᵢ·w − b| + α·‖w‖₁,      S = Σᵢ sᵢ,
///
/// with sample weights sᵢ ≥ 0 (all 1 when absent), an optional intercept b that is never
/// penalised, and α ≥ 0. With λ = α in the seed's form λΣ|w| this is the L1 loss plus the L1
/// penalty, the loss averaged over the (weighted) samples.
///
/// **Relation to scikit-learn.** `QuantileRegressor(quantile=0.5, alpha=a)` solves the linear
/// programme (sklearn/linear_model/_quantile.py) min Σᵢ sᵢ·(0.5·uᵢ + 0.5·vᵢ) + S·a·‖w‖₁ with
/// yᵢ − xᵢ·w − b = uᵢ − vᵢ, u, v ≥ 0, i.e. ½·Σᵢ sᵢ|rᵢ| + S·a·‖w‖₁. Dividing by S/2 gives
/// (1/S)·Σᵢ sᵢ|rᵢ| + 2a·‖w‖₁: the same minimiser as this objective with α = 2a, so
/// `alpha = α/2` there. (scikit-learn also drops zero-weight samples first, as we do.)
///
/// **Method.** The objective times S is an unweighted LAD problem on m rows: the rows
/// (sᵢ·[xᵢ, 1], sᵢ·yᵢ) of the samples with sᵢ > 0 (|sᵢrᵢ| = sᵢ|rᵢ|) and, when α > 0, one
/// pseudo-observation (αS·eⱼ, 0) per feature (|0 − αS·wⱼ| = αS|wⱼ|). Its linear-programming
/// dual, max ỹᵀa subject to Ãᵀa = ½Ãᵀ1, 0 ≤ a ≤ 1, is solved by a primal–dual Mehrotra
/// predictor–corrector interior-point method with bounds (the Frisch–Newton method of
/// Portnoy & Koenker, 1997), one Cholesky factorisation of the k×k matrix ÃᵀDÃ per iteration
/// (k = features + intercept). The interior point is then rounded to a vertex: the k rows of
/// smallest |residual| that are linearly independent are made a basis, the interpolating
/// system on them is solved exactly (w, b pass through those k points), and optimality is
/// certified by dual feasibility: d with Ã_hᵀd = −Σ_{i∉h} sign(rᵢ)·ãᵢ must satisfy |d| ≤ 1.
/// If it does not, simplex pivots of the Barrodale–Roberts kind (a row with |dⱼ| > 1 leaves,
/// the exact line search along the edge picks the row that enters) continue until it does.
/// The answer is therefore a vertex of the LP that is optimal, not an approximation.
///
/// All arithmetic is float64 whatever `T` is; float32 coefficients are rounded once at the
/// end and the reported objective is evaluated at the rounded coefficients.
public struct LADFit: Sendable, Equatable {
    /// The coefficients w (one per feature), exactly representable in the input type.
    public var coef: [Double]
    /// The intercept b (0 when not fitted), exactly representable in the input type.
    public var intercept: Double
    /// (1/S)·Σ sᵢ|yᵢ − xᵢ·w − b| + α‖w‖₁ at `coef` and `intercept`.
    public var objective: Double
    /// Interior-point iterations plus simplex pivots; at most `maxIter`.
    public var iterations: Int
    /// Interior-point iterations.
    public var interiorPointIterations: Int
    /// Simplex pivots after the interior-point phase.
    public var pivots: Int
    /// True when the answer is a vertex whose optimality was verified (|d| ≤ 1 + 1e-9).
    public var certified: Bool
    /// max |dⱼ| over the basis rows of the final vertex (≤ 1 means dual feasible).
    public var maxDual: Double

    @inlinable
    public init(coef: [Double], intercept: Double, objective: Double, iterations: Int,
                interiorPointIterations: Int, pivots: Int, certified: Bool, maxDual: Double) {
        self.coef = coef
        self.intercept = intercept
        self.objective = objective
        self.iterations = iterations
        self.interiorPointIterations = interiorPointIterations
        self.pivots = pivots
        self.certified = certified
        self.maxDual = maxDual
    }
}

public enum LeastAbsoluteDeviation {
    /// Fits LAD regression (see ``LADFit``).
    ///
    /// - Parameters:
    ///   - x: the n×p design, column-major (Fortran order): element (i, j) at `i + j*n`.
    ///   - y: the n responses.
    ///   - sampleWeight: n finite weights ≥ 0 with a positive sum, or nil (all 1).
    ///   - alpha: the L1 penalty α, finite and ≥ 0.
    ///   - fitIntercept: whether to fit an unpenalised intercept b.
    ///   - maxIter: the budget of interior-point iterations plus simplex pivots, ≥ 1.
    ///   - tol: the relative duality gap at which the interior-point phase hands over to the
    ///     vertex (crossover) phase, finite and > 0. It affects speed, not the answer.
    /// - Throws: `.invalidArgument` for n_samples < 1, n_features < 0, a bad alpha, tol or
    ///   max_iter, or weights summing to 0; `.invalidData` for NaN/Inf in X or y;
    ///   `.invalidWeight` for a negative, NaN or infinite weight.
    @inlinable
    public static func fit<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, sampleWeight: UnsafeBufferPointer<T>? = nil,
        samples n: Int, features p: Int, alpha: Double = 1, fitIntercept: Bool = true,
        maxIter: Int = 1000, tol: Double = 1e-8
    ) throws(SwiftRegError) -> LADFit {
        guard n >= 1 else {
            throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1")
        }
        guard p >= 0 else {
            throw .invalidArgument(argument: "n_features", value: Double(p), requirement: ">= 0")
        }
        precondition(x.count == n * p && y.count == n && (sampleWeight?.count ?? n) == n,
                     "LeastAbsoluteDeviation.fit: buffer sizes do not match n and p")
        try Check.nonNegative(alpha, "alpha")
        try Check.positive(tol, "tol")
        guard maxIter >= 1 else {
            throw .invalidArgument(argument: "max_iter", value: Double(maxIter), requirement: ">= 1")
        }
        try LADProblem.checkFinite(x, "X")
        try LADProblem.checkFinite(y, "y")
        var total = Double(n)
        if let w = sampleWeight {
            total = try Check.weights(w)
            guard total > 0 else {
                throw .invalidArgument(argument: "sample_weight", value: total, requirement: "of positive sum")
            }
        }

        // The weighted, augmented LAD problem in float64 (zero-weight rows dropped).
        let kept = sampleWeight.map { w in (0..<n).reduce(0) { $0 + (w[$1] > 0 ? 1 : 0) } } ?? n
        let k = p + (fitIntercept ? 1 : 0)
        let problem = LADProblem(rows: kept, cols: k, features: p, lambda: alpha * total)
        var row = 0
        for i in 0..<n {
            let s = sampleWeight.map { Double($0[i]) } ?? 1
            if !(s > 0) { continue }
            problem.y[row] = s * Double(y[i])
            for j in 0..<p { problem.a[row + j * kept] = s * Double(x[i + j * n]) }
            if fitIntercept { problem.a[row + p * kept] = s }
            row += 1
        }
        let raw = LADSolver.solve(problem, maxIter: maxIter, tol: tol)

        // Round once to T; report the objective at the rounded coefficients.
        let coef = (0..<p).map { Double(T(raw.beta[$0])) }
        let intercept = fitIntercept ? Double(T(raw.beta[p])) : 0
        var loss = 0.0, l1 = 0.0
        for j in 0..<p { l1 += abs(coef[j]) }
        for i in 0..<n {
            let s = sampleWeight.map { Double($0[i]) } ?? 1
            if !(s > 0) { continue }
            var f = intercept
            for j in 0..<p { f += Double(x[i + j * n]) * coef[j] }
            loss += s * abs(Double(y[i]) - f)
        }
        try OverflowGuard.requireFinite(coef + [intercept, loss / total + alpha * l1])
        return LADFit(
            coef: coef, intercept: intercept, objective: loss / total + alpha * l1,
            iterations: raw.ipmIterations + raw.pivots, interiorPointIterations: raw.ipmIterations,
            pivots: raw.pivots, certified: raw.certified, maxDual: raw.maxDual)
    }
}

/// The float64 LAD problem min_β Σᵢ |ỹᵢ − ãᵢ·β| over `rows` data rows plus, when λ > 0, one
/// implicit penalty row λ·eⱼ (response 0) for each of the first `features` columns.
@usableFromInline
final class LADProblem {
    @usableFromInline let rows: Int
    @usableFromInline let cols: Int
    @usableFromInline let features: Int
    @usableFromInline let lambda: Double
    /// rows × cols, column-major; the intercept (if any) is the last column.
    @usableFromInline let a: UnsafeMutablePointer<Double>
    @usableFromInline let y: UnsafeMutablePointer<Double>

    @usableFromInline
    init(rows: Int, cols: Int, features: Int, lambda: Double) {
        self.rows = rows
        self.cols = cols
        self.features = features
        self.lambda = lambda
        a = .allocate(capacity: Swift.max(1, rows * cols))
        y = .allocate(capacity: Swift.max(1, rows))
    }

    deinit {
        a.deallocate()
        y.deallocate()
    }

    /// Throws `.invalidData` naming the first NaN or ±Inf of `v`.
    @inlinable
    static func checkFinite<T: BinaryFloatingPoint>(_ v: UnsafeBufferPointer<T>, _ name: String) throws(SwiftRegError) {
        // Branch-free pass: v − v is 0 for finite v and NaN otherwise.
        var acc0 = T.zero, acc1 = T.zero
        var i = 0
        while i + 1 < v.count { acc0 += v[i] - v[i]; acc1 += v[i + 1] - v[i + 1]; i += 2 }
        if i < v.count { acc0 += v[i] - v[i] }
        if (acc0 + acc1).isNaN, let bad = v.firstIndex(where: { !$0.isFinite }) {
            throw .invalidData(argument: name, index: bad, value: Double(v[bad]))
        }
    }
}

@usableFromInline
struct LADRawSolution {
    @usableFromInline var beta: [Double]
    @usableFromInline var ipmIterations: Int
    @usableFromInline var pivots: Int
    @usableFromInline var certified: Bool
    @usableFromInline var maxDual: Double
}

/// The float64 solver: interior point, then crossover to a certified vertex.
@usableFromInline
enum LADSolver {
    /// Dual feasibility tolerance of the certificate: |dⱼ| ≤ 1 + this.
    static let dualTolerance = 1e-9

    @usableFromInline
    static func solve(_ P: LADProblem, maxIter: Int, tol: Double) -> LADRawSolution {
        let k = P.cols
        if k == 0 {
            return LADRawSolution(beta: [], ipmIterations: 0, pivots: 0, certified: true, maxDual: 0)
        }
        let ws = LADWorkspace(P)
        var beta = [Double](repeating: 0, count: k)
        let ipm = ws.interiorPoint(beta: &beta, maxIter: maxIter, tol: tol)
        var result = ws.crossover(beta: &beta, budget: maxIter - ipm)
        result.ipmIterations = ipm
        return result
    }
}

/// Buffers and kernels of one solve. Rows 0..<n are data rows, rows n..<m penalty rows.
final class LADWorkspace {
    let P: LADProblem
    let n: Int, k: Int, m: Int, np: Int
    let lam: Double
    // Interior-point state, m each: x (dual of the LAD problem, in [0, 1]), s = 1 − x,
    // z, v ≥ 0 (residual = z − v at optimum), the residual r, directions, scratch.
    let x, s, z, v, r, dx, dz, dv, d, rho, t: UnsafeMutablePointer<Double>
    // k-vectors and the k×k normal matrix.
    let dbeta, b0, rp, rhs: UnsafeMutablePointer<Double>
    let g: UnsafeMutablePointer<Double>

    init(_ P: LADProblem) {
        self.P = P
        n = P.rows
        k = P.cols
        np = P.lambda > 0 ? P.features : 0
        m = n + np
        lam = P.lambda
        func buf(_ c: Int) -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, c))
            b.initialize(repeating: 0, count: Swift.max(1, c))
            return b
        }
        x = buf(m); s = buf(m); z = buf(m); v = buf(m); r = buf(m)
        dx = buf(m); dz = buf(m); dv = buf(m); d = buf(m); rho = buf(m); t = buf(Swift.max(m, n))
        dbeta = buf(k); b0 = buf(k); rp = buf(k); rhs = buf(k)
        g = buf(k * k)
    }

    deinit {
        for b in [x, s, z, v, r, dx, dz, dv, d, rho, t, dbeta, b0, rp, rhs, g] { b.deallocate() }
    }

    // MARK: Kernels

    /// out (m) = Ã·β  (data rows: ãᵢ·β; penalty row j: λβⱼ).
    func apply(_ beta: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        let a = P.a
        for i in 0..<n { out[i] = 0 }
        for c in 0..<k {
            let bc = beta[c]
            if bc == 0 { continue }
            let col = a + c * n
            for i in 0..<n { out[i] += col[i] * bc }
        }
        for j in 0..<np { out[n + j] = lam * beta[j] }
    }

    /// out (k) = Ãᵀ·u.
    func applyTransposed(_ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        let a = P.a
        for c in 0..<k { out[c] = LADWorkspace.dot(a + c * n, u, n) }
        for j in 0..<np { out[j] += lam * u[n + j] }
    }

    /// r = ỹ − Ã·β.
    func residuals(_ beta: UnsafePointer<Double>) {
        apply(beta, r)
        let y = P.y
        for i in 0..<n { r[i] = y[i] - r[i] }
        for j in 0..<np { r[n + j] = -r[n + j] }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < count { s0 += a[i] * b[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// g (k×k, full) = Ãᵀ·diag(w)·Ã.
    func gram(_ w: UnsafePointer<Double>) {
        let a = P.a
        for b in 0..<k {
            let colB = a + b * n
            for i in 0..<n { t[i] = w[i] * colB[i] }
            // Four columns at a time against t: one pass over t per block.
            var c = 0
            while c + 4 <= b + 1 {
                let c0 = a + c * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
                // Two-lane accumulators (packed SSE2 arithmetic on the baseline target).
                var v0 = SIMD2<Double>(), v1 = SIMD2<Double>(), v2 = SIMD2<Double>(), v3 = SIMD2<Double>()
                var i = 0
                while i + 2 <= n {
                    let ti = UnsafeRawPointer(t + i).loadUnaligned(as: SIMD2<Double>.self)
                    v0 += UnsafeRawPointer(c0 + i).loadUnaligned(as: SIMD2<Double>.self) * ti
                    v1 += UnsafeRawPointer(c1 + i).loadUnaligned(as: SIMD2<Double>.self) * ti
                    v2 += UnsafeRawPointer(c2 + i).loadUnaligned(as: SIMD2<Double>.self) * ti
                    v3 += UnsafeRawPointer(c3 + i).loadUnaligned(as: SIMD2<Double>.self) * ti
                    i += 2
                }
                var s0 = v0[0] + v0[1], s1 = v1[0] + v1[1], s2 = v2[0] + v2[1], s3 = v3[0] + v3[1]
                if i < n { let ti = t[i]; s0 += c0[i] * ti; s1 += c1[i] * ti; s2 += c2[i] * ti; s3 += c3[i] * ti }
                g[c + b * k] = s0; g[c + 1 + b * k] = s1; g[c + 2 + b * k] = s2; g[c + 3 + b * k] = s3
                c += 4
            }
            while c <= b { g[c + b * k] = LADWorkspace.dot(a + c * n, t, n); c += 1 }
        }
        for b in 0..<k { for c in 0..<b { g[b + c * k] = g[c + b * k] } }
        for j in 0..<np { g[j + j * k] += lam * lam * w[n + j] }
    }

    /// Largest α ≤ 1/0.99995·… with u + α·du ≥ 0 for both pairs (u1, du1), (u2, du2)·sign2.
    @inline(__always)
    func maxStep(_ u: UnsafePointer<Double>, _ du: UnsafePointer<Double>, _ sign: Double,
                 _ u2: UnsafePointer<Double>, _ du2: UnsafePointer<Double>, _ sign2: Double) -> Double {
        var step = Double.infinity
        for i in 0..<m {
            let a = sign * du[i], b = sign2 * du2[i]
            if a < 0 { step = Swift.min(step, -u[i] / a) }
            if b < 0 { step = Swift.min(step, -u2[i] / b) }
        }
        return step
    }

    // MARK: Interior point (Frisch–Newton, Mehrotra predictor–corrector)

    /// Solves (ÃᵀDÃ)·dβ = Ãᵀ(D·ρ) − rp with the factored g; then dx = D·(ρ − Ã·dβ).
    private func newtonDirection() {
        for i in 0..<m { t[i] = d[i] * rho[i] }
        applyTransposed(t, rhs)
        for c in 0..<k { rhs[c] -= rp[c] }
        LADDense.choleskySolve(g, k, rhs)
        for c in 0..<k { dbeta[c] = rhs[c] }
        apply(dbeta, t)
        for i in 0..<m { dx[i] = d[i] * (rho[i] - t[i]) }
    }

    /// Runs the interior-point method from the least-squares start; returns the iterations.
    func interiorPoint(beta: inout [Double], maxIter: Int, tol: Double) -> Int {
        // Least-squares start.
        for i in 0..<m { d[i] = 1 }
        gram(d)
        LADDense.choleskyFactor(g, k)
        for i in 0..<n { t[i] = P.y[i] }
        for j in 0..<np { t[n + j] = 0 }
        applyTransposed(t, rhs)
        LADDense.choleskySolve(g, k, rhs)
        for c in 0..<k { beta[c] = rhs[c] }
        beta.withUnsafeBufferPointer { residuals($0.baseAddress!) }

        var sumAbsY = 0.0, meanAbsR = 0.0
        for i in 0..<n { sumAbsY += abs(P.y[i]) }
        for i in 0..<m { meanAbsR += abs(r[i]) }
        meanAbsR /= Double(m)
        let shift = Swift.max(meanAbsR, 1e-12 * sumAbsY / Double(Swift.max(n, 1)), 1e-300)
        for i in 0..<m {
            x[i] = 0.5; s[i] = 0.5
            z[i] = Swift.max(r[i], 0) + shift
            v[i] = Swift.max(-r[i], 0) + shift
            t[i] = 1
        }
        applyTransposed(t, b0)
        for c in 0..<k { b0[c] *= 0.5 }
        let floor = Swift.max(1e-13 * sumAbsY, Double.leastNormalMagnitude)

        var iter = 0
        while iter < maxIter {
            // Feasibility residuals and the gap.
            beta.withUnsafeBufferPointer { residuals($0.baseAddress!) }
            applyTransposed(x, rp)
            for c in 0..<k { rp[c] = b0[c] - rp[c] }
            var gap = 0.0, sumAbsR = 0.0
            for i in 0..<m { gap += x[i] * v[i] + s[i] * z[i]; sumAbsR += abs(r[i]) }
            if gap <= tol * Swift.max(sumAbsR, floor) { break }
            iter += 1

            for i in 0..<m { d[i] = 1 / (z[i] / s[i] + v[i] / x[i]) }
            gram(d)
            LADDense.choleskyFactor(g, k)

            // Predictor (affine scaling): ρ = r_d + z − v = r, with r_d = r − z + v.
            for i in 0..<m { rho[i] = r[i] }
            newtonDirection()
            for i in 0..<m {
                dv[i] = -v[i] - v[i] * dx[i] / x[i]
                dz[i] = -z[i] + z[i] * dx[i] / s[i]
            }
            let aP = Swift.min(1, maxStep(x, dx, 1, s, dx, -1))
            let aD = Swift.min(1, maxStep(z, dz, 1, v, dv, 1))
            var gapAff = 0.0
            for i in 0..<m {
                let xi = x[i] + aP * dx[i], si = s[i] - aP * dx[i]
                gapAff += xi * (v[i] + aD * dv[i]) + si * (z[i] + aD * dz[i])
            }
            let mu = gap / Double(2 * m)
            let ratio = gapAff / gap
            let sigmaMu = Swift.min(1, ratio * ratio * ratio) * mu

            // Corrector: targets c1 (for x∘v) and c2 (for s∘z) with second-order terms;
            // kept in dv, dz until the new dx is known.
            for i in 0..<m {
                let c1 = sigmaMu - x[i] * v[i] - dx[i] * dv[i]
                let c2 = sigmaMu - s[i] * z[i] + dx[i] * dz[i]
                let rd = r[i] - z[i] + v[i]
                rho[i] = rd - c2 / s[i] + c1 / x[i]
                dv[i] = c1; dz[i] = c2
            }
            newtonDirection()
            for i in 0..<m {
                dv[i] = (dv[i] - v[i] * dx[i]) / x[i]
                dz[i] = (dz[i] + z[i] * dx[i]) / s[i]
            }
            let stepP = Swift.min(1, 0.99995 * maxStep(x, dx, 1, s, dx, -1))
            let stepD = Swift.min(1, 0.99995 * maxStep(z, dz, 1, v, dv, 1))
            for i in 0..<m {
                x[i] += stepP * dx[i]; s[i] -= stepP * dx[i]
                z[i] += stepD * dz[i]; v[i] += stepD * dv[i]
            }
            for c in 0..<k { beta[c] += stepD * dbeta[c] }
            if stepP < 1e-12 && stepD < 1e-12 { break }  // stalled: hand over to the crossover
        }
        return iter
    }

    // MARK: Crossover to a certified vertex

    /// Row `id` as a k-vector: a data row, a penalty row λ·eⱼ, or (id ≥ m) an artificial
    /// row e_{id−m} that fixes a coefficient a rank-deficient design leaves free.
    private func row(_ id: Int, _ out: UnsafeMutablePointer<Double>) {
        for c in 0..<k { out[c] = 0 }
        if id < n {
            for c in 0..<k { out[c] = P.a[id + c * n] }
        } else if id < m {
            out[id - n] = lam
        } else {
            out[id - m] = 1
        }
    }

    /// Picks k independent rows, preferring small |residual|: the candidate basis.
    private func initialBasis() -> [Int] {
        var order = Array(0..<m)
        var score = [Double](repeating: 0, count: m)
        for i in 0..<m { score[i] = abs(r[i]) }
        order.sort { score[$0] < score[$1] || (score[$0] == score[$1] && $0 < $1) }
        var basis: [Int] = []
        let q = UnsafeMutablePointer<Double>.allocate(capacity: k * k)  // orthonormal rows
        let w = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { q.deallocate(); w.deallocate() }
        func tryAdd(_ id: Int) {
            row(id, w)
            var norm0 = 0.0
            for c in 0..<k { norm0 += w[c] * w[c] }
            if norm0 == 0 { return }
            for _ in 0..<2 {  // Gram–Schmidt, twice for stability
                for b in 0..<basis.count {
                    let qb = q + b * k
                    var proj = 0.0
                    for c in 0..<k { proj += qb[c] * w[c] }
                    for c in 0..<k { w[c] -= proj * qb[c] }
                }
            }
            var norm = 0.0
            for c in 0..<k { norm += w[c] * w[c] }
            guard norm > 1e-16 * norm0 else { return }
            let inv = 1 / norm.squareRoot()
            let qb = q + basis.count * k
            for c in 0..<k { qb[c] = w[c] * inv }
            basis.append(id)
        }
        for id in order where basis.count < k { tryAdd(id) }
        for c in 0..<k where basis.count < k { tryAdd(m + c) }  // rank-deficient design
        return basis
    }

    /// Response of row `i` (data: ỹᵢ; penalty rows: 0), perturbed by `scale`·uᵢ with a fixed
    /// pseudo-random uᵢ ∈ ±[0.5, 1): distinct tiny shifts make every vertex non-degenerate.
    private func response(_ i: Int, perturbation scale: Double) -> Double {
        let base = i < n ? P.y[i] : 0
        if scale == 0 { return base }
        var h = UInt64(truncatingIfNeeded: i) &+ 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        let u = 0.5 + Double(h >> 12) / 9_007_199_254_740_992  // [0.5, 1)
        return base + (h & 1 == 0 ? u : -u) * scale * (i < n ? abs(base) + 1 : 1)
    }

    func crossover(beta: inout [Double], budget: Int) -> LADRawSolution {
        let ipmBeta = beta
        beta.withUnsafeBufferPointer { residuals($0.baseAddress!) }
        var ipmObjective = 0.0
        for i in 0..<m { ipmObjective += abs(r[i]) }

        // Pivots run on responses perturbed by ~1e-8 (relative to the mean |ỹ|): ties in the
        // data (integer responses) otherwise make vertices degenerate and the pivots cycle.
        var meanAbsY = 0.0
        for i in 0..<n { meanAbsY += abs(P.y[i]) }
        meanAbsY /= Double(Swift.max(n, 1))
        let eps = 1e-8 * Swift.max(meanAbsY, Double.leastNormalMagnitude)
        let yp = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let y0 = UnsafeMutablePointer<Double>.allocate(capacity: m)
        for i in 0..<m { yp[i] = response(i, perturbation: eps); y0[i] = response(i, perturbation: 0) }

        var basis = initialBasis()
        let lu = UnsafeMutablePointer<Double>.allocate(capacity: k * k)
        let piv = UnsafeMutablePointer<Int>.allocate(capacity: k)
        let work = UnsafeMutablePointer<Double>.allocate(capacity: k)
        let dB = UnsafeMutablePointer<Double>.allocate(capacity: k)  // dual values on the basis
        let delta = UnsafeMutablePointer<Double>.allocate(capacity: k)
        let signs = UnsafeMutablePointer<Double>.allocate(capacity: m)
        defer {
            for b in [lu, work, dB, delta, signs, yp, y0] { b.deallocate() }
            piv.deallocate()
        }
        var inBasis = [Bool](repeating: false, count: m)
        let zeroTol = t  // per-row tolerance for "residual is zero" (m values)
        var dataRows: [Int] = [], free: [Int] = [], kf = 0

        /// Factors the basis matrix A_{D,F} (data rows × free columns).
        func factorBasis() -> Bool {
            dataRows = []
            var fixed = [Bool](repeating: false, count: k)
            for id in basis {
                if id < n { dataRows.append(id) } else { fixed[id < m ? id - n : id - m] = true }
            }
            free = (0..<k).filter { !fixed[$0] }
            kf = free.count
            precondition(kf == dataRows.count, "LAD crossover: inconsistent basis")
            for (l, id) in dataRows.enumerated() {
                for (f, c) in free.enumerated() { lu[l + f * kf] = P.a[id + c * n] }
            }
            for i in 0..<m { inBasis[i] = false }
            for id in basis where id < m { inBasis[id] = true }
            return LADDense.luFactor(lu, kf, piv)
        }

        /// β on the vertex for responses `ys`: unit rows fix their coefficient (λβ_c = ys, or 0
        /// for artificial rows), the data rows are interpolated; then r = ys − Ã·β, with r = 0
        /// exactly on the basis, the zero tolerances, and the objective Σ|r|.
        func vertex(_ ys: UnsafePointer<Double>, zeroFactor: Double) -> Double {
            for c in 0..<k { beta[c] = 0 }
            for id in basis where id >= n && id < m { beta[id - n] = ys[id] / lam }
            for (l, id) in dataRows.enumerated() {
                var rhsValue = ys[id]
                for id2 in basis where id2 >= n && id2 < m { rhsValue -= P.a[id + (id2 - n) * n] * beta[id2 - n] }
                work[l] = rhsValue
            }
            LADDense.luSolve(lu, kf, piv, work)
            for (f, c) in free.enumerated() { beta[c] = work[f] }
            beta.withUnsafeBufferPointer { apply($0.baseAddress!, r) }
            var objective = 0.0
            for i in 0..<m {
                let fitted = r[i]
                r[i] = inBasis[i] ? 0 : ys[i] - fitted
                // |r| below `zeroFactor` of the row's scale counts as an exact zero: 1e-12 for
                // the original responses, 1e-14 (round-off only) for the perturbed ones.
                zeroTol[i] = zeroFactor * (abs(ys[i]) + abs(fitted))
                objective += abs(r[i])
            }
            return objective
        }

        /// The duals d of the basis rows from Ã_hᵀ·d = −Σ_{i∉h} signsᵢ·ãᵢ (artificial rows: 0).
        func basisDuals() -> [Double] {
            applyTransposed(signs, rhs)  // g
            for (f, c) in free.enumerated() { dB[f] = -rhs[c] }
            LADDense.luSolveTransposed(lu, kf, piv, dB)
            var duals = [Double](repeating: 0, count: k)
            for (l, id) in dataRows.enumerated() { duals[basis.firstIndex(of: id)!] = dB[l] }
            for (pos, id) in basis.enumerated() where id >= n && id < m {
                let c = id - n  // penalty row: d = (−g_c − A_{D,c}ᵀ·d_D)/λ
                var sum = -rhs[c]
                for (l, rid) in dataRows.enumerated() { sum -= P.a[rid + c * n] * dB[l] }
                duals[pos] = sum / lam
            }
            return duals
        }

        var bestBasis = basis, bestObjective = Double.infinity
        var pivots = 0, certified = false, maxDual = Double.infinity
        var degenerateRun = 0, lastObjective = Double.infinity

        while true {
            guard factorBasis() else { break }  // singular: keep the best so far
            let objective = vertex(yp, zeroFactor: 1e-14)
            // A pivot that does not lower the objective beyond round-off counts as degenerate.
            degenerateRun = objective < lastObjective - 1e-13 * lastObjective ? 0 : degenerateRun + 1
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
                    if a > 1 + LADSolver.dualTolerance && (leaving < 0 || id < basis[leaving]) { leaving = pos }
                } else if a > worst {
                    leaving = pos
                }
                worst = Swift.max(worst, a)
            }
            maxDual = worst
            if worst <= 1 + LADSolver.dualTolerance {
                certified = true
                bestBasis = basis
                break
            }
            if pivots >= budget { break }
            let leavingDual = duals[leaving]

            // Edge direction δ: Ã_h·δ = σ·e_leaving, σ = −sign(d_leaving); slope 1 − |d| < 0.
            let sigma: Double = leavingDual > 0 ? -1 : 1
            let leavingId = basis[leaving]
            for c in 0..<k { delta[c] = 0 }
            if leavingId < n {
                let pos = dataRows.firstIndex(of: leavingId)!
                for l in 0..<kf { work[l] = l == pos ? sigma : 0 }
            } else {
                let c = leavingId - n
                delta[c] = sigma / lam
                for (l, id) in dataRows.enumerated() { work[l] = -P.a[id + c * n] * delta[c] }
            }
            LADDense.luSolve(lu, kf, piv, work)
            for (f, c) in free.enumerated() { delta[c] = work[f] }
            apply(delta, dz)

            // Exact line search on Σ|rᵢ − τ·cᵢ|: breakpoints in order until the slope ≥ 0.
            var points: [(tau: Double, weight: Double, id: Int)] = []
            for i in 0..<m where !inBasis[i] {
                let ci = dz[i]
                if ci == 0 { continue }
                if signs[i] == 0 {
                    points.append((0, abs(ci), i))
                } else {
                    let tau = r[i] / ci
                    if tau > 0 { points.append((tau, 2 * abs(ci), i)) }
                }
            }
            points.sort { $0.tau < $1.tau || ($0.tau == $1.tau && $0.id < $1.id) }
            var slope = 1 - abs(leavingDual)
            var entering = -1
            for pt in points {
                slope += pt.weight
                if slope >= 0 { entering = pt.id; break }
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
            beta = ipmBeta
            return LADRawSolution(beta: beta, ipmIterations: 0, pivots: pivots, certified: false, maxDual: maxDual)
        }
        _ = vertex(yp, zeroFactor: 1e-14)
        for i in 0..<m { signs[i] = inBasis[i] ? 0 : (r[i] > 0 ? 1 : (r[i] < 0 ? -1 : 0)) }
        let objective = vertex(y0, zeroFactor: 1e-12)
        for i in 0..<m where !inBasis[i] && abs(r[i]) > zeroTol[i] { signs[i] = r[i] > 0 ? 1 : -1 }
        var worst = 0.0
        let finalDuals = basisDuals()
        for (pos, id) in basis.enumerated() where id < m { worst = Swift.max(worst, abs(finalDuals[pos])) }
        certified = certified && worst <= 1 + LADSolver.dualTolerance
        maxDual = worst
        if !certified && objective > ipmObjective { beta = ipmBeta }
        return LADRawSolution(beta: beta, ipmIterations: 0, pivots: pivots, certified: certified,
                              maxDual: maxDual)
    }
}
