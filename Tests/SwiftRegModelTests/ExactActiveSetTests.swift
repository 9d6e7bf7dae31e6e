import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

/// Plain coordinate descent (no exact active-set steps) at a tight tolerance, for reference.
func coordinateDescentOnly(
    _ prob: Problem<Double>, alpha: Double, l1Ratio: Double = 1, mode: GramMode = .residual,
    penaltyFactor: [Double]? = nil, positive: Bool = false
) throws -> [Double] {
    try prob.x.withUnsafeBufferPointer { xb in
        try prob.y.withUnsafeBufferPointer { yb in
            try withOptional(penaltyFactor) { pb in
                let data = try CenteredDesign(x: xb, y: yb, nSamples: prob.n, nFeatures: prob.p, sampleWeight: nil, fitIntercept: true)
                let w = try WorkBuffer<Double>(repeating: 0, count: prob.p)
                func run<E: CoordinateEngine>(_ engine: E) throws -> [Double] {
                    let cd = try CoordinateDescent(
                        data: data, engine: engine, w: w, penaltyFactor: pb?.baseAddress, positive: positive,
                        selection: .cyclic, seed: 0)
                    cd.allowExact = false
                    let r = try cd.solve(alpha: alpha, l1Ratio: l1Ratio, maxIter: 1_000_000, tol: 1e-15)
                    #expect(r.converged)
                    return Array(UnsafeBufferPointer(start: w.base, count: prob.p))
                }
                return mode == .gram ? try run(CovarianceUpdates(data, w: UnsafePointer(w.base)))
                    : try run(ResidualUpdates(data, w: UnsafePointer(w.base)))
            }
        }
    }
}

func maxDifference(_ a: ArraySlice<Double>, _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
}

@Suite("Elastic net: exact active-set steps")
struct ExactActiveSetTests {
    @Test func updatableCholeskyMatchesDirectSolves() throws {
        // M = AᵀA + I for a fixed 6 × 6 A; append all, remove two, solve, compare with a fresh factor.
        let k = 6
        var a = [Double](repeating: 0, count: k * k)
        for i in 0..<(k * k) { a[i] = Double((i * 7919) % 13) - 6 }
        func m(_ i: Int, _ j: Int) -> Double {
            (0..<k).reduce(0.0) { $0 + a[$1 + i * k] * a[$1 + j * k] } + (i == j ? 1 : 0)
        }
        let f = try UpdatableCholesky(limit: k)
        var col = [Double](repeating: 0, count: k + 1)
        for j in 0..<k {
            for i in 0..<j { col[i] = m(i, j) }
            col[j] = m(j, j)
            #expect(try col.withUnsafeMutableBufferPointer { try f.append($0.baseAddress!) })
        }
        f.remove(at: 1)
        f.remove(at: 3)          // original index 4
        let kept = [0, 2, 3, 5]
        var b = kept.map { Double($0) + 1 }
        b.withUnsafeMutableBufferPointer { f.solve($0.baseAddress!) }
        for (r, i) in kept.enumerated() {
            let lhs = kept.enumerated().reduce(0.0) { $0 + m(i, $1.element) * b[$1.offset] }
            #expect(abs(lhs - (Double(i) + 1)) < 1e-9)
            _ = r
        }
        // A column in the span of the others is refused.
        let g = try UpdatableCholesky(limit: 3)
        var c0: [Double] = [4], c1: [Double] = [2, 1]
        #expect(try c0.withUnsafeMutableBufferPointer { try g.append($0.baseAddress!) })
        #expect(try !c1.withUnsafeMutableBufferPointer { try g.append($0.baseAddress!) })
    }

    @Test(arguments: [GramMode.gram, .residual])
    func agreesWithCoordinateDescent(mode: GramMode) throws {
        for (n, p) in [(80, 12), (30, 60)] {
            let prob = Problem<Double>.random(n: n, p: p, seed: 21)
            for (alpha, rho) in [(0.02, 1.0), (0.2, 1.0), (0.05, 0.6)] {
                let fit = try prob.fit(alpha: alpha, l1Ratio: rho, options: ElasticNetOptions(precompute: mode, tol: 1e-12))
                let ref = try coordinateDescentOnly(prob, alpha: alpha, l1Ratio: rho, mode: mode)
                #expect(fit.report.converged)
                #expect(fit.report.dualGap >= 0 && fit.report.dualGap <= 1e-12 * fit.report.gapTolerance / 1e-12)
                #expect(maxDifference(fit.coef[...], ref) < 1e-7, "n=\(n) p=\(p) α=\(alpha) ρ=\(rho)")
                #expect(fit.coef.map { $0 == 0 } == ref.map { $0 == 0 })
                // Exact to rounding in a few dozen reduced solves from a cold start.
                #expect(fit.report.iterations <= 60)
            }
        }
    }

