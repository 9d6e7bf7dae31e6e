import Foundation
import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

// Least-absolute-deviation regression: closed forms (weighted medians), optimality against
// perturbations, the vertex property, exact zeros under a large penalty, and bad inputs.
// Every numeric test runs for Float and Double.

/// A small deterministic generator: SplitMix64 (SwiftRegTestSupport) and the distributions
/// these tests draw from.
struct LADTestRNG {
    var base: SplitMix64
    init(_ seed: UInt64) { base = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { base.next() }
    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
    /// Heavy-tailed: Student t with 1 degree of freedom (Cauchy).
    mutating func cauchy() -> Double { tan(Double.pi * (uniform() - 0.5)) }
}

/// A random problem: X (column-major n×p), y = X·β + 0.5 + Cauchy noise, weights in (0.1, 2.1).
func ladProblem<T: BinaryFloatingPoint>(_: T.Type, n: Int, p: Int, seed: UInt64, weighted: Bool = true)
    -> (x: [T], y: [T], w: [T]?)
{
    var rng = LADTestRNG(seed)
    let x = (0..<(n * p)).map { _ in T(rng.normal()) }
    let beta = (0..<p).map { j in Double(j % 3) - 1 }
    let y = (0..<n).map { i in
        var f = 0.5 + rng.cauchy()
        for j in 0..<p { f += Double(x[i + j * n]) * beta[j] }
        return T(f)
    }
    let w: [T]? = weighted ? (0..<n).map { _ in T(0.1 + 2 * rng.uniform()) } : nil
    return (x, y, w)
}

func ladFit<T: BinaryFloatingPoint>(
    _ x: [T], _ y: [T], _ w: [T]?, n: Int, p: Int, alpha: Double, intercept: Bool
) throws(SwiftRegError) -> LADFit {
    let result: Result<LADFit, SwiftRegError> = x.withUnsafeBufferPointer { xb in
        y.withUnsafeBufferPointer { yb in
            func run(_ wb: UnsafeBufferPointer<T>?) -> Result<LADFit, SwiftRegError> {
                do throws(SwiftRegError) {
                    return .success(try LeastAbsoluteDeviation.fit(
                        x: xb, y: yb, sampleWeight: wb, samples: n, features: p, alpha: alpha,
                        fitIntercept: intercept))
                } catch { return .failure(error) }
            }
            if let w { return w.withUnsafeBufferPointer { run($0) } }
            return run(nil)
        }
    }
    return try result.get()
}

/// The objective in float64 at (coef, b).
func ladObjective<T: BinaryFloatingPoint>(
    _ x: [T], _ y: [T], _ w: [T]?, n: Int, p: Int, alpha: Double, coef: [Double], intercept: Double
) -> Double {
    var loss = 0.0, total = 0.0
    for i in 0..<n {
        let s = w.map { Double($0[i]) } ?? 1
        var f = intercept
        for j in 0..<p { f += Double(x[i + j * n]) * coef[j] }
        loss += s * abs(Double(y[i]) - f)
        total += s
    }
    return loss / total + alpha * coef.reduce(0) { $0 + abs($1) }
}

/// The weighted median: the smallest v with Σ_{vᵢ ≤ v} wᵢ ≥ W/2.
func weightedMedian(_ values: [Double], _ weights: [Double]) -> Double {
    let order = values.indices.sorted { values[$0] < values[$1] }
    let half = weights.reduce(0, +) / 2
    var cum = 0.0
    for i in order {
        cum += weights[i]
        if cum >= half { return values[i] }
    }
    return values[order.last!]
}

@Suite("Least absolute deviation")
struct LeastAbsoluteDeviationTests {

    func relTol<T: BinaryFloatingPoint>(_: T.Type) -> Double { T.self == Float.self ? 1e-5 : 1e-10 }

