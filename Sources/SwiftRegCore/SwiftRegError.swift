/// The one error type of the core. The export layer maps each case to a C status code and
/// keeps `description` as the thread's last-error message.
public enum SwiftRegError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A required buffer was missing (a null pointer with a non-zero length).
    case nullPointer(argument: String)
    /// A length was below its minimum (0 unless the argument says otherwise).
    case invalidLength(argument: String, value: Int, minimum: Int = 0)
    /// A hyperparameter was out of its domain (negative, non-positive, NaN or infinite).
    case invalidArgument(argument: String, value: Double, requirement: String)
    /// The reduction code was not one of none, sum, mean.
    case invalidReduction(value: Int)
    /// A sample weight was negative, NaN or infinite.
    case invalidWeight(index: Int, value: Double)
    /// Two buffers overlap in a way the function does not allow.
    case overlap(first: String, second: String)
    /// A data array (X, y) holds NaN or Inf where a model needs finite values.
    case invalidData(argument: String, index: Int, value: Double)
    /// Working memory could not be allocated.
    case allocationFailed(bytes: Int)
    /// A progress callback asked the computation to stop.
    case cancelled
    /// Finite data whose sums or products overflow float64 inside a solver.
    case overflow(argument: String)
    /// A sparse X's column pointers are not 0 = indptr[0] ≤ … ≤ indptr[p] = nnz.
    case invalidIndptr(position: Int, value: Int64, requirement: String)
    /// A sparse X's row index is outside [0, n) or repeated within its column.
    case invalidIndex(position: Int, value: Int64, requirement: String)
    /// Lengths whose product (or byte size) does not fit a 64-bit count: `expression` is the
    /// product as the header names it, `values` the numbers multiplied.
    case lengthOverflow(expression: String, values: String)
    /// The caller's ``Interruption`` asked the computation to stop.
    case interrupted

    public var description: String {
        switch self {
        case let .nullPointer(argument):
            return "\(argument) is a null pointer but its length is not 0"
        case let .invalidLength(argument, value, minimum):
            return "\(argument) must be >= \(minimum), got \(value)"
        case let .invalidArgument(argument, value, requirement):
            return "\(argument) must be \(requirement), got \(value)"
        case let .invalidReduction(value):
            return "reduction must be 0 (none), 1 (sum) or 2 (mean), got \(value)"
        case let .invalidWeight(index, value):
            return "sample_weight must be finite and >= 0, got \(value) at index \(index)"
        case let .overlap(first, second):
            return "\(first) and \(second) overlap in memory; an output must be disjoint from the other outputs and from the inputs (or the very same buffer as an input, where the function allows that)"
        case let .invalidData(argument, index, value):
            return "\(argument) must contain only finite values, got \(value) at index \(index)"
        case let .allocationFailed(bytes):
            return "could not allocate \(bytes) bytes of working memory"
        case .cancelled:
            return "cancelled by the progress callback"
        case let .overflow(argument):
            return "\(argument) are too large: sums or products of them overflow float64 (rescale the data)"
        case let .invalidIndptr(position, value, requirement):
            return "indptr[\(position)] must be \(requirement), got \(value)"
        case let .invalidIndex(position, value, requirement):
            return "indices[\(position)] must be \(requirement), got \(value)"
        case let .lengthOverflow(expression, values):
            return "\(expression) = \(values) overflows a 64-bit count: no array can be that large"
        case .interrupted:
            return "interrupted: the caller's interrupt flag was set"
        }
    }
}

/// Argument checks shared by every entry point, so that each rule is written once.
public enum Check {
    /// A hyperparameter that must be finite and >= 0 (λ, l1, l2).
    @inlinable
    public static func nonNegative(_ value: Double, _ name: String) throws(SwiftRegError) {
        guard value.isFinite, value >= 0 else {
            throw .invalidArgument(argument: name, value: value, requirement: "finite and >= 0")
        }
    }

    /// A hyperparameter that must be finite and > 0 (δ, step, learning rate).
    @inlinable
    public static func positive(_ value: Double, _ name: String) throws(SwiftRegError) {
        guard value.isFinite, value > 0 else {
            throw .invalidArgument(argument: name, value: value, requirement: "finite and > 0")
        }
    }

    /// Sample weights must be finite and >= 0. Returns their sum (in float64), which the
    /// mean reduction needs, so the check and the sum share one pass over the weights.
    @inlinable
    public static func weights<T: BinaryFloatingPoint>(_ w: UnsafeBufferPointer<T>) throws(SwiftRegError) -> Double {
        // One branch-free pass: a negative or NaN weight turns into NaN in the float64 total,
        // +Inf stays +Inf; only then is the offending index looked up.
        let total = Parallel.deterministicSum(count: w.count) { lo, hi in blockSum(lo, hi) { admissible(w[$0]) } }
        if !total.isFinite, let bad = w.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw .invalidWeight(index: bad, value: Double(w[bad]))
        }
        return total
    }

    @inlinable @inline(__always)
    static func admissible<T: BinaryFloatingPoint>(_ x: T) -> Double {
        x >= 0 ? Double(x) : .nan
    }

    /// Two buffers may be the same buffer or disjoint, never partially overlapping.
    @inlinable
    public static func noPartialOverlap<A, B>(
        _ a: UnsafeBufferPointer<A>, _ aName: String,
        _ b: UnsafeMutableBufferPointer<B>, _ bName: String
    ) throws(SwiftRegError) {
        guard let pa = a.baseAddress, let pb = b.baseAddress, a.count > 0, b.count > 0 else { return }
        let aStart = UInt(bitPattern: pa), aEnd = aStart + UInt(a.count * MemoryLayout<A>.stride)
        let bStart = UInt(bitPattern: pb), bEnd = bStart + UInt(b.count * MemoryLayout<B>.stride)
        if aStart == bStart && aEnd == bEnd { return }
        if aStart < bEnd && bStart < aEnd { throw .overlap(first: aName, second: bName) }
    }

    /// Two output buffers must not share any element.
    @inlinable
    public static func disjoint<A, B>(
        _ a: UnsafeMutableBufferPointer<A>, _ aName: String,
        _ b: UnsafeMutableBufferPointer<B>, _ bName: String
    ) throws(SwiftRegError) {
        guard let pa = a.baseAddress, let pb = b.baseAddress, a.count > 0, b.count > 0 else { return }
        let aStart = UInt(bitPattern: pa), aEnd = aStart + UInt(a.count * MemoryLayout<A>.stride)
        let bStart = UInt(bitPattern: pb), bEnd = bStart + UInt(b.count * MemoryLayout<B>.stride)
        if aStart < bEnd && bStart < aEnd { throw .overlap(first: aName, second: bName) }
    }
}
