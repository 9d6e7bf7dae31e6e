#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// How the kernels use threads, and the deterministic blocked summation every reduction uses.
///
/// This namespace holds the core's only process-wide state: the thread cap, like
/// `OMP_NUM_THREADS` for a BLAS. It starts from the `SWIFTREG_NUM_THREADS` environment
/// variable when that is a positive integer, else from the number of online CPUs.
public enum Parallel {
    /// Elements per block of a reduction. Fixed: the blocking, and so every rounding, depends
    /// on the length alone, never on the number of threads.
    public static let blockSize = 2048

    /// Below this many elements a kernel runs on the calling thread: starting threads costs
    /// more than it saves. Measured with `bench/kernels.py` (threshold scan in BENCHMARKS.md):
    /// on the 2-core development machine two threads were slower than one from 2^17 to 2^19
    /// elements (arrays that fit the caches) and 1.4–1.8× faster from 2^20 up.
    public static let minParallelCount = 1 << 20

    @usableFromInline
    static let cap = Atomic<Int>(initialThreadCount())

    /// The number of threads kernels may use (at least 1).
    public static var threadCount: Int {
        get { cap.load(ordering: .relaxed) }
    }

    /// Sets the number of threads kernels may use; values below 1 are treated as 1.
    public static func setThreadCount(_ n: Int) {
        cap.store(Swift.max(1, n), ordering: .relaxed)
    }

    /// The online CPUs of this machine, at least 1.
    public static func availableCPUs() -> Int {
        Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    static func initialThreadCount() -> Int {
        if let raw = getenv("SWIFTREG_NUM_THREADS"), let n = Int(String(cString: raw)), n > 0 {
            return n
        }
        return availableCPUs()
    }

    /// Number of pieces to split `count` elements into (1 below the threshold).
    @inlinable
    public static func pieces(for count: Int) -> Int {
        guard count >= minParallelCount else { return 1 }
        let t = threadCount
        // Keep each piece at least half the threshold, so extra threads pay for themselves.
        return Swift.max(1, Swift.min(t, count / (minParallelCount / 2)))
    }

    /// Elements per chunk of the threaded loops (a multiple of `blockSize`, so of 64: chunks
    /// are whole cache lines and whole reduction blocks).
    public static let chunkSize = 32 * blockSize

    /// Calls `body(lo, hi)` on disjoint ranges covering `0..<count`, on several threads when
    /// `count` is large. Range ends are multiples of 64 elements (whole cache lines).
    @inlinable
    public static func forEachRange(count: Int, _ body: (Int, Int) -> Void) {
        let p = pieces(for: count)
        if p == 1 {
            body(0, count)
            return
        }
        let chunks = (count + chunkSize - 1) / chunkSize
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            forEachChunk(chunks, threads: p) { c in
                work.value(c * chunkSize, Swift.min(count, (c + 1) * chunkSize))
            }
        }
    }

    /// Runs `body(k)` once for each k in `0..<iterations`, on up to `iterations` threads (the
    /// caller's among them), for a body that need not be `@Sendable`: a generic kernel's body
    /// uses its element types (`T.Type`), which Swift 6 does not treat as `Sendable` in a
    /// concurrent closure. The body travels as an ``UncheckedSendable``; every caller's
    /// iterations write disjoint outputs.
    @inlinable
    static func concurrentPerform(iterations: Int, _ body: (Int) -> Void) {
        if iterations <= 1 {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            forEachChunk(iterations, threads: iterations) { k in work.value(k) }
        }
    }