    @Test("p = 1 without intercept: the weighted median of yᵢ/xᵢ with weights sᵢ|xᵢ|", arguments: storageTypes)
    func singleFeature(_ type: StorageType) throws {
        func check<T: BinaryFloatingPoint>(_: T.Type) throws {
            for seed in UInt64(1)...5 {
                let n = 31 + Int(seed)
                let (x, y, w) = ladProblem(T.self, n: n, p: 1, seed: seed)
                let fit = try ladFit(x, y, w, n: n, p: 1, alpha: 0, intercept: false)
                let ratios = (0..<n).map { Double(y[$0]) / Double(x[$0]) }
                let weights = (0..<n).map { Double(w![$0]) * abs(Double(x[$0])) }
                let expected = weightedMedian(ratios, weights)
                #expect(fit.certified)
                #expect(abs(fit.coef[0] - expected) <= relTol(T.self) * Swift.max(1, abs(expected)))
                #expect(fit.intercept == 0)
            }
        }
        try check(type)
    }

    @Test("Intercept only: the weighted median of y", arguments: storageTypes)
    func interceptOnly(_ type: StorageType) throws {
        func check<T: BinaryFloatingPoint>(_: T.Type) throws {
            for seed in UInt64(10)...14 {
                let n = 20 + Int(seed)
                let (_, y, w) = ladProblem(T.self, n: n, p: 0, seed: seed)
                let fit = try ladFit([T](), y, w, n: n, p: 0, alpha: 0.3, intercept: true)
                let expected = weightedMedian(y.map { Double($0) }, w!.map { Double($0) })
                #expect(fit.certified)
                #expect(fit.coef.isEmpty)
                #expect(abs(fit.intercept - expected) <= relTol(T.self) * Swift.max(1, abs(expected)))
                // Unweighted, odd n: the plain median.
                let m = n | 1 == n ? n : n - 1
                let plain = try ladFit([T](), Array(y.prefix(m)), nil, n: m, p: 0, alpha: 0, intercept: true)
                let sorted = y.prefix(m).map { Double($0) }.sorted()
                #expect(abs(plain.intercept - sorted[m / 2]) <= relTol(T.self) * Swift.max(1, abs(sorted[m / 2])))
            }
        }
        try check(type)
    }

    @Test("The objective is no larger than at random perturbations of the solution", arguments: storageTypes)
    func optimalAgainstPerturbations(_ type: StorageType) throws {
        func check<T: BinaryFloatingPoint>(_: T.Type) throws {
            for (alpha, intercept) in [(0.0, true), (0.05, true), (0.2, false)] {
                let n = 80, p = 5
                let (x, y, w) = ladProblem(T.self, n: n, p: p, seed: 7)
                let fit = try ladFit(x, y, w, n: n, p: p, alpha: alpha, intercept: intercept)
                #expect(fit.certified)
                let f0 = ladObjective(x, y, w, n: n, p: p, alpha: alpha, coef: fit.coef, intercept: fit.intercept)
                #expect(abs(f0 - fit.objective) <= 1e-12 * f0)
                var rng = LADTestRNG(99)
                for trial in 0..<300 {
                    let scale = [1e-1, 1e-3, 1e-5][trial % 3]
                    let c = fit.coef.map { $0 + scale * rng.normal() }
                    let b = intercept ? fit.intercept + scale * rng.normal() : 0
                    let f = ladObjective(x, y, w, n: n, p: p, alpha: alpha, coef: c, intercept: b)
                    // float32: the answer is rounded to float32, allow that rounding.
                    #expect(f0 <= f + (T.self == Float.self ? 1e-6 * f0 : 1e-13 * f0))
                }
            }
        }
        try check(type)
    }

