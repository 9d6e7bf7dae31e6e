import Testing
@testable import SwiftRegCore

/// Runs a test body for float64 and float32 storage.
func bothTypes(_ body: (any BinaryFloatingPoint.Type) throws -> Void) rethrows {
    try body(Double.self)
    try body(Float.self)
}

@Suite("Elastic net: closed forms")
struct ElasticNetClosedFormTests {
    /// Centred, orthogonal columns with xⱼᵀxⱼ/n = 1: the solution is soft-thresholding,
    /// wⱼ = soft(xⱼᵀy/n, αρ) / (1 + α(1 − ρ)).
    func orthogonal<T: BinaryFloatingPoint>(_: T.Type) -> Problem<T> {
        let cols: [[Double]] = [[1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]]
        let y: [Double] = [3.0, -1.0, 0.5, 2.0]
        return Problem(n: 4, p: 3, x: cols.flatMap { $0 }.map { T($0) }, y: y.map { T($0) })
    }

    @Test(arguments: [ElasticNetSolver.coordinateDescent, .fista], [GramMode.gram, .residual])
    func softThresholding(solver: ElasticNetSolver, mode: GramMode) throws {
        for (alpha, rho) in [(0.3, 1.0), (0.5, 0.5), (2.0, 1.0), (0.1, 0.0)] {
            for prob in [orthogonal(Double.self)] {
                let opts = ElasticNetOptions(solver: solver, precompute: mode, maxIter: 10_000, tol: 1e-12)
                let fit = try prob.fit(alpha: alpha, l1Ratio: rho, options: opts)
                let ym = prob.y.reduce(0, +) / 4
                for j in 0..<3 {
                    let z = (0..<4).reduce(0.0) { $0 + prob.x[$1 + 4 * j] * (prob.y[$1] - ym) } / 4
                    let expected = softThreshold(z, alpha * rho) / (1 + alpha * (1 - rho))
                    #expect(abs(fit.coef[j] - expected) < 1e-8, "j=\(j) α=\(alpha) ρ=\(rho): \(fit.coef[j]) vs \(expected)")
                    if expected == 0 { #expect(fit.coef[j] == 0) }
                }
                #expect(abs(fit.intercept - ym) < 1e-9)   // columns have mean 0
                #expect(fit.report.converged)
            }
            let p32 = orthogonal(Float.self)
            let f32 = try p32.fit(alpha: alpha, l1Ratio: rho, options: ElasticNetOptions(solver: solver, precompute: mode, tol: 1e-8))
            let f64 = try orthogonal(Double.self).fit(alpha: alpha, l1Ratio: rho, options: ElasticNetOptions(solver: solver, precompute: mode, tol: 1e-8))
            for j in 0..<3 { #expect(abs(f32.coef[j] - f64.coef[j]) < 1e-5) }
        }
    }

    @Test func alphaAboveAlphaMaxGivesZeros() throws {
        let prob = Problem<Double>.random(n: 50, p: 8)
        let path = try prob.path(count: 5)
        #expect(path.coef[0..<8].allSatisfy { $0 == 0 })
        #expect(path.coef[8..<16].contains { $0 != 0 })
        let fit = try prob.fit(alpha: path.alphas[0] * 1.0001)
        #expect(fit.coef.allSatisfy { $0 == 0 })
        #expect(abs(fit.intercept - prob.y.reduce(0, +) / 50) < 1e-12)
    }
}

@Suite("Elastic net: optimality certificates")
struct ElasticNetCertificateTests {
    static let cases: [(n: Int, p: Int, mode: GramMode)] = [(60, 10, .gram), (60, 10, .residual), (30, 80, .residual), (30, 80, .gram)]

    @Test(arguments: 0..<4)
    func kktAndGap(_ k: Int) throws {
        let c = Self.cases[k]
        let prob = Problem<Double>.random(n: c.n, p: c.p, seed: UInt64(k + 3))
        for (alpha, rho) in [(0.05, 1.0), (0.2, 0.7), (1.0, 0.3)] {
            let fit = try prob.fit(alpha: alpha, l1Ratio: rho, options: ElasticNetOptions(precompute: c.mode, maxIter: 100_000, tol: 1e-10))
            #expect(fit.report.converged)
            #expect(fit.report.dualGap >= -1e-12)
            #expect(fit.report.dualGap <= fit.report.gapTolerance)
            #expect(kktViolation(prob, fit, alpha: alpha, l1Ratio: rho) < 1e-4)
            // A looser tolerance still yields a gap within it, and an objective within the gap.
            let loose = try prob.fit(alpha: alpha, l1Ratio: rho, options: ElasticNetOptions(precompute: c.mode, tol: 1e-3))
            #expect(loose.report.dualGap <= loose.report.gapTolerance)
            let po = try prob.objective(fit, alpha: alpha, l1Ratio: rho), lo = try prob.objective(loose, alpha: alpha, l1Ratio: rho)
            #expect(lo - po <= loose.report.dualGap + 1e-10)
            #expect(lo >= po - 1e-9)
        }
    }

    @Test func gramAndResidualAgree() throws {
        let prob = Problem<Double>.random(n: 80, p: 12, seed: 9)
        let a = try prob.fit(alpha: 0.1, options: ElasticNetOptions(precompute: .gram, tol: 1e-12))
        let b = try prob.fit(alpha: 0.1, options: ElasticNetOptions(precompute: .residual, tol: 1e-12))
        for j in 0..<12 { #expect(abs(a.coef[j] - b.coef[j]) < 1e-6) }
    }

    @Test func fistaMatchesCoordinateDescent() throws {
        let prob = Problem<Double>.random(n: 40, p: 15, seed: 4)
        let cd = try prob.fit(alpha: 0.1, l1Ratio: 0.8, options: ElasticNetOptions(tol: 1e-12))
        let fista = try prob.fit(alpha: 0.1, l1Ratio: 0.8, options: ElasticNetOptions(solver: .fista, maxIter: 50_000, tol: 1e-12))
        #expect(fista.report.converged)
        for j in 0..<15 { #expect(abs(cd.coef[j] - fista.coef[j]) < 1e-5) }
        #expect(abs(try prob.objective(cd, alpha: 0.1, l1Ratio: 0.8) - prob.objective(fista, alpha: 0.1, l1Ratio: 0.8)) < 1e-9)
    }

    @Test func randomSelectionIsDeterministicAndCorrect() throws {
        let prob = Problem<Double>.random(n: 50, p: 20, seed: 5)
        let opts = ElasticNetOptions(selection: .random, seed: 42, tol: 1e-12)
        let a = try prob.fit(alpha: 0.05, options: opts), b = try prob.fit(alpha: 0.05, options: opts)
        #expect(a == b)
        let cyclic = try prob.fit(alpha: 0.05, options: ElasticNetOptions(tol: 1e-12))
        for j in 0..<20 { #expect(abs(a.coef[j] - cyclic.coef[j]) < 1e-6) }
    }

    @Test func float32FitsInFloat32() throws {
        let p64 = Problem<Double>.random(n: 100, p: 10, seed: 6)
        let p32 = Problem<Float>(n: p64.n, p: p64.p, x: p64.x.map(Float.init), y: p64.y.map(Float.init))
        for mode in [GramMode.gram, .residual] {
            let a = try p64.fit(alpha: 0.1, options: ElasticNetOptions(precompute: mode, tol: 1e-8))
            let b = try p32.fit(alpha: 0.1, options: ElasticNetOptions(precompute: mode, tol: 1e-6))
            #expect(b.report.converged)
            for j in 0..<10 { #expect(abs(a.coef[j] - b.coef[j]) < 1e-3 * Swift.max(1, abs(a.coef[j]))) }
            #expect(a.coef.map { $0 == 0 } == b.coef.map { $0 == 0 })
        }
    }
}

@Suite("Elastic net: constraints, factors, weights")
struct ElasticNetVariantTests {
    @Test(arguments: [GramMode.gram, .residual])
    func positive(mode: GramMode) throws {
        let prob = Problem<Double>.random(n: 60, p: 10, seed: 7)
        let opts = ElasticNetOptions(positive: true, precompute: mode, tol: 1e-12)
        let fit = try prob.fit(alpha: 0.05, options: opts)
        #expect(fit.coef.allSatisfy { $0 >= 0 })
        #expect(fit.coef.contains { $0 > 0 })
        #expect(fit.report.converged && fit.report.dualGap >= -1e-12)
        #expect(kktViolation(prob, fit, alpha: 0.05, l1Ratio: 1, positive: true) < 1e-5)
        // The unconstrained fit has a negative coefficient, so the constraint is active.
        #expect(try prob.fit(alpha: 0.05, options: ElasticNetOptions(tol: 1e-12)).coef.contains { $0 < 0 })
    }

    @Test func zeroPenaltyFactorLeavesFeatureUnshrunk() throws {
        let prob = Problem<Double>.random(n: 60, p: 6, seed: 8)
        var pf = [Double](repeating: 1, count: 6)
        pf[0] = 0
        let fit = try prob.fit(alpha: 1e3, penaltyFactor: pf)
        #expect(fit.coef[1...].allSatisfy { $0 == 0 })
        // Feature 0 alone, unpenalised: the least-squares slope cov(x0, y)/var(x0).
        let n = 60.0
        let xm = prob.x[0..<60].reduce(0, +) / n, ym = prob.y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in 0..<60 { sxy += (prob.x[i] - xm) * (prob.y[i] - ym); sxx += (prob.x[i] - xm) * (prob.x[i] - xm) }
        #expect(abs(fit.coef[0] - sxy / sxx) < 1e-6)
        // With a moderate α: KKT with factors.
        let mid = try prob.fit(alpha: 0.1, l1Ratio: 0.9, options: ElasticNetOptions(tol: 1e-12), penaltyFactor: [0, 1, 2, 0.5, 1, 1])
        #expect(kktViolation(prob, mid, alpha: 0.1, l1Ratio: 0.9, penaltyFactor: [0, 1, 2, 0.5, 1, 1]) < 1e-5)
        // The path starts from the unpenalised fit: at α_max only feature 0 is non-zero.
        let path = try prob.path(count: 3, penaltyFactor: pf)
        #expect(abs(path.coef[0] - sxy / sxx) < 1e-6)
        #expect(path.coef[1..<6].allSatisfy { $0 == 0 })
        #expect(path.coef[7..<12].contains { $0 != 0 })
    }

    @Test func integerWeightsEqualRepeatedRows() throws {
        let prob = Problem<Double>.random(n: 30, p: 5, seed: 10)
        let weights: [Double] = (0..<30).map { Double($0 % 3) }
        var rows: [Int] = []
        for i in 0..<30 { for _ in 0..<Int(weights[i]) { rows.append(i) } }
        var x: [Double] = []
        for j in 0..<5 { for i in rows { x.append(prob.x[i + 30 * j]) } }
        let repeated = Problem(n: rows.count, p: 5, x: x, y: rows.map { prob.y[$0] })
        let opts = ElasticNetOptions(tol: 1e-12)
        let a = try prob.fit(alpha: 0.1, options: opts, weights: weights)
        let b = try repeated.fit(alpha: 0.1, options: opts)
        for j in 0..<5 { #expect(abs(a.coef[j] - b.coef[j]) < 1e-7) }
        #expect(abs(a.intercept - b.intercept) < 1e-7)
        #expect(abs(a.report.dualGap - b.report.dualGap) < 1e-10)
    }

    @Test func subgradientGivesSmallNonZerosWhereCDGivesZeros() throws {
        let prob = Problem<Double>.random(n: 80, p: 12, informative: 3, seed: 11)
        let cd = try prob.fit(alpha: 0.3, options: ElasticNetOptions(tol: 1e-10))
        let zeros = (0..<12).filter { cd.coef[$0] == 0 }
        #expect(!zeros.isEmpty)
        // A fixed step lr: the zero weights oscillate within about lr·α of 0, never at 0.
        let lr = 0.02
        let sg = try prob.fit(alpha: 0.3, options: ElasticNetOptions(solver: .subgradient, maxIter: 20_000, tol: 1e-10, learningRate: lr))
        for j in zeros {
            #expect(sg.coef[j] != 0)
            #expect(abs(sg.coef[j]) <= 2 * lr * 0.3)
        }
        // Close to the optimum in objective all the same.
        let gap = try prob.objective(sg, alpha: 0.3) - prob.objective(cd, alpha: 0.3)
        #expect(gap >= -1e-12 && gap < 1e-2)
        #expect(sg.report.dualGap > 0)
        // The proximal solver gives the exact zeros.
        let fista = try prob.fit(alpha: 0.3, options: ElasticNetOptions(solver: .fista, maxIter: 10_000, tol: 1e-10))
        for j in zeros { #expect(fista.coef[j] == 0) }
    }

    @Test func warmStartIsUsedAndGivesTheSameAnswer() throws {
        let prob = Problem<Double>.random(n: 40, p: 8, seed: 12)
        let cold = try prob.fit(alpha: 0.1, options: ElasticNetOptions(tol: 1e-12))
        let warm = try prob.fit(alpha: 0.1, options: ElasticNetOptions(tol: 1e-12), warmStart: cold.coef)
        #expect(warm.report.iterations <= 1)
        for j in 0..<8 { #expect(abs(cold.coef[j] - warm.coef[j]) < 1e-9) }
    }
}

@Suite("Elastic net paths")
struct ElasticNetPathTests {
    @Test(arguments: [GramMode.gram, .residual])
    func warmStartedPathEqualsColdFits(mode: GramMode) throws {
        let prob = Problem<Double>.random(n: 50, p: 30, seed: 13)
        let opts = ElasticNetOptions(precompute: mode, tol: 1e-12)
        let path = try prob.path(l1Ratio: 0.9, count: 15, options: opts)
        #expect(path.alphas.count == 15)
        #expect(abs(path.alphas[14] / path.alphas[0] - 1e-3) < 1e-12)
        for k in 0..<15 {
            #expect(path.reports[k].converged)
            let cold = try prob.fit(alpha: path.alphas[k], l1Ratio: 0.9, options: opts)
            for j in 0..<30 { #expect(abs(path.coef[k * 30 + j] - cold.coef[j]) < 1e-6) }
            #expect(abs(path.intercepts[k] - cold.intercept) < 1e-6)
        }
    }

    @Test func alphaMaxMatchesScikitLearnFormula() throws {
        let prob = Problem<Double>.random(n: 40, p: 6, seed: 14)
        let path = try prob.path(l1Ratio: 0.5, count: 4)
        let ym = prob.y.reduce(0, +) / 40
        var best = 0.0
        for j in 0..<6 {
            let xm = prob.x[(40 * j)..<(40 * j + 40)].reduce(0, +) / 40
            var s = 0.0
            for i in 0..<40 { s += (prob.x[i + 40 * j] - xm) * (prob.y[i] - ym) }
            best = Swift.max(best, abs(s) / (40 * 0.5))
        }
        #expect(abs(path.alphas[0] - best) < 1e-12 * best)
        let grid = try ElasticNetPath.alphaGrid(alphaMax: best, eps: 1e-3, count: 4)
        for k in 0..<4 { #expect(abs(path.alphas[k] - grid[k]) < 1e-12 * grid[k]) }
        #expect(abs(grid[1] / grid[0] - 0.1) < 1e-14 && abs(grid[3] / grid[0] - 1e-3) < 1e-14)
    }

    @Test func progressIsCalledAndCanCancel() throws {
        let prob = Problem<Double>.random(n: 30, p: 5, seed: 15)
        var calls: [Int] = []
        _ = try prob.path(count: 7) { done, total in calls.append(done); #expect(total == 7); return true }
        #expect(calls == Array(1...7))
        #expect(throws: SwiftRegError.cancelled) {
            try prob.path(count: 7) { done, _ in done < 3 }
        }
    }

    @Test func givenAlphasAndFloat32() throws {
        let p64 = Problem<Double>.random(n: 60, p: 8, seed: 16)
        let p32 = Problem<Float>(n: 60, p: 8, x: p64.x.map(Float.init), y: p64.y.map(Float.init))
        let alphas = [1.0, 0.3, 0.1, 0.03]
        let a = try p64.path(alphas: alphas, options: ElasticNetOptions(tol: 1e-10))
        let b = try p32.path(alphas: alphas, options: ElasticNetOptions(tol: 1e-6))
        #expect(a.alphas == alphas && b.alphas == alphas)
        for k in 0..<(8 * 4) { #expect(abs(a.coef[k] - b.coef[k]) < 1e-3) }
    }
}

@Suite("Linear-model input validation")
struct ModelValidationTests {
    @Test func errorsNameTheArgument() throws {
        var prob = Problem<Double>.random(n: 10, p: 3, seed: 17)
        #expect(throws: SwiftRegError.invalidArgument(argument: "alpha", value: -1, requirement: "finite and >= 0")) {
            try prob.fit(alpha: -1)
        }
        #expect(throws: SwiftRegError.invalidArgument(argument: "l1_ratio", value: 1.5, requirement: "in [0, 1]")) {
            try prob.fit(alpha: 1, l1Ratio: 1.5)
        }
        #expect(throws: SwiftRegError.invalidWeight(index: 2, value: -1)) {
            try prob.fit(alpha: 1, weights: [1, 1, -1, 1, 1, 1, 1, 1, 1, 1])
        }
        #expect(throws: SwiftRegError.invalidArgument(argument: "penalty_factor[1]", value: -2, requirement: "finite and >= 0")) {
            try prob.fit(alpha: 1, penaltyFactor: [1, -2, 1])
        }
        #expect(throws: SwiftRegError.invalidArgument(argument: "sum(sample_weight)", value: 0, requirement: "finite and > 0")) {
            try prob.fit(alpha: 1, weights: [Double](repeating: 0, count: 10))
        }
        let empty = Problem<Double>(n: 0, p: 3, x: [], y: [])
        #expect(throws: SwiftRegError.invalidArgument(argument: "n_samples", value: 0, requirement: ">= 1")) {
            try empty.fit(alpha: 1)
        }
        #expect(throws: SwiftRegError.invalidArgument(argument: "n_samples", value: 0, requirement: ">= 1")) {
            try empty.ridge(alpha: 1)
        }
        prob.x[13] = .nan
        let error = #expect(throws: SwiftRegError.self) { try prob.fit(alpha: 1) }
        guard case .invalidData(argument: "X", index: 13, value: let v)? = error, v.isNaN else {
            Issue.record("expected invalidData(X, 13, nan), got \(String(describing: error))")
            return
        }
        prob.x[13] = 0
        prob.y[4] = -.infinity
        #expect(throws: SwiftRegError.invalidData(argument: "y", index: 4, value: -.infinity)) { try prob.ridge(alpha: 1) }
        #expect(throws: SwiftRegError.invalidData(argument: "y", index: 4, value: -.infinity)) { try prob.path(count: 3) }
    }
}
