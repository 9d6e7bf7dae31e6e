import Foundation
import Testing
@testable import SwiftRegCore

// The exact pinball solver (QuantileSolver): closed forms (weighted quantiles), brute-force
// vertex enumeration, agreement with LAD at τ = ½, certified gaps and perturbation optimality
// for L2 / elastic net, bounds (active, fixed), zero weights and float32 input.

/// One solve of QuantileSolver on column-major data; w and b on the original scale.
struct QuantileRun {
    var w: [Double]
    var b: Double
    var outcome: SolverOutcome
}

func quantileSolve<T: BinaryFloatingPoint>(
    _ x: [T], _ y: [T], _ sw: [T]?, n: Int, p: Int, quantile: Double, scale: Double = 1,
    alpha: Double, l1Ratio: Double = 1, l1Factor: [Double]? = nil, lower: [Double]? = nil,
    upper: [Double]? = nil, intercept: Bool = true, maxIter: Int = 500, gapTolerance: Double = 1e-10
) throws -> QuantileRun {
    let datafit = try PinballDatafit(quantile: quantile, scale: scale)
    func opt(_ a: [Double]?, _ body: (UnsafeBufferPointer<Double>?) throws -> QuantileRun) rethrows -> QuantileRun {
        guard let a else { return try body(nil) }
        return try a.withUnsafeBufferPointer { try body($0) }
    }
    return try x.withUnsafeBufferPointer { xb in
        try y.withUnsafeBufferPointer { yb in
            try opt(l1Factor) { f in
                try opt(lower) { lo in
                    try opt(upper) { hi in
                        let penalty = try CoefficientPenalty(features: p, alpha: alpha, l1Ratio: l1Ratio, l1Factor: f, l2Factor: nil, lower: lo, upper: hi)
                        func run(_ wb: UnsafeBufferPointer<T>?) throws -> QuantileRun {
                            let data = try WeightedDesign(x: xb, y: yb, nSamples: n, nFeatures: p, sampleWeight: wb, fitIntercept: intercept)
                            let w = try WorkBuffer<Double>(repeating: 0, count: p)
                            let outcome = try QuantileSolver.minimize(datafit, data, penalty, w: w, maxIter: maxIter, gapTolerance: gapTolerance)
                            let coef = (0..<p).map { w[$0] }
                            return QuantileRun(w: coef, b: data.intercept(outcome.intercept, UnsafePointer(w.base)), outcome: outcome)
                        }
                        if let sw { return try sw.withUnsafeBufferPointer { try run($0) } }
                        return try run(nil)
                    }
                }
            }
        }
    }
}

/// (1/S)Σ sᵢ·c·ρ_τ(yᵢ − xᵢw − b) + Σ λⱼ|wⱼ| + ½μⱼwⱼ² in float64.
func quantileObjective<T: BinaryFloatingPoint>(
    _ x: [T], _ y: [T], _ sw: [T]?, n: Int, p: Int, quantile tau: Double, scale c: Double = 1,
    alpha: Double, l1Ratio: Double = 1, l1Factor: [Double]? = nil, w: [Double], b: Double
) -> Double {
    var loss = 0.0, total = 0.0
    for i in 0..<n {
        let s = sw.map { Double($0[i]) } ?? 1
        var f = b
        for j in 0..<p { f += Double(x[i + j * n]) * w[j] }
        let r = Double(y[i]) - f
        loss += s * c * (r >= 0 ? tau * r : (tau - 1) * r)
        total += s
    }
    var pen = 0.0
    for j in 0..<p {
        let f = l1Factor?[j] ?? 1
        pen += alpha * l1Ratio * f * abs(w[j]) + 0.5 * alpha * (1 - l1Ratio) * w[j] * w[j]
    }
    return loss / total + pen
}

/// The smallest yᵢ with Σ_{yⱼ ≤ yᵢ} ωⱼ ≥ τ·Σω: a minimiser of Σ ωᵢρ_τ(yᵢ − b).
func weightedQuantile(_ values: [Double], _ weights: [Double], _ tau: Double) -> Double {
    let order = values.indices.sorted { values[$0] < values[$1] }
    let target = tau * weights.reduce(0, +)
    var cum = 0.0
    for i in order {
        cum += weights[i]
        if cum >= target { return values[i] }
    }
    return values[order.last!]
}

