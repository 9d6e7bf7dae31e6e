import Synchronization

/// The folds of a cross-validation: for each fold k and sample i, whether i trains, is held
/// out (tested) or is left out of fold k.
public struct CrossValidationFolds: Sendable {
    public enum Role: UInt8, Sendable {
        case unused = 0
        case train = 1
        case test = 2
    }

    public let count: Int
    public let nSamples: Int
    /// count × nSamples, fold-major.
    @usableFromInline let roles: [Role]

    /// `count` contiguous folds, the first `n % count` one sample larger (scikit-learn's
    /// `KFold` without shuffling): sample i is held out in the fold whose block holds it.
    public init(contiguous count: Int, nSamples n: Int) throws(SwiftRegError) {
        try self.init(foldid: try CrossValidationFolds.contiguousIDs(count, n), count: count)
    }

    /// glmnet's `foldid`: sample i is held out in fold foldid[i] ∈ [0, count) and trains the others.
    public init(foldid: [Int], count: Int) throws(SwiftRegError) {
        guard count >= 2 else { throw .invalidArgument(argument: "n_folds", value: Double(count), requirement: ">= 2") }
        let n = foldid.count
        guard count <= n else {
            throw .invalidArgument(argument: "n_folds", value: Double(count), requirement: "<= n_samples = \(n)")
        }
        var roles = try Allocation.array(repeating: Role.train, count: Allocation.cells(count, n))
        for (i, k) in foldid.enumerated() {
            guard k >= 0, k < count else {
                throw .invalidArgument(argument: "foldid[\(i)]", value: Double(k), requirement: "in [0, n_folds = \(count))")
            }
            roles[k * n + i] = .test
        }
        try self.init(roles: roles, count: count, nSamples: n)
    }

    /// Any splits: roles[k·n + i] for fold k and sample i.
    public init(roles: [Role], count: Int, nSamples n: Int) throws(SwiftRegError) {
        guard count >= 1 else { throw .invalidArgument(argument: "n_folds", value: Double(count), requirement: ">= 1") }
        guard roles.count == count * n else {
            throw .invalidArgument(argument: "roles", value: Double(roles.count), requirement: "n_folds * n_samples values")
        }
        for k in 0..<count {
            let fold = roles[(k * n)..<((k + 1) * n)]
            guard fold.contains(.test) else {
                throw .invalidArgument(argument: "fold \(k)", value: 0, requirement: "at least one held-out sample")
            }
            guard fold.contains(.train) else {
                throw .invalidArgument(argument: "fold \(k)", value: 0, requirement: "at least one training sample")
            }
        }
        self.count = count
        nSamples = n
        self.roles = roles
    }

    @usableFromInline
    static func contiguousIDs(_ count: Int, _ n: Int) throws(SwiftRegError) -> [Int] {
        var ids = try Allocation.array(repeating: 0, count: n)
        guard count >= 1 else { return ids }
        var start = 0
        // Folds beyond the n-th hold no sample (init(foldid:) then rejects count > n): O(n), not O(count).
        for k in 0..<Swift.min(count, n) {
            let size = n / count + (k < n % count ? 1 : 0)
            for i in start..<Swift.min(n, start + size) { ids[i] = k }
            start += size
        }
        return ids
    }

    @inlinable func role(_ k: Int, _ i: Int) -> Role { roles[k * nSamples + i] }
}