    /// Runs `body(c)` once for each c in `0..<chunks` on up to `threads` threads (the caller's
    /// among them), each taking the next chunk from a shared counter until none is left.
    ///
    /// The helpers come from ``WorkerPool``; the caller takes chunks too, so the call finishes
    /// even when no helper thread exists or can be created (then the caller runs every chunk:
    /// the time of a serial run). Dynamic, not one fixed slice per thread: a worker that wakes
    /// late (on the 2-vCPU development VM the second worker sometimes started over a
    /// millisecond after the call) then takes fewer chunks, instead of the caller doing its own
    /// slice and then the late worker's. Which thread runs a chunk never changes a result:
    /// every chunk writes its own outputs or its own block sums.
    @inlinable
    static func forEachChunk(_ chunks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let next = ChunkCounter()
        withoutActuallyEscaping(body) { body in
            let drain: @Sendable () -> Void = {
                while true {
                    let c = next.take()
                    if c >= chunks { return }
                    body(c)
                }
            }
            WorkerPool.shared.run(helpers: Swift.min(threads, chunks) - 1, drain)
        }
    }

    /// Σ over `0..<count` of the block sums `blockSum(lo, hi)`, combined deterministically:
    /// blocks of `blockSize` elements, their sums added in a fixed pairwise tree. The result is
    /// bit-identical for any thread count, and the rounding error grows with
    /// `blockSize / unroll + log2(count / blockSize)`, not with `count`.
    ///
    /// On one thread the tree is walked directly (``treeSum(_:_:_:)``, no memory needed);
    /// threads fill a buffer of the block sums first, and where that buffer cannot be
    /// allocated the sum runs on the caller alone, with the same result.
    @inlinable
    public static func deterministicSum(count: Int, _ blockSum: (Int, Int) -> Double) -> Double {
        if count <= blockSize { return blockSum(0, count) }
        let blocks = (count + blockSize - 1) / blockSize
        func block(_ b: Int) -> Double { blockSum(b * blockSize, Swift.min(count, (b + 1) * blockSize)) }
        let p = pieces(for: count)
        guard p > 1, let raw = malloc(blocks * MemoryLayout<Double>.stride) else {
            return treeSum(0, blocks, block)
        }
        defer { free(raw) }
        let partial = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Double.self, capacity: blocks), count: blocks)
        let out = UncheckedSendable(partial)
        withoutActuallyEscaping(blockSum) { blockSum in
            let work = UncheckedSendable(blockSum)
            let perChunk = chunkSize / blockSize
            let chunks = (blocks + perChunk - 1) / perChunk
            forEachChunk(chunks, threads: p) { c in
                for b in (c * perChunk)..<Swift.min(blocks, (c + 1) * perChunk) {
                    out.value[b] = work.value(b * blockSize, Swift.min(count, (b + 1) * blockSize))
                }
            }
        }
        return pairwiseSum(UnsafeBufferPointer(partial))
    }

    /// ``pairwiseSum(_:)`` of the values `value(lo)`, …, `value(hi − 1)`, computed as they
    /// are needed: the same tree, so the same result.
    @inlinable
    static func treeSum(_ lo: Int, _ hi: Int, _ value: (Int) -> Double) -> Double {
        if hi - lo <= 8 {
            var s = 0.0
            for b in lo..<hi { s += value(b) }
            return s
        }
        let half = (hi - lo) / 2
        return treeSum(lo, lo + half, value) + treeSum(lo + half, hi, value)
    }

    /// Pairwise (cascade) summation in a fixed order.
    @inlinable
    public static func pairwiseSum(_ x: UnsafeBufferPointer<Double>) -> Double {
        if x.count <= 8 {
            var s = 0.0
            for v in x { s += v }
            return s
        }
        let half = x.count / 2
        return pairwiseSum(UnsafeBufferPointer(rebasing: x[..<half]))
            + pairwiseSum(UnsafeBufferPointer(rebasing: x[half...]))
    }
}

/// The shared counter of `Parallel.forEachChunk`.
@usableFromInline
final class ChunkCounter: Sendable {
    @usableFromInline let next = Atomic<Int>(0)
    @inlinable init() {}
    /// The next chunk index (each index is handed out once).
    @inlinable func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Carries a value the compiler cannot prove `Sendable` (raw buffers, a non-escaping body)
/// into `concurrentPerform`. Every use writes disjoint ranges, so no data is shared mutably.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @inlinable init(_ value: Value) { self.value = value }
}
