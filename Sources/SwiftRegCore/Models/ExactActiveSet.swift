/// Exact active-set steps for the elastic net, used by ``CoordinateDescent`` before its sweeps
/// (feature-sign search, Lee, Battle, Raina & Ng 2007, with the homotopy / LARS-lasso rule of
/// stepping back to the first zero crossing; Osborne, Presnell & Turlach 2000).
///
/// In the internal scaling of ``DualityGap`` (λⱼ = l1·fⱼ, μⱼ = l2·fⱼ), for an active set A
/// with signs sⱼ (sⱼ = 0 for a "free" feature: λⱼ = 0 and not `positive`, always in A) the
/// objective restricted to the orthant of s is the quadratic whose minimiser solves
///
///     (X̃_AᵀX̃_A + diag(μ_A)) w_A = X̃_Aᵀỹ − λ_A∘s_A
///
/// which is S times the user-facing (X̃_AᵀS X̃_A + α(1−ρ)S·diag(f_A)) w_A = X̃_AᵀSỹ − αρS·f_A∘s_A
/// of the weighted problem (X̃ and ỹ carry the √sᵢ). One step:
/// 1. solve that system by a Cholesky factor of the Gram submatrix kept up to date as
///    features enter and leave (``UpdatableCholesky``; rebuilt only when μ changes, that is
///    never along a lasso path);
/// 2. if a signed coefficient would cross zero, move only to the first crossing t ∈ (0, 1]
///    on the segment from the current w (the objective does not increase: it equals the
///    quadratic there, which decreases towards its minimiser) and drop that feature;
///    otherwise take the minimiser;
/// 3. with the exact minimiser, compute c = X̃ᵀr for all features (through the coordinate
///    engine: the Gram matrix when n ≫ p, the residual otherwise) and add the worst KKT
///    violators (|cⱼ| > λⱼ, or cⱼ > λⱼ under `positive`) with sⱼ = sign(cⱼ), at most 10 at a
///    time. A feature added alone to an exact minimiser moves in the direction of sⱼ
///    (the step is (|cⱼ| − λⱼ)·M⁻¹eⱼ·sⱼ), but one of a batch may not: such features are taken
///    out again and the additions go one at a time from then on.
/// It ends when no inactive feature violates the KKT conditions by more than rounding
/// (256 ulp of the storage type times maxⱼ|x̃ⱼᵀỹ|): the duality gap is then at rounding level.
/// It gives up, leaving the best point found (the objective never increases), when the
/// design is degenerate (a feature that cannot enter the factor because its column is in the
/// span of the active ones, a newly added feature whose coefficient moves the wrong way),
/// after a few dozen steps, or when A grows beyond ``limit`` features; coordinate descent
/// then continues from there.
///
/// The reduced systems and the Gram entries are float64 whatever the storage type.
@usableFromInline
final class ExactActiveSet<T: BinaryFloatingPoint> {
    /// The largest active set factored (a 1500 × 1500 factor is about 18 MB).
    @usableFromInline static var limit: Int { 1500 }
    /// Gram entries cached for at most this many features (then the cache restarts).
    @usableFromInline static var slotLimit: Int { 2048 }

    @usableFromInline let data: CenteredDesign<T>
    /// X̃ᵀỹ.
    @usableFromInline let q: WorkBuffer<Double>
    /// maxⱼ |x̃ⱼᵀỹ|: the scale of the correlations, for the rounding threshold.
    @usableFromInline let correlationScale: Double
    @usableFromInline let slotOf: WorkBuffer<Int>
    @usableFromInline var slotFeatures: [Int] = []
    @usableFromInline var slotCapacity: Int
    @usableFromInline var cache: WorkBuffer<Double>
    @usableFromInline let factor: UpdatableCholesky
    /// A, in the order of the factor's rows, and the signs.
    @usableFromInline var members: [Int] = []
    @usableFromInline var signs: [Double] = []
    @usableFromInline let inA: WorkBuffer<Bool>
    /// The l2 the factor was built for (NaN: none).
    @usableFromInline var factorL2 = Double.nan
    @usableFromInline let rhs: WorkBuffer<Double>
    @usableFromInline let column: WorkBuffer<Double>
    /// Full float64 Gram columns when the coordinate engine keeps them (then the cache is unused).
    @usableFromInline var gramSource: ((Int) -> UnsafePointer<Double>?)?

