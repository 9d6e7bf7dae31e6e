import CSwiftReg
import SwiftRegCore

// The C ABI of the linear models (Lasso / ElasticNet / Ridge): see the "Linear models" section
// of swiftreg.h. As in Exports.swift, each _f64/_f32 pair is one line per symbol that
// instantiates one generic helper; the helpers turn raw arguments into checked views, call one
// core function and write the outputs only once it has succeeded.

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

/// Elastic-net options from the C arguments.
@inline(__always)
func enetOptions(
    fitIntercept: Int32, positive: Int32, solver: Int32, selection: Int32, seed: UInt64, precompute: Int32,
    maxIter: Int64, tol: Double, learningRate: Double
) throws(SwiftRegError) -> ElasticNetOptions {
    ElasticNetOptions(
        fitIntercept: fitIntercept != 0, positive: positive != 0,
        solver: try code(solver, "solver", as: ElasticNetSolver.self),
        selection: try code(selection, "selection", as: CoordinateSelection.self), seed: seed,
        precompute: try code(precompute, "precompute", as: GramMode.self),
        maxIter: Int(clamping: maxIter), tol: tol, learningRate: learningRate)
}

@inline(__always)
func enetFitExport<T: BinaryFloatingPoint>(
    _ x: UnsafePointer<T>?, _ y: UnsafePointer<T>?, _ sw: UnsafePointer<T>?, _ pf: UnsafePointer<Double>?,
    _ n: Int64, _ p: Int64, _ alpha: Double, _ l1Ratio: Double, _ fitIntercept: Int32, _ positive: Int32,
    _ solver: Int32, _ selection: Int32, _ seed: UInt64, _ precompute: Int32, _ maxIter: Int64, _ tol: Double,
    _ learningRate: Double, _ warmStart: Int32,
    _ coef: UnsafeMutablePointer<T>?, _ intercept: UnsafeMutablePointer<T>?, _ nIter: UnsafeMutablePointer<Int64>?,
    _ dualGap: UnsafeMutablePointer<Double>?, _ gapTol: UnsafeMutablePointer<Double>?, _ converged: UnsafeMutablePointer<Int32>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n, "n_samples"), p = try length(p, "n_features")
        let (cells, overflow) = n.multipliedReportingOverflow(by: p)
        guard !overflow else { throw .invalidLength(argument: "n_samples * n_features", value: -1) }
        let options = try enetOptions(
            fitIntercept: fitIntercept, positive: positive, solver: solver, selection: selection, seed: seed,
            precompute: precompute, maxIter: maxIter, tol: tol, learningRate: learningRate)
        let coefOut = try output(coef, p, "coef"), interceptOut = try output(intercept, 1, "intercept")
        let iterOut = try output(nIter, 1, "n_iter"), gapOut = try output(dualGap, 1, "dual_gap")
        let tolOut = try output(gapTol, 1, "gap_tol"), convOut = try output(converged, 1, "converged")
        try Check.disjoint(coefOut, "coef", interceptOut, "intercept")
        try Check.disjoint(gapOut, "dual_gap", tolOut, "gap_tol")
        let fit = try ElasticNet.fit(
            x: try input(x, cells, "X"), y: try input(y, n, "y"), nSamples: n, nFeatures: p,
            sampleWeight: optionalInput(sw, n), penaltyFactor: optionalInput(pf, p),
            alpha: alpha, l1Ratio: l1Ratio, options: options,
            warmStart: warmStart != 0 ? UnsafeBufferPointer(coefOut) : nil)
        for j in 0..<p { coefOut[j] = T(fit.coef[j]) }
        interceptOut[0] = T(fit.intercept)
        iterOut[0] = Int64(fit.report.iterations)
        gapOut[0] = fit.report.dualGap
        tolOut[0] = fit.report.gapTolerance
        convOut[0] = fit.report.converged ? 1 : 0
    }
}

