import CSwiftReg
import SwiftRegCore

// The C ABI of the general models (sr_fit_options_init, sr_fit_*, sr_path_*): see the "Every
// loss with every penalty" section of swiftreg.h. The structs are read field by field into the
// core's ModelSpec / FitOptions / FeatureOptions; results are written only after the core
// call has succeeded.

/// The C progress callback: int32_t (*)(int64_t done, int64_t total, void *ctx); non-zero stops.
public typealias ProgressCallback = @convention(c) (Int64, Int64, UnsafeMutableRawPointer?) -> Int32

/// A C enum code as a Swift enum, naming the argument when it is out of range.
@inline(__always)
func code<E: RawRepresentable>(_ value: Int32, _ name: String, as _: E.Type) throws(SwiftRegError) -> E where E.RawValue == Int {
    guard let e = E(rawValue: Int(value)) else {
        throw .invalidArgument(argument: name, value: Double(value), requirement: "one of the SR_* codes documented for it")
    }
    return e
}

/// A struct pointer whose `size` field covers at least the fields this library knows.
@inline(__always)
func structure<S>(_ p: UnsafePointer<S>?, _ name: String, size: (S) -> Int64) throws(SwiftRegError) -> S {
    guard let p else { throw .nullPointer(argument: name) }
    let value = p.pointee
    guard size(value) >= Int64(MemoryLayout<S>.size) else {
        throw .invalidArgument(
            argument: "\(name)->size", value: Double(size(value)), requirement: ">= \(MemoryLayout<S>.size) (sizeof the struct)")
    }
    return value
}

/// A byte range with the argument name it is reported under.
struct NamedRange {
    let start: UInt, end: UInt, name: String

    init?<E>(_ p: UnsafePointer<E>?, _ count: Int, _ name: String) {
        guard let p, count > 0 else { return nil }
        start = UInt(bitPattern: p)
        end = start + UInt(count * MemoryLayout<E>.stride)
        self.name = name
    }

    init?<E>(_ p: UnsafeMutablePointer<E>?, _ count: Int, _ name: String) {
        self.init(UnsafePointer(p), count, name)
    }

    func overlaps(_ o: NamedRange) -> Bool { start < o.end && o.start < end }
}

/// Outputs must not share an element with each other or with any input
/// (SR_ERR_OVERLAP naming both).
func requireDisjoint(outputs: [NamedRange?], inputs: [NamedRange?]) throws(SwiftRegError) {
    let outs = outputs.compactMap { $0 }, ins = inputs.compactMap { $0 }
    for (i, a) in outs.enumerated() {
        for b in outs[(i + 1)...] where a.overlaps(b) { throw .overlap(first: a.name, second: b.name) }
        for b in ins where a.overlaps(b) { throw .overlap(first: a.name, second: b.name) }
    }
}

/// The caller's input arrays of a fit: the problem's arrays and the per-feature options.
func inputRanges<T>(_ problem: Problem<T>, options o: sr_fit_options) -> [NamedRange?] {
    let p = problem.p
    return problem.ranges + [
        NamedRange(o.l1_factor, p, "l1_factor"), NamedRange(o.l2_factor, p, "l2_factor"),
        NamedRange(o.lower_bounds, p, "lower_bounds"), NamedRange(o.upper_bounds, p, "upper_bounds")]
}

/// The core's description of a model from the C options.
@inline(__always)
func modelOptions(_ o: sr_fit_options) throws(SwiftRegError) -> (ModelSpec, FitOptions) {
    let spec = ModelSpec(
        loss: try code(o.loss, "loss", as: LossKind.self), delta: o.delta, quantile: o.quantile,
        penalty: try code(o.penalty, "penalty", as: PenaltyKind.self), alpha: o.alpha, l1Ratio: o.l1_ratio,
        fitIntercept: o.fit_intercept != 0)
    let options = FitOptions(
        solver: try code(o.solver, "solver", as: ModelSolver.self), maxIter: Int(clamping: o.max_iter), tol: o.tol,
        selection: try code(o.selection, "selection", as: CoordinateSelection.self), seed: o.seed,
        precompute: try code(o.precompute, "precompute", as: GramMode.self), learningRate: o.learning_rate)
    return (spec, options)
}

