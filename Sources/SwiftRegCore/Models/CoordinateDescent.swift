/// How coordinate descent reads and updates the gradient: ``ResidualUpdates`` (keeps
/// r = ỹ − X̃w) or ``CovarianceUpdates`` (keeps X̃ᵀr through the Gram matrix).
@usableFromInline
protocol CoordinateEngine: AnyObject {
    /// x̃ⱼᵀr at the current coefficients.
    func correlation(_ j: Int) -> Double
    /// Records wⱼ ← wⱼ + δ.
    func apply(_ j: Int, _ delta: Double)
    /// c[j] = x̃ⱼᵀr for every feature.
    func correlations(_ c: UnsafeMutablePointer<Double>)
    /// c[k] = x̃ₖᵀr for the features k listed (other entries of c are left as they are).
    func correlations(columns: UnsafeBufferPointer<Int>, _ c: UnsafeMutablePointer<Double>)
    /// Whether ``correlations(columns:_:)`` costs less than ``correlations(_:)`` in
    /// proportion to the number of columns (false when c is kept up to date anyway).
    var screensCheaply: Bool { get }
    /// ‖r‖² and rᵀỹ, and the size of the terms they were summed from (their rounding is
    /// about ε times it: ‖ỹ‖² and wᵀX̃ᵀỹ for the Gram matrix's ‖ỹ‖² − 2wᵀX̃ᵀỹ + wᵀGw).
    func residualTerms(_ w: UnsafePointer<Double>) -> (normSq: Double, dotY: Double, scale: Double)
    /// Recomputes the state for coefficients w from scratch.
    func reset(_ w: UnsafePointer<Double>)
    /// Column j of X̃ᵀX̃ in float64 if the engine keeps one (else nil).
    func exactGramColumn(_ j: Int) -> UnsafePointer<Double>?
    /// Σ |δ|·‖x̃ⱼ‖ over the updates recorded since the last ``reset(_:)``: the kept state's
    /// rounding error is about ε times this (a warm start far from the solution makes it huge).
    var drift: Double { get }
}

/// Coordinate descent for the elastic net (Friedman, Hastie & Tibshirani 2010), with working
/// sets and a duality-gap stopping rule in scikit-learn's units.
///
/// One coordinate step, with zⱼ = x̃ⱼᵀr + dⱼwⱼ and dⱼ = ‖x̃ⱼ‖², is the exact minimiser over wⱼ:
///
///     wⱼ ← prox_{(fⱼ/dⱼ)·φ}(zⱼ/dⱼ) = soft(zⱼ, fⱼ·l1) / (dⱼ + fⱼ·l2),   φ = ``ElasticNetPenalty``(l1, l2/2)
///
/// then max(·, 0) under `positive`. The algorithm (per α):
/// 1. compute c = X̃ᵀr for all features and the duality gap (``DualityGap``); stop if
///    gap ≤ tol·‖ỹ‖² (scikit-learn's test, in its units);
/// 2. add to the working set the features that violate the KKT conditions (|cⱼ| > fⱼ·l1 at
///    wⱼ = 0; cⱼ > fⱼ·l1 with `positive`), the worst first, at most max(10, working-set size)
///    of them; the working set always holds every non-zero and every unpenalised feature;
/// 3. sweep the working set (cyclic or seeded random order) until the largest coefficient
///    change is ≤ tolₛ·max|w| (scikit-learn's `d_w_tol`, starting at tol and divided by 10
///    each time step 2 finds no violator), then go to 1.
/// No feature is ever discarded without the full check of step 1, so screening cannot drop a
/// feature wrongly; the working set persists along a path (warm starts).
///
/// Before step 2, once per α, the ``ExactActiveSet`` steps run from the current point: they
/// usually end at the exact solution (gap at rounding level, so step 1 stops at once); if they
/// give up (degenerate design, too large an active set, budget) the sweeps continue from the
/// best point they reached.
///
/// Iterations count sweeps over the working set plus reduced solves of the exact steps
/// (scikit-learn counts sweeps over all features).
@usableFromInline
final class CoordinateDescent<T: BinaryFloatingPoint, Engine: CoordinateEngine> {
    @usableFromInline let data: CenteredDesign<T>
    @usableFromInline let engine: Engine
    @usableFromInline let w: WorkBuffer<Double>
    @usableFromInline let c: WorkBuffer<Double>
    @usableFromInline let inSet: WorkBuffer<Bool>
    @usableFromInline var workingSet: [Int] = []
    @usableFromInline let penaltyFactor: UnsafePointer<Double>?
    @usableFromInline let positive: Bool
    @usableFromInline let random: Bool
    @usableFromInline var rng: RandomState
    /// The state of the exact active-set steps (created on first use).
    @usableFromInline var exact: ExactActiveSet<T>?
    /// Whether ``solve`` tries the exact active-set steps first (tests turn it off to get
    /// plain coordinate descent).
    @usableFromInline var allowExact = true
    /// Whether c holds X̃ᵀr at the current w (true after ``solve`` returns: the next α of a
    /// path starts from the same w, so its first gap needs no new pass over X̃).
    @usableFromInline var correlationsCurrent = false

