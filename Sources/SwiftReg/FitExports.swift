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

/// The caller's sr_fit_options: its `size` must reach `progress_context` (the struct before
/// `interrupt` was appended); a size short of the whole struct reads only the fields before
/// `interrupt` (then NULL). Chosen over the generic ``structure(_:_:size:)`` for this struct.
@inline(__always)
func structure(
    _ p: UnsafePointer<sr_fit_options>?, _ name: String, size: (sr_fit_options) -> Int64
) throws(SwiftRegError) -> sr_fit_options {
    guard let p else { throw .nullPointer(argument: name) }
    let given = UnsafeRawPointer(p).load(as: Int64.self)
    let full = MemoryLayout<sr_fit_options>.size, oldest = FitOptionsLayout.oldestSize
    guard given >= Int64(oldest) else {
        throw .invalidArgument(argument: "\(name)->size", value: Double(given), requirement: ">= \(oldest) (sizeof the struct)")
    }
    var value = sr_fit_options()
    withUnsafeMutableBytes(of: &value) { raw in
        raw.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(p), count: given >= Int64(full) ? full : oldest))
    }
    return value
}

enum FitOptionsLayout {
    /// sizeof(sr_fit_options) before `interrupt` was appended: the end of `progress_context`.
    static var oldestSize: Int { MemoryLayout<sr_fit_options>.offset(of: \.interrupt)! }
}

/// The C interrupt flag as the core's ``Interruption`` (never, when NULL): true once the
/// int32_t it points to is non-zero. The flag is read, never written.
func interruption(_ o: sr_fit_options) -> Interruption {
    guard let flag = o.interrupt else { return .never }
    let address = UInt(bitPattern: flag)
    return Interruption { UnsafePointer<Int32>(bitPattern: address)!.pointee != 0 }
}

/// The caller's inputs of a fit: the problem's arrays and struct, the options struct and its
/// per-feature arrays.
func inputRanges<T>(_ problem: Problem<T>, options o: sr_fit_options, at pointer: UnsafePointer<sr_fit_options>) -> [NamedRange?] {
    let p = problem.p
    return problem.ranges + [
        NamedRange(struct: pointer, to: Int(Swift.min(Int64(MemoryLayout<sr_fit_options>.size), o.size)), "options (the sr_fit_options struct)"),
        NamedRange(o.l1_factor, p, "l1_factor"), NamedRange(o.l2_factor, p, "l2_factor"),
        NamedRange(o.lower_bounds, p, "lower_bounds"), NamedRange(o.upper_bounds, p, "upper_bounds")]
}

/// Runs a fit, path or cross-validation; an overflow inside the solver is reported under its
/// real cause, found from the arguments: an alpha near the float64 maximum, penalty factors
/// so close to 0 (or so large) that alpha_max or the penalty overflows, weights so small that
/// their products with the data underflow; else the data arrays the caller gave (X and y, and
/// sample_weight only when given).
@inline(__always)
func explainingOverflow<T, R>(
    _ problem: Problem<T>, _ o: sr_fit_options, _ body: () throws(SwiftRegError) -> R
) throws(SwiftRegError) -> R {
    do {
        return try body()
    } catch {
        guard case .overflow = error else { throw error }
        throw overflowCause(problem, o)
    }
}

