/// The dense LU factorisation (partial pivoting) of the k×k interpolation system of a vertex
/// in ``QuantileSolver``'s crossover: B·β = ŷ_B on the basis rows, and Bᵀ·d = g for the
/// basis multipliers. k is the number of free coefficients (small), so plain loops suffice.
///
/// Matrices are column-major `Double` buffers of `k*k` elements, element (i, j) at `i + j*k`.
enum QuantileLU {
    /// In-place LU with partial pivoting, P·A = L·U (unit L below the diagonal, U on and above).
    /// `piv[j]` is the row swapped with row j at step j. Returns false when a pivot is exactly 0
    /// or smaller than 1e-14 of the largest entry of its column (a singular basis).
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