@Suite("Quantile solver")
struct QuantileSolverTests {
    static let quantiles = [0.1, 0.5, 0.9]

    @Test("p = 0: the intercept is the weighted τ-quantile of y", arguments: quantiles)
    func interceptOnly(_ tau: Double) throws {
        for seed in UInt64(1)...4 {
            let n = 30 + Int(seed)
            let (_, y, w) = ladProblem(Double.self, n: n, p: 0, seed: seed)
            let run = try quantileSolve([Double](), y, w, n: n, p: 0, quantile: tau, alpha: 0)
            let expected = weightedQuantile(y, w!, tau)
            let f0 = quantileObjective([Double](), y, w, n: n, p: 0, quantile: tau, alpha: 0, w: [], b: run.b)
            let f1 = quantileObjective([Double](), y, w, n: n, p: 0, quantile: tau, alpha: 0, w: [], b: expected)
            #expect(abs(f0 - f1) <= 1e-12 * f1)
            #expect(abs(run.b - expected) <= 1e-10 * Swift.max(1, abs(expected)))
            #expect(run.outcome.converged && run.outcome.gap <= 1e-12 * f1)
        }
    }

    @Test("p = 1 with intercept and L1: the best of all vertices (brute force)", arguments: quantiles)
    func bruteForceVertices(_ tau: Double) throws {
        for alpha in [0.0, 0.05, 0.5] {
            let n = 24
            let (x, y, w) = ladProblem(Double.self, n: n, p: 1, seed: UInt64(40 + Int(alpha * 100)))
            let run = try quantileSolve(x, y, w, n: n, p: 1, quantile: tau, alpha: alpha)
            let f0 = quantileObjective(x, y, w, n: n, p: 1, quantile: tau, alpha: alpha, w: run.w, b: run.b)
            // The vertices: lines through two samples, and w = 0 through one sample.
            var best = Double.infinity
            for i in 0..<n {
                best = Swift.min(best, quantileObjective(x, y, w, n: n, p: 1, quantile: tau, alpha: alpha, w: [0], b: y[i]))
                for j in (i + 1)..<n where x[i] != x[j] {
                    let slope = (y[j] - y[i]) / (x[j] - x[i])
                    best = Swift.min(best, quantileObjective(x, y, w, n: n, p: 1, quantile: tau, alpha: alpha, w: [slope], b: y[i] - slope * x[i]))
                }
            }
            #expect(abs(f0 - best) <= 1e-12 * best, "tau \(tau) alpha \(alpha): \(f0) vs \(best)")
            #expect(abs(run.outcome.primal - f0) <= 1e-12 * f0)
            #expect(run.outcome.gap <= 1e-12 * f0)
        }
    }

    @Test("τ = ½, c = 2 is LAD: same objective as LeastAbsoluteDeviation.fit, and c scales it")
    func agreesWithLAD() throws {
        for (alpha, intercept) in [(0.0, true), (0.03, true), (0.1, false)] {
            let n = 150, p = 6
            let (x, y, w) = ladProblem(Double.self, n: n, p: p, seed: 11)
            let lad = try ladFit(x, y, w, n: n, p: p, alpha: alpha, intercept: intercept)
            let run = try quantileSolve(x, y, w, n: n, p: p, quantile: 0.5, scale: 2, alpha: alpha, intercept: intercept)
            #expect(abs(run.outcome.primal - lad.objective) <= 1e-12 * lad.objective)
            // c = 1 with α/2 is the same problem halved.
            let half = try quantileSolve(x, y, w, n: n, p: p, quantile: 0.5, scale: 1, alpha: alpha / 2, intercept: intercept)
            #expect(abs(2 * half.outcome.primal - lad.objective) <= 1e-12 * lad.objective)
        }
    }

