/// Least-absolute-deviation (median) regression with an optional L1 penalty, solved exactly:
///
///     minimise over w, b:   (1/S)·Σᵢ sᵢ·|yᵢ − xᵢ·w − b| + α·‖w‖₁,      S = Σᵢ sᵢ,
///
/// with sample weights sᵢ ≥ 0 (all 1 when absent), an optional intercept b that is never
/// penalised, and α ≥ 0. With λ = α in the textbook form λΣ|w| this is the L1 loss plus the L1
/// penalty, the loss averaged over the (weighted) samples.
///
/// **Relation to scikit-learn.** `QuantileRegressor(quantile=0.5, alpha=a)` solves the linear
/// programme (sklearn/linear_model/_quantile.py) min Σᵢ sᵢ·(0.5·uᵢ + 0.5·vᵢ) + S·a·‖w‖₁ with
/// yᵢ − xᵢ·w − b = uᵢ − vᵢ, u, v ≥ 0, i.e. ½·Σᵢ sᵢ|rᵢ| + S·a·‖w‖₁. Dividing by S/2 gives
/// (1/S)·Σᵢ sᵢ|rᵢ| + 2a·‖w‖₁: the same minimiser as this objective with α = 2a, so
/// `alpha = α/2` there. (scikit-learn also drops zero-weight samples first, as we do.)
///
/// **Method.** This is ``QuantileSolver`` with the absolute loss (``PinballDatafit/absolute``,
/// τ = ½, c = 2) and the L1 penalty α on every feature: the samples with sᵢ > 0 become rows
/// and, when α > 0, each feature one pseudo-observation whose absolute residual is α|wⱼ|. The
/// linear programme is solved by a primal–dual Mehrotra predictor–corrector interior-point
/// method (the Frisch–Newton method of Portnoy & Koenker, 1997), one Cholesky factorisation
/// of the k×k matrix ÃᵀDÃ per iteration (k = features + intercept); when k exceeds the number
/// of samples n, of an n×n matrix instead (the Woodbury form of the same system, memory
/// O(n·k)). The columns and the response are first scaled by powers of 2, exactly, so that the
/// units of the data do not matter, and α at or above the value where w = 0 is optimal gives
/// exactly w = 0 with the intercept a weighted median. The interior point is then
/// rounded to a vertex: the k rows of smallest |residual| that are linearly independent are
/// made a basis, the interpolating system on them is solved exactly (w, b pass through those
/// k points), and optimality is certified by dual feasibility: d with
/// Ã_hᵀd = −Σ_{i∉h} sign(rᵢ)·ãᵢ must satisfy |d| ≤ 1. If it does not, simplex pivots of the
/// Barrodale–Roberts kind (a row with |dⱼ| > 1 leaves, the exact line search along the edge
/// picks the row that enters) continue until it does. The answer is therefore a vertex of the
/// LP that is optimal, not an approximation.
///
/// All arithmetic is float64 whatever `T` is; float32 coefficients are rounded once at the
/// end and the reported objective is evaluated at the rounded coefficients.
public struct LADFit: Sendable, Equatable {
    /// The coefficients w (one per feature), exactly representable in the input type.
    public var coef: [Double]
    /// The intercept b (0 when not fitted), exactly representable in the input type.
    public var intercept: Double
    /// (1/S)·Σ sᵢ|yᵢ − xᵢ·w − b| + α‖w‖₁ at `coef` and `intercept`.
    public var objective: Double
    /// Interior-point iterations plus simplex pivots; at most `maxIter`.
    public var iterations: Int
    /// Interior-point iterations.
    public var interiorPointIterations: Int
    /// Simplex pivots after the interior-point phase.
    public var pivots: Int
    /// True when the answer is a vertex whose optimality was verified (|d| ≤ 1 + 1e-9).
    public var certified: Bool
    /// max |dⱼ| over the basis rows of the final vertex (≤ 1 means dual feasible).
    public var maxDual: Double

    @inlinable
    public init(coef: [Double], intercept: Double, objective: Double, iterations: Int,
                interiorPointIterations: Int, pivots: Int, certified: Bool, maxDual: Double) {
        self.coef = coef
        self.intercept = intercept
        self.objective = objective
        self.iterations = iterations
        self.interiorPointIterations = interiorPointIterations
        self.pivots = pivots
        self.certified = certified
        self.maxDual = maxDual
    }
}

