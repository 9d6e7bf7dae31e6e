/// The data of a regularised linear model with any datafit: X (n × p, column-major, the
/// caller's memory, never copied), y and the normalised weights ωᵢ = sᵢ/S (Σωᵢ = 1).
///
/// With an intercept the columns are used centred by their weighted means μⱼ = Σᵢ ωᵢxᵢⱼ:
/// x̃ᵢⱼ = xᵢⱼ − μⱼ, formed on the fly (x̃ⱼᵀv = xⱼᵀv − μⱼ·Σv). This reparametrises
/// xᵢ·w + b = x̃ᵢ·w + b′ with b = b′ − μ·w, and makes Σᵢ ωᵢx̃ᵢⱼ = 0: the intercept's step
/// and its dual constraint Σuᵢ = 0 then never disturb the features'. Unlike ``CenteredDesign``
/// the weights stay outside the columns, since they multiply φ(rᵢ), not rᵢ.
///
/// X is dense (column-major) or sparse (``SparseColumns``, read in place). Sparse columns are
/// centred implicitly: μⱼ is kept apart and folded into each inner product and update, so a
/// column's work grows with its stored values. Sparse X may also be left uncentred (μ = 0,
/// `centre: false`): the intercept is then a coordinate of its own, which keeps a coordinate
/// step's work at its column's stored values for datafits whose intercept condition Σaᵢ = 0
/// would otherwise need a pass over every sample per step (Huber).
///
/// The initialisers validate the data: n ≥ 1, X and y finite, weights finite, ≥ 0, with a
/// positive sum.
@usableFromInline
final class WeightedDesign<T: BinaryFloatingPoint> {
    /// X as the caller holds it.
    @usableFromInline
    enum Columns {
        case dense(UnsafePointer<T>)
        case sparse(SparseColumns<T>)
    }

    @usableFromInline let n: Int
    @usableFromInline let p: Int
    @usableFromInline let columns: Columns
    /// y in float64.
    @usableFromInline let y: WorkBuffer<Double>
    /// ωᵢ = sᵢ/S.
    @usableFromInline let omega: WorkBuffer<Double>
    /// S = Σ sᵢ (n without weights).
    @usableFromInline let weightSum: Double
    @usableFromInline let fitIntercept: Bool
    /// The shift μⱼ of the columns: their weighted means with an intercept (zeros without one,
    /// or for uncentred sparse X).
    @usableFromInline let mean: WorkBuffer<Double>
    /// Σᵢ ωᵢxᵢⱼ with an intercept (zeros without one): ``mean`` unless X is left uncentred.
    @usableFromInline let columnMean: WorkBuffer<Double>
    /// dⱼ = Σᵢ ωᵢx̃ᵢⱼ², the curvature of the squared datafit along feature j.
    @usableFromInline let columnNormSq: WorkBuffer<Double>
    /// Σᵢ ωᵢyᵢ (0 without an intercept).
    @usableFromInline let yMean: Double
    /// Whether the columns are centred (an intercept, and dense X or `centre`).
    @usableFromInline let centred: Bool
    /// The stop request of the computation working on this design (its solvers poll it).
    @usableFromInline var interrupt = Interruption.never

    /// Dense X (n × p, column-major).
    @inlinable
    convenience init(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>?, fitIntercept: Bool
    ) throws(SwiftRegError) {
        try ModelInput.check(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight)
        let xp = x.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
        try self.init(columns: .dense(xp), y: y, n: n, p: p, sampleWeight: sampleWeight,
                      fitIntercept: fitIntercept, centre: true)
    }

    /// Sparse X (validated by ``SparseColumns``); `centre: false` leaves the columns uncentred.
    @inlinable
    convenience init(
        sparse x: SparseColumns<T>, y: UnsafeBufferPointer<T>, sampleWeight: UnsafeBufferPointer<T>?,
        fitIntercept: Bool, centre: Bool = true
    ) throws(SwiftRegError) {
        try ModelInput.check(y: y, nSamples: x.nSamples, sampleWeight: sampleWeight)
        try self.init(columns: .sparse(x), y: y, n: x.nSamples, p: x.nFeatures, sampleWeight: sampleWeight,
                      fitIntercept: fitIntercept, centre: centre)
    }

