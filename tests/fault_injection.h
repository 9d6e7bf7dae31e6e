/* Testing only: the fault-injection entry points of a library built with
 * -Xswiftc -DSWIFTREG_FAULT_INJECTION (make test-faults). The release library does not
 * export them (tests/check_library.sh). */
#ifndef SWIFTREG_FAULT_INJECTION_H
#define SWIFTREG_FAULT_INJECTION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* From now on the k-th working-memory allocation fails with SR_ERR_ALLOCATION (k <= 0: none).
 * Returns the previous setting: its remaining count when it did not fire, -1 when it fired,
 * 0 when it was off. */
int64_t sr_testing_fail_allocation(int64_t k);

/* While on is non-zero, every helper thread creation fails (threaded work then runs on the
 * threads that exist, at worst on the caller alone). Returns the number of helper threads
 * made so far. */
int32_t sr_testing_fail_threads(int32_t on);

#ifdef __cplusplus
}
#endif

#endif /* SWIFTREG_FAULT_INJECTION_H */
