// The C ABI through its entry points, with raw pointers as a C caller passes them: known
// answers, status codes for every kind of bad argument, the per-thread last-error message,
// status strings, the version and the thread cap.

import CSwiftReg
import Foundation
import SwiftReg
import Testing

// Data shared by the loss checks: r = y_pred − y_true = 1, 0, −2, 4.
let yTrue: [Double] = [1, 2, 3, 4]
let yPred: [Double] = [2, 2, 1, 8]
let weights: [Double] = [1, 0, 3, 0.5]

/// Expects `status`, and a last-error message containing every string of `mentions`.
func expectStatus(
    _ status: sr_status, _ expected: sr_status, mentions: [String] = [], _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(status == expected, "\(what): status \(status), expected \(expected) (\(lastError()))", sourceLocation: sourceLocation)
    guard status != SR_OK else { return }
    let message = lastError()
    for m in mentions {
        #expect(message.contains(m), "\(what): sr_last_error() = \"\(message)\" should mention \"\(m)\"", sourceLocation: sourceLocation)
    }
}

// MARK: - Losses

func checkLossKnownAnswers<T: CEntryPoints>(_: T.Type) {
    let yt = yTrue.map { T($0) }, yp = yPred.map { T($0) }, sw = weights.map { T($0) }
    for api in T.losses {
        for (w, wName) in [(nil, "unweighted"), (sw, "weighted")] as [([T]?, String)] {
            let s = (0..<4).map { w == nil ? 1 : weights[$0] }
            let terms = (0..<4).map { s[$0] * api.ell(yPred[$0] - yTrue[$0]) }
            let total = s.reduce(0, +)
            for (code, red) in [(SR_REDUCTION_NONE, "none"), (SR_REDUCTION_SUM, "sum"), (SR_REDUCTION_MEAN, "mean")] {
                let what = "\(api) \(red) \(wName)"
                let expected: [Double] = code == SR_REDUCTION_NONE ? terms
                    : [terms.reduce(0, +) / (code == SR_REDUCTION_MEAN ? total : 1)]
                let c = code == SR_REDUCTION_MEAN ? 1 / total : 1
                let expectedGrad = (0..<4).map { s[$0] * api.derivative(yPred[$0] - yTrue[$0]) * c }

                var out = [T](repeating: sentinel(T.self), count: expected.count)
                var grad = [T](repeating: sentinel(T.self), count: 4)
                var value = out, grad2 = grad
                let st: sr_status
                if let w {
                    st = api.value(yt, yp, w, 4, code, &out)
                } else {
                    st = api.value(yt, yp, nil, 4, code, &out)
                }
                expectStatus(st, SR_OK, what)
                #expect(zip(out, expected).allSatisfy(closeTo), "value, \(what): \(out) vs \(expected)")
                expectStatus(w.map { api.grad(yt, yp, $0, 4, code, &grad) } ?? api.grad(yt, yp, nil, 4, code, &grad), SR_OK, what)
                #expect(zip(grad, expectedGrad).allSatisfy(closeTo), "grad, \(what): \(grad) vs \(expectedGrad)")
                expectStatus(w.map { api.both(yt, yp, $0, 4, code, &value, &grad2) } ?? api.both(yt, yp, nil, 4, code, &value, &grad2),
                             SR_OK, what)
                #expect(value == out && grad2 == grad, "value_and_grad, \(what)")
            }
        }
    }
}