    /// `w` holds the starting coefficients and receives the solution; `penaltyFactor` must
    /// outlive the solver.
    @inlinable
    init(
        data: CenteredDesign<T>, engine: Engine, w: WorkBuffer<Double>,
        penaltyFactor: UnsafePointer<Double>?, positive: Bool, selection: CoordinateSelection, seed: UInt64
    ) throws(SwiftRegError) {
        self.data = data
        self.engine = engine
        self.w = w
        self.penaltyFactor = penaltyFactor
        self.positive = positive
        random = selection == .random
        rng = RandomState(seed: seed)
        c = try WorkBuffer<Double>(repeating: 0, count: data.p)
        inSet = try WorkBuffer<Bool>(repeating: false, count: data.p)
        try Allocation.reserve(&workingSet, data.p)
        for j in 0..<data.p where data.columnNormSq[j] > 0 && (w[j] != 0 || (penaltyFactor?[j] ?? 1) == 0) {
            insert(j)
        }
    }

    /// The projection that makes the dual point orthogonal to the unpenalised columns (nil
    /// when every feature is penalised).
    @usableFromInline var projection: UnpenalisedProjection??

    /// The projection onto the complement of every column, for α = 0 (see ``DualityGap``).
    @usableFromInline var projectionAll: UnpenalisedProjection??

    /// The projection for the weights (l1, l2) of one α: the unpenalised features and those
    /// whose ridge weight is negligible at that α (``UnpenalisedProjection``); kept while the
    /// set is the same (along a path it changes only for factors near 1e-300).
    @inlinable
    func unpenalised(alpha: Double, l1: Double = 0, l2: Double = 0) throws(SwiftRegError) -> UnpenalisedProjection? {
        if alpha == 0 {
            if let projectionAll { return projectionAll }
            let made = try UnpenalisedProjection(data, penaltyFactor: penaltyFactor, alpha: 0)
            projectionAll = .some(made)
            return made
        }
        if let projection {
            let wanted = try UnpenalisedProjection.features(data, penaltyFactor: penaltyFactor, l1: l1, l2: l2)
            if wanted == (projection?.features ?? []) { return projection }
        }
        let made = try UnpenalisedProjection(data, penaltyFactor: penaltyFactor, l1: l1, l2: l2)
        projection = .some(made)
        return made
    }

    /// ``DualityGap/tinyPenalty(c:p:l1:l2:penaltyFactor:columnNormSq:)`` at the current c.
    @inlinable
    func tinyPenalty(l1: Double, l2: Double) -> Bool {
        DualityGap.tinyPenalty(
            c: UnsafePointer(c.base), p: data.p, l1: l1, l2: l2, penaltyFactor: penaltyFactor,
            columnNormSq: data.columnNormSq.base)
    }

    @inlinable
    func insert(_ j: Int) {
        inSet[j] = true
        workingSet.append(j)
    }