    @inlinable
    init(
        columns: Columns, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        fitIntercept: Bool, centre: Bool
    ) throws(SwiftRegError) {
        self.n = n
        self.p = p
        self.fitIntercept = fitIntercept
        self.columns = columns
        self.centred = fitIntercept && centre
        let total = sampleWeight.map { sw in blockSum(0, n) { Double(sw[$0]) } } ?? Double(n)
        guard total > 0, total.isFinite else {
            throw .invalidArgument(argument: "sum(sample_weight)", value: total, requirement: "finite and > 0")
        }
        weightSum = total
        let yd = try WorkBuffer<Double>(count: n), om = try WorkBuffer<Double>(count: n)
        for i in 0..<n {
            yd[i] = Double(y[i])
            om[i] = (sampleWeight.map { Double($0[i]) } ?? 1) / total
        }
        self.y = yd
        omega = om
        mean = try WorkBuffer<Double>(repeating: 0, count: p)
        columnMean = try WorkBuffer<Double>(repeating: 0, count: p)
        columnNormSq = try WorkBuffer<Double>(count: p)
        yMean = fitIntercept ? blockSum(0, n) { om[$0] * yd[$0] } : 0
        switch columns {
        case let .dense(x):
            for j in 0..<p {
                let col = x + j * n
                if fitIntercept { mean[j] = blockSum(0, n) { om[$0] * Double(col[$0]) } }
                columnMean[j] = mean[j]
                let m = mean[j]
                columnNormSq[j] = blockSum(0, n) { let v = Double(col[$0]) - m; return om[$0] * v * v }
            }
        case let .sparse(x):
            let omegaSum = blockSum(0, n) { om[$0] }
            for j in 0..<p {
                if fitIntercept { columnMean[j] = x.sum(j) { i, v in om[i] * v } }
                let m = centre ? columnMean[j] : 0
                mean[j] = m
                // Σᵢ ωᵢ(xᵢⱼ − m)²: the stored rows, plus m² times the weight of the others.
                let stored = x.sum(j) { i, v in let d = v - m; return om[i] * d * d }
                let storedWeight = m == 0 ? 0 : x.sum(j) { i, _ in om[i] }
                columnNormSq[j] = stored + m * m * Swift.max(0, omegaSum - storedWeight)
            }
        }
        // A column constant up to rounding (Σᵢωᵢ = 1, so Σᵢωᵢxᵢⱼ² = dⱼ + μⱼ²) has a centred
        // curvature of rounding size only: with an intercept its coefficient is not identified
        // (the intercept absorbs it), and a step along it would move by 1/dⱼ. It counts as a
        // zero column, held at the point of its box nearest 0.
        if fitIntercept {
            let floor = (64 * Double.ulpOfOne) * (64 * Double.ulpOfOne)
            for j in 0..<p where columnNormSq[j] > 0 && (floor * columnMean[j] * columnMean[j]).isFinite
                && columnNormSq[j] <= floor * columnMean[j] * columnMean[j] {
                columnNormSq[j] = 0
            }
        }
        guard yMean.isFinite else { throw .overflow(argument: OverflowGuard.data) }
        for j in 0..<p where !(columnNormSq[j].isFinite && mean[j].isFinite && columnMean[j].isFinite) {
            throw .overflow(argument: OverflowGuard.data)
        }
    }

    /// The caller's dense X (the methods that need X as a matrix take dense X only).
    @inlinable var denseX: UnsafePointer<T> {
        guard case let .dense(x) = columns else { preconditionFailure("a dense-only method was given sparse X") }
        return x
    }

    @inlinable var isSparse: Bool {
        if case .sparse = columns { return true }
        return false
    }

    /// (x̃ⱼᵀv, Σv) for v in float64: one pass over column j (for sparse X, Σv is a pass over v:
    /// ``transposedProduct`` shares it between columns).
    @inlinable @inline(__always)
    func dot(_ j: Int, _ v: UnsafePointer<Double>) -> Double {
        switch columns {
        case let .dense(x):
            let col = x + j * n
            if !fitIntercept { return blockSum(0, n) { Double(col[$0]) * v[$0] } }
            var s0 = 0.0, s1 = 0.0, t0 = 0.0, t1 = 0.0
            var i = 0
            while i + 2 <= n {
                s0 += Double(col[i]) * v[i]; t0 += v[i]
                s1 += Double(col[i + 1]) * v[i + 1]; t1 += v[i + 1]
                i += 2
            }
            if i < n { s0 += Double(col[i]) * v[i]; t0 += v[i] }
            return (s0 + s1) - mean[j] * (t0 + t1)
        case let .sparse(x):
            let s = x.sum(j) { i, e in e * v[i] }
            return mean[j] == 0 ? s : s - mean[j] * blockSum(0, n) { v[$0] }
        }
    }

    /// r[i] += a·x̃ᵢⱼ.
    @inlinable @inline(__always)
    func axpy(_ a: Double, _ j: Int, _ r: UnsafeMutablePointer<Double>) {
        let shift = a * mean[j]
        switch columns {
        case let .dense(x):
            let col = x + j * n
            for i in 0..<n { r[i] += a * Double(col[i]) - shift }
        case let .sparse(x):
            x.forEach(j) { i, e in r[i] += a * e }
            if shift != 0 { for i in 0..<n { r[i] -= shift } }
        }
    }

