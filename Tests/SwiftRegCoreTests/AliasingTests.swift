// Outputs may be exactly an input buffer (in place) and then give the out-of-place result;
// partial overlaps throw .overlap naming both buffers and write nothing.

import SwiftRegCore
import Testing

/// One allocation holding several buffers, so that tests can place them at chosen offsets.
func withArena<T: TestFloat, R>(_ count: Int, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
    let p = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
    p.initialize(repeating: sentinel(T.self))
    defer { p.deallocate() }
    return try body(p)
}

extension UnsafeMutableBufferPointer {
    func at(_ offset: Int, _ count: Int) -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(rebasing: self[offset..<(offset + count)])
    }
    var ro: UnsafeBufferPointer<Element> { UnsafeBufferPointer(self) }
    func load(_ values: [Element]) { _ = UnsafeMutableBufferPointer(rebasing: self[0..<values.count]).update(fromContentsOf: values) }
}

func isOverlap(_ e: SwiftRegError?, _ first: String, _ second: String) -> Bool {
    e == .overlap(first: first, second: second)
}

func checkInPlace<T: TestFloat>(_: T.Type) throws {
    let n = 300
    let yt = randomValues(T.self, n, seed: 21), yp = randomValues(T.self, n, seed: 22)
    let sw = randomWeights(T.self, n, seed: 23)
    try withArena(3 * n) { (m: UnsafeMutableBufferPointer<T>) in
        let t = m.at(0, n), p = m.at(n, n), w = m.at(2 * n, n)
        func reset() { t.load(yt); p.load(yp); w.load(sw) }

        for c in LossCase.all {
            for reduction in Reduction.allCases {
                let what = "\(T.self) \(c) \(reduction)"
                let value = try #require(Kernels.evaluate(c.loss, yt, yp, sw, reduction).expectSuccess())
                let grad = try #require(Kernels.gradient(c.loss, yt, yp, sw, reduction).expectSuccess())
                // Gradient into each of the three inputs.
                for (name, out) in [("y_true", t), ("y_pred", p), ("sample_weight", w)] {
                    reset()
                    try Losses.gradient(c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction, out: out)
                    #expect(bitwiseEqual(Array(out), grad), "gradient in place into \(name), \(what)")
                }
                if reduction == .none {
                    for (name, out) in [("y_true", t), ("y_pred", p), ("sample_weight", w)] {
                        reset()
                        try Losses.evaluate(c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: .none, out: out)
                        #expect(bitwiseEqual(Array(out), value), "evaluate in place into \(name), \(what)")
                    }
                    // value and gradient into two different inputs.
                    for (vName, v, gName, g) in [("y_true", t, "y_pred", p), ("sample_weight", w, "y_true", t), ("y_pred", p, "sample_weight", w)] {
                        reset()
                        try Losses.valueAndGradient(
                            c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: .none, value: v, gradient: g)
                        #expect(bitwiseEqual(Array(v), value) && bitwiseEqual(Array(g), grad),
                                "valueAndGradient into \(vName) and \(gName), \(what)")
                    }
                } else {
                    for (name, g) in [("y_true", t), ("y_pred", p), ("sample_weight", w)] {
                        reset()
                        var v: [T] = [0]
                        try v.withUnsafeMutableBufferPointer { v in
                            try Losses.valueAndGradient(
                                c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction, value: v, gradient: g)
                        }
                        #expect(bitwiseEqual(Array(g), grad), "valueAndGradient, gradient into \(name), \(what)")
                        // The value too: runBoth sums each block before writing its gradient.
                        #expect(bitwiseEqual(v, value), "valueAndGradient value, gradient into \(name), \(what): \(v) vs \(value)")
                    }
                    // n == 1: the one-element result may be the input itself.
                    let one = try #require(Kernels.evaluate(c.loss, [yt[0]], [yp[0]], [sw[0]], reduction).expectSuccess())
                    for (name, out) in [("y_true", t), ("y_pred", p), ("sample_weight", w)] {
                        reset()
                        try Losses.evaluate(
                            c.loss, yTrue: t.at(0, 1).ro, yPred: p.at(0, 1).ro, sampleWeight: w.at(0, 1).ro,
                            reduction: reduction, out: out.at(0, 1))
                        #expect(bitwiseEqual([out[0]], one), "evaluate n = 1 in place into \(name), \(what)")
                    }
                }
            }
        }

        for c in PenaltyCase.all {
            let grad = try #require(Kernels.penaltyGradient(c.penalty, yt).expectSuccess())
            reset()
            try Penalties.gradient(c.penalty, t.ro, out: t)
            #expect(bitwiseEqual(Array(t), grad), "\(T.self) \(c) gradient in place")
            let prox = try #require(Kernels.proximal(c.penalty, yt, step: 0.7).expectSuccess())
            reset()
            try Penalties.proximal(c.penalty, t.ro, step: 0.7, out: t)
            #expect(bitwiseEqual(Array(t), prox), "\(T.self) \(c) proximal in place")
        }

        let en = try ElasticNetPenalty(l1: 0.5, l2: 0.25)
        for rule in Kernels.Step.allCases {
            let expected = try #require(Kernels.step(rule, yt, yp, lr: 0.3, en).expectSuccess())
            for (name, out) in [("w", t), ("grad", p)] {
                reset()
                switch rule {
                case .subgradient: try UpdateSteps.subgradient(w: t.ro, grad: p.ro, lr: 0.3, penalty: en, out: out)
                case .proximal: try UpdateSteps.proximal(w: t.ro, grad: p.ro, lr: 0.3, penalty: en, out: out)
                }
                #expect(bitwiseEqual(Array(out), expected), "\(T.self) \(rule) step in place into \(name)")
            }
        }
    }
}

