// Penalties.value / gradient / proximal for L1Penalty, L2Penalty and ElasticNetPenalty, for
// Float and Double, against textbook float64 references.

import SwiftRegCore
import Testing

/// A penalty with its independent reference formulas.
struct PenaltyCase: Sendable, CustomStringConvertible {
    let description: String
    let penalty: any Penalty
    /// g(w) = Σ over the elements, summed by the caller.
    let value: @Sendable ([Double]) -> Double
    let gradient: @Sendable (Double) -> Double
    let prox: @Sendable (_ v: Double, _ step: Double) -> Double

    static func l1(_ lam: Double) -> PenaltyCase {
        PenaltyCase(
            description: "L1Penalty(lam: \(lam))", penalty: try! L1Penalty(lambda: lam),
            value: { w in Ref.sum(w.map { lam * abs($0) }) },
            gradient: { lam * Ref.sign($0) },
            prox: { v, t in Ref.soft(v, t * lam) })
    }

    static func l2(_ lam: Double) -> PenaltyCase {
        PenaltyCase(
            description: "L2Penalty(lam: \(lam))", penalty: try! L2Penalty(lambda: lam),
            value: { w in Ref.sum(w.map { lam * $0 * $0 }) },  // λ·w·w: 0 for λ = 0 even where w·w overflows
            gradient: { 2 * lam * $0 },
            prox: { v, t in v / (1 + 2 * t * lam) })
    }

    static func elasticNet(_ l1: Double, _ l2: Double) -> PenaltyCase {
        PenaltyCase(
            description: "ElasticNetPenalty(l1: \(l1), l2: \(l2))", penalty: try! ElasticNetPenalty(l1: l1, l2: l2),
            value: { w in Ref.sum(w.map { l1 * abs($0) }) + Ref.sum(w.map { l2 * $0 * $0 }) },
            gradient: { l1 * Ref.sign($0) + 2 * l2 * $0 },
            prox: { v, t in Ref.soft(v, t * l1) / (1 + 2 * t * l2) })
    }

    static let all: [PenaltyCase] = [
        .l1(0), .l1(0.5), .l1(3), .l2(0), .l2(0.5), .l2(3),
        .elasticNet(0, 0), .elasticNet(0.5, 0), .elasticNet(0, 0.25), .elasticNet(0.5, 0.25), .elasticNet(2, 1.5),
    ]
}

func checkPenalty<T: TestFloat>(_ c: PenaltyCase, _ w: [T], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let what = "\(T.self) \(c) \(context)"
    let wd = w.map(Double.init)

    // Value: a float64 result for both storage types.
    let value = Kernels.penaltyValue(c.penalty, w)
    let ref = c.value(wd)
    let scale = 2 * c.value(wd.map { abs($0) })  // Σ of the absolute terms
    #expect(agrees(value, ref, scale: scale, slack: 512), "value, \(what): got \(value), expected \(ref)",
            sourceLocation: sourceLocation)

    // Gradient.
    if let grad = Kernels.penaltyGradient(c.penalty, w).expectSuccess(sourceLocation: sourceLocation) {
        let m = firstMismatch(grad, wd.map(c.gradient), scale: { abs(c.gradient(abs(wd[$0]))) })
        #expect(m == nil, "gradient, \(what): \(m ?? "")", sourceLocation: sourceLocation)
    }

    // Proximal operator, for several steps; |prox(v)| ≤ |v|.
    for step in [1e-3, 0.5, 1, 2, 1e3] {
        guard let out = Kernels.proximal(c.penalty, w, step: step).expectSuccess(sourceLocation: sourceLocation) else { continue }
        let m = firstMismatch(out, wd.map { c.prox($0, step) })
        #expect(m == nil, "proximal step \(step), \(what): \(m ?? "")", sourceLocation: sourceLocation)
        let bounded = zip(out, w).allSatisfy { o, v in v.isNaN ? o.isNaN : abs(o) <= abs(v) }
        #expect(bounded, "|prox(v)| <= |v|, step \(step), \(what)", sourceLocation: sourceLocation)
    }
}

func checkPenaltiesOnData<T: TestFloat>(_: T.Type, _ c: PenaltyCase) {
    for (k, n) in [0, 1, 7, 9, 100, 2048, 5001].enumerated() {
        checkPenalty(c, randomValues(T.self, n, seed: UInt64(40 + k)), "random n = \(n)")
    }
    checkPenalty(c, specialValues(T.self), "special values")
    checkPenalty(c, specialValues(T.self).filter { $0.isFinite }, "finite special values")
    checkPenalty(c, specialValues(T.self).filter { $0.isFinite && abs($0) <= 3 }, "small special values")
}

func checkSoftThresholdTies<T: TestFloat>(_: T.Type) throws {
    // |v| == step·lam exactly (all values below are exact in Float and Double): exactly 0.
    for (lam, step) in [(0.5, 1.0), (1.0, 0.5), (0.25, 4.0), (3.0, 1.0)] {
        let t = T(lam * step)
        for p in [try L1Penalty(lambda: lam) as any Penalty, try ElasticNetPenalty(l1: lam, l2: 0.5)] {
            let out = try #require(Kernels.proximal(p, [t, -t, t.nextUp, -t.nextUp, t.nextDown, 0, -T.zero], step: step)
                .expectSuccess())
            #expect(out[0] == 0 && out[1] == 0, "\(T.self) \(p): |v| == t must give exactly 0, got \(out)")
            #expect(out[2] > 0 && out[3] < 0, "\(T.self) \(p): just beyond the threshold is not 0, got \(out)")
            #expect(out[4] == 0 && out[5] == 0 && out[6] == 0, "\(T.self) \(p): inside the threshold is 0, got \(out)")
        }
    }
    // The proximal update step has the same tie: |w − lr·g| == lr·l1.
    let p = try ElasticNetPenalty(l1: 0.5, l2: 0.25)
    let out = try #require(Kernels.step(.proximal, [T(1), T(-1), T(0.5)], [T(1.5), T(-1.5), T(0)], lr: 1, p).expectSuccess())
    // w − lr·g = −0.5, 0.5, 0.5, each exactly at lr·l1 = 0.5.
    #expect(out == [0, 0, 0], "\(T.self): proximal step at the tie, got \(out)")
}