func overflowCause<T>(_ problem: Problem<T>, _ o: sr_fit_options) -> SwiftRegError {
    let huge = 0x1p1000, tiny = 0x1p-1000   // about 1e301 and 1e-301
    if !(o.alpha < huge) {
        return .invalidArgument(
            argument: "alpha", value: o.alpha,
            requirement: "small enough that the penalty stays finite in float64 (the fit overflowed; rescale y or alpha)")
    }
    let p = problem.p
    for (factors, name) in [(o.l1_factor, "l1_factor"), (o.l2_factor, "l2_factor")] {
        guard let f = factors, p > 0 else { continue }
        let positive = (0..<p).map { f[$0] }.filter { $0 > 0 }
        if let smallest = positive.min(), smallest < tiny {
            return .invalidArgument(
                argument: name, value: smallest,
                requirement: "large enough that the penalty's scale (alpha_max = max_j |x_j'r| / \(name)[j]) stays finite in float64 (the smallest positive value is shown; rescale \(name) and alpha together)")
        }
        if let largest = positive.max(), largest > huge {
            return .invalidArgument(
                argument: name, value: largest,
                requirement: "small enough that alpha * \(name)[j] stays finite in float64; rescale \(name) and alpha together")
        }
    }
    if let w = problem.sampleWeight, let largest = w.map({ Double($0) }).max(), largest < tiny {
        return .invalidArgument(
            argument: "sample_weight", value: largest,
            requirement: "large enough that products of the weights with X and y do not underflow float64 (the largest weight is shown); multiply every weight by one constant: the model is the same")
    }
    return .overflow(argument: problem.sampleWeight == nil ? "X and y" : "X, y and sample_weight")
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
        precompute: try code(o.precompute, "precompute", as: GramMode.self), learningRate: o.learning_rate,
        interrupt: interruption(o))
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
    let n = try count(pr.n_samples, "problem->n_samples", minimum: 1), p = try length(pr.n_features, "problem->n_features")
    let y = try input(pr.y, n, "y"), sw = optionalInput(pr.sample_weight, n)
    let read = Swift.min(Int(clamping: size), full)
    let common = [NamedRange(pr.y, n, "y"), NamedRange(pr.sample_weight, n, "sample_weight"),
                  NamedRange(bytes: UnsafeRawPointer(pointer), read, 1, "problem (the sr_problem struct)")]
    if pr.layout == 2 {   // SR_LAYOUT_CSC
        guard size >= Int64(full) else {
            throw .invalidArgument(
                argument: "problem->size", value: Double(size), requirement: ">= \(full) (sizeof the struct) for SR_LAYOUT_CSC")
        }
        let nnz = try length(pr.nnz, "problem->nnz")
        let (pointers, overflow) = p.addingReportingOverflow(1)
        guard !overflow else { throw .lengthOverflow(expression: "n_features + 1", values: "\(p) + 1") }
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
        let indexSpan = try product(nnz, indexBytes, "the byte size of indices (nnz * \(indexBytes))")
        let indexRange = NamedRange(pr.indices.map { $0.assumingMemoryBound(to: UInt8.self) }, indexSpan, "indices")
        return Problem(
            design: .sparse(x), y: y, sampleWeight: sw, n: n, p: p,
            ranges: [NamedRange(pr.X, nnz, "X"), NamedRange(pr.indptr, pointers, "indptr"), indexRange] + common)
    }
    let cells = try product(n, p, "n_samples * n_features")
    let order = try code(pr.layout, "problem->layout", as: MatrixLayout.self)
    return Problem(
        design: .dense(try input(pr.X, cells, "X"), order), y: y, sampleWeight: sw, n: n, p: p,
        ranges: [NamedRange(pr.X, cells, "X")] + common)
}

@_cdecl("sr_fit_options_init")
public func sr_fit_options_init(_ options: UnsafeMutablePointer<sr_fit_options>?, _ size: Int64) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        guard let options else { throw .nullPointer(argument: "options") }
        // Older headers' struct (without `interrupt`) is accepted: only `size` bytes are written.
        let known = FitOptionsLayout.oldestSize
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
        withUnsafeBytes(of: &o) { src in
            raw.copyMemory(from: UnsafeRawPointer(src.baseAddress!), byteCount: Swift.min(Int(size), src.count))
        }
    }
}

/// Fits from the C structs and writes coef; the caller writes the scalar results. `outputs`:
/// the result struct's fields the call writes; `header`: its fields the call reads.
@inline(__always)
func fitExport<T: BinaryFloatingPoint>(
    _ problem: Problem<T>, options: sr_fit_options, at optionsPointer: UnsafePointer<sr_fit_options>,
    coef: UnsafeMutablePointer<T>?, outputs: [NamedRange?], header: NamedRange
) throws(SwiftRegError) -> ModelFit {
    let p = problem.p
    let (spec, fitOptions) = try modelOptions(options)
    let coefOut = try output(coef, p, "result->coef")
    try requireDisjoint(
        outputs: [NamedRange(coef, p, "result->coef")] + outputs,
        inputs: inputRanges(problem, options: options, at: optionsPointer) + [header])
    let fit = try explainingOverflow(problem, options) { () throws(SwiftRegError) in
        try RegularizedModel.fit(
            problem.design, y: problem.y, nSamples: problem.n, nFeatures: p, sampleWeight: problem.sampleWeight,
            features: featureOptions(options, p), spec: spec, options: fitOptions,
            warmStart: options.warm_start != 0 ? UnsafeBufferPointer(coefOut) : nil)
    }
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
    /// The fields `record` writes: offset, size and name.
    static var written: [(offset: Int, size: Int, name: String)] { get }
}
extension sr_fit_result_f64: FitResultFields {
    static let written = [
        field(\Self.intercept, "intercept"), field(\Self.objective, "objective"), field(\Self.dual_gap, "dual_gap"),
        field(\Self.gap_tol, "gap_tol"), field(\Self.n_iter, "n_iter"), field(\Self.converged, "converged"),
        field(\Self.solver, "solver"), field(\Self.scale, "scale")]
}
extension sr_fit_result_f32: FitResultFields {
    static let written = [
        field(\Self.intercept, "intercept"), field(\Self.objective, "objective"), field(\Self.dual_gap, "dual_gap"),
        field(\Self.gap_tol, "gap_tol"), field(\Self.n_iter, "n_iter"), field(\Self.converged, "converged"),
        field(\Self.solver, "solver"), field(\Self.scale, "scale")]
}