func checkPartialOverlap<T: TestFloat>(_: T.Type) throws {
    let n = 64
    let yt = randomValues(T.self, n, seed: 31), yp = randomValues(T.self, n, seed: 32)
    let sw = randomWeights(T.self, n, seed: 33)
    // Layout: y_true [0, n), y_pred [n, 2n), sample_weight [2n, 3n), spare [3n, 5n).
    try withArena(5 * n) { (m: UnsafeMutableBufferPointer<T>) in
        let t = m.at(0, n), p = m.at(n, n), w = m.at(2 * n, n)
        t.load(yt); p.load(yp); w.load(sw)
        let before = Array(m)
        func unchanged(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(bitwiseEqual(Array(m), before), "memory changed on error: \(what)", sourceLocation: sourceLocation)
        }
        // Outputs shifted by one element against each input, on either side; and one-element
        // outputs inside an input of n > 1 elements.
        // The inputs are checked in the order y_true, y_pred, sample_weight: the first one that
        // overlaps is named.
        let cases: [(String, Int)] = [("y_true", 1), ("y_true", n - 1), ("y_pred", n + 1), ("y_pred", 2 * n - 1),
                                      ("sample_weight", 2 * n + 1), ("sample_weight", 3 * n - 1)]
        for c in LossCase.all {
            for reduction in Reduction.allCases {
                let count = reduction == .none ? n : 1
                for (name, offset) in cases {
                    let out = m.at(offset, count)
                    let what = "\(T.self) \(c) \(reduction) out at \(offset) over \(name)"
                    let e1 = capture { () throws(SwiftRegError) in
                        try Losses.evaluate(c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction, out: out)
                    }
                    #expect(isOverlap(e1, name, "out"), "evaluate, \(what): \(String(describing: e1))")
                    unchanged("evaluate, \(what)")
                    let g = m.at(offset, n)
                    let e2 = capture { () throws(SwiftRegError) in
                        try Losses.gradient(c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction, out: g)
                    }
                    #expect(isOverlap(e2, name, "grad"), "gradient, \(what): \(String(describing: e2))")
                    unchanged("gradient, \(what)")
                    let spare = m.at(3 * n, count)
                    let e3 = capture { () throws(SwiftRegError) in
                        try Losses.valueAndGradient(
                            c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction, value: spare, gradient: g)
                    }
                    #expect(isOverlap(e3, name, "grad"), "valueAndGradient grad, \(what): \(String(describing: e3))")
                    unchanged("valueAndGradient grad, \(what)")
                    let e4 = capture { () throws(SwiftRegError) in
                        try Losses.valueAndGradient(
                            c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction,
                            value: out, gradient: m.at(4 * n, n))
                    }
                    #expect(isOverlap(e4, name, "value"), "valueAndGradient value, \(what): \(String(describing: e4))")
                    unchanged("valueAndGradient value, \(what)")
                }
                // value and grad must be disjoint: the same buffer or a partial overlap are rejected.
                for offset in [3 * n, 3 * n + 1, 4 * n - 1] {
                    let e = capture { () throws(SwiftRegError) in
                        try Losses.valueAndGradient(
                            c.loss, yTrue: t.ro, yPred: p.ro, sampleWeight: w.ro, reduction: reduction,
                            value: m.at(offset, reduction == .none ? n : 1), gradient: m.at(3 * n, n))
                    }
                    #expect(isOverlap(e, "value", "grad"), "\(T.self) \(c) \(reduction) value at \(offset): \(String(describing: e))")
                    unchanged("value/grad overlap")
                }
            }
        }

        for c in PenaltyCase.all {
            for offset in [1, n - 1] {
                let e1 = capture { () throws(SwiftRegError) in try Penalties.gradient(c.penalty, t.ro, out: m.at(offset, n)) }
                #expect(isOverlap(e1, "w", "out"), "\(T.self) \(c) gradient: \(String(describing: e1))")
                let e2 = capture { () throws(SwiftRegError) in try Penalties.proximal(c.penalty, t.ro, step: 1, out: m.at(offset, n)) }
                #expect(isOverlap(e2, "v", "out"), "\(T.self) \(c) proximal: \(String(describing: e2))")
                unchanged("\(c)")
            }
        }

        let en = try ElasticNetPenalty(l1: 0.5, l2: 0.25)
        for rule in Kernels.Step.allCases {
            for (name, offset) in [("w", 1), ("w", n - 1), ("grad", n + 1), ("grad", 2 * n - 1)] {
                let out = m.at(offset, n)
                let e = capture { () throws(SwiftRegError) in
                    switch rule {
                    case .subgradient: try UpdateSteps.subgradient(w: t.ro, grad: p.ro, lr: 0.1, penalty: en, out: out)
                    case .proximal: try UpdateSteps.proximal(w: t.ro, grad: p.ro, lr: 0.1, penalty: en, out: out)
                    }
                }
                #expect(isOverlap(e, name, "out"), "\(T.self) \(rule) out at \(offset): \(String(describing: e))")
                unchanged("\(rule)")
            }
        }
    }
}

@Suite("Aliasing")
struct AliasingTests {
    @Test("an output that is exactly an input gives the out-of-place result")
    func inPlace() throws {
        try checkInPlace(Float.self)
        try checkInPlace(Double.self)
    }

    @Test("partial overlaps throw .overlap naming both buffers, and nothing is written")
    func partialOverlap() throws {
        try checkPartialOverlap(Float.self)
        try checkPartialOverlap(Double.self)
    }

    @Test("adjacent buffers do not overlap")
    func adjacent() throws {
        try withArena(20) { (m: UnsafeMutableBufferPointer<Double>) in
            m.load((0..<20).map(Double.init))
            try Penalties.gradient(try L2Penalty(lambda: 1), m.at(0, 10).ro, out: m.at(10, 10))
            #expect(Array(m.at(10, 10)) == (0..<10).map { 2 * Double($0) })
            try Losses.evaluate(SquaredLoss(), yTrue: m.at(0, 5).ro, yPred: m.at(5, 5).ro, sampleWeight: nil,
                                reduction: .sum, out: m.at(10, 1))
            #expect(m[10] == 125)
        }
    }
}
