#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSwiftReg
import SwiftRegCore

// The bridge from the core's typed errors to the C ABI: a status code, plus a per-thread
// message (sr_last_error). Every export runs its body through `withStatus`.

extension SwiftRegError {
    /// The pinned C status for this error (see swiftreg.h).
    var status: sr_status {
        switch self {
        case .nullPointer: return SR_ERR_NULL_POINTER
        case .invalidLength: return SR_ERR_INVALID_LENGTH
        case .invalidArgument: return SR_ERR_INVALID_ARGUMENT
        case .invalidReduction: return SR_ERR_INVALID_REDUCTION
        case .invalidWeight: return SR_ERR_INVALID_WEIGHT
        case .overlap: return SR_ERR_OVERLAP
        case .invalidData: return SR_ERR_INVALID_DATA
        case .allocationFailed: return SR_ERR_ALLOCATION
        case .cancelled: return SR_ERR_CANCELLED
        case .overflow: return SR_ERR_INVALID_DATA
        case .invalidIndptr: return SR_ERR_INVALID_INDPTR
        case .invalidIndex: return SR_ERR_INVALID_INDEX
        case .lengthOverflow: return SR_ERR_INVALID_LENGTH
        case .interrupted: return SR_ERR_INTERRUPTED
        }
    }
}

/// Runs `body`; on error records the message for this thread and returns its status.
@inline(__always)
func withStatus(_ body: () throws(SwiftRegError) -> Void) -> sr_status {
    do {
        try body()
        return SR_OK
    } catch {
        LastError.set(error.description)
        return error.status
    }
}

/// The thread-local last-error message: one heap buffer per thread that has failed a call,
/// held in a pthread key and freed when the thread exits.
enum LastError {
    static let capacity = 512
    nonisolated(unsafe) static let empty: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        let rc = pthread_key_create(&key) { buffer in free(buffer) }
        // fatalError, not precondition: this layer is built with -Ounchecked (release), which
        // drops preconditions.
        if rc != 0 { fatalError("swiftreg: pthread_key_create failed") }
        return key
    }()

    static func set(_ message: String) {
        var buffer = pthread_getspecific(key)?.assumingMemoryBound(to: CChar.self)
        if buffer == nil {
            guard let fresh = malloc(capacity) else { return }
            pthread_setspecific(key, fresh)
            buffer = fresh.assumingMemoryBound(to: CChar.self)
        }
        guard let buffer else { return }
        // Keep whole characters only: the message stays valid UTF-8 when it is cut.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(capacity)
        for scalar in message.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if utf8.count + bytes.count > capacity - 1 { break }
            utf8 += bytes
        }
        utf8.withUnsafeBufferPointer { src in
            for (i, byte) in src.enumerated() { buffer[i] = CChar(bitPattern: byte) }
        }
        buffer[utf8.count] = 0
    }

    static func get() -> UnsafePointer<CChar> {
        if let p = pthread_getspecific(key) { return UnsafePointer(p.assumingMemoryBound(to: CChar.self)) }
        return UnsafePointer(empty)
    }
}

// MARK: - Turning raw C arguments into checked buffer views

/// A C length as `Int`, at least `minimum` (0 unless the argument needs more).
@inline(__always)
func length(_ n: Int64, _ name: String = "n", minimum: Int = 0) throws(SwiftRegError) -> Int {
    guard n >= Int64(minimum) else { throw .invalidLength(argument: name, value: Int(n), minimum: minimum) }
    return Int(n)
}

/// A C count with a minimum above 0: a negative one is SR_ERR_INVALID_LENGTH (as every
/// length), a non-negative one below `minimum` SR_ERR_INVALID_ARGUMENT; both messages give the
/// minimum.
@inline(__always)
func count(_ n: Int64, _ name: String, minimum: Int) throws(SwiftRegError) -> Int {
    let k = try length(n, name, minimum: n < 0 ? minimum : 0)
    guard k >= minimum else { throw .invalidArgument(argument: name, value: Double(k), requirement: ">= \(minimum)") }
    return k
}

/// a * b for two validated lengths, or SR_ERR_INVALID_LENGTH naming the product when it does
/// not fit a 64-bit count.
@inline(__always)
func product(_ a: Int, _ b: Int, _ expression: String) throws(SwiftRegError) -> Int {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow else { throw .lengthOverflow(expression: expression, values: "\(a) * \(b)") }
    return value
}

/// `count` elements of T must have a byte size that fits a 64-bit count.
@inline(__always)
func requireAddressable<T>(_ count: Int, _ name: String, _: T.Type) throws(SwiftRegError) {
    let stride = MemoryLayout<T>.stride
    guard stride <= 1 || count <= Int.max / stride else {
        throw .lengthOverflow(expression: "the byte size of \(name)", values: "\(count) values * \(stride) bytes")
    }
}

/// A read-only view of `count` elements; NULL is allowed only for count 0.
@inline(__always)
func input<T>(_ p: UnsafePointer<T>?, _ count: Int, _ name: String) throws(SwiftRegError) -> UnsafeBufferPointer<T> {
    guard let p else {
        if count == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
        throw .nullPointer(argument: name)
    }
    try requireAddressable(count, name, T.self)
    return UnsafeBufferPointer(start: p, count: count)
}

/// An optional input (sample_weight): NULL means absent.
@inline(__always)
func optionalInput<T>(_ p: UnsafePointer<T>?, _ count: Int) -> UnsafeBufferPointer<T>? {
    p.map { UnsafeBufferPointer(start: $0, count: count) }
}

/// A writable view of `count` elements; NULL is allowed only for count 0.
@inline(__always)
func output<T>(_ p: UnsafeMutablePointer<T>?, _ count: Int, _ name: String) throws(SwiftRegError) -> UnsafeMutableBufferPointer<T> {
    guard let p else {
        if count == 0 { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        throw .nullPointer(argument: name)
    }
    try requireAddressable(count, name, T.self)
    return UnsafeMutableBufferPointer(start: p, count: count)
}

/// A C reduction code as a ``Reduction``.
@inline(__always)
func reduction(_ code: Int32) throws(SwiftRegError) -> Reduction {
    guard let r = Reduction(rawValue: Int(code)) else { throw .invalidReduction(value: Int(code)) }
    return r
}

/// How many values a loss writes to `out`/`value` for a reduction.
@inline(__always)
func valueCount(_ r: Reduction, _ n: Int) -> Int { r == .none ? n : 1 }