    /// Solves at one α from the current coefficients. The gap returned is in the internal
    /// scaling (S times the user-facing gap).
    @inlinable
    func solve(alpha: Double, l1Ratio: Double, maxIter: Int, tol: Double) throws(SwiftRegError)
        -> (iterations: Int, gap: Double, converged: Bool)
    {
        let s = data.weightSum, p = data.p
        let l1 = alpha * l1Ratio * s, l2 = alpha * (1 - l1Ratio) * s
        let penalty = try OverflowGuard.penalty(l1: l1, l2: l2 / 2)
        let tolGap = OverflowGuard.tolerance(tol, data.yNormSq)
        var iterations = 0
        var sweepTol = tol
        var tryExact = allowExact, current = correlationsCurrent
        correlationsCurrent = false
        defer { correlationsCurrent = true }     // every return follows a gap computed from c at w
        while true {
            try data.interrupt.check()
            if !current { engine.correlations(c.base) }
            current = false
            let (rr, ry, termsScale) = engine.residualTerms(UnsafePointer(w.base))
            let gap = DualityGap.elasticNet(
                c: UnsafePointer(c.base), w: UnsafePointer(w.base), p: p, residualNormSq: rr,
                residualDotY: ry, l1: l1, l2: l2, penaltyFactor: penaltyFactor, positive: positive,
                columnNormSq: data.columnNormSq.base, unpenalised: try unpenalised(alpha: alpha, l1: l1, l2: l2),
                roundingScale: termsScale)
            let reported = try fallbackGap(
                gap, rr: rr, ry: ry, l1: l1, l2: l2, alpha: alpha, tolGap: tolGap, roundingScale: termsScale)
            // Before a certificate or a final report, the kept state is rebuilt from w when the
            // rounding of the updates since it was last built (ε·drift, the state is float64)
            // is above 1e-12 of the point's own size (‖ỹ‖ + Σ|wⱼ|‖x̃ⱼ‖): a warm start at 1e38 left
            // r's rounding above r itself (a certified negative gap).
            if reported <= tolGap || iterations >= maxIter, engine.drift > 0 {
                let rebuilt = data.yNormSq.squareRoot()
                    + blockSum(0, p) { abs(w[$0]) * data.columnNormSq[$0].squareRoot() }
                if Double.ulpOfOne * engine.drift > 1e-12 * rebuilt {
                    engine.reset(UnsafePointer(w.base))
                    continue
                }
            }
            if reported <= tolGap { return (iterations, reported, true) }
            if iterations >= maxIter { return (iterations, reported, false) }
            if tryExact {
                // Once per α: exact active-set steps; coordinate descent from the point they
                // reach if they give up (or if their answer does not meet the gap test).
                tryExact = false
                let (steps, solved) = try exactActiveSet(l1: l1, l2: l2, budget: maxIter - iterations)
                iterations += Swift.max(1, steps)
                current = solved       // c is then X̃ᵀr at w
                continue
            }
            if try addViolators(l1: l1) == 0 { sweepTol = Swift.max(sweepTol * 0.1, 1e-16) }
            repeat {
                let (dMax, wMax) = sweep(penalty)
                try data.interrupt.check()
                iterations += 1
                if wMax == 0 || dMax <= sweepTol * wMax { break }
            } while iterations < maxIter
        }
    }

    /// The gap of ``DualityGap/elasticNet`` bounded by the all-columns projection's where
    /// that applies (see ``solve``).
    @inlinable
    func fallbackGap(
        _ gap: Double, rr: Double, ry: Double, l1: Double, l2: Double, alpha: Double, tolGap: Double,
        roundingScale: Double = 0
    ) throws(SwiftRegError) -> Double
    {
        let p = data.p
        // A tiny α (λ below 1e-3 of max|x̃ⱼᵀr|, p ≤ 512) shrinks the dual point above to almost 0, so
        // that gap stays near P even at the minimiser: the residual projected onto the
        // complement of every column is a dual point for any penalty (x̃ⱼᵀθ = 0), and its
        // gap, P(w) − ½‖P⊥ỹ‖², certifies fits whose penalty is negligible.
        // The same dual point bounds an infinite gap (off the optimum, a ridge weight of
        // 1e-322 makes cⱼ²/(2μⱼ) overflow) by a finite one.
        guard gap > tolGap, alpha > 0, p <= 512, !gap.isFinite || tinyPenalty(l1: l1, l2: l2),
              let all = try unpenalised(alpha: 0) else { return gap }
        let other = DualityGap.projected(
            c: UnsafePointer(c.base), w: UnsafePointer(w.base), p: p, residualNormSq: rr, residualDotY: ry,
            l1: l1, l2: l2, penaltyFactor: penaltyFactor, positive: positive, projection: all,
            columnNormSq: data.columnNormSq.base, roundingScale: roundingScale)
        // (both are bounds: a subnormal α's conjugate terms overflow the first)
        return Swift.min(gap, other)
    }

