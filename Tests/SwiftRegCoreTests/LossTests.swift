// Losses.evaluate / gradient / valueAndGradient for AbsoluteLoss, SquaredLoss and HuberLoss,
// every reduction, with and without sample weights, for Float and Double, against the float64
// reference of Support.swift.

import SwiftRegCore
import Testing

/// Runs all three kernels for one loss, reduction and weighting and compares them with the
/// reference; valueAndGradient must also equal evaluate and gradient bit for bit.
func checkLoss<T: TestFloat>(
    _ c: LossCase, _ yt: [T], _ yp: [T], _ sw: [T]?, _ reduction: Reduction,
    _ context: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let what = "\(T.self) \(c) \(reduction) \(sw == nil ? "unweighted" : "weighted") \(context)"
    let ref = LossReference(c, yt, yp, sw, reduction)
    guard
        let value = Kernels.evaluate(c.loss, yt, yp, sw, reduction).expectSuccess(sourceLocation: sourceLocation),
        let grad = Kernels.gradient(c.loss, yt, yp, sw, reduction).expectSuccess(sourceLocation: sourceLocation),
        let both = Kernels.valueAndGradient(c.loss, yt, yp, sw, reduction).expectSuccess(sourceLocation: sourceLocation)
    else { return }

    // Sums: the library sums in blocks, the reference exactly; allow for ~2^9 roundings.
    let mismatch = firstMismatch(value, ref.value, scale: { _ in ref.valueScale }, slack: 512)
    #expect(mismatch == nil, "evaluate, \(what): \(mismatch ?? "")", sourceLocation: sourceLocation)
    let gradMismatch = firstMismatch(grad, ref.gradient)
    #expect(gradMismatch == nil, "gradient, \(what): \(gradMismatch ?? "")", sourceLocation: sourceLocation)
    #expect(bitwiseEqual(both.value, value), "valueAndGradient value != evaluate, \(what)", sourceLocation: sourceLocation)
    #expect(bitwiseEqual(both.gradient, grad), "valueAndGradient gradient != gradient, \(what)", sourceLocation: sourceLocation)
}

func checkLossesOnRandomData<T: TestFloat>(_: T.Type, _ c: LossCase) {
    // Lengths: empty, shorter than the 8-way unrolling, a tail, and several 2048-element blocks.
    for (k, n) in [0, 1, 7, 9, 100, 2048, 5001].enumerated() {
        let yt = randomValues(T.self, n, seed: UInt64(10 + k))
        let yp = randomValues(T.self, n, seed: UInt64(100 + k))
        let sw = randomWeights(T.self, n, seed: UInt64(1000 + k))
        for reduction in Reduction.allCases {
            checkLoss(c, yt, yp, nil, reduction, "n = \(n)")
            checkLoss(c, yt, yp, sw, reduction, "n = \(n)")
        }
    }
}

func checkLossesOnSpecialValues<T: TestFloat>(_: T.Type, _ c: LossCase) {
    // Every pair of special values as (y_true, y_pred): ±0, subnormals, extremes, ±∞, NaN.
    let (yt, yp) = allPairs(specialValues(T.self))
    let sw = randomWeights(T.self, yt.count, seed: 7)
    for reduction in Reduction.allCases {
        checkLoss(c, yt, yp, nil, reduction, "special pairs")
        checkLoss(c, yt, yp, sw, reduction, "special pairs")
    }
    // Without the non-finite values the sums are finite (or overflow) instead of NaN.
    let finite = specialValues(T.self).filter { $0.isFinite }
    let (ft, fp) = allPairs(finite)
    for reduction in Reduction.allCases {
        checkLoss(c, ft, fp, nil, reduction, "finite special pairs")
    }
    // Only small values: sums stay finite even in Float.
    let small = specialValues(T.self).filter { $0.isFinite && abs($0) <= 3 }
    let (st, sp) = allPairs(small)
    for reduction in Reduction.allCases {
        checkLoss(c, st, sp, nil, reduction, "small special pairs")
        checkLoss(c, st, sp, randomWeights(T.self, st.count, seed: 8), reduction, "small special pairs")
    }
}

