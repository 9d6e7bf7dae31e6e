#if SWIFTREG_FAULT_INJECTION
import SwiftRegCore

// Testing only: these exist in a build made with -Xswiftc -DSWIFTREG_FAULT_INJECTION (make
// test-faults), never in the release library; tests/fault_injection.h declares them.

@_cdecl("sr_testing_fail_allocation")
public func sr_testing_fail_allocation(_ k: Int64) -> Int64 {
    Int64(FaultInjection.failAllocation(after: Int(clamping: k)))
}

@_cdecl("sr_testing_fail_threads")
public func sr_testing_fail_threads(_ on: Int32) -> Int32 {
    Int32(clamping: FaultInjection.failThreadCreation(on != 0))
}
#endif