    @inlinable
    init(_ data: CenteredDesign<T>) throws(SwiftRegError) {
        self.data = data
        let p = data.p
        q = try WorkBuffer<Double>(count: p)
        q.base.update(from: try data.yCorrelations(), count: p)
        var m = 0.0
        for j in 0..<p { m = Swift.max(m, abs(q[j])) }
        correlationScale = m
        slotOf = try WorkBuffer<Int>(repeating: -1, count: p)
        slotCapacity = Swift.max(1, Swift.min(p, 64))
        cache = try WorkBuffer<Double>(repeating: .nan, count: slotCapacity * slotCapacity)
        let limit = Swift.min(p, Self.limit)
        factor = try UpdatableCholesky(limit: Swift.max(1, limit))
        inA = try WorkBuffer<Bool>(repeating: false, count: p)
        rhs = try WorkBuffer<Double>(count: limit + 1)
        column = try WorkBuffer<Double>(count: limit + 1)
    }

    /// The cache slot of feature j (assigned on first use).
    @inlinable
    func slot(_ j: Int) throws(SwiftRegError) -> Int {
        let s = slotOf[j]
        if s >= 0 { return s }
        if slotFeatures.count == slotCapacity {
            if slotCapacity >= Swift.min(data.p, Self.slotLimit) {
                for f in slotFeatures { slotOf[f] = -1 }     // restart the cache
                slotFeatures.removeAll(keepingCapacity: true)
                cache.base.update(repeating: .nan, count: slotCapacity * slotCapacity)
            } else {
                let next = Swift.min(Swift.min(data.p, Self.slotLimit), 2 * slotCapacity)
                let grown = try WorkBuffer<Double>(repeating: .nan, count: next * next)
                for a in 0..<slotFeatures.count {
                    (grown.base + a * next).update(from: cache.base + a * slotCapacity, count: slotFeatures.count)
                }
                cache = grown
                slotCapacity = next
            }
        }
        let k = slotFeatures.count
        slotFeatures.append(j)
        slotOf[j] = k
        return k
    }

    /// x̃ⱼᵀx̃ₖ in float64 (computed once per pair).
    @inlinable
    func gram(_ j: Int, _ k: Int) throws(SwiftRegError) -> Double {
        if j == k { return data.columnNormSq[j] }
        if let gramSource, let col = gramSource(k) { return col[j] }
        let a = try slot(j), b = try slot(k)
        let cap = slotCapacity
        if slotOf[j] != a { return try gram(j, k) }   // the cache restarted while b was assigned
        let v = cache[a * cap + b]
        if !v.isNaN { return v }
        let g = data.gram(j, k)
        cache[a * cap + b] = g
        cache[b * cap + a] = g
        return g
    }

    /// Adds feature j (sign s) to A; false when its column is numerically in the span of A's
    /// (with μⱼ = l2·fⱼ on the diagonal) or A is full.
    @inlinable
    func add(_ j: Int, sign s: Double, mu: Double) throws(SwiftRegError) -> Bool {
        let k = members.count
        guard k < factor.limit else { return false }
        for (i, m) in members.enumerated() { column[i] = try gram(m, j) }
        column[k] = data.columnNormSq[j] + mu
        guard try factor.append(column.base) else { return false }
        members.append(j)
        signs.append(s)
        inA[j] = true
        return true
    }

    /// Removes the member at position i.
    @inlinable
    func remove(at i: Int) {
        factor.remove(at: i)
        inA[members[i]] = false
        members.remove(at: i)
        signs.remove(at: i)
    }

