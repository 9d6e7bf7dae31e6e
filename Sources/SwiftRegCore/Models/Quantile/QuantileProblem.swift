/// The pinball problem of ``QuantileSolver`` in the augmented form its interior point and
/// crossover work on: minimise over β = (w_F, b′)
///
///     Σᵢ ρ_τᵢ(hᵢ·(ỹᵢ − ãᵢ·β)) + ½·βᵀMβ,   ρ_τ(r) = max(τr, (τ − 1)r),   l ≤ β ≤ u,
///
/// which is K·(F + R) for the constant K = n₊/c (n₊ the samples of positive weight):
/// - data rows (one per sample with ωᵢ > 0): ãᵢ = (x̃ᵢ_F, 1), ỹᵢ = yᵢ − Σ_{j fixed} x̃ᵢⱼlⱼ,
///   hᵢ = K·c·ωᵢ and τᵢ = τ, since ρ_τ(h·r) = h·ρ_τ(r) = K·ωᵢ·φ(r);
/// - penalty rows (one per free feature with λⱼ > 0): ã = eⱼ, ỹ = 0, h = 2Kλⱼ, τ = ½
///   (ρ_½(−2Kλⱼwⱼ) = Kλⱼ|wⱼ|);
/// - M = K·diag(μ_F, 0), the bounds those of the free features (the intercept is free).
/// F are the features with lⱼ < uⱼ; a feature with lⱼ = uⱼ is fixed at lⱼ and moved into ỹ.
/// The scaled rows are âᵢ = hᵢãᵢ, ŷᵢ = hᵢỹᵢ; the LP dual of the rows is d̂ᵢ ∈ [τᵢ − 1, τᵢ],
/// and a sample's dual in the units of ``GeneralDualGap`` is uᵢ = c·ωᵢ·d̂ᵢ.
///
/// X̃ is copied once into float64 (n₊ × k, the intercept a column of ones): the interior point
/// reads it twice per iteration and the crossover row by row.
///
/// **Equilibration.** The problem is stored in scaled units, exactly (every factor is a power
/// of 2): column c of ã is divided by σ_c (about its largest |ãᵢc|), ỹ by σ_y (about its
/// largest |ỹᵢ|), and β′_c = β_c·σ_c/σ_y. Twice the objective then scales by 1/σ_y: a penalty
/// row's h becomes h/σ_c, M_c becomes M_c·σ_y/σ_c², a bound l_c becomes l_c·σ_c/σ_y, and the row
/// duals d̂ are unchanged. ``coefficient(_:_:)`` maps β′ back.
///
/// **Wide designs.** When the columns outnumber the data rows (k > n₊), the unpenalised,
/// unbounded columns without an L2 term (and the intercept) enter the objective only through
/// their span: a maximal independent subset of them (Gram–Schmidt in column order, the
/// intercept first) is kept and the others are fixed at 0, which leaves the optimum unchanged.
/// A free column of ``QuantileProblem`` while it is built.
struct KeptColumn { var feature: Int; var l2: Double; var l1: Double; var lower: Double; var upper: Double }

final class QuantileProblem {
    /// Data rows n₊, columns k, free features (the first `features` columns), penalty rows.
    let n: Int, k: Int, features: Int, np: Int, m: Int
    let hasIntercept: Bool
    /// ã, n × k column-major (unscaled).
    let a: WorkBuffer<Double>
    /// ỹ (n, unscaled).
    let y: WorkBuffer<Double>
    /// hᵢ and hᵢ² (m).
    let h: WorkBuffer<Double>, h2: WorkBuffer<Double>
    /// τᵢ and qᵢ = 2τᵢ − 1 (m).
    let tau: WorkBuffer<Double>, q: WorkBuffer<Double>
    /// The sample of each data row (n), the column of each penalty row (np), the feature of
    /// each free column (features).
    let sample: WorkBuffer<Int>, penaltyColumn: WorkBuffer<Int>, feature: WorkBuffer<Int>
    /// M's diagonal and the bounds (k).
    let quadratic: WorkBuffer<Double>, lower: WorkBuffer<Double>, upper: WorkBuffer<Double>
    /// 0..<k (column lists for the Gram kernel), scratch (n).
    let columns: WorkBuffer<Int>, scratch: WorkBuffer<Double>
    /// K.
    let scale: Double
    /// c (the pinball scale).
    let lossScale: Double
    /// Whether some μⱼ > 0, whether some free bound is finite.
    let isQuadratic: Bool, isBounded: Bool
    /// The binary exponents of σ_c (k) and of σ_y (see the equilibration above).
    let columnExponent: WorkBuffer<Int>
    let responseExponent: Int
    /// The columns given the proximal term (see the equilibration in ``init``).
    let proximalColumns: Int
    /// Whether the column has no penalty row, no L2 term and no finite bound (k).
    let unconstrained: WorkBuffer<Bool>
    /// The value of each feature that is not a column (p): lⱼ when lⱼ = uⱼ, the point of the
    /// box nearest 0 for a box too narrow to matter, 0 for a column left out of a wide design.
    let fixedValue: WorkBuffer<Double>
    /// The stop request of the fit (the design's), polled by the long loops over Â.
    let interrupt: Interruption

