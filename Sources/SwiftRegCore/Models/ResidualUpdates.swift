/// Coordinate descent's bookkeeping for wide or large problems: the residual r = ỹ − X̃w is
/// kept (in float64 for float32 data too: rounded to float32 it made gaps of −3.6e-6 pass at
/// tol 1e-8) and each coordinate step reads and updates one column of X̃:
/// cⱼ = x̃ⱼᵀr (n multiply-adds), r ← r − δ·x̃ⱼ (n more).
@usableFromInline
final class ResidualUpdates<T: BinaryFloatingPoint>: CoordinateEngine {
    @usableFromInline let data: CenteredDesign<T>
    @usableFromInline let r: WorkBuffer<Double>
    /// Whether w = 0 (then r = ỹ exactly).
    @usableFromInline var atZero = false
    @usableFromInline var drift = 0.0

    @inlinable
    init(_ data: CenteredDesign<T>, w: UnsafePointer<Double>) throws(SwiftRegError) {
        self.data = data
        r = try WorkBuffer<Double>(count: data.n)
        // X̃ᵀỹ, the correlations at w = 0, made now: allocated here, the lookups below cannot fail.
        _ = try data.yCorrelations()
        reset(w)
    }

    @inlinable
    func reset(_ w: UnsafePointer<Double>) {
        data.residual(w, r.base)
        atZero = (0..<data.p).allSatisfy { w[$0] == 0 }
        drift = 0
    }

    @inlinable @inline(__always)
    func correlation(_ j: Int) -> Double {
        data.dot(j, UnsafePointer(r.base))
    }

    @inlinable @inline(__always)
    func apply(_ j: Int, _ delta: Double) {
        data.axpy(-delta, j, r.base)
        atZero = false
        drift += abs(delta) * data.columnNormSq[j].squareRoot()
    }

    @inlinable
    func exactGramColumn(_ j: Int) -> UnsafePointer<Double>? { nil }

    @inlinable
    func correlations(_ c: UnsafeMutablePointer<Double>) {
        // At w = 0, r = ỹ and X̃ᵀr is X̃ᵀỹ, computed once for the whole fit.
        if atZero, let q = try? data.yCorrelations() { c.update(from: q, count: data.p); return }
        data.transposedProduct(UnsafePointer(r.base), c)
    }

    @inlinable
    var screensCheaply: Bool { true }

    @inlinable
    func correlations(columns: UnsafeBufferPointer<Int>, _ c: UnsafeMutablePointer<Double>) {
        if atZero, let q = try? data.yCorrelations() {
            for k in columns { c[k] = q[k] }
            return
        }
        data.transposedProduct(columns: columns, UnsafePointer(r.base), c)
    }

    @inlinable
    func residualTerms(_ w: UnsafePointer<Double>) -> (normSq: Double, dotY: Double, scale: Double) {
        let r = UnsafePointer(r.base), n = data.n
        let rr = ColumnKernels.dot(r, r, n), ry = ColumnKernels.dot(r, data.y, n)
        return (rr, ry, rr + abs(ry))
    }
}
