/// A regularisation path of a ``RegularizedModel``: one fit per α, each warm-started from the
/// previous one.
public struct ModelPath: Sendable, Equatable {
    public var alphas: [Double]
    /// p × count, column-major: column k is the solution at `alphas[k]`.
    public var coef: [Double]
    public var intercepts: [Double]
    public var objectives: [Double]
    public var dualGaps: [Double]
    public var gapTolerances: [Double]
    public var iterations: [Int]
    public var converged: [Bool]

    @inlinable
    public init(
        alphas: [Double], coef: [Double], intercepts: [Double], objectives: [Double], dualGaps: [Double],
        gapTolerances: [Double], iterations: [Int], converged: [Bool]
    ) {
        self.alphas = alphas
        self.coef = coef
        self.intercepts = intercepts
        self.objectives = objectives
        self.dualGaps = dualGaps
        self.gapTolerances = gapTolerances
        self.iterations = iterations
        self.converged = converged
    }
}

extension RegularizedModel {
    /// The path over `alphas` (in their order) or, when nil, over `count` values log-spaced
    /// from α_max down to eps·α_max (``ElasticNetPath/alphaGrid(alphaMax:eps:count:)``), α_max
    /// being the smallest α at which every penalised coefficient sits at its bound-clipped 0:
    ///
    ///     α_max = maxⱼ  dist(−gⱼ, N(clip(0)))/(ρ·fⱼ),   g = ∇F at the fit of the unpenalised part
    ///
    /// (for the squared loss scikit-learn's and glmnet's α_max; for the quantile loss the
    /// subgradient 0 is taken at zero residuals). The automatic grid needs ρ > 0 and a penalty.
    /// `spec.alpha` is ignored. `progress(done, total)` runs after each α; false cancels.
    @inlinable
    public static func path<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, layout: MatrixLayout = .columnMajor, y: UnsafeBufferPointer<T>,
        nSamples n: Int, nFeatures p: Int, sampleWeight: UnsafeBufferPointer<T>? = nil,
        features: FeatureOptions = FeatureOptions(), spec: ModelSpec, options: FitOptions = FitOptions(),
        alphas given: UnsafeBufferPointer<Double>?, count: Int, eps: Double = 1e-3,
        progress: ((Int, Int) -> Bool)? = nil, objectives wantObjectives: Bool = true
    ) throws(SwiftRegError) -> ModelPath {
        try path(
            .dense(x, layout), y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, features: features,
            spec: spec, options: options, alphas: given, count: count, eps: eps, progress: progress,
            objectives: wantObjectives)
    }

    /// The path on dense or sparse X (see the dense form). For sparse X every α is a fit of the
    /// general coordinate descent warm-started from the previous α, its working set grown from
    /// the features that violate their optimality conditions: the work grows with the stored
    /// values of the columns it touches. `gram`: X̃ᵀX̃ of this data (p × p: the weighted,
    /// centred Gram), if the caller has it, for the squared loss's covariance updates.
    @inlinable
    public static func path<T: BinaryFloatingPoint>(
        _ design: DesignMatrix<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, features: FeatureOptions = FeatureOptions(), spec: ModelSpec,
        options: FitOptions = FitOptions(), alphas given: UnsafeBufferPointer<Double>?, count: Int, eps: Double = 1e-3,
        progress: ((Int, Int) -> Bool)? = nil, objectives wantObjectives: Bool = true,
        gram: UnsafePointer<Double>? = nil, weightsEquilibrated: Bool = false
    ) throws(SwiftRegError) -> ModelPath {
        guard p >= 0 else { throw .invalidLength(argument: "n_features", value: p) }
        guard n >= 1 else { throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1") }
        guard count >= 1 else { throw .invalidArgument(argument: "n_alphas", value: Double(count), requirement: ">= 1") }
        if let given {
            guard given.count == count else {
                throw .invalidArgument(argument: "alphas", value: Double(given.count), requirement: "n_alphas values")
            }
            for (k, a) in given.enumerated() where !(a.isFinite && a >= 0) {
                throw .invalidArgument(argument: "alphas[\(k)]", value: a, requirement: "finite and >= 0")
            }
        } else {
            guard eps > 0, eps < 1 else { throw .invalidArgument(argument: "eps", value: eps, requirement: "in (0, 1)") }
            guard spec.penalty != .none, spec.effectivePenalty.rho > 0 else {
                throw .invalidArgument(
                    argument: "l1_ratio", value: spec.effectivePenalty.rho,
                    requirement: "> 0 with an L1 penalty for the automatic alpha grid (give alphas)")
            }
        }
        if gram == nil, !weightsEquilibrated, sampleWeight != nil {
            // The weights rescaled by a power of 2 where they are extreme (see
            // ``RegularizedModel/withEquilibratedWeights(_:_:)``); a caller's Gram keeps them.
            return try withEquilibratedWeights(sampleWeight) { (scaled) throws(SwiftRegError) -> ModelPath in
                try path(
                    design, y: y, nSamples: n, nFeatures: p, sampleWeight: scaled, features: features, spec: spec,
                    options: options, alphas: given, count: count, eps: eps, progress: progress,
                    objectives: wantObjectives, gram: nil, weightsEquilibrated: true)
            }
        }
        return try withColumns(design, n: n, p: p) { (source) throws(SwiftRegError) -> ModelPath in
            if case let .dense(xs) = source, spec.loss == .squared, spec.penalty != .none,
               options.solver == .auto || options.solver == .coordinateDescent,
               features.allowsElasticNetFastPath(alpha: given.map { $0.min() ?? 0 } ?? 1) {
                return try squaredPath(
                    x: xs, y: y, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: spec,
                    options: options, alphas: given, count: count, eps: eps, progress: progress,
                    objectives: wantObjectives, gram: gram)
            }
            let grid: [Double]
            if let given {
                grid = try Allocation.copy(given)
            } else {
                let top = try alphaMax(source, y: y, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: spec, options: options)
                grid = try ElasticNetPath.alphaGrid(alphaMax: top, eps: eps, count: count)
            }
            var result = ModelPath(
                alphas: grid, coef: [], intercepts: [], objectives: [], dualGaps: [], gapTolerances: [],
                iterations: [], converged: [])
            let (cells, overflow) = p.multipliedReportingOverflow(by: grid.count)
            guard !overflow else { throw .allocationFailed(bytes: Int.max) }
            try Allocation.reserve(&result.coef, cells)
            try Allocation.reserve(&result.intercepts, grid.count)
            try Allocation.reserve(&result.objectives, grid.count)
            try Allocation.reserve(&result.dualGaps, grid.count)
            try Allocation.reserve(&result.gapTolerances, grid.count)
            try Allocation.reserve(&result.iterations, grid.count)
            try Allocation.reserve(&result.converged, grid.count)
            var start: [T]? = nil
            // One design for every α (its means and norms do not depend on α).
            let data = try RegularizedModel.design(source, y: y, n: n, p: p, sampleWeight: sampleWeight, spec: spec)
            for (k, alpha) in grid.enumerated() {
                var s = spec
                s.alpha = alpha
                let fit = try start.withOptionalBuffer { (warm) throws(SwiftRegError) in
                    try fitColumnMajor(
                        source, y: y, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: s,
                        options: options, warmStart: warm, prepared: data)
                }
                start = try Allocation.array(count: p) { T(fit.coef[$0]) }
                result.coef += fit.coef
                result.intercepts.append(fit.intercept)
                result.objectives.append(fit.objective)
                result.dualGaps.append(fit.dualGap)
                result.gapTolerances.append(fit.gapTolerance)
                result.iterations.append(fit.iterations)
                result.converged.append(fit.converged)
                try options.interrupt.check()
                if let progress, !progress(k + 1, grid.count) { throw .cancelled }
            }
            return result
        }
    }

    /// The squared loss's path by ``ElasticNetPath`` (Gram columns, working set and screening
    /// shared along the grid), with each α's objective evaluated once at the end.
    @inlinable
    static func squaredPath<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        features: FeatureOptions, spec: ModelSpec, options: FitOptions, alphas given: UnsafeBufferPointer<Double>?,
        count: Int, eps: Double, progress: ((Int, Int) -> Bool)?, objectives wantObjectives: Bool,
        gram: UnsafePointer<Double>? = nil
    ) throws(SwiftRegError) -> ModelPath {
        let rho = spec.effectivePenalty.rho
        try options.validate()
        let enet = ElasticNetOptions(
            fitIntercept: spec.fitIntercept, positive: !features.noBounds, selection: options.selection,
            seed: options.seed, precompute: options.precompute, maxIter: options.maxIter, tol: options.tol,
            interrupt: options.interrupt)
        let factors = features.l1Factor ?? features.l2Factor
        let path = try ElasticNetPath.compute(
            x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, penaltyFactor: factors,
            l1Ratio: rho, alphas: given, count: count, eps: eps, options: enet, progress: progress, gram: gram)
        let reports = path.reports, k = reports.count
        func result(_ objectives: [Double]) throws(SwiftRegError) -> ModelPath {
            ModelPath(
                alphas: path.alphas, coef: path.coef, intercepts: path.intercepts, objectives: objectives,
                dualGaps: try Allocation.array(count: k) { reports[$0].dualGap },
                gapTolerances: try Allocation.array(count: k) { reports[$0].gapTolerance },
                iterations: try Allocation.array(count: k) { reports[$0].iterations },
                converged: try Allocation.array(count: k) { reports[$0].converged })
        }
        // Each objective costs a pass over X: only when asked for (NaN otherwise).
        guard wantObjectives else { return try result(Allocation.array(repeating: .nan, count: path.alphas.count)) }
        var objectives: [Double] = []
        try Allocation.reserve(&objectives, path.alphas.count)
        let data = try WeightedDesign(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, fitIntercept: spec.fitIntercept)
        let w = try WorkBuffer<Double>(count: p), r = try WorkBuffer<Double>(count: n)
        for (k, alpha) in path.alphas.enumerated() {
            let penalty = try CoefficientPenalty(
                features: p, alpha: alpha, l1Ratio: rho, l1Factor: factors, l2Factor: factors)
            for j in 0..<p { w[j] = path.coef[k * p + j] }
            let b = data.fitIntercept ? path.intercepts[k] + blockSum(0, p) { data.mean[$0] * w[$0] } : 0
            data.residual(UnsafePointer(w.base), intercept: b, r.base)
            objectives.append(data.datafitValue(SquaredDatafit(), UnsafePointer(r.base)) + penalty.value(UnsafePointer(w.base)))
        }
        return try result(objectives)
    }

    /// α_max of the automatic grid (see ``path``): the fit with every penalised coefficient
    /// held at its clipped 0, then the largest ratio of its KKT violation to ρfⱼ.
    @inlinable
    static func alphaMax<T: BinaryFloatingPoint>(
        _ source: ColumnSource<T>, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        features: FeatureOptions, spec: ModelSpec, options: FitOptions
    ) throws(SwiftRegError) -> Double {
        var unit = spec
        unit.alpha = 1
        let (_, rho) = unit.effectivePenalty
        let penalty = try CoefficientPenalty(
            features: p, alpha: 1, l1Ratio: rho, l1Factor: features.l1Factor,
            l2Factor: features.l2Factor ?? features.l1Factor, lower: features.lower, upper: features.upper)
        // Bounds that pin every penalised coefficient at clip(0).
        var lower = try Allocation.array(repeating: 0.0, count: p), upper = try Allocation.array(repeating: 0.0, count: p)
        var anyFree = false
        // Penalised as given (ρfⱼ > 0 or (1 − ρ)gⱼ > 0), even where the unit weights underflow
        // (factors of 5e-324): at the α of the grid they do not.
        let l2Given = features.l2Factor ?? features.l1Factor
        for j in 0..<p {
            let penalised = (rho > 0 && (features.l1Factor?[j] ?? 1) > 0) || (rho < 1 && (l2Given?[j] ?? 1) > 0)
            if !penalised {
                lower[j] = penalty.lower[j]; upper[j] = penalty.upper[j]; anyFree = true
            } else {
                lower[j] = penalty.clamp(j, 0); upper[j] = lower[j]
            }
        }
        let data = try design(source, y: y, n: n, p: p, sampleWeight: sampleWeight, spec: spec)
        let w = try WorkBuffer<Double>(repeating: 0, count: p)
        for j in 0..<p { w[j] = lower[j] }
        var b = 0.0
        if anyFree || spec.fitIntercept {
            var pinned = unit
            pinned.penalty = .none
            var pinnedOptions = options
            pinnedOptions.solver = .auto
            pinnedOptions.tol = Swift.min(options.tol, 1e-10)
            // α_max is a property of the data, not of the caller's iteration budget: a fit
            // stopped early (max_iter 1) gives a wrong intercept, and the grid would start
            // anywhere.
            pinnedOptions.maxIter = Swift.max(options.maxIter, FitOptions().maxIter)
            let fit = try lower.withUnsafeBufferPointer { (lo) throws(SwiftRegError) in
                try upper.withUnsafeBufferPointer { (hi) throws(SwiftRegError) in
                    try fitColumnMajor(
                        source, y: y, n: n, p: p, sampleWeight: sampleWeight,
                        features: FeatureOptions(lower: lo, upper: hi), spec: pinned, options: pinnedOptions, warmStart: nil)
                }
            }
            for j in 0..<p { w[j] = fit.coef[j] }
            b = data.fitIntercept ? fit.intercept + blockSum(0, p) { data.mean[$0] * w[$0] } : 0
        }
        let r = try WorkBuffer<Double>(count: n), a = try WorkBuffer<Double>(count: n)
        data.residual(UnsafePointer(w.base), intercept: b, r.base)
        for i in 0..<n {
            let om = data.omega[i]
            switch spec.loss {
            case .squared: a[i] = om * SquaredDatafit().derivative(r[i])
            case .huber: a[i] = om * (try HuberDatafit(delta: spec.delta)).derivative(r[i])
            case .huberScaled: throw .invalidArgument(
                argument: "loss", value: Double(spec.loss.rawValue), requirement: "not SR_LOSS_HUBER_SCALED for the automatic alpha grid (give alphas)")
            case .absolute: a[i] = om * PinballDatafit.absolute.derivative(r[i])
            case .quantile: a[i] = om * (try PinballDatafit(quantile: spec.quantile)).derivative(r[i])
            }
        }
        // At zero residuals a non-smooth datafit admits any subgradient in its dual domain; pick
        // one there that keeps the intercept's condition Σaᵢ = 0 (the same value at each zero
        // residual, clipped), so that the α below certifies w = 0 rather than guessing it.
        if spec.loss == .absolute || spec.loss == .quantile, data.fitIntercept {
            let domain = spec.loss == .absolute ? PinballDatafit.absolute.dualDomain
                : (try PinballDatafit(quantile: spec.quantile)).dualDomain
            var scale = 0.0
            for i in 0..<n { scale = Swift.max(scale, abs(data.y[i])) }
            let zero = 1e-12 * Swift.max(scale, Double.leastNormalMagnitude)
            var rest = 0.0, zeroWeight = 0.0
            for i in 0..<n { if abs(r[i]) <= zero { zeroWeight += data.omega[i] } else { rest += a[i] } }
            if zeroWeight > 0 {
                let v = Swift.min(Swift.max(-rest / zeroWeight, domain.lowerBound), domain.upperBound)
                for i in 0..<n where abs(r[i]) <= zero { a[i] = data.omega[i] * v }
            }
        }
        var top = 0.0, tinyFactor = false
        let z = try WorkBuffer<Double>(count: p)
        data.transposedProduct(UnsafePointer(a.base), z.base)
        // ρfⱼ > 0 as given: λⱼ = ρfⱼ may underflow to 0 for a tiny factor, whose α_max then overflows.
        for j in 0..<p where rho > 0 && (features.l1Factor?[j] ?? 1) > 0 && data.columnNormSq[j] > 0 {
            let g = -z[j]
            // The violation with λ = 0 is what λⱼ must cover at w = clip(0).
            let wj = penalty.clamp(j, 0)
            let lo = wj <= penalty.lower[j] ? -Double.infinity : 0.0
            let hi = wj >= penalty.upper[j] ? Double.infinity : 0.0
            let v = -g
            let need = Swift.max(0, lo - v, v - hi)
            guard need > 0 else { continue }
            let ratio = penalty.l1[j] > 0 ? need / penalty.l1[j] : need / rho / (features.l1Factor?[j] ?? 1)
            if !ratio.isFinite && need.isFinite { tinyFactor = true }
            top = Swift.max(top, ratio)
        }
        if !top.isFinite && tinyFactor {
            // (λⱼ/α = ρfⱼ so small that no finite α pins wⱼ at clip(0))
            var smallest = Double.infinity
            for j in 0..<p { if let f = features.l1Factor?[j], f > 0 { smallest = Swift.min(smallest, f) } }
            throw .invalidArgument(
                argument: "penalty_factor", value: smallest,
                requirement: "large enough for a finite alpha_max of the default grid (or give alphas)")
        }
        try OverflowGuard.requireFinite([top])
        return top
    }
}

extension Optional {
    /// Calls `body` with a buffer over the array (nil when self is nil).
    @inlinable
    func withOptionalBuffer<E, R>(_ body: (UnsafeBufferPointer<E>?) throws(SwiftRegError) -> R) throws(SwiftRegError) -> R
    where Wrapped == [E] {
        guard let array = self else { return try body(nil) }
        return try array.withUnsafeBufferPointer { (b) throws(SwiftRegError) in try body(b) }
    }
}