    @Test("Without a penalty the solution interpolates at least p + 1 observations", arguments: storageTypes)
    func interpolates(_ type: StorageType) throws {
        func check<T: BinaryFloatingPoint>(_: T.Type) throws {
            for (n, p) in [(40, 3), (200, 5), (12, 11)] {
                let (x, y, w) = ladProblem(T.self, n: n, p: p, seed: UInt64(n + p))
                let fit = try ladFit(x, y, w, n: n, p: p, alpha: 0, intercept: true)
                #expect(fit.certified)
                var zeros = 0
                for i in 0..<n {
                    var f = fit.intercept
                    for j in 0..<p { f += Double(x[i + j * n]) * fit.coef[j] }
                    if abs(Double(y[i]) - f) <= (T.self == Float.self ? 1e-4 : 1e-9) * Swift.max(1, abs(Double(y[i]))) { zeros += 1 }
                }
                #expect(zeros >= p + 1)
            }
        }
        try check(type)
    }

    @Test("With alpha above max_j Σsᵢ|xᵢⱼ|/S every coefficient is exactly 0", arguments: storageTypes)
    func largePenaltyGivesExactZeros(_ type: StorageType) throws {
        func check<T: BinaryFloatingPoint>(_: T.Type) throws {
            let n = 60, p = 6
            let (x, y, w) = ladProblem(T.self, n: n, p: p, seed: 3)
            let total = w!.reduce(0.0) { $0 + Double($1) }
            var bound = 0.0
            for j in 0..<p {
                var s = 0.0
                for i in 0..<n { s += Double(w![i]) * abs(Double(x[i + j * n])) }
                bound = Swift.max(bound, s / total)
            }
            let fit = try ladFit(x, y, w, n: n, p: p, alpha: 1.01 * bound, intercept: true)
            #expect(fit.certified)
            #expect(fit.coef.allSatisfy { $0 == 0 })
            let expected = weightedMedian(y.map { Double($0) }, w!.map { Double($0) })
            #expect(abs(fit.intercept - expected) <= relTol(T.self) * Swift.max(1, abs(expected)))
            // Just below the bound some coefficient may move; at a tenth of it some must.
            let loose = try ladFit(x, y, w, n: n, p: p, alpha: 0.1 * bound, intercept: true)
            #expect(loose.coef.contains { $0 != 0 })
        }
        try check(type)
    }

    @Test("Integer weights equal repeated rows; zero weights equal dropped rows")
    func weightsAsRepetition() throws {
        let n = 30, p = 3
        let (x, y, _) = ladProblem(Double.self, n: n, p: p, seed: 21, weighted: false)
        let w = (0..<n).map { Double($0 % 3) }  // 0, 1, 2, ...
        let weighted = try ladFit(x, y, w, n: n, p: p, alpha: 0.02, intercept: true)
        var xr: [Double] = [], yr: [Double] = []
        var rows: [Int] = []
        for i in 0..<n { for _ in 0..<Int(w[i]) { rows.append(i) } }
        for j in 0..<p { for i in rows { xr.append(x[i + j * n]) } }
        for i in rows { yr.append(y[i]) }
        let repeated = try ladFit(xr, yr, nil, n: rows.count, p: p, alpha: 0.02, intercept: true)
        #expect(abs(weighted.objective - repeated.objective) <= 1e-12 * repeated.objective)
    }