@Suite("Penalties")
struct PenaltyTests {
    @Test("value, gradient and proximal operator match the references", arguments: PenaltyCase.all)
    func matchesReference(_ c: PenaltyCase) {
        checkPenaltiesOnData(Float.self, c)
        checkPenaltiesOnData(Double.self, c)
    }

    @Test("soft-thresholding ties |v| == t give exactly 0")
    func softThresholdTies() throws {
        try checkSoftThresholdTies(Float.self)
        try checkSoftThresholdTies(Double.self)
    }

    @Test("known answers: λΣ|w|, λΣw² without ½, 2λw, shrinkage v/(1 + 2tλ)")
    func knownAnswers() throws {
        func check<T: TestFloat>(_: T.Type) throws {
            let w: [T] = [1, -2, 0, 0.5]
            let l1 = try L1Penalty(lambda: 0.5), l2 = try L2Penalty(lambda: 0.5)
            let en = try ElasticNetPenalty(l1: 0.5, l2: 0.5)
            #expect(Kernels.penaltyValue(l1, w) == 1.75)
            #expect(Kernels.penaltyValue(l2, w) == 2.625)
            #expect(Kernels.penaltyValue(en, w) == 4.375)
            #expect(Kernels.penaltyGradient(l1, w).expectSuccess() == [0.5, -0.5, 0, 0.5])
            #expect(Kernels.penaltyGradient(l2, w).expectSuccess() == [1, -2, 0, 0.5])
            #expect(Kernels.penaltyGradient(en, w).expectSuccess() == [1.5, -2.5, 0, 1])
            #expect(Kernels.proximal(l1, w, step: 2).expectSuccess() == [0, -1, 0, 0])
            #expect(Kernels.proximal(l2, w, step: 0.5).expectSuccess() == [T(2) / 3, T(-4) / 3, 0, T(1) / 3])
            #expect(Kernels.proximal(en, w, step: 1).expectSuccess() == [0.25, -0.75, 0, 0])
        }
        try check(Float.self)
        try check(Double.self)
    }

    @Test("the L2 shrinkage never reaches 0 for v ≠ 0 (no underflow), unlike soft-thresholding")
    func l2ShrinkageKeepsSign() throws {
        let v: [Double] = [1e-300, -1e-300, 1, -7]
        let out = try #require(Kernels.proximal(try L2Penalty(lambda: 100), v, step: 100).expectSuccess())
        #expect(zip(out, v).allSatisfy { $0 != 0 && ($0 < 0) == ($1 < 0) })
    }

    @Test("a zero λ or w never meets an overflowed product: no Inf·0 = NaN from finite inputs")
    func noInfTimesZero() throws {
        let huge = Double.greatestFiniteMagnitude
        let w: [Double] = [huge, -huge, 1e200, 0]
        // λ = 0: the L2 part is 0 although w·w overflows.
        #expect(Kernels.penaltyValue(try L2Penalty(lambda: 0), w) == 0)
        #expect(Kernels.penaltyValue(try ElasticNetPenalty(l1: 1, l2: 0), [1e200, 0]) == 1e200)
        // w = 0 with the largest λ: the gradient 2λw is 0, not Inf·0.
        #expect(Kernels.penaltyGradient(try L2Penalty(lambda: huge), [0.0, -0.0]).expectSuccess() == [0, 0])
        #expect(Kernels.penaltyGradient(try ElasticNetPenalty(l1: 0, l2: huge), [0.0]).expectSuccess() == [0])
        // l2 = 0 with the largest step: the shrinkage factor 1 + 2t·l2 is 1, soft(v, Inf) is 0.
        #expect(Kernels.proximal(try L2Penalty(lambda: 0), [3.0, -1e300], step: huge).expectSuccess() == [3, -1e300])
        #expect(Kernels.proximal(try ElasticNetPenalty(l1: 4, l2: 0), [3.0, huge], step: huge).expectSuccess() == [0, 0])
    }

    @Test("empty weights: value 0, nothing written (also with NULL base addresses)")
    func empty() throws {
        func check<T: TestFloat>(_: T.Type) throws {
            for c in PenaltyCase.all {
                #expect(Kernels.penaltyValue(c.penalty, [T]()) == 0)
                #expect(Kernels.penaltyGradient(c.penalty, [T]()).expectSuccess() == [])
                #expect(Kernels.proximal(c.penalty, [T](), step: 1).expectSuccess() == [])
                let none = UnsafeBufferPointer<T>(start: nil, count: 0)
                let noOut = UnsafeMutableBufferPointer<T>(start: nil, count: 0)
                #expect(Penalties.value(c.penalty, none) == 0)
                #expect(throws: Never.self) {
                    try Penalties.gradient(c.penalty, none, out: noOut)
                    try Penalties.proximal(c.penalty, none, step: 1, out: noOut)
                }
            }
        }
        try check(Float.self)
        try check(Double.self)
    }
}