@inline(__always)
func enetPathExport<T: BinaryFloatingPoint>(
    _ x: UnsafePointer<T>?, _ y: UnsafePointer<T>?, _ sw: UnsafePointer<T>?, _ pf: UnsafePointer<Double>?,
    _ n: Int64, _ p: Int64, _ l1Ratio: Double, _ alphas: UnsafePointer<Double>?, _ nAlphas: Int64, _ eps: Double,
    _ fitIntercept: Int32, _ positive: Int32, _ selection: Int32, _ seed: UInt64, _ precompute: Int32,
    _ maxIter: Int64, _ tol: Double, _ progress: ProgressCallback?, _ context: UnsafeMutableRawPointer?,
    _ alphasOut: UnsafeMutablePointer<Double>?, _ coefs: UnsafeMutablePointer<T>?, _ intercepts: UnsafeMutablePointer<T>?,
    _ dualGaps: UnsafeMutablePointer<Double>?, _ nIters: UnsafeMutablePointer<Int64>?,
    _ converged: UnsafeMutablePointer<Int32>?, _ gapTol: UnsafeMutablePointer<Double>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n, "n_samples"), p = try length(p, "n_features"), k = try length(nAlphas, "n_alphas")
        guard k >= 1 else { throw .invalidArgument(argument: "n_alphas", value: 0, requirement: ">= 1") }
        let (cells, overflow) = n.multipliedReportingOverflow(by: p)
        let (coefCount, overflow2) = p.multipliedReportingOverflow(by: k)
        guard !overflow, !overflow2 else { throw .invalidLength(argument: "n_features * n_alphas", value: -1) }
        let options = try enetOptions(
            fitIntercept: fitIntercept, positive: positive, solver: 0, selection: selection, seed: seed,
            precompute: precompute, maxIter: maxIter, tol: tol, learningRate: 0)
        let alphasOut = try output(alphasOut, k, "alphas_out"), coefsOut = try output(coefs, coefCount, "coefs")
        let interceptsOut = try output(intercepts, k, "intercepts"), gapsOut = try output(dualGaps, k, "dual_gaps")
        let itersOut = try output(nIters, k, "n_iters"), convOut = try output(converged, k, "converged")
        let tolOut = try output(gapTol, 1, "gap_tol")
        try Check.disjoint(coefsOut, "coefs", interceptsOut, "intercepts")
        try Check.disjoint(alphasOut, "alphas_out", gapsOut, "dual_gaps")
        try Check.disjoint(alphasOut, "alphas_out", tolOut, "gap_tol")
        try Check.disjoint(gapsOut, "dual_gaps", tolOut, "gap_tol")
        let given = try alphas.map { (a) throws(SwiftRegError) in try input(a, k, "alphas") }
        if let given { try Check.noPartialOverlap(given, "alphas", alphasOut, "alphas_out") }
        let callback: ((Int, Int) -> Bool)? = progress.map { f in { done, total in f(Int64(done), Int64(total), context) == 0 } }
        let path = try ElasticNetPath.compute(
            x: try input(x, cells, "X"), y: try input(y, n, "y"), nSamples: n, nFeatures: p,
            sampleWeight: optionalInput(sw, n), penaltyFactor: optionalInput(pf, p), l1Ratio: l1Ratio,
            alphas: given, count: k, eps: eps, options: options, progress: callback)
        for i in 0..<k {
            alphasOut[i] = path.alphas[i]
            interceptsOut[i] = T(path.intercepts[i])
            gapsOut[i] = path.reports[i].dualGap
            itersOut[i] = Int64(path.reports[i].iterations)
            convOut[i] = path.reports[i].converged ? 1 : 0
        }
        for i in 0..<coefCount { coefsOut[i] = T(path.coef[i]) }
        tolOut[0] = path.reports[0].gapTolerance
    }
}

