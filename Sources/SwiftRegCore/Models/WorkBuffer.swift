#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Working memory of a solver: `count` elements of a trivial type, from `malloc`, freed when
/// the last reference goes. Allocation failure becomes ``SwiftRegError/allocationFailed(bytes:)``
/// instead of a trap, so a too-large problem is reported, not fatal.
@usableFromInline
final class WorkBuffer<Element> {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    @inlinable
    init(count: Int) throws(SwiftRegError) {
        let (bytes, overflow) = Swift.max(1, count).multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !overflow else { throw .allocationFailed(bytes: Int.max) }
        guard let raw = malloc(bytes) else { throw .allocationFailed(bytes: bytes) }
        base = raw.bindMemory(to: Element.self, capacity: Swift.max(1, count))
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