/// The result of ``CrossValidation/path``.
public struct CrossValidationResult: Sendable {
    /// The α grid (the full data's path grid unless given).
    public var alphas: [Double]
    /// count × alphas: the held-out error of fold k at αᵢ, `foldErrors[k * alphas.count + i]`.
    public var foldErrors: [Double]
    /// The mean over folds of the held-out error at each α.
    public var mean: [Double]
    /// Its standard error: the folds' standard deviation over √count (glmnet's cvsd with equal
    /// fold weights).
    public var standardError: [Double]
    /// Runs body(0) … body(count − 1) on up to `threads` threads (the caller's among them).
    @inlinable
    static func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = Swift.max(1, Swift.min(threads, count))
        if workers == 1 {
            for k in 0..<count { body(k) }
            return
        }
        let next = Atomic<Int>(0)
        // Not @Sendable: the fold bodies are generic (T.Type); see Parallel.concurrentPerform.
        Parallel.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if k >= count { return }
                body(k)
            }
        }
    }

    /// The α of the smallest mean error (the largest such α on ties).
    public var bestIndex: Int
    /// The largest α whose mean error is at most the smallest mean plus its standard error
    /// (glmnet's lambda.1se).
    public var oneStandardErrorIndex: Int
    /// The path on all the data over the same grid.
    public var path: ModelPath

    @inlinable
    public init(
        alphas: [Double], foldErrors: [Double], mean: [Double], standardError: [Double], bestIndex: Int,
        oneStandardErrorIndex: Int, path: ModelPath
    ) {
        self.alphas = alphas
        self.foldErrors = foldErrors
        self.mean = mean
        self.standardError = standardError
        self.bestIndex = bestIndex
        self.oneStandardErrorIndex = oneStandardErrorIndex
        self.path = path
    }
}

/// K-fold cross-validation of a ``RegularizedModel`` path: the full data's path gives the α
/// grid, then each fold fits the path on its training samples (their weights; the held-out
/// ones weigh 0, so the fold's fit is exactly the fit of its training rows) and scores each
/// α on its held-out samples by the weighted mean of
///
///     e(r) = r² (squared loss: the mean squared error), |r| (absolute), ρ_τ(r) (quantile),
///            H_δ(r) (Huber, both forms)
///
/// Folds run in parallel, one path per thread; each fold's arithmetic is the same whatever
/// the thread count, so the results are bit-identical for any `threads`.
public enum CrossValidation {
    /// `progress(done, total)` counts α's fitted over the full path and the folds' paths; it
    /// is called from one thread at a time, and false cancels.
    @inlinable
    public static func path<T: BinaryFloatingPoint>(
        _ design: DesignMatrix<T>, y: UnsafeBufferPointer<T>, nSamples n: Int, nFeatures p: Int,
        sampleWeight: UnsafeBufferPointer<T>? = nil, features: FeatureOptions = FeatureOptions(), spec: ModelSpec,
        options: FitOptions = FitOptions(), alphas given: UnsafeBufferPointer<Double>?, count: Int, eps: Double = 1e-3,
        folds: CrossValidationFolds, threads: Int = Parallel.threadCount, progress: ((Int, Int) -> Bool)? = nil
    ) throws(SwiftRegError) -> CrossValidationResult {
        guard folds.nSamples == n else {
            throw .invalidArgument(argument: "foldid", value: Double(folds.nSamples), requirement: "n_samples = \(n) values")
        }
        // Row-major X is copied to column-major once, not once per fold.
        return try RegularizedModel.withColumns(design, n: n, p: p) { (source) throws(SwiftRegError) in
            let columns: DesignMatrix<T>
            switch source {
            case let .dense(x): columns = .dense(x, .columnMajor)
            case let .sparse(x): columns = .sparse(x)
            }
            return try run(
                columns, y: y, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: spec, options: options,
                alphas: given, count: count, eps: eps, folds: folds, threads: threads, progress: progress)
        }
    }

