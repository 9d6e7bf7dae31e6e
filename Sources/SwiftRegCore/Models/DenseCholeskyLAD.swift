/// Small dense linear algebra for the least-absolute-deviation solver: a Cholesky
/// factorisation of the k×k normal matrix of each interior-point iteration and an LU
/// factorisation (partial pivoting) of the k×k interpolation system of a vertex.
///
/// Matrices are column-major `Double` buffers of `k*k` elements, element (i, j) at `i + j*k`.
/// k is the number of coefficients (features + intercept): small, so plain loops suffice.
/// Internal to the LAD solver; the names carry `LAD` so they cannot collide with the
/// helpers of other models.
@usableFromInline
enum LADDense {
    /// In-place Cholesky G = L·Lᵀ (lower triangle of `g` overwritten by L). A pivot that is not
    /// clearly positive (≤ 1e-13 of the largest diagonal: a direction the normal matrix does
    /// not see) is replaced by 1e64, which drives that component of every solution to ~0; the
    /// interior-point method only needs a search direction, not an exact one. Returns the
    /// number of pivots replaced.
    @usableFromInline
    @discardableResult
    static func choleskyFactor(_ g: UnsafeMutablePointer<Double>, _ k: Int) -> Int {
        var maxDiag = 0.0
        for j in 0..<k { maxDiag = Swift.max(maxDiag, g[j + j * k]) }
        let floor = Swift.max(maxDiag, Double.leastNormalMagnitude) * 1e-13
        var replaced = 0
        for j in 0..<k {
            let cj = g + j * k
            var d = cj[j]
            for l in 0..<j { let v = g[j + l * k]; d -= v * v }
            if !(d > floor) {
                replaced += 1
                cj[j] = 1e32  // sqrt(1e64)
                for i in (j + 1)..<Swift.max(j + 1, k) { cj[i] = 0 }
                continue
            }
            let djj = d.squareRoot()
            cj[j] = djj
            // Column j below the diagonal: (G[i,j] − Σ_l L[i,l]·L[j,l]) / L[j,j].
            if j + 1 < k {
                for l in 0..<j {
                    let ljl = g[j + l * k]
                    if ljl == 0 { continue }
                    let cl = g + l * k
                    for i in (j + 1)..<k { cj[i] -= cl[i] * ljl }
                }
                let inv = 1 / djj
                for i in (j + 1)..<k { cj[i] *= inv }
            }
        }
        return replaced
    }

    /// Solves L·Lᵀ·x = b in place (b overwritten by x), L from `choleskyFactor`.
    @usableFromInline
    static func choleskySolve(_ l: UnsafePointer<Double>, _ k: Int, _ b: UnsafeMutablePointer<Double>) {
        for j in 0..<k {  // L·u = b (column-oriented)
            let v = b[j] / l[j + j * k]
            b[j] = v
            if v != 0 { for i in (j + 1)..<Swift.max(j + 1, k) { b[i] -= l[i + j * k] * v } }
        }
        for j in stride(from: k - 1, through: 0, by: -1) {  // Lᵀ·x = u (row j of Lᵀ = column j of L)
            var v = b[j]
            for i in (j + 1)..<Swift.max(j + 1, k) { v -= l[i + j * k] * b[i] }
            b[j] = v / l[j + j * k]
        }
    }

    /// In-place LU with partial pivoting, P·A = L·U (unit L below the diagonal, U on and above).
    /// `piv[j]` is the row swapped with row j at step j. Returns false when a pivot is exactly 0
    /// or smaller than 1e-14 of the largest entry of its column (a singular basis).
    @usableFromInline
    static func luFactor(_ a: UnsafeMutablePointer<Double>, _ k: Int, _ piv: UnsafeMutablePointer<Int>) -> Bool {
        for j in 0..<k {
            let cj = a + j * k
            var colMax = 0.0
            for i in 0..<k { colMax = Swift.max(colMax, abs(cj[i])) }
            var p = j, best = abs(cj[j])
            for i in (j + 1)..<Swift.max(j + 1, k) where abs(cj[i]) > best { best = abs(cj[i]); p = i }
            piv[j] = p
            if !(best > colMax * 1e-14) || best == 0 { return false }
            if p != j { for c in 0..<k { let t = a[j + c * k]; a[j + c * k] = a[p + c * k]; a[p + c * k] = t } }
            let inv = 1 / cj[j]
            for i in (j + 1)..<Swift.max(j + 1, k) { cj[i] *= inv }
            for c in (j + 1)..<Swift.max(j + 1, k) {
                let cc = a + c * k
                let u = cc[j]
                if u == 0 { continue }
                for i in (j + 1)..<k { cc[i] -= cj[i] * u }
            }
        }
        return true
    }

    /// Solves A·x = b in place with the factors of `luFactor`.
    @usableFromInline
    static func luSolve(_ lu: UnsafePointer<Double>, _ k: Int, _ piv: UnsafePointer<Int>, _ b: UnsafeMutablePointer<Double>) {
        for j in 0..<k where piv[j] != j { let t = b[j]; b[j] = b[piv[j]]; b[piv[j]] = t }
        for j in 0..<k {  // unit lower
            let v = b[j]
            if v != 0 { for i in (j + 1)..<Swift.max(j + 1, k) { b[i] -= lu[i + j * k] * v } }
        }
        for j in stride(from: k - 1, through: 0, by: -1) {  // upper
            let v = b[j] / lu[j + j * k]
            b[j] = v
            if v != 0 { for i in 0..<j { b[i] -= lu[i + j * k] * v } }
        }
    }

    /// Solves Aᵀ·x = b in place with the factors of `luFactor` (Aᵀ = Uᵀ·Lᵀ·P).
    @usableFromInline
    static func luSolveTransposed(_ lu: UnsafePointer<Double>, _ k: Int, _ piv: UnsafePointer<Int>, _ b: UnsafeMutablePointer<Double>) {
        for j in 0..<k {  // Uᵀ·u = b: row j of Uᵀ is column j of U above the diagonal
            var v = b[j]
            for i in 0..<j { v -= lu[i + j * k] * b[i] }
            b[j] = v / lu[j + j * k]
        }
        for j in stride(from: k - 1, through: 0, by: -1) {  // Lᵀ·w = u
            var v = b[j]
            for i in (j + 1)..<Swift.max(j + 1, k) { v -= lu[i + j * k] * b[i] }
            b[j] = v
        }
        for j in stride(from: k - 1, through: 0, by: -1) where piv[j] != j {
            let t = b[j]; b[j] = b[piv[j]]; b[piv[j]] = t
        }
    }
}
