/// Coordinate descent with working sets for a smooth ``Datafit`` (squared, Huber) and any
/// ``CoefficientPenalty``, stopped by the duality gap of ``GeneralDualGap``.
///
/// With aᵢ = ωᵢφ'(rᵢ) the gradient of F along feature j is gⱼ = −x̃ⱼᵀa. One step on feature j
/// minimises the quadratic upper model of F (curvature c·dⱼ, c the datafit's bound on φ'',
/// dⱼ = Σωᵢx̃ᵢⱼ²) plus Rⱼ on [lⱼ, uⱼ]:
///
///     wⱼ ← clip(soft(Lⱼwⱼ − gⱼ, λⱼ)/(Lⱼ + μⱼ), lⱼ, uⱼ),   Lⱼ = c·dⱼ
///
/// (``CoefficientPenalty/proximal(_:_:curvature:)``), the exact coordinate minimiser for the
/// squared loss. The intercept b′ takes the step b′ ← b′ + Σaᵢ/c. The algorithm:
/// 1. compute every gⱼ and the gap; stop when gap ≤ the tolerance;
/// 2. the working set: every non-zero and unpenalised feature plus the worst KKT violators
///    (``CoefficientPenalty/violation(_:gradient:at:)``), at most max(10, 2·its size) in all;
/// 3. sweep the working set (and the intercept) until the largest violation seen in a sweep
///    is ≤ 0.3 of the largest one at step 1, then go to 1.
/// No feature leaves the problem without the full check of step 1. Iterations count sweeps.
@usableFromInline
enum SmoothCoordinateDescent {
    @inlinable
    static func minimize<D: Datafit, T: BinaryFloatingPoint>(
        _ datafit: D, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, w: WorkBuffer<Double>,
        intercept start: Double, maxIter: Int, gapTolerance: Double, polish: Bool = false
    ) throws(SwiftRegError) -> SolverOutcome {
        let n = data.n, p = data.p, omega = data.omega.base
        let c = datafit.curvature ?? 1
        let r = try WorkBuffer<Double>(count: n), a = try WorkBuffer<Double>(count: n)
        let u = try WorkBuffer<Double>(count: n), g = try WorkBuffer<Double>(count: p), z = try WorkBuffer<Double>(count: p)
        let inSet = try WorkBuffer<Bool>(repeating: false, count: Swift.max(p, 1))
        var workingSet: [Int] = []
        try Allocation.reserve(&workingSet, p)
        var b = data.fitIntercept ? start : 0
        for j in 0..<p {
            // A constant column: its coefficient only changes R, whose minimiser on [l, u] is clip(0).
            w[j] = data.columnNormSq[j] > 0 ? penalty.clamp(j, w[j]) : penalty.clamp(j, 0)
        }
        data.residual(UnsafePointer(w.base), intercept: b, r.base)

        @inline(__always) func derivatives() {
            for i in 0..<n { a[i] = omega[i] == 0 ? 0 : omega[i] * datafit.derivative(r[i]) }
        }
        var iterations = 0
        // `polish`: once the gap is reached, keep sweeping until no coefficient moves by more
        // than 1e-14 of its size in a sweep. A gap at rounding level (a tolerance near 1e-16
        // of the objective) still leaves coefficients about its square root from the optimum;
        // the sweeps take them to rounding level too. They refine the non-zero coefficients
        // only: a zero one, within the gap of its bound, stays exactly 0.
        var polishing = false, polished = false, polishSweeps = 0, polishBudget = 0
        let interrupt = data.interrupt
        // Σ |δ|·‖x̃ⱼ‖ (and |Δb|) of the updates since r was last computed from w: r's rounding
        // is about ε times this.
        var drift = 0.0
        while true {
            try interrupt.check()
            // 1. Full gradient and gap.
            derivatives()
            if data.fitIntercept, c > 0 {
                // Centre the intercept first: cheap, and the gap's dual point needs Σa ≈ 0.
                for _ in 0..<2 {
                    let step = blockSum(0, n) { a[$0] } / c
                    if step == 0 || !step.isFinite { break }
                    b += step
                    for i in 0..<n { r[i] -= step }
                    derivatives()
                }
            }
            data.transposedProduct(UnsafePointer(a.base), z.base)
            var worst = 0.0
            for j in 0..<p {
                g[j] = -z[j]
                if data.columnNormSq[j] > 0 { worst = Swift.max(worst, penalty.violation(j, gradient: g[j], at: w[j])) }
            }
            u.base.update(from: a.base, count: n)
            let value = try GeneralDualGap.evaluate(
                datafit, data, penalty, w: UnsafePointer(w.base), residual: UnsafePointer(r.base), dual: u.base,
                correlations: z.base)
            guard value.primal.isFinite else { throw .overflow(argument: OverflowGuard.data) }
            // Before a certificate or a final report: r afresh from w when the updates since it
            // was computed add up to far more (1e3 times) than the point's own size, so that
            // their rounding could exceed r (a warm start at 1e38 certified a point 7 times
            // worse than w = 0, with a gap of 0).
            if value.gap <= gapTolerance || iterations >= maxIter, drift > 0 {
                let size = abs(b) + blockSum(0, n) { omega[$0] * Double(data.y[$0]) * Double(data.y[$0]) }.squareRoot()
                    + blockSum(0, p) { abs(w[$0]) * data.columnNormSq[$0].squareRoot() }
                if !(drift <= 1e3 * size) {
                    drift = 0
                    data.residual(UnsafePointer(w.base), intercept: b, r.base)
                    continue
                }
            }
            if value.gap <= gapTolerance && polish && !polished && iterations < maxIter && p > 0 {
                if !polishing { polishBudget = Swift.max(20, iterations) }
                polishing = true
            } else if value.gap <= gapTolerance || iterations >= maxIter || (p == 0 && !data.fitIntercept) {
                return SolverOutcome(
                    intercept: b, primal: value.primal, gap: value.gap, iterations: iterations,
                    converged: value.gap <= gapTolerance)
            }
            // 2. The working set.
            var candidates: [(score: Double, j: Int)] = []
            try Allocation.reserve(&candidates, p)
            for j in 0..<p where data.columnNormSq[j] > 0 {
                let v = penalty.violation(j, gradient: g[j], at: w[j])
                if inSet[j] { continue }
                if w[j] != 0 || penalty.isUnpenalised(j) || v > 0 { candidates.append((w[j] != 0 || penalty.isUnpenalised(j) ? .infinity : v, j)) }
            }
            let limit = Swift.max(10, 2 * workingSet.count)
            if candidates.count > limit {
                try Allocation.probeSort(candidates.count, of: (score: Double, j: Int).self)
                candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.j < $1.j) }
                candidates.removeLast(candidates.count - limit)
            }
            try Allocation.probeSort(candidates.count, of: (score: Double, j: Int).self)
            candidates.sort { $0.j < $1.j }
            for (_, j) in candidates { inSet[j] = true; workingSet.append(j) }
            try Allocation.probeSort(workingSet.count, of: Int.self)
            workingSet.sort()
            // 3. Sweeps, with Anderson extrapolation every `depth` sweeps.
            let target = 0.3 * worst
            let anderson = try Anderson(coordinates: workingSet.count + 1)
            // Sparse X: the true residual is r + offset. A step on feature j changes r on the
            // column's stored rows and moves every residual by δ·μⱼ, which `offset` collects
            // until the residual is needed whole (the extrapolation, the end of the sweeps).
            var offset = 0.0
            @inline(__always) func flush() {
                if offset != 0 { for i in 0..<n { r[i] += offset } }
                offset = 0
            }
            // Centred sparse columns come with the squared datafit alone (see WeightedDesign),
            // whose intercept condition A = Σωᵢrᵢ = 0 holds after step 1 and does not change
            // under the feature steps (Σᵢωᵢx̃ᵢⱼ = 0): its step is skipped there.
            let interceptSteps = data.fitIntercept && c > 0 && !(data.isSparse && data.centred)
            repeat {
                var seen = 0.0, moved = 0.0
                switch data.columns {
                case let .dense(x):
                    for (t, j) in workingSet.enumerated() where !(polishing && w[j] == 0) {
                        if t & 15 == 15 { try interrupt.check() }
                        let d = data.columnNormSq[j]
                        let col = x + j * n, mean = data.mean[j]
                        // gⱼ = −x̃ⱼᵀa at the current residual (a formed on the fly).
                        var s0 = 0.0, s1 = 0.0
                        var i = 0
                        while i + 2 <= n {
                            let a0 = omega[i] * datafit.derivative(r[i]), a1 = omega[i + 1] * datafit.derivative(r[i + 1])
                            s0 += a0 * (Double(col[i]) - mean)
                            s1 += a1 * (Double(col[i + 1]) - mean)
                            i += 2
                        }
                        if i < n { s0 += omega[i] * datafit.derivative(r[i]) * (Double(col[i]) - mean) }
                        let gj = -(s0 + s1), wj = w[j]
                        seen = Swift.max(seen, penalty.violation(j, gradient: gj, at: wj))
                        let lj = c * d
                        let wn = penalty.proximal(j, wj - gj / lj, curvature: lj)
                        let delta = wn - wj
                        if delta != 0 {
                            w[j] = wn
                            data.axpy(-delta, j, r.base)
                            moved = Swift.max(moved, abs(delta))
                            drift += abs(delta) * d.squareRoot()
                        }
                    }
                case let .sparse(x):
                    // gⱼ = −x̃ⱼᵀa = −(Σ_stored ωᵢxᵢⱼaᵢ − μⱼ·A), and A = Σaᵢ = 0 wherever μⱼ ≠ 0
                    // (above).
                    for (t, j) in workingSet.enumerated() where !(polishing && w[j] == 0) {
                        if t & 15 == 15 { try interrupt.check() }
                        let d = data.columnNormSq[j], mean = data.mean[j]
                        let off = offset
                        let gj = -x.sum(j) { i, e in omega[i] * e * datafit.derivative(r[i] + off) }, wj = w[j]
                        seen = Swift.max(seen, penalty.violation(j, gradient: gj, at: wj))
                        let lj = c * d
                        let wn = penalty.proximal(j, wj - gj / lj, curvature: lj)
                        let delta = wn - wj
                        if delta != 0 {
                            w[j] = wn
                            x.forEach(j) { i, e in r[i] -= delta * e }
                            offset += delta * mean
                            moved = Swift.max(moved, abs(delta))
                            drift += abs(delta) * d.squareRoot()
                        }
                    }
                }
                if interceptSteps {
                    flush()
                    let step = blockSum(0, n) { omega[$0] == 0 ? 0 : omega[$0] * datafit.derivative(r[$0]) } / c
                    if step != 0 && step.isFinite {
                        b += step
                        for i in 0..<n { r[i] -= step }
                        moved = Swift.max(moved, abs(step))
                        drift += abs(step)
                    }
                }
                iterations += 1
                try interrupt.check()
                if polishing {
                    // Moves below 1e-14 of the largest coefficient (or intercept), or a budget as large as the
                    // sweeps before polishing began, end it.
                    var size = abs(b)
                    for j in workingSet { size = Swift.max(size, abs(w[j])) }
                    polishSweeps += 1
                    if moved <= 1e-14 * size || !moved.isFinite || polishSweeps >= polishBudget { polished = true; break }
                } else if seen <= target || !seen.isFinite { break }
                if try anderson.record(workingSet, w: w.base, b: b) {
                    flush()
                    try extrapolate(datafit, data, penalty, anderson, workingSet, w: w, b: &b, r: r)
                }
            } while iterations < maxIter
            flush()
        }
    }

    /// Tries the Anderson point of the last sweeps (clipped into the bounds) and keeps it when
    /// it lowers the objective (skglm's acceleration of coordinate descent; Bertrand & Massias 2021).
    @inlinable
    static func extrapolate<D: Datafit, T: BinaryFloatingPoint>(
        _ datafit: D, _ data: WeightedDesign<T>, _ penalty: CoefficientPenalty, _ anderson: Anderson,
        _ set: [Int], w: WorkBuffer<Double>, b: inout Double, r: WorkBuffer<Double>
    ) throws(SwiftRegError) {
        guard let point = anderson.extrapolated() else { return }
        let n = data.n, m = set.count
        let current = data.datafitValue(datafit, UnsafePointer(r.base)) + penalty.value(UnsafePointer(w.base))
        let trial = try WorkBuffer<Double>(count: n), wt = try WorkBuffer<Double>(count: data.p)
        wt.base.update(from: w.base, count: data.p)
        for (k, j) in set.enumerated() { wt[j] = penalty.clamp(j, point[k]) }
        let bt = data.fitIntercept ? point[m] : 0
        // r_trial = r − X̃_S(w_trial − w)_S − (b_trial − b).
        trial.base.update(from: r.base, count: n)
        data.axpy(set, { -(wt[$0] - w[$0]) }, trial.base)
        if bt != b { for i in 0..<n { trial[i] -= bt - b } }
        let value = data.datafitValue(datafit, UnsafePointer(trial.base)) + penalty.value(UnsafePointer(wt.base))
        guard value < current else { return }
        w.base.update(from: wt.base, count: data.p)
        r.base.update(from: trial.base, count: n)
        b = bt
    }
}