    @Test("L1 (with zero and non-unit factors): certified, no better point nearby", arguments: quantiles)
    func lpOptimality(_ tau: Double) throws {
        let n = 120, p = 5
        let (x, y, w) = ladProblem(Double.self, n: n, p: p, seed: 23)
        for (alpha, factors) in [(0.0, nil), (0.05, [1.0, 0, 2, 1, 0.5]), (0.3, nil)] as [(Double, [Double]?)] {
            let run = try quantileSolve(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Factor: factors)
            let f0 = quantileObjective(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Factor: factors, w: run.w, b: run.b)
            #expect(abs(f0 - run.outcome.primal) <= 1e-12 * f0)
            #expect(run.outcome.converged && run.outcome.gap <= 1e-12 * f0)
            var rng = LADTestRNG(7)
            for trial in 0..<200 {
                let s = [1e-1, 1e-3, 1e-6][trial % 3]
                let c = run.w.map { $0 + s * rng.normal() }
                let f = quantileObjective(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Factor: factors, w: c, b: run.b + s * rng.normal())
                #expect(f0 <= f + 1e-13 * f0)
            }
        }
    }

    @Test("L2 and elastic net: gap ≤ 1e-10, optimal against perturbations, exact zeros", arguments: quantiles)
    func quadratic(_ tau: Double) throws {
        let n = 200, p = 8
        let (x, y, w) = ladProblem(Double.self, n: n, p: p, seed: 31)
        for (alpha, rho) in [(0.1, 0.0), (0.05, 0.5), (0.5, 0.9), (1e-4, 0.0)] {
            let run = try quantileSolve(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho)
            let f0 = quantileObjective(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho, w: run.w, b: run.b)
            #expect(run.outcome.gap <= 1e-10, "tau \(tau) alpha \(alpha) rho \(rho): gap \(run.outcome.gap)")
            #expect(run.outcome.converged)
            #expect(abs(f0 - run.outcome.primal) <= 1e-12 * f0)
            // KKT in directional form: no coordinate or random direction decreases the objective.
            var rng = LADTestRNG(3)
            for trial in 0..<(2 * (p + 1) + 100) {
                var c = run.w, b = run.b
                if trial < 2 * (p + 1) {
                    let j = trial / 2, s = trial % 2 == 0 ? 1e-5 : -1e-5
                    if j < p { c[j] += s } else { b += s }
                } else {
                    let s = [1e-2, 1e-4, 1e-6][trial % 3]
                    c = c.map { $0 + s * rng.normal() }
                    b += s * rng.normal()
                }
                let f = quantileObjective(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho, w: c, b: b)
                #expect(f0 <= f + 1e-10)
            }
        }
        // A large elastic-net penalty zeroes every coefficient exactly.
        let big = try quantileSolve(x, y, w, n: n, p: p, quantile: tau, alpha: 50, l1Ratio: 0.9)
        #expect(big.w.allSatisfy { $0 == 0 })
        #expect(big.outcome.gap <= 1e-10)
    }

