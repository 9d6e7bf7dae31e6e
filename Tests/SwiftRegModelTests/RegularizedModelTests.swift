import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

/// The general model core: closed forms, certificates and agreement with the elastic-net
/// fast path, for both float types.
@Suite("RegularizedModel: every loss with every penalty")
struct RegularizedModelTests {
    func fit<T: BinaryFloatingPoint>(
        _ problem: Problem<T>, spec: ModelSpec, tol: Double = 1e-12, weights: [T]? = nil,
        l1Factor: [Double]? = nil, l2Factor: [Double]? = nil, lower: [Double]? = nil, upper: [Double]? = nil,
        solver: ModelSolver = .auto
    ) throws -> ModelFit {
        try problem.x.withUnsafeBufferPointer { xb in
            try problem.y.withUnsafeBufferPointer { yb in
                try withOptional(weights) { wb in
                    try withOptional(l1Factor) { f in
                        try withOptional(l2Factor) { g in
                            try withOptional(lower) { lo in
                                try withOptional(upper) { hi in
                                    try RegularizedModel.fit(
                                        x: xb, y: yb, nSamples: problem.n, nFeatures: problem.p, sampleWeight: wb,
                                        features: FeatureOptions(l1Factor: f, l2Factor: g, lower: lo, upper: hi),
                                        spec: spec, options: FitOptions(solver: solver, maxIter: 100_000, tol: tol))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("orthonormal design, squared loss + elastic net with bounds: the clipped soft-threshold")
    func orthogonalClosedForm() throws {
        // Columns e₀·√n, e₁·√n, …: (1/n)·Σxᵢⱼ² = 1, so wⱼ = clip(soft(x̃ⱼᵀy/n, λⱼ)/(1 + μⱼ), lⱼ, uⱼ).
        let n = 8, p = 4
        var x = [Double](repeating: 0, count: n * p)
        for j in 0..<p { x[j + j * n] = Double(n).squareRoot() }
        let y: [Double] = [3, -2, 0.5, 1, 0, 0, 0, 0]
        let problem = Problem<Double>(n: n, p: p, x: x, y: y)
        let alpha = 0.2, rho = 0.5
        let lower: [Double] = [-0.1, -.infinity, 0, -1], upper: [Double] = [0.3, .infinity, .infinity, 1]
        let f = [1.0, 2.0, 0.0, 1.0], g = [1.0, 0.5, 1.0, 3.0]
        let result = try fit(
            problem, spec: ModelSpec(loss: .squared, penalty: .elasticNet, alpha: alpha, l1Ratio: rho, fitIntercept: false),
            l1Factor: f, l2Factor: g, lower: lower, upper: upper)
        for j in 0..<p {
            let z = x[j + j * n] * y[j] / Double(n)
            let lambda = alpha * rho * f[j], mu = alpha * (1 - rho) * g[j]
            let soft = max(z - lambda, 0) + min(z + lambda, 0)
            let expected = min(max(soft / (1 + mu), lower[j]), upper[j])
            #expect(abs(result.coef[j] - expected) <= 1e-12 * max(1, abs(expected)), "feature \(j)")
        }
        #expect(result.dualGap >= 0 && result.dualGap <= result.gapTolerance)
    }

    @Test("p = 0: the Huber location with an intercept is the root of Σ clip(yᵢ − b, ±δ) = 0")
    func huberLocation() throws {
        let y: [Double] = [0, 0.1, 0.2, 0.3, 10, -7]
        let problem = Problem<Double>(n: y.count, p: 0, x: [], y: y)
        let result = try fit(problem, spec: ModelSpec(loss: .huber, delta: 0.5, penalty: .none))
        let b = result.intercept
        let score = y.reduce(0) { $0 + min(max($1 - b, -0.5), 0.5) }
        #expect(abs(score) <= 1e-9)
        #expect(result.converged)
    }

    @Test("squared loss: the general coordinate descent agrees with the elastic-net fast path", arguments: [0.0, 0.5, 1.0])
    func squaredAgreesWithFastPath(rho: Double) throws {
        let problem = Problem<Double>.random(n: 60, p: 12, seed: 7)
        let spec = ModelSpec(loss: .squared, penalty: .elasticNet, alpha: 0.3, l1Ratio: rho)
        let fast = try fit(problem, spec: spec)
        // Distinct (but equal-valued) L2 factors force the general solver.
        let general = try fit(problem, spec: spec, l2Factor: [Double](repeating: 1, count: 12))
        #expect(abs(fast.objective - general.objective) <= 1e-10 * abs(fast.objective))
        for j in 0..<12 { #expect(abs(fast.coef[j] - general.coef[j]) <= 1e-6 * max(1, abs(fast.coef[j]))) }
        #expect(general.dualGap <= general.gapTolerance)
    }

    @Test("Huber + L1 on float32 and float64: certified, bounds exact, weights honoured")
    func huberCertified() throws {
        let p64 = Problem<Double>.random(n: 80, p: 10, seed: 3)
        let p32 = Problem<Float>(n: p64.n, p: p64.p, x: p64.x.map(Float.init), y: p64.y.map(Float.init))
        var weights = [Double](repeating: 1, count: 80)
        for i in stride(from: 0, to: 80, by: 7) { weights[i] = 0 }
        let lower = [Double](repeating: -0.2, count: 10), upper = [Double](repeating: 1.5, count: 10)
        let spec = ModelSpec(loss: .huber, delta: 1, penalty: .l1, alpha: 0.05)
        let a = try fit(p64, spec: spec, weights: weights, lower: lower, upper: upper)
        let b = try fit(p32, spec: spec, tol: 1e-8, weights: weights.map(Float.init), lower: lower, upper: upper)
        for r in [a, b] {
            #expect(r.converged && r.dualGap >= 0)
            for j in 0..<10 { #expect(r.coef[j] >= -0.2 && r.coef[j] <= 1.5) }
        }
        #expect(abs(a.objective - b.objective) <= 1e-4 * abs(a.objective))
    }

    @Test("bad penalty inputs are named")
    func badInputs() throws {
        let problem = Problem<Double>.random(n: 10, p: 3, seed: 1)
        let spec = ModelSpec(loss: .squared, penalty: .l1, alpha: 1)
        #expect(throws: SwiftRegError.self) { try fit(problem, spec: spec, l1Factor: [1, -1, 1]) }
        #expect(throws: SwiftRegError.self) { try fit(problem, spec: spec, lower: [0, 2, 0], upper: [1, 1, 1]) }
        #expect(throws: SwiftRegError.self) { try fit(problem, spec: ModelSpec(loss: .huber, delta: 0, penalty: .l1)) }
        #expect(throws: SwiftRegError.self) { try fit(problem, spec: ModelSpec(loss: .huber), solver: .fista) }
        do {
            _ = try fit(problem, spec: spec, lower: [0, 2, 0], upper: [1, 1, 1])
        } catch {
            #expect((error as? SwiftRegError)?.description.contains("upper_bounds[1]") == true)
        }
    }
}
