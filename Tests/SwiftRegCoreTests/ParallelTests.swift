// Parallel: results that do not depend on the thread count, and the accuracy of the blocked
// summation. Some of these tests change the process-wide thread count: the suite is serialized,
// and each test that changes the count holds the thread-count lock (Support.swift), which the
// C-ABI tests in Tests/SwiftRegTests take as well.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftRegCore
import SwiftRegTestSupport
import Testing

/// Thread counts to compare; 1 is the reference.
let threadCounts = [1, 2, 3, 7]

/// n values 10^u with u uniform in [−4, 4]: positive, spanning 8 orders of magnitude.
func wideRange(_ n: Int, seed: UInt64) -> [Double] {
    var g = SplitMix64(seed: seed)
    return (0..<n).map { _ in pow(10, Double.random(in: -4...4, using: &g)) }
}

/// The outputs of every kernel on one data set, to compare across thread counts. Each kernel
/// family runs once (the loss or penalty inside does not change how work is split); this keeps
/// the suite fast in debug builds, where the generic kernels run unspecialised.
func allKernelOutputs<T: TestFloat>(_ yt: [T], _ yp: [T], _ sw: [T]) throws -> [(String, [T])] {
    let en = try ElasticNetPenalty(l1: 0.5, l2: 0.25)
    let both = Kernels.valueAndGradient(SquaredLoss(), yt, yp, sw, .mean).expectSuccess()
    let bothNone = Kernels.valueAndGradient(try HuberLoss(delta: 1), yt, yp, nil, .none).expectSuccess()
    return [
        ("evaluate AbsoluteLoss none weighted", Kernels.evaluate(AbsoluteLoss(), yt, yp, sw, .none).expectSuccess()),
        ("evaluate SquaredLoss mean weighted", Kernels.evaluate(SquaredLoss(), yt, yp, sw, .mean).expectSuccess()),
        ("gradient HuberLoss mean weighted", Kernels.gradient(try HuberLoss(delta: 1), yt, yp, sw, .mean).expectSuccess()),
        ("valueAndGradient SquaredLoss mean weighted, value", both?.value),
        ("valueAndGradient SquaredLoss mean weighted, gradient", both?.gradient),
        ("valueAndGradient HuberLoss none, value", bothNone?.value),
        ("valueAndGradient HuberLoss none, gradient", bothNone?.gradient),
        ("penalty value", [T(Kernels.penaltyValue(en, yp))]),
        ("penalty gradient", Kernels.penaltyGradient(en, yp).expectSuccess()),
        ("proximal", Kernels.proximal(en, yp, step: 0.7).expectSuccess()),
        ("subgradient step", Kernels.step(.subgradient, yt, yp, lr: 0.1, en).expectSuccess()),
        ("proximal step", Kernels.step(.proximal, yt, yp, lr: 0.1, en).expectSuccess()),
    ].map { ($0.0, $0.1 ?? []) }
}

@Suite("Parallel", .serialized)
struct ParallelTests {
    @Test("setThreadCount clamps to ≥ 1 and threadCount reads it back")
    func threadCountRoundTrip() {
        withThreadCountLock {
            let saved = Parallel.threadCount
            defer { Parallel.setThreadCount(saved) }
            #expect(saved >= 1)
            #expect(Parallel.availableCPUs() >= 1)
            for (set, get) in [(3, 3), (1, 1), (0, 1), (-5, 1), (Int.min, 1), (64, 64)] {
                Parallel.setThreadCount(set)
                #expect(Parallel.threadCount == get, "setThreadCount(\(set))")
            }
            Parallel.setThreadCount(8)
            #expect(Parallel.pieces(for: 0) == 1)
            #expect(Parallel.pieces(for: Parallel.minParallelCount - 1) == 1)
            #expect(Parallel.pieces(for: 10_000_000) == 8)
        }
    }

    @Test("deterministicSum is bit-identical for 1, 2, 3 and 7 threads")
    func deterministicSumIsThreadIndependent() {
        let b = Parallel.blockSize, m = Parallel.minParallelCount
        let x = wideRange(m + 3 * b + 3, seed: 99)
        // Above the parallel threshold, exact multiples of the block size and not; around the
        // threshold; small.
        let counts = [m + 3 * b + 3, m + 3 * b, m + 1, m, m - 1, 1_000_003, b + 1, 5]
        x.withUnsafeBufferPointer { x in
            withThreadCountLock {
                for n in counts {
                    var sums: [Double] = []
                    for t in threadCounts {
                        sums.append(withThreadCount(t) {
                            Parallel.deterministicSum(count: n) { lo, hi in
                                var s = 0.0
                                for i in lo..<hi { s += x[i] }
                                return s
                            }
                        })
                    }
                    #expect(sums.allSatisfy { $0.bitPattern == sums[0].bitPattern }, "n = \(n): \(sums)")
                }
            }
        }
    }

