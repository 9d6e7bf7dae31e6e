#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Working memory of a solver: `count` elements of a trivial type, from `malloc`, freed when
/// the last reference goes. Allocation failure becomes ``SwiftRegError/allocationFailed(bytes:)``
/// instead of a trap, so a too-large problem is reported, not fatal.
@usableFromInline
final class WorkBuffer<Element> {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    @inlinable
    init(count: Int) throws(SwiftRegError) {
        let bytes = try Allocation.bytes(Swift.max(1, count), of: Element.self)
        base = try Allocation.allocate(bytes: bytes).bindMemory(to: Element.self, capacity: Swift.max(1, count))
        self.count = count
    }

    @inlinable
    convenience init(repeating value: Element, count: Int) throws(SwiftRegError) {
        try self.init(count: count)
        base.initialize(repeating: value, count: count)
    }

    deinit { free(base) }

    @inlinable
    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }
}

/// The one rule for memory whose size depends on the problem (O(n), O(p), O(n·p), O(p²), a
/// path's p × n_alphas, a fold's copy): it is asked for here, and a request that cannot be met
/// throws ``SwiftRegError/allocationFailed(bytes:)`` instead of trapping as a Swift `Array`
/// does. ``WorkBuffer`` takes its memory from ``allocate(bytes:)``; an `Array` of a sized
/// count is made by ``array(repeating:count:)``, ``array(count:_:)``, ``copy(_:)`` or
/// ``reserve(_:_:)``, which first check the byte count for overflow and make sure that many
/// bytes can be had (a `malloc` of them, freed at once) before the array is created.
public enum Allocation {
    /// `count · stride(E)` bytes; an overflowing product cannot be allocated.
    @inlinable
    public static func bytes<E>(_ count: Int, of _: E.Type) throws(SwiftRegError) -> Int {
        let (bytes, overflow) = Swift.max(0, count).multipliedReportingOverflow(by: MemoryLayout<E>.stride)
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        return bytes
    }

    /// `a · b` elements (a matrix's cells); an overflowing product cannot be allocated.
    @inlinable
    public static func cells(_ a: Int, _ b: Int) throws(SwiftRegError) -> Int {
        let (cells, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        return cells
    }

    /// `malloc(bytes)` (at least 1 byte), or an error; the caller frees the memory. Never
    /// inlined: the optimiser may delete a `malloc` whose memory is only freed (a probe),
    /// assuming it succeeded, but not a call whose result it cannot see.
    @inline(never)
    public static func allocate(bytes: Int) throws(SwiftRegError) -> UnsafeMutableRawPointer {
        #if SWIFTREG_FAULT_INJECTION
        if injectedFailure() { throw .allocationFailed(bytes: bytes) }
        #endif
        guard let raw = malloc(Swift.max(1, bytes)) else { throw .allocationFailed(bytes: bytes) }
        return raw
    }

    /// Throws unless `count` elements of `E` can be allocated now.
    @inlinable
    public static func probe<E>(_ count: Int, of type: E.Type) throws(SwiftRegError) {
        free(try allocate(bytes: bytes(count, of: type)))
    }

    /// Throws unless the scratch of a standard-library sort of `count` elements of `E` (at
    /// most half of them) can be allocated now: call before `sort` on a sized collection.
    @inlinable
    public static func probeSort<E>(_ count: Int, of type: E.Type) throws(SwiftRegError) {
        try probe(count / 2 + 1, of: type)
    }

    /// `[E](repeating: value, count: count)`, or an error instead of a trap.
    @inlinable
    public static func array<E>(repeating value: E, count: Int) throws(SwiftRegError) -> [E] {
        try probe(count, of: E.self)
        return [E](repeating: value, count: count)
    }

    /// `(0..<count).map(element)`, or an error instead of a trap.
    @inlinable
    public static func array<E>(count: Int, _ element: (Int) -> E) throws(SwiftRegError) -> [E] {
        try probe(count, of: E.self)
        return [E](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { (buffer.baseAddress! + i).initialize(to: element(i)) }
            initialized = count
        }
    }

    /// `Array(buffer)`, or an error instead of a trap.
    @inlinable
    public static func copy<E>(_ buffer: UnsafeBufferPointer<E>) throws(SwiftRegError) -> [E] {
        try probe(buffer.count, of: E.self)
        return Array(buffer)
    }

    /// `array.reserveCapacity(capacity)`, or an error instead of a trap: appends up to
    /// `capacity` elements then allocate nothing more.
    @inlinable
    public static func reserve<E>(_ array: inout [E], _ capacity: Int) throws(SwiftRegError) {
        try probe(capacity, of: E.self)
        array.reserveCapacity(capacity)
    }

    #if SWIFTREG_FAULT_INJECTION
    /// Testing only: 0 = off; k > 0 = the k-th allocation from now fails; −1 = it has failed.
    @usableFromInline static let countdown = Atomic<Int>(0)

    /// Testing only: true for the allocation the countdown picked.
    @inlinable
    static func injectedFailure() -> Bool {
        while true {
            let k = countdown.load(ordering: .relaxed)
            if k <= 0 { return false }
            let next = k == 1 ? -1 : k - 1
            if countdown.compareExchange(expected: k, desired: next, ordering: .relaxed).exchanged { return next == -1 }
        }
    }
    #endif
}
