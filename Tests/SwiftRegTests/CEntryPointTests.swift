// The C ABI through its entry points, with raw pointers as a C caller passes them: known
// answers, status codes for every kind of bad argument, the per-thread last-error message,
// status strings, the version and the thread cap.

import CSwiftReg
import Foundation
import SwiftReg
import SwiftRegTestSupport
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
                     "SR_ERR_ALLOCATION", "SR_ERR_CANCELLED", "SR_ERR_INVALID_INDPTR", "SR_ERR_INVALID_INDEX",
                     "SR_ERR_INTERRUPTED"]
        var seen: Set<String> = []
        for (code, name) in names.enumerated() {
            let text = String(cString: SwiftReg.sr_status_string(Int32(code)))
            #expect(text.hasPrefix(name + ": ") && text.count > name.count + 3, "\(code): \(text)")
            seen.insert(text)
        }
        #expect(seen.count == names.count)
        #expect(String(cString: SwiftReg.sr_status_string(SR_OK)) == "SR_OK: success")
        for unknown: Int32 in [13, 14, -1, .max, .min] {
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

// MARK: - The general models: sr_fit_* / sr_path_*

/// 12 samples × 3 features, values on a 1/8 grid (exact in Float): y = 1.5·x₀ − 2·x₁ + 0.5 plus
/// a little noise and two outliers; x₂ is unused.
func modelData<T: CFloat>(_: T.Type, weighted: Bool = false, layout: Int32 = SR_LAYOUT_COLUMN_MAJOR) -> ModelProblem<T> {
    let n = 12, p = 3
    var x = [T](repeating: 0, count: n * p), y = [T](repeating: 0, count: n)
    for i in 0..<n {
        var row = [Double](repeating: 0, count: p)
        for j in 0..<p {
            row[j] = (8 * 2 * sin(1.3 * Double(i) + 2.1 * Double(j) + 0.3)).rounded() / 8
            x[layout == SR_LAYOUT_ROW_MAJOR ? i * p + j : i + j * n] = T(row[j])
        }
        let noise = Double((i * 7) % 5 - 2) * 0.125 + (i == 3 ? 6 : i == 8 ? -5 : 0)
        y[i] = T(1.5 * row[0] - 2 * row[1] + 0.5 + noise)
    }
    let w: [T]? = weighted ? (0..<n).map { T(0.5 + Double($0 % 3) * 0.5) } : nil
    return ModelProblem(x: x, y: y, weights: w, n: n, p: p, layout: layout)
}

/// F + R of swiftreg.h at (coef, intercept) in float64 (scale: SR_LOSS_HUBER_SCALED's sigma).
func referenceObjective<T: CFloat>(
    _ pb: ModelProblem<T>, _ o: sr_fit_options, alpha: Double? = nil, coef: [T], intercept: Double, scale: Double = 0
) -> Double {
    let weights = pb.weights.map { $0.map { Double($0) } } ?? Array(repeating: 1.0, count: pb.n)
    let total = weights.reduce(0, +)
    var f = 0.0
    for i in 0..<pb.n {
        var r = Double(pb.y[i]) - intercept
        for j in 0..<pb.p { r -= pb.at(i, j) * Double(coef[j]) }
        let a = abs(r), d = o.delta
        let term: Double
        switch o.loss {
        case SR_LOSS_SQUARED: term = r * r / 2
        case SR_LOSS_ABSOLUTE: term = a
        case SR_LOSS_QUANTILE: term = max(o.quantile * r, (o.quantile - 1) * r)
        case SR_LOSS_HUBER: term = a <= d ? r * r / 2 : d * (a - d / 2)
        default: let ds = d * scale; term = (a <= ds ? r * r / 2 : ds * (a - ds / 2)) / scale
        }
        f += weights[i] * term
    }
    f /= total
    if o.loss == SR_LOSS_HUBER_SCALED { f += scale / 2 }
    let rho = o.penalty == SR_PENALTY_L2 ? 0 : o.penalty == SR_PENALTY_ELASTIC_NET ? o.l1_ratio : 1
    let a = o.penalty == SR_PENALTY_NONE ? 0 : (alpha ?? o.alpha)
    var penalty = 0.0
    for j in 0..<pb.p {
        let f1 = o.l1_factor?[j] ?? 1, f2 = o.l2_factor?[j] ?? f1, w = Double(coef[j])
        penalty += a * (rho * f1 * abs(w) + (1 - rho) / 2 * f2 * w * w)
    }
    return f + penalty
}

/// Solves the small dense system A·x = b (Gaussian elimination with partial pivoting).
func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var a = a, b = b
    let n = b.count
    for c in 0..<n {
        let piv = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
        a.swapAt(c, piv)
        b.swapAt(c, piv)
        for r in (c + 1)..<n {
            let f = a[r][c] / a[c][c]
            for k in c..<n { a[r][k] -= f * a[c][k] }
            b[r] -= f * b[c]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
        x[r] = (b[r] - ((r + 1)..<n).reduce(0) { $0 + a[r][$1] * x[$1] }) / a[r][r]
    }
    return x
}

/// The relative accuracy a converged fit reaches in T.
func modelTolerance<T: CFloat>(_: T.Type) -> Double { T.self == Float.self ? 2e-4 : 1e-7 }

func near(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol * (1 + abs(b)) }

/// squared + L2 is the old ridge fit (Σsᵢrᵢ² + α‖w‖²) with alpha = α/S: the normal equations.
func checkRidgeClosedForm<T: ModelEntryPoints>(_: T.Type) {
    for weighted in [false, true] {
        let pb = modelData(T.self, weighted: weighted)
        let s = pb.weights.map { $0.map(Double.init) } ?? Array(repeating: 1, count: pb.n)
        let total = s.reduce(0, +), oldAlpha = 2.0
        let xbar = (0..<pb.p).map { j in (0..<pb.n).reduce(0) { $0 + s[$1] * pb.at($1, j) } / total }
        let ybar = (0..<pb.n).reduce(0) { $0 + s[$1] * Double(pb.y[$1]) } / total
        var a = [[Double]](repeating: [Double](repeating: 0, count: pb.p), count: pb.p), b = [Double](repeating: 0, count: pb.p)
        for j in 0..<pb.p {
            for k in 0..<pb.p {
                a[j][k] = (0..<pb.n).reduce(0) { $0 + s[$1] * (pb.at($1, j) - xbar[j]) * (pb.at($1, k) - xbar[k]) }
            }
            a[j][j] += oldAlpha
            b[j] = (0..<pb.n).reduce(0) { $0 + s[$1] * (pb.at($1, j) - xbar[j]) * (Double(pb.y[$1]) - ybar) }
        }
        let w = solve(a, b)
        let intercept = ybar - zip(xbar, w).reduce(0) { $0 + $1.0 * $1.1 }
        for solver in [SR_FIT_SOLVER_AUTO, SR_FIT_SOLVER_CHOLESKY, SR_FIT_SOLVER_CD] {
            var o = defaultOptions()
            o.penalty = SR_PENALTY_L2
            o.alpha = oldAlpha / total
            o.solver = solver
            o.tol = 1e-12
            o.max_iter = 100_000
            var coef = [T](repeating: sentinel(T.self), count: pb.p), r = FitScalars()
            let what = "\(T.self) ridge solver \(solver) weighted \(weighted)"
            expectStatus(T.fit(pb, o, coef: &coef, scalars: &r), SR_OK, what)
            #expect(r.solver == (solver == SR_FIT_SOLVER_AUTO ? SR_FIT_SOLVER_CHOLESKY : solver), "\(what): solver \(r.solver)")
            #expect(zip(coef, w).allSatisfy { near(Double($0), $1, modelTolerance(T.self)) }, "\(what): \(coef) vs \(w)")
            #expect(near(r.intercept, intercept, modelTolerance(T.self)), "\(what): intercept \(r.intercept) vs \(intercept)")
            #expect(r.converged == 1 && r.dualGap <= r.gapTol, "\(what): gap \(r.dualGap) > \(r.gapTol)")
        }
    }
}

/// One feature: squared + elastic net has the closed form w = S(c, αρf)/(v + α(1 − ρ)f) with
/// c, v the weighted centred covariance and variance; lower_bounds 0 (the old `positive`)
/// clips it at 0; l1_factor scales the penalty (the old penalty_factor).
func checkElasticNetClosedForm<T: ModelEntryPoints>(_: T.Type) {
    let full = modelData(T.self, weighted: true)
    var pb = full
    pb.p = 1
    pb.x = Array(full.x[0..<full.n])
    let s = pb.weights!.map(Double.init), total = s.reduce(0, +)
    let xbar = (0..<pb.n).reduce(0) { $0 + s[$1] * pb.at($1, 0) } / total
    let ybar = (0..<pb.n).reduce(0) { $0 + s[$1] * Double(pb.y[$1]) } / total
    let c = (0..<pb.n).reduce(0) { $0 + s[$1] * (pb.at($1, 0) - xbar) * (Double(pb.y[$1]) - ybar) } / total
    let v = (0..<pb.n).reduce(0) { $0 + s[$1] * (pb.at($1, 0) - xbar) * (pb.at($1, 0) - xbar) } / total
    let factor = [2.0], zero = [0.0]
    for (penalty, rho) in [(SR_PENALTY_L1, 1.0), (SR_PENALTY_ELASTIC_NET, 0.3), (SR_PENALTY_ELASTIC_NET, 0.0)] {
        for alpha in [0.1, 1.0, 50.0] {
            for solver in [SR_FIT_SOLVER_CD, SR_FIT_SOLVER_FISTA] {
                for (f, positive) in [(1.0, false), (2.0, false), (1.0, true)] {
                    for sign in [1.0, -1.0] {
                        var data = pb
                        data.y = pb.y.map { T(sign) * $0 }
                        let cs = sign * c
                        var w = soft(cs, alpha * rho * f) / (v + alpha * (1 - rho) * f)
                        if positive { w = max(w, 0) }
                        var o = defaultOptions()
                        o.penalty = penalty
                        o.l1_ratio = rho
                        o.alpha = alpha
                        o.solver = solver
                        o.tol = 1e-14
                        o.max_iter = 100_000
                        let what = "\(T.self) penalty \(penalty) rho \(rho) alpha \(alpha) solver \(solver) factor \(f) positive \(positive) sign \(sign)"
                        var coef = [T](repeating: sentinel(T.self), count: 1), r = FitScalars()
                        let status = withOptionalPointer(f == 2 ? factor : nil) { fp in
                            withOptionalPointer(positive ? zero : nil) { lo in
                                o.l1_factor = fp
                                o.lower_bounds = lo
                                return T.fit(data, o, coef: &coef, scalars: &r)
                            }
                        }
                        expectStatus(status, SR_OK, what)
                        #expect(near(Double(coef[0]), w, modelTolerance(T.self)), "\(what): \(coef[0]) vs \(w)")
                        if w == 0 && solver == SR_FIT_SOLVER_CD { #expect(coef[0] == 0, "\(what): not an exact 0") }
                        if positive { #expect(coef[0] >= 0, "\(what)") }
                        #expect(near(r.intercept, sign * ybar - Double(coef[0]) * xbar, modelTolerance(T.self)), "\(what): intercept")
                        #expect(r.converged == 1, "\(what): gap \(r.dualGap) > \(r.gapTol)")
                    }
                }
            }
        }
    }
}

/// absolute + L1 (the old LAD fit, same alpha), one feature, no intercept: the objective is
/// piecewise linear, so its minimum sits at 0 or at a breakpoint yᵢ/xᵢ, and the exact solver
/// lands on it.
func checkAbsoluteLossExact<T: ModelEntryPoints>(_: T.Type) {
    let full = modelData(T.self, weighted: true)
    var pb = full
    pb.p = 1
    pb.x = Array(full.x[0..<full.n]).map { $0 == 0 ? 1 : $0 }
    for alpha in [0.0, 0.05, 0.5, 5.0] {
        var o = defaultOptions()
        o.loss = SR_LOSS_ABSOLUTE
        o.penalty = SR_PENALTY_L1
        o.alpha = alpha
        o.fit_intercept = 0
        o.tol = 1e-10
        let candidates = [0.0] + (0..<pb.n).map { Double(pb.y[$0]) / pb.at($0, 0) }
        let best = candidates.map { referenceObjective(pb, o, coef: [T($0)], intercept: 0) }.min()!
        var coef: [T] = [sentinel(T.self)], r = FitScalars()
        let what = "\(T.self) LAD alpha \(alpha)"
        expectStatus(T.fit(pb, o, coef: &coef, scalars: &r), SR_OK, what)
        #expect(r.solver == SR_FIT_SOLVER_INTERIOR_POINT && r.intercept == 0, "\(what)")
        let at = referenceObjective(pb, o, coef: coef, intercept: 0)
        #expect(near(at, best, modelTolerance(T.self)) && near(r.objective, best, modelTolerance(T.self)),
                "\(what): objective \(r.objective) (\(at) at \(coef)) vs the minimum \(best)")
        #expect(r.converged == 1 && r.dualGap >= 0, "\(what)")
    }
}

/// Every loss with every penalty: converged, certified, the objective is F + R at the returned
/// point, row-major X gives bit for bit the column-major result, and a second call (random
/// selection with the same seed too) the first one.
func checkEveryModel<T: ModelEntryPoints>(_: T.Type) {
    let losses = [SR_LOSS_SQUARED, SR_LOSS_ABSOLUTE, SR_LOSS_QUANTILE, SR_LOSS_HUBER, SR_LOSS_HUBER_SCALED]
    let penalties = [SR_PENALTY_NONE, SR_PENALTY_L1, SR_PENALTY_L2, SR_PENALTY_ELASTIC_NET]
    let l1f: [Double] = [1, 0.5, 2], l2f: [Double] = [1, 3, 0]
    let lower: [Double] = [-1, -.infinity, 0], upper: [Double] = [2, 0.5, .infinity]
    for weighted in [false, true] {
        let pb = modelData(T.self, weighted: weighted)
        for loss in losses {
            for penalty in penalties {
                // Unpenalised, the fitted Huber scale may have its infimum at sigma -> 0 (weighted
                // data here): no minimiser to converge to.
                if loss == SR_LOSS_HUBER_SCALED && penalty == SR_PENALTY_NONE { continue }
                for featureOptions in [false, true] {
                    for selection in [SR_SELECTION_CYCLIC, SR_SELECTION_RANDOM] {
                        var o = defaultOptions()
                        o.loss = loss
                        o.penalty = penalty
                        o.alpha = 0.05
                        o.l1_ratio = 0.6
                        o.quantile = 0.3
                        o.tol = 1e-8
                        o.max_iter = 20_000
                        o.selection = selection
                        o.seed = 7
                        let what = "\(T.self) loss \(loss) penalty \(penalty) weighted \(weighted) factors+bounds \(featureOptions) selection \(selection)"
                        func run(_ data: ModelProblem<T>) -> (sr_status, [T], FitScalars) {
                            var coef = [T](repeating: sentinel(T.self), count: data.p), r = FitScalars()
                            let st = l1f.withUnsafeBufferPointer { a in
                                l2f.withUnsafeBufferPointer { b in
                                    lower.withUnsafeBufferPointer { lo in
                                        upper.withUnsafeBufferPointer { hi in
                                            if featureOptions {
                                                o.l1_factor = a.baseAddress
                                                o.l2_factor = b.baseAddress
                                                o.lower_bounds = lo.baseAddress
                                                o.upper_bounds = hi.baseAddress
                                            }
                                            return T.fit(data, o, coef: &coef, scalars: &r)
                                        }
                                    }
                                }
                            }
                            return (st, coef, r)
                        }
                        let (st, coef, r) = run(pb)
                        expectStatus(st, SR_OK, what)
                        guard st == SR_OK else { continue }
                        #expect(r.converged == 1 && r.dualGap <= r.gapTol, "\(what): gap \(r.dualGap), tol \(r.gapTol)")
                        // (For the unpenalised squared loss the gap is a convergence measure, not a bound.)
                        if !(loss == SR_LOSS_SQUARED && penalty == SR_PENALTY_NONE) {
                            #expect(r.dualGap >= -1e-12 * (1 + abs(r.objective)), "\(what): gap \(r.dualGap) < 0")
                        }
                        #expect(r.nIter >= 1 && r.nIter <= o.max_iter, "\(what): n_iter \(r.nIter)")
                        #expect((loss == SR_LOSS_HUBER_SCALED) == (r.scale > 0), "\(what): scale \(r.scale)")
                        if featureOptions {
                            for j in 0..<pb.p { #expect(Double(coef[j]) >= lower[j] && Double(coef[j]) <= upper[j], "\(what): coef[\(j)] = \(coef[j])") }
                        }
                        let reference = l1f.withUnsafeBufferPointer { a in
                            l2f.withUnsafeBufferPointer { b in
                                var ro = o
                                if featureOptions { ro.l1_factor = a.baseAddress; ro.l2_factor = b.baseAddress }
                                return referenceObjective(pb, ro, coef: coef, intercept: r.intercept, scale: r.scale)
                            }
                        }
                        #expect(near(r.objective, reference, T.self == Float.self ? 1e-5 : 1e-10),
                                "\(what): objective \(r.objective), F + R at the result \(reference)")
                        let (st2, coef2, r2) = run(pb.transposedStorage)
                        #expect(st2 == SR_OK && coef2 == coef && r2 == r, "\(what): row-major \(coef2) \(r2) vs column-major \(coef) \(r)")
                        let (st3, coef3, r3) = run(pb)
                        #expect(st3 == SR_OK && coef3 == coef && r3 == r, "\(what): a second call differs")
                    }
                }
            }
        }
    }
}

/// A path: the given alphas in their order, each fit as good as sr_fit at that alpha; the
/// default grid starts at alpha_max (every coefficient 0) and ends at eps·alpha_max.
func checkPath<T: ModelEntryPoints>(_: T.Type) {
    let pb = modelData(T.self, weighted: true)
    for loss in [SR_LOSS_SQUARED, SR_LOSS_ABSOLUTE, SR_LOSS_QUANTILE, SR_LOSS_HUBER] {
        for penalty in [SR_PENALTY_L1, SR_PENALTY_ELASTIC_NET] {
            var o = defaultOptions()
            o.loss = loss
            o.penalty = penalty
            o.l1_ratio = 0.5
            o.tol = 1e-10
            o.max_iter = 20_000
            let what = "\(T.self) path loss \(loss) penalty \(penalty)"
            let alphas = [0.5, 0.1, 0.02, 0.3]
            var out = PathOutputs<T>(p: pb.p, k: alphas.count)
            expectStatus(T.path(pb, o, alphas: alphas, eps: 1e-3, out: &out), SR_OK, what)
            #expect(out.alphas == alphas, "\(what): \(out.alphas)")
            for (k, alpha) in alphas.enumerated() {
                var single = o
                single.alpha = alpha
                var coef = [T](repeating: 0, count: pb.p), r = FitScalars()
                expectStatus(T.fit(pb, single, coef: &coef, scalars: &r), SR_OK, what)
                let objective = referenceObjective(pb, single, coef: Array(out.coefs[k * pb.p..<(k + 1) * pb.p]), intercept: out.intercepts[k])
                #expect(near(out.objectives[k], objective, T.self == Float.self ? 1e-5 : 1e-10), "\(what) [\(k)]: objective")
                #expect(out.converged[k] == 1 && out.dualGaps[k] <= out.gapTols[k], "\(what) [\(k)]")
                #expect(out.nIters[k] >= 0 && out.nIters[k] <= o.max_iter, "\(what) [\(k)]")
                // Both are certified to within gap_tol of the minimum.
                #expect(abs(out.objectives[k] - r.objective) <= out.gapTols[k] + r.gapTol + 1e-12, "\(what) [\(k)]: \(out.objectives[k]) vs sr_fit \(r.objective)")
            }
            // The default grid.
            var grid = PathOutputs<T>(p: pb.p, k: 5)
            expectStatus(T.path(pb, o, alphas: nil, eps: 1e-2, out: &grid), SR_OK, what + " grid")
            #expect(zip(grid.alphas, grid.alphas.dropFirst()).allSatisfy { $0 > $1 }, "\(what): grid \(grid.alphas)")
            #expect(near(grid.alphas[4] / grid.alphas[0], 1e-2, 1e-9), "\(what): grid \(grid.alphas)")
            if loss == SR_LOSS_SQUARED || loss == SR_LOSS_HUBER {
                #expect(grid.coefs[0..<pb.p].allSatisfy { abs(Double($0)) <= 1e-6 }, "\(what): coefs at alpha_max \(grid.alphas[0]): \(grid.coefs[0..<pb.p])")
            } else {
                // A linear programme: at alpha_max exactly, w = 0 is one of the minimisers, not
                // necessarily the vertex the exact solver returns: the objectives agree.
                var pinned = o
                pinned.alpha = grid.alphas[0]
                let zeros = [Double](repeating: 0, count: pb.p)
                var coef = [T](repeating: 0, count: pb.p), r = FitScalars()
                let st = zeros.withUnsafeBufferPointer { z in
                    pinned.lower_bounds = z.baseAddress
                    pinned.upper_bounds = z.baseAddress
                    return T.fit(pb, pinned, coef: &coef, scalars: &r)
                }
                expectStatus(st, SR_OK, what + " at w = 0")
                // At alpha_max, w = 0 is optimal: the path's first objective is that of w = 0.
                do {
                    #expect(abs(grid.objectives[0] - r.objective) <= grid.gapTols[0] + r.gapTol + 1e-9,
                            "\(what): objective at alpha_max \(grid.objectives[0]), with w = 0 \(r.objective)")
                }
            }
            #expect(grid.coefs[(4 * pb.p)...].contains { $0 != 0 }, "\(what): every coef 0 at eps * alpha_max")
        }
    }
}

/// sr_path's objectives with l1_factor and no l2_factor (which then takes l1_factor's values).
func checkPathFactorObjectives<T: ModelEntryPoints>(_: T.Type) {
    let pb = modelData(T.self)
    let factors = [1.0, 0.25, 2.0]
    for loss in [SR_LOSS_SQUARED, SR_LOSS_HUBER] {
        factors.withUnsafeBufferPointer { f in
            var o = defaultOptions()
            o.loss = loss
            o.penalty = SR_PENALTY_ELASTIC_NET
            o.l1_ratio = 0.5
            o.l1_factor = f.baseAddress
            o.tol = 1e-10
            let alphas = [0.5, 0.05]
            var out = PathOutputs<T>(p: pb.p, k: 2)
            let what = "\(T.self) path loss \(loss) with l1_factor"
            expectStatus(T.path(pb, o, alphas: alphas, eps: 1e-3, out: &out), SR_OK, what)
            for k in 0..<2 {
                let reference = referenceObjective(pb, o, alpha: alphas[k], coef: Array(out.coefs[k * pb.p..<(k + 1) * pb.p]),
                                                   intercept: out.intercepts[k])
                let check = { #expect(near(out.objectives[k], reference, T.self == Float.self ? 1e-5 : 1e-10),
                                      "\(what) [\(k)]: objective \(out.objectives[k]), F + R \(reference)") }
                check()
            }
        }
    }
}