    @Test("every kernel gives bit-identical results for 1 and several threads just above the parallel threshold (2^20)")
    func kernelsAreThreadIndependent() throws {
        func check<T: TestFloat>(_: T.Type, _ n: Int, threads: Int) throws {
            let yt = randomValues(T.self, n, seed: 1), yp = randomValues(T.self, n, seed: 2)
            let sw = randomWeights(T.self, n, seed: 3)
            try withThreadCountLock {
                let one = try withThreadCount(1) { try allKernelOutputs(yt, yp, sw) }
                let many = try withThreadCount(threads) { try allKernelOutputs(yt, yp, sw) }
                for ((key, a), (_, b)) in zip(one, many) {
                    #expect(!a.isEmpty && bitwiseEqual(a, b), "\(T.self) n = \(n): \(key), 1 vs \(threads) threads")
                }
            }
        }
        // Just above the parallel threshold (so the work is split), not a multiple of the block size.
        try check(Double.self, Parallel.minParallelCount + 12_345, threads: 7)
        try check(Float.self, Parallel.minParallelCount + 7, threads: 3)
    }

    @Test("float64 sums of 10^6 positive values spanning 8 orders of magnitude: relative error ≤ 1e-13")
    func float64SumAccuracy() throws {
        for (n, seed) in [(1_000_000, UInt64(5))] {
            let x = wideRange(n, seed: seed)
            let exact = Ref.sum(x)
            let zeros = [Double](repeating: 0, count: n)
            let viaPenalty = Kernels.penaltyValue(try L1Penalty(lambda: 1), x)
            let viaLoss = try #require(Kernels.evaluate(AbsoluteLoss(), zeros, x, nil, .sum).expectSuccess())[0]
            let viaMean = try #require(Kernels.evaluate(AbsoluteLoss(), zeros, x, nil, .mean).expectSuccess())[0]
            #expect(abs(viaPenalty - exact) / exact <= 1e-13, "n = \(n): penalty \(viaPenalty) vs \(exact)")
            #expect(abs(viaLoss - exact) / exact <= 1e-13, "n = \(n): loss \(viaLoss) vs \(exact)")
            #expect(abs(viaMean - exact / Double(n)) / (exact / Double(n)) <= 1e-13, "n = \(n): mean")
            // A plain left-to-right loop is much worse: the test data are hard enough to tell.
            let naive = x.reduce(0, +)
            #expect(abs(naive - exact) / exact > abs(viaLoss - exact) / exact)
        }
    }

    @Test("float32 loss sums equal the float64 sum of the converted inputs, rounded to Float, within 1 ulp")
    func float32SumsAreRoundedFloat64() throws {
        let n = Parallel.minParallelCount + 7  // several threads, and not a multiple of the block size
        var g = SplitMix64(seed: 11)
        let yt = (0..<n).map { _ in Float(pow(10, Double.random(in: -3...3, using: &g))) }
        let yp = (0..<n).map { _ in Float(Double.random(in: -1...1, using: &g) * pow(10, Double.random(in: -3...3, using: &g))) }
        let sw = randomWeights(Float.self, n, seed: 12)
        let ytD = yt.map { Double($0) }, ypD = yp.map { Double($0) }, swD = sw.map { Double($0) }
        for c in [LossCase.absolute, .squared, .huber(1)] {
            for weighted in [false, true] {
                // The reference: exact float64 sums of sᵢ·ℓ(rᵢ) over the converted inputs.
                var terms = [Double](repeating: 0, count: n)
                for i in 0..<n { terms[i] = (weighted ? swD[i] : 1) * c.value(ypD[i] - ytD[i]) }
                let sum = Ref.sum(terms)
                let mean = sum / (weighted ? Ref.sum(swD) : Double(n))
                var floatSum: Float = .nan
                for (reduction, ref) in [(Reduction.sum, sum), (.mean, mean)] {
                    let got = try #require(Kernels.evaluate(c.loss, yt, yp, weighted ? sw : nil, reduction).expectSuccess())[0]
                    let rounded = Float(ref)
                    #expect(abs(got - rounded) <= rounded.ulp,
                            "\(c) \(reduction) \(weighted ? "weighted" : "unweighted"): \(got) vs \(rounded)")
                    if reduction == .sum { floatSum = got }
                }
                // The Double kernel on the converted inputs, rounded, gives the Float result exactly.
                let dResult: Result<[Double], SwiftRegError> = Kernels.evaluate(c.loss, ytD, ypD, weighted ? swD : nil, .sum)
                let d = try #require(dResult.expectSuccess())[0]
                #expect(floatSum == Float(d), "\(c) \(weighted ? "weighted" : "unweighted"): Float kernel vs Double kernel")
            }
        }
    }
}
