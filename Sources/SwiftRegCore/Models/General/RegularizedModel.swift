/// The datafit of a ``RegularizedModel`` (see ``Datafit`` for the formulas).
public enum LossKind: Int, Sendable, CaseIterable {
    /// (1/(2S))·Σ sᵢrᵢ².
    case squared = 0
    /// (1/S)·Σ sᵢ|rᵢ|.
    case absolute = 1
    /// (1/S)·Σ sᵢρ_τ(rᵢ).
    case quantile = 2
    /// (1/S)·Σ sᵢH_δ(rᵢ).
    case huber = 3
    /// (1/(2S))·Σ sᵢσ(1 + H̃_ε(rᵢ/σ)) with σ fitted too (scikit-learn's HuberRegressor; ε = δ).
    case huberScaled = 4
}

/// Which parts of α·(ρ·Σfⱼ|wⱼ| + ½(1 − ρ)·Σgⱼwⱼ²) a ``RegularizedModel`` uses.
public enum PenaltyKind: Int, Sendable, CaseIterable {
    /// No penalty (α is ignored).
    case none = 0
    /// ρ = 1.
    case l1 = 1
    /// ρ = 0.
    case l2 = 2
    /// ρ = l1_ratio.
    case elasticNet = 3
}

/// The method a ``RegularizedModel`` fit uses; `auto` picks per datafit and penalty.
public enum ModelSolver: Int, Sendable, CaseIterable {
    case auto = 0
    /// Coordinate descent with working sets (smooth datafits; with exact active-set steps
    /// for the squared loss).
    case coordinateDescent = 1
    /// Accelerated proximal gradient (squared loss).
    case fista = 2
    /// The textbook subgradient step w ← w − lr·(g + ∂R(w)) (squared loss; never exact zeros).
    case subgradient = 3
    /// Interior point (plus a crossover to an exact vertex for linear programmes): the
    /// absolute and quantile losses.
    case interiorPoint = 4
    /// A direct solve of the normal equations: the squared loss with an L2 penalty only.
    case cholesky = 5
}

/// The model: datafit, penalty and intercept.
public struct ModelSpec: Sendable, Equatable {
    public var loss: LossKind
    /// Huber's δ > 0.
    public var delta: Double
    /// The quantile τ ∈ (0, 1) of the quantile loss.
    public var quantile: Double
    public var penalty: PenaltyKind
    public var alpha: Double
    /// ρ of the elastic net (used when penalty is `.elasticNet`).
    public var l1Ratio: Double
    public var fitIntercept: Bool

    @inlinable
    public init(
        loss: LossKind = .squared, delta: Double = 1.35, quantile: Double = 0.5, penalty: PenaltyKind = .l1,
        alpha: Double = 1, l1Ratio: Double = 0.5, fitIntercept: Bool = true
    ) {
        self.loss = loss
        self.delta = delta
        self.quantile = quantile
        self.penalty = penalty
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.fitIntercept = fitIntercept
    }

    /// (α, ρ) as the penalty uses them.
    @inlinable
    var effectivePenalty: (alpha: Double, rho: Double) {
        switch penalty {
        case .none: return (0, 1)
        case .l1: return (alpha, 1)
        case .l2: return (alpha, 0)
        case .elasticNet: return (alpha, l1Ratio)
        }
    }
}

/// Per-feature inputs of a fit: L1 and L2 factors and bounds (nil: 1, 1, −∞, +∞).
public struct FeatureOptions {
    public var l1Factor: UnsafeBufferPointer<Double>?
    public var l2Factor: UnsafeBufferPointer<Double>?
    public var lower: UnsafeBufferPointer<Double>?
    public var upper: UnsafeBufferPointer<Double>?

    @inlinable
    public init(
        l1Factor: UnsafeBufferPointer<Double>? = nil, l2Factor: UnsafeBufferPointer<Double>? = nil,
        lower: UnsafeBufferPointer<Double>? = nil, upper: UnsafeBufferPointer<Double>? = nil
    ) {
        self.l1Factor = l1Factor
        self.l2Factor = l2Factor
        self.lower = lower
        self.upper = upper
    }
}

/// How to fit: solver, budget, tolerance and the coordinate-descent details.
public struct FitOptions: Sendable, Equatable {
    public var solver: ModelSolver
    public var maxIter: Int
    /// The duality-gap tolerance, relative: the fit stops when gap ≤ tol·‖ỹ‖²/S (squared
    /// loss, scikit-learn's rule) or tol·F(ȳ) (the others: the datafit of the constant
    /// prediction ȳ, the weighted mean of y, 0 without an intercept).
    public var tol: Double
    public var selection: CoordinateSelection
    public var seed: UInt64
    public var precompute: GramMode
    /// The subgradient solver's fixed step (0: 1/L).
    public var learningRate: Double
    /// Polled at the solvers' checkpoints: once it asks, the fit, path or cross-validation
    /// throws ``SwiftRegError/interrupted``.
    public var interrupt: Interruption

    @inlinable
    public init(
        solver: ModelSolver = .auto, maxIter: Int = 1000, tol: Double = 1e-4, selection: CoordinateSelection = .cyclic,
        seed: UInt64 = 0, precompute: GramMode = .auto, learningRate: Double = 0, interrupt: Interruption = .never
    ) {
        self.solver = solver
        self.maxIter = maxIter
        self.tol = tol
        self.selection = selection
        self.seed = seed
        self.precompute = precompute
        self.learningRate = learningRate
        self.interrupt = interrupt
    }

    @inlinable
    func validate() throws(SwiftRegError) {
        guard maxIter >= 1 else {
            throw .invalidArgument(argument: "max_iter", value: Double(maxIter), requirement: ">= 1")
        }
        try Check.nonNegative(tol, "tol")
        try Check.nonNegative(learningRate, "learning_rate")
    }
}