    @inlinable
    static func run<T: BinaryFloatingPoint>(
        _ design: DesignMatrix<T>, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        features: FeatureOptions, spec: ModelSpec, options: FitOptions, alphas given: UnsafeBufferPointer<Double>?,
        count: Int, eps: Double, folds: CrossValidationFolds, threads: Int, progress: ((Int, Int) -> Bool)?
    ) throws(SwiftRegError) -> CrossValidationResult {
        let score = try heldOutLoss(spec)
        let total = count * (folds.count + 1)
        let reporter = Reporter(total: total, callback: progress)
        let blocks = try SharedGram.blocks(
            design, n: n, p: p, sampleWeight: sampleWeight, features: features, spec: spec, options: options,
            folds: folds, smallestAlpha: given.map { $0.min() ?? 0 } ?? 1, threads: threads)
        let fullGram = try blocks.map { (b) throws(SwiftRegError) in try b.trainingGram(fold: nil) }
        let full = try RegularizedModel.path(
            design, y: y, nSamples: n, nFeatures: p, sampleWeight: sampleWeight, features: features, spec: spec,
            options: options, alphas: given, count: count, eps: eps,
            progress: { _, _ in reporter.advance() }, objectives: true,
            gram: fullGram.map { UnsafePointer($0.base) })
        withExtendedLifetime(fullGram) {}
        let grid = full.alphas, m = grid.count
        // Every fold's training weights must have a positive sum.
        for k in 0..<folds.count {
            var s = 0.0
            for i in 0..<n where folds.role(k, i) == .train { s += sampleWeight.map { Double($0[i]) } ?? 1 }
            guard s > 0 else {
                throw .invalidArgument(argument: "sample_weight", value: 0, requirement: "a positive sum over the training samples of fold \(k)")
            }
        }
        let errors = Mutex<[Double]>(try Allocation.array(repeating: .nan, count: Allocation.cells(folds.count, m)))
        let failure = Mutex<SwiftRegError?>(nil)
        let work = UncheckedSendable((design, y, sampleWeight, features))
        let runFold: (Int) -> Void = { k in
            if failure.withLock({ $0 != nil }) { return }
            let (design, y, sampleWeight, features) = work.value
            do throws(SwiftRegError) {
                try options.interrupt.check()
                var weights = try Allocation.array(repeating: T(0), count: n)
                for i in 0..<n where folds.role(k, i) == .train { weights[i] = sampleWeight.map { $0[i] } ?? 1 }
                let gram = try blocks.map { (b) throws(SwiftRegError) in try b.trainingGram(fold: k) }
                let fold = try weights.withUnsafeBufferPointer { (w) throws(SwiftRegError) -> ModelPath in
                    try grid.withUnsafeBufferPointer { (a) throws(SwiftRegError) -> ModelPath in
                        try RegularizedModel.path(
                            design, y: y, nSamples: n, nFeatures: p, sampleWeight: w, features: features, spec: spec,
                            options: options, alphas: a, count: m, progress: { _, _ in
                                reporter.advance() && !failure.withLock { $0 != nil }
                            }, objectives: false, gram: gram.map { UnsafePointer($0.base) })
                    }
                }
                withExtendedLifetime(gram) {}
                let row = try heldOutErrors(design, y: y, n: n, p: p, sampleWeight: sampleWeight, folds: folds, fold: k,
                                            path: fold, score: score)
                errors.withLock { e in for i in 0..<m { e[k * m + i] = row[i] } }
            } catch {
                failure.withLock { if $0 == nil || $0 == .cancelled { $0 = error } }
            }
        }
        parallelFor(folds.count, threads: threads, runFold)
        if let error = failure.withLock({ $0 }) { throw error }
        let e = errors.withLock { $0 }
        var mean = try Allocation.array(repeating: 0.0, count: m), se = try Allocation.array(repeating: 0.0, count: m)
        let K = Double(folds.count)
        for i in 0..<m {
            var s = 0.0
            for k in 0..<folds.count { s += e[k * m + i] }
            mean[i] = s / K
            var v = 0.0
            for k in 0..<folds.count { let d = e[k * m + i] - mean[i]; v += d * d }
            se[i] = (v / (K - 1) / K).squareRoot()
        }
        let (best, oneSE) = selection(alphas: grid, mean: mean, standardError: se)
        return CrossValidationResult(
            alphas: grid, foldErrors: e, mean: mean, standardError: se, bestIndex: best, oneStandardErrorIndex: oneSE,
            path: full)
    }

