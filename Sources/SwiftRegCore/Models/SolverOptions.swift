/// The algorithm that minimises the elastic-net objective (see ``ElasticNet``).
public enum ElasticNetSolver: Int, Sendable, CaseIterable {
    /// Coordinate descent with working sets and a full KKT / duality-gap check (exact zeros).
    case coordinateDescent = 0
    /// Accelerated proximal gradient (FISTA) with backtracking (exact zeros).
    case fista = 1
    /// The textbook subgradient rule w ← w − lr·(g + l1·sign(w) + 2·l2·w): never exact zeros.
    case subgradient = 2
}

/// The order in which coordinate descent visits the working set (scikit-learn's `selection`).
public enum CoordinateSelection: Int, Sendable, CaseIterable {
    /// Features in index order.
    case cyclic = 0
    /// Features drawn uniformly with replacement from a seeded generator (deterministic).
    case random = 1
}

/// How coordinate descent keeps its gradient (scikit-learn's `precompute`).
public enum GramMode: Int, Sendable, CaseIterable {
    /// Covariance updates when n > 2p and p ≤ 2000, residual updates otherwise.
    case auto = 0
    /// Covariance updates: the gradient X̃ᵀr is kept and updated with the columns of the
    /// Gram matrix X̃ᵀX̃, computed lazily for the features that ever become non-zero.
    case gram = 1
    /// Residual updates: the residual r = ỹ − X̃w is kept and updated with the columns of X̃.
    case residual = 2

    /// The mode `auto` resolves to for an n × p problem.
    @inlinable
    public func resolved(nSamples n: Int, nFeatures p: Int) -> GramMode {
        guard self == .auto else { return self }
        return n > 2 * p && p <= 2000 ? .gram : .residual
    }
}

/// The options of one elastic-net fit, with scikit-learn's defaults.
public struct ElasticNetOptions: Sendable, Equatable {
    public var fitIntercept: Bool
    /// Constrain every coefficient to be ≥ 0.
    public var positive: Bool
    public var solver: ElasticNetSolver
    public var selection: CoordinateSelection
    /// Seed of the generator used by `selection = .random`.
    public var seed: UInt64
    public var precompute: GramMode
    /// The most passes: sweeps over the working set (coordinate descent) or iterations
    /// (FISTA, subgradient). ≥ 1.
    public var maxIter: Int
    /// Stop when the duality gap ≤ tol·‖ỹ‖²/S (scikit-learn's units). Finite and ≥ 0.
    public var tol: Double
    /// The subgradient solver's fixed step; 0 chooses 1/L, L = λ_max(X̃ᵀX̃)/S.
    public var learningRate: Double
    /// Polled at the solvers' checkpoints (see ``Interruption``).
    public var interrupt: Interruption

    @inlinable
    public init(
        fitIntercept: Bool = true, positive: Bool = false, solver: ElasticNetSolver = .coordinateDescent,
        selection: CoordinateSelection = .cyclic, seed: UInt64 = 0, precompute: GramMode = .auto,
        maxIter: Int = 1000, tol: Double = 1e-4, learningRate: Double = 0, interrupt: Interruption = .never
    ) {
        self.fitIntercept = fitIntercept
        self.positive = positive
        self.solver = solver
        self.selection = selection
        self.seed = seed
        self.precompute = precompute
        self.maxIter = maxIter
        self.tol = tol
        self.learningRate = learningRate
        self.interrupt = interrupt
    }

    /// maxIter ≥ 1, tol and learningRate finite and ≥ 0.
    @inlinable
    public func validate() throws(SwiftRegError) {
        guard maxIter >= 1 else {
            throw .invalidArgument(argument: "max_iter", value: Double(maxIter), requirement: ">= 1")
        }
        try Check.nonNegative(tol, "tol")
        try Check.nonNegative(learningRate, "learning_rate")
    }
}

/// What a solver reports about one fit, in the objective's own units (see ``ElasticNet``).
public struct SolverReport: Sendable, Equatable {
    /// Sweeps (coordinate descent) or iterations (FISTA, subgradient) done.
    public var iterations: Int
    /// The duality gap P(w) − D(θ) ≥ 0 of the returned coefficients (scikit-learn's `dual_gap_`).
    public var dualGap: Double
    /// The gap the solver had to reach: tol·Σsᵢ(yᵢ − ȳ)²/S.
    public var gapTolerance: Double
    /// dualGap ≤ gapTolerance.
    public var converged: Bool

    @inlinable
    public init(iterations: Int, dualGap: Double, gapTolerance: Double, converged: Bool) {
        self.iterations = iterations
        self.dualGap = dualGap
        self.gapTolerance = gapTolerance
        self.converged = converged
    }
}
