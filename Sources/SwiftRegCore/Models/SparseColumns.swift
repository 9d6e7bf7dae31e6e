/// X in compressed-sparse-column form (scipy's CSC), read in place: the stored values of
/// column j are `values[k]` for k in `indptr[j] ..< indptr[j + 1]`, in rows `rows[k]`; every
/// other entry is 0. Rows within a column may come in any order, but not twice.
///
/// The initialiser validates the structure and the values in one pass over the arrays
/// (O(nnz + n + p) time, n row marks of memory):
/// - 0 = indptr[0] ≤ indptr[1] ≤ … ≤ indptr[p] = nnz, else
///   ``SwiftRegError/invalidIndptr(position:value:requirement:)``;
/// - every row in [0, n) and at most once per column, else
///   ``SwiftRegError/invalidIndex(position:value:requirement:)``;
/// - every stored value finite, else ``SwiftRegError/invalidData(argument:index:value:)``.
public struct SparseColumns<T: BinaryFloatingPoint> {
    public let nSamples: Int
    public let nFeatures: Int
    public let nnz: Int
    @usableFromInline let values: UnsafePointer<T>
    @usableFromInline let indptr: UnsafePointer<Int64>
    /// The row indices: exactly one of the two is set.
    @usableFromInline let rows64: UnsafePointer<Int64>?
    @usableFromInline let rows32: UnsafePointer<Int32>?

    /// Row indices of either width (`rows64` or `rows32`, the other nil).
    @inlinable
    public init(
        nSamples n: Int, nFeatures p: Int, nnz: Int, values: UnsafePointer<T>?, indptr: UnsafePointer<Int64>?,
        rows64: UnsafePointer<Int64>?, rows32: UnsafePointer<Int32>?
    ) throws(SwiftRegError) {
        guard n >= 1 else { throw .invalidArgument(argument: "n_samples", value: Double(n), requirement: ">= 1") }
        guard p >= 0 else { throw .invalidLength(argument: "n_features", value: p) }
        guard nnz >= 0 else { throw .invalidLength(argument: "nnz", value: nnz) }
        guard let indptr else { throw .nullPointer(argument: "indptr") }
        guard (rows64 == nil) != (rows32 == nil) || nnz == 0 else { throw .nullPointer(argument: "indices") }
        if rows32 != nil, n > Int(Int32.max) {
            throw .invalidArgument(
                argument: "index_type", value: 1, requirement: "SR_INDEX_INT64 when n_samples > 2147483647")
        }
        guard nnz == 0 || values != nil else { throw .nullPointer(argument: "X") }
        let dummy = UnsafePointer<T>(bitPattern: MemoryLayout<T>.alignment)!
        nSamples = n
        nFeatures = p
        self.nnz = nnz
        self.values = values ?? dummy
        self.indptr = indptr
        self.rows64 = rows64
        self.rows32 = rows32 ?? (rows64 == nil ? UnsafePointer(bitPattern: MemoryLayout<Int32>.alignment)! : nil)
        try validate()
    }

    /// The checks of the initialiser (see the type's documentation).
    @inlinable
    func validate() throws(SwiftRegError) {
        let n = nSamples, p = nFeatures
        guard indptr[0] == 0 else { throw .invalidIndptr(position: 0, value: indptr[0], requirement: "0") }
        for j in 0..<p where indptr[j + 1] < indptr[j] || indptr[j + 1] > Int64(nnz) {
            if indptr[j + 1] < indptr[j] {
                throw .invalidIndptr(position: j + 1, value: indptr[j + 1], requirement: ">= indptr[\(j)] = \(indptr[j])")
            }
            throw .invalidIndptr(position: j + 1, value: indptr[j + 1], requirement: "<= nnz = \(nnz)")
        }
        guard indptr[p] == Int64(nnz) else {
            throw .invalidIndptr(position: p, value: indptr[p], requirement: "nnz = \(nnz) (the number of stored values)")
        }
        // The last column that used each row: a repeat within a column is found in one pass.
        let seen = try WorkBuffer<Int>(repeating: -1, count: n)
        for j in 0..<p {
            for k in Int(indptr[j])..<Int(indptr[j + 1]) {
                let i = row(k)
                guard i >= 0, i < n else {
                    throw .invalidIndex(position: k, value: Int64(i), requirement: "in [0, n_samples = \(n))")
                }
                guard seen[i] != j else {
                    throw .invalidIndex(position: k, value: Int64(i), requirement: "a row not already stored in column \(j)")
                }
                seen[i] = j
            }
        }
        try ModelInput.finite(UnsafeBufferPointer(start: values, count: nnz), "X")
    }

    /// The row of stored value k.
    @inlinable @inline(__always)
    func row(_ k: Int) -> Int {
        if let rows32 { return Int(rows32[k]) }
        return Int(rows64.unsafelyUnwrapped[k])
    }

    /// The stored values of column j.
    @inlinable @inline(__always)
    func storedRange(_ j: Int) -> Range<Int> { Int(indptr[j])..<Int(indptr[j + 1]) }

    /// Σₖ f(rowₖ, xₖ) over the stored values of column j (two accumulators, a fixed order).
    @inlinable @inline(__always)
    func sum(_ j: Int, _ f: (Int, Double) -> Double) -> Double {
        let lo = Int(indptr[j]), hi = Int(indptr[j + 1])
        var s0 = 0.0, s1 = 0.0
        var k = lo
        if let r = rows32 {
            while k + 2 <= hi {
                s0 += f(Int(r[k]), Double(values[k]))
                s1 += f(Int(r[k + 1]), Double(values[k + 1]))
                k += 2
            }
            if k < hi { s0 += f(Int(r[k]), Double(values[k])) }
        } else {
            let r = rows64.unsafelyUnwrapped
            while k + 2 <= hi {
                s0 += f(Int(r[k]), Double(values[k]))
                s1 += f(Int(r[k + 1]), Double(values[k + 1]))
                k += 2
            }
            if k < hi { s0 += f(Int(r[k]), Double(values[k])) }
        }
        return s0 + s1
    }

    /// Calls body(rowₖ, xₖ) for the stored values of column j.
    @inlinable @inline(__always)
    func forEach(_ j: Int, _ body: (Int, Double) -> Void) {
        let lo = Int(indptr[j]), hi = Int(indptr[j + 1])
        if let r = rows32 {
            for k in lo..<hi { body(Int(r[k]), Double(values[k])) }
        } else {
            let r = rows64.unsafelyUnwrapped
            for k in lo..<hi { body(Int(r[k]), Double(values[k])) }
        }
    }

    /// A dense column-major copy (n·p values), for the methods that need X as a matrix.
    @inlinable
    func dense() throws(SwiftRegError) -> WorkBuffer<T> {
        let out = try WorkBuffer<T>(repeating: 0, count: nSamples * nFeatures)
        for j in 0..<nFeatures {
            let col = out.base + j * nSamples
            forEach(j) { i, v in col[i] = T(v) }
        }
        return out
    }
}