    /// Runs body(0) … body(count − 1) on up to `threads` threads (the caller's among them).
    @inlinable
    static func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = Swift.max(1, Swift.min(threads, count))
        if workers == 1 {
            for k in 0..<count { body(k) }
            return
        }
        let next = Atomic<Int>(0)
        // Not @Sendable: the fold bodies are generic (T.Type); see Parallel.concurrentPerform.
        Parallel.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if k >= count { return }
                body(k)
            }
        }
    }

    /// The α of the smallest mean error (the largest α among ties) and glmnet's one-standard-
    /// error α: the largest α whose mean is ≤ that minimum plus its standard error. NaN means
    /// (a fold that failed to give a finite error) never win.
    @inlinable
    public static func selection(alphas: [Double], mean: [Double], standardError: [Double]) -> (best: Int, oneSE: Int) {
        var best = 0
        for i in mean.indices where mean[i] < mean[best] || (mean[i] == mean[best] && alphas[i] > alphas[best]) || mean[best].isNaN {
            best = i
        }
        let threshold = mean[best] + standardError[best]
        var oneSE = best
        for i in mean.indices where mean[i] <= threshold && alphas[i] > alphas[oneSE] { oneSE = i }
        return (best, oneSE)
    }

    /// The per-sample held-out error e(r) of the model's datafit.
    @inlinable
    static func heldOutLoss(_ spec: ModelSpec) throws(SwiftRegError) -> @Sendable (Double) -> Double {
        switch spec.loss {
        case .squared: return { r in r * r }
        case .absolute: return { r in abs(r) }
        case .quantile:
            let d = try PinballDatafit(quantile: spec.quantile)
            return { r in d.value(r) }
        case .huber, .huberScaled:
            let d = try HuberDatafit(delta: spec.delta)
            return { r in d.value(r) }
        }
    }

    /// The weighted mean held-out error of fold k at each α of its path.
    @inlinable
    static func heldOutErrors<T: BinaryFloatingPoint>(
        _ design: DesignMatrix<T>, y: UnsafeBufferPointer<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?,
        folds: CrossValidationFolds, fold k: Int, path: ModelPath, score: (Double) -> Double
    ) throws(SwiftRegError) -> [Double] {
        var rows: [Int] = [], weights: [Double] = []
        var held = 0
        for i in 0..<n where folds.role(k, i) == .test { held += 1 }
        try Allocation.reserve(&rows, held)
        try Allocation.reserve(&weights, held)
        for i in 0..<n where folds.role(k, i) == .test {
            rows.append(i)
            weights.append(sampleWeight.map { Double($0[i]) } ?? 1)
        }
        let total = weights.reduce(0, +)
        // Position of each held-out sample among `rows` (−1: not held out), for sparse columns.
        var position = try Allocation.array(repeating: -1, count: n)
        for (t, i) in rows.enumerated() { position[i] = t }
        let m = path.alphas.count
        var out = try Allocation.array(repeating: 0.0, count: m)
        var prediction = try Allocation.array(repeating: 0.0, count: rows.count)
        for a in 0..<m {
            for t in rows.indices { prediction[t] = path.intercepts[a] }
            for j in 0..<p {
                let w = path.coef[a * p + j]
                if w == 0 { continue }
                switch design {
                case let .dense(x, _):   // column-major: ``path`` copies row-major X once
                    let col = x.baseAddress! + j * n
                    for (t, i) in rows.enumerated() { prediction[t] += w * Double(col[i]) }
                case let .sparse(x):
                    x.forEach(j) { i, v in let t = position[i]; if t >= 0 { prediction[t] += w * v } }
                }
            }
            var s = 0.0
            for (t, i) in rows.enumerated() where weights[t] > 0 { s += weights[t] * score(Double(y[i]) - prediction[t]) }
            out[a] = total > 0 ? s / total : .nan
        }
        guard total > 0 else {
            throw .invalidArgument(argument: "sample_weight", value: 0, requirement: "a positive sum over the held-out samples of fold \(k)")
        }
        return out
    }
}

/// Serialises the progress callback across the fold threads.
@usableFromInline
final class Reporter: Sendable {
    @usableFromInline let total: Int
    @usableFromInline let state: Mutex<(done: Int, stopped: Bool)>
    @usableFromInline nonisolated(unsafe) let callback: ((Int, Int) -> Bool)?

    @inlinable
    init(total: Int, callback: ((Int, Int) -> Bool)?) {
        self.total = total
        self.callback = callback
        state = Mutex((0, false))
    }

