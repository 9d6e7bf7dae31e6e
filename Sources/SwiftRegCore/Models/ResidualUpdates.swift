/// Coordinate descent's bookkeeping for wide or large problems: the residual r = ỹ − X̃w is
/// kept (in the storage type T) and each coordinate step reads and updates one column of X̃:
/// cⱼ = x̃ⱼᵀr (n multiply-adds), r ← r − δ·x̃ⱼ (n more).
@usableFromInline
final class ResidualUpdates<T: BinaryFloatingPoint>: CoordinateEngine {
    @usableFromInline let data: CenteredDesign<T>
    @usableFromInline let r: WorkBuffer<T>

    @inlinable
    init(_ data: CenteredDesign<T>, w: UnsafePointer<Double>) throws(SwiftRegError) {
        self.data = data
        r = try WorkBuffer<T>(count: data.n)
        reset(w)
    }

    @inlinable
    func reset(_ w: UnsafePointer<Double>) {
        ColumnKernels.residual(data.x, data.n, data.p, data.y, w, r.base)
    }

    @inlinable @inline(__always)
    func correlation(_ j: Int) -> Double {
        ColumnKernels.dot(data.column(j), UnsafePointer(r.base), data.n)
    }

    @inlinable @inline(__always)
    func apply(_ j: Int, _ delta: Double) {
        ColumnKernels.axpy(-delta, data.column(j), r.base, data.n)
    }

    @inlinable
    func exactGramColumn(_ j: Int) -> UnsafePointer<Double>? { nil }

    @inlinable
    func correlations(_ c: UnsafeMutablePointer<Double>) {
        ColumnKernels.transposedProduct(data.x, data.n, data.p, UnsafePointer(r.base), c)
    }

    @inlinable
    func residualTerms(_ w: UnsafePointer<Double>) -> (normSq: Double, dotY: Double) {
        let r = UnsafePointer(r.base), n = data.n
        return (ColumnKernels.dot(r, r, n), ColumnKernels.dot(r, data.y, n))
    }
}
