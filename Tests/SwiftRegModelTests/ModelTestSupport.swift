import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

/// A small deterministic problem generator (column-major X) for the model tests.
struct Problem<T: BinaryFloatingPoint> {
    var n: Int
    var p: Int
    var x: [T]
    var y: [T]

    /// Gaussian-ish X with pairwise correlation, y = X·β + noise, β sparse.
    static func random(n: Int, p: Int, informative: Int = 5, seed: UInt64 = 1, noise: Double = 0.5) -> Problem {
        var rng = RandomState(seed: seed)
        func gauss() -> Double {
            // Sum of 12 uniforms − 6: close enough to a normal for tests.
            var s = 0.0
            for _ in 0..<12 { s += Double(rng.next() >> 11) / Double(1 << 53) }
            return s - 6
        }
        var x = [T](repeating: 0, count: n * p)
        let shared = (0..<n).map { _ in gauss() }
        for j in 0..<p { for i in 0..<n { x[i + j * n] = T(gauss() + 0.3 * shared[i] + Double(j % 3)) } }
        var y = [T](repeating: 0, count: n)
        for i in 0..<n {
            var v = 1.5 + noise * gauss()
            for j in 0..<min(informative, p) { v += Double(x[i + j * n]) * (j % 2 == 0 ? 2.0 : -1.5) }
            y[i] = T(v)
        }
        return Problem(n: n, p: p, x: x, y: y)
    }

    func fit(
        alpha: Double, l1Ratio: Double = 1, options: ElasticNetOptions = ElasticNetOptions(),
        weights: [T]? = nil, penaltyFactor: [Double]? = nil, warmStart: [T]? = nil
    ) throws -> ElasticNet.Fit {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try withOptional(weights) { wb in
                    try withOptional(penaltyFactor) { pb in
                        try withOptional(warmStart) { sb in
                            try ElasticNet.fit(
                                x: xb, y: yb, nSamples: n, nFeatures: p, sampleWeight: wb, penaltyFactor: pb,
                                alpha: alpha, l1Ratio: l1Ratio, options: options, warmStart: sb)
                        }
                    }
                }
            }
        }
    }

    func objective(_ fit: ElasticNet.Fit, alpha: Double, l1Ratio: Double = 1, weights: [T]? = nil, penaltyFactor: [Double]? = nil) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try withOptional(weights) { wb in
                    try withOptional(penaltyFactor) { pb in
                        try ElasticNet.objective(
                            x: xb, y: yb, nSamples: n, nFeatures: p, sampleWeight: wb, penaltyFactor: pb,
                            alpha: alpha, l1Ratio: l1Ratio, coef: fit.coef, intercept: fit.intercept)
                    }
                }
            }
        }
    }

    func path(
        l1Ratio: Double = 1, alphas: [Double]? = nil, count: Int = 20, eps: Double = 1e-3,
        options: ElasticNetOptions = ElasticNetOptions(), penaltyFactor: [Double]? = nil,
        progress: ((Int, Int) -> Bool)? = nil
    ) throws -> ElasticNetPath.Path {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try withOptional(alphas) { ab in
                    try withOptional(penaltyFactor) { pb in
                        try ElasticNetPath.compute(
                            x: xb, y: yb, nSamples: n, nFeatures: p, penaltyFactor: pb, l1Ratio: l1Ratio,
                            alphas: ab, count: count, eps: eps, options: options, progress: progress)
                    }
                }
            }
        }
    }

    func ridge(alpha: Double, weights: [T]? = nil, fitIntercept: Bool = true) throws -> Ridge.Fit {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try withOptional(weights) { wb in
                    try Ridge.fit(x: xb, y: yb, nSamples: n, nFeatures: p, sampleWeight: wb, alpha: alpha, fitIntercept: fitIntercept)
                }
            }
        }
    }

    /// Weighted means and the gradient of the mean loss, x̃ⱼᵀr/S, at (w, b) — for KKT checks.
    func correlations(_ w: [Double], _ b: Double, weights: [T]? = nil) -> [Double] {
        var r = [Double](repeating: 0, count: n)
        var total = 0.0
        for i in 0..<n {
            var pred = b
            for j in 0..<p { pred += Double(x[i + j * n]) * w[j] }
            let s = weights.map { Double($0[i]) } ?? 1
            r[i] = s * (Double(y[i]) - pred)
            total += s
        }
        return (0..<p).map { j in (0..<n).reduce(0.0) { $0 + Double(x[$1 + j * n]) * r[$1] } / total }
    }
}

func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
    abs(a - b) <= tol * Swift.max(1, abs(a), abs(b))
}

/// The KKT conditions of the elastic net at (w, b): cⱼ − α(1−ρ)fⱼwⱼ = α·ρ·fⱼ·sign(wⱼ) for
/// wⱼ ≠ 0, |cⱼ| ≤ αρfⱼ at 0 (cⱼ = x̃ⱼᵀr/S). Returns the largest violation.
func kktViolation<T>(_ prob: Problem<T>, _ fit: ElasticNet.Fit, alpha: Double, l1Ratio: Double,
                     penaltyFactor: [Double]? = nil, positive: Bool = false, weights: [T]? = nil) -> Double {
    let c = prob.correlations(fit.coef, fit.intercept, weights: weights)
    var worst = 0.0
    for j in 0..<prob.p {
        let f = penaltyFactor?[j] ?? 1
        let g = c[j] - alpha * (1 - l1Ratio) * f * fit.coef[j]
        let bound = alpha * l1Ratio * f
        let wj = fit.coef[j]
        let v: Double
        if wj != 0 { v = abs(g - bound * (wj > 0 ? 1 : -1)) }
        else if positive { v = Swift.max(0, g - bound) }
        else { v = Swift.max(0, abs(g) - bound) }
        worst = Swift.max(worst, v)
    }
    return worst
}
