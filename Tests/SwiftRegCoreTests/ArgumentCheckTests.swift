// Error paths of the core: hyperparameters out of their domain, inadmissible sample weights.
// Every error names the argument (or index) and the value, and leaves the output untouched.

import SwiftRegCore
import Testing

/// Values that are neither finite nor ≥ 0 (for λ, l1, l2).
let notNonNegative: [Double] = [-1, -Double.leastNonzeroMagnitude, -Double.greatestFiniteMagnitude, .nan, .infinity, -.infinity]
/// Values that are neither finite nor > 0 (for δ, step, lr).
let notPositive: [Double] = notNonNegative + [0, -0.0]

/// Whether `error` is .invalidArgument for `name` with the value `value` (NaN matches NaN).
func isInvalidArgument(_ error: SwiftRegError?, _ name: String, _ value: Double) -> Bool {
    guard case let .invalidArgument(argument, got, requirement)? = error else { return false }
    let sameValue = value.isNaN ? got.isNaN : got.bitPattern == value.bitPattern
    return argument == name && sameValue && !requirement.isEmpty
        && error!.description.contains(name) && error!.description.contains("\(value)")
}

func checkHyperparameterErrors<T: TestFloat>(_: T.Type) {
    let w: [T] = [1, -2, 0.5]

    for bad in notPositive {
        #expect(isInvalidArgument(capture { _ = try HuberLoss(delta: bad) }, "delta", bad), "delta = \(bad)")
    }
    for bad in notNonNegative {
        #expect(isInvalidArgument(capture { _ = try L1Penalty(lambda: bad) }, "lam", bad), "L1 lam = \(bad)")
        #expect(isInvalidArgument(capture { _ = try L2Penalty(lambda: bad) }, "lam", bad), "L2 lam = \(bad)")
        #expect(isInvalidArgument(capture { _ = try ElasticNetPenalty(l1: bad, l2: 1) }, "l1", bad), "l1 = \(bad)")
        #expect(isInvalidArgument(capture { _ = try ElasticNetPenalty(l1: 1, l2: bad) }, "l2", bad), "l2 = \(bad)")
        #expect(isInvalidArgument(capture { _ = try ElasticNetPenalty(l1: bad, l2: bad) }, "l1", bad), "l1, l2 = \(bad)")
    }

    // The boundary values are accepted: 0 (and −0) for λ, l1, l2; the extremes of the finite range.
    #expect(throws: Never.self) {
        _ = try L1Penalty(lambda: 0); _ = try L1Penalty(lambda: -0.0); _ = try L2Penalty(lambda: 0)
        _ = try ElasticNetPenalty(l1: 0, l2: 0); _ = try ElasticNetPenalty(l1: .greatestFiniteMagnitude, l2: 0)
        _ = try HuberLoss(delta: .leastNonzeroMagnitude); _ = try HuberLoss(delta: .greatestFiniteMagnitude)
    }

    // step and lr, checked by the kernels; nothing is written.
    let penalties: [any Penalty] = [try! L1Penalty(lambda: 1), try! L2Penalty(lambda: 1), try! ElasticNetPenalty(l1: 1, l2: 1)]
    for bad in notPositive {
        for p in penalties {
            let r = Kernels.proximal(p, w, step: bad)
            #expect(isInvalidArgument(r.failure, "step", bad), "\(T.self) \(p) step = \(bad): \(r)")
        }
        for rule in Kernels.Step.allCases {
            let r = Kernels.step(rule, w, w, lr: bad, try! ElasticNetPenalty(l1: 1, l2: 1))
            #expect(isInvalidArgument(r.failure, "lr", bad), "\(T.self) \(rule) lr = \(bad): \(r)")
        }
    }
    // The output is left as it was.
    var out = [T](repeating: sentinel(T.self), count: 3)
    for bad in notPositive {
        let e1 = w.withUnsafeBufferPointer { w in
            capture(&out) { (o) throws(SwiftRegError) in try Penalties.proximal(penalties[0], w, step: bad, out: o) }
        }
        let e2 = w.withUnsafeBufferPointer { w in
            capture(&out) { (o) throws(SwiftRegError) in
                try UpdateSteps.proximal(w: w, grad: w, lr: bad, penalty: try ElasticNetPenalty(l1: 1, l2: 1), out: o)
            }
        }
        let e3 = w.withUnsafeBufferPointer { w in
            capture(&out) { (o) throws(SwiftRegError) in
                try UpdateSteps.subgradient(w: w, grad: w, lr: bad, penalty: try ElasticNetPenalty(l1: 1, l2: 1), out: o)
            }
        }
        #expect(e1 != nil && e2 != nil && e3 != nil)
        #expect(out == [T](repeating: sentinel(T.self), count: 3), "\(T.self) output written on error")
    }
}

/// Whether `error` is .invalidWeight at `index` with `value`.
func isInvalidWeight(_ error: SwiftRegError?, _ index: Int, _ value: Double) -> Bool {
    guard case let .invalidWeight(i, got)? = error else { return false }
    let sameValue = value.isNaN ? got.isNaN : got == value
    return i == index && sameValue && error!.description.contains("index \(index)")
}

