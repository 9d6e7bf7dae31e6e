/// Ridge regression, scikit-learn's `Ridge` objective:
///
///     Σᵢ sᵢ(yᵢ − xᵢ·w − b)² + α‖w‖²
///
/// (sum, not mean, of the squared errors; in the textbook notation the L2 penalty λΣw² with
/// λ = α). The intercept is not penalised: with the centred data of ``CenteredDesign``
/// (X̃ = √s(X − μ), ỹ = √s(y − ȳ)) the coefficients solve the normal equations
///
///     (X̃ᵀX̃ + αI)·w = X̃ᵀỹ          (p ≤ n: a p × p Cholesky)
///     w = X̃ᵀu,  (X̃X̃ᵀ + αI)·u = ỹ   (p > n: an n × n Cholesky)
///
/// and b = ȳ − μ·w. Both systems are formed and solved in float64, for float32 data too.
public enum Ridge {
    public struct Fit: Sendable, Equatable {
        public var coef: [Double]
        public var intercept: Double

        @inlinable
        public init(coef: [Double], intercept: Double) {
            self.coef = coef
            self.intercept = intercept
        }
    }

    /// - Throws: the input errors of ``ModelInput``, α < 0 or non-finite, and
    ///   `invalidArgument("alpha")` when α = 0 and the system is singular (X̃ rank-deficient).
    @inlinable
    public static func fit<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, alpha: Double, fitIntercept: Bool = true,
        interrupt: Interruption = .never
    ) throws(SwiftRegError) -> Fit {
        try Check.nonNegative(alpha, "alpha")
        let data = try CenteredDesign(
            x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, fitIntercept: fitIntercept)
        var w = try Allocation.array(repeating: 0.0, count: p)
        if p > 0 {
            let dataX = try data.explicitX()
            let k = Swift.min(n, p)
            let a = try WorkBuffer<Double>(repeating: 0, count: k * k)
            let b = try WorkBuffer<Double>(repeating: 0, count: k)
            // Without a penalty (p ≤ n) the system is equilibrated first: row and column j
            // times 2^eⱼ with 2^eⱼ ≈ 1/√aⱼⱼ (exact powers of 2), so that columns of very different
            // scales (×1e10 and ×1e-10) neither look singular nor lose digits.
            let jacobi = alpha == 0 && p <= n ? try WorkBuffer<Double>(repeating: 1, count: p) : nil
            if p <= n {
                for j in 0..<p {
                    for m in j..<p {
                        if (m - j) & 127 == 0 { try interrupt.check() }   // every 128 entries (128·n work)
                        a[j * p + m] = data.gram(m, j)
                    }
                    a[j * p + j] += alpha
                }
                ColumnKernels.transposedProduct(dataX, n, p, data.y, b.base)
                if let jacobi {
                    for j in 0..<p where a[j * p + j] > 0 && a[j * p + j].isFinite {
                        jacobi[j] = Double(sign: .plus, exponent: -(a[j * p + j].exponent / 2), significand: 1)
                    }
                    for j in 0..<p {
                        for m in j..<p { a[j * p + m] *= jacobi[j] * jacobi[m] }
                        b[j] *= jacobi[j]
                    }
                }
            } else {
                // Lower triangle of X̃X̃ᵀ = Σⱼ x̃ⱼx̃ⱼᵀ.
                for j in 0..<p {
                    try interrupt.check()
                    let col = dataX + j * n
                    for m in 0..<n {
                        let v = Double(col[m])
                        if v != 0 { for i in m..<n { a[m * n + i] += v * Double(col[i]) } }
                    }
                }
                for i in 0..<n { a[i * n + i] += alpha; b[i] = Double(data.y[i]) }
            }
            // Below the rounding of the system (α ≤ k·ε·trace), Cholesky's answer is noise along
            // the near-null directions: solve through the eigendecomposition instead, treating
            // eigenvalues at rounding level as exact zeros (the minimum-norm-like solution).
            var trace = 0.0
            for i in 0..<k { trace += a[i * k + i] - alpha }
            let roundingLevel = Double(k) * Double.ulpOfOne * trace
            let factored = (alpha == 0 || alpha > roundingLevel) && Cholesky.factor(a.base, k, interrupt: interrupt)
            try interrupt.check()
            if factored {
                // Without a penalty a pivot at rounding level means X̃ is rank-deficient: the
                // least-squares problem has no unique solution.
                if alpha == 0, (0..<k).contains(where: { a[$0 * k + $0] * a[$0 * k + $0] <= roundingLevel }) {
                    throw .invalidArgument(
                        argument: "alpha", value: alpha,
                        requirement: "> 0 when X (centred, weighted) is rank-deficient: the ridge system is singular")
                }
                Cholesky.solve(UnsafePointer(a.base), k, b.base)
            } else {
                guard alpha > 0 else {
                    throw .invalidArgument(
                        argument: "alpha", value: alpha,
                        requirement: "> 0 when X (centred, weighted) is rank-deficient: the ridge system is singular")
                }
                // Rebuild the full symmetric matrix without α (a was overwritten by the attempt).
                if p <= n {
                    for j in 0..<p { for m in j..<p { a[j * p + m] = data.gram(m, j); a[m * p + j] = a[j * p + m] } }
                } else {
                    for i in 0..<(k * k) { a[i] = 0 }
                    for j in 0..<p {
                        let col = dataX + j * n
                        for m in 0..<n {
                            let v = Double(col[m])
                            if v != 0 { for i in m..<n { a[m * n + i] += v * Double(col[i]) } }
                        }
                    }
                    for m in 0..<n { for i in m..<n { a[i * n + m] = a[m * n + i] } }
                }
                try SymmetricEigen.solveShifted(a.base, k, shift: alpha, b.base, zeroLevel: roundingLevel, interrupt: interrupt)
            }
            if p <= n {
                for j in 0..<p { w[j] = b[j] * (jacobi?[j] ?? 1) }
            } else {
                ColumnKernels.transposedProduct(dataX, n, p, UnsafePointer(b.base), &w)
            }
        }
        let intercept = w.withUnsafeBufferPointer { data.intercept($0.baseAddress!) }
        let fit = Fit(coef: w, intercept: p == 0 ? data.yMean : intercept)
        try OverflowGuard.requireFinite(fit.coef)
        try OverflowGuard.requireFinite([fit.intercept])
        return fit
    }
}