@inline(__always)
func featureOptions(_ o: sr_fit_options, _ p: Int) -> FeatureOptions {
    FeatureOptions(
        l1Factor: optionalInput(o.l1_factor, p), l2Factor: optionalInput(o.l2_factor, p),
        lower: optionalInput(o.lower_bounds, p), upper: optionalInput(o.upper_bounds, p))
}

/// The fields of sr_problem_f64 / sr_problem_f32 (they differ only in the value type).
protocol ProblemFields {
    associatedtype Value: BinaryFloatingPoint
    init()
    var size: Int64 { get }
    var n_samples: Int64 { get }
    var n_features: Int64 { get }
    var layout: Int32 { get }
    var X: UnsafePointer<Value>! { get }
    var y: UnsafePointer<Value>! { get }
    var sample_weight: UnsafePointer<Value>! { get }
    var nnz: Int64 { get }
    var indptr: UnsafePointer<Int64>! { get }
    var indices: UnsafeRawPointer! { get }
    var index_type: Int32 { get }
    /// The size of the dense fields (the struct before the sparse form was appended).
    static var denseSize: Int { get }
}
extension sr_problem_f64: ProblemFields {
    static var denseSize: Int { MemoryLayout<sr_problem_f64>.offset(of: \.nnz)! }
}
extension sr_problem_f32: ProblemFields {
    static var denseSize: Int { MemoryLayout<sr_problem_f32>.offset(of: \.nnz)! }
}

/// The validated problem: X in the core's form, y, the weights, and the caller's arrays as
/// byte ranges (for the overlap checks).
struct Problem<T: BinaryFloatingPoint> {
    let design: DesignMatrix<T>
    let y: UnsafeBufferPointer<T>
    let sampleWeight: UnsafeBufferPointer<T>?
    let n: Int, p: Int
    let ranges: [NamedRange?]
}

/// Reads the caller's sr_problem: its `size` must cover the dense fields (the struct of
/// versions before the sparse form), and all of them for SR_LAYOUT_CSC. Only `size` bytes are
/// read.
@inline(__always)
func problem<S: ProblemFields>(_ pointer: UnsafePointer<S>?) throws(SwiftRegError) -> Problem<S.Value> {
    guard let pointer else { throw .nullPointer(argument: "problem") }
    let size = UnsafeRawPointer(pointer).load(as: Int64.self)
    let full = MemoryLayout<S>.size, dense = S.denseSize
    guard size >= Int64(dense) else {
        throw .invalidArgument(argument: "problem->size", value: Double(size), requirement: ">= \(dense) (sizeof the struct)")
    }
    var pr = S()
    withUnsafeMutableBytes(of: &pr) { raw in
        raw.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: Swift.min(Int(clamping: size), full)))
    }
    let n = try length(pr.n_samples, "problem->n_samples"), p = try length(pr.n_features, "problem->n_features")
    let y = try input(pr.y, n, "y"), sw = optionalInput(pr.sample_weight, n)
    let common = [NamedRange(pr.y, n, "y"), NamedRange(pr.sample_weight, n, "sample_weight")]
    if pr.layout == 2 {   // SR_LAYOUT_CSC
        guard size >= Int64(full) else {
            throw .invalidArgument(
                argument: "problem->size", value: Double(size), requirement: ">= \(full) (sizeof the struct) for SR_LAYOUT_CSC")
        }
        let nnz = try length(pr.nnz, "problem->nnz")
        let (pointers, overflow) = p.addingReportingOverflow(1)
        guard !overflow else { throw .invalidLength(argument: "n_features + 1", value: -1) }
        _ = try input(pr.indptr, pointers, "indptr")
        let rows64: UnsafePointer<Int64>?, rows32: UnsafePointer<Int32>?, indexBytes: Int
        switch pr.index_type {
        case 0:
            rows64 = pr.indices.map { $0.assumingMemoryBound(to: Int64.self) }; rows32 = nil; indexBytes = 8
        case 1:
            rows32 = pr.indices.map { $0.assumingMemoryBound(to: Int32.self) }; rows64 = nil; indexBytes = 4
        default:
            throw .invalidArgument(
                argument: "problem->index_type", value: Double(pr.index_type), requirement: "SR_INDEX_INT64 (0) or SR_INDEX_INT32 (1)")
        }
        if nnz > 0, pr.indices == nil { throw .nullPointer(argument: "indices") }
        _ = try input(pr.X, nnz, "X")
        let x = try SparseColumns(
            nSamples: n, nFeatures: p, nnz: nnz, values: pr.X, indptr: pr.indptr, rows64: rows64, rows32: rows32)
        let (indexSpan, spanOverflow) = nnz.multipliedReportingOverflow(by: indexBytes)
        guard !spanOverflow else { throw .invalidLength(argument: "nnz", value: -1) }
        let indexRange = NamedRange(pr.indices.map { $0.assumingMemoryBound(to: UInt8.self) }, indexSpan, "indices")
        return Problem(
            design: .sparse(x), y: y, sampleWeight: sw, n: n, p: p,
            ranges: [NamedRange(pr.X, nnz, "X"), NamedRange(pr.indptr, pointers, "indptr"), indexRange] + common)
    }
    let (cells, overflow) = n.multipliedReportingOverflow(by: p)
    guard !overflow else { throw .invalidLength(argument: "n_samples * n_features", value: -1) }
    let order = try code(pr.layout, "problem->layout", as: MatrixLayout.self)
    return Problem(
        design: .dense(try input(pr.X, cells, "X"), order), y: y, sampleWeight: sw, n: n, p: p,
        ranges: [NamedRange(pr.X, cells, "X")] + common)
}

