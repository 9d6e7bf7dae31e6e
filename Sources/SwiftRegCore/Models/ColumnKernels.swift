import Dispatch

/// The dense kernels of the linear-model solvers, on column-major matrices held as raw
/// pointers: column j of an n × p matrix starts at `x + j·n`. Products are accumulated in
/// float64 whatever the storage type, with the eight-accumulator ``blockSum`` (packed adds).
@usableFromInline
enum ColumnKernels {
    /// Σᵢ a[i]·b[i], in float64.
    @inlinable @inline(__always)
    static func dot<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
        _ a: UnsafePointer<A>, _ b: UnsafePointer<B>, _ n: Int
    ) -> Double {
        blockSum(0, n) { Double(a[$0]) * Double(b[$0]) }
    }

    /// y[i] += alpha·x[i], in the storage type of y.
    @inlinable @inline(__always)
    static func axpy<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
        _ alpha: Double, _ x: UnsafePointer<A>, _ y: UnsafeMutablePointer<B>, _ n: Int
    ) {
        let a = B(alpha)
        for i in 0..<n { y[i] += a * B(x[i]) }
    }

    /// c[j] = x_jᵀ r for the p columns of the n × p matrix x. Split over features across
    /// threads when n·p is large; every c[j] is computed by one thread in a fixed order, so
    /// the result does not depend on the thread count.
    @inlinable
    static func transposedProduct<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
        _ x: UnsafePointer<A>, _ n: Int, _ p: Int, _ r: UnsafePointer<B>, _ c: UnsafeMutablePointer<Double>
    ) {
        let pieces = Swift.min(Parallel.threadCount, Swift.max(1, (n * p) / (1 << 18)), p)
        if pieces <= 1 {
            for j in 0..<p { c[j] = dot(x + j * n, r, n) }
            return
        }
        let work = UncheckedSendable((x, r, c))
        DispatchQueue.concurrentPerform(iterations: pieces) { k in
            let (x, r, c) = work.value
            for j in (p * k / pieces)..<(p * (k + 1) / pieces) { c[j] = dot(x + j * n, r, n) }
        }
    }

    /// c[k] = x_kᵀ r for the columns k listed in `columns` (c is indexed by column), split
    /// over threads like ``transposedProduct``.
    @inlinable
    static func transposedProduct<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
        _ x: UnsafePointer<A>, _ n: Int, columns: UnsafeBufferPointer<Int>, _ r: UnsafePointer<B>,
        _ c: UnsafeMutablePointer<Double>
    ) {
        let m = columns.count
        let pieces = Swift.min(Parallel.threadCount, Swift.max(1, (n * m) / (1 << 18)), m)
        if pieces <= 1 {
            for k in columns { c[k] = dot(x + k * n, r, n) }
            return
        }
        let work = UncheckedSendable((x, r, c, columns))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let (x, r, c, columns) = work.value
            for i in (m * piece / pieces)..<(m * (piece + 1) / pieces) {
                let k = columns[i]
                c[k] = dot(x + k * n, r, n)
            }
        }
    }

    /// r = y − x·w for the n × p matrix x (columns with w[j] = 0 are skipped).
    @inlinable
    static func residual<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
        _ x: UnsafePointer<A>, _ n: Int, _ p: Int, _ y: UnsafePointer<A>,
        _ w: UnsafePointer<Double>, _ r: UnsafeMutablePointer<B>
    ) {
        for i in 0..<n { r[i] = B(y[i]) }
        for j in 0..<p where w[j] != 0 { axpy(-w[j], x + j * n, r, n) }
    }

    /// The largest eigenvalue of xᵀx by power iteration (a slight underestimate, from below).
    @inlinable
    static func largestEigenvalue<A: BinaryFloatingPoint>(
        _ x: UnsafePointer<A>, _ n: Int, _ p: Int, iterations: Int = 50
    ) throws(SwiftRegError) -> Double {
        if p == 0 || n == 0 { return 0 }
        let v = try WorkBuffer<Double>(repeating: 1 / Double(p).squareRoot(), count: p)
        let u = try WorkBuffer<Double>(repeating: 0, count: n)
        let zero = try WorkBuffer<Double>(repeating: 0, count: p)
        var lambda = 0.0
        for _ in 0..<iterations {
            for i in 0..<n { u[i] = 0 }
            for j in 0..<p where v[j] != 0 { axpy(v[j], x + j * n, u.base, n) }
            transposedProduct(x, n, p, UnsafePointer(u.base), zero.base)
            let norm = blockSum(0, p) { zero[$0] * zero[$0] }.squareRoot()
            if norm == 0 { return 0 }
            let next = norm
            for j in 0..<p { v[j] = zero[j] / norm }
            if abs(next - lambda) <= 1e-10 * next { lambda = next; break }
            lambda = next
        }
        return lambda
    }
}
