#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularisation path of the elastic net (``ElasticNet``'s objective) over a sequence of
/// α, by warm-started coordinate descent: scikit-learn's `enet_path` / `lasso_path`.
///
/// Default grid (scikit-learn's `_alpha_grid`): `count` values log-spaced from α_max down to
/// eps·α_max, where α_max is the smallest α with all penalised coefficients 0:
///
///     α_max = maxⱼ |x̃ⱼᵀr₀| / (S·ρ·fⱼ)   over features with fⱼ > 0
///
/// with r₀ = ỹ (centred, weighted y) — exactly scikit-learn's ‖Xᵀy‖∞/(S·ρ) — or, when some
/// features are unpenalised (fⱼ = 0), the residual after fitting those alone (glmnet's rule).
/// The path starts from w = 0 (plus that unpenalised fit) and each α starts from the previous
/// solution; the Gram columns and working set carry over.
public enum ElasticNetPath {
    /// The path: column k of `coef` (p values at k·p) is the solution at `alphas[k]`.
    public struct Path: Sendable, Equatable {
        public var alphas: [Double]
        /// p × count, column-major.
        public var coef: [Double]
        public var intercepts: [Double]
        public var reports: [SolverReport]

        @inlinable
        public init(alphas: [Double], coef: [Double], intercepts: [Double], reports: [SolverReport]) {
            self.alphas = alphas
            self.coef = coef
            self.intercepts = intercepts
            self.reports = reports
        }
    }

    /// α_max·eps^(k/(count − 1)), k = 0..<count, as `numpy.geomspace(α_max, eps·α_max, count)`;
    /// α_max itself for count = 1. An α_max below float64 resolution (1e-15) gives `count`
    /// copies of 1e-15, as scikit-learn does.
    @inlinable
    public static func alphaGrid(alphaMax: Double, eps: Double, count: Int) throws(SwiftRegError) -> [Double] {
        if alphaMax <= 1e-15 { return try Allocation.array(repeating: 1e-15, count: count) }
        if count == 1 { return [alphaMax] }
        let lo = log10(alphaMax * eps), hi = log10(alphaMax)
        return try Allocation.array(count: count) { k in
            if k == 0 { return alphaMax }
            if k == count - 1 { return alphaMax * eps }
            let t = Double(k) / Double(count - 1)
            return pow(10, hi + t * (lo - hi))
        }
    }