/// What a failed call must leave: every output as it was.
func expectUnwritten<T: CFloat>(_ coef: [T], _ r: FitScalars, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(coef.allSatisfy { $0 == sentinel(T.self) } && r == FitScalars(), "written on error: \(what)", sourceLocation: sourceLocation)
}

/// Every status of sr_fit_* (NULL structs, short sizes, layout, NULL pointers, lengths, data,
/// codes, hyperparameters, factors, bounds, solvers, weights, the warm start), each naming its
/// field, with nothing written.
func checkFitStatuses<T: ModelEntryPoints>(_: T.Type) {
    let pb = modelData(T.self, weighted: true)
    let base = defaultOptions()
    func call(_ data: ModelProblem<T>, _ o: sr_fit_options, _ edits: CallEdits = CallEdits(), warm: T? = nil) -> (sr_status, [T], FitScalars) {
        var coef = [T](repeating: warm ?? sentinel(T.self), count: max(data.p, 0)), r = FitScalars()
        let st = T.fit(data, o, coef: &coef, scalars: &r, edits: edits)
        if let warm { // unchanged = still the start
            coef = coef.map { $0 == warm || ($0.isNaN && warm.isNaN) ? sentinel(T.self) : $0 }
        }
        return (st, coef, r)
    }
    func expectFailure(_ data: ModelProblem<T>, _ o: sr_fit_options, edits: CallEdits = CallEdits(), warm: T? = nil,
                       _ status: sr_status, _ mentions: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (st, coef, r) = call(data, o, edits, warm: warm)
        expectStatus(st, status, mentions: mentions, "\(T.self) \(what)", sourceLocation: sourceLocation)
        expectUnwritten(coef, r, "\(T.self) \(what)", sourceLocation: sourceLocation)
    }
    let problemSize = Int64(MemoryLayout<sr_problem_f64>.size), resultSize = Int64(MemoryLayout<sr_fit_result_f64>.size)
    // The structs.
    expectFailure(pb, base, edits: CallEdits(problemNull: true), SR_ERR_NULL_POINTER, ["problem"], "NULL problem")
    expectFailure(pb, base, edits: CallEdits(optionsNull: true), SR_ERR_NULL_POINTER, ["options"], "NULL options")
    expectFailure(pb, base, edits: CallEdits(resultNull: true), SR_ERR_NULL_POINTER, ["result"], "NULL result")
    // The dense fields end where the sparse form's begin: a struct of that size (the 0.2
    // header's) is accepted for dense X, anything shorter is not.
    let denseSize = Int64(MemoryLayout<sr_problem_f64>.offset(of: \.nnz)!)
    #expect(call(pb, base, CallEdits(problemSize: denseSize)).0 == SR_OK, "the dense-only problem struct")
    for short in [denseSize - 8, 8, 0, -1, .min] {
        expectFailure(pb, base, edits: CallEdits(problemSize: short), SR_ERR_INVALID_ARGUMENT, ["problem->size"], "problem size \(short)")
    }
    for short in [resultSize - 8, 0, -1] {
        expectFailure(pb, base, edits: CallEdits(resultSize: short), SR_ERR_INVALID_ARGUMENT, ["result->size"], "result size \(short)")
    }
    // The options of a header before `interrupt` (152 bytes) are accepted; shorter ones not.
    let oldOptions = Int64(MemoryLayout<sr_fit_options>.offset(of: \.interrupt)!)
    for short: Int64 in [oldOptions - 8, 16, 0] {
        var o = base
        o.size = short
        expectFailure(pb, o, SR_ERR_INVALID_ARGUMENT, ["options->size"], "options size \(short)")
    }
    let raised = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    defer { raised.deallocate() }
    raised.pointee = 1
    var oldStruct = base
    oldStruct.size = oldOptions
    oldStruct.interrupt = UnsafePointer(raised)   // beyond size: never read
    let (oldStatus, oldCoef, oldResult) = call(pb, oldStruct)
    let (newStatus, newCoef, newResult) = call(pb, base)
    #expect(oldStatus == SR_OK && newStatus == SR_OK && oldCoef == newCoef && oldResult == newResult,
            "\(T.self): the options struct without interrupt")
    // A flag already set stops the fit at its first checkpoint, for every solver; a clear one
    // changes nothing.
    for solver in [SR_FIT_SOLVER_AUTO, SR_FIT_SOLVER_CD, SR_FIT_SOLVER_FISTA, SR_FIT_SOLVER_SUBGRADIENT] {
        var o = base
        o.solver = solver
        o.interrupt = UnsafePointer(raised)
        expectFailure(pb, o, SR_ERR_INTERRUPTED, ["interrupt"], "interrupt flag set, solver \(solver)")
    }
    for loss in [SR_LOSS_ABSOLUTE, SR_LOSS_HUBER, SR_LOSS_HUBER_SCALED] {
        var o = base
        o.loss = loss
        o.interrupt = UnsafePointer(raised)
        expectFailure(pb, o, SR_ERR_INTERRUPTED, ["interrupt"], "interrupt flag set, loss \(loss)")
    }
    var ridge = base
    ridge.penalty = SR_PENALTY_L2
    ridge.interrupt = UnsafePointer(raised)
    expectFailure(pb, ridge, SR_ERR_INTERRUPTED, ["interrupt"], "interrupt flag set, Cholesky")
    raised.pointee = 0
    var clear = base
    clear.interrupt = UnsafePointer(raised)
    let (clearStatus, clearCoef, clearResult) = call(pb, clear)
    #expect(clearStatus == SR_OK && clearCoef == newCoef && clearResult == newResult, "\(T.self): a clear interrupt flag")
    // A newer caller's larger structs are accepted.
    var bigger = base
    bigger.size += 16
    let (okStatus, okCoef, okResult) = call(pb, base)
    let (bigStatus, bigCoef, bigResult) = call(pb, bigger, CallEdits(problemSize: problemSize + 8, resultSize: resultSize + 24))
    #expect(okStatus == SR_OK && bigStatus == SR_OK && bigCoef == okCoef && bigResult == okResult, "\(T.self): larger sizes")
    // The problem.
    for layout: Int32 in [3, -1, .max] {
        var bad = pb
        bad.layout = layout
        expectFailure(bad, base, SR_ERR_INVALID_ARGUMENT, ["problem->layout", "\(layout)"], "layout \(layout)")
    }
    var sparseWithoutArrays = pb
    sparseWithoutArrays.layout = SR_LAYOUT_CSC
    expectFailure(sparseWithoutArrays, base, SR_ERR_NULL_POINTER, ["indptr"], "SR_LAYOUT_CSC with a NULL indptr")
    expectFailure(pb, base, edits: CallEdits(coefNull: true), SR_ERR_NULL_POINTER, ["result->coef"], "NULL coef with p > 0")
    var noFeatures = pb
    noFeatures.p = 0
    noFeatures.x = []
    var r0 = FitScalars(), none: [T] = []
    expectStatus(T.fit(noFeatures, base, coef: &none, scalars: &r0, edits: CallEdits(coefNull: true)), SR_OK, "\(T.self) p = 0, coef NULL")
    #expect(near(r0.intercept, Double(zip(pb.y, pb.weights!).reduce(0) { $0 + Double($1.0 * $1.1) }) / Double(pb.weights!.reduce(0, +)), 1e-6),
            "\(T.self) p = 0: the intercept is the weighted mean")
    expectFailure(pb, base, edits: CallEdits(xNull: true), SR_ERR_NULL_POINTER, ["X"], "NULL X")
    expectFailure(pb, base, edits: CallEdits(yNull: true), SR_ERR_NULL_POINTER, ["y"], "NULL y")
    for (n, status, name) in [(-1, SR_ERR_INVALID_LENGTH, "problem->n_samples"), (0, SR_ERR_INVALID_ARGUMENT, "n_samples")] {
        var bad = pb
        bad.n = n
        expectFailure(bad, base, status, [name], "n_samples \(n)")
    }
    var negativeP = pb
    negativeP.p = -2
    expectFailure(negativeP, base, SR_ERR_INVALID_LENGTH, ["problem->n_features"], "n_features -2")
    for bad in [T.nan, T.infinity, -T.infinity] {
        var x = pb
        x.x[5] = bad
        expectFailure(x, base, SR_ERR_INVALID_DATA, [], "X with \(bad)")
        var y = pb
        y.y[3] = bad
        expectFailure(y, base, SR_ERR_INVALID_DATA, [], "y with \(bad)")
        var w = pb
        w.weights![2] = bad
        expectFailure(w, base, SR_ERR_INVALID_WEIGHT, [], "weight \(bad)")
    }
    var negativeWeight = pb
    negativeWeight.weights![1] = -1
    expectFailure(negativeWeight, base, SR_ERR_INVALID_WEIGHT, ["sample_weight"], "weight -1")
    var zeroWeights = pb
    zeroWeights.weights = zeroWeights.weights!.map { _ in 0 }
    expectFailure(zeroWeights, base, SR_ERR_INVALID_ARGUMENT, ["sum(sample_weight)"], "weights all 0")
    // Codes and hyperparameters.
    typealias Edit = (inout sr_fit_options) -> Void
    let badOptions: [(String, Edit)] = [
        ("loss", { $0.loss = 5 }), ("loss", { $0.loss = -1 }), ("penalty", { $0.penalty = 4 }), ("solver", { $0.solver = 6 }),
        ("selection", { $0.selection = 2 }), ("precompute", { $0.precompute = 3 }),
        ("alpha", { $0.alpha = -1 }), ("alpha", { $0.alpha = .nan }), ("alpha", { $0.alpha = .infinity }),
        ("alpha", { $0.alpha = -1; $0.penalty = SR_PENALTY_NONE }),
        ("l1_ratio", { $0.penalty = SR_PENALTY_ELASTIC_NET; $0.l1_ratio = 1.5 }),
        ("l1_ratio", { $0.penalty = SR_PENALTY_ELASTIC_NET; $0.l1_ratio = .nan }),
        ("delta", { $0.loss = SR_LOSS_HUBER; $0.delta = 0 }), ("delta", { $0.loss = SR_LOSS_HUBER_SCALED; $0.delta = -1 }),
        ("quantile", { $0.loss = SR_LOSS_QUANTILE; $0.quantile = 0 }), ("quantile", { $0.loss = SR_LOSS_QUANTILE; $0.quantile = 1 }),
        ("max_iter", { $0.max_iter = 0 }), ("max_iter", { $0.max_iter = -5 }), ("tol", { $0.tol = -1 }), ("tol", { $0.tol = .nan }),
        ("learning_rate", { $0.learning_rate = .nan }), ("learning_rate", { $0.learning_rate = -0.5 }),
        ("solver", { $0.loss = SR_LOSS_ABSOLUTE; $0.solver = SR_FIT_SOLVER_CD }),
        ("solver", { $0.loss = SR_LOSS_QUANTILE; $0.solver = SR_FIT_SOLVER_FISTA }),
        ("solver", { $0.loss = SR_LOSS_SQUARED; $0.solver = SR_FIT_SOLVER_INTERIOR_POINT }),
        ("solver", { $0.loss = SR_LOSS_HUBER; $0.solver = SR_FIT_SOLVER_FISTA }),
        ("solver", { $0.loss = SR_LOSS_HUBER_SCALED; $0.solver = SR_FIT_SOLVER_CHOLESKY }),
        ("solver", { $0.penalty = SR_PENALTY_L1; $0.solver = SR_FIT_SOLVER_CHOLESKY }),
    ]
    for (name, edit) in badOptions {
        var o = base
        edit(&o)
        expectFailure(pb, o, SR_ERR_INVALID_ARGUMENT, [name], "options.\(name) (loss \(o.loss), penalty \(o.penalty), solver \(o.solver))")
    }
    // Factors and bounds: the index is named.
    let good = [1.0, 1.0, 1.0]
    let arrays: [(String, [Double], WritableKeyPath<sr_fit_options, UnsafePointer<Double>?>)] = [
        ("l1_factor[1]", [1, -1, 1], \.l1_factor), ("l1_factor[2]", [1, 1, .infinity], \.l1_factor),
        ("l2_factor[0]", [.nan, 1, 1], \.l2_factor), ("lower_bounds[2]", [0, 0, .infinity], \.lower_bounds),
        ("lower_bounds[0]", [.nan, 0, 0], \.lower_bounds), ("upper_bounds[1]", [1, -.infinity, 1], \.upper_bounds),
    ]
    for (name, values, field) in arrays {
        values.withUnsafeBufferPointer { v in
            var o = base
            o[keyPath: field] = v.baseAddress
            expectFailure(pb, o, SR_ERR_INVALID_ARGUMENT, [name], name)
        }
    }
    [0.5, 0.5, 0.5].withUnsafeBufferPointer { lo in
        [1.0, 0.25, 1.0].withUnsafeBufferPointer { hi in
            var o = base
            o.lower_bounds = lo.baseAddress
            o.upper_bounds = hi.baseAddress
            expectFailure(pb, o, SR_ERR_INVALID_ARGUMENT, ["upper_bounds[1]"], "upper < lower")
        }
    }
    _ = good
    // The warm start is read: a non-finite start is rejected, nothing written.
    var warm = base
    warm.warm_start = 1
    expectFailure(pb, warm, warm: T.nan, SR_ERR_INVALID_DATA, ["coef"], "warm start NaN")
    expectFailure(pb, warm, warm: T.infinity, SR_ERR_INVALID_DATA, ["coef"], "warm start Inf")
}

