/// The weighted, centred least-squares data every linear-model solver works on.
///
/// With weights sᵢ ≥ 0, S = Σ sᵢ, weighted means μⱼ = Σ sᵢxᵢⱼ / S and ȳ = Σ sᵢyᵢ / S:
///
///     x̃ᵢⱼ = √sᵢ·(xᵢⱼ − μⱼ),   ỹᵢ = √sᵢ·(yᵢ − ȳ)
///
/// so that Σ sᵢ(yᵢ − xᵢ·w − b)² minimised over b equals ‖ỹ − X̃w‖², the optimal intercept
/// being b = ȳ − μ·w. Without an intercept μ = 0 and ȳ = 0; without weights √sᵢ = 1.
///
/// X̃ is never materialised by the coordinate-descent solvers: the kernels below (``dot``,
/// ``axpy``, ``transposedProduct``, ``residual``, ``gram``) read the caller's X and form each
/// x̃ᵢⱼ on the fly, in registers, rounded to the storage type T exactly as a stored copy
/// would be (T((xᵢⱼ − μⱼ)·√sᵢ)), so the results are bit-for-bit those of a copy without its
/// n·p writes and reads. Solvers that want X̃ as a matrix (FISTA, subgradient, ridge, the
/// unpenalised projection) ask for ``explicitX()``, which copies once, on first use.
///
/// The initialiser validates the data: n ≥ 1, X and y finite, weights finite, ≥ 0, with a
/// positive sum.
@usableFromInline
final class CenteredDesign<T: BinaryFloatingPoint> {
    @usableFromInline let n: Int
    @usableFromInline let p: Int
    /// The caller's X, n × p column-major.
    @usableFromInline let raw: UnsafePointer<T>
    /// Whether X̃ differs from X (an intercept or weights).
    @usableFromInline let shifted: Bool
    /// √sᵢ (nil without weights).
    @usableFromInline let root: WorkBuffer<Double>?
    /// X̃ as a matrix, once ``explicitX()`` has been asked for (when it differs from X).
    @usableFromInline var ownedX: WorkBuffer<T>?
    /// ỹ (n values).
    @usableFromInline let yStorage: WorkBuffer<T>
    /// μ (p values; zeros without an intercept).
    @usableFromInline let xMean: WorkBuffer<Double>
    @usableFromInline let yMean: Double
    /// S = Σ sᵢ (n without weights).
    @usableFromInline let weightSum: Double
    /// dⱼ = ‖x̃ⱼ‖².
    @usableFromInline let columnNormSq: WorkBuffer<Double>
    /// ‖ỹ‖² = Σ sᵢ(yᵢ − ȳ)²: the unit of scikit-learn's tolerance.
    @usableFromInline let yNormSq: Double
    /// X̃ᵀỹ, once ``yCorrelations()`` has been asked for.
    @usableFromInline var qStorage: WorkBuffer<Double>?
    /// The stop request of the computation working on this design (its solvers poll it).
    @usableFromInline var interrupt = Interruption.never

    @inlinable var y: UnsafePointer<T> { UnsafePointer(yStorage.base) }