    @Test("float32 and float64 agree on the same data")
    func dtypesAgree() throws {
        let n = 300, p = 8
        let (x, y, w) = ladProblem(Float.self, n: n, p: p, seed: 5)
        let f32 = try ladFit(x, y, w, n: n, p: p, alpha: 0.01, intercept: true)
        let f64 = try ladFit(x.map(Double.init), y.map(Double.init), w!.map(Double.init), n: n, p: p, alpha: 0.01, intercept: true)
        #expect(f32.certified && f64.certified)
        #expect(abs(f32.objective - f64.objective) <= 1e-6 * f64.objective)
        for j in 0..<p { #expect(abs(f32.coef[j] - f64.coef[j]) <= 1e-5 * Swift.max(1, abs(f64.coef[j]))) }
        #expect(f32.coef.allSatisfy { Double(Float($0)) == $0 })
    }

    @Test("A rank-deficient design (a repeated column, n < p) still gives a certified optimum")
    func rankDeficient() throws {
        let n = 25, p = 4
        var (x, y, w) = ladProblem(Double.self, n: n, p: p, seed: 8)
        for i in 0..<n { x[i + 3 * n] = x[i + 1 * n] }  // column 3 = column 1
        let fit = try ladFit(x, y, w, n: n, p: p, alpha: 0, intercept: true)
        #expect(fit.certified)
        let wide = ladProblem(Double.self, n: 5, p: 9, seed: 9)
        let fitWide = try ladFit(wide.x, wide.y, wide.w, n: 5, p: 9, alpha: 0, intercept: true)
        #expect(fitWide.objective <= 1e-12)
        #expect(fitWide.certified)
    }

    @Test("Tied integer data (degenerate vertices) is certified well within the budget", arguments: [0.0, 0.01])
    func degenerateTies(_ alpha: Double) throws {
        let n = 400, p = 4
        var rng = LADTestRNG(17)
        let x = (0..<(n * p)).map { _ in Double(Int(rng.next() % 5) - 2) }
        let y = (0..<n).map { _ in Double(Int(rng.next() % 4)) }
        let fit = try ladFit(x, y, nil, n: n, p: p, alpha: alpha, intercept: true)
        #expect(fit.certified)
        #expect(fit.iterations < 100)
        var perturbed = LADTestRNG(5)
        let f0 = fit.objective
        for _ in 0..<200 {
            let c = fit.coef.map { $0 + 1e-3 * perturbed.normal() }
            let f = ladObjective(x, y, nil, n: n, p: p, alpha: alpha, coef: c, intercept: fit.intercept + 1e-3 * perturbed.normal())
            #expect(f0 <= f + 1e-13 * f0)
        }
    }

    @Test("Bad inputs throw errors that name the argument")
    func badInputs() {
        let n = 10, p = 2
        var (x, y, w) = ladProblem(Double.self, n: n, p: p, seed: 4)
        func error(_ body: () throws(SwiftRegError) -> Void) -> SwiftRegError? {
            do { try body(); return nil } catch { return error }
        }
        x[13] = .nan
        if case let .invalidData(argument, index, _)? = error({ () throws(SwiftRegError) in _ = try ladFit(x, y, w, n: n, p: p, alpha: 0, intercept: true) }) {
            #expect(argument == "X" && index == 13)
        } else { Issue.record("NaN in X not reported") }
        x[13] = 0
        y[2] = -.infinity
        if case let .invalidData(argument, index, _)? = error({ () throws(SwiftRegError) in _ = try ladFit(x, y, w, n: n, p: p, alpha: 0, intercept: true) }) {
            #expect(argument == "y" && index == 2)
        } else { Issue.record("Inf in y not reported") }
        y[2] = 1
        for bad in [-1.0, .nan, .infinity] {
            if case let .invalidArgument(argument, _, _)? = error({ () throws(SwiftRegError) in _ = try ladFit(x, y, w, n: n, p: p, alpha: bad, intercept: true) }) {
                #expect(argument == "alpha")
            } else { Issue.record("alpha = \(bad) not reported") }
        }
        w![4] = -0.5
        #expect(error { () throws(SwiftRegError) in _ = try ladFit(x, y, w, n: n, p: p, alpha: 0, intercept: true) } == .invalidWeight(index: 4, value: -0.5))
        let zeros = [Double](repeating: 0, count: n)
        if case let .invalidArgument(argument, _, _)? = error({ () throws(SwiftRegError) in _ = try ladFit(x, y, zeros, n: n, p: p, alpha: 0, intercept: true) }) {
            #expect(argument == "sample_weight")
        } else { Issue.record("zero weight sum not reported") }
        if case let .invalidArgument(argument, _, _)? = error({ () throws(SwiftRegError) in _ = try ladFit([Double](), [Double](), nil, n: 0, p: p, alpha: 0, intercept: true) }) {
            #expect(argument == "n_samples")
        } else { Issue.record("zero samples not reported") }
    }
}