/// The warm start: result->coef is read as the starting point.
func checkWarmStart<T: ModelEntryPoints>(_: T.Type) {
    let pb = modelData(T.self)
    // (The interior-point method of the absolute and quantile losses validates the start but
    // starts from its own interior point.)
    for loss in [SR_LOSS_SQUARED, SR_LOSS_HUBER] {
        var o = defaultOptions()
        o.loss = loss
        o.alpha = 0.05
        o.tol = 1e-9
        o.max_iter = 10_000
        let what = "\(T.self) warm start, loss \(loss)"
        var solution = [T](repeating: 0, count: pb.p), r = FitScalars()
        expectStatus(T.fit(pb, o, coef: &solution, scalars: &r), SR_OK, what)
        #expect(r.converged == 1, "\(what)")
        // From the solution: converged at once, the same point.
        o.warm_start = 1
        var again = solution, r2 = FitScalars()
        expectStatus(T.fit(pb, o, coef: &again, scalars: &r2), SR_OK, what)
        #expect(r2.converged == 1 && r2.nIter < r.nIter, "\(what): \(r2.nIter) iterations from the solution, \(r.nIter) from 0")
        #expect(zip(again, solution).allSatisfy { near(Double($0), Double($1), 1e-3) }, "\(what): \(again) vs \(solution)")
        // One iteration from two different starts: two different points, and without
        // warm_start the start is ignored.
        o.max_iter = 1
        var fromA = [T](repeating: 3, count: pb.p), fromB = [T](repeating: -3, count: pb.p), ra = FitScalars(), rb = FitScalars()
        expectStatus(T.fit(pb, o, coef: &fromA, scalars: &ra), SR_OK, what)
        expectStatus(T.fit(pb, o, coef: &fromB, scalars: &rb), SR_OK, what)
        #expect(fromA != fromB, "\(what): one iteration from 3 and from -3 gave the same \(fromA)")
        o.warm_start = 0
        var coldA = [T](repeating: 3, count: pb.p), coldB = [T](repeating: -3, count: pb.p)
        expectStatus(T.fit(pb, o, coef: &coldA, scalars: &ra), SR_OK, what)
        expectStatus(T.fit(pb, o, coef: &coldB, scalars: &rb), SR_OK, what)
        #expect(coldA == coldB, "\(what): without warm_start the start was read: \(coldA) vs \(coldB)")
    }
}