    @inlinable
    init(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>?, fitIntercept: Bool
    ) throws(SwiftRegError) {
        // X is checked for finite values in the fused pass below.
        try ModelInput.check(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, checkX: false)
        self.n = n
        self.p = p
        let sw = sampleWeight.map { $0.baseAddress! }
        let total = sampleWeight == nil ? Double(n) : blockSum(0, n) { Double(sw![$0]) }
        guard total > 0, total.isFinite else {
            throw .invalidArgument(argument: "sum(sample_weight)", value: total, requirement: "finite and > 0")
        }
        weightSum = total
        // With no features (or, never here, no samples) a buffer may have no base address;
        // it is then never read, so any valid pointer stands in for it.
        let xp = x.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
        let yp = y.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!

        var ym = 0.0
        if fitIntercept {
            ym = sw.map { ColumnKernels.dot(yp, $0, n) / total } ?? blockSum(0, n) { Double(yp[$0]) } / total
        }
        yMean = ym

        // √s, then ỹ.
        let root = try sw.map { (sw) throws(SwiftRegError) -> WorkBuffer<Double> in
            let r = try WorkBuffer<Double>(count: n)
            for i in 0..<n { r[i] = Double(sw[i]).squareRoot() }
            return r
        }
        self.root = root
        let yt = try WorkBuffer<T>(count: n)
        for i in 0..<n {
            let v = Double(yp[i]) - ym
            yt[i] = T(root.map { v * $0[i] } ?? v)
        }
        yStorage = yt
        raw = xp
        shifted = fitIntercept || root != nil
        ownedX = nil
        yNormSq = ColumnKernels.dot(UnsafePointer(yt.base), UnsafePointer(yt.base), n)

        // One pass over each column of X (the column stays in cache between the steps):
        // the finite check, the weighted mean μⱼ, dⱼ = ‖x̃ⱼ‖² and qⱼ = x̃ⱼᵀỹ, each summed
        // exactly as the separate kernels would (``dot``, ``gram``). Split over columns
        // across threads when large; every column is done by one thread in a fixed order.
        xMean = try WorkBuffer<Double>(repeating: 0, count: p)
        columnNormSq = try WorkBuffer<Double>(count: p)
        let q = try WorkBuffer<Double>(count: p)
        qStorage = q
        let bad = try WorkBuffer<Bool>(repeating: false, count: Swift.max(p, 1))
        let pieces = Swift.min(Parallel.threadCount, Swift.max(1, (n * p) / (1 << 18)), p)
        if pieces <= 1 {
            prepareColumns(0, p, weights: sw, total: total, fitIntercept: fitIntercept, bad: bad.base)
        } else {
            let work = UncheckedSendable((self, sw, bad.base))
            Parallel.concurrentPerform(iterations: pieces) { k in
                let (data, sw, bad) = work.value
                data.prepareColumns(p * k / pieces, p * (k + 1) / pieces, weights: sw, total: total,
                                    fitIntercept: fitIntercept, bad: bad)
            }
        }
        if let j = (0..<p).first(where: { bad[$0] }) {
            let col = UnsafeBufferPointer(start: xp + j * n, count: n)
            let i = col.firstIndex(where: { !$0.isFinite })!
            throw .invalidData(argument: "X", index: j * n + i, value: Double(col[i]))
        }
    }

    /// The fused first pass over columns lo..<hi (see the initialiser): bad[j] is set for a
    /// column holding a non-finite value, else μⱼ, dⱼ and qⱼ are stored.
    @inlinable
    func prepareColumns(
        _ lo: Int, _ hi: Int, weights sw: UnsafePointer<T>?, total: Double, fitIntercept: Bool,
        bad: UnsafeMutablePointer<Bool>
    ) {
        let n = self.n, q = qStorage!.base, yt = y
        for j in lo..<hi {
            let col = raw + j * n
            let probe = blockSum(0, n) { Double(col[$0] - col[$0]) }
            if probe.isNaN { bad[j] = true; continue }
            if fitIntercept {
                if let sw {
                    xMean[j] = ColumnKernels.dot(col, sw, n) / total
                } else {
                    xMean[j] = blockSum(0, n) { Double(col[$0]) } / total
                }
            }
            columnNormSq[j] = gram(j, j)
            // A column constant up to rounding (Σsᵢxᵢⱼ² = dⱼ + μⱼ²·S) is absorbed by the
            // intercept: its centred curvature is rounding only, so it counts as a zero column
            // (a coordinate step along it would move by 1/dⱼ).
            let constantLimit = 4096 * Double.ulpOfOne * Double.ulpOfOne * xMean[j] * xMean[j] * total
            if fitIntercept && constantLimit.isFinite && columnNormSq[j] <= constantLimit {
                columnNormSq[j] = 0
            }
            q[j] = dot(j, yt)
        }
    }