public enum LeastAbsoluteDeviation {
    /// Fits LAD regression (see ``LADFit``).
    ///
    /// - Parameters:
    ///   - x: the n×p design, column-major (Fortran order): element (i, j) at `i + j*n`.
    ///   - y: the n responses.
    ///   - sampleWeight: n finite weights ≥ 0 with a positive sum, or nil (all 1).
    ///   - alpha: the L1 penalty α, finite and ≥ 0.
    ///   - fitIntercept: whether to fit an unpenalised intercept b.
    ///   - maxIter: the budget of interior-point iterations plus simplex pivots, ≥ 1.
    ///   - tol: the relative duality gap at which the interior-point phase hands over to the
    ///     vertex (crossover) phase, finite and > 0. It affects speed, not the answer.
    /// - Throws: `.invalidArgument` for n_samples < 1, n_features < 0, a bad alpha, tol or
    ///   max_iter, or weights summing to 0; `.invalidData` for NaN/Inf in X or y;
    ///   `.invalidWeight` for a negative, NaN or infinite weight.
    @inlinable
    public static func fit<T: BinaryFloatingPoint>(
        x: UnsafeBufferPointer<T>, y: UnsafeBufferPointer<T>, sampleWeight: UnsafeBufferPointer<T>? = nil,
        samples n: Int, features p: Int, alpha: Double = 1, fitIntercept: Bool = true,
        maxIter: Int = 1000, tol: Double = 1e-8
    ) throws(SwiftRegError) -> LADFit {
        guard n >= 1 else {
            throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1")
        }
        guard p >= 0 else {
            throw .invalidArgument(argument: "n_features", value: Double(p), requirement: ">= 0")
        }
        precondition(x.count == n * p && y.count == n && (sampleWeight?.count ?? n) == n,
                     "LeastAbsoluteDeviation.fit: buffer sizes do not match n and p")
        try Check.nonNegative(alpha, "alpha")
        try Check.positive(tol, "tol")
        guard maxIter >= 1 else {
            throw .invalidArgument(argument: "max_iter", value: Double(maxIter), requirement: ">= 1")
        }
        try ModelInput.finite(x, "X")
        try ModelInput.finite(y, "y")
        var total = Double(n)
        if let w = sampleWeight {
            total = try Check.weights(w)
            guard total > 0 else {
                throw .invalidArgument(argument: "sample_weight", value: total, requirement: "of positive sum")
            }
        }

        // The absolute loss (τ = ½, c = 2) with the L1 penalty α on every feature.
        let data = try WeightedDesign(x: x, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, fitIntercept: fitIntercept)
        let penalty = try CoefficientPenalty(features: p, alpha: alpha, l1Ratio: 1)
        let w = try WorkBuffer<Double>(repeating: 0, count: p)
        let raw = try QuantileSolver.solve(
            PinballDatafit.absolute, data, penalty, w: w, maxIter: maxIter, gapTolerance: .infinity, ipmTolerance: tol)

        // Round once to T; report the objective at the rounded coefficients.
        let coef = try Allocation.array(count: p) { Double(T(w[$0])) }
        let intercept = fitIntercept ? Double(T(data.intercept(raw.outcome.intercept, UnsafePointer(w.base)))) : 0
        var loss = 0.0, l1 = 0.0
        for j in 0..<p { l1 += abs(coef[j]) }
        for i in 0..<n {
            let s = sampleWeight.map { Double($0[i]) } ?? 1
            if !(s > 0) { continue }
            var f = intercept
            for j in 0..<p { f += Double(x[i + j * n]) * coef[j] }
            loss += s * abs(Double(y[i]) - f)
        }
        try OverflowGuard.requireFinite(coef)
        try OverflowGuard.requireFinite([intercept, loss / total + alpha * l1])
        return LADFit(
            coef: coef, intercept: intercept, objective: loss / total + alpha * l1,
            iterations: raw.interiorPointIterations + raw.pivots, interiorPointIterations: raw.interiorPointIterations,
            pivots: raw.pivots, certified: raw.certified, maxDual: raw.maxDual)
    }
}
