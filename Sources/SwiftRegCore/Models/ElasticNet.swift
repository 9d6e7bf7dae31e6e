/// Lasso and elastic-net regression, scikit-learn's objective:
///
///     (1/(2S))·Σᵢ sᵢ(yᵢ − xᵢ·w − b)² + α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ fⱼwⱼ²),   S = Σᵢ sᵢ
///
/// ρ = `l1Ratio` (1: lasso), sᵢ the sample weights (1 when absent, S = n), fⱼ the penalty
/// factors (glmnet's `penalty.factor`; 1 when absent, 0 leaves a feature unpenalised; used
/// as given, never renormalised). The intercept b is not penalised: X and y are centred by
/// their weighted means, the centred problem is solved, and b = ȳ − μ·w.
///
/// In the textbook notation λ₁Σ|w| + λ₂Σw² (``ElasticNetPenalty``), the penalty is λ₁ = α·ρ,
/// λ₂ = α(1 − ρ)/2 on top of the mean loss above; in scikit-learn's Cython solver's
/// (sum-of-squares) scaling it is alpha = α·ρ·S, beta = α(1 − ρ)·S.
///
/// Convergence is judged, as in scikit-learn, by the duality gap: the fit stops when
/// gap ≤ tol·Σsᵢ(yᵢ − ȳ)²/S, and reports the gap (scikit-learn's `dual_gap_`, same units).
public enum ElasticNet {
    /// A fitted model: coefficients (float64), intercept and the solver's report.
    public struct Fit: Sendable, Equatable {
        public var coef: [Double]
        public var intercept: Double
        public var report: SolverReport

        @inlinable
        public init(coef: [Double], intercept: Double, report: SolverReport) {
            self.coef = coef
            self.intercept = intercept
            self.report = report
        }
    }