@inline(__always)
func ridgeFitExport<T: BinaryFloatingPoint>(
    _ x: UnsafePointer<T>?, _ y: UnsafePointer<T>?, _ sw: UnsafePointer<T>?, _ n: Int64, _ p: Int64,
    _ alpha: Double, _ fitIntercept: Int32, _ coef: UnsafeMutablePointer<T>?, _ intercept: UnsafeMutablePointer<T>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(n, "n_samples"), p = try length(p, "n_features")
        let (cells, overflow) = n.multipliedReportingOverflow(by: p)
        guard !overflow else { throw .invalidLength(argument: "n_samples * n_features", value: -1) }
        let coefOut = try output(coef, p, "coef"), interceptOut = try output(intercept, 1, "intercept")
        try Check.disjoint(coefOut, "coef", interceptOut, "intercept")
        let fit = try Ridge.fit(
            x: try input(x, cells, "X"), y: try input(y, n, "y"), nSamples: n, nFeatures: p,
            sampleWeight: optionalInput(sw, n), alpha: alpha, fitIntercept: fitIntercept != 0)
        for j in 0..<p { coefOut[j] = T(fit.coef[j]) }
        interceptOut[0] = T(fit.intercept)
    }
}

// MARK: - Elastic net / Lasso

@_cdecl("sr_enet_fit_f64") public func sr_enet_fit_f64(_ X: UnsafePointer<Double>?, _ y: UnsafePointer<Double>?, _ sampleWeight: UnsafePointer<Double>?, _ penaltyFactor: UnsafePointer<Double>?, _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ l1Ratio: Double, _ fitIntercept: Int32, _ positive: Int32, _ solver: Int32, _ selection: Int32, _ seed: UInt64, _ precompute: Int32, _ maxIter: Int64, _ tol: Double, _ learningRate: Double, _ warmStart: Int32, _ coef: UnsafeMutablePointer<Double>?, _ intercept: UnsafeMutablePointer<Double>?, _ nIter: UnsafeMutablePointer<Int64>?, _ dualGap: UnsafeMutablePointer<Double>?, _ gapTol: UnsafeMutablePointer<Double>?, _ converged: UnsafeMutablePointer<Int32>?) -> Int32 { enetFitExport(X, y, sampleWeight, penaltyFactor, nSamples, nFeatures, alpha, l1Ratio, fitIntercept, positive, solver, selection, seed, precompute, maxIter, tol, learningRate, warmStart, coef, intercept, nIter, dualGap, gapTol, converged) }
@_cdecl("sr_enet_fit_f32") public func sr_enet_fit_f32(_ X: UnsafePointer<Float>?, _ y: UnsafePointer<Float>?, _ sampleWeight: UnsafePointer<Float>?, _ penaltyFactor: UnsafePointer<Double>?, _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ l1Ratio: Double, _ fitIntercept: Int32, _ positive: Int32, _ solver: Int32, _ selection: Int32, _ seed: UInt64, _ precompute: Int32, _ maxIter: Int64, _ tol: Double, _ learningRate: Double, _ warmStart: Int32, _ coef: UnsafeMutablePointer<Float>?, _ intercept: UnsafeMutablePointer<Float>?, _ nIter: UnsafeMutablePointer<Int64>?, _ dualGap: UnsafeMutablePointer<Double>?, _ gapTol: UnsafeMutablePointer<Double>?, _ converged: UnsafeMutablePointer<Int32>?) -> Int32 { enetFitExport(X, y, sampleWeight, penaltyFactor, nSamples, nFeatures, alpha, l1Ratio, fitIntercept, positive, solver, selection, seed, precompute, maxIter, tol, learningRate, warmStart, coef, intercept, nIter, dualGap, gapTol, converged) }