/// The progress callback of a path: called once per alpha in order; a non-zero return stops
/// the path with SR_ERR_CANCELLED and nothing written.
final class ProgressLog {
    var calls: [[Int64]] = []
    var cancelAt: Int64 = 0
}

let progressRecorder: sr_progress_fn = { done, total, context in
    let log = Unmanaged<ProgressLog>.fromOpaque(context!).takeUnretainedValue()
    log.calls.append([done, total])
    return done == log.cancelAt ? 1 : 0
}

/// Every status of sr_path_*, nothing written; the callback; alphas = result->alphas.
func checkPathStatuses<T: ModelEntryPoints>(_: T.Type) {
    let pb = modelData(T.self, weighted: true)
    let alphas = [0.5, 0.1, 0.02, 0.01]
    let fresh = PathOutputs<T>(p: pb.p, k: alphas.count)
    func expectFailure(_ data: ModelProblem<T>, _ o: sr_fit_options, alphas given: [Double]? = alphas, eps: Double = 1e-3,
                       edits: CallEdits = CallEdits(), _ status: sr_status, _ mentions: [String], _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        var out = fresh
        expectStatus(T.path(data, o, alphas: given, eps: eps, out: &out, edits: edits), status, mentions: mentions,
                     "\(T.self) path \(what)", sourceLocation: sourceLocation)
        #expect(out == fresh, "\(T.self) path \(what): written on error", sourceLocation: sourceLocation)
    }
    let base = defaultOptions()
    expectFailure(pb, base, edits: CallEdits(problemNull: true), SR_ERR_NULL_POINTER, ["problem"], "NULL problem")
    expectFailure(pb, base, edits: CallEdits(optionsNull: true), SR_ERR_NULL_POINTER, ["options"], "NULL options")
    expectFailure(pb, base, edits: CallEdits(resultNull: true), SR_ERR_NULL_POINTER, ["result"], "NULL result")
    expectFailure(pb, base, edits: CallEdits(problemSize: 16), SR_ERR_INVALID_ARGUMENT, ["problem->size"], "problem size 16")
    expectFailure(pb, base, edits: CallEdits(resultSize: Int64(MemoryLayout<sr_path_result_f64>.size) - 8), SR_ERR_INVALID_ARGUMENT,
                  ["result->size"], "result size")
    var shortOptions = base
    shortOptions.size = 8
    expectFailure(pb, shortOptions, SR_ERR_INVALID_ARGUMENT, ["options->size"], "options size 8")
    // A set interrupt flag: SR_ERR_INTERRUPTED, nothing written (the squared loss's own path
    // and the general one).
    let raised = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    defer { raised.deallocate() }
    raised.pointee = 1
    for loss in [SR_LOSS_SQUARED, SR_LOSS_HUBER, SR_LOSS_ABSOLUTE] {
        var o = base
        o.loss = loss
        o.interrupt = UnsafePointer(raised)
        expectFailure(pb, o, SR_ERR_INTERRUPTED, ["interrupt"], "interrupt flag set, loss \(loss)")
        expectFailure(pb, o, alphas: nil, SR_ERR_INTERRUPTED, ["interrupt"], "interrupt flag set, default grid, loss \(loss)")
    }
    var badLayout = pb
    badLayout.layout = 7
    expectFailure(badLayout, base, SR_ERR_INVALID_ARGUMENT, ["problem->layout"], "layout 7")
    expectFailure(pb, base, edits: CallEdits(coefNull: true), SR_ERR_NULL_POINTER, ["result->coefs"], "NULL coefs")
    expectFailure(pb, base, edits: CallEdits(alphasOutNull: true), SR_ERR_NULL_POINTER, ["result->alphas"], "NULL alphas out")
    expectFailure(pb, base, edits: CallEdits(nAlphas: 0), SR_ERR_INVALID_ARGUMENT, ["result->n_alphas"], "n_alphas 0")
    expectFailure(pb, base, edits: CallEdits(nAlphas: -1), SR_ERR_INVALID_LENGTH, ["result->n_alphas"], "n_alphas -1")
    expectFailure(pb, base, alphas: [0.5, -0.1, 0.02, 0.01], SR_ERR_INVALID_ARGUMENT, ["alphas[1]"], "alphas[1] < 0")
    expectFailure(pb, base, alphas: [0.5, 0.1, .nan, 0.01], SR_ERR_INVALID_ARGUMENT, ["alphas[2]"], "alphas[2] NaN")
    for eps in [0.0, 1.0, -1, .nan] {
        expectFailure(pb, base, alphas: nil, eps: eps, SR_ERR_INVALID_ARGUMENT, ["eps"], "eps \(eps)")
    }
    var ridge = base
    ridge.penalty = SR_PENALTY_L2
    expectFailure(pb, ridge, alphas: nil, SR_ERR_INVALID_ARGUMENT, ["l1_ratio"], "default grid without an L1 part")
    var scaled = base
    scaled.loss = SR_LOSS_HUBER_SCALED
    expectFailure(pb, scaled, alphas: nil, SR_ERR_INVALID_ARGUMENT, ["loss"], "default grid for the fitted Huber scale")
    var nanX = pb
    nanX.x[0] = .nan
    expectFailure(nanX, base, SR_ERR_INVALID_DATA, [], "NaN in X")
    var badSolver = base
    badSolver.loss = SR_LOSS_ABSOLUTE
    badSolver.solver = SR_FIT_SOLVER_CD
    expectFailure(pb, badSolver, SR_ERR_INVALID_ARGUMENT, ["solver"], "CD for the absolute loss")
    // options->alpha is ignored.
    var ignored = base
    ignored.alpha = -1
    var a = fresh, b = fresh
    expectStatus(T.path(pb, base, alphas: alphas, eps: 1e-3, out: &a), SR_OK, "\(T.self) path")
    expectStatus(T.path(pb, ignored, alphas: alphas, eps: 1e-3, out: &b), SR_OK, "\(T.self) path, options->alpha = -1")
    #expect(a == b)

    // The callback: once per alpha, in order; cancelling at any alpha writes nothing.
    for loss in [SR_LOSS_SQUARED, SR_LOSS_HUBER, SR_LOSS_ABSOLUTE] {
        for cancelAt: Int64 in [0, 1, 2, 4] {
            let log = ProgressLog()
            log.cancelAt = cancelAt
            var o = base
            o.loss = loss
            o.progress = progressRecorder
            o.progress_context = Unmanaged.passUnretained(log).toOpaque()
            let what = "\(T.self) path loss \(loss), cancel at \(cancelAt)"
            var out = fresh
            let st = withExtendedLifetime(log) { T.path(pb, o, alphas: alphas, eps: 1e-3, out: &out) }
            if cancelAt == 0 {
                expectStatus(st, SR_OK, what)
                #expect(log.calls == (1...4).map { [Int64($0), 4] }, "\(what): \(log.calls)")
                var plain = fresh
                o.progress = nil
                _ = T.path(pb, o, alphas: alphas, eps: 1e-3, out: &plain)
                #expect(out == plain, "\(what): the callback changed the results")
            } else {
                expectStatus(st, SR_ERR_CANCELLED, what)
                #expect(log.calls == (1...cancelAt).map { [$0, 4] }, "\(what): \(log.calls)")
                #expect(out == fresh, "\(what): written after cancelling")
            }
        }
    }
}

