import CSwiftReg
import SwiftRegCore

// The C ABI of least-absolute-deviation regression (sr_lad_fit_*): check the raw arguments,
// call LeastAbsoluteDeviation.fit, write the outputs only once the fit has succeeded.

@inline(__always)
func ladFitExport<T: BinaryFloatingPoint>(
    _ x: UnsafePointer<T>?, _ y: UnsafePointer<T>?, _ weight: UnsafePointer<T>?,
    _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ fitIntercept: Int32,
    _ maxIter: Int64, _ tol: Double,
    _ coef: UnsafeMutablePointer<T>?, _ intercept: UnsafeMutablePointer<T>?,
    _ objective: UnsafeMutablePointer<T>?, _ nIter: UnsafeMutablePointer<Int64>?
) -> Int32 {
    withStatus { () throws(SwiftRegError) in
        let n = try length(nSamples, "n_samples"), p = try length(nFeatures, "n_features")
        let (count, overflow) = n.multipliedReportingOverflow(by: p)
        if overflow { throw .invalidLength(argument: "n_samples * n_features", value: Int.max) }
        let xb = try input(x, count, "X"), yb = try input(y, n, "y")
        let coefOut = try output(coef, p, "coef"), interceptOut = try output(intercept, 1, "intercept")
        let objectiveOut = try output(objective, 1, "objective"), iterOut = try output(nIter, 1, "n_iter")
        try Check.disjoint(coefOut, "coef", interceptOut, "intercept")
        try Check.disjoint(coefOut, "coef", objectiveOut, "objective")
        try Check.disjoint(interceptOut, "intercept", objectiveOut, "objective")
        let fit = try LeastAbsoluteDeviation.fit(
            x: xb, y: yb, sampleWeight: optionalInput(weight, n), samples: n, features: p,
            alpha: alpha, fitIntercept: fitIntercept != 0, maxIter: Int(clamping: maxIter), tol: tol)
        for j in 0..<p { coefOut[j] = T(fit.coef[j]) }
        interceptOut[0] = T(fit.intercept)
        objectiveOut[0] = T(fit.objective)
        iterOut[0] = Int64(fit.certified ? fit.iterations : Swift.max(fit.iterations, Int(clamping: maxIter)))
    }
}

@_cdecl("sr_lad_fit_f64") public func sr_lad_fit_f64(_ x: UnsafePointer<Double>?, _ y: UnsafePointer<Double>?, _ sampleWeight: UnsafePointer<Double>?, _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ fitIntercept: Int32, _ maxIter: Int64, _ tol: Double, _ coef: UnsafeMutablePointer<Double>?, _ intercept: UnsafeMutablePointer<Double>?, _ objective: UnsafeMutablePointer<Double>?, _ nIter: UnsafeMutablePointer<Int64>?) -> Int32 { ladFitExport(x, y, sampleWeight, nSamples, nFeatures, alpha, fitIntercept, maxIter, tol, coef, intercept, objective, nIter) }
@_cdecl("sr_lad_fit_f32") public func sr_lad_fit_f32(_ x: UnsafePointer<Float>?, _ y: UnsafePointer<Float>?, _ sampleWeight: UnsafePointer<Float>?, _ nSamples: Int64, _ nFeatures: Int64, _ alpha: Double, _ fitIntercept: Int32, _ maxIter: Int64, _ tol: Double, _ coef: UnsafeMutablePointer<Float>?, _ intercept: UnsafeMutablePointer<Float>?, _ objective: UnsafeMutablePointer<Float>?, _ nIter: UnsafeMutablePointer<Int64>?) -> Int32 { ladFitExport(x, y, sampleWeight, nSamples, nFeatures, alpha, fitIntercept, maxIter, tol, coef, intercept, objective, nIter) }
