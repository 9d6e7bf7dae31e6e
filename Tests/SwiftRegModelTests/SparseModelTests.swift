import SwiftRegTestSupport
import Testing
@testable import SwiftRegCore

/// Sparse X (compressed sparse columns): the same fits and paths as its dense copy, for every
/// loss and penalty, and each malformed structure rejected with its own error.
@Suite("RegularizedModel on sparse X")
struct SparseModelTests {
    /// A random n × p matrix with about `density` of its entries stored, as (dense column-major
    /// copy, indptr, rows, values); rows within a column are shuffled when `unsorted`.
    static func matrix(n: Int, p: Int, density: Double, seed: UInt64, unsorted: Bool = false)
        -> (dense: [Double], indptr: [Int64], rows: [Int64], values: [Double]) {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var dense = [Double](repeating: 0, count: n * p), indptr: [Int64] = [0], rows: [Int64] = [], values: [Double] = []
        for j in 0..<p {
            var column: [(Int64, Double)] = []
            for i in 0..<n where next() < density {
                let v = (next() - 0.3) * 4
                dense[i + j * n] = v
                column.append((Int64(i), v))
            }
            if unsorted { column.reverse() }
            for (i, v) in column { rows.append(i); values.append(v) }
            indptr.append(Int64(rows.count))
        }
        return (dense, indptr, rows, values)
    }

    static func target(n: Int, dense: [Double], p: Int) -> [Double] {
        (0..<n).map { i in
            var s = 0.5 + Double((i * 37) % 11) / 5 - 1
            for j in 0..<min(p, 3) { s += Double(j + 1) * dense[i + j * n] }
            return s
        }
    }

    func both(
        n: Int, p: Int, density: Double, spec: ModelSpec, weights: [Double]? = nil, l1Factor: [Double]? = nil,
        lower: [Double]? = nil, upper: [Double]? = nil, unsorted: Bool = false, int32: Bool = false
    ) throws -> (dense: ModelFit, sparse: ModelFit) {
        let m = Self.matrix(n: n, p: p, density: density, seed: 7, unsorted: unsorted)
        let y = Self.target(n: n, dense: m.dense, p: p)
        // The linear programmes end at exact vertices; their QP form (an L2 part) is an
        // interior point whose last steps are at rounding level: 1e-11.
        let options = FitOptions(maxIter: 100_000, tol: spec.loss == .absolute || spec.loss == .quantile ? 1e-11 : 1e-14)
        return try y.withUnsafeBufferPointer { yb in
            try withOptional(weights) { wb in
                try withOptional(l1Factor) { f in
                    try withOptional(lower) { lo in
                        try withOptional(upper) { hi in
                            let features = FeatureOptions(l1Factor: f, lower: lo, upper: hi)
                            let dense = try m.dense.withUnsafeBufferPointer { xb in
                                try RegularizedModel.fit(
                                    x: xb, y: yb, nSamples: n, nFeatures: p, sampleWeight: wb, features: features,
                                    spec: spec, options: options)
                            }
                            let rows32 = m.rows.map { Int32($0) }
                            let sparse = try m.values.withUnsafeBufferPointer { v in
                                try m.indptr.withUnsafeBufferPointer { ip in
                                    try m.rows.withUnsafeBufferPointer { r64 in
                                        try rows32.withUnsafeBufferPointer { r32 in
                                            let x = try SparseColumns<Double>(
                                                nSamples: n, nFeatures: p, nnz: m.values.count, values: v.baseAddress,
                                                indptr: ip.baseAddress, rows64: int32 ? nil : r64.baseAddress,
                                                rows32: int32 ? r32.baseAddress : nil)
                                            return try RegularizedModel.fit(
                                                .sparse(x), y: yb, nSamples: n, nFeatures: p, sampleWeight: wb,
                                                features: features, spec: spec, options: options)
                                        }
                                    }
                                }
                            }
                            return (dense, sparse)
                        }
                    }
                }
            }
        }
    }

