/// Dense symmetric positive-definite solves for ``Ridge``: A = LLᵀ in place (lower triangle,
/// column-major, float64), then L Lᵀ x = b.
@usableFromInline
enum Cholesky {
    /// Factors the k × k matrix a in place (its lower triangle becomes L). Returns false when a
    /// pivot is not positive (A not numerically positive definite), or when `interrupt` asks
    /// (polled every 16 columns; the caller checks it).
    @inlinable
    static func factor(_ a: UnsafeMutablePointer<Double>, _ k: Int, interrupt: Interruption = .never) -> Bool {
        for j in 0..<k {
            if j & 15 == 15 && interrupt.requested { return false }
            let colJ = a + j * k
            // a[j.., j] -= L[j.., 0..<j] · L[j, 0..<j]ᵀ
            for m in 0..<j {
                let colM = a + m * k, l = colM[j]
                if l != 0 { for i in j..<k { colJ[i] -= l * colM[i] } }
            }
            let pivot = colJ[j]
            guard pivot > 0, pivot.isFinite else { return false }
            let d = pivot.squareRoot()
            colJ[j] = d
            let inv = 1 / d
            for i in (j + 1)..<k { colJ[i] *= inv }
        }
        return true
    }

    /// Solves L Lᵀ x = b in place (b becomes x), L from ``factor``.
    @inlinable
    static func solve(_ l: UnsafePointer<Double>, _ k: Int, _ b: UnsafeMutablePointer<Double>) {
        for j in 0..<k {                       // L z = b (column-oriented)
            let col = l + j * k
            b[j] /= col[j]
            let v = b[j]
            if v != 0 { for i in (j + 1)..<k { b[i] -= v * col[i] } }
        }
        for j in stride(from: k - 1, through: 0, by: -1) {   // Lᵀ x = z
            let col = l + j * k
            var s = b[j]
            for i in (j + 1)..<k { s -= col[i] * b[i] }
            b[j] = s / col[j]
        }
    }
}

/// A Cholesky factor M = LLᵀ that grows and shrinks one row and column at a time, for the
/// reduced systems of ``ExactActiveSet``: L is lower triangular, column-major with leading
/// dimension `capacity` (which doubles as needed), float64.
///
/// * append: with L z = m (the new column's first k entries), the new row is zᵀ and the new
///   diagonal √(m_kk − zᵀz); O(k²). Refused (false) when m_kk − zᵀz ≤ 1e-12·m_kk, that is when
///   the new column is numerically in the span of the others.
/// * remove: deleting row i of L leaves a lower-Hessenberg block, which Givens rotations of
///   adjacent columns (M = (LQ)(LQ)ᵀ for orthogonal Q) return to triangular form; O(k²).
@usableFromInline
final class UpdatableCholesky {
    @usableFromInline var l: WorkBuffer<Double>
    @usableFromInline var capacity: Int
    @usableFromInline var order = 0
    @usableFromInline let scratch: WorkBuffer<Double>
    @usableFromInline let limit: Int

    /// `limit` bounds the order (append fails beyond it).
    @inlinable
    init(limit: Int) throws(SwiftRegError) {
        self.limit = limit
        capacity = Swift.max(1, Swift.min(limit, 32))
        l = try WorkBuffer<Double>(repeating: 0, count: capacity * capacity)
        scratch = try WorkBuffer<Double>(repeating: 0, count: limit + 1)
    }

    @inlinable
    func grow(to k: Int) throws(SwiftRegError) {
        guard k > capacity else { return }
        let next = Swift.min(limit, Swift.max(k, 2 * capacity))
        let m = try WorkBuffer<Double>(repeating: 0, count: next * next)
        for j in 0..<order { (m.base + j * next).update(from: l.base + j * capacity, count: order) }
        l = m
        capacity = next
    }

