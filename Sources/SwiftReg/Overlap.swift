import SwiftRegCore

// The overlap rule of the model functions (swiftreg.h: "outputs that partially overlap an
// input, or each other, are rejected with SR_ERR_OVERLAP"), checked on byte ranges whatever
// the element types: a double array that shares one byte with an int64_t count, an int32_t
// flag or a field of a struct the call reads or writes is an overlap.

/// A byte range of the caller's memory with the name the header gives it.
struct NamedRange {
    let start: UInt, end: UInt, name: String

    /// `count` elements of E from `p`; nil for NULL or no elements. A range past the end of
    /// the address space is cut at its end (the lengths were validated before).
    init?<E>(_ p: UnsafePointer<E>?, _ count: Int, _ name: String) {
        guard let p, count > 0 else { return nil }
        self.init(bytes: UnsafeRawPointer(p), count, MemoryLayout<E>.stride, name)
    }

    init?<E>(_ p: UnsafeMutablePointer<E>?, _ count: Int, _ name: String) {
        self.init(UnsafePointer(p), count, name)
    }

    /// `count` items of `stride` bytes from `p`.
    init?(bytes p: UnsafeRawPointer?, _ count: Int, _ stride: Int, _ name: String) {
        guard let p, count > 0, stride > 0 else { return nil }
        start = UInt(bitPattern: p)
        let (size, big) = UInt(count).multipliedReportingOverflow(by: UInt(stride))
        let (last, wraps) = start.addingReportingOverflow(size)
        end = big || wraps ? UInt.max : last
        self.name = name
    }

    /// The bytes of one field of the struct at `base`.
    init<S, F>(field key: KeyPath<S, F>, of base: UnsafePointer<S>, _ name: String) {
        let offset = MemoryLayout<S>.offset(of: key)!
        self.init(bytes: UnsafeRawPointer(base) + offset, 1, MemoryLayout<F>.size, name)!
    }

    /// Bytes [`from`, `to`) of the struct at `base` (its fields in that span).
    init<S>(struct base: UnsafePointer<S>, from: Int = 0, to: Int = MemoryLayout<S>.size, _ name: String) {
        self.init(bytes: UnsafeRawPointer(base) + from, 1, to - from, name)!
    }

    func overlaps(_ o: NamedRange) -> Bool { start < o.end && o.start < end }
}

/// Every pair of `outputs`, and every output with every input, must share no byte
/// (SR_ERR_OVERLAP naming both). Inputs may overlap each other (they are only read). Empty
/// and NULL ranges (nil) take part in nothing.
func requireDisjoint(outputs: [NamedRange?], inputs: [NamedRange?]) throws(SwiftRegError) {
    let outs = outputs.compactMap { $0 }, ins = inputs.compactMap { $0 }
    for (i, a) in outs.enumerated() {
        for b in outs[(i + 1)...] where a.overlaps(b) { throw .overlap(first: a.name, second: b.name) }
        for b in ins where a.overlaps(b) { throw .overlap(first: a.name, second: b.name) }
    }
}
