#if SWIFTREG_FAULT_INJECTION
/// Testing only (built with `-DSWIFTREG_FAULT_INJECTION`, never in the release library):
/// makes a chosen allocation, or every thread creation, fail, so that tests can check that
/// each failure is reported cleanly and leaves the caller's buffers as they were.
public enum FaultInjection {
    /// From now on the k-th allocation through ``Allocation`` fails (k ≤ 0: none). Returns the
    /// previous setting: its remaining count when it did not fire, −1 when it fired, 0 when off.
    public static func failAllocation(after k: Int) -> Int {
        Allocation.countdown.exchange(Swift.max(0, k), ordering: .relaxed)
    }

    /// While `on`, every helper thread creation fails (threaded work then runs on the threads
    /// that exist). Returns the number of helper threads made so far.
    public static func failThreadCreation(_ on: Bool) -> Int {
        WorkerPool.shared.setFailThreadCreation(on)
        return WorkerPool.shared.threadCount
    }
}
#endif
