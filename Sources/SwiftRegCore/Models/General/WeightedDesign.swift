/// The data of a regularised linear model with any datafit: X (n × p, column-major, the
/// caller's memory, never copied), y and the normalised weights ωᵢ = sᵢ/S (Σωᵢ = 1).
///
/// With an intercept the columns are used centred by their weighted means μⱼ = Σᵢ ωᵢxᵢⱼ:
/// x̃ᵢⱼ = xᵢⱼ − μⱼ, formed on the fly (x̃ⱼᵀv = xⱼᵀv − μⱼ·Σv). This reparametrises
/// xᵢ·w + b = x̃ᵢ·w + b′ with b = b′ − μ·w, and makes Σᵢ ωᵢx̃ᵢⱼ = 0: the intercept's step
/// and its dual constraint Σuᵢ = 0 then never disturb the features'. Unlike ``CenteredDesign``
/// the weights stay outside the columns, since they multiply φ(rᵢ), not rᵢ.
///
/// The initialiser validates the data: n ≥ 1, X and y finite, weights finite, ≥ 0, with a
/// positive sum.
@usableFromInline
final class WeightedDesign<T: BinaryFloatingPoint> {
    @usableFromInline let n: Int
    @usableFromInline let p: Int
    @usableFromInline let x: UnsafePointer<T>
    /// y in float64.
    @usableFromInline let y: WorkBuffer<Double>
    /// ωᵢ = sᵢ/S.
    @usableFromInline let omega: WorkBuffer<Double>
    /// S = Σ sᵢ (n without weights).
    @usableFromInline let weightSum: Double
    @usableFromInline let fitIntercept: Bool
    /// μⱼ (zeros without an intercept).
    @usableFromInline let mean: WorkBuffer<Double>
    /// dⱼ = Σᵢ ωᵢx̃ᵢⱼ², the curvature of the squared datafit along feature j.
    @usableFromInline let columnNormSq: WorkBuffer<Double>
    /// Σᵢ ωᵢyᵢ (0 without an intercept).
    @usableFromInline let yMean: Double

    @inlinable
    init(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>?, fitIntercept: Bool
    ) throws(SwiftRegError) {
        try ModelInput.check(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight)
        self.n = n
        self.p = p
        self.fitIntercept = fitIntercept
        self.x = x.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
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
        columnNormSq = try WorkBuffer<Double>(count: p)
        yMean = fitIntercept ? blockSum(0, n) { om[$0] * yd[$0] } : 0
        for j in 0..<p {
            let col = self.x + j * n
            if fitIntercept { mean[j] = blockSum(0, n) { om[$0] * Double(col[$0]) } }
            let m = mean[j]
            columnNormSq[j] = blockSum(0, n) { let v = Double(col[$0]) - m; return om[$0] * v * v }
        }
        guard yMean.isFinite else { throw .overflow(argument: OverflowGuard.data) }
        for j in 0..<p where !(columnNormSq[j].isFinite && mean[j].isFinite) {
            throw .overflow(argument: OverflowGuard.data)
        }
    }

    /// (x̃ⱼᵀv, Σv) for v in float64: one pass over column j.
    @inlinable @inline(__always)
    func dot(_ j: Int, _ v: UnsafePointer<Double>) -> Double {
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
    }

    /// r[i] += a·x̃ᵢⱼ.
    @inlinable @inline(__always)
    func axpy(_ a: Double, _ j: Int, _ r: UnsafeMutablePointer<Double>) {
        let col = x + j * n, shift = a * mean[j]
        for i in 0..<n { r[i] += a * Double(col[i]) - shift }
    }

    /// r = y − X̃w − b′.
    @inlinable
    func residual(_ w: UnsafePointer<Double>, intercept b: Double, _ r: UnsafeMutablePointer<Double>) {
        for i in 0..<n { r[i] = y[i] - b }
        for j in 0..<p where w[j] != 0 { axpy(-w[j], j, r) }
    }

    /// z = X̃ᵀu.
    @inlinable
    func transposedProduct(_ u: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) {
        for j in 0..<p { z[j] = dot(j, u) }
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