    /// The `count` features outside A (with dⱼ > 0) nearest to violating the KKT conditions
    /// at correlations c: the largest (|cⱼ| or cⱼ under `positive`)/λⱼ, unpenalised first,
    /// ties by index.
    @inlinable
    func screened(
        c: UnsafePointer<Double>, l1: Double, factor pf: UnsafePointer<Double>?, positive: Bool, count: Int
    ) throws(SwiftRegError) -> [Int] {
        var scored: [(score: Double, j: Int)] = []
        try Allocation.reserve(&scored, data.p)
        let d = data.columnNormSq.base
        for j in 0..<data.p where d[j] > 0 && !inA[j] {
            let lambda = l1 * (pf?[j] ?? 1)
            let v = positive ? c[j] : abs(c[j])
            scored.append((lambda > 0 ? v / lambda : .infinity, j))
        }
        try Allocation.probeSort(scored.count, of: (score: Double, j: Int).self)
        if scored.count > count {
            scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.j < $1.j) }
            scored.removeLast(scored.count - count)
        }
        var chosen = try Allocation.array(count: scored.count) { scored[$0].j }
        chosen.sort()
        return chosen
    }

    /// Refactors M = G_AA + diag(μ) for new μⱼ (`mu(j)`), keeping A and its order: one dense
    /// factorisation instead of |A| appends. False (A unchanged, factor empty) when M is not
    /// numerically positive definite; the caller then rebuilds A by appends.
    @inlinable
    func reshift(_ mu: (Int) -> Double) throws(SwiftRegError) -> Bool {
        let k = members.count
        if k == 0 { return true }
        let members = self.members
        var failure: SwiftRegError? = nil
        let ok = try factor.refactor(order: k) { c, out in
            let j = members[c]
            out[c] = data.columnNormSq[j] + mu(j)
            if let gramSource, let col = gramSource(j) {
                for i in (c + 1)..<k { out[i] = col[members[i]] }
            } else {
                for i in (c + 1)..<k {
                    do throws(SwiftRegError) { out[i] = try gram(members[i], j) } catch { failure = error; out[i] = .nan }
                }
            }
        }
        if let failure { throw failure }
        return ok
    }

    @inlinable
    func clear() {
        for j in members { inA[j] = false }
        members.removeAll(keepingCapacity: true)
        signs.removeAll(keepingCapacity: true)
        factor.clear()
    }
}

extension CoordinateDescent {
    /// The LARS-lasso swap, for a violator j whose column is in the span of A's (its ``add``
    /// was refused: then x̃ⱼ = X̃_Aβ with β = M⁻¹m from the refused column, and with μⱼ = 0).
    /// Moving along w_A − t·sⱼβ, wⱼ = t·sⱼ leaves X̃w unchanged and lowers the penalty at the
    /// rate |cⱼ| − λⱼ > 0, until the first signed member reaches 0 at t*; that member leaves
    /// and j enters. Returns false (nothing changed) when no member reaches 0 or j still
    /// cannot enter.
    @inlinable
    func swap(_ ex: ExactActiveSet<T>, _ j: Int, sign s: Double, mu: Double) throws(SwiftRegError) -> Bool {
        let m = ex.members.count, w = self.w.base
        guard mu == 0, m > 0 else { return false }
        let beta = ex.column.base
        ex.factor.solveTransposed(beta)
        var tMin = Double.infinity, kMin = -1
        for k in 0..<m where ex.signs[k] != 0 {
            let rate = -s * beta[k]               // d w_k / dt
            let wk = w[ex.members[k]]
            if rate * wk < 0 {
                let t = -wk / rate
                if t < tMin { tMin = t; kMin = k }
            }
        }
        guard kMin >= 0, tMin.isFinite else { return false }
        var moved = [Double](repeating: 0, count: m)
        for k in 0..<m { moved[k] = w[ex.members[k]] - tMin * s * beta[k] }
        let leaving = ex.members[kMin], sLeaving = ex.signs[kMin]
        ex.remove(at: kMin)
        moved.remove(at: kMin)
        // add throws only when memory runs out: that error is the call's.
        guard try ex.add(j, sign: s, mu: mu) else {
            _ = try ex.add(leaving, sign: sLeaving, mu: 0)   // restore A (w untouched)
            return false
        }
        for (k, v) in moved.enumerated() { w[ex.members[k]] = v }
        w[leaving] = 0
        w[j] = tMin * s
        return true
    }