@_cdecl("sr_fit_options_init")
public func sr_fit_options_init(_ options: UnsafeMutablePointer<sr_fit_options>?, _ size: Int64) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        guard let options else { throw .nullPointer(argument: "options") }
        let known = MemoryLayout<sr_fit_options>.size
        guard size >= Int64(known) else {
            throw .invalidArgument(argument: "size", value: Double(size), requirement: ">= \(known) (sizeof(sr_fit_options))")
        }
        let raw = UnsafeMutableRawPointer(options)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: Int(size))
        var o = sr_fit_options()
        o.size = size
        o.loss = Int32(LossKind.squared.rawValue)
        o.penalty = Int32(PenaltyKind.l1.rawValue)
        o.alpha = 1
        o.l1_ratio = 0.5
        o.delta = 1.35
        o.quantile = 0.5
        o.fit_intercept = 1
        o.solver = Int32(ModelSolver.auto.rawValue)
        o.max_iter = 1000
        o.tol = 1e-4
        options.pointee = o
    }
}

/// Fits from the C structs and writes coef; the caller writes the scalar results.
@inline(__always)
func fitExport<T: BinaryFloatingPoint>(
    _ problem: Problem<T>, options: sr_fit_options, coef: UnsafeMutablePointer<T>?
) throws(SwiftRegError) -> ModelFit {
    let p = problem.p
    let (spec, fitOptions) = try modelOptions(options)
    let coefOut = try output(coef, p, "result->coef")
    try requireDisjoint(outputs: [NamedRange(coef, p, "result->coef")], inputs: inputRanges(problem, options: options))
    let fit = try RegularizedModel.fit(
        problem.design, y: problem.y, nSamples: problem.n, nFeatures: p, sampleWeight: problem.sampleWeight,
        features: featureOptions(options, p), spec: spec, options: fitOptions,
        warmStart: options.warm_start != 0 ? UnsafeBufferPointer(coefOut) : nil)
    for j in 0..<p { coefOut[j] = T(fit.coef[j]) }
    return fit
}

/// The two result structs (they differ only in coef's type): the scalar fields one fit writes.
protocol FitResultFields {
    var intercept: Double { get set }
    var objective: Double { get set }
    var dual_gap: Double { get set }
    var gap_tol: Double { get set }
    var n_iter: Int64 { get set }
    var converged: Int32 { get set }
    var solver: Int32 { get set }
    var scale: Double { get set }
}
extension sr_fit_result_f64: FitResultFields {}
extension sr_fit_result_f32: FitResultFields {}

extension FitResultFields {
    mutating func record(_ fit: ModelFit) {
        intercept = fit.intercept
        objective = fit.objective
        dual_gap = fit.dualGap
        gap_tol = fit.gapTolerance
        n_iter = Int64(fit.iterations)
        converged = fit.converged ? 1 : 0
        solver = Int32(fit.solver.rawValue)
        scale = fit.scale
    }
}

