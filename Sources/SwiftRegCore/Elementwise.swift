/// Small branch-free helpers shared by the formulas. Each is written as a select so that the
/// loops that call them vectorise, and each propagates NaN.

/// sign(x) with sign(±0) = ±0 (a zero), sign(NaN) = NaN: the subgradient convention of the
/// whole library (the subgradient of |x| at 0 is taken to be 0).
@inlinable @inline(__always)
public func signum(_ x: Double) -> Double {
    x > 0 ? 1 : (x < 0 ? -1 : x)
}

/// max(x, 0), NaN for NaN.
@inlinable @inline(__always)
func positivePart(_ x: Double) -> Double { x < 0 ? 0 : x }

/// min(x, 0), NaN for NaN.
@inlinable @inline(__always)
func negativePart(_ x: Double) -> Double { x > 0 ? 0 : x }

/// x clipped to [−c, c] (c ≥ 0), NaN for NaN.
@inlinable @inline(__always)
func clip(_ x: Double, _ c: Double) -> Double {
    x > c ? c : (x < -c ? -c : x)
}

/// Soft-thresholding, sign(v)·max(|v| − t, 0), written branch-free as
/// max(v − t, 0) + min(v + t, 0) (t ≥ 0).
@inlinable @inline(__always)
public func softThreshold(_ v: Double, _ t: Double) -> Double {
    positivePart(v - t) + negativePart(v + t)
}

/// Sums `term(i)` for i in lo..<hi with eight independent accumulators (so the adds can be
/// packed), in a fixed order. Call it inside the block closure of
/// `Parallel.deterministicSum` with a closure literal for `term`, so that both inline into
/// one loop (a `term` captured from elsewhere would be called indirectly per element).
///
/// The accumulators are two `SIMD4<Double>` vectors: accumulator k sums the terms with
/// i − lo ≡ k (mod 8), lanes in element order, so the loads and arithmetic map straight onto
/// packed instructions (eight scalar accumulators were packed by the compiler with a shuffle
/// per element pair). The tail goes into accumulator 0; the result is
/// ((a₀ + a₁) + (a₂ + a₃)) + ((a₄ + a₅) + (a₆ + a₇)).
@inlinable @inline(__always)
func blockSum(_ lo: Int, _ hi: Int, _ term: (Int) -> Double) -> Double {
    var a = SIMD4<Double>(), b = SIMD4<Double>()
    var i = lo
    while i + 8 <= hi {
        a += SIMD4(term(i), term(i + 1), term(i + 2), term(i + 3))
        b += SIMD4(term(i + 4), term(i + 5), term(i + 6), term(i + 7))
        i += 8
    }
    var a0 = a[0]
    while i < hi {
        a0 += term(i)
        i += 1
    }
    return ((a0 + a[1]) + (a[2] + a[3])) + ((b[0] + b[1]) + (b[2] + b[3]))
}

/// Σ term(i) over 0..<count, deterministic and threaded for large counts.
///
/// Convenient for short sums (a few thousand terms). In hot kernels write
/// `Parallel.deterministicSum(count:) { lo, hi in blockSum(lo, hi) { i in … } }` instead:
/// here `term` is captured by the block closure and called indirectly for every element.
@inlinable @inline(__always)
func reduce(count: Int, _ term: (Int) -> Double) -> Double {
    Parallel.deterministicSum(count: count) { lo, hi in blockSum(lo, hi, term) }
}