    /// Appends the column m (k = order entries of M[·, new], then M[new, new]); m is
    /// overwritten. Returns false (and changes nothing) when it would not be positive definite.
    @inlinable
    func append(_ m: UnsafeMutablePointer<Double>) throws(SwiftRegError) -> Bool {
        let k = order
        guard k < limit else { return false }
        try grow(to: k + 1)
        let ld = capacity, l = self.l.base
        let diag = m[k]
        for j in 0..<k {                        // L z = m, column-oriented
            let col = l + j * ld
            m[j] /= col[j]
            let v = m[j]
            if v != 0 { for i in (j + 1)..<k { m[i] -= v * col[i] } }
        }
        let d2 = diag - blockSum(0, k) { m[$0] * m[$0] }
        guard diag > 0, d2 > 1e-12 * diag, d2.isFinite else { return false }
        for j in 0..<k { l[k + j * ld] = m[j] }
        l[k + k * ld] = d2.squareRoot()
        order = k + 1
        return true
    }

    /// Removes row and column i.
    @inlinable
    func remove(at i: Int) {
        let k = order, ld = capacity, l = self.l.base
        for col in 0..<k {
            let c = l + col * ld
            for r in i..<(k - 1) { c[r] = c[r + 1] }
            c[k - 1] = 0
        }
        if i < k - 1 {
            for j in i..<(k - 1) {
                let cj = l + j * ld, cn = l + (j + 1) * ld
                let a = cj[j], b = cn[j]
                let r = (a * a + b * b).squareRoot()
                if r == 0 { continue }
                let c = a / r, s = b / r
                for row in j..<(k - 1) {
                    let x = cj[row], y = cn[row]
                    cj[row] = c * x + s * y
                    cn[row] = -s * x + c * y
                }
                cn[j] = 0
            }
        }
        let last = l + (k - 1) * ld
        for r in 0..<k { last[r] = 0 }
        order = k - 1
    }

    /// Solves L Lᵀ x = b in place.
    @inlinable
    func solve(_ b: UnsafeMutablePointer<Double>) {
        let k = order, ld = capacity, l = self.l.base
        for j in 0..<k {
            let col = l + j * ld
            b[j] /= col[j]
            let v = b[j]
            if v != 0 { for i in (j + 1)..<k { b[i] -= v * col[i] } }
        }
        solveTransposed(b)
    }

    /// Solves Lᵀ x = b in place (after a refused ``append``, its column holds z with L z = m,
    /// so this gives M⁻¹m: the coefficients of the new column on the old ones).
    @inlinable
    func solveTransposed(_ b: UnsafeMutablePointer<Double>) {
        let k = order, ld = capacity, l = self.l.base
        for j in stride(from: k - 1, through: 0, by: -1) {
            let col = l + j * ld
            var s = b[j]
            for i in (j + 1)..<k { s -= col[i] * b[i] }
            b[j] = s / col[j]
        }
    }

    @inlinable
    func clear() { order = 0 }

    /// Factors a new k × k matrix in one pass (right-looking, contiguous column updates):
    /// `column(j, out)` writes M[j..<k, j] into out[j..<k]. Returns false (and leaves the
    /// factor empty) when a pivot is not positive beyond 1e-12 of its diagonal, as ``append``.
    @inlinable
    func refactor(order k: Int, _ column: (Int, UnsafeMutablePointer<Double>) -> Void) throws(SwiftRegError) -> Bool {
        order = 0
        guard k <= limit else { return false }
        try grow(to: k)
        let ld = capacity, l = self.l.base
        for j in 0..<k { column(j, l + j * ld); scratch[j] = l[j + j * ld] }
        for j in 0..<k {
            let cj = l + j * ld
            let diag = cj[j]
            guard scratch[j] > 0, diag > 1e-12 * scratch[j], diag.isFinite else { return false }
            let root = diag.squareRoot()
            cj[j] = root
            let inv = 1 / root
            for i in (j + 1)..<k { cj[i] *= inv }
            for c in (j + 1)..<k {
                let v = cj[c]
                if v == 0 { continue }
                let cc = l + c * ld
                for i in c..<k { cc[i] -= cj[i] * v }
            }
        }
        order = k
        return true
    }
}