/// sr_path_f64's alphas may be result->alphas itself; a partial overlap is rejected.
func checkPathAlphasAliasing() {
    let pb = modelData(Double.self)
    let o = defaultOptions()
    let alphas = [0.5, 0.1, 0.02]
    var separate = PathOutputs<Double>(p: pb.p, k: 3)
    expectStatus(Double.path(pb, o, alphas: alphas, eps: 1e-3, out: &separate), SR_OK, "separate alphas")
    var mem = alphas + [-12345.5]
    var coefs = [Double](repeating: 0, count: pb.p * 3)
    func run(_ input: Int, _ output: Int) -> sr_status {
        var o = o
        return pb.x.withUnsafeBufferPointer { x in
            pb.y.withUnsafeBufferPointer { y in
                mem.withUnsafeMutableBufferPointer { m in
                    coefs.withUnsafeMutableBufferPointer { c in
                        var pr = sr_problem_f64(size: Int64(MemoryLayout<sr_problem_f64>.size), n_samples: Int64(pb.n),
                                                n_features: Int64(pb.p), layout: pb.layout, reserved: 0, X: x.baseAddress,
                                                y: y.baseAddress, sample_weight: nil, nnz: 0, indptr: nil, indices: nil, index_type: 0, reserved2: 0)
                        var r = sr_path_result_f64(size: Int64(MemoryLayout<sr_path_result_f64>.size), n_alphas: 3,
                                                   alphas: m.baseAddress! + output, coefs: c.baseAddress, intercepts: nil,
                                                   objectives: nil, dual_gaps: nil, gap_tols: nil, n_iters: nil, converged: nil)
                        return SwiftReg.sr_path_f64(&pr, &o, m.baseAddress! + input, 1e-3, &r)
                    }
                }
            }
        }
    }
    expectStatus(run(0, 1), SR_ERR_OVERLAP, mentions: ["alphas"], "alphas and result->alphas one apart")
    #expect(mem == alphas + [-12345.5] && coefs.allSatisfy { $0 == 0 }, "written on error")
    expectStatus(run(0, 0), SR_OK, "alphas = result->alphas")
    #expect(Array(mem[0..<3]) == separate.alphas && coefs == separate.coefs, "in place: \(coefs) vs \(separate.coefs)")
}