@_cdecl("sr_fit_f64")
public func sr_fit_f64(
    _ problem: UnsafePointer<sr_problem_f64>?, _ options: UnsafePointer<sr_fit_options>?,
    _ result: UnsafeMutablePointer<sr_fit_result_f64>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let pr = try SwiftReg.problem(problem)
        let o = try structure(options, "options") { $0.size }
        let r = try structure(UnsafePointer(result), "result") { $0.size }
        let fit = try fitExport(pr, options: o, coef: r.coef)
        result!.pointee.record(fit)
    }
}

@_cdecl("sr_fit_f32")
public func sr_fit_f32(
    _ problem: UnsafePointer<sr_problem_f32>?, _ options: UnsafePointer<sr_fit_options>?,
    _ result: UnsafeMutablePointer<sr_fit_result_f32>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let pr = try SwiftReg.problem(problem)
        let o = try structure(options, "options") { $0.size }
        let r = try structure(UnsafePointer(result), "result") { $0.size }
        let fit = try fitExport(pr, options: o, coef: r.coef)
        result!.pointee.record(fit)
    }
}

/// The validated outputs of a path (sr_path_result_*), written only after the core call.
struct PathOutputs<T: BinaryFloatingPoint> {
    let k: Int, coefCount: Int
    let alphasView: UnsafeMutableBufferPointer<Double>, coefsView: UnsafeMutableBufferPointer<T>
    let intercepts: UnsafeMutablePointer<Double>?, objectives: UnsafeMutablePointer<Double>?
    let gaps: UnsafeMutablePointer<Double>?, gapTols: UnsafeMutablePointer<Double>?
    let iters: UnsafeMutablePointer<Int64>?, converged: UnsafeMutablePointer<Int32>?
    let given: UnsafeBufferPointer<Double>?
    let ranges: [NamedRange?]

    func write(_ path: ModelPath) {
        for i in 0..<k { alphasView[i] = path.alphas[i] }
        for i in 0..<coefCount { coefsView[i] = T(path.coef[i]) }
        for i in 0..<k {
            intercepts?[i] = path.intercepts[i]
            objectives?[i] = path.objectives[i]
            gaps?[i] = path.dualGaps[i]
            gapTols?[i] = path.gapTolerances[i]
            iters?[i] = Int64(path.iterations[i])
            converged?[i] = path.converged[i] ? 1 : 0
        }
    }
}

/// Checks a path's outputs (and the given alphas) against each other and the inputs;
/// `extraOutputs`: more outputs of the same call.
func pathOutputs<T: BinaryFloatingPoint>(
    _ problem: Problem<T>, options o: sr_fit_options, alphas: UnsafePointer<Double>?, nAlphas: Int64,
    alphasOut: UnsafeMutablePointer<Double>?, coefs: UnsafeMutablePointer<T>?,
    intercepts: UnsafeMutablePointer<Double>?, objectives: UnsafeMutablePointer<Double>?,
    gaps: UnsafeMutablePointer<Double>?, gapTols: UnsafeMutablePointer<Double>?,
    iters: UnsafeMutablePointer<Int64>?, converged: UnsafeMutablePointer<Int32>?,
    extraOutputs: (Int) -> [NamedRange?] = { _ in [] }, extraInputs: [NamedRange?] = []
) throws(SwiftRegError) -> PathOutputs<T> {
    let p = problem.p
    let k = try length(nAlphas, "result->n_alphas")
    guard k >= 1 else { throw .invalidArgument(argument: "result->n_alphas", value: 0, requirement: ">= 1") }
    let (coefCount, overflow) = p.multipliedReportingOverflow(by: k)
    guard !overflow else { throw .invalidLength(argument: "n_features * n_alphas", value: -1) }
    let alphasView = try output(alphasOut, k, "result->alphas"), coefsView = try output(coefs, coefCount, "result->coefs")
    let others = [NamedRange(coefs, coefCount, "result->coefs"), NamedRange(intercepts, k, "result->intercepts"),
                  NamedRange(objectives, k, "result->objectives"), NamedRange(gaps, k, "result->dual_gaps"),
                  NamedRange(gapTols, k, "result->gap_tols"), NamedRange(iters, k, "result->n_iters"),
                  NamedRange(converged, k, "result->converged")] + extraOutputs(k)
    let inputs = inputRanges(problem, options: o) + extraInputs
    try requireDisjoint(outputs: [NamedRange(alphasOut, k, "result->alphas")] + others, inputs: inputs)
    let given = try alphas.map { (a) throws(SwiftRegError) in try input(a, k, "alphas") }
    if let given {
        // alphas may be result->alphas itself; it must not overlap any other output.
        try requireDisjoint(outputs: [NamedRange(given.baseAddress, k, "alphas")], inputs: others)
        try Check.noPartialOverlap(given, "alphas", alphasView, "result->alphas")
    }
    return PathOutputs(
        k: k, coefCount: coefCount, alphasView: alphasView, coefsView: coefsView, intercepts: intercepts,
        objectives: objectives, gaps: gaps, gapTols: gapTols, iters: iters, converged: converged, given: given,
        ranges: others)
}