    /// One more α done; false once the callback has asked to stop.
    @inlinable
    func advance() -> Bool {
        state.withLock { s in
            if s.stopped { return false }
            s.done += 1
            if let callback, !callback(s.done, total) { s.stopped = true }
            return !s.stopped
        }
    }
}

/// The Gram of each fold's training rows from shared blocks, for dense X, the squared loss's
/// Gram-based path and folds that partition the samples: with c the weighted means of all the
/// samples, x′ᵢ = xᵢ − c, the blocks Rₖ = Σ_{i held out in k} sᵢx′ᵢx′ᵢᵀ and mₖ = Σ sᵢx′ᵢ are
/// computed once (n·p² in all), and fold k's centred Gram is
///
///     G = (R − Rₖ) − (m − mₖ)(m − mₖ)ᵀ/(S − Sₖ),   R = Σₖ Rₖ, m = Σₖ mₖ, S = Σ sᵢ
///
/// (without an intercept c = 0 and the last term is dropped): p² per fold instead of a Gram
/// of the fold's n·p² from scratch. Centring at c first keeps m − mₖ small, so the correction
/// does not cancel.
@usableFromInline
final class SharedGram: @unchecked Sendable {
    @usableFromInline let p: Int
    @usableFromInline let intercept: Bool
    /// Rₖ (count × p², upper triangles mirrored) and R.
    @usableFromInline let foldBlocks: WorkBuffer<Double>
    @usableFromInline let total: WorkBuffer<Double>
    /// mₖ (count × p), m; Sₖ, S.
    @usableFromInline let foldSums: WorkBuffer<Double>
    @usableFromInline let sums: WorkBuffer<Double>
    @usableFromInline let foldWeights: [Double]
    @usableFromInline let weight: Double

    @inlinable
    init(p: Int, count: Int, intercept: Bool, foldWeights: [Double]) throws(SwiftRegError) {
        self.p = p
        self.intercept = intercept
        let (cells, o1) = p.multipliedReportingOverflow(by: p)
        let (all, o2) = cells.multipliedReportingOverflow(by: count)
        guard !o1, !o2 else { throw .allocationFailed(bytes: Int.max) }
        foldBlocks = try WorkBuffer<Double>(count: all)
        total = try WorkBuffer<Double>(repeating: 0, count: cells)
        foldSums = try WorkBuffer<Double>(repeating: 0, count: Allocation.cells(count, p))
        sums = try WorkBuffer<Double>(repeating: 0, count: p)
        self.foldWeights = foldWeights
        weight = foldWeights.reduce(0, +)
    }