    /// Computes the path. `alphas` nil means the default grid of `count` values down to
    /// eps·α_max (then ρ must be > 0); given alphas are used in their order. `options.solver`
    /// is ignored (coordinate descent). `progress(done, total)` is called after each α;
    /// returning false stops the path with ``SwiftRegError/cancelled``. `gram`, when given, is
    /// X̃ᵀX̃ of this data (p × p), which the covariance updates then take instead of computing it.
    @inlinable
    public static func compute<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, nSamples: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, penaltyFactor: UnsafeBufferPointer<Double>? = nil,
        l1Ratio: Double = 1, alphas given: UnsafeBufferPointer<Double>? = nil, count: Int = 100, eps: Double = 1e-3,
        options: ElasticNetOptions = ElasticNetOptions(), progress: ((Int, Int) -> Bool)? = nil,
        gram precomputed: UnsafePointer<Double>? = nil
    ) throws(SwiftRegError) -> Path {
        try ModelInput.l1Ratio(l1Ratio)
        try options.validate()
        try ModelInput.penaltyFactor(penaltyFactor, nFeatures: p)
        if let given {
            for (k, a) in given.enumerated() { try Check.nonNegative(a, "alphas[\(k)]") }
        } else {
            guard count >= 1 else { throw .invalidArgument(argument: "n_alphas", value: Double(count), requirement: ">= 1") }
            try Check.positive(eps, "eps")
            guard l1Ratio > 0 else {
                throw .invalidArgument(argument: "l1_ratio", value: l1Ratio, requirement: "> 0 when alphas are not given")
            }
            if let pf = penaltyFactor, p > 0, !pf.contains(where: { $0 > 0 }) {
                throw .invalidArgument(argument: "penalty_factor", value: 0, requirement: "positive somewhere when alphas are not given")
            }
        }
        let data = try CenteredDesign(
            x: x, y: y, nSamples: nSamples, nFeatures: p, sampleWeight: sampleWeight, fitIntercept: options.fitIntercept)
        data.interrupt = options.interrupt
        try data.interrupt.check()
        let w = try WorkBuffer<Double>(repeating: 0, count: p)
        let pf = penaltyFactor?.baseAddress
        // `precomputed` (X̃ᵀX̃ of this data, p × p) is used unless residual updates were asked for.
        let mode: GramMode = precomputed != nil && options.precompute != .residual
            ? .gram : options.precompute.resolved(nSamples: nSamples, nFeatures: p)
        switch mode {
        case .gram, .auto:
            let engine = try CovarianceUpdates(data, w: UnsafePointer(w.base), precomputed: precomputed)
            let cd = try CoordinateDescent(
                data: data, engine: engine, w: w, penaltyFactor: pf, positive: options.positive,
                selection: options.selection, seed: options.seed)
            return try run(cd, given: given, count: count, eps: eps, l1Ratio: l1Ratio, options: options, progress: progress)
        case .residual:
            let engine = try ResidualUpdates(data, w: UnsafePointer(w.base))
            let cd = try CoordinateDescent(
                data: data, engine: engine, w: w, penaltyFactor: pf, positive: options.positive,
                selection: options.selection, seed: options.seed)
            return try run(cd, given: given, count: count, eps: eps, l1Ratio: l1Ratio, options: options, progress: progress)
        }
    }

    @inlinable
    static func run<T: BinaryFloatingPoint, E: CoordinateEngine>(
        _ cd: CoordinateDescent<T, E>, given: UnsafeBufferPointer<Double>?, count: Int, eps: Double,
        l1Ratio: Double, options: ElasticNetOptions, progress: ((Int, Int) -> Bool)?
    ) throws(SwiftRegError) -> Path {
        let data = cd.data, p = data.p, s = data.weightSum
        let alphas: [Double]
        if let given {
            alphas = try Allocation.copy(given)
        } else {
            // Unpenalised features first (they are in the working set from the start).
            if !cd.workingSet.isEmpty {
                try cd.sweepWorkingSet(alpha: 0, l1Ratio: l1Ratio, maxIter: Swift.max(options.maxIter, 1000), tol: 1e-12)
            }
            let c = cd.currentCorrelations()
            var alphaMax = 0.0
            for j in 0..<p {
                let f = cd.penaltyFactor?[j] ?? 1
                if f > 0 && data.columnNormSq[j] > 0 { alphaMax = Swift.max(alphaMax, abs(c[j]) / (s * l1Ratio * f)) }
            }
            alphas = try alphaGrid(alphaMax: alphaMax, eps: eps, count: count)
        }
        let total = alphas.count
        let (cells, overflow) = p.multipliedReportingOverflow(by: total)
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        var coef = try Allocation.array(repeating: 0.0, count: cells)
        var intercepts = try Allocation.array(repeating: 0.0, count: total)
        var reports: [SolverReport] = []
        try Allocation.reserve(&reports, total)
        let gapTolerance = OverflowGuard.tolerance(options.tol, data.yNormSq / s)
        for (k, alpha) in alphas.enumerated() {
            let r = try cd.solve(alpha: alpha, l1Ratio: l1Ratio, maxIter: options.maxIter, tol: options.tol)
            if options.positive { for j in 0..<p { cd.w[j] = Swift.max(0, cd.w[j]) } }
            for j in 0..<p { coef[k * p + j] = cd.w[j] }
            intercepts[k] = data.intercept(UnsafePointer(cd.w.base))
            try OverflowGuard.requireFinite(coef[(k * p)..<(k * p + p)])
            try OverflowGuard.requireFinite([intercepts[k], gapTolerance])
            reports.append(SolverReport(
                iterations: r.iterations, dualGap: r.gap / s, gapTolerance: gapTolerance, converged: r.gap / s <= gapTolerance))
            try data.interrupt.check()
            if let progress, !progress(k + 1, total) { throw .cancelled }
        }
        return Path(alphas: alphas, coef: coef, intercepts: intercepts, reports: reports)
    }
}
