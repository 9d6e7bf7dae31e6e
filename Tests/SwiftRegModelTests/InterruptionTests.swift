import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

/// An ``Interruption`` that asks to stop from its `limit`-th poll on, counting the polls.
final class PollCounter: @unchecked Sendable {
    let limit: Int
    var polls = 0
    init(limit: Int) { self.limit = limit }
    var interruption: Interruption {
        Interruption { [self] in
            polls += 1
            return polls >= limit
        }
    }
}

/// Every solver polls its ``Interruption`` inside its loops (not only at its start), stops at
/// the first poll that asks, and an interruption that never asks changes nothing.
@Suite("Interruption: every solver, path and cross-validation stops when asked")
struct InterruptionTests {
    static var problem: Problem<Double> { .random(n: 200, p: 40, seed: 21) }

    func fit(_ spec: ModelSpec, _ options: FitOptions) throws(SwiftRegError) -> ModelFit {
        let pb = Self.problem
        return try pb.x.withUnsafeBufferPointer { (xb) throws(SwiftRegError) in
            try pb.y.withUnsafeBufferPointer { (yb) throws(SwiftRegError) in
                try RegularizedModel.fit(x: xb, y: yb, nSamples: pb.n, nFeatures: pb.p, spec: spec, options: options)
            }
        }
    }

    /// (model, solver, polls before the stop): runs that would take far longer than `limit`
    /// polls (tol = 0, a huge budget) or poll per column (Cholesky, the interior point).
    static let cases: [(String, ModelSpec, ModelSolver, Int)] = [
        ("lasso, CD", ModelSpec(loss: .squared, penalty: .l1, alpha: 1e-4), .coordinateDescent, 50),
        ("elastic net, FISTA", ModelSpec(loss: .squared, penalty: .elasticNet, alpha: 1e-4), .fista, 50),
        ("lasso, subgradient", ModelSpec(loss: .squared, penalty: .l1, alpha: 1e-4), .subgradient, 50),
        ("ridge, Cholesky", ModelSpec(loss: .squared, penalty: .l2, alpha: 1e-3), .cholesky, 10),
        ("Huber + L1, CD", ModelSpec(loss: .huber, penalty: .l1, alpha: 1e-6), .coordinateDescent, 50),
        ("scaled Huber + L2", ModelSpec(loss: .huberScaled, penalty: .l2, alpha: 1e-6), .coordinateDescent, 20),
        ("absolute loss, interior point", ModelSpec(loss: .absolute, penalty: .none), .interiorPoint, 3),
        ("quantile + L1, interior point", ModelSpec(loss: .quantile, quantile: 0.3, penalty: .l1, alpha: 1e-3), .interiorPoint, 3),
    ]

    @Test("each solver stops at the poll that asks, from inside its loop", arguments: 0..<cases.count)
    func solverStops(_ index: Int) throws {
        let (name, spec, solver, limit) = Self.cases[index]
        for precompute in solver == .coordinateDescent && spec.loss == .squared ? [GramMode.gram, .residual] : [.auto] {
            let counter = PollCounter(limit: limit)
            let options = FitOptions(
                solver: solver, maxIter: 10_000_000, tol: 0, precompute: precompute, interrupt: counter.interruption)
            #expect(throws: SwiftRegError.interrupted, "\(name) \(precompute)") { try fit(spec, options) }
            // Stopped soon: the poll that asked, and the few polls of the loops that unwind after
            // it (a factorisation's retries end at their first poll, other folds at theirs).
            #expect(counter.polls >= limit && counter.polls <= limit + 16, "\(name) \(precompute): \(counter.polls) polls")
        }
    }

    @Test("an interruption that never asks changes no result")
    func neverAskingIsInvisible() throws {
        for (name, spec, solver, _) in Self.cases {
            let plain = try fit(spec, FitOptions(solver: solver, maxIter: 2000, tol: 1e-8))
            let counter = PollCounter(limit: .max)
            let polled = try fit(spec, FitOptions(solver: solver, maxIter: 2000, tol: 1e-8, interrupt: counter.interruption))
            #expect(plain.coef == polled.coef && plain.intercept == polled.intercept && plain.dualGap == polled.dualGap
                    && plain.iterations == polled.iterations, "\(name)")
            #expect(counter.polls > 0, "\(name): never polled")
        }
    }

    @Test("paths (the squared loss's and the general one) and cross-validation stop when asked")
    func pathsAndFoldsStop() throws {
        let pb = Self.problem
        for spec in [ModelSpec(loss: .squared, penalty: .l1), ModelSpec(loss: .huber, penalty: .l1)] {
            let counter = PollCounter(limit: 30)
            let options = FitOptions(maxIter: 1_000_000, tol: 0, interrupt: counter.interruption)
            try pb.x.withUnsafeBufferPointer { xb in
                try pb.y.withUnsafeBufferPointer { yb in
                    #expect(throws: SwiftRegError.interrupted, "path \(spec.loss)") {
                        try RegularizedModel.path(
                            x: xb, y: yb, nSamples: pb.n, nFeatures: pb.p, spec: spec, options: options, alphas: nil, count: 20)
                    }
                    #expect(counter.polls >= 30 && counter.polls <= 46, "path \(spec.loss): \(counter.polls) polls")
                    let folds = try CrossValidationFolds(contiguous: 4, nSamples: pb.n)
                    let cv = PollCounter(limit: 30)
                    var cvOptions = options
                    cvOptions.interrupt = cv.interruption
                    #expect(throws: SwiftRegError.interrupted, "cross-validation \(spec.loss)") {
                        try CrossValidation.path(
                            .dense(xb, .columnMajor), y: yb, nSamples: pb.n, nFeatures: pb.p, spec: spec,
                            options: cvOptions, alphas: nil, count: 20, folds: folds, threads: 1)
                    }
                    #expect(cv.polls >= 30 && cv.polls <= 46, "cross-validation \(spec.loss): \(cv.polls) polls")
                }
            }
        }
    }
}