/// The offset, size and name (result->...) of a stored field of a result struct (a key path
/// of the concrete struct: a protocol requirement's key path has no offset).
func field<S, F>(_ key: KeyPath<S, F>, _ name: String) -> (offset: Int, size: Int, name: String) {
    (MemoryLayout<S>.offset(of: key)!, MemoryLayout<F>.size, "result->" + name)
}

/// The scalar fields of a fit result struct that the call writes (`record`), and the fields it
/// reads before them (size and coef), as byte ranges.
func resultFields<R: FitResultFields>(_ r: UnsafePointer<R>) -> (written: [NamedRange?], header: NamedRange) {
    let base = UnsafeRawPointer(r)
    let written = R.written.map { NamedRange(bytes: base + $0.offset, 1, $0.size, $0.name) }
    let first = R.written.map(\.offset).min()!
    return (written, NamedRange(struct: r, to: first, "result->size and result->coef (the fields read)"))
}

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
        let fields = resultFields(UnsafePointer(result!))
        let fit = try fitExport(pr, options: o, at: options!, coef: r.coef, outputs: fields.written, header: fields.header)
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
        let fields = resultFields(UnsafePointer(result!))
        let fit = try fitExport(pr, options: o, at: options!, coef: r.coef, outputs: fields.written, header: fields.header)
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