/// Fits and paths from several threads at once are bit-identical to the serial ones.
func checkModelThreads<T: ModelEntryPoints>(_: T.Type) {
    let pb = modelData(T.self, weighted: true)
    let losses = [SR_LOSS_SQUARED, SR_LOSS_QUANTILE, SR_LOSS_HUBER]
    let job: @Sendable (Int) -> ([T], FitScalars, PathOutputs<T>) = { k in
        var o = defaultOptions()
        o.loss = losses[k % losses.count]
        o.penalty = SR_PENALTY_ELASTIC_NET
        o.selection = SR_SELECTION_RANDOM
        o.seed = UInt64(k)
        o.alpha = 0.03
        var coef = [T](repeating: 0, count: pb.p), r = FitScalars(), out = PathOutputs<T>(p: pb.p, k: 3)
        _ = T.fit(pb, o, coef: &coef, scalars: &r)
        _ = T.path(pb, o, alphas: nil, eps: 1e-2, out: &out)
        return (coef, r, out)
    }
    let serial = (0..<6).map(job)
    let box = Box<[Int: ([T], FitScalars, PathOutputs<T>)]>()
    box.value = [:]
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: 24) { i in
        let result = job(i % 6)
        lock.lock()
        if let earlier = box.value![i % 6] {
            #expect(earlier.0 == result.0 && earlier.1 == result.1 && earlier.2 == result.2, "\(T.self) job \(i % 6): two threads differ")
        }
        box.value![i % 6] = result
        lock.unlock()
    }
    for k in 0..<6 {
        let c = box.value![k]!
        #expect(c.0 == serial[k].0 && c.1 == serial[k].1 && c.2 == serial[k].2, "\(T.self) job \(k): concurrent differs from serial")
    }
}