/// Symmetric eigendecomposition by cyclic Jacobi rotations, for the rank-deficient ridge
/// systems that Cholesky cannot solve stably.
@usableFromInline
enum SymmetricEigen {
    /// b ← Σᵢ vᵢ(vᵢᵀb)/(λᵢ + shift) over the eigenpairs of the symmetric k × k matrix `a`
    /// (column-major, destroyed) with λᵢ + shift > zeroLevel and λᵢ > zeroLevel (eigenvalues at
    /// rounding level count as 0, their directions as absent from the data).
    @inlinable
    static func solveShifted(
        _ a: UnsafeMutablePointer<Double>, _ k: Int, shift: Double, _ b: UnsafeMutablePointer<Double>, zeroLevel: Double,
        interrupt: Interruption = .never
    ) throws(SwiftRegError) {
        let v = try WorkBuffer<Double>(repeating: 0, count: k * k)
        for i in 0..<k { v[i * k + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0, diag = 0.0
            for j in 0..<k { for i in 0..<k { if i != j { off += a[j * k + i] * a[j * k + i] } else { diag += a[j * k + i] * a[j * k + i] } } }
            if off <= 1e-30 * diag || off == 0 { break }
            for q in 1..<Swift.max(k, 1) {
                try interrupt.check()
                for pp in 0..<q {
                    let apq = a[q * k + pp]
                    if apq == 0 { continue }
                    let app = a[pp * k + pp], aqq = a[q * k + q]
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for r in 0..<k {       // columns pp, q of a
                        let arp = a[pp * k + r], arq = a[q * k + r]
                        a[pp * k + r] = c * arp - s * arq
                        a[q * k + r] = s * arp + c * arq
                    }
                    for r in 0..<k {       // rows pp, q of a
                        let apr = a[r * k + pp], aqr = a[r * k + q]
                        a[r * k + pp] = c * apr - s * aqr
                        a[r * k + q] = s * apr + c * aqr
                    }
                    for r in 0..<k {
                        let vrp = v[pp * k + r], vrq = v[q * k + r]
                        v[pp * k + r] = c * vrp - s * vrq
                        v[q * k + r] = s * vrp + c * vrq
                    }
                }
            }
        }
        let coef = try WorkBuffer<Double>(repeating: 0, count: k)
        for i in 0..<k {
            let lambda = a[i * k + i]
            guard lambda > zeroLevel, lambda + shift > zeroLevel else { continue }
            var proj = 0.0
            for r in 0..<k { proj += v[i * k + r] * b[r] }
            coef[i] = proj / (lambda + shift)
        }
        for r in 0..<k {
            var sum = 0.0
            for i in 0..<k { sum += v[i * k + r] * coef[i] }
            b[r] = sum
        }
    }
}