/// A fitted model with its certificate.
public struct ModelFit: Sendable, Equatable {
    public var coef: [Double]
    public var intercept: Double
    /// The objective F + R at (coef, intercept).
    public var objective: Double
    /// The duality gap P − D ≥ 0 in the objective's units: a bound on the suboptimality
    /// (for the unpenalised squared loss, a convergence measure; see ``DualityGap``).
    public var dualGap: Double
    /// The gap the fit had to reach (see ``FitOptions/tol``).
    public var gapTolerance: Double
    public var iterations: Int
    public var converged: Bool
    /// The method that ran.
    public var solver: ModelSolver
    /// The fitted scale σ of ``LossKind/huberScaled`` (0 for the other losses).
    public var scale: Double

    @inlinable
    public init(
        coef: [Double], intercept: Double, objective: Double, dualGap: Double, gapTolerance: Double,
        iterations: Int, converged: Bool, solver: ModelSolver, scale: Double = 0
    ) {
        self.scale = scale
        self.coef = coef
        self.intercept = intercept
        self.objective = objective
        self.dualGap = dualGap
        self.gapTolerance = gapTolerance
        self.iterations = iterations
        self.converged = converged
        self.solver = solver
    }
}

extension FeatureOptions {
    @inlinable var noBounds: Bool { lower == nil && upper == nil }

    /// Every lower bound 0 and every upper bound +∞ (scikit-learn's `positive`).
    @inlinable var positiveOnly: Bool {
        (upper.map { u in u.allSatisfy { $0 == .infinity } } ?? true) && (lower.map { l in l.allSatisfy { $0 == 0 } } ?? false)
    }

    /// The L2 factors equal the L1 factors (the elastic net's single `penalty_factor`).
    @inlinable var sameFactors: Bool {
        guard let g = l2Factor else { return true }
        guard let f = l1Factor else { return g.allSatisfy { $0 == 1 } }
        return zip(f, g).allSatisfy { $0 == $1 }
    }

    /// Whether the squared loss can use ``ElasticNet`` / ``ElasticNetPath`` (one factor per
    /// feature, no bounds but w ≥ 0). With α = 0 and a bound their gap is a convergence
    /// measure that never reaches 0, so that case takes the general solver.
    @inlinable func allowsElasticNetFastPath(alpha: Double) -> Bool {
        sameFactors && (noBounds || (positiveOnly && alpha > 0))
    }
}

/// Dense X as the caller holds it.
public enum MatrixLayout: Int, Sendable {
    case columnMajor = 0
    case rowMajor = 1
}

/// X as a fit receives it: dense in either order, or sparse columns.
public enum DesignMatrix<T: BinaryFloatingPoint> {
    /// n·p values in `layout` order.
    case dense(UnsafeBufferPointer<T>, MatrixLayout)
    /// Compressed sparse columns (n and p are the matrix's own).
    case sparse(SparseColumns<T>)
}

/// X once dense input is column-major: what the solvers read.
@usableFromInline
enum ColumnSource<T: BinaryFloatingPoint> {
    case dense(UnsafeBufferPointer<T>)
    case sparse(SparseColumns<T>)

    @inlinable var isSparse: Bool {
        if case .sparse = self { return true }
        return false
    }
}

/// Every loss with every penalty: the objective
///
///     F(r) + α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ gⱼwⱼ²),   lⱼ ≤ wⱼ ≤ uⱼ,   r = y − Xw − b
///
/// with F one of (1/(2S))Σsᵢrᵢ², (1/S)Σsᵢ|rᵢ|, (1/S)Σsᵢρ_τ(rᵢ), (1/S)Σsᵢ·H_δ(rᵢ), solved by the
/// method the datafit allows and certified by its duality gap:
/// - squared loss: coordinate descent (``ElasticNet``, with its exact active-set steps, when
///   the L2 factors equal the L1 factors and the only bound is w ≥ 0; the general
///   ``SmoothCoordinateDescent`` otherwise and for sparse X), FISTA or the subgradient rule on
///   request, or a Cholesky solve (``Ridge``) for an L2 penalty alone (these three: dense X);
/// - Huber: ``SmoothCoordinateDescent``;
/// - absolute and quantile: the exact interior-point method of ``QuantileSolver``, which works
///   on a dense copy of the free columns (for sparse X: when n·p ≤ ``sparseDenseLimit``),
///   equilibrated by powers of 2, in n-dimensional form when the columns outnumber the samples.
public enum RegularizedModel {
    /// The largest n·p for which the absolute and quantile losses take sparse X (their exact
    /// method factorises a dense copy of it).
    public static let sparseDenseLimit = 1 << 24

    /// At tol ≤ this the general coordinate descent, once its gap is reached, also sweeps until
    /// the coefficients stop moving (see ``SmoothCoordinateDescent``): a gap near rounding level
    /// still leaves them about its square root from the optimum.
    public static let polishTolerance = 1e-12