func checkLossStatuses<T: CEntryPoints>(_: T.Type) {
    let yt = yTrue.map { T($0) }, yp = yPred.map { T($0) }
    let fresh = [T](repeating: sentinel(T.self), count: 4)
    for api in T.losses {
        for code in [SR_REDUCTION_NONE, SR_REDUCTION_SUM, SR_REDUCTION_MEAN] {
            let what = "\(api) reduction \(code)"
            var out = fresh, grad = fresh
            // NULL where n > 0; sample_weight may be NULL.
            expectStatus(api.value(nil, yp, nil, 4, code, &out), SR_ERR_NULL_POINTER, mentions: ["y_true"], what)
            expectStatus(api.value(yt, nil, nil, 4, code, &out), SR_ERR_NULL_POINTER, mentions: ["y_pred"], what)
            expectStatus(api.value(yt, yp, nil, 4, code, nil), SR_ERR_NULL_POINTER, mentions: ["out"], what)
            expectStatus(api.grad(nil, yp, nil, 4, code, &grad), SR_ERR_NULL_POINTER, mentions: ["y_true"], what)
            expectStatus(api.grad(yt, nil, nil, 4, code, &grad), SR_ERR_NULL_POINTER, mentions: ["y_pred"], what)
            expectStatus(api.grad(yt, yp, nil, 4, code, nil), SR_ERR_NULL_POINTER, mentions: ["grad"], what)
            expectStatus(api.both(nil, yp, nil, 4, code, &out, &grad), SR_ERR_NULL_POINTER, mentions: ["y_true"], what)
            expectStatus(api.both(yt, yp, nil, 4, code, nil, &grad), SR_ERR_NULL_POINTER, mentions: ["value"], what)
            expectStatus(api.both(yt, yp, nil, 4, code, &out, nil), SR_ERR_NULL_POINTER, mentions: ["grad"], what)
            #expect(out == fresh && grad == fresh, "written on error: \(what)")

            // Negative n.
            for n: Int64 in [-1, -4, .min] {
                expectStatus(api.value(yt, yp, nil, n, code, &out), SR_ERR_INVALID_LENGTH, mentions: ["n", "got \(n)"], what)
                expectStatus(api.grad(yt, yp, nil, n, code, &grad), SR_ERR_INVALID_LENGTH, mentions: ["n", "got \(n)"], what)
                expectStatus(api.both(yt, yp, nil, n, code, &out, &grad), SR_ERR_INVALID_LENGTH, mentions: ["got \(n)"], what)
            }
            #expect(out == fresh && grad == fresh, "written on error: \(what)")

            // Inadmissible weights: the index and the value are named.
            for (bad, text) in [(T(-1), "-1.0"), (T.nan, "nan"), (T.infinity, "inf")] {
                let sw: [T] = [1, 1, bad, 1]
                expectStatus(api.value(yt, yp, sw, 4, code, &out), SR_ERR_INVALID_WEIGHT, mentions: ["index 2", text], what)
                expectStatus(api.grad(yt, yp, sw, 4, code, &grad), SR_ERR_INVALID_WEIGHT, mentions: ["index 2"], what)
                expectStatus(api.both(yt, yp, sw, 4, code, &out, &grad), SR_ERR_INVALID_WEIGHT, mentions: ["index 2"], what)
            }
            #expect(out == fresh && grad == fresh, "written on error: \(what)")
        }

        // Bad reduction codes.
        var out = fresh, grad = fresh
        for code: Int32 in [3, -1, 100, .max, .min] {
            expectStatus(api.value(yt, yp, nil, 4, code, &out), SR_ERR_INVALID_REDUCTION, mentions: ["reduction", "got \(code)"], "\(api)")
            expectStatus(api.grad(yt, yp, nil, 4, code, &grad), SR_ERR_INVALID_REDUCTION, mentions: ["got \(code)"], "\(api)")
            expectStatus(api.both(yt, yp, nil, 4, code, &out, &grad), SR_ERR_INVALID_REDUCTION, mentions: ["got \(code)"], "\(api)")
        }
        #expect(out == fresh && grad == fresh, "written on error: \(api)")

        // n == 0: NULL inputs are fine; sum is 0, mean NaN; a reduction still needs its one output.
        var one: [T] = [sentinel(T.self)]
        expectStatus(api.value(nil, nil, nil, 0, SR_REDUCTION_NONE, nil), SR_OK, "\(api) n = 0 none")
        expectStatus(api.value(nil, nil, nil, 0, SR_REDUCTION_SUM, &one), SR_OK, "\(api) n = 0 sum")
        #expect(one == [0])
        expectStatus(api.value(nil, nil, nil, 0, SR_REDUCTION_MEAN, &one), SR_OK, "\(api) n = 0 mean")
        #expect(one[0].isNaN)
        expectStatus(api.value(nil, nil, nil, 0, SR_REDUCTION_SUM, nil), SR_ERR_NULL_POINTER, mentions: ["out"], "\(api) n = 0 sum")
        for code in [SR_REDUCTION_NONE, SR_REDUCTION_SUM, SR_REDUCTION_MEAN] {
            expectStatus(api.grad(nil, nil, nil, 0, code, nil), SR_OK, "\(api) grad n = 0")
        }
        expectStatus(api.both(nil, nil, nil, 0, SR_REDUCTION_NONE, nil, nil), SR_OK, "\(api) both n = 0")
        one = [sentinel(T.self)]
        expectStatus(api.both(nil, nil, nil, 0, SR_REDUCTION_SUM, &one, nil), SR_OK, "\(api) both n = 0 sum")
        #expect(one == [0])

        // Overlaps: an output shifted by one element against an input; value and grad sharing memory.
        var mem = [T](repeating: 1, count: 12)
        mem.withUnsafeMutableBufferPointer { m in
            let p = m.baseAddress!
            expectStatus(api.value(p, p + 4, nil, 4, SR_REDUCTION_NONE, p + 1), SR_ERR_OVERLAP, mentions: ["y_true", "out"], "\(api)")
            expectStatus(api.grad(p, p + 4, nil, 4, SR_REDUCTION_SUM, p + 5), SR_ERR_OVERLAP, mentions: ["y_pred"], "\(api)")
            // The message names the C parameter, `grad`.
            #expect(lastError().contains("y_pred and grad"), "\(api): \(lastError())")
            expectStatus(api.value(p, p + 4, p + 8, 4, SR_REDUCTION_NONE, p + 7), SR_ERR_OVERLAP, mentions: ["y_pred", "out"], "\(api)")
            expectStatus(api.value(p, p + 4, nil, 4, SR_REDUCTION_SUM, p + 2), SR_ERR_OVERLAP, mentions: ["y_true"], "\(api)")
            expectStatus(api.both(p, p + 4, nil, 4, SR_REDUCTION_NONE, p + 8, p + 8), SR_ERR_OVERLAP, mentions: ["value", "grad"], "\(api)")
            expectStatus(api.both(p, p + 4, nil, 4, SR_REDUCTION_SUM, p + 9, p + 8), SR_ERR_OVERLAP, mentions: ["value", "grad"], "\(api)")
        }
        #expect(mem == [T](repeating: 1, count: 12), "written on error: \(api)")
        // Exact aliasing is allowed: grad into y_pred.
        var yp2 = yp
        let expected = { var g = fresh; _ = api.grad(yt, yp, nil, 4, SR_REDUCTION_MEAN, &g); return g }()
        yp2.withUnsafeMutableBufferPointer { p in
            expectStatus(api.grad(yt, p.baseAddress, nil, 4, SR_REDUCTION_MEAN, p.baseAddress), SR_OK, "\(api) in place")
        }
        #expect(yp2 == expected)

        // value_and_grad with a reduction and grad the very buffer y_pred (allowed by swiftreg.h).
        let t3: [T] = [0, 1, -2], p3: [T] = [0.5, 1, 0]
        var reference: [T] = [sentinel(T.self)], referenceGrad = [T](repeating: 0, count: 3)
        _ = api.both(t3, p3, nil, 3, SR_REDUCTION_SUM, &reference, &referenceGrad)
        var value: [T] = [sentinel(T.self)], p3Alias = p3
        p3Alias.withUnsafeMutableBufferPointer { p in
            expectStatus(api.both(t3, p.baseAddress, nil, 3, SR_REDUCTION_SUM, &value, p.baseAddress), SR_OK, "\(api) grad = y_pred")
        }
        #expect(p3Alias == referenceGrad, "\(api): gradient in place")
        #expect(value == reference, "\(api): value with grad = y_pred: \(value) vs \(reference)")
    }

    // delta must be finite and > 0.
    for bad in [0, -0.0, -1, .nan, .infinity, -.infinity] as [Double] {
        let api = T.huber(bad)
        var out = fresh, grad = fresh
        let what = "\(api) delta = \(bad)"
        for code in [SR_REDUCTION_NONE, SR_REDUCTION_MEAN] {
            expectStatus(api.value(yt, yp, nil, 4, code, &out), SR_ERR_INVALID_ARGUMENT, mentions: ["delta", "got \(bad)"], what)
            expectStatus(api.grad(yt, yp, nil, 4, code, &grad), SR_ERR_INVALID_ARGUMENT, mentions: ["delta", "got \(bad)"], what)
            expectStatus(api.both(yt, yp, nil, 4, code, &out, &grad), SR_ERR_INVALID_ARGUMENT, mentions: ["delta"], what)
        }
        #expect(out == fresh && grad == fresh, "written on error: \(what)")
    }
}

