/// The exact solver of the pinball datafit with any ``CoefficientPenalty``:
///
///     minimise over w, b′:   Σᵢ ωᵢ·c·ρ_τ(yᵢ − x̃ᵢ·w − b′) + Σⱼ λⱼ|wⱼ| + ½μⱼwⱼ²,   l ≤ w ≤ u,
///
/// on the augmented rows of ``QuantileProblem``.
/// - **LP** (μ = 0, no finite bound): the interior point of ``QuantileWorkspace`` (Frisch–Newton)
///   to a relative gap of `ipmTolerance`, then the crossover to a vertex whose optimality is
///   certified by dual feasibility (each basis multiplier inside its row's interval). The
///   duality gap is evaluated from the vertex's multipliers (~0).
/// - **QP** (some μⱼ > 0 or a finite bound): the same interior point with M and the bound
///   barriers in its normal matrix, run until the certified duality gap (``GeneralDualGap``,
///   with the interior point's row duals as the candidate) reaches ~1e-13 of the objective,
///   stops improving, or the budget ends. Coefficients within round-off of 0 or of a bound are
///   then snapped there when that does not worsen the gap.
///
/// Every answer reports the gap of ``GeneralDualGap``; `converged` is gap ≤ `gapTolerance`.
@usableFromInline
enum QuantileSolver {
    /// What one solve returns besides w: the outcome and the crossover's certificate.
    @usableFromInline
    struct Result {
        @usableFromInline var outcome: SolverOutcome
        @usableFromInline var interiorPointIterations: Int
        @usableFromInline var pivots: Int
        /// True for a certified vertex (LP) or a gap ≤ `gapTolerance` (QP).
        @usableFromInline var certified: Bool
        /// The largest |d̃| of the vertex (≤ 1 means dual feasible; 0 for the QP).
        @usableFromInline var maxDual: Double
    }

    /// Minimises Σᵢ ωᵢ·φ(yᵢ − x̃ᵢ·w − b′) + R(w) exactly; w (p values, in: ignored, out: the
    /// solution), returns b′, the objective, the certified gap and the iterations.
    @usableFromInline
    static func minimize<T: BinaryFloatingPoint>(
        _ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty,
        w: WorkBuffer<Double>, maxIter: Int, gapTolerance: Double
    ) throws(SwiftRegError) -> SolverOutcome {
        try solve(datafit, data, penalty, w: w, maxIter: maxIter, gapTolerance: gapTolerance).outcome
    }

    /// ``minimize`` with the crossover's details; `ipmTolerance` is the relative
    /// complementarity gap at which the LP's interior point hands over to the crossover.
    @usableFromInline
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    static func solve<T: BinaryFloatingPoint>(
        _ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty,
        w: WorkBuffer<Double>, maxIter: Int, gapTolerance: Double, ipmTolerance: Double = 1e-8
    ) throws(SwiftRegError) -> Result {
        var first: Result? = nil, failure: SwiftRegError? = nil
        do {
            first = try solveOnce(
                datafit, data, penalty, w: w, maxIter: maxIter, gapTolerance: gapTolerance, ipmTolerance: ipmTolerance,
                proximal: false)
        } catch {
            guard case .overflow = error else { throw error }
            failure = error
        }
        if let first, first.outcome.converged { return first }
        // Not certified, or overflowed: the set of minimisers may be unbounded (the interior
        // point drifts along it). Again with the proximal term of ``QuantileProblem``, where
        // it applies; the attempt with the smaller certified gap is returned.
        let p = data.p
        let kept = try WorkBuffer<Double>(count: Swift.max(p, 1))
        kept.base.update(from: w.base, count: p)
        let second = try? solveOnce(
            datafit, data, penalty, w: w, maxIter: maxIter, gapTolerance: gapTolerance, ipmTolerance: ipmTolerance,
            proximal: true)
        try data.interrupt.check()
        if let second = second ?? nil, first == nil || second.outcome.gap < first!.outcome.gap { return second }
        w.base.update(from: kept.base, count: p)
        if let first, first.outcome.primal.isFinite, first.outcome.intercept.isFinite,
           (0..<p).allSatisfy({ w[$0].isFinite }) { return first }
        // Both attempts overflowed inside the interior point, or ended at a non-finite point,
        // although the data reached it (a bound of 4e-316 excluding 0 with y = 0 made the
        // response's scale 1e-316): the start w = clip(0), certified by the dual point 0 (a
        // true bound; converged only if it meets the tolerance), rather than an error that
        // blames the data.
        if let start = try startCertified(datafit, data, penalty, w: w, gapTolerance: gapTolerance) { return start }
        w.base.update(from: kept.base, count: p)
        if let first { return first }
        throw failure!
    }

