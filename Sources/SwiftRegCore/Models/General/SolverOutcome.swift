/// What one solver of the general model core returns besides the coefficients it wrote:
/// the intercept b′ on the centred scale of ``WeightedDesign`` (``WeightedDesign/intercept(_:_:)``
/// converts it), the objective P, the certified duality gap P − D (``GeneralDualGap``) in the
/// objective's units, the iterations and whether the gap met the tolerance.
@usableFromInline
struct SolverOutcome: Sendable {
    @usableFromInline var intercept: Double
    @usableFromInline var primal: Double
    @usableFromInline var gap: Double
    @usableFromInline var iterations: Int
    @usableFromInline var converged: Bool

    @inlinable
    init(intercept: Double, primal: Double, gap: Double, iterations: Int, converged: Bool) {
        self.intercept = intercept
        self.primal = primal
        self.gap = gap
        self.iterations = iterations
        self.converged = converged
    }
}
