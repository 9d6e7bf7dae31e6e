/// Dense symmetric positive-definite solves for ``Ridge``: A = LLᵀ in place (lower triangle,
/// column-major, float64), then L Lᵀ x = b.
@usableFromInline
enum Cholesky {
    /// Factors the k × k matrix a in place (its lower triangle becomes L). Returns false when a
    /// pivot is not positive (A not numerically positive definite).
    @inlinable
    static func factor(_ a: UnsafeMutablePointer<Double>, _ k: Int) -> Bool {
        for j in 0..<k {
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
