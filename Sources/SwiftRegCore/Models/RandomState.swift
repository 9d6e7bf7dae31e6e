/// The seeded generator behind `selection = random`: SplitMix64 (Steele, Lea & Flood 2014).
/// Deterministic for a seed on every platform and thread count.
@usableFromInline
struct RandomState {
    @usableFromInline var state: UInt64

    @inlinable init(seed: UInt64) { state = seed }

    @inlinable
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound (bound ≥ 1), by Lemire's multiply-high.
    @inlinable
    mutating func next(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
