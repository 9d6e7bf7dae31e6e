/// Coordinate descent's bookkeeping for tall problems (Friedman, Hastie & Tibshirani 2010,
/// §2.2 "covariance updates"): the gradient h = X̃ᵀr = q − Gw is kept in float64, with
/// q = X̃ᵀỹ and G = X̃ᵀX̃ (also float64 for float32 data: G rounded to float32 left ε₃₂-size
/// errors in h, so that a gap of −2e-6 was certified at tol 1e-8). A coordinate step reads hⱼ (O(1)) and, when wⱼ changes, updates h
/// with column j of G (O(p)). Columns of G are computed on first use (n·p each), so only
/// features that ever become non-zero cost anything; they are kept for a whole path.
/// ‖r‖² and rᵀỹ, which the duality gap needs, follow from ‖ỹ‖², q and h in O(p).
@usableFromInline
final class CovarianceUpdates<T: BinaryFloatingPoint>: CoordinateEngine {
    @usableFromInline let data: CenteredDesign<T>
    @usableFromInline let gram: WorkBuffer<Double>
    @usableFromInline let known: WorkBuffer<Bool>
    @usableFromInline let q: WorkBuffer<Double>
    @usableFromInline let h: WorkBuffer<Double>
    @usableFromInline let scratch: WorkBuffer<Double>
    /// x̃ⱼ of the Gram column being computed.
    @usableFromInline let columnScratch: WorkBuffer<T>
    /// The columns of G not yet known, while one is computed.
    @usableFromInline let missingColumns: WorkBuffer<Int>
    @usableFromInline var drift = 0.0

    /// `precomputed`: G in full (p × p), when the caller has it (cross-validation builds each
    /// fold's from shared blocks); else its columns are computed on first use.
    @inlinable
    init(_ data: CenteredDesign<T>, w: UnsafePointer<Double>, precomputed: UnsafePointer<Double>? = nil) throws(SwiftRegError) {
        self.data = data
        let p = data.p
        gram = try WorkBuffer<Double>(count: Allocation.cells(p, p))
        known = try WorkBuffer<Bool>(repeating: precomputed != nil, count: p)
        if let precomputed { gram.base.update(from: precomputed, count: p * p) }
        q = try WorkBuffer<Double>(count: p)
        h = try WorkBuffer<Double>(count: p)
        scratch = try WorkBuffer<Double>(count: p)
        columnScratch = try WorkBuffer<T>(count: data.n)
        missingColumns = try WorkBuffer<Int>(count: p)
        q.base.update(from: try data.yCorrelations(), count: p)
        reset(w)
    }

    /// Column j of G, computed on first use (the entries of columns already known are copied:
    /// G is symmetric).
    @inlinable
    func gramColumn(_ j: Int) -> UnsafePointer<Double> {
        let p = data.p, col = gram.base + j * p
        if !known[j] {
            let s = scratch.base
            var count = 0
            for k in 0..<p {
                if known[k] { col[k] = gram[k * p + j] } else { missingColumns[count] = k; count += 1 }
            }
            let missing = UnsafeBufferPointer(start: missingColumns.base, count: count)
            let xj = columnScratch.base
            data.withColumn(j) { e in for i in 0..<data.n { xj[i] = e(i) } }
            // In chunks of about 2^22 multiply-adds, between which the interruption is polled:
            // an interrupted column stays unknown (the computation is abandoned).
            let chunk = Swift.max(4, (1 << 22) / Swift.max(data.n, 1))
            var start = 0
            while start < missing.count {
                if start > 0 && data.interrupt.requested { return UnsafePointer(col) }
                let part = start..<Swift.min(start + chunk, missing.count)
                start = part.upperBound
                if T.self == Double.self && !data.shifted {
                    // float64 X used as is: 4-column register tiles (x̃ⱼ loaded once per four columns).
                    let x = UnsafeRawPointer(data.raw).assumingMemoryBound(to: Double.self)
                    let a = UnsafeRawPointer(xj).assumingMemoryBound(to: Double.self)
                    ColumnKernels.gramEntries(x, data.n, columns: UnsafeBufferPointer(rebasing: missing[part]), a, s)
                } else {
                    data.transposedProduct(columns: UnsafeBufferPointer(rebasing: missing[part]), UnsafePointer(xj), s)
                }
            }
            for k in missing { col[k] = s[k] }
            known[j] = true
        }
        return UnsafePointer(col)
    }

    /// Column j of G in float64 when G is stored in float64.
    @inlinable
    func exactGramColumn(_ j: Int) -> UnsafePointer<Double>? {
        guard T.self == Double.self else { return nil }
        return gramColumn(j)
    }

    @inlinable
    func reset(_ w: UnsafePointer<Double>) {
        let p = data.p
        for k in 0..<p { h[k] = q[k] }
        for j in 0..<p where w[j] != 0 { apply(j, w[j]) }
        drift = 0
    }

    @inlinable @inline(__always)
    func correlation(_ j: Int) -> Double { h[j] }

    @inlinable @inline(__always)
    func apply(_ j: Int, _ delta: Double) {
        ColumnKernels.axpy(-delta, gramColumn(j), h.base, data.p)
        drift += abs(delta) * data.columnNormSq[j].squareRoot()
    }

    @inlinable
    func correlations(_ c: UnsafeMutablePointer<Double>) {
        c.update(from: h.base, count: data.p)
    }

    @inlinable
    var screensCheaply: Bool { false }

    @inlinable
    func correlations(columns: UnsafeBufferPointer<Int>, _ c: UnsafeMutablePointer<Double>) {
        for k in columns { c[k] = h[k] }
    }

    @inlinable
    func residualTerms(_ w: UnsafePointer<Double>) -> (normSq: Double, dotY: Double, scale: Double) {
        let p = data.p
        let wq = blockSum(0, p) { w[$0] * q[$0] }
        let wh = blockSum(0, p) { w[$0] * h[$0] }
        let yy = data.yNormSq
        return (Swift.max(0, yy - wq - wh), yy - wq, yy + abs(wq) + abs(wh))
    }
}