@Suite("C entry points: sr_fit / sr_path")
struct CModelEntryPointTests {
    @Test("squared + L2 is the old ridge (alpha = α/S): the normal equations, for every solver that fits it")
    func ridge() {
        checkRidgeClosedForm(Double.self)
        checkRidgeClosedForm(Float.self)
    }

    @Test("squared + L1 / elastic net with one feature: the closed form, with l1_factor and lower bounds 0")
    func elasticNet() {
        checkElasticNetClosedForm(Double.self)
        checkElasticNetClosedForm(Float.self)
    }

    @Test("absolute + L1 (the old LAD): the exact minimum")
    func absolute() {
        checkAbsoluteLossExact(Double.self)
        checkAbsoluteLossExact(Float.self)
    }

    @Test("every loss × penalty: certified, objective = F + R, row-major = column-major bit for bit, deterministic")
    func everyModel() {
        checkEveryModel(Double.self)
        checkEveryModel(Float.self)
    }

    @Test("sr_path: given alphas in order, each as good as sr_fit; the default grid")
    func path() {
        checkPath(Double.self)
        checkPath(Float.self)
        checkPathFactorObjectives(Double.self)
        checkPathFactorObjectives(Float.self)
    }

    @Test("sr_fit: NULL structs, short sizes, layout, NULL coef, data, codes, hyperparameters, factors, bounds, solvers, weights; nothing written")
    func fitStatuses() {
        checkFitStatuses(Double.self)
        checkFitStatuses(Float.self)
    }

    @Test("sr_fit: the warm start reads result->coef")
    func warmStart() {
        checkWarmStart(Double.self)
        checkWarmStart(Float.self)
    }

    @Test("sr_path: every status, nothing written; the progress callback cancels")
    func pathStatuses() {
        checkPathStatuses(Double.self)
        checkPathStatuses(Float.self)
        checkPathAlphasAliasing()
    }

    @Test("sr_fit / sr_path from many threads at once: bit-identical to serial")
    func threads() {
        checkModelThreads(Double.self)
        checkModelThreads(Float.self)
    }
}