    /// The blocks, or nil where they do not apply (sparse X, another datafit or solver, folds
    /// that leave samples out, a fold path that would not use the Gram, or p²·(count + threads)
    /// above 2^26 values).
    @inlinable
    static func blocks<T: BinaryFloatingPoint>(
        _ design: DesignMatrix<T>, n: Int, p: Int, sampleWeight: UnsafeBufferPointer<T>?, features: FeatureOptions,
        spec: ModelSpec, options: FitOptions, folds: CrossValidationFolds, smallestAlpha: Double, threads: Int
    ) throws(SwiftRegError) -> SharedGram? {
        guard case let .dense(xs, .columnMajor) = design, p > 0, spec.loss == .squared, spec.penalty != .none,
              options.solver == .auto || options.solver == .coordinateDescent,
              features.allowsElasticNetFastPath(alpha: smallestAlpha), options.precompute != .residual
        else { return nil }
        let K = folds.count
        var foldOf = try Allocation.array(repeating: -1, count: n)
        var held = try Allocation.array(repeating: 0, count: K)
        for k in 0..<K {
            for i in 0..<n {
                switch folds.role(k, i) {
                case .unused: return nil
                case .test:
                    if foldOf[i] >= 0 { return nil }
                    foldOf[i] = k
                    held[k] += 1
                case .train: break
                }
            }
        }
        guard !foldOf.contains(-1) else { return nil }
        let smallestTrain = n - (held.max() ?? 0)
        if options.precompute == .auto, options.precompute.resolved(nSamples: smallestTrain, nFeatures: p) != .gram { return nil }
        guard p * p * (K + Swift.max(1, threads) + 1) <= 1 << 26 else { return nil }
        let x = xs.baseAddress!
        let s: (Int) -> Double = { i in sampleWeight.map { Double($0[i]) } ?? 1 }
        var foldWeights = try Allocation.array(repeating: 0.0, count: K)
        for i in 0..<n { foldWeights[foldOf[i]] += s(i) }
        let shared = try SharedGram(p: p, count: K, intercept: spec.fitIntercept, foldWeights: foldWeights)
        // c: the weighted means of all the samples (0 without an intercept).
        var c = try Allocation.array(repeating: 0.0, count: p)
        if spec.fitIntercept {
            let total = foldWeights.reduce(0, +)
            for j in 0..<p {
                let col = x + j * n
                c[j] = blockSum(0, n) { s($0) * Double(col[$0]) } / total
            }
        }
        var rows: [[Int]] = []
        try Allocation.reserve(&rows, K)
        for k in 0..<K {
            var r: [Int] = []
            try Allocation.reserve(&r, held[k])
            for i in 0..<n where foldOf[i] == k { r.append(i) }
            rows.append(r)
        }
        let failure = Mutex<SwiftRegError?>(nil)
        let work = UncheckedSendable((x, sampleWeight, shared, c, rows))
        try options.interrupt.check()
        CrossValidation.parallelFor(K, threads: threads) { k in
            let (x, sampleWeight, shared, c, rows) = work.value
            do throws(SwiftRegError) {
                let r = rows[k], nk = r.count
                // B = √sᵢ·x′ᵢⱼ over the fold's rows (nk × p, column-major).
                let b = try WorkBuffer<Double>(count: Allocation.cells(nk, p)), u = try WorkBuffer<Double>(count: p)
                let cols = try WorkBuffer<Int>(count: p)
                let roots = try Allocation.array(count: nk) { t in sampleWeight.map { Double($0[r[t]]).squareRoot() } ?? 1 }
                for j in 0..<p {
                    let col = x + j * n, dst = b.base + j * nk
                    for (t, i) in r.enumerated() { dst[t] = roots[t] * (Double(col[i]) - c[j]) }
                }
                let block = shared.foldBlocks.base + k * p * p, sum = shared.foldSums.base + k * p
                for j in 0..<p {
                    try options.interrupt.check()
                    let bj = b.base + j * nk
                    sum[j] = blockSum(0, nk) { roots[$0] * bj[$0] }
                    let m = p - j
                    for a in 0..<m { cols[a] = j + a }
                    ColumnKernels.gramEntries(UnsafePointer(b.base), nk, columns: UnsafeBufferPointer(start: cols.base, count: m),
                                              UnsafePointer(bj), u.base)
                    for l in j..<p { block[j * p + l] = u[l]; block[l * p + j] = u[l] }
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        for k in 0..<K {
            let block = shared.foldBlocks.base + k * p * p, sum = shared.foldSums.base + k * p
            for c in 0..<(p * p) { shared.total[c] += block[c] }
            for j in 0..<p { shared.sums[j] += sum[j] }
        }
        return shared
    }

    /// Fold k's training Gram (see the type); nil: the Gram of all the samples.
    @inlinable
    func trainingGram(fold k: Int?) throws(SwiftRegError) -> WorkBuffer<Double> {
        let g = try WorkBuffer<Double>(count: p * p)
        let zero = try WorkBuffer<Double>(repeating: 0, count: k == nil ? p * p : 0)
        let block = k.map { foldBlocks.base + $0 * p * p } ?? zero.base
        let sum = k.map { foldSums.base + $0 * p } ?? zero.base
        let s = weight - (k.map { foldWeights[$0] } ?? 0)
        for j in 0..<p {
            let mj = sums[j] - sum[j]
            for l in 0..<p {
                var v = total[j * p + l] - block[j * p + l]
                if intercept { v -= mj * (sums[l] - sum[l]) / s }
                g[j * p + l] = v
            }
        }
        return g
    }
}