/// The C progress callback as the core's closure.
func progressClosure(_ o: sr_fit_options) -> ((Int, Int) -> Bool)? {
    o.progress.map { f in
        let context = o.progress_context
        return { done, total in f(Int64(done), Int64(total), context) == 0 }
    }
}

/// A path from the C structs; writes every requested output after the core call succeeded.
@inline(__always)
func pathExport<T: BinaryFloatingPoint>(
    _ problem: Problem<T>, options o: sr_fit_options, alphas: UnsafePointer<Double>?, eps: Double, nAlphas: Int64,
    alphasOut: UnsafeMutablePointer<Double>?, coefs: UnsafeMutablePointer<T>?,
    intercepts: UnsafeMutablePointer<Double>?, objectives: UnsafeMutablePointer<Double>?,
    gaps: UnsafeMutablePointer<Double>?, gapTols: UnsafeMutablePointer<Double>?,
    iters: UnsafeMutablePointer<Int64>?, converged: UnsafeMutablePointer<Int32>?
) throws(SwiftRegError) {
    let (spec, fitOptions) = try modelOptions(o)
    let out = try pathOutputs(
        problem, options: o, alphas: alphas, nAlphas: nAlphas, alphasOut: alphasOut, coefs: coefs,
        intercepts: intercepts, objectives: objectives, gaps: gaps, gapTols: gapTols, iters: iters, converged: converged)
    let path = try RegularizedModel.path(
        problem.design, y: problem.y, nSamples: problem.n, nFeatures: problem.p, sampleWeight: problem.sampleWeight,
        features: featureOptions(o, problem.p), spec: spec, options: fitOptions, alphas: out.given, count: out.k,
        eps: eps, progress: progressClosure(o), objectives: objectives != nil)
    out.write(path)
}