    /// Fits the model on X (n × p, column-major) and y. `warmStart` (p values) is the starting
    /// point, zeros when nil. Nothing is written anywhere; the result is returned.
    ///
    /// - Throws: ``SwiftRegError`` for n < 1, non-finite X or y (`invalidData`), bad weights,
    ///   α < 0, ρ ∉ [0, 1], bad penalty factors or options, or when memory runs out.
    @inlinable
    public static func fit<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples: Int, nFeatures: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, penaltyFactor: UnsafeBufferPointer<Double>? = nil,
        alpha: Double, l1Ratio: Double = 1, options: ElasticNetOptions = ElasticNetOptions(),
        warmStart: UnsafeBufferPointer<T>? = nil
    ) throws(SwiftRegError) -> Fit {
        try Check.nonNegative(alpha, "alpha")
        try ModelInput.l1Ratio(l1Ratio)
        try options.validate()
        try ModelInput.penaltyFactor(penaltyFactor, nFeatures: nFeatures)
        if let warmStart {
            guard warmStart.count == nFeatures else {
                throw .invalidArgument(argument: "coef", value: Double(warmStart.count), requirement: "n_features values")
            }
            try ModelInput.finite(warmStart, "coef")
        }
        let data = try CenteredDesign(
            x: x, y: y, nSamples: nSamples, nFeatures: nFeatures, sampleWeight: sampleWeight,
            fitIntercept: options.fitIntercept)
        data.interrupt = options.interrupt
        try data.interrupt.check()
        let p = nFeatures
        let w = try WorkBuffer<Double>(repeating: 0, count: p)
        if let warmStart {
            for j in 0..<p where data.columnNormSq[j] > 0 {
                w[j] = options.positive ? Swift.max(0, Double(warmStart[j])) : Double(warmStart[j])
            }
        }
        let pf = penaltyFactor?.baseAddress
        let result: (iterations: Int, gap: Double, converged: Bool)
        switch options.solver {
        case .coordinateDescent:
            result = try coordinateDescent(data: data, w: w, penaltyFactor: pf, alpha: alpha, l1Ratio: l1Ratio, options: options)
        case .fista:
            result = try ProximalGradient.minimize(
                data: data, w: w, penaltyFactor: pf, alpha: alpha, l1Ratio: l1Ratio,
                positive: options.positive, maxIter: options.maxIter, tol: options.tol)
        case .subgradient:
            result = try SubgradientDescent.minimize(
                data: data, w: w, penaltyFactor: pf, alpha: alpha, l1Ratio: l1Ratio, positive: options.positive,
                learningRate: options.learningRate, maxIter: options.maxIter, tol: options.tol)
        }
        let s = data.weightSum
        // positive: make the constraint exact (a solver step can leave a −1e-40-size residue).
        if options.positive { for j in 0..<p { w[j] = Swift.max(0, w[j]) } }
        let gapTolerance = OverflowGuard.tolerance(options.tol, data.yNormSq / s)
        let fit = Fit(
            coef: try Allocation.copy(UnsafeBufferPointer(start: w.base, count: p)),
            intercept: data.intercept(UnsafePointer(w.base)),
            report: SolverReport(
                iterations: result.iterations, dualGap: result.gap / s, gapTolerance: gapTolerance,
                converged: result.gap / s <= gapTolerance))
        try OverflowGuard.requireFinite(fit.coef)
        try OverflowGuard.requireFinite([fit.intercept, fit.report.gapTolerance])
        return fit
    }

    @inlinable
    static func coordinateDescent<T: BinaryFloatingPoint>(
        data: CenteredDesign<T>, w: WorkBuffer<Double>, penaltyFactor pf: UnsafePointer<Double>?,
        alpha: Double, l1Ratio: Double, options: ElasticNetOptions
    ) throws(SwiftRegError) -> (iterations: Int, gap: Double, converged: Bool) {
        switch options.precompute.resolved(nSamples: data.n, nFeatures: data.p) {
        case .gram, .auto:
            let engine = try CovarianceUpdates(data, w: UnsafePointer(w.base))
            let cd = try CoordinateDescent(
                data: data, engine: engine, w: w, penaltyFactor: pf, positive: options.positive,
                selection: options.selection, seed: options.seed)
            return try cd.solve(alpha: alpha, l1Ratio: l1Ratio, maxIter: options.maxIter, tol: options.tol)
        case .residual:
            let engine = try ResidualUpdates(data, w: UnsafePointer(w.base))
            let cd = try CoordinateDescent(
                data: data, engine: engine, w: w, penaltyFactor: pf, positive: options.positive,
                selection: options.selection, seed: options.seed)
            return try cd.solve(alpha: alpha, l1Ratio: l1Ratio, maxIter: options.maxIter, tol: options.tol)
        }
    }

    /// The duality gap of this objective (user units, as ``SolverReport/dualGap``) from
    /// sufficient statistics, for solvers that hold the data themselves (the distributed
    /// driver of the Python package): with X̃, ỹ centred and weighted as in ``CenteredDesign``
    /// and r̃ = ỹ − X̃w, `correlations` c = X̃ᵀr̃, `residualNormSq` ‖r̃‖², `residualDotY` r̃ᵀỹ,
    /// `columnNormSq` dⱼ = ‖x̃ⱼ‖², S the weight sum. Features with penalty factor 0 and dⱼ > 0
    /// (the set F, in index order) need `unpenalisedGram` (p × |F|, column k = X̃ᵀx̃ⱼ for the
    /// k-th feature of F) and `unpenalisedQ` (x̃ⱼᵀỹ over F) for the projected dual point.
    ///
    /// - Throws: `invalidArgument` for α < 0, ρ ∉ [0, 1], S ≤ 0, bad factors or missing
    ///   unpenalised statistics; `nullPointer` when F is non-empty and they are absent.
    @inlinable
    public static func dualGap(
        correlations c: UnsafeBufferPointer<Double>, coef w: UnsafeBufferPointer<Double>, residualNormSq rr: Double,
        residualDotY ry: Double, columnNormSq d: UnsafeBufferPointer<Double>, weightSum s: Double, alpha: Double,
        l1Ratio: Double, penaltyFactor pf: UnsafeBufferPointer<Double>?, positive: Bool,
        unpenalisedGram: UnsafeBufferPointer<Double>?, unpenalisedQ: UnsafeBufferPointer<Double>?
    ) throws(SwiftRegError) -> Double {
        let p = w.count
        guard c.count == p, d.count == p else {
            throw .invalidArgument(argument: "correlations", value: Double(c.count), requirement: "n_features values")
        }
        try Check.nonNegative(alpha, "alpha")
        try ModelInput.l1Ratio(l1Ratio)
        try Check.positive(s, "weight_sum")
        try ModelInput.penaltyFactor(pf, nFeatures: p)
        for (name, v) in [("residual_norm_sq", rr), ("residual_dot_y", ry)] where !v.isFinite {
            throw .invalidArgument(argument: name, value: v, requirement: "finite")
        }
        try ModelInput.finite(c, "correlations")
        try ModelInput.finite(w, "coef")
        try ModelInput.finite(d, "column_norm_sq")
        var features: [Int] = []
        if let f = pf {
            try Allocation.reserve(&features, p)
            for j in 0..<p where f[j] == 0 && d[j] > 0 { features.append(j) }
        }
        var projection: UnpenalisedProjection? = nil
        if !features.isEmpty {
            guard let g = unpenalisedGram?.baseAddress, let q = unpenalisedQ?.baseAddress else {
                throw .nullPointer(argument: "unpenalised_gram")
            }
            guard unpenalisedGram!.count == p * features.count, unpenalisedQ!.count == features.count else {
                throw .invalidArgument(
                    argument: "unpenalised_gram", value: Double(unpenalisedGram!.count),
                    requirement: "n_features × (features with penalty_factor 0) values")
            }
            projection = try UnpenalisedProjection(features: features, p: p, gram: g, q: q)
        }
        guard let cb = c.baseAddress, let wb = w.baseAddress, let db = d.baseAddress else { return 0 }
        let gap = DualityGap.elasticNet(
            c: cb, w: wb, p: p, residualNormSq: rr, residualDotY: ry, l1: alpha * l1Ratio * s,
            l2: alpha * (1 - l1Ratio) * s, penaltyFactor: pf?.baseAddress, positive: positive, columnNormSq: db,
            unpenalised: projection)
        return gap / s
    }

    /// The user-facing objective (1/(2S))·Σsᵢ(yᵢ − xᵢ·w − b)² + α·(ρΣfⱼ|wⱼ| + ½(1 − ρ)Σfⱼwⱼ²)
    /// of given coefficients and intercept, in float64 (for tests and reports).
    @inlinable
    public static func objective<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, penaltyFactor: UnsafeBufferPointer<Double>? = nil,
        alpha: Double, l1Ratio: Double = 1, coef: [Double], intercept: Double
    ) throws(SwiftRegError) -> Double {
        try ModelInput.check(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight)
        let penalty = try ElasticNetPenalty(l1: alpha * l1Ratio, l2: alpha * (1 - l1Ratio) / 2)
        var loss = 0.0, total = 0.0
        for i in 0..<n {
            var pred = intercept
            for j in 0..<p { pred += Double(x[i + j * n]) * coef[j] }
            let si = sampleWeight.map { Double($0[i]) } ?? 1
            let r = Double(y[i]) - pred
            loss += si * r * r
            total += si
        }
        var pen = 0.0
        for j in 0..<p { pen += (penaltyFactor?[j] ?? 1) * penalty.term(coef[j]) }
        return loss / (2 * total) + pen
    }
}