func checkHuberAtThreshold<T: TestFloat>(_: T.Type) throws {
    for d in [1.0, 0.25, 3.0, 0.1] {
        let loss = try HuberLoss(delta: d)
        let dT = T(d)  // the residual |r| == δ exactly only where δ is representable in T
        guard Double(dT) == d else { continue }
        let yt: [T] = [0, 0, 1, -1]
        let yp: [T] = [dT, -dT, 1 + dT, -1 - dT]
        let value = try #require(Kernels.evaluate(loss, yt, yp, nil, .none).expectSuccess())
        let grad = try #require(Kernels.gradient(loss, yt, yp, nil, .none).expectSuccess())
        // Where r = ±δ exactly (always for the first two; 1 + δ is not exact for every δ).
        for i in 0..<4 where abs(Double(yp[i]) - Double(yt[i])) == d {
            #expect(value[i] == T(d * d / 2), "\(T.self) Huber(\(d)) value at |r| == δ, index \(i)")
            #expect(grad[i] == (i % 2 == 0 ? dT : -dT), "\(T.self) Huber(\(d)) gradient at |r| == δ, index \(i)")
        }
        // Just beyond the threshold: the linear branch, continuous with the quadratic one.
        let out = try #require(Kernels.evaluate(loss, [0, 0], [dT.nextUp, dT.nextDown], nil, .none).expectSuccess())
        #expect(agrees(out[0], d * (Double(dT.nextUp) - d / 2), ulps: 1))
        #expect(agrees(out[1], Double(dT.nextDown) * Double(dT.nextDown) / 2, ulps: 1))
        #expect(out[1] <= T(d * d / 2) && T(d * d / 2) <= out[0])
    }
}

@Suite("Losses")
struct LossTests {
    @Test("random data, every reduction, with and without weights", arguments: LossCase.all)
    func randomData(_ c: LossCase) {
        checkLossesOnRandomData(Float.self, c)
        checkLossesOnRandomData(Double.self, c)
    }

    @Test("special values: ±0, subnormals, extremes, ±∞, NaN", arguments: LossCase.all)
    func specialValuesMatchReference(_ c: LossCase) {
        checkLossesOnSpecialValues(Float.self, c)
        checkLossesOnSpecialValues(Double.self, c)
    }

    @Test("Huber at |r| == δ is δ²/2 with gradient ±δ, and continuous there")
    func huberAtThreshold() throws {
        try checkHuberAtThreshold(Float.self)
        try checkHuberAtThreshold(Double.self)
    }

