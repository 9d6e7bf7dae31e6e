/// The weighted, centred least-squares data every linear-model solver works on.
///
/// With weights sᵢ ≥ 0, S = Σ sᵢ, weighted means μⱼ = Σ sᵢxᵢⱼ / S and ȳ = Σ sᵢyᵢ / S:
///
///     x̃ᵢⱼ = √sᵢ·(xᵢⱼ − μⱼ),   ỹᵢ = √sᵢ·(yᵢ − ȳ)
///
/// so that Σ sᵢ(yᵢ − xᵢ·w − b)² minimised over b equals ‖ỹ − X̃w‖², the optimal intercept
/// being b = ȳ − μ·w. Without an intercept μ = 0 and ȳ = 0; without weights √sᵢ = 1. When
/// neither applies X̃ is the caller's X itself (no copy); otherwise it is a copy in the
/// storage type T (float32 data stays float32), column-major like X.
///
/// The initialiser validates the data: n ≥ 1, X and y finite, weights finite, ≥ 0, with a
/// positive sum.
@usableFromInline
final class CenteredDesign<T: BinaryFloatingPoint> {
    @usableFromInline let n: Int
    @usableFromInline let p: Int
    /// X̃, n × p column-major.
    @usableFromInline let x: UnsafePointer<T>
    @usableFromInline let ownedX: WorkBuffer<T>?
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

    @inlinable var y: UnsafePointer<T> { UnsafePointer(yStorage.base) }

    @inlinable
    init(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>?, fitIntercept: Bool
    ) throws(SwiftRegError) {
        try ModelInput.check(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight)
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

        // Weighted means.
        let mean = try WorkBuffer<Double>(repeating: 0, count: p)
        var ym = 0.0
        if fitIntercept {
            if let sw {
                for j in 0..<p { mean[j] = ColumnKernels.dot(xp + j * n, sw, n) / total }
                ym = ColumnKernels.dot(yp, sw, n) / total
            } else {
                for j in 0..<p { mean[j] = blockSum(0, n) { Double(xp[j * n + $0]) } / total }
                ym = blockSum(0, n) { Double(yp[$0]) } / total
            }
        }
        xMean = mean
        yMean = ym

        // √s, then X̃ and ỹ.
        let root = try sw.map { (sw) throws(SwiftRegError) -> WorkBuffer<Double> in
            let r = try WorkBuffer<Double>(count: n)
            for i in 0..<n { r[i] = Double(sw[i]).squareRoot() }
            return r
        }
        let yt = try WorkBuffer<T>(count: n)
        for i in 0..<n {
            let v = Double(yp[i]) - ym
            yt[i] = T(root.map { v * $0[i] } ?? v)
        }
        yStorage = yt
        if fitIntercept || root != nil {
            let copy = try WorkBuffer<T>(count: n * p)
            for j in 0..<p {
                let src = xp + j * n, dst = copy.base + j * n, m = mean[j]
                if let root {
                    for i in 0..<n { dst[i] = T((Double(src[i]) - m) * root[i]) }
                } else {
                    for i in 0..<n { dst[i] = T(Double(src[i]) - m) }
                }
            }
            ownedX = copy
            self.x = UnsafePointer(copy.base)
        } else {
            ownedX = nil
            self.x = xp
        }
        let norms = try WorkBuffer<Double>(count: p)
        for j in 0..<p { norms[j] = ColumnKernels.dot(self.x + j * n, self.x + j * n, n) }
        columnNormSq = norms
        yNormSq = ColumnKernels.dot(UnsafePointer(yt.base), UnsafePointer(yt.base), n)
    }

    /// Column j of X̃.
    @inlinable func column(_ j: Int) -> UnsafePointer<T> { x + j * n }

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
        sampleWeight: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) {
        guard n >= 1 else {
            throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1")
        }
        guard p >= 0 else { throw .invalidLength(argument: "n_features", value: p) }
        guard x.count == n * p, x.count == 0 || x.baseAddress != nil else {
            throw .invalidArgument(argument: "X", value: Double(x.count), requirement: "n_samples * n_features values")
        }
        guard y.count == n, y.baseAddress != nil else {
            throw .invalidArgument(argument: "y", value: Double(y.count), requirement: "n_samples values")
        }
        try finite(x, "X")
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