    static func agree(_ a: ModelFit, _ b: ModelFit, _ tol: Double, _ what: String) {
        let scale = max(1, a.coef.map(abs).max() ?? 0, abs(a.intercept))
        for j in a.coef.indices {
            #expect(abs(a.coef[j] - b.coef[j]) <= tol * scale, "\(what): coef[\(j)] \(a.coef[j]) vs \(b.coef[j])")
        }
        #expect(abs(a.intercept - b.intercept) <= tol * scale, "\(what): intercept \(a.intercept) vs \(b.intercept)")
        #expect(abs(a.objective - b.objective) <= tol * max(1, abs(a.objective)), "\(what): objective")
        #expect(b.converged, "\(what): sparse fit not converged (gap \(b.dualGap), tol \(b.gapTolerance))")
        #expect(b.dualGap >= 0 && b.dualGap <= b.gapTolerance, "\(what): sparse gap")
    }

    @Test("every loss × penalty, with and without intercept: sparse equals dense")
    func grid() throws {
        for loss in [LossKind.squared, .huber, .absolute, .quantile] {
            for penalty in PenaltyKind.allCases {
                for intercept in [true, false] {
                    let spec = ModelSpec(
                        loss: loss, delta: 0.8, quantile: 0.3, penalty: penalty, alpha: 0.05, l1Ratio: 0.6,
                        fitIntercept: intercept)
                    let (d, s) = try both(n: 40, p: 12, density: 0.3, spec: spec)
                    // The smooth fits stop at a gap of 1e-14 relative: coefficients agree to its
                    // square root at worst; the linear programmes are exact vertices.
                    Self.agree(d, s, loss == .absolute || loss == .quantile ? 1e-9 : 1e-6, "\(loss) \(penalty) intercept \(intercept)")
                }
            }
        }
    }

    @Test("weights, factors, bounds, unsorted rows and int32 indices")
    func options() throws {
        let n = 30, p = 8
        let weights: [Double] = (0..<n).map { (i: Int) -> Double in i % 7 == 0 ? 0 : Double(i % 4) * 0.5 + 0.25 }
        let factors: [Double] = [1, 0, 2, 1, 0.5, 1, 1, 3]
        let lower: [Double] = [-1, 0, -.infinity, -0.2, -1, 0, -1, -1]
        let upper: [Double] = [1, .infinity, .infinity, 0.3, 1, 2, 1, 1]
        for loss in [LossKind.squared, .huber, .quantile] {
            for penalty in [PenaltyKind.l1, .elasticNet] {
                let spec = ModelSpec(loss: loss, delta: 0.8, quantile: 0.7, penalty: penalty, alpha: 0.02, l1Ratio: 0.5)
                let (d, s) = try both(
                    n: n, p: p, density: 0.4, spec: spec, weights: weights, l1Factor: factors, lower: lower, upper: upper,
                    unsorted: true, int32: true)
                Self.agree(d, s, loss == .quantile ? 1e-9 : 1e-6, "\(loss) \(penalty) with options")
            }
        }
    }