    /// Calls `body` with the accessor i ↦ x̃ᵢⱼ of column j (formed from X on the fly).
    @inlinable @inline(__always)
    func withColumn<R>(_ j: Int, _ body: ((Int) -> T) -> R) -> R {
        let src = raw + j * n
        if !shifted { return body { src[$0] } }
        let m = xMean[j]
        if let root {
            let rt = root.base
            return body { T((Double(src[$0]) - m) * rt[$0]) }
        }
        return body { T(Double(src[$0]) - m) }
    }

    /// x̃ⱼᵀv in float64.
    @inlinable @inline(__always)
    func dot<B: BinaryFloatingPoint>(_ j: Int, _ v: UnsafePointer<B>) -> Double {
        withColumn(j) { e in blockSum(0, n) { Double(e($0)) * Double(v[$0]) } }
    }

    /// x̃ⱼᵀx̃ₖ in float64.
    @inlinable
    func gram(_ j: Int, _ k: Int) -> Double {
        withColumn(j) { a in withColumn(k) { b in blockSum(0, n) { Double(a($0)) * Double(b($0)) } } }
    }

    /// r[i] += alpha·x̃ᵢⱼ, in the storage type of r.
    @inlinable @inline(__always)
    func axpy<B: BinaryFloatingPoint>(_ alpha: Double, _ j: Int, _ r: UnsafeMutablePointer<B>) {
        let a = B(alpha)
        withColumn(j) { e in for i in 0..<n { r[i] += a * B(e(i)) } }
    }

    /// r = ỹ − X̃w (columns with w[j] = 0 are skipped).
    @inlinable
    func residual<B: BinaryFloatingPoint>(_ w: UnsafePointer<Double>, _ r: UnsafeMutablePointer<B>) {
        let y = self.y
        for i in 0..<n { r[i] = B(y[i]) }
        for j in 0..<p where w[j] != 0 { axpy(-w[j], j, r) }
    }

    /// c[j] = x̃ⱼᵀv for every feature; split over features across threads when n·p is large
    /// (each c[j] is computed by one thread in a fixed order: no dependence on the thread count).
    @inlinable
    func transposedProduct<B: BinaryFloatingPoint>(_ v: UnsafePointer<B>, _ c: UnsafeMutablePointer<Double>) {
        let pieces = Swift.min(Parallel.threadCount, Swift.max(1, (n * p) / (1 << 18)), p)
        if pieces <= 1 {
            for j in 0..<p { c[j] = dot(j, v) }
            return
        }
        let work = UncheckedSendable((self, v, c))
        let p = self.p
        Parallel.concurrentPerform(iterations: pieces) { k in
            let (data, v, c) = work.value
            for j in (p * k / pieces)..<(p * (k + 1) / pieces) { c[j] = data.dot(j, v) }
        }
    }

    /// c[k] = x̃ₖᵀv for the columns k listed in `columns` (c is indexed by column).
    @inlinable
    func transposedProduct<B: BinaryFloatingPoint>(
        columns: UnsafeBufferPointer<Int>, _ v: UnsafePointer<B>, _ c: UnsafeMutablePointer<Double>
    ) {
        let m = columns.count
        let pieces = Swift.min(Parallel.threadCount, Swift.max(1, (n * m) / (1 << 18)), m)
        if pieces <= 1 {
            for k in columns { c[k] = dot(k, v) }
            return
        }
        let work = UncheckedSendable((self, v, c, columns))
        Parallel.concurrentPerform(iterations: pieces) { piece in
            let (data, v, c, columns) = work.value
            for i in (m * piece / pieces)..<(m * (piece + 1) / pieces) {
                let k = columns[i]
                c[k] = data.dot(k, v)
            }
        }
    }

    /// X̃ᵀỹ (computed once).
    @inlinable
    func yCorrelations() throws(SwiftRegError) -> UnsafePointer<Double> {
        if let qStorage { return UnsafePointer(qStorage.base) }
        let q = try WorkBuffer<Double>(count: p)
        transposedProduct(y, q.base)
        qStorage = q
        return UnsafePointer(q.base)
    }