    /// With an intercept: b′ = the smallest residual whose cumulative weight (over the samples
    /// of weight > 0) reaches τ, subtracted from r; 0 without one; nil when no sample has weight.
    @usableFromInline
    static func quantileShift<T: BinaryFloatingPoint>(
        _ quantile: Double, _ data: WeightedDesign<T>, _ r: UnsafeMutablePointer<Double>
    ) throws(SwiftRegError) -> Double? {
        guard data.fitIntercept else { return 0 }
        let n = data.n, omega = data.omega
        var rows: [Int] = []
        try Allocation.reserve(&rows, n)
        for i in 0..<n where omega[i] > 0 { rows.append(i) }
        guard !rows.isEmpty else { return nil }
        try Allocation.probeSort(rows.count, of: Int.self)
        rows.sort { r[$0] < r[$1] || (r[$0] == r[$1] && $0 < $1) }
        var total = 0.0
        for i in rows { total += omega[i] }
        var cumulative = 0.0
        var b = r[rows[rows.count - 1]]
        for i in rows {
            cumulative += omega[i]
            if cumulative >= quantile * total { b = r[i]; break }
        }
        for i in 0..<n { r[i] -= b }
        return b
    }

    /// w = clip(0) and b′ the weighted τ-quantile of y − X̃·clip(0) (0 without an intercept),
    /// with the gap of the dual point u = 0; nil when that objective or gap is not finite.
    @usableFromInline
    static func startCertified<T: BinaryFloatingPoint>(
        _ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty,
        w: WorkBuffer<Double>, gapTolerance: Double
    ) throws(SwiftRegError) -> Result? {
        let n = data.n, p = data.p
        for j in 0..<p { w[j] = penalty.clamp(j, 0) }
        let r = try WorkBuffer<Double>(count: n), u = try WorkBuffer<Double>(repeating: 0, count: n)
        let z = try WorkBuffer<Double>(repeating: 0, count: Swift.max(p, 1))
        data.residual(UnsafePointer(w.base), intercept: 0, r.base)
        guard let b = try quantileShift(datafit.quantile, data, r.base) else { return nil }
        let value = try GeneralDualGap.evaluate(
            datafit, data, penalty, w: UnsafePointer(w.base), residual: UnsafePointer(r.base), dual: u.base,
            correlations: z.base)
        guard b.isFinite, value.primal.isFinite, value.gap.isFinite, value.gap >= 0 else { return nil }
        return Result(
            outcome: SolverOutcome(intercept: b, primal: value.primal, gap: value.gap, iterations: 0,
                                   converged: value.gap <= gapTolerance),
            interiorPointIterations: 0, pivots: 0, certified: value.gap <= gapTolerance, maxDual: 0)
    }