/// Anderson extrapolation over the last `depth + 1` iterates x₀ … x_K of a fixed-point
/// iteration: with the differences U = [x₁ − x₀, …, x_K − x_{K−1}], c = argmin ‖Uc‖ subject
/// to Σc = 1, i.e. c ∝ (UᵀU)⁻¹1, and the extrapolated point Σₖ cₖ·xₖ₊₁.
@usableFromInline
final class Anderson {
    @usableFromInline static let depth = 5
    @usableFromInline let size: Int
    @usableFromInline let iterates: WorkBuffer<Double>
    @usableFromInline let point: WorkBuffer<Double>
    @usableFromInline var count = 0

    @inlinable
    init(coordinates: Int) throws(SwiftRegError) {
        size = coordinates
        iterates = try WorkBuffer<Double>(count: (Anderson.depth + 1) * coordinates)
        point = try WorkBuffer<Double>(count: coordinates)
    }

    /// Stores (w_S, b); true when depth + 1 iterates are stored (then ``extrapolated()``).
    @inlinable
    func record(_ set: [Int], w: UnsafePointer<Double>, b: Double) throws(SwiftRegError) -> Bool {
        let row = iterates.base + count * size
        for (k, j) in set.enumerated() { row[k] = w[j] }
        row[size - 1] = b
        count += 1
        return count == Anderson.depth + 1
    }