/// Checks a path's outputs (and the given alphas) against each other and the inputs, byte
/// range by byte range; `structs`: the caller's structs the call reads (options, the path
/// result struct, ...); `extraOutputs`: more outputs of the same call.
func pathOutputs<T: BinaryFloatingPoint>(
    _ problem: Problem<T>, options o: sr_fit_options, at optionsPointer: UnsafePointer<sr_fit_options>,
    alphas: UnsafePointer<Double>?, nAlphas: Int64,
    alphasOut: UnsafeMutablePointer<Double>?, coefs: UnsafeMutablePointer<T>?,
    intercepts: UnsafeMutablePointer<Double>?, objectives: UnsafeMutablePointer<Double>?,
    gaps: UnsafeMutablePointer<Double>?, gapTols: UnsafeMutablePointer<Double>?,
    iters: UnsafeMutablePointer<Int64>?, converged: UnsafeMutablePointer<Int32>?,
    structs: [NamedRange?], extraOutputs: (Int) -> [NamedRange?] = { _ in [] }, extraInputs: [NamedRange?] = [],
    prefix r: String = "result"
) throws(SwiftRegError) -> PathOutputs<T> {
    let p = problem.p
    let k = try count(nAlphas, "\(r)->n_alphas", minimum: 1)
    let coefCount = try product(p, k, "n_features * n_alphas")
    let alphasView = try output(alphasOut, k, "\(r)->alphas"), coefsView = try output(coefs, coefCount, "\(r)->coefs")
    let others = [NamedRange(coefs, coefCount, "\(r)->coefs"), NamedRange(intercepts, k, "\(r)->intercepts"),
                  NamedRange(objectives, k, "\(r)->objectives"), NamedRange(gaps, k, "\(r)->dual_gaps"),
                  NamedRange(gapTols, k, "\(r)->gap_tols"), NamedRange(iters, k, "\(r)->n_iters"),
                  NamedRange(converged, k, "\(r)->converged")] + extraOutputs(k)
    let inputs = inputRanges(problem, options: o, at: optionsPointer) + structs + extraInputs
    try requireDisjoint(outputs: [NamedRange(alphasOut, k, "\(r)->alphas")] + others, inputs: inputs)
    let given = try alphas.map { (a) throws(SwiftRegError) in try input(a, k, "alphas") }
    if let given {
        // alphas may be the result's alphas array itself; it must not overlap any other output.
        try requireDisjoint(outputs: [NamedRange(given.baseAddress, k, "alphas")], inputs: others)
        try Check.noPartialOverlap(given, "alphas", alphasView, "\(r)->alphas")
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
    _ problem: Problem<T>, options o: sr_fit_options, at optionsPointer: UnsafePointer<sr_fit_options>,
    structs: [NamedRange?], alphas: UnsafePointer<Double>?, eps: Double, nAlphas: Int64,
    alphasOut: UnsafeMutablePointer<Double>?, coefs: UnsafeMutablePointer<T>?,
    intercepts: UnsafeMutablePointer<Double>?, objectives: UnsafeMutablePointer<Double>?,
    gaps: UnsafeMutablePointer<Double>?, gapTols: UnsafeMutablePointer<Double>?,
    iters: UnsafeMutablePointer<Int64>?, converged: UnsafeMutablePointer<Int32>?
) throws(SwiftRegError) {
    let (spec, fitOptions) = try modelOptions(o)
    let out = try pathOutputs(
        problem, options: o, at: optionsPointer, alphas: alphas, nAlphas: nAlphas, alphasOut: alphasOut, coefs: coefs,
        intercepts: intercepts, objectives: objectives, gaps: gaps, gapTols: gapTols, iters: iters, converged: converged,
        structs: structs)
    let path = try explainingOverflow(problem, o) { () throws(SwiftRegError) in
        try RegularizedModel.path(
            problem.design, y: problem.y, nSamples: problem.n, nFeatures: problem.p, sampleWeight: problem.sampleWeight,
            features: featureOptions(o, problem.p), spec: spec, options: fitOptions, alphas: out.given, count: out.k,
            eps: eps, progress: progressClosure(o), objectives: objectives != nil)
    }
    out.write(path)
}

/// Cross-validation from the C structs (see sr_cv_path_f64 in swiftreg.h).
@inline(__always)
func cvExport<T: BinaryFloatingPoint, R: PathResultFields>(
    _ problem: Problem<T>, options o: sr_fit_options, at optionsPointer: UnsafePointer<sr_fit_options>,
    alphas: UnsafePointer<Double>?, eps: Double, cv cvPointer: UnsafePointer<sr_cv_options>?, path r: R,
    at pathPointer: UnsafePointer<R>, result resultPointer: UnsafeMutablePointer<sr_cv_result>?
) throws(SwiftRegError) where R.Coef == T {
    let cv = try structure(cvPointer, "cv") { $0.size }
    let res = try structure(UnsafePointer(resultPointer), "result") { $0.size }
    let n = problem.n
    let K = try count(cv.n_folds, "cv->n_folds", minimum: 2)
    guard cv.n_threads >= 0 else {
        throw .invalidArgument(argument: "cv->n_threads", value: Double(cv.n_threads), requirement: ">= 0 (0: the library's thread count)")
    }
    guard cv.foldid == nil || cv.roles == nil else {
        throw .invalidArgument(argument: "cv->roles", value: 1, requirement: "NULL when cv->foldid is given")
    }
    let cells = try product(K, n, "n_folds * n_samples")
    // K × n_alphas fold errors (checked before their byte range is formed)
    let errorCells = try product(K, Int(clamping: Swift.max(0, r.n_alphas)), "n_folds * n_alphas")
    guard errorCells <= Int.max / MemoryLayout<Double>.stride else {
        throw .lengthOverflow(expression: "n_folds * n_alphas * sizeof(double)", values: "\(K) * \(r.n_alphas) * 8")
    }
    let (spec, fitOptions) = try modelOptions(o)
    let resultPointerRead = UnsafePointer(resultPointer!)
    let out = try pathOutputs(
        problem, options: o, at: optionsPointer, alphas: alphas, nAlphas: r.n_alphas, alphasOut: r.alphas,
        coefs: r.coefs, intercepts: r.intercepts, objectives: r.objectives, gaps: r.dual_gaps, gapTols: r.gap_tols,
        iters: r.n_iters, converged: r.converged,
        structs: [
            NamedRange(struct: pathPointer, "path (the sr_path_result struct)"),
            NamedRange(struct: cvPointer!, "cv (the sr_cv_options struct)"),
            NamedRange(struct: resultPointerRead, to: MemoryLayout<sr_cv_result>.offset(of: \.index_min)!,
                       "result->size, fold_errors, cv_mean and cv_std (the fields read)")],
        extraOutputs: { k in
            [NamedRange(res.fold_errors, K * k, "result->fold_errors"), NamedRange(res.cv_mean, k, "result->cv_mean"),
             NamedRange(res.cv_std, k, "result->cv_std"),
             NamedRange(field: \sr_cv_result.index_min, of: resultPointerRead, "result->index_min"),
             NamedRange(field: \sr_cv_result.index_1se, of: resultPointerRead, "result->index_1se")]
        },
        extraInputs: [NamedRange(cv.foldid, n, "cv->foldid"), NamedRange(cv.roles, cells, "cv->roles")], prefix: "path")
    let k = out.k
    let mean = try output(res.cv_mean, k, "result->cv_mean"), std = try output(res.cv_std, k, "result->cv_std")
    let folds: CrossValidationFolds
    if let foldid = cv.foldid {
        folds = try CrossValidationFolds(foldid: Allocation.array(count: n) { Int(clamping: foldid[$0]) }, count: K)
    } else if let roles = cv.roles {
        var decoded: [CrossValidationFolds.Role] = []
        try Allocation.reserve(&decoded, cells)
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
    let result = try explainingOverflow(problem, o) { () throws(SwiftRegError) in
        try CrossValidation.path(
            problem.design, y: problem.y, nSamples: n, nFeatures: problem.p, sampleWeight: problem.sampleWeight,
            features: featureOptions(o, problem.p), spec: spec, options: fitOptions, alphas: out.given, count: k, eps: eps,
            folds: folds, threads: cv.n_threads == 0 ? Parallel.threadCount : Int(cv.n_threads), progress: progressClosure(o))
    }
    out.write(result.path)
    for i in 0..<k {
        mean[i] = result.mean[i]
        std[i] = result.standardError[i]
    }
    if let errors = res.fold_errors { for c in 0..<(K * k) { errors[c] = result.foldErrors[c] } }
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
        try cvExport(
            pr, options: o, at: options!, alphas: alphas, eps: eps, cv: cv, path: r, at: UnsafePointer(path!),
            result: result)
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
        try cvExport(
            pr, options: o, at: options!, alphas: alphas, eps: eps, cv: cv, path: r, at: UnsafePointer(path!),
            result: result)
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
            pr, options: o, at: options!, structs: [NamedRange(struct: UnsafePointer(result!), "result (the sr_path_result struct)")],
            alphas: alphas, eps: eps, nAlphas: r.n_alphas, alphasOut: r.alphas, coefs: r.coefs,
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
            pr, options: o, at: options!, structs: [NamedRange(struct: UnsafePointer(result!), "result (the sr_path_result struct)")],
            alphas: alphas, eps: eps, nAlphas: r.n_alphas, alphasOut: r.alphas, coefs: r.coefs,
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
        let cells = try product(p, m, "n_features * n_unpenalised")
        let out = try output(gap, 1, "gap")
        try requireDisjoint(
            outputs: [NamedRange(gap, 1, "gap")],
            inputs: [NamedRange(correlations, p, "correlations"), NamedRange(coef, p, "coef"),
                     NamedRange(columnNormSq, p, "column_norm_sq"), NamedRange(penaltyFactor, p, "penalty_factor"),
                     NamedRange(unpenalisedGram, cells, "unpenalised_gram"), NamedRange(unpenalisedQ, m, "unpenalised_q")])
        let value = try ElasticNet.dualGap(
            correlations: try input(correlations, p, "correlations"), coef: try input(coef, p, "coef"),
            residualNormSq: residualNormSq, residualDotY: residualDotY,
            columnNormSq: try input(columnNormSq, p, "column_norm_sq"), weightSum: weightSum, alpha: alpha,
            l1Ratio: l1Ratio, penaltyFactor: optionalInput(penaltyFactor, p), positive: positive != 0,
            unpenalisedGram: optionalInput(unpenalisedGram, cells), unpenalisedQ: optionalInput(unpenalisedQ, m))
        out[0] = value
    }
}
