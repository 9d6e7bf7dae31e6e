/// How a loss turns its per-element terms sᵢ·ℓᵢ into a result.
public enum Reduction: Int, Sendable, CaseIterable {
    /// Elementwise: out[i] = sᵢ·ℓ(rᵢ).
    case none = 0
    /// The textbook definition: L = Σ sᵢ·ℓ(rᵢ).
    case sum = 1
    /// L = Σ sᵢ·ℓ(rᵢ) / Σ sᵢ (divided by n without weights). Empty input gives NaN (0/0).
    case mean = 2
}