    /// Fits the model. `warmStart` (p values) is the starting point where the solver takes one.
    ///
    /// - Throws: ``SwiftRegError`` for bad data, hyperparameters, factors, bounds or options,
    ///   a solver the datafit does not support, overflow, or when memory runs out.
    @inlinable
    public static func fit<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, layout: MatrixLayout = .columnMajor, y: UnsafeBufferPointer<T>,
        nSamples n: Int, nFeatures p: Int, sampleWeight: UnsafeBufferPointer<T>? = nil,
        features: FeatureOptions = FeatureOptions(), spec: ModelSpec, options: FitOptions = FitOptions(),
        warmStart: UnsafeBufferPointer<T>? = nil
    ) throws(SwiftRegError) -> ModelFit {
        try fit(.dense(x, layout), y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, features: features,
                spec: spec, options: options, warmStart: warmStart)
    }

    /// Fits the model on dense or sparse X (for sparse X, n and p must be the matrix's).
    @inlinable
    public static func fit<T: BinaryFloatingPoint>(
        _ design: DesignMatrix<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, features: FeatureOptions = FeatureOptions(), spec: ModelSpec,
        options: FitOptions = FitOptions(), warmStart: UnsafeBufferPointer<T>? = nil
    ) throws(SwiftRegError) -> ModelFit {
        try withEquilibratedWeights(sampleWeight) { (sampleWeight) throws(SwiftRegError) in
            try withColumns(design, n: n, p: p) { (source) throws(SwiftRegError) in
                try fitColumnMajor(
                    source, y: y, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: spec,
                    options: options, warmStart: warmStart)
            }
        }
    }

    /// Calls `body` with the sample weights, multiplied by a power of 2 when their largest is
    /// beyond 2^±64 (weights of 1e200 or 1e-200): every datafit divides by S = Σsᵢ, so the
    /// objective, its minimiser and the gap are unchanged (the product is exact), while the
    /// solvers' sums of sᵢ·rᵢ² and their products stay far from overflow and underflow.
    /// Weights that are not all finite and ≥ 0 are passed as given (their check names them).
    @inlinable
    static func withEquilibratedWeights<T: BinaryFloatingPoint, R>(
        _ sampleWeight: UnsafeBufferPointer<T>?, _ body: (UnsafeBufferPointer<T>?) throws(SwiftRegError) -> R
    ) throws(SwiftRegError) -> R {
        guard let sw = sampleWeight, !sw.isEmpty else { return try body(sampleWeight) }
        var top = 0.0
        for v in sw {
            let d = Double(v)
            guard d.isFinite, d >= 0 else { return try body(sampleWeight) }
            top = Swift.max(top, d)
        }
        guard top > 0, abs(Int(top.exponent)) > 64 else { return try body(sampleWeight) }
        // sᵢ·2^-e in one correctly rounded step: 2^-e itself overflows for subnormal weights
        // (e down to -1074), so the power is not formed on its own.
        let e = -top.exponent
        let scaled = try WorkBuffer<T>(count: sw.count)
        for i in 0..<sw.count { scaled[i] = T(Double(sign: .plus, exponent: e, significand: Double(sw[i]))) }
        return try withExtendedLifetime(scaled) { () throws(SwiftRegError) -> R in
            try body(UnsafeBufferPointer(start: UnsafePointer(scaled.base), count: sw.count))
        }
    }

    /// Calls `body` with X as the solvers read it (row-major X copied to column-major once).
    @inlinable
    static func withColumns<T: BinaryFloatingPoint, R>(
        _ design: DesignMatrix<T>, n: Int, p: Int, _ body: (ColumnSource<T>) throws(SwiftRegError) -> R
    ) throws(SwiftRegError) -> R {
        guard p >= 0 else { throw .invalidLength(argument: "n_features", value: p) }
        guard n >= 1 else { throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1") }
        switch design {
        case let .sparse(x):
            guard x.nSamples == n, x.nFeatures == p else {
                throw .invalidArgument(argument: "X", value: Double(x.nSamples), requirement: "the shape n_samples × n_features")
            }
            return try body(.sparse(x))
        case let .dense(x, layout):
            let copy = try columnMajorCopy(x, layout: layout, n: n, p: p)
            let xs = copy.map { UnsafeBufferPointer(start: UnsafePointer($0.base), count: n * p) } ?? x
            return try withExtendedLifetime(copy) { () throws(SwiftRegError) -> R in try body(.dense(xs)) }
        }
    }

    /// A column-major copy of row-major X (nil when X is column-major already).
    @inlinable
    static func columnMajorCopy<T: BinaryFloatingPoint>(
        _ x: UnsafeBufferPointer<T>, layout: MatrixLayout, n: Int, p: Int
    ) throws(SwiftRegError) -> WorkBuffer<T>? {
        guard layout == .rowMajor, n * p > 0 else { return nil }
        guard x.count == n * p, let src = x.baseAddress else {
            throw .invalidArgument(argument: "X", value: Double(x.count), requirement: "n_samples * n_features values")
        }
        let out = try WorkBuffer<T>(count: n * p)
        // Blocks of 64 rows: each block of a row-major source is read once and written to p
        // column segments.
        var lo = 0
        while lo < n {
            let hi = Swift.min(lo + 64, n)
            for j in 0..<p {
                let col = out.base + j * n
                for i in lo..<hi { col[i] = src[i * p + j] }
            }
            lo = hi
        }
        return out
    }

    /// The design of a fit: sparse X is centred implicitly for every datafit but Huber's,
    /// whose intercept then takes its own steps (see ``WeightedDesign``).
    @inlinable
    static func design<T: BinaryFloatingPoint>(
        _ source: ColumnSource<T>, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        spec: ModelSpec
    ) throws(SwiftRegError) -> WeightedDesign<T> {
        switch source {
        case let .dense(x):
            return try WeightedDesign(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, fitIntercept: spec.fitIntercept)
        case let .sparse(x):
            return try WeightedDesign(
                sparse: x, y: y, sampleWeight: sampleWeight, fitIntercept: spec.fitIntercept,
                centre: spec.loss != .huber && spec.loss != .huberScaled)
        }
    }

    /// The method a fit will use, after checking that the datafit's parameters are valid and
    /// that it supports the solver asked for (and the input form).
    @inlinable
    static func resolveSolver(
        spec: ModelSpec, options: FitOptions, features: FeatureOptions, sparse: Bool, n: Int, p: Int
    ) throws(SwiftRegError) -> ModelSolver {
        let (alpha, rho) = spec.effectivePenalty
        switch spec.loss {
        case .squared:
            let noBounds = features.noBounds
            let uniform = (features.l1Factor ?? features.l2Factor).map { f in f.allSatisfy { $0 == 1 } } ?? true
            let ridgeShape = rho == 0 && alpha > 0 && noBounds && uniform && features.sameFactors
            let solver: ModelSolver
            switch options.solver {
            case .auto: solver = ridgeShape && spec.penalty == .l2 && !sparse ? .cholesky : .coordinateDescent
            case .interiorPoint: throw unsupported(options.solver, "the squared loss", "auto, coordinate descent, FISTA, subgradient or Cholesky")
            default: solver = options.solver
            }
            if sparse, solver != .coordinateDescent {
                throw unsupported(solver, "sparse X", "auto or coordinate descent (Cholesky, FISTA and subgradient take dense X)")
            }
            if solver == .cholesky, !(ridgeShape || (alpha == 0 && noBounds)) {
                throw unsupported(solver, "the squared loss with this penalty", "Cholesky only for an L2 penalty with uniform factors and no bounds;")
            }
            if solver == .fista || solver == .subgradient, !features.allowsElasticNetFastPath(alpha: alpha) {
                throw unsupported(solver, "the squared loss with separate L2 factors or bounds", "auto or coordinate descent")
            }
            return solver
        case .huber, .huberScaled:
            _ = try HuberDatafit(delta: spec.delta)
            guard options.solver == .auto || options.solver == .coordinateDescent else {
                throw unsupported(options.solver, "the Huber loss", "auto or coordinate descent")
            }
            return .coordinateDescent
        case .absolute, .quantile:
            if spec.loss == .quantile { _ = try PinballDatafit(quantile: spec.quantile) }
            guard options.solver == .auto || options.solver == .interiorPoint else {
                throw unsupported(options.solver, "the absolute and quantile losses", "auto or interior point")
            }
            if sparse {
                let (cells, overflow) = n.multipliedReportingOverflow(by: p)
                guard !overflow, cells <= sparseDenseLimit else {
                    throw .invalidArgument(
                        argument: "X", value: overflow ? .infinity : Double(cells),
                        requirement: "at most \(sparseDenseLimit) cells (n_samples × n_features) for the absolute and quantile losses on sparse X, whose exact method works on a dense copy")
                }
            }
            return .interiorPoint
        }
    }

    @inlinable
    static func fitColumnMajor<T: BinaryFloatingPoint>(
        _ source: ColumnSource<T>, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        features: FeatureOptions, spec: ModelSpec, options: FitOptions, warmStart: UnsafeBufferPointer<T>?,
        prepared: WeightedDesign<T>? = nil
    ) throws(SwiftRegError) -> ModelFit {
        try options.validate()
        let (alpha, rho) = spec.effectivePenalty
        try Check.nonNegative(spec.alpha, "alpha")
        if spec.penalty == .elasticNet { try ModelInput.l1Ratio(spec.l1Ratio) }
        let penalty = try CoefficientPenalty(
            features: p, alpha: alpha, l1Ratio: rho, l1Factor: features.l1Factor,
            l2Factor: features.l2Factor ?? features.l1Factor, lower: features.lower, upper: features.upper)
        if let warmStart {
            guard warmStart.count == p else {
                throw .invalidArgument(argument: "coef", value: Double(warmStart.count), requirement: "n_features values")
            }
            try ModelInput.finite(warmStart, "coef")
        }
        let solver = try resolveSolver(spec: spec, options: options, features: features, sparse: source.isSparse, n: n, p: p)
        if spec.loss == .absolute || spec.loss == .quantile, prepared == nil, case let .dense(x) = source,
           let exponents = extremeExponents(x, y, n: n, p: p) {
            return try pinballRescaled(
                x, exponents, y: y, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: spec,
                options: options, warmStart: warmStart)
        }
        // `prepared`: the same source's design, built once for a path.
        let data: WeightedDesign<T>
        if let prepared { data = prepared } else { data = try design(source, y: y, n: n, p: p, sampleWeight: sampleWeight, spec: spec) }
        data.interrupt = options.interrupt
        try data.interrupt.check()
        if let exact = try constantTarget(data, penalty, spec: spec, options: options, solver: solver) { return exact }
        let warmStart = try usableWarmStart(warmStart, data, penalty)
        let fit = try solve(
            source, data, penalty, y: y, sampleWeight: sampleWeight, features: features, spec: spec, options: options,
            solver: solver, warmStart: warmStart)
        switch spec.loss {
        case .squared: return try checkedAgainstStart(fit, SquaredDatafit(), data, penalty, warmStart: warmStart, exact: true)
        case .huber: return try checkedAgainstStart(fit, try HuberDatafit(delta: spec.delta), data, penalty, warmStart: warmStart, exact: true)
        case .absolute: return try checkedAgainstStart(fit, PinballDatafit.absolute, data, penalty, warmStart: warmStart, exact: false)
        case .quantile:
            return try checkedAgainstStart(fit, try PinballDatafit(quantile: spec.quantile), data, penalty, warmStart: warmStart, exact: false)
        case .huberScaled: return fit   // its objective depends on the fitted scale too
        }
    }

    /// The solver `solver` on the model (after the checks of ``fitColumnMajor``).
    @inlinable
    static func solve<T: BinaryFloatingPoint>(
        _ source: ColumnSource<T>, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, y: UnsafeBufferPointer<T>,
        sampleWeight: UnsafeBufferPointer<T>?, features: FeatureOptions, spec: ModelSpec, options: FitOptions,
        solver: ModelSolver, warmStart: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) -> ModelFit {
        let p = data.p
        let (alpha, rho) = spec.effectivePenalty
        switch spec.loss {
        case .squared:
            return try squared(
                data, penalty, source: source, y: y, sampleWeight: sampleWeight, features: features, spec: spec,
                options: options, solver: solver, warmStart: warmStart)
        case .huber:
            let datafit = try HuberDatafit(delta: spec.delta)
            return try smooth(datafit, data, penalty, options: options, warmStart: warmStart)
        case .huberScaled:
            // The start inside the bounds, warm or 0: σ is fitted to its residuals (a start
            // outside the box that fits y exactly, y = 0 with w = 0 under a lower bound 0.5,
            // gave σ ≈ 0, then an infinite gap after one step).
            let w = try WorkBuffer<Double>(repeating: 0, count: p)
            for j in 0..<p { w[j] = penalty.clamp(j, warmStart.map { Double($0[j]) } ?? 0) }
            let l2 = features.l2Factor ?? features.l1Factor
            let (result, sigma, tolerance) = try HuberScale.minimize(
                epsilon: spec.delta, data: data,
                penalty: { (s) throws(SwiftRegError) in
                    guard (alpha * s).isFinite else { throw .overflow(argument: "alpha × the fitted scale and " + OverflowGuard.data) }
                    return try CoefficientPenalty(
                        features: p, alpha: alpha * s, l1Ratio: rho, l1Factor: features.l1Factor, l2Factor: l2,
                        lower: features.lower, upper: features.upper)
                }, w: w, options: options)
            var fit = try finish(data, w: w, outcome: result, tolerance: tolerance, solver: .coordinateDescent)
            fit.scale = sigma
            return fit
        case .absolute, .quantile:
            let datafit = spec.loss == .absolute ? PinballDatafit.absolute : try PinballDatafit(quantile: spec.quantile)
            let w = try WorkBuffer<Double>(repeating: 0, count: p)
            if let warmStart { for j in 0..<p { w[j] = Double(warmStart[j]) } }
            let constant = try constantResidual(data, penalty)
            let tolerance = gapTolerance(options.tol, data.datafitValue(datafit, UnsafePointer(constant.base)), data)
            let outcome = try QuantileSolver.minimize(
                datafit, data, penalty, w: w, maxIter: options.maxIter, gapTolerance: tolerance)
            return try finish(data, w: w, outcome: outcome, tolerance: tolerance, solver: .interiorPoint)
        }
    }

    /// For X or y beyond 2^±300 (whose sums of squares would overflow or underflow float64):
    /// the binary exponents (e_x, e_y) of their largest magnitudes; nil for other data.
    @inlinable
    static func extremeExponents<T: BinaryFloatingPoint>(
        _ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>, n: Int, p: Int
    ) -> (Int, Int)? {
        var maxX = 0.0, maxY = 0.0
        for v in x { maxX = Swift.max(maxX, abs(Double(v))) }
        for v in y { maxY = Swift.max(maxY, abs(Double(v))) }
        guard maxX.isFinite, maxY.isFinite else { return nil }
        func extreme(_ v: Double) -> Bool { v > 0x1p300 || (v > 0 && v < 0x1p-300) }
        guard extreme(maxX) || extreme(maxY) else { return nil }
        return (maxX > 0 ? Int(maxX.exponent) : 0, maxY > 0 ? Int(maxY.exponent) : 0)
    }

    /// The pinball losses on X/σ_x and y/σ_y (σ = 2^e, exact): the same problem with
    /// w′ = w·σ_x/σ_y, α′ = α/σ_x, the L2 factors times σ_y/σ_x and the bounds times σ_x/σ_y;
    /// the objective and the gap scale by σ_y. The fit is mapped back exactly.
    @usableFromInline
    static func pinballRescaled<T: BinaryFloatingPoint>(
        _ x: UnsafeBufferPointer<T>, _ exponents: (Int, Int), y: UnsafeBufferPointer<T>, n: Int, p: Int,
        sampleWeight: UnsafeBufferPointer<T>?, features: FeatureOptions, spec: ModelSpec, options: FitOptions,
        warmStart: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) -> ModelFit {
        let (ex, ey) = exponents
        func times2(_ v: Double, _ e: Int) -> Double {
            var v = v, e = e
            while e != 0 && v != 0 && v.isFinite {
                let step = Swift.max(-1000, Swift.min(1000, e))
                v *= Double(sign: .plus, exponent: step, significand: 1)
                e -= step
            }
            return v
        }
        let xs = try WorkBuffer<T>(count: n * p), ys = try WorkBuffer<T>(count: n)
        for i in 0..<(n * p) { xs[i] = T(times2(Double(x[i]), -ex)) }
        for i in 0..<n { ys[i] = T(times2(Double(y[i]), -ey)) }
        var scaledSpec = spec
        scaledSpec.alpha = times2(spec.alpha, -ex)
        let l2 = try WorkBuffer<Double>(count: Swift.max(p, 1))
        let source2 = features.l2Factor ?? features.l1Factor
        for j in 0..<p { l2[j] = times2(source2.map { $0[j] } ?? 1, ey - ex) }
        let lower = try WorkBuffer<Double>(count: Swift.max(p, 1)), upper = try WorkBuffer<Double>(count: Swift.max(p, 1))
        for j in 0..<p {
            lower[j] = times2(features.lower.map { $0[j] } ?? -.infinity, ex - ey)
            upper[j] = times2(features.upper.map { $0[j] } ?? .infinity, ex - ey)
        }
        let start = try WorkBuffer<T>(count: Swift.max(p, 1))
        if let warmStart { for j in 0..<p { start[j] = T(times2(Double(warmStart[j]), ex - ey)) } }
        let scaledFeatures = FeatureOptions(
            l1Factor: features.l1Factor, l2Factor: UnsafeBufferPointer(start: UnsafePointer(l2.base), count: p),
            lower: UnsafeBufferPointer(start: UnsafePointer(lower.base), count: p),
            upper: UnsafeBufferPointer(start: UnsafePointer(upper.base), count: p))
        var fit = try withExtendedLifetime((xs, ys, l2, lower, upper, start)) { () throws(SwiftRegError) -> ModelFit in
            try fitColumnMajor(
                .dense(UnsafeBufferPointer(start: UnsafePointer(xs.base), count: n * p)), y: UnsafeBufferPointer(start: UnsafePointer(ys.base), count: n),
                n: n, p: p, sampleWeight: sampleWeight, features: scaledFeatures, spec: scaledSpec, options: options,
                warmStart: warmStart == nil ? nil : UnsafeBufferPointer(start: UnsafePointer(start.base), count: p))
        }
        // Back in the caller's units, onto the caller's box: a bound the rescaling rounded (1e-300
        // times 2^-k underflows to 0) is met exactly; the move is below the rescaled problem's
        // resolution.
        for j in 0..<p {
            let c = times2(fit.coef[j], ey - ex)
            let lo = features.lower.map { $0[j] } ?? -.infinity, hi = features.upper.map { $0[j] } ?? .infinity
            fit.coef[j] = Swift.min(Swift.max(c, lo), hi)
        }
        fit.intercept = times2(fit.intercept, ey)
        fit.objective = times2(fit.objective, ey)
        fit.dualGap = times2(fit.dualGap, ey)
        fit.gapTolerance = times2(fit.gapTolerance, ey)
        // (both may underflow to 0 in the user's units: converged follows them there)
        fit.converged = fit.dualGap <= fit.gapTolerance
        try OverflowGuard.requireFinite(fit.coef + [fit.intercept, fit.objective, fit.gapTolerance])
        return fit
    }

    /// The closed form when y − X·clip(0) is constant (over the samples with weight > 0; y
    /// itself when every bound admits 0) and there is an intercept (or that constant is 0):
    /// w = clip(0) and b = the constant make the datafit 0 and the penalty its minimum over
    /// the box, so the gap is exactly 0. (Iterative
    /// methods cannot certify it there: the tolerance unit F(y − ȳ) is 0, and an interior
    /// point meets 0/0 at a zero optimum.) nil otherwise, and for the fitted Huber scale (whose
    /// infimum, σ → 0, is not attained). It reports `solver`, the method the fit would have
    /// run (the datafit and solver are checked before).
    @inlinable
    static func constantTarget<T: BinaryFloatingPoint>(
        _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, spec: ModelSpec, options: FitOptions,
        solver: ModelSolver
    ) throws(SwiftRegError) -> ModelFit? {
        guard spec.loss != .huberScaled else { return nil }
        // w = clip(0), the penalty's minimiser over the box: a coefficient fixed by
        // lower = upper (or a box that excludes 0) keeps its bound, and y minus those columns
        // times their bounds is what must be constant (an exact fit once they are fixed: the
        // interior point met 0/0 there and reported overflowing data).
        let shifted = (0..<data.p).contains { penalty.lower[$0] > 0 || penalty.upper[$0] < 0 }
        let w = try WorkBuffer<Double>(count: Swift.max(data.p, 1))
        for j in 0..<data.p { w[j] = penalty.clamp(j, 0) }
        var value: Double? = nil
        if !shifted {
            for i in 0..<data.n where data.omega[i] > 0 {
                if let v = value, v != data.y[i] { return nil }
                value = data.y[i]
            }
        } else {
            let r = try WorkBuffer<Double>(count: data.n)
            data.residual(UnsafePointer(w.base), intercept: 0, r.base)
            for i in 0..<data.n where data.omega[i] > 0 {
                if let v = value, v != r[i] { return nil }
                value = r[i]
            }
        }
        guard let b = value, data.fitIntercept || b == 0 else { return nil }
        return ModelFit(
            coef: try Allocation.copy(UnsafeBufferPointer(start: w.base, count: data.p)),
            intercept: !shifted ? b : data.intercept(b, UnsafePointer(w.base)),
            objective: !shifted ? 0 : penalty.value(UnsafePointer(w.base)), dualGap: 0,
            gapTolerance: gapTolerance(options.tol, 0, data), iterations: 0, converged: true, solver: solver)
    }

    /// tol·unit, floored at the rounding level of the objective: a constant y or a single
    /// sample makes the unit exactly 0, a gap no iterative method reaches. The floor is 16 ulp
    /// of max(1, max|y|) for the absolute and quantile losses, and, for the `quadratic` ones
    /// (squared, Huber), 16 ulp of max|y|·max|y − ȳ| (the rounding of rᵢ²-sized sums of residuals
    /// computed from y): in the objective's units, so that y × 1e-10 keeps a tolerance 1e-20
    /// times as large; `linear` (the scaled Huber loss, whose objective is in y's units): 16 ulp
    /// of max|y|.
    @inlinable
    static func gapTolerance<T: BinaryFloatingPoint>(
        _ tol: Double, _ unit: Double, _ data: WeightedDesign<T>, quadratic: Bool = false, linear: Bool = false
    ) -> Double {
        if quadratic {
            var top = 0.0, spread = 0.0
            for i in 0..<data.n where data.omega[i] > 0 {
                top = Swift.max(top, abs(data.y[i]))
                spread = Swift.max(spread, abs(data.y[i] - data.yMean))
            }
            let floor = 16 * Double.ulpOfOne * (spread > 0 ? top * spread : top * top)
            return Swift.max(OverflowGuard.tolerance(tol, unit), floor.isFinite ? floor : 0)
        }
        var scale = linear ? 0.0 : 1.0
        for i in 0..<data.n { scale = Swift.max(scale, abs(data.y[i])) }
        return Swift.max(OverflowGuard.tolerance(tol, unit), 16 * Double.ulpOfOne * scale)
    }

    /// A fit never returns a point worse than its start: the objective is evaluated afresh at
    /// the returned point (F + R from its own residual) and at the start (the warm start, or
    /// w = 0, inside the bounds, with the intercept of the constant prediction ȳ). A point worse
    /// than the start (a diverging step, or overflow to a non-finite objective) is replaced by
    /// the start, with the smaller of its own certified gap and the start's objective minus the
    /// solver's dual value, and is not converged unless that gap meets the tolerance. For the `exact` (smooth) datafits the objective reported is the fresh one,
    /// and the gap moves with it (D is unchanged), so the objective is always F + R at the
    /// returned point.
    @inlinable
    static func checkedAgainstStart<D: Datafit, T: BinaryFloatingPoint>(
        _ fit: ModelFit, _ datafit: D, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty,
        warmStart: UnsafeBufferPointer<T>?, exact: Bool
    ) throws(SwiftRegError) -> ModelFit {
        let n = data.n, p = data.p
        let w = try WorkBuffer<Double>(count: p), r = try WorkBuffer<Double>(count: n)
        var coefFinite = fit.intercept.isFinite
        for j in 0..<p { w[j] = fit.coef[j]; coefFinite = coefFinite && w[j].isFinite }
        var objective = Double.infinity
        if coefFinite {
            let b = data.fitIntercept ? fit.intercept + blockSum(0, p) { data.mean[$0] * w[$0] } : 0
            data.residual(UnsafePointer(w.base), intercept: b, r.base)
            objective = data.datafitValue(datafit, UnsafePointer(r.base)) + penalty.value(UnsafePointer(w.base))
        }
        var result = fit
        if exact && objective.isFinite && fit.objective.isFinite && objective != fit.objective {
            result.objective = objective
            // The dual bound F − G stays: the gap moves with F, and the verdict with the gap
            // (converged means dual_gap <= gap_tol). Below the bound (rounding of huge values,
            // the bound itself in doubt) the solver's own gap and verdict are kept; a gap of 0
            // is never made from a negative one.
            let shifted = fit.dualGap + (objective - fit.objective)
            if shifted >= 0 {
                result.dualGap = shifted
                result.converged = shifted <= fit.gapTolerance
            }
        }
        // The start.
        for j in 0..<p {
            let v = warmStart.map { Double($0[j]) } ?? 0
            w[j] = Swift.min(Swift.max(v, penalty.lower[j]), penalty.upper[j])
        }
        let b0 = data.fitIntercept ? data.yMean : 0
        data.residual(UnsafePointer(w.base), intercept: b0, r.base)
        let start = data.datafitValue(datafit, UnsafePointer(r.base)) + penalty.value(UnsafePointer(w.base))
        let slack = 64 * Double.ulpOfOne * abs(start)
        if objective.isFinite && (objective <= start + slack || !start.isFinite) { return result }
        let u = try WorkBuffer<Double>(count: n), z = try WorkBuffer<Double>(count: p)
        for i in 0..<n { u[i] = data.omega[i] * datafit.derivative(r[i]) }
        data.transposedProduct(UnsafePointer(u.base), z.base)
        let value = try GeneralDualGap.evaluate(
            datafit, data, penalty, w: UnsafePointer(w.base), residual: UnsafePointer(r.base), dual: u.base,
            correlations: z.base)
        var gap = value.gap.isNaN ? Double.infinity : value.gap
        // The solver's dual value, fit.objective − fit.dualGap, bounds the optimum from below
        // as well: at a start that is itself optimal (the solver's point above it by rounding)
        // φ′ at a zero residual makes a poor candidate (a gap of 6.7 at objective 0.5, where the
        // interior point's duals certified 4e-14).
        let solverDual = fit.objective - fit.dualGap
        if fit.dualGap >= 0 && solverDual.isFinite {
            let other = start - solverDual
            if other >= 0 { gap = Swift.min(gap, other) } else if -other <= slack { gap = 0 }
        }
        return ModelFit(
            coef: Array(UnsafeBufferPointer(start: w.base, count: p)), intercept: data.intercept(b0, UnsafePointer(w.base)),
            objective: start, dualGap: gap, gapTolerance: fit.gapTolerance, iterations: fit.iterations,
            converged: gap <= fit.gapTolerance, solver: fit.solver, scale: fit.scale)
    }

    @inlinable
    static func unsupported(_ solver: ModelSolver, _ what: String, _ allowed: String) -> SwiftRegError {
        .invalidArgument(argument: "solver", value: Double(solver.rawValue), requirement: "\(allowed) for \(what)")
    }

    /// The warm start, or nil where X̃·w or the penalty at w (clipped into the box) is not
    /// finite: a start of 1.8e308 left a NaN objective after max_iter sweeps (reported with
    /// status OK); the fit then starts at clip(0) as without a warm start.
    @inlinable
    static func usableWarmStart<T: BinaryFloatingPoint>(
        _ warmStart: UnsafeBufferPointer<T>?, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty
    ) throws(SwiftRegError) -> UnsafeBufferPointer<T>? {
        guard let warmStart else { return nil }
        let p = data.p
        let w = try WorkBuffer<Double>(count: Swift.max(p, 1)), r = try WorkBuffer<Double>(count: data.n)
        for j in 0..<p { w[j] = penalty.clamp(j, Double(warmStart[j])) }
        guard penalty.value(UnsafePointer(w.base)).isFinite else { return nil }
        data.residual(UnsafePointer(w.base), intercept: data.fitIntercept ? data.yMean : 0, r.base)
        for i in 0..<data.n where !r[i].isFinite || !(r[i] * r[i]).isFinite { return nil }
        return warmStart
    }

    /// y − ȳ (ȳ the weighted mean; 0 without an intercept): the residual of the constant
    /// prediction, the unit of the tolerance. When a box excludes 0 (`penalty` given), the
    /// residual of the solvers' start w = clip(0), y − ȳ − X̃·clip(0): with y = 0 and no
    /// intercept the unit was 0 and the tolerance only the rounding floor (0 for the squared
    /// loss), which no fit of a non-zero optimum reaches.
    @inlinable
    static func constantResidual<T: BinaryFloatingPoint>(
        _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty? = nil
    ) throws(SwiftRegError) -> WorkBuffer<Double> {
        let r = try WorkBuffer<Double>(count: data.n)
        if let penalty, (0..<data.p).contains(where: { penalty.lower[$0] > 0 || penalty.upper[$0] < 0 }) {
            let w = try WorkBuffer<Double>(count: Swift.max(data.p, 1))
            for j in 0..<data.p { w[j] = penalty.clamp(j, 0) }
            data.residual(UnsafePointer(w.base), intercept: data.yMean, r.base)
            return r
        }
        for i in 0..<data.n { r[i] = data.y[i] - data.yMean }
        return r
    }

    @inlinable
    static func smooth<D: Datafit, T: BinaryFloatingPoint>(
        _ datafit: D, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, options: FitOptions,
        warmStart: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) -> ModelFit {
        let p = data.p
        let w = try WorkBuffer<Double>(repeating: 0, count: p)
        if let warmStart { for j in 0..<p { w[j] = Double(warmStart[j]) } }
        let r0 = try constantResidual(data, penalty)
        var unit = data.datafitValue(datafit, UnsafePointer(r0.base))
        if D.self == SquaredDatafit.self { unit *= 2 }     // Σωᵢ(yᵢ − ȳ)², scikit-learn's unit
        let tolerance = gapTolerance(options.tol, unit, data, quadratic: true)
        let outcome = try SmoothCoordinateDescent.minimize(
            datafit, data, penalty, w: w, intercept: data.yMean, maxIter: options.maxIter, gapTolerance: tolerance,
            polish: options.tol <= polishTolerance)
        return try finish(data, w: w, outcome: outcome, tolerance: tolerance, solver: .coordinateDescent)
    }

    @inlinable
    static func finish<T: BinaryFloatingPoint>(
        _ data: WeightedDesign<T>, w: WorkBuffer<Double>, outcome: SolverOutcome, tolerance: Double, solver: ModelSolver
    ) throws(SwiftRegError) -> ModelFit {
        let coef = try Allocation.copy(UnsafeBufferPointer(start: w.base, count: data.p))
        let fit = ModelFit(
            coef: coef, intercept: data.intercept(outcome.intercept, UnsafePointer(w.base)), objective: outcome.primal,
            dualGap: outcome.gap, gapTolerance: tolerance, iterations: outcome.iterations,
            converged: outcome.gap <= tolerance, solver: solver)
        try OverflowGuard.requireFinite(fit.coef)
        try OverflowGuard.requireFinite([fit.intercept, fit.objective, fit.gapTolerance])
        return fit
    }

    /// The squared loss with the method `solver` (from ``resolveSolver``): the elastic-net fast
    /// path where it applies (dense X), Ridge's direct solve, the general coordinate descent
    /// otherwise.
    @inlinable
    static func squared<T: BinaryFloatingPoint>(
        _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, source: ColumnSource<T>, y: UnsafeBufferPointer<T>,
        sampleWeight: UnsafeBufferPointer<T>?, features: FeatureOptions, spec: ModelSpec, options: FitOptions,
        solver: ModelSolver, warmStart: UnsafeBufferPointer<T>?
    ) throws(SwiftRegError) -> ModelFit {
        let p = data.p
        let (alpha, rho) = spec.effectivePenalty
        guard case let .dense(x) = source else {
            return try smooth(SquaredDatafit(), data, penalty, options: options, warmStart: warmStart)
        }
        if solver == .cholesky {
            let ridge = try Ridge.fit(
                x: x, y: y, nSamples: data.n, nFeatures: p, sampleWeight: sampleWeight,
                alpha: alpha * data.weightSum, fitIntercept: spec.fitIntercept, interrupt: options.interrupt)
            return try certify(data, penalty, coef: ridge.coef, intercept: ridge.intercept, iterations: 1,
                               tol: options.tol, solver: .cholesky)
        }
        // The fast path scales α by Σsᵢ: for an α near DBL_MAX, where that overflows (far past
        // α_max), w = clip(0) with the weighted mean of y as intercept is the minimiser within
        // rounding, certified by its gap, whatever the solver asked for.
        if features.allowsElasticNetFastPath(alpha: alpha) && !(alpha * data.weightSum).isFinite {
            let coef = try Allocation.array(count: p) { penalty.clamp($0, 0) }
            return try certify(data, penalty, coef: coef, intercept: data.yMean, iterations: 0, tol: options.tol,
                               solver: solver)
        }
        if features.allowsElasticNetFastPath(alpha: alpha) {
            let enetOptions = ElasticNetOptions(
                fitIntercept: spec.fitIntercept, positive: !features.noBounds,
                solver: solver == .fista ? .fista : (solver == .subgradient ? .subgradient : .coordinateDescent),
                selection: options.selection, seed: options.seed, precompute: options.precompute,
                maxIter: options.maxIter, tol: options.tol, learningRate: options.learningRate,
                interrupt: options.interrupt)
            let fit = try ElasticNet.fit(
                x: x, y: y, nSamples: data.n, nFeatures: p, sampleWeight: sampleWeight,
                penaltyFactor: features.l1Factor ?? features.l2Factor, alpha: alpha, l1Ratio: rho,
                options: enetOptions, warmStart: warmStart)
            let w = try WorkBuffer<Double>(count: p)
            for j in 0..<p { w[j] = fit.coef[j] }
            let r = try WorkBuffer<Double>(count: data.n)
            let b = data.fitIntercept ? fit.intercept + blockSum(0, p) { data.mean[$0] * w[$0] } : 0
            data.residual(UnsafePointer(w.base), intercept: b, r.base)
            let objective = data.datafitValue(SquaredDatafit(), UnsafePointer(r.base)) + penalty.value(UnsafePointer(w.base))
            return ModelFit(
                coef: fit.coef, intercept: fit.intercept, objective: objective, dualGap: fit.report.dualGap,
                gapTolerance: fit.report.gapTolerance, iterations: fit.report.iterations,
                converged: fit.report.converged, solver: solver)
        }
        return try smooth(SquaredDatafit(), data, penalty, options: options, warmStart: warmStart)
    }

    /// The objective and certified gap of a direct solution.
    @inlinable
    static func certify<T: BinaryFloatingPoint>(
        _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, coef: [Double], intercept: Double, iterations: Int,
        tol: Double, solver: ModelSolver
    ) throws(SwiftRegError) -> ModelFit {
        let n = data.n, p = data.p
        let w = try WorkBuffer<Double>(count: p), r = try WorkBuffer<Double>(count: n)
        let u = try WorkBuffer<Double>(count: n), z = try WorkBuffer<Double>(count: p)
        for j in 0..<p { w[j] = coef[j] }
        let b = data.fitIntercept ? intercept + blockSum(0, p) { data.mean[$0] * w[$0] } : 0
        data.residual(UnsafePointer(w.base), intercept: b, r.base)
        for i in 0..<n { u[i] = data.omega[i] * r[i] }
        data.transposedProduct(UnsafePointer(u.base), z.base)
        let value = try GeneralDualGap.evaluate(
            SquaredDatafit(), data, penalty, w: UnsafePointer(w.base), residual: UnsafePointer(r.base), dual: u.base,
            correlations: z.base)
        var unit = 0.0
        for i in 0..<n { let d = data.y[i] - data.yMean; unit += data.omega[i] * d * d }
        let tolerance = OverflowGuard.tolerance(tol, unit)
        let fit = ModelFit(
            coef: coef, intercept: intercept, objective: value.primal, dualGap: value.gap, gapTolerance: tolerance,
            iterations: iterations, converged: value.gap <= tolerance, solver: solver)
        try OverflowGuard.requireFinite(fit.coef + [fit.intercept, fit.objective])
        return fit
    }
}