    init<T: BinaryFloatingPoint>(
        _ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, proximal: Bool = false
    ) throws(SwiftRegError) {
        let N = data.n, p = data.p, omega = data.omega
        interrupt = data.interrupt
        var kept = 0
        for i in 0..<N where omega[i] > 0 { kept += 1 }
        var candidates = 0
        for j in 0..<p where penalty.lower[j] < penalty.upper[j] { candidates += 1 }
        let columnsAllocated = candidates + (data.fitIntercept ? 1 : 0)
        n = kept
        hasIntercept = data.fitIntercept
        lossScale = datafit.scale
        scale = Double(kept) / datafit.scale
        // Reduce the unconstrained columns to an independent subset when the design is wide.
        let reduce = columnsAllocated > kept
        let (cells, overflow) = n.multipliedReportingOverflow(by: Swift.max(columnsAllocated, 1))
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        let a = try WorkBuffer<Double>(count: cells)
        self.a = a
        y = try WorkBuffer<Double>(count: n)
        sample = try WorkBuffer<Int>(count: n)
        scratch = try WorkBuffer<Double>(count: n)
        var row = 0
        for i in 0..<N where omega[i] > 0 {
            sample[row] = i
            y[row] = data.y[i]
            row += 1
        }
        // For sparse X, the row of each sample in the problem (−1: weight 0, left out).
        let position = try data.isSparse ? WorkBuffer<Int>(repeating: -1, count: N) : nil
        if let position { for r in 0..<n { position[sample[r]] = r } }
        let sample = self.sample, rows = kept, work = scratch
        /// dst[r] = x̃ of sample r in column j.
        let gather = { (j: Int, dst: UnsafeMutablePointer<Double>) in
            let n = rows, mean = data.mean[j]
            switch data.columns {
            case let .dense(x):
                let src = x + j * N
                for r in 0..<n { dst[r] = Double(src[sample[r]]) - mean }
            case let .sparse(x):
                for r in 0..<n { dst[r] = -mean }
                x.forEach(j) { i, v in let r = position.unsafelyUnwrapped[i]; if r >= 0 { dst[r] += v } }
            }
        }
        // The orthonormal basis of the kept unconstrained columns (reduction only).
        let basis = try WorkBuffer<Double>(count: reduce ? kept * Swift.min(Swift.max(kept, 1), columnsAllocated) : 0)
        var basisCount = 0
        /// Whether column `col` of a (unconstrained) is independent of the kept ones; adds it.
        func independent(_ col: UnsafePointer<Double>) -> Bool {
            guard basisCount < rows else { return false }
            let q = work
            var norm0 = 0.0
            for r in 0..<rows { q[r] = col[r]; norm0 += col[r] * col[r] }
            guard norm0 > 0 else { return false }
            for _ in 0..<2 {
                for b in 0..<basisCount {
                    let qb = basis.base + b * rows
                    var proj = 0.0
                    for r in 0..<rows { proj += qb[r] * q[r] }
                    for r in 0..<rows { q[r] -= proj * qb[r] }
                }
            }
            var norm = 0.0
            for r in 0..<rows { norm += q[r] * q[r] }
            guard norm > 1e-20 * norm0 else { return false }
            let inv = 1 / norm.squareRoot(), qb = basis.base + basisCount * rows
            for r in 0..<rows { qb[r] = q[r] * inv }
            basisCount += 1
            return true
        }
        if reduce && hasIntercept {
            let ones = try WorkBuffer<Double>(repeating: 1, count: kept)
            _ = independent(UnsafePointer(ones.base))
        }
        fixedValue = try WorkBuffer<Double>(repeating: 0, count: p)
        // A box whose width times the column's size is below 1e-30 of the response's scale
        // moves the residuals by less than their rounding: the coefficient is pinned at the
        // box's point nearest 0 (the interior point could not represent its barrier).
        var maxAbsY = 0.0
        for r in 0..<rows { maxAbsY = Swift.max(maxAbsY, abs(y[r])) }
        let negligible = 1e-30 * Swift.max(maxAbsY, Double.leastNormalMagnitude)
        var kept2: [KeptColumn] = []
        kept2.reserveCapacity(candidates)
        var col = 0
        for j in 0..<p {
            let l = penalty.lower[j], u = penalty.upper[j]
            var pinned = l == u
            if l < u {
                let dst = a.base + col * rows
                gather(j, dst)
                var maxA = 0.0
                for r in 0..<rows { maxA = Swift.max(maxA, abs(dst[r])) }
                if (u - l).isFinite && (u - l) * maxA <= negligible { pinned = true }
            }
            if !pinned {
                let dst = a.base + col * rows
                // An L1 weight below 1e-12 of the datafit's largest pull on the coefficient,
                // c·max(τ, 1 − τ)·Σᵣωᵣ|x̃ᵣⱼ| (a tiny α), moves the optimum by less than the
                // solver's own accuracy, while its penalty row, 1e12 times lighter than the
                // data rows, breaks the interior point: the solve leaves it out. The
                // certificate is computed with it (``GeneralDualGap``).
                // So is an L2 weight μⱼ whose pull μⱼ·wⱼ at a coefficient of the size
                // max|y|/‖x̃ⱼ‖ is below 1e-12 of that pull: a linear programme then, with its
                // exact vertex.
                var l1 = penalty.l1[j], l2 = penalty.l2[j]
                if l1 > 0 || l2 > 0 {
                    var pull = 0.0, normSq = 0.0
                    for r in 0..<rows {
                        let om = omega[sample[r]]
                        pull += om * abs(dst[r])
                        normSq += om * dst[r] * dst[r]
                    }
                    pull *= datafit.scale * Swift.max(datafit.quantile, 1 - datafit.quantile)
                    if l1 <= 1e-12 * pull { l1 = 0 }
                    if l2 * maxAbsY <= 1e-12 * pull * normSq.squareRoot() { l2 = 0 }
                }
                let free = l1 == 0 && l2 == 0 && l == -.infinity && u == .infinity
                if reduce && free && !independent(UnsafePointer(dst)) { continue }  // in the span: fixed at 0
                kept2.append(KeptColumn(feature: j, l2: l2, l1: l1, lower: l, upper: u))
                col += 1
            } else {
                let v = penalty.clamp(j, 0)
                fixedValue[j] = v
                if v != 0 {
                    gather(j, work.base)
                    for r in 0..<rows { y[r] -= work[r] * v }
                }
            }
        }
        let free = col
        features = free
        k = free + (hasIntercept ? 1 : 0)
        var penalised = 0
        for c in kept2 where c.l1 > 0 { penalised += 1 }
        np = penalised
        m = n + np
        h = try WorkBuffer<Double>(count: m)
        h2 = try WorkBuffer<Double>(count: m)
        tau = try WorkBuffer<Double>(count: m)
        q = try WorkBuffer<Double>(count: m)
        penaltyColumn = try WorkBuffer<Int>(count: np)
        feature = try WorkBuffer<Int>(count: free)
        quadratic = try WorkBuffer<Double>(repeating: 0, count: k)
        lower = try WorkBuffer<Double>(repeating: -.infinity, count: k)
        upper = try WorkBuffer<Double>(repeating: .infinity, count: k)
        columns = try WorkBuffer<Int>(count: k)
        columnExponent = try WorkBuffer<Int>(repeating: 0, count: k)
        unconstrained = try WorkBuffer<Bool>(repeating: true, count: k)
        for c in 0..<k { columns[c] = c }
        for r in 0..<n {
            h[r] = scale * datafit.scale * omega[sample[r]]
            tau[r] = datafit.quantile
        }
        if hasIntercept {
            let dst = a.base + free * n
            for r in 0..<n { dst[r] = 1 }
        }

        // The equilibration: σ_y, then σ_c per column (powers of 2).
        var maxY = 0.0
        for r in 0..<n { maxY = Swift.max(maxY, abs(y[r])) }
        let ey = maxY > 0 && maxY.isFinite ? Int(maxY.exponent) : 0
        responseExponent = ey
        for r in 0..<n { y[r] = Self.scaled(y[r], -ey) }

        var pen = 0, quad = false, bounded = false
        for (c, info) in kept2.enumerated() {
            let dst = a.base + c * n
            var maxA = 0.0
            for r in 0..<n { maxA = Swift.max(maxA, abs(dst[r])) }
            let ec = maxA > 0 && maxA.isFinite ? Int(maxA.exponent) : 0
            columnExponent[c] = ec
            if ec != 0 { for r in 0..<n { dst[r] = Self.scaled(dst[r], -ec) } }
            feature[c] = info.feature
            // M_c·σ_y/σ_c² (K·μ in the unscaled units).
            quadratic[c] = Self.scaled(scale * info.l2, ey - 2 * ec)
            if info.l2 > 0 { quad = true }
            lower[c] = Self.scaled(info.lower, ec - ey)
            upper[c] = Self.scaled(info.upper, ec - ey)
            if info.lower > -.infinity || info.upper < .infinity { bounded = true }
            if info.l1 > 0 {
                h[n + pen] = Self.scaled(2 * scale * info.l1, -ec)
                tau[n + pen] = 0.5
                penaltyColumn[pen] = c
                pen += 1
            }
            unconstrained[c] = info.l1 == 0 && info.l2 == 0 && info.lower == -.infinity && info.upper == .infinity
        }
        // In the QP form (some μⱼ > 0 or a finite bound), a column with no L1 weight, no finite
        // box and no (or a negligible) L2 weight may lie along an unbounded optimal face (one sample, w ≥ 0 and
        // 3w₀ − 1.5w₁ = y: every point of a ray fits it exactly), where the interior point's
        // central path drifts off to infinity. A proximal term ½·1e-12·Σᵢhᵢ·β_c² on those
        // columns keeps it bounded: the pinball loss is sharp, so a small enough quadratic
        // perturbation of a linear program is solved by an exact optimum of it (the one of
        // least norm). The certificate is computed for the problem as given.
        // Only with `proximal` (a second attempt, see ``QuantileSolver``): the term is below
        // the rounding of most fits but not of the tightest tolerances.
        var proximalCount = 0
        if proximal && (quad || bounded) {
            var sumH = 0.0
            for r in 0..<n { sumH += h[r] }
            for (c, info) in kept2.enumerated() where info.l1 == 0 && !(info.lower > -.infinity && info.upper < .infinity) {
                quadratic[c] = Swift.max(quadratic[c], 1e-12 * sumH)
                proximalCount += 1
            }
        }
        proximalColumns = proximalCount
        for i in 0..<m {
            h2[i] = h[i] * h[i]
            q[i] = 2 * tau[i] - 1
        }
        isQuadratic = quad
        isBounded = bounded
        for i in 0..<n where !y[i].isFinite { throw .overflow(argument: OverflowGuard.data) }
        for i in 0..<m where !(h[i].isFinite && h2[i].isFinite) { throw .overflow(argument: OverflowGuard.data) }
    }