    @Test("sign(0) = 0: the L1 gradient at r = 0 is 0, also for −0 inputs")
    func absoluteGradientAtZero() {
        func check<T: TestFloat>(_: T.Type) {
            let yt: [T] = [0, -T.zero, 0, -T.zero, 5, T.leastNonzeroMagnitude]
            let yp: [T] = [0, -T.zero, -T.zero, 0, 5, T.leastNonzeroMagnitude]
            for reduction in Reduction.allCases {
                let grad = Kernels.gradient(AbsoluteLoss(), yt, yp, nil, reduction).expectSuccess() ?? []
                #expect(grad.allSatisfy { $0 == 0 }, "\(T.self) \(reduction): \(grad)")
                let v = Kernels.evaluate(AbsoluteLoss(), yt, yp, nil, reduction).expectSuccess() ?? []
                #expect(v.allSatisfy { $0 == 0 }, "\(T.self) \(reduction): \(v)")
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test("the textbook scalings: L2 is r² (no ½), mean divides by Σs or n")
    func knownAnswers() throws {
        func check<T: TestFloat>(_: T.Type) throws {
            let yt: [T] = [1, 2, 3, 4]
            let yp: [T] = [2, 2, 1, 8]  // r = 1, 0, −2, 4
            let sw: [T] = [1, 0, 3, 0.5]
            let sq = SquaredLoss(), ab = AbsoluteLoss(), hu = try HuberLoss(delta: 1.5)
            #expect(Kernels.evaluate(sq, yt, yp, nil, .sum).expectSuccess() == [21])
            #expect(Kernels.evaluate(sq, yt, yp, nil, .mean).expectSuccess() == [T(21.0 / 4)])
            #expect(Kernels.evaluate(sq, yt, yp, nil, .none).expectSuccess() == [1, 0, 4, 16])
            #expect(Kernels.gradient(sq, yt, yp, nil, .none).expectSuccess() == [2, 0, -4, 8])
            #expect(Kernels.gradient(sq, yt, yp, nil, .mean).expectSuccess() == [0.5, 0, -1, 2])
            #expect(Kernels.evaluate(sq, yt, yp, sw, .sum).expectSuccess() == [21])  // 1 + 12 + 8
            #expect(Kernels.evaluate(sq, yt, yp, sw, .mean).expectSuccess() == [T(21.0 / 4.5)])
            #expect(Kernels.evaluate(ab, yt, yp, sw, .none).expectSuccess() == [1, 0, 6, 2])
            #expect(Kernels.gradient(ab, yt, yp, sw, .sum).expectSuccess() == [1, 0, -3, 0.5])
            #expect(Kernels.gradient(ab, yt, yp, [2, 2, 2, 2], .mean).expectSuccess() == [0.25, 0, -0.25, 0.25])
            // Huber δ = 1.5: ½·1, 0, 1.5·(2 − 0.75), 1.5·(4 − 0.75).
            #expect(Kernels.evaluate(hu, yt, yp, nil, .none).expectSuccess() == [0.5, 0, 1.875, 4.875])
            #expect(Kernels.gradient(hu, yt, yp, nil, .sum).expectSuccess() == [1, 0, -1.5, 1.5])
        }
        try check(Float.self)
        try check(Double.self)
    }

    @Test("NaN and ±∞ in the data propagate as IEEE says, element by element")
    func nonFinitePropagation() {
        func check<T: TestFloat>(_: T.Type) {
            let yt: [T] = [0, 0, 0, .infinity, 1]
            let yp: [T] = [.nan, .infinity, -.infinity, .infinity, 1]
            for c in LossCase.all {
                let v = Kernels.evaluate(c.loss, yt, yp, nil, .none).expectSuccess() ?? []
                let g = Kernels.gradient(c.loss, yt, yp, nil, .none).expectSuccess() ?? []
                #expect(v.count == 5 && g.count == 5)
                guard v.count == 5, g.count == 5 else { continue }
                #expect(v[0].isNaN && g[0].isNaN, "\(T.self) \(c): NaN residual")
                #expect(v[1] == .infinity && v[2] == .infinity, "\(T.self) \(c): ℓ(±∞) = +∞")
                #expect(v[3].isNaN && g[3].isNaN, "\(T.self) \(c): ∞ − ∞ is NaN")
                #expect(v[4] == 0 && g[4] == 0, "\(T.self) \(c): finite elements are unaffected")
                #expect(g[1] == T(c.derivative(.infinity)) && g[2] == T(c.derivative(-.infinity)))
                for reduction in [Reduction.sum, .mean] {
                    #expect(Kernels.evaluate(c.loss, yt, yp, nil, reduction).expectSuccess()?[0].isNaN == true)
                    let inf = Kernels.evaluate(c.loss, [0, 0], [1, T.infinity], nil, reduction).expectSuccess()
                    #expect(inf == [T.infinity], "\(T.self) \(c) \(reduction): a +∞ term gives +∞")
                }
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test("empty input: sum is 0, mean is NaN, none writes nothing (also with NULL base addresses)")
    func emptyInput() {
        func check<T: TestFloat>(_: T.Type) {
            for c in LossCase.all {
                for sw in [nil, [T]()] {
                    #expect(Kernels.evaluate(c.loss, [T](), [], sw, .sum).expectSuccess() == [0])
                    #expect(Kernels.evaluate(c.loss, [T](), [], sw, .mean).expectSuccess()?[0].isNaN == true)
                    #expect(Kernels.evaluate(c.loss, [T](), [], sw, .none).expectSuccess() == [])
                    for reduction in Reduction.allCases {
                        #expect(Kernels.gradient(c.loss, [T](), [], sw, reduction).expectSuccess() == [])
                    }
                    let both = Kernels.valueAndGradient(c.loss, [T](), [], sw, .mean).expectSuccess()
                    #expect(both?.value.first?.isNaN == true && both?.gradient == [])
                }
                // Buffers with no memory at all.
                let none = UnsafeBufferPointer<T>(start: nil, count: 0)
                let noOut = UnsafeMutableBufferPointer<T>(start: nil, count: 0)
                #expect(throws: Never.self) {
                    try Losses.evaluate(c.loss, yTrue: none, yPred: none, sampleWeight: none, reduction: .none, out: noOut)
                    try Losses.gradient(c.loss, yTrue: none, yPred: none, sampleWeight: nil, reduction: .mean, out: noOut)
                    try Losses.valueAndGradient(
                        c.loss, yTrue: none, yPred: none, sampleWeight: none, reduction: .none, value: noOut, gradient: noOut)
                }
                var out: [T] = [sentinel(T.self)]
                let e = capture(&out) { (o) throws(SwiftRegError) in
                    try Losses.evaluate(c.loss, yTrue: none, yPred: none, sampleWeight: nil, reduction: .sum, out: o)
                }
                #expect(e == nil && out == [0])
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test("all-zero sample weights: the mean is NaN (0/0), the sum 0")
    func allZeroWeights() {
        func check<T: TestFloat>(_: T.Type) {
            let yt = randomValues(T.self, 10, seed: 1), yp = randomValues(T.self, 10, seed: 2)
            let zeros = [T](repeating: 0, count: 10)
            for c in LossCase.all {
                #expect(Kernels.evaluate(c.loss, yt, yp, zeros, .mean).expectSuccess()?[0].isNaN == true)
                #expect(Kernels.evaluate(c.loss, yt, yp, zeros, .sum).expectSuccess() == [0])
                #expect(Kernels.evaluate(c.loss, yt, yp, zeros, .none).expectSuccess() == zeros)
                #expect(Kernels.gradient(c.loss, yt, yp, zeros, .sum).expectSuccess() == zeros)
                // The mean's gradient sᵢ·ℓ'ᵢ/Σs is 0/0 as well.
                checkLoss(c, yt, yp, zeros, .mean, "all-zero weights")
                // −0 weights are admissible zeros.
                let negZeros = [T](repeating: -T.zero, count: 10)
                #expect(Kernels.evaluate(c.loss, yt, yp, negZeros, .mean).expectSuccess()?[0].isNaN == true)
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test("Float results are the float64 computation rounded once")
    func floatIsRoundedDouble() {
        // Residuals whose float64 square is not a Float: the result must be that square rounded.
        let yt: [Float] = [0, 0, 0]
        let yp: [Float] = [1.0000001, 3.1415927, Float.greatestFiniteMagnitude]
        let out = Kernels.evaluate(SquaredLoss(), yt, yp, nil, .none).expectSuccess() ?? []
        #expect(out == yp.map { Float(Double($0) * Double($0)) })
        #expect(out.last == .infinity)
        // A sum of Float terms that Float arithmetic would lose: 1 + 2^-24 + 2^-24.
        let small = Float(1) / Float(1 << 24)
        let sum = Kernels.evaluate(AbsoluteLoss(), [0, 0, 0], [1, small, small], nil, .sum).expectSuccess()
        #expect(sum == [Float(1 + 2 * Double(small))])
        #expect(sum != [Float(1) + small + small])
    }
}