    /// X̃ as an n × p column-major matrix: X itself when it needs no centring or weighting,
    /// else a copy made on first use.
    @inlinable
    func explicitX() throws(SwiftRegError) -> UnsafePointer<T> {
        if !shifted { return raw }
        if let ownedX { return UnsafePointer(ownedX.base) }
        let copy = try WorkBuffer<T>(count: n * p)
        for j in 0..<p {
            let dst = copy.base + j * n
            withColumn(j) { e in for i in 0..<n { dst[i] = e(i) } }
        }
        ownedX = copy
        return UnsafePointer(copy.base)
    }

    /// The intercept b = ȳ − μ·w of the model with centred coefficients w.
    @inlinable
    func intercept(_ w: UnsafePointer<Double>) -> Double {
        yMean - blockSum(0, p) { xMean[$0] * w[$0] }
    }
}

/// The input checks of every linear model, each rule written once.
public enum ModelInput {
    /// n ≥ 1, p ≥ 0, X holds n·p finite values (column-major), y n finite values, and the
    /// weights (if any) n finite values ≥ 0.
    @inlinable
    public static func check<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>?, checkX: Bool = true
    ) throws(SwiftRegError) {
        guard n >= 1 else {
            throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1")
        }
        guard p >= 0 else { throw .invalidLength(argument: "n_features", value: p) }
        guard x.count == n * p, x.count == 0 || x.baseAddress != nil else {
            throw .invalidArgument(argument: "X", value: Double(x.count), requirement: "n_samples * n_features values")
        }
        if checkX { try finite(x, "X") }
        try check(y: y, nSamples: n, sampleWeight: sampleWeight)
    }

    /// y holds n finite values and the weights (if any) n finite values ≥ 0.
    @inlinable
    public static func check<T: BinaryFloatingPoint>(
        y: UnsafeBufferPointer<T>, nSamples n: Int, sampleWeight: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) {
        guard y.count == n, y.baseAddress != nil else {
            throw .invalidArgument(argument: "y", value: Double(y.count), requirement: "n_samples values")
        }
        try finite(y, "y")
        if let sw = sampleWeight {
            guard sw.count == n else {
                throw .invalidArgument(argument: "sample_weight", value: Double(sw.count), requirement: "n_samples values")
            }
            _ = try Check.weights(sw)
        }
    }

    /// Every value finite, else ``SwiftRegError/invalidData(argument:index:value:)`` naming
    /// the first offender. One branch-free pass (x − x is NaN exactly for NaN and ±Inf).
    @inlinable
    public static func finite<T: BinaryFloatingPoint>(_ v: UnsafeBufferPointer<T>, _ name: String) throws(SwiftRegError) {
        let probe = reduce(count: v.count) { Double(v[$0] - v[$0]) }
        if probe.isNaN, let bad = v.firstIndex(where: { !$0.isFinite }) {
            throw .invalidData(argument: name, index: bad, value: Double(v[bad]))
        }
    }

    /// Penalty factors: p values, finite and ≥ 0.
    @inlinable
    public static func penaltyFactor(_ pf: UnsafeBufferPointer<Double>?, nFeatures p: Int) throws(SwiftRegError) {
        guard let pf else { return }
        guard pf.count == p else {
            throw .invalidArgument(argument: "penalty_factor", value: Double(pf.count), requirement: "n_features values")
        }
        for (j, f) in pf.enumerated() where !(f.isFinite && f >= 0) {
            throw .invalidArgument(argument: "penalty_factor[\(j)]", value: f, requirement: "finite and >= 0")
        }
    }

    /// l1_ratio in [0, 1].
    @inlinable
    public static func l1Ratio(_ rho: Double) throws(SwiftRegError) {
        guard rho >= 0, rho <= 1 else {
            throw .invalidArgument(argument: "l1_ratio", value: rho, requirement: "in [0, 1]")
        }
    }
}