    /// x·2^e, exact unless it leaves the range of Double (in steps, so that 2^e itself may).
    @inline(__always)
    static func scaled(_ x: Double, _ e: Int) -> Double {
        if e == 0 || x == 0 || !x.isFinite { return x }
        var v = x, e = e
        while e != 0 {
            let step = Swift.max(-1000, Swift.min(1000, e))
            v *= Double(sign: .plus, exponent: step, significand: 1)
            e -= step
        }
        return v
    }

    /// The coefficient of column c in the caller's units: β′_c·σ_y/σ_c.
    @inline(__always)
    func coefficient(_ beta: UnsafePointer<Double>, _ c: Int) -> Double {
        Self.scaled(beta[c], responseExponent - columnExponent[c])
    }

    /// The scaled response ŷᵢ (0 on penalty rows).
    @inline(__always)
    func response(_ i: Int) -> Double { i < n ? h[i] * y[i] : 0 }

    /// Entry (i, c) of Â for a data row i.
    @inline(__always)
    func entry(_ i: Int, _ c: Int) -> Double { h[i] * a[i + c * n] }

    /// out (m) = Â·β.
    func apply(_ beta: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        for i in 0..<n { out[i] = 0 }
        for c in 0..<k where beta[c] != 0 {
            let col = a.base + c * n, b = beta[c]
            for i in 0..<n { out[i] += col[i] * b }
        }
        for i in 0..<n { out[i] *= h[i] }
        for j in 0..<np { out[n + j] = h[n + j] * beta[penaltyColumn[j]] }
    }

    /// out (k) = Âᵀ·v for v of m values.
    func applyTransposed(_ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        let t = scratch.base
        for i in 0..<n { t[i] = h[i] * v[i] }
        ColumnKernels.transposedProduct(UnsafePointer(a.base), n, k, UnsafePointer(t), out)
        for j in 0..<np { out[penaltyColumn[j]] += h[n + j] * v[n + j] }
    }

    /// g (k × k, both triangles) = Âᵀ·diag(d)·Â.
    func gram(_ d: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) {
        let t = scratch.base, ab = UnsafePointer(a.base)
        for b in 0..<k {
            if b & 7 == 7 && interrupt.requested { return }   // abandoned: the caller checks
            let col = a.base + b * n
            for i in 0..<n { t[i] = h2[i] * d[i] * col[i] }
            ColumnKernels.gramEntries(ab, n, columns: UnsafeBufferPointer(start: columns.base, count: b + 1), UnsafePointer(t), g + b * k)
        }
        for b in 0..<k { for c in 0..<b { g[b + c * k] = g[c + b * k] } }
        for j in 0..<np {
            let c = penaltyColumn[j]
            g[c + c * k] += h2[n + j] * d[n + j]
        }
    }
}
