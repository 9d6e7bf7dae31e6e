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
        Parallel.concurrentPerform(iterations: pieces) { k in
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
        Parallel.concurrentPerform(iterations: pieces) { piece in
            let (x, r, c, columns) = work.value
            for i in (m * piece / pieces)..<(m * (piece + 1) / pieces) {
                let k = columns[i]
                c[k] = dot(x + k * n, r, n)
            }
        }
    }

    @inlinable @inline(__always)
    static func pair(_ p: UnsafePointer<Double>) -> SIMD2<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
    }

    /// Σᵢ a[i]·b[i] in the summation order of ``dot4`` (two packed accumulators of two lanes,
    /// then a scalar tail), so that an entry does not depend on how columns are grouped.
    @inlinable
    static func dotPacked(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s = SIMD2<Double>(), t = SIMD2<Double>()
        var i = 0
        while i + 4 <= n {
            s += pair(a + i) * pair(b + i)
            t += pair(a + i + 2) * pair(b + i + 2)
            i += 4
        }
        var r = (s + t).sum()
        while i < n { r += a[i] * b[i]; i += 1 }
        return r
    }

    /// (aᵀb₀, aᵀb₁, aᵀb₂, aᵀb₃): a register tile that loads a once for four columns (the
    /// Gram-column kernel); each result is bit-for-bit ``dotPacked``(a, bₖ, n).
    @inlinable
    static func dot4(
        _ a: UnsafePointer<Double>, _ b0: UnsafePointer<Double>, _ b1: UnsafePointer<Double>,
        _ b2: UnsafePointer<Double>, _ b3: UnsafePointer<Double>, _ n: Int
    ) -> (Double, Double, Double, Double) {
        var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
        var t0 = SIMD2<Double>(), t1 = SIMD2<Double>(), t2 = SIMD2<Double>(), t3 = SIMD2<Double>()
        var i = 0
        while i + 4 <= n {
            let x = pair(a + i), y = pair(a + i + 2)
            s0 += x * pair(b0 + i); t0 += y * pair(b0 + i + 2)
            s1 += x * pair(b1 + i); t1 += y * pair(b1 + i + 2)
            s2 += x * pair(b2 + i); t2 += y * pair(b2 + i + 2)
            s3 += x * pair(b3 + i); t3 += y * pair(b3 + i + 2)
            i += 4
        }
        var r0 = (s0 + t0).sum(), r1 = (s1 + t1).sum(), r2 = (s2 + t2).sum(), r3 = (s3 + t3).sum()
        while i < n {
            let x = a[i]
            r0 += x * b0[i]; r1 += x * b1[i]; r2 += x * b2[i]; r3 += x * b3[i]
            i += 1
        }
        return (r0, r1, r2, r3)
    }

    /// c[k] = x_kᵀa for the columns k listed (c indexed by column), four columns per tile;
    /// float64 storage only. Entries are independent of the grouping (see ``dot4``).
    @inlinable
    static func gramEntries(
        _ x: UnsafePointer<Double>, _ n: Int, columns: UnsafeBufferPointer<Int>, _ a: UnsafePointer<Double>,
        _ c: UnsafeMutablePointer<Double>
    ) {
        func run(_ lo: Int, _ hi: Int) {
            var i = lo
            while i + 4 <= hi {
                let k0 = columns[i], k1 = columns[i + 1], k2 = columns[i + 2], k3 = columns[i + 3]
                (c[k0], c[k1], c[k2], c[k3]) = dot4(a, x + k0 * n, x + k1 * n, x + k2 * n, x + k3 * n, n)
                i += 4
            }
            while i < hi { c[columns[i]] = dotPacked(a, x + columns[i] * n, n); i += 1 }
        }
        let m = columns.count
        let pieces = Swift.min(Parallel.threadCount, Swift.max(1, (n * m) / (1 << 18)), m)
        if pieces <= 1 { run(0, m); return }
        Parallel.concurrentPerform(iterations: pieces) { piece in
            run(m * piece / pieces, m * (piece + 1) / pieces)
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
        _ x: UnsafePointer<A>, _ n: Int, _ p: Int, iterations: Int = 50, interrupt: Interruption = .never
    ) throws(SwiftRegError) -> Double {
        if p == 0 || n == 0 { return 0 }
        let v = try WorkBuffer<Double>(repeating: 1 / Double(p).squareRoot(), count: p)
        let u = try WorkBuffer<Double>(repeating: 0, count: n)
        let zero = try WorkBuffer<Double>(repeating: 0, count: p)
        var lambda = 0.0
        for _ in 0..<iterations {
            try interrupt.check()
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
