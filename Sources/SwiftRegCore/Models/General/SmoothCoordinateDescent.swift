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
        intercept start: Double, maxIter: Int, gapTolerance: Double
    ) throws(SwiftRegError) -> SolverOutcome {
        let n = data.n, p = data.p, omega = data.omega.base
        let c = datafit.curvature ?? 1
        let r = try WorkBuffer<Double>(count: n), a = try WorkBuffer<Double>(count: n)
        let u = try WorkBuffer<Double>(count: n), g = try WorkBuffer<Double>(count: p), z = try WorkBuffer<Double>(count: p)
        let inSet = try WorkBuffer<Bool>(repeating: false, count: Swift.max(p, 1))
        var workingSet: [Int] = []
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
        while true {
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
            if value.gap <= gapTolerance || iterations >= maxIter || (p == 0 && !data.fitIntercept) {
                return SolverOutcome(
                    intercept: b, primal: value.primal, gap: value.gap, iterations: iterations,
                    converged: value.gap <= gapTolerance)
            }
            // 2. The working set.
            var candidates: [(score: Double, j: Int)] = []
            for j in 0..<p where data.columnNormSq[j] > 0 {
                let v = penalty.violation(j, gradient: g[j], at: w[j])
                if inSet[j] { continue }
                if w[j] != 0 || penalty.isUnpenalised(j) || v > 0 { candidates.append((w[j] != 0 || penalty.isUnpenalised(j) ? .infinity : v, j)) }
            }
            let limit = Swift.max(10, 2 * workingSet.count)
            if candidates.count > limit {
                candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.j < $1.j) }
                candidates.removeLast(candidates.count - limit)
            }
            for (_, j) in candidates.sorted(by: { $0.j < $1.j }) { inSet[j] = true; workingSet.append(j) }
            workingSet.sort()
            // 3. Sweeps.
            let target = 0.3 * worst
            repeat {
                var seen = 0.0
                for j in workingSet {
                    let d = data.columnNormSq[j]
                    let col = data.x + j * n, mean = data.mean[j]
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
                    }
                }
                if data.fitIntercept, c > 0 {
                    let step = blockSum(0, n) { omega[$0] == 0 ? 0 : omega[$0] * datafit.derivative(r[$0]) } / c
                    if step != 0 && step.isFinite {
                        b += step
                        for i in 0..<n { r[i] -= step }
                    }
                }
                iterations += 1
                if seen <= target || !seen.isFinite { break }
            } while iterations < maxIter
        }
    }
}
