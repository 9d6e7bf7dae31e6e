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
    /// The stop request of the fit (the design's), polled by the long loops over Â.
    let interrupt: Interruption

    init<T: BinaryFloatingPoint>(_ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty) throws(SwiftRegError) {
        let N = data.n, p = data.p, omega = data.omega
        interrupt = data.interrupt
        var kept = 0
        for i in 0..<N where omega[i] > 0 { kept += 1 }
        var free = 0, penalised = 0
        for j in 0..<p where penalty.lower[j] < penalty.upper[j] {
            free += 1
            if penalty.l1[j] > 0 { penalised += 1 }
        }
        n = kept
        features = free
        hasIntercept = data.fitIntercept
        k = free + (hasIntercept ? 1 : 0)
        np = penalised
        m = n + np
        lossScale = datafit.scale
        scale = Double(kept) / datafit.scale
        let (cells, overflow) = n.multipliedReportingOverflow(by: Swift.max(k, 1))
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        a = try WorkBuffer<Double>(count: cells)
        y = try WorkBuffer<Double>(count: n)
        h = try WorkBuffer<Double>(count: m)
        h2 = try WorkBuffer<Double>(count: m)
        tau = try WorkBuffer<Double>(count: m)
        q = try WorkBuffer<Double>(count: m)
        sample = try WorkBuffer<Int>(count: n)
        penaltyColumn = try WorkBuffer<Int>(count: np)
        feature = try WorkBuffer<Int>(count: free)
        quadratic = try WorkBuffer<Double>(repeating: 0, count: k)
        lower = try WorkBuffer<Double>(repeating: -.infinity, count: k)
        upper = try WorkBuffer<Double>(repeating: .infinity, count: k)
        columns = try WorkBuffer<Int>(count: k)
        scratch = try WorkBuffer<Double>(count: n)
        for c in 0..<k { columns[c] = c }

        var row = 0
        for i in 0..<N where omega[i] > 0 {
            sample[row] = i
            y[row] = data.y[i]
            h[row] = scale * datafit.scale * omega[i]
            tau[row] = datafit.quantile
            row += 1
        }
        var col = 0, pen = 0, quad = false, bounded = false
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
        for j in 0..<p {
            let l = penalty.lower[j], u = penalty.upper[j]
            if l < u {
                gather(j, a.base + col * n)
                feature[col] = j
                quadratic[col] = scale * penalty.l2[j]
                if penalty.l2[j] > 0 { quad = true }
                lower[col] = l
                upper[col] = u
                if l > -.infinity || u < .infinity { bounded = true }
                if penalty.l1[j] > 0 {
                    h[n + pen] = 2 * scale * penalty.l1[j]
                    tau[n + pen] = 0.5
                    penaltyColumn[pen] = col
                    pen += 1
                }
                col += 1
            } else if l != 0 {
                gather(j, work.base)
                for r in 0..<n { y[r] -= work[r] * l }
            }
        }
        if hasIntercept {
            let dst = a.base + free * n
            for r in 0..<n { dst[r] = 1 }
        }
        for i in 0..<m {
            h2[i] = h[i] * h[i]
            q[i] = 2 * tau[i] - 1
        }
        isQuadratic = quad
        isBounded = bounded
        for i in 0..<n where !y[i].isFinite { throw .overflow(argument: OverflowGuard.data) }
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