    @Test func pathWithSignChangesAndDrops() throws {
        // Strongly correlated columns: along the lasso path features leave the active set
        // (a coefficient crosses zero) and some change sign.
        let prob = Problem<Double>.random(n: 25, p: 40, informative: 8, seed: 22, noise: 2)
        for mode in [GramMode.gram, .residual] {
            let path = try prob.path(count: 60, eps: 1e-4, options: ElasticNetOptions(precompute: mode, tol: 1e-12))
            var drops = 0, flips = 0
            for k in 1..<60 {
                for j in 0..<40 {
                    let a = path.coef[(k - 1) * 40 + j], b = path.coef[k * 40 + j]
                    if a != 0 && b == 0 { drops += 1 }
                    if a * b < 0 { flips += 1 }
                }
                #expect(path.reports[k].converged && path.reports[k].dualGap >= 0)
            }
            #expect(drops > 0)
            for k in stride(from: 0, to: 60, by: 7) {
                let ref = try coordinateDescentOnly(prob, alpha: path.alphas[k], mode: mode)
                #expect(maxDifference(path.coef[(k * 40)..<(k * 40 + 40)], ref) < 1e-6, "k=\(k)")
            }
            _ = flips
        }
    }

    @Test(arguments: [GramMode.gram, .residual])
    func positiveAndPenaltyFactors(mode: GramMode) throws {
        let prob = Problem<Double>.random(n: 60, p: 15, seed: 23)
        var pf = [Double](repeating: 1, count: 15)
        pf[2] = 0
        pf[5] = 0
        pf[7] = 2.5
        for positive in [false, true] {
            for alpha in [0.03, 0.3, 50.0] {
                let opts = ElasticNetOptions(positive: positive, precompute: mode, tol: 1e-12)
                let fit = try prob.fit(alpha: alpha, options: opts, penaltyFactor: pf)
                let ref = try coordinateDescentOnly(prob, alpha: alpha, mode: mode, penaltyFactor: pf, positive: positive)
                #expect(fit.report.converged && fit.report.dualGap >= 0)
                #expect(maxDifference(fit.coef[...], ref) < 1e-7, "positive=\(positive) α=\(alpha)")
                if positive { #expect(fit.coef.allSatisfy { $0 >= 0 }) }
                #expect(kktViolation(prob, fit, alpha: alpha, l1Ratio: 1, penaltyFactor: pf, positive: positive) < 1e-8)
            }
        }
    }

    @Test func collinearColumnsFallBackSafely() throws {
        // Duplicated and linearly dependent columns, and a wide design whose active set
        // reaches the rank of X̃.
        var prob = Problem<Double>.random(n: 40, p: 8, seed: 24)
        let n = prob.n
        for i in 0..<n {
            prob.x[i + 1 * n] = prob.x[i]                                  // x1 = x0
            prob.x[i + 5 * n] = prob.x[i + 2 * n] - 2 * prob.x[i + 3 * n]  // x5 = x2 − 2x3
        }
        for mode in [GramMode.gram, .residual] {
            for alpha in [0.5, 0.05, 0.001] {
                let fit = try prob.fit(alpha: alpha, options: ElasticNetOptions(precompute: mode, maxIter: 100_000, tol: 1e-10))
                #expect(fit.report.converged && fit.report.dualGap >= 0)
                #expect(kktViolation(prob, fit, alpha: alpha, l1Ratio: 1) < 1e-6)
            }
            let path = try prob.path(count: 30, eps: 1e-4, options: ElasticNetOptions(precompute: mode, maxIter: 100_000, tol: 1e-10))
            #expect(path.reports.allSatisfy { $0.converged && $0.dualGap >= 0 })
        }
        let wide = Problem<Double>.random(n: 20, p: 60, informative: 15, seed: 25)
        let path = try wide.path(count: 50, eps: 1e-4, options: ElasticNetOptions(maxIter: 100_000, tol: 1e-10))
        #expect(path.reports.allSatisfy { $0.converged && $0.dualGap >= 0 })
        #expect((0..<60).filter { path.coef[49 * 60 + $0] != 0 }.count >= 15)
    }

    @Test func float32Path() throws {
        let p64 = Problem<Double>.random(n: 200, p: 20, seed: 26)
        let p32 = Problem<Float>(n: 200, p: 20, x: p64.x.map(Float.init), y: p64.y.map(Float.init))
        for mode in [GramMode.gram, .residual] {
            let a = try p64.path(count: 20, options: ElasticNetOptions(precompute: mode, tol: 1e-12))
            let b = try p32.path(count: 20, options: ElasticNetOptions(precompute: mode, tol: 1e-6))
            #expect(b.reports.allSatisfy { $0.converged })
            for k in 0..<(20 * 20) { #expect(abs(a.coef[k] - b.coef[k]) < 1e-3 * Swift.max(1, abs(a.coef[k]))) }
        }
    }
}

@Suite("Elastic net: unpenalised features (penalty factor 0)")
struct UnpenalisedFeatureTests {
    /// Feature 3 unpenalised; its least-squares slope alone.
    func setup() -> (Problem<Double>, [Double], Double) {
        let prob = Problem<Double>.random(n: 80, p: 10, seed: 27)
        var pf = [Double](repeating: 1, count: 10)
        pf[3] = 0
        let n = Double(prob.n)
        let col = Array(prob.x[(3 * prob.n)..<(4 * prob.n)])
        let xm = col.reduce(0, +) / n, ym = prob.y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in 0..<prob.n { sxy += (col[i] - xm) * (prob.y[i] - ym); sxx += (col[i] - xm) * (col[i] - xm) }
        return (prob, pf, sxy / sxx)
    }

    @Test func farAboveAlphaMaxGivesTheUnpenalisedFit() throws {
        let (prob, pf, ols) = setup()
        // The cut-off with feature 3 unpenalised (glmnet's rule), and α_max as if every
        // feature were penalised, where the old shortcut returned all zeros.
        let cutoff = try prob.path(count: 1, penaltyFactor: pf).alphas[0]
        let unweighted = try prob.path(count: 1).alphas[0]
        for alpha in [cutoff, Swift.max(cutoff, unweighted) * 1.0001, 10 * unweighted, 1e4] {
            for mode in [GramMode.gram, .residual] {
                let fit = try prob.fit(alpha: alpha, options: ElasticNetOptions(precompute: mode, tol: 1e-12), penaltyFactor: pf)
                #expect(abs(fit.coef[3] - ols) < 1e-9 * abs(ols))
                #expect(fit.coef.enumerated().allSatisfy { $0.offset == 3 || $0.element == 0 })
                #expect(fit.report.converged && fit.report.dualGap >= 0)
                let path = try prob.path(alphas: [alpha], options: ElasticNetOptions(precompute: mode, tol: 1e-12), penaltyFactor: pf)
                #expect(abs(path.coef[3] - ols) < 1e-9 * abs(ols))
            }
        }
    }

    @Test(arguments: [ElasticNetSolver.coordinateDescent, .fista])
    func gapIsAnUpperBoundOnTheSuboptimality(solver: ElasticNetSolver) throws {
        let (prob, pf, _) = setup()
        let alpha = 0.05
        let best = try prob.fit(alpha: alpha, options: ElasticNetOptions(tol: 1e-14), penaltyFactor: pf)
        let fStar = try prob.objective(best, alpha: alpha, penaltyFactor: pf)
        for tol in [1e-2, 1e-4, 1e-8, 1e-12] {
            for maxIter in [1, 3, 10, 100_000] {
                let fit = try prob.fit(alpha: alpha, options: ElasticNetOptions(solver: solver, maxIter: maxIter, tol: tol), penaltyFactor: pf)
                let sub = try prob.objective(fit, alpha: alpha, penaltyFactor: pf) - fStar
                #expect(fit.report.dualGap >= 0, "tol=\(tol) maxIter=\(maxIter)")
                #expect(sub <= fit.report.dualGap + 1e-12 * Swift.max(1, fStar), "tol=\(tol) maxIter=\(maxIter): \(sub) > \(fit.report.dualGap)")
            }
        }
        // FISTA reaches the same answer (it used to stop at once on a negative gap).
        let fista = try prob.fit(alpha: alpha, options: ElasticNetOptions(solver: .fista, maxIter: 100_000, tol: 1e-12), penaltyFactor: pf)
        #expect(fista.report.converged && fista.report.iterations > 3)
        #expect(maxDifference(fista.coef[...], best.coef) < 1e-5)
    }

    @Test func gapWithPositiveAndUnpenalised() throws {
        let (prob, pf, _) = setup()
        let opts = ElasticNetOptions(positive: true, tol: 1e-12)
        let fit = try prob.fit(alpha: 0.05, options: opts, penaltyFactor: pf)
        #expect(fit.report.converged && fit.report.dualGap >= 0)
        #expect(kktViolation(prob, fit, alpha: 0.05, l1Ratio: 1, penaltyFactor: pf, positive: true) < 1e-8)
        let loose = try prob.fit(alpha: 0.05, options: ElasticNetOptions(positive: true, solver: .fista, maxIter: 5, tol: 1e-12), penaltyFactor: pf)
        let sub = try prob.objective(loose, alpha: 0.05, penaltyFactor: pf) - prob.objective(fit, alpha: 0.05, penaltyFactor: pf)
        #expect(loose.report.dualGap >= 0 && sub <= loose.report.dualGap + 1e-12)
    }
}