    /// r[i] += Σⱼ aⱼ·x̃ᵢⱼ over the columns j of `set` with their aⱼ (for sparse X the shifts are
    /// summed first and applied in one pass).
    @inlinable
    func axpy<S: Sequence<Int>>(_ set: S, _ a: (Int) -> Double, _ r: UnsafeMutablePointer<Double>) {
        switch columns {
        case .dense:
            for j in set { let c = a(j); if c != 0 { axpy(c, j, r) } }
        case let .sparse(x):
            var shift = 0.0
            for j in set {
                let c = a(j)
                if c == 0 { continue }
                x.forEach(j) { i, e in r[i] += c * e }
                shift += c * mean[j]
            }
            if shift != 0 { for i in 0..<n { r[i] -= shift } }
        }
    }

    /// r = y − X̃w − b′.
    @inlinable
    func residual(_ w: UnsafePointer<Double>, intercept b: Double, _ r: UnsafeMutablePointer<Double>) {
        for i in 0..<n { r[i] = y[i] - b }
        axpy(0..<p, { -w[$0] }, r)
    }

    /// z = X̃ᵀu.
    @inlinable
    func transposedProduct(_ u: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) {
        switch columns {
        case .dense:
            for j in 0..<p { z[j] = dot(j, u) }
        case let .sparse(x):
            let total = fitIntercept ? blockSum(0, n) { u[$0] } : 0
            for j in 0..<p { z[j] = x.sum(j) { i, e in e * u[i] } - mean[j] * total }
        }
    }

    /// An upper bound on Σᵢ|x̃ᵢⱼuᵢ| (exact for dense X), the scale of x̃ⱼᵀu's rounding;
    /// `absSum` = Σ|uᵢ|.
    @inlinable
    func absoluteProduct(_ j: Int, _ u: UnsafePointer<Double>, absSum: Double) -> Double {
        switch columns {
        case let .dense(x):
            let col = x + j * n, m = mean[j]
            return blockSum(0, n) { abs((Double(col[$0]) - m) * u[$0]) }
        case let .sparse(x):
            return x.sum(j) { i, e in abs(e * u[i]) } + abs(mean[j]) * absSum
        }
    }

    /// Σᵢ|xᵢⱼ|·vᵢ + |μⱼ|·Σᵢvᵢ for vᵢ ≥ 0 (`sum` = Σvᵢ): the scale of the rounding of ``dot``
    /// and ``transposedProduct``, which fold the centring μⱼ·Σv into a product with the
    /// uncentred column (larger than ``absoluteProduct``'s for a column far from 0).
    @inlinable
    func roundingScale(_ j: Int, _ v: UnsafePointer<Double>, sum: Double) -> Double {
        switch columns {
        case let .dense(x):
            let col = x + j * n
            return blockSum(0, n) { abs(Double(col[$0])) * v[$0] } + abs(mean[j]) * sum
        case let .sparse(x):
            return x.sum(j) { i, e in abs(e) * v[i] } + abs(mean[j]) * sum
        }
    }

    /// xⱼᵀv − cⱼ·Σv with cⱼ = ``columnMean``: x̃ⱼᵀv for centred columns, and for uncentred
    /// ones the product with the column centred all the same (the projection of the duality
    /// gap keeps Σu = 0 that way).
    @inlinable
    func centredDot(_ j: Int, _ v: UnsafePointer<Double>) -> Double {
        let d = dot(j, v)
        let shift = columnMean[j] - mean[j]
        return shift == 0 ? d : d - shift * blockSum(0, n) { v[$0] }
    }

    /// out[i] = ωᵢ·(xᵢⱼ − cⱼ), cⱼ = ``columnMean`` (ωᵢ·x̃ᵢⱼ for centred columns).
    @inlinable
    func columnTimesWeights(_ j: Int, _ out: UnsafeMutablePointer<Double>) {
        let m = columnMean[j]
        switch columns {
        case let .dense(x):
            let col = x + j * n
            for i in 0..<n { out[i] = omega[i] * (Double(col[i]) - m) }
        case let .sparse(x):
            for i in 0..<n { out[i] = -omega[i] * m }
            x.forEach(j) { i, e in out[i] += omega[i] * e }
        }
    }

    /// The intercept on the original scale: b = b′ − μ·w.
    @inlinable
    func intercept(_ b: Double, _ w: UnsafePointer<Double>) -> Double {
        fitIntercept ? b - blockSum(0, p) { mean[$0] * w[$0] } : 0
    }

    /// F = Σᵢ ωᵢ·φ(rᵢ).
    @inlinable
    func datafitValue<D: Datafit>(_ datafit: D, _ r: UnsafePointer<Double>) -> Double {
        blockSum(0, n) { omega[$0] == 0 ? 0 : omega[$0] * datafit.value(r[$0]) }
    }
}