// MARK: - Penalties, proximal operators, update steps

func checkPenaltyCalls<T: CEntryPoints>(_: T.Type) {
    let wd: [Double] = [1, -2, 0, 0.5, -0.25]
    let w = wd.map { T($0) }
    let n = Int64(w.count)
    let fresh = [T](repeating: sentinel(T.self), count: w.count)
    for api in T.penalties {
        let h = api.good
        // Known answers.
        var one: [T] = [sentinel(T.self)], out = fresh
        expectStatus(api.value(h, w, n, &one), SR_OK, "\(api) value")
        #expect(closeTo(one[0], wd.map { api.term(h, $0) }.reduce(0, +)), "\(api) value: \(one)")
        expectStatus(api.grad(h, w, n, &out), SR_OK, "\(api) grad")
        #expect(zip(out, wd.map { api.derivative(h, $0) }).allSatisfy(closeTo), "\(api) grad: \(out)")
        for step in [0.5, 2.0] {
            expectStatus(api.prox(h, w, n, step, &out), SR_OK, "\(api) prox")
            #expect(zip(out, wd.map { api.proximal(h, $0, step) }).allSatisfy(closeTo), "\(api) prox step \(step): \(out)")
        }

        one = [sentinel(T.self)]; out = fresh
        // NULL with n > 0.
        expectStatus(api.value(h, nil, n, &one), SR_ERR_NULL_POINTER, mentions: ["w"], "\(api) value")
        expectStatus(api.value(h, w, n, nil), SR_ERR_NULL_POINTER, mentions: ["out"], "\(api) value")
        expectStatus(api.grad(h, nil, n, &out), SR_ERR_NULL_POINTER, mentions: ["w"], "\(api) grad")
        expectStatus(api.grad(h, w, n, nil), SR_ERR_NULL_POINTER, mentions: ["out"], "\(api) grad")
        expectStatus(api.prox(h, nil, n, 1, &out), SR_ERR_NULL_POINTER, mentions: ["v"], "\(api) prox")
        expectStatus(api.prox(h, w, n, 1, nil), SR_ERR_NULL_POINTER, mentions: ["out"], "\(api) prox")
        // Negative n.
        expectStatus(api.value(h, w, -1, &one), SR_ERR_INVALID_LENGTH, mentions: ["got -1"], "\(api) value")
        expectStatus(api.grad(h, w, -1, &out), SR_ERR_INVALID_LENGTH, mentions: ["got -1"], "\(api) grad")
        expectStatus(api.prox(h, w, .min, 1, &out), SR_ERR_INVALID_LENGTH, mentions: ["got \(Int64.min)"], "\(api) prox")
        // Hyperparameters: each one negative, NaN or infinite.
        for (k, name) in api.names.enumerated() {
            for (bad, text) in [(-1.0, "-1.0"), (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf")] {
                var hp = h
                hp[k] = bad
                let what = "\(api) \(name) = \(bad)"
                expectStatus(api.value(hp, w, n, &one), SR_ERR_INVALID_ARGUMENT, mentions: [name, "got \(text)"], what)
                expectStatus(api.grad(hp, w, n, &out), SR_ERR_INVALID_ARGUMENT, mentions: [name, "got \(text)"], what)
                expectStatus(api.prox(hp, w, n, 1, &out), SR_ERR_INVALID_ARGUMENT, mentions: [name, "got \(text)"], what)
            }
        }
        for (bad, text) in [(0.0, "got 0.0"), (-0.5, "got -0.5"), (.nan, "got nan"), (.infinity, "got inf")] {
            expectStatus(api.prox(h, w, n, bad, &out), SR_ERR_INVALID_ARGUMENT, mentions: ["step", text], "\(api) step = \(bad)")
        }
        #expect(one == [sentinel(T.self)] && out == fresh, "\(api): written on error")

        // n == 0 with NULL.
        expectStatus(api.value(h, nil, 0, &one), SR_OK, "\(api) value n = 0")
        #expect(one == [0])
        expectStatus(api.grad(h, nil, 0, nil), SR_OK, "\(api) grad n = 0")
        expectStatus(api.prox(h, nil, 0, 1, nil), SR_OK, "\(api) prox n = 0")

        // Overlap, and exact aliasing (in place).
        var mem = w + w
        let before = mem
        mem.withUnsafeMutableBufferPointer { m in
            let p = m.baseAddress!
            expectStatus(api.grad(h, p, n, p + 1), SR_ERR_OVERLAP, mentions: ["w", "out"], "\(api) grad")
            expectStatus(api.prox(h, p + 1, n, 1, p), SR_ERR_OVERLAP, mentions: ["v", "out"], "\(api) prox")
        }
        #expect(mem == before)
        var inPlace = w, expected = fresh
        _ = api.prox(h, w, n, 0.5, &expected)
        inPlace.withUnsafeMutableBufferPointer { p in
            expectStatus(api.prox(h, p.baseAddress, n, 0.5, p.baseAddress), SR_OK, "\(api) prox in place")
        }
        #expect(inPlace == expected)
    }
}

func checkStepCalls<T: CEntryPoints>(_: T.Type) {
    let wd: [Double] = [1, -2, 0, 0.5, -0.25], gd: [Double] = [0.5, 1, -3, 0, 2]
    let w = wd.map { T($0) }, g = gd.map { T($0) }
    let n = Int64(w.count)
    let fresh = [T](repeating: sentinel(T.self), count: w.count)
    for api in T.steps {
        var out = fresh
        expectStatus(api.step(w, g, n, 0.5, 0.5, 0.25, &out), SR_OK, "\(api)")
        #expect(zip(out, (0..<w.count).map { api.rule(wd[$0], gd[$0], 0.5, 0.5, 0.25) }).allSatisfy(closeTo), "\(api): \(out)")

        out = fresh
        expectStatus(api.step(nil, g, n, 0.5, 0.5, 0.25, &out), SR_ERR_NULL_POINTER, mentions: ["w"], "\(api)")
        expectStatus(api.step(w, nil, n, 0.5, 0.5, 0.25, &out), SR_ERR_NULL_POINTER, mentions: ["grad"], "\(api)")
        expectStatus(api.step(w, g, n, 0.5, 0.5, 0.25, nil), SR_ERR_NULL_POINTER, mentions: ["out"], "\(api)")
        expectStatus(api.step(w, g, -3, 0.5, 0.5, 0.25, &out), SR_ERR_INVALID_LENGTH, mentions: ["got -3"], "\(api)")
        for (bad, text) in [(0.0, "0.0"), (-1.0, "-1.0"), (.nan, "nan"), (.infinity, "inf")] {
            expectStatus(api.step(w, g, n, bad, 0.5, 0.25, &out), SR_ERR_INVALID_ARGUMENT, mentions: ["lr", "got \(text)"], "\(api)")
        }
        for (bad, text) in [(-1.0, "-1.0"), (.nan, "nan"), (.infinity, "inf")] {
            expectStatus(api.step(w, g, n, 0.5, bad, 0.25, &out), SR_ERR_INVALID_ARGUMENT, mentions: ["l1", "got \(text)"], "\(api)")
            expectStatus(api.step(w, g, n, 0.5, 0.5, bad, &out), SR_ERR_INVALID_ARGUMENT, mentions: ["l2", "got \(text)"], "\(api)")
        }
        #expect(out == fresh, "\(api): written on error")
        expectStatus(api.step(nil, nil, 0, 0.5, 0.5, 0.25, nil), SR_OK, "\(api) n = 0")

        var mem = w + g
        let before = mem
        mem.withUnsafeMutableBufferPointer { m in
            let p = m.baseAddress!
            expectStatus(api.step(p, p + 5, n, 0.5, 0.5, 0.25, p + 1), SR_ERR_OVERLAP, mentions: ["w", "out"], "\(api)")
            expectStatus(api.step(p, p + 5, n, 0.5, 0.5, 0.25, p + 4), SR_ERR_OVERLAP, mentions: ["out"], "\(api)")
        }
        #expect(mem == before)
        // In place into w and into grad.
        var expected = fresh
        _ = api.step(w, g, n, 0.5, 0.5, 0.25, &expected)
        mem.withUnsafeMutableBufferPointer { m in
            let p = m.baseAddress!
            expectStatus(api.step(p, p + 5, n, 0.5, 0.5, 0.25, p), SR_OK, "\(api) in place into w")
        }
        #expect(Array(mem[0..<5]) == expected)
        mem = before
        mem.withUnsafeMutableBufferPointer { m in
            let p = m.baseAddress!
            expectStatus(api.step(p, p + 5, n, 0.5, 0.5, 0.25, p + 5), SR_OK, "\(api) in place into grad")
        }
        #expect(Array(mem[5..<10]) == expected)
    }
}

/// A result handed from a thread to the one that waits for it (the semaphore orders the accesses).
final class Box<R>: @unchecked Sendable { var value: R? }

/// Runs `body` on a new thread and waits for it.
func onNewThread<R: Sendable>(_ body: @escaping @Sendable () -> R) -> R {
    let box = Box<R>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.start()
    done.wait()
    return box.value!
}

@Suite("C entry points")
struct CEntryPointTests {
    @Test("losses: known answers for every reduction, with and without weights")
    func lossKnownAnswers() {
        checkLossKnownAnswers(Double.self)
        checkLossKnownAnswers(Float.self)
    }

    @Test("losses: NULL pointers, lengths, reduction codes, weights, delta, overlaps")
    func lossStatuses() {
        checkLossStatuses(Double.self)
        checkLossStatuses(Float.self)
    }

    @Test("penalties and proximal operators: known answers and every status")
    func penalties() {
        checkPenaltyCalls(Double.self)
        checkPenaltyCalls(Float.self)
    }

    @Test("update steps: known answers and every status")
    func steps() {
        checkStepCalls(Double.self)
        checkStepCalls(Float.self)
    }

    @Test("sr_last_error names the argument and the value; a success leaves it unchanged")
    func lastErrorMessage() {
        var out = [Double](repeating: 0, count: 3)
        let v: [Double] = [1, 2, 3]
        #expect(SwiftReg.sr_l2_prox_f64(v, 3, 1, -0.5, &out) == SR_ERR_INVALID_ARGUMENT)
        #expect(lastError() == "step must be finite and > 0, got -0.5")
        #expect(SwiftReg.sr_l2_prox_f64(v, 3, 1, 0.5, &out) == SR_OK)
        #expect(lastError() == "step must be finite and > 0, got -0.5")
        #expect(SwiftReg.sr_l1_penalty_f64(v, 3, -2.5, &out) == SR_ERR_INVALID_ARGUMENT)
        #expect(lastError() == "lam must be finite and >= 0, got -2.5")
        #expect(SwiftReg.sr_l1_loss_f64(v, v, nil, 3, 7, &out) == SR_ERR_INVALID_REDUCTION)
        #expect(lastError() == "reduction must be 0 (none), 1 (sum) or 2 (mean), got 7")
        #expect(SwiftReg.sr_l1_loss_f64(v, v, nil, -3, 0, &out) == SR_ERR_INVALID_LENGTH)
        #expect(lastError() == "n must be >= 0, got -3")
        #expect(SwiftReg.sr_l1_loss_f64(nil, v, nil, 3, 0, &out) == SR_ERR_NULL_POINTER)
        #expect(lastError() == "y_true is a null pointer but its length is not 0")
        #expect(SwiftReg.sr_l1_loss_f64(v, v, [1, -2, 1], 3, 0, &out) == SR_ERR_INVALID_WEIGHT)
        #expect(lastError() == "sample_weight must be finite and >= 0, got -2.0 at index 1")
        #expect(SwiftReg.sr_get_num_threads(nil) == SR_ERR_NULL_POINTER)
        #expect(lastError().contains("out"))
        // The pointer is stable until this thread's next failure.
        let p = SwiftReg.sr_last_error()
        #expect(SwiftReg.sr_l1_penalty_f64(v, 3, 1, &out) == SR_OK)
        #expect(SwiftReg.sr_last_error() == p)
    }

    @Test("the last-error message is per thread")
    func lastErrorIsPerThread() {
        var out = [Double](repeating: 0, count: 3)
        let v: [Double] = [1, 2, 3]
        #expect(SwiftReg.sr_l1_penalty_f64(v, 3, -1, &out) == SR_ERR_INVALID_ARGUMENT)
        let mine = lastError()
        #expect(mine.contains("lam"))

        let (before, status, after) = onNewThread { () -> (String, sr_status, String) in
            // A thread that has not failed yet sees "".
            let before = lastError()
            var o = [Double](repeating: 0, count: 3)
            let s = SwiftReg.sr_huber_loss_f64([1, 2, 3], [1, 2, 3], nil, 3, SR_REDUCTION_NONE, -4, &o)
            return (before, s, lastError())
        }
        #expect(before == "")
        #expect(status == SR_ERR_INVALID_ARGUMENT)
        #expect(after == "delta must be finite and > 0, got -4.0")
        #expect(lastError() == mine, "a failure on another thread changed this thread's message")

        // Many threads failing at once each see their own message.
        let messages = (0..<8).map { k in
            onNewThread { () -> String in
                var o = [Double](repeating: 0, count: 1)
                _ = SwiftReg.sr_l1_penalty_f64([1], 1, -Double(k + 1), &o)
                return lastError()
            }
        }
        #expect(messages == (0..<8).map { "lam must be finite and >= 0, got \(-Double($0 + 1))" })
        #expect(lastError() == mine)
    }

    @Test("sr_status_string for every status and an unknown one")
    func statusStrings() {
        let names = ["SR_OK", "SR_ERR_NULL_POINTER", "SR_ERR_INVALID_LENGTH", "SR_ERR_INVALID_ARGUMENT",
                     "SR_ERR_INVALID_REDUCTION", "SR_ERR_INVALID_WEIGHT", "SR_ERR_OVERLAP", "SR_ERR_INVALID_DATA",
                     "SR_ERR_ALLOCATION", "SR_ERR_CANCELLED"]
        var seen: Set<String> = []
        for (code, name) in names.enumerated() {
            let text = String(cString: SwiftReg.sr_status_string(Int32(code)))
            #expect(text.hasPrefix(name + ": ") && text.count > name.count + 3, "\(code): \(text)")
            seen.insert(text)
        }
        #expect(seen.count == names.count)
        #expect(String(cString: SwiftReg.sr_status_string(SR_OK)) == "SR_OK: success")
        for unknown: Int32 in [10, 11, -1, .max, .min] {
            #expect(String(cString: SwiftReg.sr_status_string(unknown)) == "unknown swiftreg status", "\(unknown)")
        }
        // Static storage: the same pointer every time.
        #expect(SwiftReg.sr_status_string(3) == SwiftReg.sr_status_string(3))
    }

    @Test("sr_version() is SR_VERSION_STRING")
    func version() {
        #expect(String(cString: SwiftReg.sr_version()) == SR_VERSION_STRING)
        #expect(String(cString: CSwiftReg.sr_version()!) == SR_VERSION_STRING)
    }

    @Test("sr_set_num_threads / sr_get_num_threads round-trip; n < 1 means 1")
    func threads() {
        withThreadCountLock {
            var saved: Int64 = 0
            #expect(SwiftReg.sr_get_num_threads(&saved) == SR_OK)
            #expect(saved >= 1)
            defer { _ = SwiftReg.sr_set_num_threads(saved) }
            for (set, get): (Int64, Int64) in [(3, 3), (1, 1), (7, 7), (0, 1), (-5, 1), (.min, 1), (.max, .max)] {
                #expect(SwiftReg.sr_set_num_threads(set) == SR_OK)
                var got: Int64 = -1
                #expect(SwiftReg.sr_get_num_threads(&got) == SR_OK)
                #expect(got == get, "sr_set_num_threads(\(set))")
            }
        }
    }
}
