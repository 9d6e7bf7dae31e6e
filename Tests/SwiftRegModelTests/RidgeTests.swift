import Testing
@testable import SwiftRegCore

@Suite("Ridge")
struct RidgeTests {
    /// The normal equations of Σsᵢ(yᵢ − xᵢ·w − b)² + α‖w‖²: Σsᵢrᵢxᵢⱼ = α·wⱼ and Σsᵢrᵢ = 0.
    func residualOfNormalEquations<T>(_ prob: Problem<T>, _ fit: Ridge.Fit, alpha: Double, weights: [T]?) -> Double {
        let c = prob.correlations(fit.coef, fit.intercept, weights: weights)
        let total = weights.map { $0.reduce(0.0) { $0 + Double($1) } } ?? Double(prob.n)
        var worst = 0.0
        for j in 0..<prob.p { worst = Swift.max(worst, abs(c[j] * total - alpha * fit.coef[j])) }
        var rs = 0.0
        for i in 0..<prob.n {
            var pred = fit.intercept
            for j in 0..<prob.p { pred += Double(prob.x[i + prob.n * j]) * fit.coef[j] }
            rs += (weights.map { Double($0[i]) } ?? 1) * (Double(prob.y[i]) - pred)
        }
        return Swift.max(worst, abs(rs))
    }

    @Test(arguments: [(50, 8), (10, 30)])
    func normalEquations(n: Int, p: Int) throws {
        let prob = Problem<Double>.random(n: n, p: p, seed: 20)
        let weights: [Double] = (0..<n).map { 0.5 + Double($0 % 4) }
        for alpha in [0.01, 1.0, 100.0] {
            for w in [nil, weights] {
                let fit = try prob.ridge(alpha: alpha, weights: w)
                #expect(residualOfNormalEquations(prob, fit, alpha: alpha, weights: w) < 1e-7)
            }
        }
    }

    @Test func primalAndDualFormsAgree() throws {
        // p ≤ n uses X̃ᵀX̃, p > n uses X̃X̃ᵀ: on the same data with a duplicated column block
        // they must give the same answer as the other form on the transposed shape: check
        // by solving a wide problem and a square one.
        let prob = Problem<Double>.random(n: 12, p: 12, seed: 21)
        let square = try prob.ridge(alpha: 0.5)
        var wide = prob
        wide.p = 13
        wide.x += [Double](repeating: 0, count: 12)   // a zero column: coefficient 0
        let w = try wide.ridge(alpha: 0.5)
        for j in 0..<12 { #expect(abs(square.coef[j] - w.coef[j]) < 1e-9) }
        #expect(w.coef[12] == 0)
        #expect(abs(square.intercept - w.intercept) < 1e-9)
    }

    @Test func noInterceptAndFloat32() throws {
        let p64 = Problem<Double>.random(n: 40, p: 5, seed: 22)
        let fit = try p64.ridge(alpha: 2, fitIntercept: false)
        #expect(fit.intercept == 0)
        let c = p64.correlations(fit.coef, 0)
        for j in 0..<5 { #expect(abs(c[j] * 40 - 2 * fit.coef[j]) < 1e-8) }
        let p32 = Problem<Float>(n: 40, p: 5, x: p64.x.map(Float.init), y: p64.y.map(Float.init))
        let f32 = try p32.ridge(alpha: 2, fitIntercept: false)
        for j in 0..<5 { #expect(abs(f32.coef[j] - fit.coef[j]) < 1e-4 * Swift.max(1, abs(fit.coef[j]))) }
    }

    @Test func singularWithoutPenaltyIsAnError() throws {
        var prob = Problem<Double>.random(n: 10, p: 2, seed: 23)
        for i in 0..<10 { prob.x[10 + i] = 2 * prob.x[i] }
        #expect(throws: SwiftRegError.self) { try prob.ridge(alpha: 0) }
        #expect(try prob.ridge(alpha: 1e-3).coef.count == 2)
    }

    @Test("a tiny α on rank-deficient X gives the regularised solution, not an error", arguments: [(5, 10), (10, 5)])
    func tinyAlphaOnRankDeficientData(n: Int, p: Int) throws {
        var prob = Problem<Double>.random(n: n, p: p, seed: 23)
        if n > p { for i in 0..<n { prob.x[i + 4 * n] = prob.x[i + 3 * n] } }   // a repeated column
        let tiny = try prob.ridge(alpha: 1e-16)
        let small = try prob.ridge(alpha: 1e-9)
        for j in 0..<p {
            #expect(tiny.coef[j].isFinite)
            // The solution is continuous in α down to 0 (the minimum-norm least-squares limit).
            #expect(abs(tiny.coef[j] - small.coef[j]) <= 1e-5 * Swift.max(1, abs(small.coef[j])))
        }
        #expect(residualOfNormalEquations(prob, tiny, alpha: 1e-16, weights: nil) < 1e-7)
        #expect(throws: SwiftRegError.self) { _ = try prob.ridge(alpha: 0) }
    }
}