@_cdecl("sr_enet_path_f64") public func sr_enet_path_f64(_ X: UnsafePointer<Double>?, _ y: UnsafePointer<Double>?, _ sampleWeight: UnsafePointer<Double>?, _ penaltyFactor: UnsafePointer<Double>?, _ nSamples: Int64, _ nFeatures: Int64, _ l1Ratio: Double, _ alphas: UnsafePointer<Double>?, _ nAlphas: Int64, _ eps: Double, _ fitIntercept: Int32, _ positive: Int32, _ selection: Int32, _ seed: UInt64, _ precompute: Int32, _ maxIter: Int64, _ tol: Double, _ progress: ProgressCallback?, _ progressContext: UnsafeMutableRawPointer?, _ alphasOut: UnsafeMutablePointer<Double>?, _ coefs: UnsafeMutablePointer<Double>?, _ intercepts: UnsafeMutablePointer<Double>?, _ dualGaps: UnsafeMutablePointer<Double>?, _ nIters: UnsafeMutablePointer<Int64>?, _ converged: UnsafeMutablePointer<Int32>?, _ gapTol: UnsafeMutablePointer<Double>?) -> Int32 { enetPathExport(X, y, sampleWeight, penaltyFactor, nSamples, nFeatures, l1Ratio, alphas, nAlphas, eps, fitIntercept, positive, selection, seed, precompute, maxIter, tol, progress, progressContext, alphasOut, coefs, intercepts, dualGaps, nIters, converged, gapTol) }
@_cdecl("sr_enet_path_f32") public func sr_enet_path_f32(_ X: UnsafePointer<Float>?, _ y: UnsafePointer<Float>?, _ sampleWeight: UnsafePointer<Float>?, _ penaltyFactor: UnsafePointer<Double>?, _ nSamples: Int64, _ nFeatures: Int64, _ l1Ratio: Double, _ alphas: UnsafePointer<Double>?, _ nAlphas: Int64, _ eps: Double, _ fitIntercept: Int32, _ positive: Int32, _ selection: Int32, _ seed: UInt64, _ precompute: Int32, _ maxIter: Int64, _ tol: Double, _ progress: ProgressCallback?, _ progressContext: UnsafeMutableRawPointer?, _ alphasOut: UnsafeMutablePointer<Double>?, _ coefs: UnsafeMutablePointer<Float>?, _ intercepts: UnsafeMutablePointer<Float>?, _ dualGaps: UnsafeMutablePointer<Double>?, _ nIters: UnsafeMutablePointer<Int64>?, _ converged: UnsafeMutablePointer<Int32>?, _ gapTol: UnsafeMutablePointer<Double>?) -> Int32 { enetPathExport(X, y, sampleWeight, penaltyFactor, nSamples, nFeatures, l1Ratio, alphas, nAlphas, eps, fitIntercept, positive, selection, seed, precompute, maxIter, tol, progress, progressContext, alphasOut, coefs, intercepts, dualGaps, nIters, converged, gapTol) }

// MARK: - Ridge

@_cdecl("sr_ridge_fit_f64") public func sr_ridge_fit_f64(_ X: UnsafePointer<Double>?, _ y: UnsafePointer<Double>?, _ sampleWeight: UnsafePointer<Double>?, _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ fitIntercept: Int32, _ coef: UnsafeMutablePointer<Double>?, _ intercept: UnsafeMutablePointer<Double>?) -> Int32 { ridgeFitExport(X, y, sampleWeight, nSamples, nFeatures, alpha, fitIntercept, coef, intercept) }
@_cdecl("sr_ridge_fit_f32") public func sr_ridge_fit_f32(_ X: UnsafePointer<Float>?, _ y: UnsafePointer<Float>?, _ sampleWeight: UnsafePointer<Float>?, _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ fitIntercept: Int32, _ coef: UnsafeMutablePointer<Float>?, _ intercept: UnsafeMutablePointer<Float>?) -> Int32 { ridgeFitExport(X, y, sampleWeight, nSamples, nFeatures, alpha, fitIntercept, coef, intercept) }