    @Test("Bounds are respected exactly, active bounds hit exactly, fixed features stay fixed", arguments: quantiles)
    func bounds(_ tau: Double) throws {
        let n = 150, p = 6
        // ladProblem's coefficients are (−1, 0, 1, −1, 0, 1).
        let (x, y, w) = ladProblem(Double.self, n: n, p: p, seed: 37)
        let lower: [Double] = [0.0, -.infinity, -0.5, -3, 0, -.infinity]
        let upper: [Double] = [.infinity, 2, 0.5, -3, 1, 0.25]
        for (alpha, rho) in [(0.0, 1.0), (0.02, 1.0), (0.05, 0.3)] {
            let run = try quantileSolve(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho, lower: lower, upper: upper)
            for j in 0..<p { #expect(run.w[j] >= lower[j] && run.w[j] <= upper[j]) }
            #expect(run.w[0] == 0)      // wants −1: the bound is active, exactly
            #expect(run.w[3] == -3)     // fixed
            #expect(run.outcome.gap <= 1e-10, "tau \(tau) alpha \(alpha): gap \(run.outcome.gap)")
            let f0 = quantileObjective(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho, w: run.w, b: run.b)
            var rng = LADTestRNG(13)
            for trial in 0..<150 {
                let s = [1e-2, 1e-4, 1e-6][trial % 3]
                let c = (0..<p).map { j in Swift.min(Swift.max(run.w[j] + s * rng.normal(), lower[j]), upper[j]) }
                let f = quantileObjective(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho, w: c, b: run.b + s * rng.normal())
                #expect(f0 <= f + 1e-10)
            }
        }
    }

    @Test("Zero weights are dropped rows", arguments: [(0.0, 1.0), (0.05, 1.0), (0.05, 0.5)])
    func zeroWeights(_ penalty: (Double, Double)) throws {
        let (alpha, rho) = penalty
        let n = 60, p = 3, tau = 0.3
        let (x, y, w0) = ladProblem(Double.self, n: n, p: p, seed: 41)
        var w = w0!
        for i in stride(from: 0, to: n, by: 3) { w[i] = 0 }
        let kept = (0..<n).filter { w[$0] > 0 }
        var xr: [Double] = []
        for j in 0..<p { for i in kept { xr.append(x[i + j * n]) } }
        let weighted = try quantileSolve(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho)
        let dropped = try quantileSolve(xr, kept.map { y[$0] }, kept.map { w[$0] }, n: kept.count, p: p, quantile: tau, alpha: alpha, l1Ratio: rho)
        #expect(abs(weighted.outcome.primal - dropped.outcome.primal) <= 1e-11 * dropped.outcome.primal)
        for j in 0..<p { #expect(abs(weighted.w[j] - dropped.w[j]) <= 1e-6 * Swift.max(1, abs(dropped.w[j]))) }
        #expect(weighted.outcome.gap <= 1e-10)
    }

    @Test("float32 input agrees with float64", arguments: [(0.0, 1.0), (0.02, 1.0), (0.05, 0.5)])
    func float32(_ penalty: (Double, Double)) throws {
        let (alpha, rho) = penalty
        let n = 300, p = 8, tau = 0.75
        let (x, y, w) = ladProblem(Float.self, n: n, p: p, seed: 5)
        let f32 = try quantileSolve(x, y, w, n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho)
        let f64 = try quantileSolve(x.map(Double.init), y.map(Double.init), w!.map(Double.init), n: n, p: p, quantile: tau, alpha: alpha, l1Ratio: rho)
        #expect(abs(f32.outcome.primal - f64.outcome.primal) <= 1e-12 * f64.outcome.primal)
        for j in 0..<p { #expect(abs(f32.w[j] - f64.w[j]) <= 1e-8 * Swift.max(1, abs(f64.w[j]))) }
        #expect(f32.outcome.gap <= 1e-10)
    }

    @Test("No intercept, a wide design (n < p) and a rank-deficient one", arguments: quantiles)
    func awkwardDesigns(_ tau: Double) throws {
        let (xw, yw, ww) = ladProblem(Double.self, n: 6, p: 10, seed: 9)
        let wide = try quantileSolve(xw, yw, ww, n: 6, p: 10, quantile: tau, alpha: 0)
        #expect(wide.outcome.primal <= 1e-12)
        var (x, y, w) = ladProblem(Double.self, n: 40, p: 4, seed: 8)
        for i in 0..<40 { x[i + 3 * 40] = x[i + 40] }
        for (alpha, rho) in [(0.0, 1.0), (0.1, 0.5)] {
            let run = try quantileSolve(x, y, w, n: 40, p: 4, quantile: tau, alpha: alpha, l1Ratio: rho, intercept: false)
            #expect(run.b == 0)
            let f0 = quantileObjective(x, y, w, n: 40, p: 4, quantile: tau, alpha: alpha, l1Ratio: rho, w: run.w, b: 0)
            #expect(run.outcome.gap <= 1e-10 * Swift.max(1, f0), "alpha \(alpha): gap \(run.outcome.gap)")
        }
    }
}
