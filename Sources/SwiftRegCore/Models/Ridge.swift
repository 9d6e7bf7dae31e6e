/// Ridge regression, scikit-learn's `Ridge` objective:
///
///     Σᵢ sᵢ(yᵢ − xᵢ·w − b)² + α‖w‖²
///
/// (sum, not mean, of the squared errors; in the seed's notation the L2 penalty λΣw² with
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
        sampleWeight: UnsafeBufferPointer<T>? = nil, alpha: Double, fitIntercept: Bool = true
    ) throws(SwiftRegError) -> Fit {
        try Check.nonNegative(alpha, "alpha")
        let data = try CenteredDesign(
            x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, fitIntercept: fitIntercept)
        var w = [Double](repeating: 0, count: p)
        if p > 0 {
            let dataX = try data.explicitX()
            let k = Swift.min(n, p)
            let a = try WorkBuffer<Double>(repeating: 0, count: k * k)
            let b = try WorkBuffer<Double>(repeating: 0, count: k)
            if p <= n {
                for j in 0..<p {
                    for m in j..<p { a[j * p + m] = data.gram(m, j) }
                    a[j * p + j] += alpha
                }
                ColumnKernels.transposedProduct(dataX, n, p, data.y, b.base)
            } else {
                // Lower triangle of X̃X̃ᵀ = Σⱼ x̃ⱼx̃ⱼᵀ.
                for j in 0..<p {
                    let col = dataX + j * n
                    for m in 0..<n {
                        let v = Double(col[m])
                        if v != 0 { for i in m..<n { a[m * n + i] += v * Double(col[i]) } }
                    }
                }
                for i in 0..<n { a[i * n + i] += alpha; b[i] = Double(data.y[i]) }
            }
            guard Cholesky.factor(a.base, k) else {
                throw .invalidArgument(
                    argument: "alpha", value: alpha,
                    requirement: "> 0 when X (centred, weighted) is rank-deficient: the ridge system is singular")
            }
            Cholesky.solve(UnsafePointer(a.base), k, b.base)
            if p <= n {
                for j in 0..<p { w[j] = b[j] }
            } else {
                ColumnKernels.transposedProduct(dataX, n, p, UnsafePointer(b.base), &w)
            }
        }
        let intercept = w.withUnsafeBufferPointer { data.intercept($0.baseAddress!) }
        let fit = Fit(coef: w, intercept: p == 0 ? data.yMean : intercept)
        try OverflowGuard.requireFinite(fit.coef + [fit.intercept])
        return fit
    }
}