    /// Sweeps only the features already in the working set, to tolerance `tol` on the
    /// relative coefficient change (used to fit the unpenalised features before a path).
    @inlinable
    func sweepWorkingSet(alpha: Double, l1Ratio: Double, maxIter: Int, tol: Double) throws(SwiftRegError) {
        let s = data.weightSum
        let penalty = try OverflowGuard.penalty(l1: alpha * l1Ratio * s, l2: alpha * (1 - l1Ratio) * s / 2)
        correlationsCurrent = false
        for _ in 0..<maxIter {
            let (dMax, wMax) = sweep(penalty)
            try data.interrupt.check()
            if wMax == 0 || dMax <= tol * wMax { break }
        }
    }

    /// The current x̃ⱼᵀr for all features (after ``solve``, at the solution).
    @inlinable
    func currentCorrelations() -> UnsafePointer<Double> {
        engine.correlations(c.base)
        return UnsafePointer(c.base)
    }

    /// One pass over the working set; returns (max |Δwⱼ|, max |wⱼ|). It ends early once the
    /// design's interruption asks (polled every 16 coordinates; the caller then checks it).
    @inlinable
    func sweep(_ penalty: ElasticNetPenalty) -> (Double, Double) {
        var dMax = 0.0, wMax = 0.0
        let m = workingSet.count
        let d = data.columnNormSq.base, w = self.w.base, pf = penaltyFactor, positive = self.positive
        let interrupt = data.interrupt
        workingSet.withUnsafeBufferPointer { set in
            for k in 0..<m {
                if k & 15 == 15 && interrupt.requested { break }
                let j = random ? set[rng.next(below: m)] : set[k]
                let dj = d[j]
                let wj = w[j]
                let z = engine.correlation(j) + dj * wj
                var wn = penalty.proximal(z / dj, step: (pf?[j] ?? 1) / dj)
                if positive && wn < 0 { wn = 0 }
                let delta = wn - wj
                if delta != 0 {
                    engine.apply(j, delta)
                    w[j] = wn
                }
                dMax = Swift.max(dMax, abs(delta))
                wMax = Swift.max(wMax, abs(wn))
            }
        }
        return (dMax, wMax)
    }

    /// Adds the worst KKT violators among the features outside the working set (c must be
    /// current); returns how many were added.
    @inlinable
    func addViolators(l1: Double) throws(SwiftRegError) -> Int {
        var candidates: [(score: Double, j: Int)] = []
        try Allocation.reserve(&candidates, data.p)
        for j in 0..<data.p where !inSet[j] && data.columnNormSq[j] > 0 {
            let v = positive ? c[j] : abs(c[j])
            let bound = l1 * (penaltyFactor?[j] ?? 1)
            if v > bound { candidates.append((bound > 0 ? v / bound : .infinity, j)) }
        }
        if candidates.isEmpty { return 0 }
        let limit = Swift.max(10, workingSet.count)
        if candidates.count > limit {
            try Allocation.probeSort(candidates.count, of: (score: Double, j: Int).self)
            candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.j < $1.j) }
            candidates.removeLast(candidates.count - limit)
            candidates.sort { $0.j < $1.j }
        }
        for (_, j) in candidates { insert(j) }
        return candidates.count
    }
}