    /// The extrapolated point (nil when the small system is singular); resets the history.
    @inlinable
    func extrapolated() -> UnsafePointer<Double>? {
        defer { count = 0 }
        let k = Anderson.depth, m = size, x = iterates.base
        var gram = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for c in 0...a {
                var sum = 0.0
                for i in 0..<m { sum += (x[(a + 1) * m + i] - x[a * m + i]) * (x[(c + 1) * m + i] - x[c * m + i]) }
                gram[a * k + c] = sum
                gram[c * k + a] = sum
            }
        }
        var trace = 0.0
        for a in 0..<k { trace += gram[a * k + a] }
        guard trace > 0, trace.isFinite else { return nil }
        for a in 0..<k { gram[a * k + a] += 1e-10 * trace }   // Tikhonov, as skglm
        var z = [Double](repeating: 1, count: k)
        let ok = gram.withUnsafeMutableBufferPointer { g in
            z.withUnsafeMutableBufferPointer { zb in
                Cholesky.factor(g.baseAddress!, k) ? { Cholesky.solve(UnsafePointer(g.baseAddress!), k, zb.baseAddress!); return true }() : false
            }
        }
        guard ok else { return nil }
        let total = z.reduce(0, +)
        guard total != 0, total.isFinite else { return nil }
        for i in 0..<m {
            var sum = 0.0
            for a in 0..<k { sum += z[a] * x[(a + 1) * m + i] }
            point[i] = sum / total
        }
        return UnsafePointer(point.base)
    }
}