/// Cross-validation from the C structs (see sr_cv_path_f64 in swiftreg.h).
@inline(__always)
func cvExport<T: BinaryFloatingPoint, R: PathResultFields>(
    _ problem: Problem<T>, options o: sr_fit_options, alphas: UnsafePointer<Double>?, eps: Double,
    cv cvPointer: UnsafePointer<sr_cv_options>?, path r: R, result resultPointer: UnsafeMutablePointer<sr_cv_result>?
) throws(SwiftRegError) where R.Coef == T {
    let cv = try structure(cvPointer, "cv") { $0.size }
    let res = try structure(UnsafePointer(resultPointer), "result") { $0.size }
    let n = problem.n
    let K = try length(cv.n_folds, "cv->n_folds")
    guard K >= 2 else { throw .invalidArgument(argument: "cv->n_folds", value: Double(K), requirement: ">= 2") }
    guard cv.n_threads >= 0 else {
        throw .invalidArgument(argument: "cv->n_threads", value: Double(cv.n_threads), requirement: ">= 0 (0: the library's thread count)")
    }
    guard cv.foldid == nil || cv.roles == nil else {
        throw .invalidArgument(argument: "cv->roles", value: 1, requirement: "NULL when cv->foldid is given")
    }
    let (cells, overflow) = K.multipliedReportingOverflow(by: n)
    guard !overflow else { throw .invalidLength(argument: "n_folds * n_samples", value: -1) }
    // K × n_alphas fold errors (checked before their byte range is formed)
    let (errorCount, errorOverflow) = K.multipliedReportingOverflow(by: Int(clamping: Swift.max(0, r.n_alphas)))
    guard !errorOverflow, errorCount <= Int.max / MemoryLayout<Double>.stride else {
        throw .invalidLength(argument: "n_folds * n_alphas", value: -1)
    }
    let (spec, fitOptions) = try modelOptions(o)
    let out = try pathOutputs(
        problem, options: o, alphas: alphas, nAlphas: r.n_alphas, alphasOut: r.alphas, coefs: r.coefs,
        intercepts: r.intercepts, objectives: r.objectives, gaps: r.dual_gaps, gapTols: r.gap_tols, iters: r.n_iters,
        converged: r.converged,
        extraOutputs: { k in
            [NamedRange(res.fold_errors, K * k, "result->fold_errors"), NamedRange(res.cv_mean, k, "result->cv_mean"),
             NamedRange(res.cv_std, k, "result->cv_std")]
        },
        extraInputs: [NamedRange(cv.foldid, n, "cv->foldid"), NamedRange(cv.roles, cells, "cv->roles")])
    let k = out.k
    let mean = try output(res.cv_mean, k, "result->cv_mean"), std = try output(res.cv_std, k, "result->cv_std")
    let folds: CrossValidationFolds
    if let foldid = cv.foldid {
        folds = try CrossValidationFolds(foldid: (0..<n).map { Int(clamping: foldid[$0]) }, count: K)
    } else if let roles = cv.roles {
        var decoded: [CrossValidationFolds.Role] = []
        decoded.reserveCapacity(cells)
        for c in 0..<cells {
            guard let role = CrossValidationFolds.Role(rawValue: UInt8(bitPattern: roles[c])) else {
                throw .invalidArgument(argument: "cv->roles[\(c)]", value: Double(roles[c]), requirement: "SR_CV_UNUSED, SR_CV_TRAIN or SR_CV_TEST")
            }
            decoded.append(role)
        }
        folds = try CrossValidationFolds(roles: decoded, count: K, nSamples: n)
    } else {
        folds = try CrossValidationFolds(contiguous: K, nSamples: n)
    }
    let result = try CrossValidation.path(
        problem.design, y: problem.y, nSamples: n, nFeatures: problem.p, sampleWeight: problem.sampleWeight,
        features: featureOptions(o, problem.p), spec: spec, options: fitOptions, alphas: out.given, count: k, eps: eps,
        folds: folds, threads: cv.n_threads == 0 ? Parallel.threadCount : Int(cv.n_threads), progress: progressClosure(o))
    out.write(result.path)
    for i in 0..<k {
        mean[i] = result.mean[i]
        std[i] = result.standardError[i]
    }
    if let errors = res.fold_errors { for c in 0..<errorCount { errors[c] = result.foldErrors[c] } }
    resultPointer!.pointee.index_min = Int64(result.bestIndex)
    resultPointer!.pointee.index_1se = Int64(result.oneStandardErrorIndex)
}

/// The two path result structs (they differ only in coefs' type).
protocol PathResultFields {
    associatedtype Coef: BinaryFloatingPoint
    var n_alphas: Int64 { get }
    var alphas: UnsafeMutablePointer<Double>! { get }
    var coefs: UnsafeMutablePointer<Coef>! { get }
    var intercepts: UnsafeMutablePointer<Double>! { get }
    var objectives: UnsafeMutablePointer<Double>! { get }
    var dual_gaps: UnsafeMutablePointer<Double>! { get }
    var gap_tols: UnsafeMutablePointer<Double>! { get }
    var n_iters: UnsafeMutablePointer<Int64>! { get }
    var converged: UnsafeMutablePointer<Int32>! { get }
}
extension sr_path_result_f64: PathResultFields {}
extension sr_path_result_f32: PathResultFields {}

@_cdecl("sr_cv_path_f64")
public func sr_cv_path_f64(
    _ problem: UnsafePointer<sr_problem_f64>?, _ options: UnsafePointer<sr_fit_options>?,
    _ alphas: UnsafePointer<Double>?, _ eps: Double, _ cv: UnsafePointer<sr_cv_options>?,
    _ path: UnsafeMutablePointer<sr_path_result_f64>?, _ result: UnsafeMutablePointer<sr_cv_result>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let pr = try SwiftReg.problem(problem)
        let o = try structure(options, "options") { $0.size }
        let r = try structure(UnsafePointer(path), "path") { $0.size }
        try cvExport(pr, options: o, alphas: alphas, eps: eps, cv: cv, path: r, result: result)
    }
}

