// UpdateSteps.subgradient and UpdateSteps.proximal for Float and Double against the textbook
// float64 rules.

import SwiftRegCore
import Testing

enum StepRef {
    /// w − lr·(g + l1·sign(w) + 2·l2·w)
    static func subgradient(_ w: Double, _ g: Double, _ lr: Double, _ l1: Double, _ l2: Double) -> Double {
        w - lr * (g + l1 * Ref.sign(w) + 2 * l2 * w)
    }

    /// soft(w − lr·g, lr·l1) / (1 + 2·lr·l2)
    static func proximal(_ w: Double, _ g: Double, _ lr: Double, _ l1: Double, _ l2: Double) -> Double {
        Ref.soft(w - lr * g, lr * l1) / (1 + 2 * lr * l2)
    }

    /// The magnitude of the terms, for the rounding slack of a different association.
    static func scale(_ w: Double, _ g: Double, _ lr: Double, _ l1: Double, _ l2: Double) -> Double {
        abs(w) + lr * (abs(g) + l1 + 2 * l2 * abs(w))
    }
}

let stepHyperparameters: [(lr: Double, l1: Double, l2: Double)] = [
    (0.1, 0, 0), (0.1, 0.5, 0), (0.1, 0, 0.25), (0.1, 0.5, 0.25), (1, 2, 1.5), (1e-3, 3, 0), (2.5, 0.75, 0.125),
]

func checkSteps<T: TestFloat>(_ w: [T], _ g: [T], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let wd = w.map(Double.init), gd = g.map(Double.init)
    for (lr, l1, l2) in stepHyperparameters {
        let p = try! ElasticNetPenalty(l1: l1, l2: l2)
        let what = "\(T.self) lr \(lr) l1 \(l1) l2 \(l2) \(context)"
        if let out = Kernels.step(.subgradient, w, g, lr: lr, p).expectSuccess(sourceLocation: sourceLocation) {
            let ref = wd.indices.map { StepRef.subgradient(wd[$0], gd[$0], lr, l1, l2) }
            let m = firstMismatch(out, ref, scale: { StepRef.scale(wd[$0], gd[$0], lr, l1, l2) })
            #expect(m == nil, "subgradient, \(what): \(m ?? "")", sourceLocation: sourceLocation)
        }
        if let out = Kernels.step(.proximal, w, g, lr: lr, p).expectSuccess(sourceLocation: sourceLocation) {
            let ref = wd.indices.map { StepRef.proximal(wd[$0], gd[$0], lr, l1, l2) }
            let m = firstMismatch(out, ref, scale: { StepRef.scale(wd[$0], gd[$0], lr, l1, 0) })
            #expect(m == nil, "proximal, \(what): \(m ?? "")", sourceLocation: sourceLocation)
        }
    }
}

@Suite("Update steps")
struct UpdateStepTests {
    @Test("random data")
    func randomData() {
        func check<T: TestFloat>(_: T.Type) {
            for (k, n) in [0, 1, 9, 100, 5001].enumerated() {
                checkSteps(randomValues(T.self, n, seed: UInt64(70 + k)),
                           randomValues(T.self, n, in: -5...5, seed: UInt64(80 + k)), "n = \(n)")
            }
        }
        check(Float.self)
        check(Double.self)
    }

    @Test("special values: every pair (w, grad) of ±0, subnormals, extremes, ±∞, NaN")
    func specialValuesMatchReference() {
        func check<T: TestFloat>(_: T.Type) {
            let (w, g) = allPairs(specialValues(T.self))
            checkSteps(w, g, "special pairs")
        }
        check(Float.self)
        check(Double.self)
    }

    @Test("known answers; sign(0) = 0 in the subgradient step")
    func knownAnswers() throws {
        func check<T: TestFloat>(_: T.Type) throws {
            let p = try ElasticNetPenalty(l1: 1, l2: 0.5)
            let w: [T] = [0, 2, -2, 1]
            let g: [T] = [1, 0, 0, -4]
            // w − 0.5·(g + sign(w) + w)
            #expect(Kernels.step(.subgradient, w, g, lr: 0.5, p).expectSuccess() == [-0.5, 0.5, -0.5, 2])
            // soft(w − 0.5g, 0.5) / 1.5: v = −0.5, 2, −2, 3
            #expect(Kernels.step(.proximal, w, g, lr: 0.5, p).expectSuccess() == [0, 1, -1, T(2.5) / T(1.5)])
            // With zero weights and gradients the subgradient step stays at exactly 0.
            let zeros = [T](repeating: 0, count: 4)
            #expect(Kernels.step(.subgradient, zeros, zeros, lr: 0.5, p).expectSuccess() == zeros)
        }
        try check(Float.self)
        try check(Double.self)
    }

    @Test("the largest lr with l2 = 0: the proximal step gives 0 where |w − lr·g| ≤ lr·l1 (found by the fuzzer)")
    func hugeStep() throws {
        let p = try ElasticNetPenalty(l1: 4, l2: 0)
        let huge = Double.greatestFiniteMagnitude
        // w − lr·g = 2 + DBL_MAX rounds to DBL_MAX (finite), lr·l1 = Inf: the answer is 0.
        #expect(Kernels.step(.proximal, [2.0], [-1.0], lr: huge, p).expectSuccess() == [0])
        #expect(Kernels.step(.proximal, [Float(2)], [Float(0)], lr: huge, p).expectSuccess() == [Float(0)])
    }

    @Test("the subgradient step oscillates around 0; the proximal step reaches exactly 0")
    func zeroBehaviour() throws {
        // A weight with no loss gradient under l1: the documented behaviour of the two rules.
        let p = try ElasticNetPenalty(l1: 1, l2: 0)
        var a: [Double] = [0.35], b: [Double] = [0.35]
        for _ in 0..<20 {
            a = try #require(Kernels.step(.subgradient, a, [0], lr: 0.1, p).expectSuccess())
            b = try #require(Kernels.step(.proximal, b, [0], lr: 0.1, p).expectSuccess())
        }
        #expect(a[0] != 0 && abs(a[0]) <= 0.1 + 1e-12)
        #expect(b == [0])
    }
}
