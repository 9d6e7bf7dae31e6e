/// Guards for finite data whose sums or products overflow float64 inside the solvers: the
/// result is then rejected (SR_ERR_INVALID_DATA naming the data) instead of returned as NaN,
/// and penalties derived from α and the weights are not reported as bad "l1"/"l2" arguments.
@usableFromInline
enum OverflowGuard {
    /// The data arguments every model takes.
    @usableFromInline static let data = "X, y and sample_weight"

    /// tol·unit, the gap a fit must reach, saturated at the largest finite value: a tol near
    /// DBL_MAX (valid, it accepts any finite gap) must not read as overflowing data.
    @inlinable
    static func tolerance(_ tol: Double, _ unit: Double) -> Double {
        let t = tol * unit
        return t == .infinity && tol.isFinite && unit.isFinite ? .greatestFiniteMagnitude : t
    }

    /// Throws `.overflow` unless every value is finite.
    @inlinable
    static func requireFinite(_ values: some Sequence<Double>) throws(SwiftRegError) {
        for v in values where !v.isFinite { throw .overflow(argument: data) }
    }

    /// An elastic-net penalty whose coefficients were derived from α, l1_ratio and the weight
    /// sum: a non-finite coefficient can only come from overflow (α itself was validated).
    @inlinable
    static func penalty(l1: Double, l2: Double) throws(SwiftRegError) -> ElasticNetPenalty {
        guard l1.isFinite, l2.isFinite else { throw .overflow(argument: "alpha × sum(sample_weight) and " + data) }
        return try ElasticNetPenalty(l1: l1, l2: l2)
    }
}