    @Test("the path: sparse equals dense, the default grid too")
    func path() throws {
        let n = 50, p = 20
        let m = Self.matrix(n: n, p: p, density: 0.2, seed: 3)
        let y = Self.target(n: n, dense: m.dense, p: p)
        for loss in [LossKind.squared, .huber] {
            let spec = ModelSpec(loss: loss, delta: 1, penalty: .elasticNet, l1Ratio: 0.8)
            let options = FitOptions(maxIter: 100_000, tol: 1e-14)
            let dense = try m.dense.withUnsafeBufferPointer { xb in
                try y.withUnsafeBufferPointer { yb in
                    try RegularizedModel.path(
                        x: xb, y: yb, nSamples: n, nFeatures: p, spec: spec, options: options, alphas: nil, count: 8,
                        eps: 1e-2)
                }
            }
            let sparse = try m.values.withUnsafeBufferPointer { v in
                try m.indptr.withUnsafeBufferPointer { ip in
                    try m.rows.withUnsafeBufferPointer { r in
                        try y.withUnsafeBufferPointer { yb in
                            let x = try SparseColumns<Double>(
                                nSamples: n, nFeatures: p, nnz: m.values.count, values: v.baseAddress, indptr: ip.baseAddress,
                                rows64: r.baseAddress, rows32: nil)
                            return try RegularizedModel.path(
                                .sparse(x), y: yb, nSamples: n, nFeatures: p, spec: spec, options: options, alphas: nil,
                                count: 8, eps: 1e-2)
                        }
                    }
                }
            }
            for k in dense.alphas.indices {
                #expect(abs(dense.alphas[k] - sparse.alphas[k]) <= 1e-12 * dense.alphas[0], "\(loss) alpha \(k)")
                for j in 0..<p {
                    #expect(abs(dense.coef[k * p + j] - sparse.coef[k * p + j]) <= 1e-6, "\(loss) alpha \(k) coef \(j)")
                }
                #expect(sparse.converged[k])
            }
        }
    }

    @Test("malformed structure: each error names the array and the position")
    func validation() throws {
        let values: [Double] = [1, 2, 3, 4]
        func make(_ indptr: [Int64], _ rows: [Int64], n: Int = 3, values: [Double] = values) -> SwiftRegError? {
            values.withUnsafeBufferPointer { (v) -> SwiftRegError? in
                indptr.withUnsafeBufferPointer { (ip) -> SwiftRegError? in
                    rows.withUnsafeBufferPointer { (r) -> SwiftRegError? in
                        do {
                            _ = try SparseColumns<Double>(
                                nSamples: n, nFeatures: indptr.count - 1, nnz: rows.count, values: v.baseAddress,
                                indptr: ip.baseAddress, rows64: r.baseAddress, rows32: nil)
                            return nil
                        } catch { return error as? SwiftRegError }
                    }
                }
            }
        }
        #expect(make([0, 2, 4], [0, 2, 1, 0]) == nil)
        #expect(make([0, 2, 4], [2, 0, 1, 0]) == nil)   // unsorted rows are accepted
        #expect(make([1, 2, 4], [0, 2, 1, 0]) == .invalidIndptr(position: 0, value: 1, requirement: "0"))
        #expect(make([0, 3, 2, 4], [0, 2, 1, 0]) == .invalidIndptr(position: 2, value: 2, requirement: ">= indptr[1] = 3"))
        #expect(make([0, 2, 3], [0, 2, 1, 0]) == .invalidIndptr(position: 2, value: 3, requirement: "nnz = 4 (the number of stored values)"))
        #expect(make([0, 2, 5], [0, 2, 1, 0]) == .invalidIndptr(position: 2, value: 5, requirement: "<= nnz = 4"))
        #expect(make([0, 2, 4], [0, 3, 1, 0]) == .invalidIndex(position: 1, value: 3, requirement: "in [0, n_samples = 3)"))
        #expect(make([0, 2, 4], [0, -1, 1, 0]) == .invalidIndex(position: 1, value: -1, requirement: "in [0, n_samples = 3)"))
        #expect(make([0, 2, 4], [0, 2, 1, 1]) == .invalidIndex(position: 3, value: 1, requirement: "a row not already stored in column 1"))
        // NaN is not equal to itself: compare the name and the position.
        if case .invalidData(let name, let k, let v)? = make([0, 2, 4], [0, 2, 1, 0], values: [1, .nan, 3, 4]) {
            #expect(name == "X" && k == 1 && v.isNaN)
        } else {
            Issue.record("a NaN stored value was accepted")
        }
        if case .invalidData(let name, let k, _)? = make([0, 2, 4], [0, 2, 1, 0], values: [1, 2, .infinity, 4]) {
            #expect(name == "X" && k == 2)
        } else {
            Issue.record("an infinite stored value was accepted")
        }
    }
}