    /// Runs ``ExactActiveSet`` steps (at most `budget`) at one α from the current w. Returns the number of
    /// reduced solves and whether the KKT conditions hold to rounding. On return w is the best
    /// point found, the engine is up to date with it and every non-zero feature is in the
    /// working set.
    @inlinable
    func exactActiveSet(l1: Double, l2: Double, budget: Int) throws(SwiftRegError) -> (steps: Int, solved: Bool) {
        let result = try exactSteps(l1: l1, l2: l2, budget: budget)
        if !result.engineCurrent { engine.reset(UnsafePointer(w.base)) }
        for j in 0..<data.p where w[j] != 0 && !inSet[j] { insert(j) }
        return (result.steps, result.solved)
    }

    @inlinable
    func exactSteps(l1: Double, l2: Double, budget: Int) throws(SwiftRegError) -> (steps: Int, solved: Bool, engineCurrent: Bool) {
        let p = data.p, d = data.columnNormSq.base, w = self.w.base, pf = penaltyFactor, positive = self.positive
        if exact == nil {
            let made = try ExactActiveSet(data)
            let engine = self.engine
            if engine is CovarianceUpdates<Double> { made.gramSource = { [unowned engine] j in engine.exactGramColumn(j) } }
            exact = made
        }
        let ex = exact!
        @inline(__always) func factorOf(_ j: Int) -> Double { pf?[j] ?? 1 }
        @inline(__always) func isFree(_ j: Int) -> Bool { !positive && l1 * factorOf(j) == 0 }

        // The starting active set: the non-zeros and the free features.
        var wanted = 0
        for j in 0..<p where d[j] > 0 && (w[j] != 0 || isFree(j)) { wanted += 1 }
        guard wanted <= ex.factor.limit else { return (0, false, false) }
        if ex.factorL2 != l2 {
            // A new L2 weight shifts the diagonal: refactor A at once (or rebuild it if that fails).
            if try !ex.reshift({ l2 * factorOf($0) }) { ex.clear() }
            ex.factorL2 = l2
        }
        for i in stride(from: ex.members.count - 1, through: 0, by: -1) {
            let j = ex.members[i]
            if !(w[j] != 0 || isFree(j)) { ex.remove(at: i) }
        }
        for j in 0..<p where d[j] > 0 && (w[j] != 0 || isFree(j)) {
            let s: Double = isFree(j) ? 0 : (w[j] > 0 ? 1 : -1)
            if ex.inA[j] {
                ex.signs[ex.members.firstIndex(of: j)!] = s
            } else if try !ex.add(j, sign: s, mu: l2 * factorOf(j)) {
                return (0, false, false)
            }
        }

        let slack = 256 * Double(T.ulpOfOne) * ex.correlationScale
        let maxSteps = Swift.min(budget, 1000, 40 + 2 * wanted)
        var steps = 0, single = false
        var banned: [Int] = []
        var addedAlone = -1      // the feature added alone to an exact minimiser, if so
        // Screened KKT checks (residual engine, many features, and many samples so that a
        // full X̃ᵀr check is expensive): the features outside A with the largest |cⱼ|/λⱼ at
        // the last full check. On short-wide data (n = 100, p = 5000) a full check is cheap and
        // screening made the path 2-3× slower (bench/solvers.py), hence the n bound.
        let screenSize = engine.screensCheaply && p >= 1024 && data.n >= 1000 ? Swift.max(256, p / 16) : 0
        var screen: [Int] = []
        let x = ex.rhs.base
        while steps < maxSteps {
            try data.interrupt.check()
            steps += 1
            let m = ex.members.count
            for k in 0..<m {
                let j = ex.members[k]
                x[k] = ex.q[j] - l1 * factorOf(j) * ex.signs[k]
            }
            ex.factor.solve(x)
            guard (0..<m).allSatisfy({ x[$0].isFinite }) else { return (steps, false, false) }

            // Zero crossings of the signed coefficients on the segment w → x.
            var tMin = 1.0, kMin = -1
            var wrongWay: [Int] = []
            for k in 0..<m where ex.signs[k] != 0 && ex.signs[k] * x[k] <= 0 {
                let wo = w[ex.members[k]]
                if wo == 0 { wrongWay.append(k); continue }
                let t = wo / (wo - x[k])
                // (t rounds to 1 when |wₒ| dwarfs |x|, as from a warm start at 1e38: the
                // crossing is still taken, or x would be accepted outside its orthant)
                if t < tMin || kMin < 0 { tMin = Swift.min(t, 1); kMin = k }
            }
            if !wrongWay.isEmpty {
                // Features that just entered and would leave their orthant at once: take them
                // out again (w is unchanged) and add one at a time from now on.
                for k in wrongWay.reversed() {
                    if ex.members[k] == addedAlone { banned.append(ex.members[k]) }   // rounding
                    ex.remove(at: k)
                }
                addedAlone = -1
                single = true
                continue
            }
            if kMin >= 0 {
                for k in 0..<m {
                    let j = ex.members[k]
                    w[j] += tMin * (x[k] - w[j])
                }
                w[ex.members[kMin]] = 0
                // Drop every signed member now at (or, by rounding, past) zero.
                for k in stride(from: m - 1, through: 0, by: -1) where ex.signs[k] != 0 {
                    let j = ex.members[k]
                    if ex.signs[k] * w[j] <= 0 { w[j] = 0; ex.remove(at: k) }
                }
                continue
            }
            for k in 0..<m { w[ex.members[k]] = x[k] }

            // KKT for the features outside A: first on the screened features only (those
            // nearest to violating at the last full check), then, when none of them
            // violates, on all of them; only a full check ends the steps.
            engine.reset(UnsafePointer(w))
            var candidates: [(score: Double, j: Int)] = []
            try Allocation.reserve(&candidates, p)
            var bannedViolator = false
            func scan<S: Sequence>(_ features: S) where S.Element == Int {
                for j in features where d[j] > 0 && !ex.inA[j] {
                    let lambda = l1 * factorOf(j)
                    let v = (positive ? c[j] : abs(c[j])) - lambda
                    if v > slack {
                        if banned.contains(j) { bannedViolator = true; continue }
                        candidates.append((lambda > 0 ? v / lambda : .infinity, j))
                    }
                }
            }
            if !screen.isEmpty {
                screen.withUnsafeBufferPointer { engine.correlations(columns: $0, c.base) }
                scan(screen)
            }
            if candidates.isEmpty {
                bannedViolator = false
                engine.correlations(c.base)
                scan(0..<p)
                if screenSize > 0 { screen = try ex.screened(c: UnsafePointer(c.base), l1: l1, factor: pf, positive: positive, count: screenSize) }
            }
            if candidates.isEmpty { return (steps, !bannedViolator, true) }
            try Allocation.probeSort(candidates.count, of: (score: Double, j: Int).self)
            candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.j < $1.j) }
            var added = 0
            for (_, j) in candidates.prefix(single ? 1 : 10) {
                let s: Double = positive || c[j] > 0 ? 1 : -1
                if try ex.add(j, sign: s, mu: l2 * factorOf(j)) {
                    added += 1
                } else if added == 0 && ex.members.count < ex.factor.limit {
                    if try swap(ex, j, sign: s, mu: l2 * factorOf(j)) {
                        added += 1
                        break
                    }
                }   // else: in the span of A for now; tried again at the next check
            }
            if added == 0 { return (steps, false, true) }
            addedAlone = added == 1 ? ex.members[ex.members.count - 1] : -1
        }
        return (steps, false, false)
    }
}
