import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

/// K-fold cross-validation: against fits of each fold's training rows by hand, the
/// selection rules by hand, and the same results for any thread count.
@Suite("CrossValidation")
struct CrossValidationTests {
    static let n = 30, p = 5

    static func data() -> (x: [Double], y: [Double]) {
        var x = [Double](repeating: 0, count: n * p), y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<p { x[i + j * n] = Double((i * (j + 3) * 7 + j * 11) % 13) / 6 - 1 }
            y[i] = 2 * x[i] - x[i + n] + 0.5 * x[i + 2 * n] + Double((i * 5) % 7) / 7 - 0.5
        }
        return (x, y)
    }

    func cv(
        _ spec: ModelSpec, folds: CrossValidationFolds, threads: Int, weights: [Double]? = nil
    ) throws -> CrossValidationResult {
        let (x, y) = Self.data()
        return try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try withOptional(weights) { wb in
                    try CrossValidation.path(
                        .dense(xb, .columnMajor), y: yb, nSamples: Self.n, nFeatures: Self.p, sampleWeight: wb, spec: spec,
                        options: FitOptions(maxIter: 100_000, tol: 1e-12), alphas: nil, count: 12, eps: 1e-2,
                        folds: folds, threads: threads)
                }
            }
        }
    }

    @Test("foldid: each fold's errors are those of a fit on its training rows alone")
    func byHand() throws {
        let (x, y) = Self.data()
        let foldid = (0..<Self.n).map { ($0 * 7) % 4 }
        let folds = try CrossValidationFolds(foldid: foldid, count: 4)
        for loss in [LossKind.squared, .huber, .absolute] {
            let spec = ModelSpec(loss: loss, delta: 0.7, penalty: .l1)
            let result = try cv(spec, folds: folds, threads: 1)
            let m = result.alphas.count
            for k in 0..<4 {
                let train = (0..<Self.n).filter { foldid[$0] != k }, test = (0..<Self.n).filter { foldid[$0] == k }
                var xt = [Double](), yt = train.map { y[$0] }
                for j in 0..<Self.p { for i in train { xt.append(x[i + j * Self.n]) } }
                let path = try xt.withUnsafeBufferPointer { xb in
                    try yt.withUnsafeBufferPointer { yb in
                        try result.alphas.withUnsafeBufferPointer { a in
                            try RegularizedModel.path(
                                x: xb, y: yb, nSamples: train.count, nFeatures: Self.p, spec: spec,
                                options: FitOptions(maxIter: 100_000, tol: 1e-12), alphas: a, count: m)
                        }
                    }
                }
                for a in 0..<m {
                    var s = 0.0
                    for i in test {
                        var prediction = path.intercepts[a]
                        for j in 0..<Self.p { prediction += path.coef[a * Self.p + j] * x[i + j * Self.n] }
                        let r = y[i] - prediction
                        switch loss {
                        case .squared: s += r * r
                        case .absolute: s += abs(r)
                        default: s += try HuberDatafit(delta: 0.7).value(r)
                        }
                    }
                    let expected = s / Double(test.count), got = result.foldErrors[k * m + a]
                    #expect(abs(got - expected) <= 1e-6 * max(1, expected), "\(loss) fold \(k) alpha \(a): \(got) vs \(expected)")
                }
            }
        }
    }

    @Test("the minimum and the one-standard-error rule, by hand")
    func selection() {
        let alphas = [1.0, 0.5, 0.25, 0.125, 0.0625]
        let mean = [3.0, 2.0, 1.5, 1.4, 1.45], se = [0.1, 0.1, 0.2, 0.15, 0.1]
        let (best, oneSE) = CrossValidation.selection(alphas: alphas, mean: mean, standardError: se)
        #expect(best == 3)
        #expect(oneSE == 2)   // 1.5 <= 1.4 + 0.15; 2.0 is not
        let tie = CrossValidation.selection(alphas: [1, 0.5, 0.25], mean: [2, 1, 1], standardError: [0, 0, 0])
        #expect(tie.best == 1 && tie.oneSE == 1)
    }

    @Test("results are bit-identical for 1, 2 and 3 threads; standard error as glmnet's cvsd")
    func threads() throws {
        let folds = try CrossValidationFolds(contiguous: 5, nSamples: Self.n)
        let weights = (0..<Self.n).map { Double($0 % 3) + 0.5 }
        let spec = ModelSpec(loss: .squared, penalty: .elasticNet, l1Ratio: 0.7)
        let one = try cv(spec, folds: folds, threads: 1, weights: weights)
        for t in [2, 3] {
            let other = try cv(spec, folds: folds, threads: t, weights: weights)
            #expect(other.foldErrors == one.foldErrors && other.mean == one.mean && other.path.coef == one.path.coef, "\(t) threads")
        }
        let m = one.alphas.count
        for i in 0..<m {
            let e = (0..<5).map { one.foldErrors[$0 * m + i] }
            let mu = e.reduce(0, +) / 5
            let sd = (e.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 4).squareRoot()
            #expect(abs(one.mean[i] - mu) <= 1e-15 * max(1, mu))
            #expect(abs(one.standardError[i] - sd / 5.0.squareRoot()) <= 1e-12 * max(1, sd))
        }
    }

    @Test("the folds' Grams from shared blocks give the fits of Grams from scratch")
    func sharedGram() throws {
        let (x, y) = Self.data()
        let folds = try CrossValidationFolds(contiguous: 3, nSamples: Self.n)
        let weights = (0..<Self.n).map { Double($0 % 4) + 0.25 }
        for intercept in [true, false] {
            var results: [CrossValidationResult] = []
            for mode in [GramMode.auto, .residual] {
                let r = try x.withUnsafeBufferPointer { xb in
                    try y.withUnsafeBufferPointer { yb in
                        try weights.withUnsafeBufferPointer { wb in
                            try CrossValidation.path(
                                .dense(xb, .columnMajor), y: yb, nSamples: Self.n, nFeatures: Self.p, sampleWeight: wb,
                                spec: ModelSpec(penalty: .elasticNet, l1Ratio: 0.5, fitIntercept: intercept),
                                options: FitOptions(maxIter: 100_000, tol: 1e-14, precompute: mode), alphas: nil, count: 10,
                                eps: 1e-3, folds: folds, threads: 2)
                        }
                    }
                }
                results.append(r)
            }
            for c in results[0].foldErrors.indices {
                let a = results[0].foldErrors[c], b = results[1].foldErrors[c]
                #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "intercept \(intercept): \(c) \(a) vs \(b)")
            }
            for c in results[0].path.coef.indices {
                #expect(abs(results[0].path.coef[c] - results[1].path.coef[c]) <= 1e-8, "intercept \(intercept) coef \(c)")
            }
        }
    }

    @Test("bad folds: too many, an empty fold, foldid out of range or of the wrong length")
    func badFolds() throws {
        #expect(throws: SwiftRegError.self) { try CrossValidationFolds(contiguous: 31, nSamples: 30) }
        #expect(throws: SwiftRegError.self) { try CrossValidationFolds(contiguous: 1, nSamples: 30) }
        #expect(throws: SwiftRegError.self) { try CrossValidationFolds(foldid: [0, 1, 3], count: 3) }
        #expect(throws: SwiftRegError.self) { try CrossValidationFolds(foldid: [0, 0, 2, 2], count: 3) }   // fold 1 empty
        let short = try CrossValidationFolds(foldid: [0, 1, 0, 1], count: 2)
        #expect(throws: SwiftRegError.self) { try cv(ModelSpec(), folds: short, threads: 1) }
    }
}