@_cdecl("sr_cv_path_f32")
public func sr_cv_path_f32(
    _ problem: UnsafePointer<sr_problem_f32>?, _ options: UnsafePointer<sr_fit_options>?,
    _ alphas: UnsafePointer<Double>?, _ eps: Double, _ cv: UnsafePointer<sr_cv_options>?,
    _ path: UnsafeMutablePointer<sr_path_result_f32>?, _ result: UnsafeMutablePointer<sr_cv_result>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let pr = try SwiftReg.problem(problem)
        let o = try structure(options, "options") { $0.size }
        let r = try structure(UnsafePointer(path), "path") { $0.size }
        try cvExport(pr, options: o, alphas: alphas, eps: eps, cv: cv, path: r, result: result)
    }
}

@_cdecl("sr_path_f64")
public func sr_path_f64(
    _ problem: UnsafePointer<sr_problem_f64>?, _ options: UnsafePointer<sr_fit_options>?,
    _ alphas: UnsafePointer<Double>?, _ eps: Double, _ result: UnsafeMutablePointer<sr_path_result_f64>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let pr = try SwiftReg.problem(problem)
        let o = try structure(options, "options") { $0.size }
        let r = try structure(UnsafePointer(result), "result") { $0.size }
        try pathExport(
            pr, options: o, alphas: alphas, eps: eps, nAlphas: r.n_alphas, alphasOut: r.alphas, coefs: r.coefs,
            intercepts: r.intercepts, objectives: r.objectives, gaps: r.dual_gaps, gapTols: r.gap_tols,
            iters: r.n_iters, converged: r.converged)
    }
}

@_cdecl("sr_path_f32")
public func sr_path_f32(
    _ problem: UnsafePointer<sr_problem_f32>?, _ options: UnsafePointer<sr_fit_options>?,
    _ alphas: UnsafePointer<Double>?, _ eps: Double, _ result: UnsafeMutablePointer<sr_path_result_f32>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let pr = try SwiftReg.problem(problem)
        let o = try structure(options, "options") { $0.size }
        let r = try structure(UnsafePointer(result), "result") { $0.size }
        try pathExport(
            pr, options: o, alphas: alphas, eps: eps, nAlphas: r.n_alphas, alphasOut: r.alphas, coefs: r.coefs,
            intercepts: r.intercepts, objectives: r.objectives, gaps: r.dual_gaps, gapTols: r.gap_tols,
            iters: r.n_iters, converged: r.converged)
    }
}

@_cdecl("sr_enet_gap_f64")
public func sr_enet_gap_f64(
    _ correlations: UnsafePointer<Double>?, _ coef: UnsafePointer<Double>?, _ nFeatures: Int64,
    _ residualNormSq: Double, _ residualDotY: Double, _ columnNormSq: UnsafePointer<Double>?, _ weightSum: Double,
    _ alpha: Double, _ l1Ratio: Double, _ penaltyFactor: UnsafePointer<Double>?, _ positive: Int32,
    _ unpenalisedGram: UnsafePointer<Double>?, _ nUnpenalised: Int64, _ unpenalisedQ: UnsafePointer<Double>?,
    _ gap: UnsafeMutablePointer<Double>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let p = try length(nFeatures, "n_features"), m = try length(nUnpenalised, "n_unpenalised")
        let (cells, overflow) = p.multipliedReportingOverflow(by: m)
        guard !overflow else { throw .invalidLength(argument: "n_features * n_unpenalised", value: -1) }
        let out = try output(gap, 1, "gap")
        let value = try ElasticNet.dualGap(
            correlations: try input(correlations, p, "correlations"), coef: try input(coef, p, "coef"),
            residualNormSq: residualNormSq, residualDotY: residualDotY,
            columnNormSq: try input(columnNormSq, p, "column_norm_sq"), weightSum: weightSum, alpha: alpha,
            l1Ratio: l1Ratio, penaltyFactor: optionalInput(penaltyFactor, p), positive: positive != 0,
            unpenalisedGram: optionalInput(unpenalisedGram, cells), unpenalisedQ: optionalInput(unpenalisedQ, m))
        out[0] = value
    }
}
