#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The helper threads of ``Parallel``: POSIX threads made on demand and kept, sleeping, for
/// the next call.
///
/// A call (``run(helpers:_:)``) posts a job, a body that takes chunks from a shared counter
/// until none is left, and then runs that body on the calling thread too. Idle helpers join
/// while the job is open; when the caller's own body returns every chunk has been taken, the
/// job is closed, and the caller waits only for the helpers that joined it to finish their
/// chunk. So a helper is never needed: when a thread cannot be created (`pthread_create`
/// fails under an address-space or process limit) the work runs on the threads that exist, at
/// worst on the caller alone, in the time of a serial run. (`DispatchQueue.concurrentPerform`
/// instead retries thread creation forever.) Nested calls (a cross-validation fold on a helper
/// running a threaded kernel) post jobs of their own and cannot deadlock: no one waits for a
/// helper that has not started.
@usableFromInline
final class WorkerPool: @unchecked Sendable {
    @usableFromInline static let shared = WorkerPool()

    /// One call's work. Read and written under the pool's lock, but `body`.
    final class Job {
        let body: @Sendable () -> Void
        /// Helpers that may still join.
        var wanted: Int
        /// Helpers running `body` now.
        var active = 0
        init(_ body: @escaping @Sendable () -> Void, wanted: Int) {
            self.body = body
            self.wanted = wanted
        }
    }

    /// The most helper threads the pool keeps.
    static let maxThreads = 255

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// Signalled when a job is posted (idle helpers wait on it).
    private let posted: UnsafeMutablePointer<pthread_cond_t>
    /// Signalled when a helper leaves a job (callers wait on it for their helpers).
    private let left: UnsafeMutablePointer<pthread_cond_t>
    /// Open jobs (helpers may still join), oldest first.
    private var open: [Job] = []
    /// Helper threads made, and those of them running a job (the others are free: waiting
    /// for a job, or just made and about to look for one).
    private var threads = 0, busy = 0

    #if SWIFTREG_FAULT_INJECTION
    /// Testing only: every thread creation fails while this is set.
    var failThreadCreation = false
    #endif

    private init() {
        lock = .allocate(capacity: 1)
        posted = .allocate(capacity: 1)
        left = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(posted, nil)
        pthread_cond_init(left, nil)
        // A child made by fork() has the calling thread only: it starts with no helpers.
        pthread_atfork(nil, nil) { WorkerPool.shared.forgetThreads() }
    }

    /// In a forked child: fresh lock and conditions, no helpers, no open jobs.
    private func forgetThreads() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(posted, nil)
        pthread_cond_init(left, nil)
        open = []
        threads = 0
        busy = 0
    }

    /// The number of helper threads made so far.
    var threadCount: Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return threads
    }

    #if SWIFTREG_FAULT_INJECTION
    /// Testing only: sets ``failThreadCreation`` under the lock.
    func setFailThreadCreation(_ on: Bool) {
        pthread_mutex_lock(lock)
        failThreadCreation = on
        pthread_mutex_unlock(lock)
    }
    #endif

    /// Runs `body` on the calling thread and on up to `helpers` helper threads at once, and
    /// returns when every run of it has returned. `body` must be safe to run any number of
    /// times at once, and the caller's run alone must finish the work.
    @usableFromInline
    func run(helpers: Int, _ body: @escaping @Sendable () -> Void) {
        guard helpers > 0 else { body(); return }
        let job = Job(body, wanted: helpers)
        pthread_mutex_lock(lock)
        open.append(job)
        // Make helpers for the part of the job the free ones cannot take; stop at the first
        // failure (the caller does the rest).
        var missing = Swift.min(helpers - (threads - busy), WorkerPool.maxThreads - threads)
        while missing > 0, spawn() { missing -= 1 }
        if threads > busy { pthread_cond_broadcast(posted) }
        pthread_mutex_unlock(lock)

        body()

        pthread_mutex_lock(lock)
        if let k = open.firstIndex(where: { $0 === job }) { open.remove(at: k) }
        while job.active > 0 { pthread_cond_wait(left, lock) }
        pthread_mutex_unlock(lock)
    }

    /// Makes one helper thread (under the lock); false when the system refuses.
    private func spawn() -> Bool {
        #if SWIFTREG_FAULT_INJECTION
        if failThreadCreation { return false }
        #endif
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let context = Unmanaged.passUnretained(self).toOpaque()
        // A helper blocks every signal (it inherits the mask it is created with): a Ctrl-C
        // must reach a thread of the caller's, whose handler (Python's, for one) runs there.
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        guard pthread_create(&thread, &attributes, { context in
            Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().work()
        }, context) == 0 else { return false }
        threads += 1
        return true
    }

    /// A helper's loop: join the oldest open job that wants a helper, or sleep.
    private func work() -> Never {
        pthread_mutex_lock(lock)
        while true {
            if let job = open.first(where: { $0.wanted > 0 }) {
                job.wanted -= 1
                job.active += 1
                busy += 1
                pthread_mutex_unlock(lock)
                job.body()
                pthread_mutex_lock(lock)
                busy -= 1
                job.active -= 1
                if job.active == 0 { pthread_cond_broadcast(left) }
            } else {
                pthread_cond_wait(posted, lock)
            }
        }
    }
}