    /// One attempt of ``solve``; nil when `proximal` is asked for and no column takes it.
    @usableFromInline
    static func solveOnce<T: BinaryFloatingPoint>(
        _ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty,
        w: WorkBuffer<Double>, maxIter: Int, gapTolerance: Double, ipmTolerance: Double, proximal: Bool
    ) throws(SwiftRegError) -> Result? {
        let N = data.n, p = data.p
        let residual = try WorkBuffer<Double>(count: N)
        let u = try WorkBuffer<Double>(count: N)
        let corr = try WorkBuffer<Double>(count: Swift.max(p, 1))
        let omega = data.omega.base, c = datafit.scale
        if let exact = try penalisedToZero(datafit, data, penalty, w: w, residual: residual, u: u, corr: corr) {
            return Result(
                // One pass (the quantile and its certificate) counts as one iteration.
                outcome: SolverOutcome(intercept: exact.intercept, primal: exact.value.primal, gap: exact.value.gap,
                                       iterations: 1, converged: exact.value.gap <= gapTolerance),
                interiorPointIterations: 0, pivots: 0, certified: true, maxDual: 0)
        }
        let problem = try QuantileProblem(datafit, data, penalty, proximal: proximal)
        if proximal && problem.proximalColumns == 0 { return nil }

        /// The certified gap at (w, b′) for the candidate in u (overwritten).
        func certify(_ w: UnsafePointer<Double>, _ b: Double) throws(SwiftRegError) -> GeneralDualGap.Value {
            data.residual(w, intercept: b, residual.base)
            data.transposedProduct(UnsafePointer(u.base), corr.base)
            return try GeneralDualGap.evaluate(
                datafit, data, penalty, w: w, residual: UnsafePointer(residual.base), dual: u.base, correlations: corr.base)
        }
        /// w and b′ from β (fixed features at their bound, every wⱼ clipped into its bounds).
        func extract(_ beta: UnsafePointer<Double>, into w: UnsafeMutablePointer<Double>) -> Double {
            // The features that are not columns at their fixed value.
            for j in 0..<p { w[j] = problem.fixedValue[j] }
            for col in 0..<problem.features {
                let j = problem.feature[col]
                w[j] = penalty.clamp(j, problem.coefficient(beta, col))
            }
            return problem.hasIntercept ? problem.coefficient(beta, problem.k - 1) : 0
        }
        /// u from row duals d̂ (data rows): uᵢ = c·ωᵢ·d̂ᵢ.
        func dualsToU(_ d: (Int) -> Double) {
            for i in 0..<N { u[i] = 0 }
            for row in 0..<problem.n { let i = problem.sample[row]; u[i] = c * omega[i] * d(row) }
        }

        if problem.k == 0 {
            // Nothing to fit: w at the fixed values, b′ = 0, u = ω·φ'(r) is the dual optimum.
            _ = extract(UnsafePointer(u.base), into: w.base)
            data.residual(UnsafePointer(w.base), intercept: 0, residual.base)
            for i in 0..<N { u[i] = omega[i] * datafit.derivative(residual[i]) }
            let value = try certify(UnsafePointer(w.base), 0)
            return Result(
                outcome: SolverOutcome(intercept: 0, primal: value.primal, gap: value.gap, iterations: 0, converged: value.gap <= gapTolerance),
                interiorPointIterations: 0, pivots: 0, certified: true, maxDual: 0)
        }

        let ws = try QuantileWorkspace(problem)
        ws.initialize()
        let x = ws.x, tau = problem.tau
        var iterations = 0

        if !ws.coupled {
            // The LP: interior point, then the crossover.
            var sumAbsY = 0.0
            for i in 0..<problem.n { sumAbsY += abs(ws.yhat[i]) }
            let floor = Swift.max(1e-13 * sumAbsY, Double.leastNormalMagnitude)
            while iterations < maxIter {
                let gap = ws.measure()
                var sumAbsR = 0.0
                for i in 0..<problem.m { sumAbsR += abs(ws.r[i]) }
                if gap <= ipmTolerance * Swift.max(sumAbsR, floor) { break }
                try data.interrupt.check()
                iterations += 1
                let moved = ws.iterate(gap: gap)
                try data.interrupt.check()
                if !moved { break }
            }
            let rowDuals = try WorkBuffer<Double>(count: problem.m)
            let cross = try ws.crossover(budget: maxIter - iterations, duals: rowDuals.base)
            let b = extract(UnsafePointer(ws.beta.base), into: w.base)
            if cross.certified {
                dualsToU { rowDuals[$0] }
            } else {
                dualsToU { x[$0] - (1 - tau[$0]) }
            }
            let value = try certify(UnsafePointer(w.base), b)
            return Result(
                outcome: SolverOutcome(
                    intercept: b, primal: value.primal, gap: value.gap, iterations: iterations + cross.pivots,
                    converged: value.gap <= gapTolerance),
                interiorPointIterations: iterations, pivots: cross.pivots, certified: cross.certified,
                maxDual: cross.maxDual)
        }

        // The QP: interior point, certified along the way; the best certified point is kept.
        let trial = try WorkBuffer<Double>(count: Swift.max(p, 1))
        var best = GeneralDualGap.Value(gap: .infinity, primal: .infinity, dual: -.infinity), bestB = 0.0
        var sinceBest = 0
        let snapped = try WorkBuffer<Double>(count: Swift.max(p, 1))
        /// Copies `from` into `snapped` with each coefficient within `tol`·max(1, |w|∞) of a
        /// finite bound, or (with λⱼ > 0) of 0, moved there; false when none moves.
        func snap(_ from: UnsafePointer<Double>, relative tol: Double) -> Bool {
            var scaleW = 1.0
            for j in 0..<p { scaleW = Swift.max(scaleW, abs(from[j])) }
            let eps = tol * scaleW
            var moved = false
            for j in 0..<p {
                let wj = from[j], l = penalty.lower[j], h = penalty.upper[j]
                var target = wj
                if l > -.infinity && wj - l <= eps { target = l }
                else if h < .infinity && h - wj <= eps { target = h }
                else if penalty.l1[j] > 0 && abs(wj) <= eps && 0 >= l && 0 <= h { target = 0 }
                snapped[j] = target
                if target != wj { moved = true }
            }
            return moved
        }
        /// Certifies the interior point's β, as it is and with its coefficients snapped onto
        /// the bounds and zeros they are within round-off of (an interior point never reaches
        /// them, and the certificate of a feature at its bound needs it exactly there); keeps
        /// the best certified point.
        func consider(_ beta: UnsafePointer<Double>) throws(SwiftRegError) {
            let b = extract(beta, into: trial.base)
            dualsToU { x[$0] - (1 - tau[$0]) }
            var value = try certify(UnsafePointer(trial.base), b)
            for tol in [1e-7, 1e-10] where snap(UnsafePointer(trial.base), relative: tol) {
                dualsToU { x[$0] - (1 - tau[$0]) }
                let moved = try certify(UnsafePointer(snapped.base), b)
                if moved.gap <= Swift.max(value.gap, 1e-15 * abs(moved.primal)) {
                    value = moved
                    trial.base.update(from: snapped.base, count: p)
                    break
                }
            }
            // u = 0 bounds the optimum by D(0) = min over the box of R, 0 when the box holds 0:
            // the certificate of a (near) exact fit, where the interior point's duals, on a set
            // of minimisers, can be far from the best ones.
            if value.gap > gapTolerance && value.primal < value.gap {
                for i in 0..<N { u[i] = 0 }
                let zero = try certify(UnsafePointer(trial.base), b)
                if zero.gap < value.gap { value = zero }
            }
            if value.gap < best.gap {
                sinceBest = value.gap < 0.5 * best.gap ? 0 : sinceBest + 1
                best = value
                bestB = b
                w.base.update(from: trial.base, count: p)
            } else {
                sinceBest += 1
            }
        }
        // Floors for a zero optimum (an exact fit): the scaled responses' size, and the user's
        // units' datafit at the constant 0 prediction.
        var sumAbsY = 0.0
        for i in 0..<problem.n { sumAbsY += abs(ws.yhat[i]) }
        let scaledFloor = Swift.max(1e-13 * sumAbsY, Double.leastNormalMagnitude)
        var userUnit = 0.0
        for i in 0..<N { userUnit += omega[i] * abs(data.y[i]) }
        let userFloor = Swift.max(1e-15 * c * userUnit, Double.leastNormalMagnitude)
        while true {
            let gap = ws.measure()
            let objective = ws.objective()
            if !gap.isFinite { break }
            if gap <= 1e-6 * Swift.max(abs(objective), scaledFloor) || iterations >= maxIter {
                try consider(UnsafePointer(ws.beta.base))
                let target = Swift.max(1e-13 * abs(best.primal), userFloor)
                if best.gap <= target || sinceBest >= 3 || iterations >= maxIter { break }
            }
            try data.interrupt.check()
            iterations += 1
            let moved = ws.iterate(gap: gap)
            try data.interrupt.check()
            if !moved {
                _ = ws.measure()
                try consider(UnsafePointer(ws.beta.base))
                break
            }
        }
        if !best.gap.isFinite {
            // No certificate was reached (maxIter too small, or a breakdown): report the last point.
            bestB = extract(UnsafePointer(ws.beta.base), into: w.base)
            dualsToU { x[$0] - (1 - tau[$0]) }
            best = try certify(UnsafePointer(w.base), bestB)
        }

        return Result(
            outcome: SolverOutcome(
                intercept: bestB, primal: best.primal, gap: best.gap, iterations: iterations, converged: best.gap <= gapTolerance),
            interiorPointIterations: iterations, pivots: 0, certified: best.gap <= gapTolerance, maxDual: 0)
    }
    /// The closed form when every free coefficient carries an L1 penalty at least as large as
    /// the datafit's pull at w = clip(0): w = clip(0), b′ the weighted τ-quantile of the
    /// residuals (with an intercept), returned only when its certified gap is at rounding level
    /// (≤ 1e-13 of the objective). It is the exact answer for every α ≥ α_max, where the
    /// interior point would meet penalty rows many orders of magnitude above the data rows.
    static func penalisedToZero<T: BinaryFloatingPoint>(
        _ datafit: PinballDatafit, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty,
        w: WorkBuffer<Double>, residual: WorkBuffer<Double>, u: WorkBuffer<Double>, corr: WorkBuffer<Double>
    ) throws(SwiftRegError) -> (intercept: Double, value: GeneralDualGap.Value)? {
        let n = data.n, p = data.p, omega = data.omega
        var anyFree = false
        for j in 0..<p where penalty.lower[j] < penalty.upper[j] {
            guard penalty.l1[j] > 0 else { return nil }
            anyFree = true
        }
        guard anyFree else { return nil }
        for j in 0..<p { w[j] = penalty.clamp(j, 0) }
        data.residual(UnsafePointer(w.base), intercept: 0, residual.base)
        guard let b = try quantileShift(datafit.quantile, data, residual.base), b.isFinite else { return nil }
        // u = ω·φ′(r); the rows at a zero residual share the value that makes Σu = 0.
        let domain = datafit.dualDomain
        var rest = 0.0, zeroWeight = 0.0
        for i in 0..<n {
            if residual[i] == 0 { u[i] = 0; zeroWeight += omega[i] } else { u[i] = omega[i] * datafit.derivative(residual[i]); rest += u[i] }
        }
        if zeroWeight > 0 && data.fitIntercept {
            let v = Swift.min(Swift.max(-rest / zeroWeight, domain.lowerBound), domain.upperBound)
            for i in 0..<n where residual[i] == 0 { u[i] = omega[i] * v }
        }
        data.transposedProduct(UnsafePointer(u.base), corr.base)
        // Cheap screen before the certificate: the L1 bound must hold (up to rounding).
        for j in 0..<p where penalty.lower[j] < penalty.upper[j] {
            let z = corr[j], l1 = penalty.l1[j]
            let atLower = w[j] <= penalty.lower[j], atUpper = w[j] >= penalty.upper[j]
            if z > l1 * (1 + 1e-9) && !atUpper { return nil }
            if z < -l1 * (1 + 1e-9) && !atLower { return nil }
        }
        let value = try GeneralDualGap.evaluate(
            datafit, data, penalty, w: UnsafePointer(w.base), residual: UnsafePointer(residual.base), dual: u.base,
            correlations: corr.base)
        guard value.gap <= 1e-13 * Swift.max(abs(value.primal), Double.leastNormalMagnitude) else { return nil }
        return (b, value)
    }
}