func checkWeightErrors<T: TestFloat>(_: T.Type) {
    let n = 5000  // more than two blocks of the weight sum
    let yt = randomValues(T.self, n, seed: 3), yp = randomValues(T.self, n, seed: 4)
    let good = randomWeights(T.self, n, seed: 5)
    let bads: [T] = [-1, -T.leastNonzeroMagnitude, -T.greatestFiniteMagnitude, .nan, .infinity, -.infinity]
    for bad in bads {
        for index in [0, 1, 2047, 2048, 4999] {
            var sw = good
            sw[index] = bad
            // A second bad weight further on: the first one is reported.
            if index + 10 < n { sw[index + 10] = -5 }
            for c in [LossCase.absolute, .huber(1)] {
                for reduction in Reduction.allCases {
                    let what = "\(T.self) \(c) \(reduction) weight \(bad) at \(index)"
                    // Kernels.* fill the outputs with the sentinel and return them only on success;
                    // check the error and then that nothing was written, directly.
                    var out = [T](repeating: sentinel(T.self), count: reduction == .none ? n : 1)
                    var grad = [T](repeating: sentinel(T.self), count: n)
                    let errors: [SwiftRegError?] = yt.withUnsafeBufferPointer { t in
                        yp.withUnsafeBufferPointer { p in
                            sw.withUnsafeBufferPointer { w in
                                [
                                    capture(&out) { (o) throws(SwiftRegError) in
                                        try Losses.evaluate(c.loss, yTrue: t, yPred: p, sampleWeight: w, reduction: reduction, out: o)
                                    },
                                    capture(&grad) { (g) throws(SwiftRegError) in
                                        try Losses.gradient(c.loss, yTrue: t, yPred: p, sampleWeight: w, reduction: reduction, out: g)
                                    },
                                    capture(&out) { (o) throws(SwiftRegError) in
                                        try grad.withUnsafeMutableBufferPointer { (g: inout UnsafeMutableBufferPointer<T>) throws(SwiftRegError) in
                                            try Losses.valueAndGradient(
                                                c.loss, yTrue: t, yPred: p, sampleWeight: w, reduction: reduction, value: o, gradient: g)
                                        }
                                    },
                                ]
                            }
                        }
                    }
                    for (k, e) in errors.enumerated() {
                        #expect(isInvalidWeight(e, index, Double(bad)), "\(what), kernel \(k): \(String(describing: e))")
                    }
                    #expect(out.allSatisfy { $0 == sentinel(T.self) }, "\(what): value written on error")
                    #expect(grad.allSatisfy { $0 == sentinel(T.self) }, "\(what): gradient written on error")
                }
            }
        }
    }
}

@Suite("Argument checks")
struct ArgumentCheckTests {
    @Test("negative, NaN and infinite hyperparameters (and δ, step, lr ≤ 0) throw invalidArgument naming the argument")
    func hyperparameters() {
        checkHyperparameterErrors(Float.self)
        checkHyperparameterErrors(Double.self)
    }

    @Test("negative, NaN and infinite sample weights throw invalidWeight with the first bad index; nothing is written")
    func weights() {
        checkWeightErrors(Float.self)
        checkWeightErrors(Double.self)
    }

    @Test("error descriptions name the argument and the value")
    func descriptions() {
        #expect(SwiftRegError.invalidArgument(argument: "lam", value: -1, requirement: "finite and >= 0").description
            == "lam must be finite and >= 0, got -1.0")
        #expect(SwiftRegError.invalidWeight(index: 3, value: .nan).description.contains("nan at index 3"))
        #expect(SwiftRegError.overlap(first: "w", second: "out").description.contains("w and out"))
        #expect(SwiftRegError.invalidReduction(value: 7).description.hasSuffix("got 7"))
        #expect(SwiftRegError.invalidLength(argument: "n", value: -2).description == "n must be >= 0, got -2")
        #expect(SwiftRegError.invalidLength(argument: "n_alphas", value: -3, minimum: 1).description
            == "n_alphas must be >= 1, got -3")
        let overflow = SwiftRegError.lengthOverflow(expression: "n_samples * n_features", values: "4294967296 * 4294967296")
        #expect(overflow.description.hasPrefix("n_samples * n_features = 4294967296 * 4294967296 overflows"))
        #expect(!overflow.description.contains(">= 0"))
        #expect(SwiftRegError.nullPointer(argument: "y_true").description.hasPrefix("y_true"))
    }

    @Test("large finite weights are admissible, also when their float64 sum overflows")
    func hugeWeights() {
        let yt: [Double] = [0, 0], yp: [Double] = [1, 1]
        let w: [Double] = [.greatestFiniteMagnitude, .greatestFiniteMagnitude]
        // Σs overflows to +∞: the weights are still valid, the mean is (+∞)/(+∞) = NaN as IEEE says.
        let r = Kernels.evaluate(AbsoluteLoss(), yt, yp, w, .sum)
        #expect(r.failure == nil)
        #expect(r.expectSuccess() == [.infinity])
    }
}
