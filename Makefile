# swiftreg — build, test, demo, install.
#   make demo     build what is needed and run the demo (python -m swiftreg demo)
#   make test     build and run every test (Swift, pytest, example scripts and notebook, C example,
#                 install/pkg-config, wheel) and the lint
#   make check    the fast development loop (under a minute once built): the Swift tests but
#                 the slow ones, the Python kernel and estimator tests, the lint
#   make lint     ruff (lint and format check) and mypy on python/swiftreg
#   make bench    benchmarks (prints ratios, writes BENCHMARKS.md)
#   make install PREFIX=/usr/local   header, library, pkg-config file
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PREFIX ?= /usr/local
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
LIB := .build/release/libswiftreg.so
# On x86-64 Linux, a second build of the same sources for x86-64-v3 CPUs (AVX2, FMA, BMI2;
# Swift's `-target-cpu haswell`), in its own scratch folder, copied beside the baseline
# library. The Python package loads it where /proc/cpuinfo shows those features and the
# baseline library elsewhere (python/swiftreg/_loader.py; SWIFTREG_CPU=baseline forces the
# baseline). C programs link the baseline library.
ifeq ($(shell uname -s)-$(shell uname -m),Linux-x86_64)
LIB_V3 := .build/release/libswiftreg-x86-64-v3.so
endif
HEADER := Sources/CSwiftReg/include/swiftreg.h
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' python/swiftreg/_version.py)
CC ?= cc
export PYTHONPATH := $(CURDIR)/python
# Python finds the in-tree build itself (.build/release) and picks the variant for this CPU.
unexport SWIFTREG_LIB

.PHONY: all lib venv demo test check lint test-swift test-python test-examples test-c test-install wheel test-wheel check-clean-room test-symbols test-threads test-faults test-fuzz fuzz sanitize soak bench install clean

all: lib

lib: $(LIB) $(LIB_V3)

$(LIB): Package.swift $(shell find Sources -type f)
	swift build -c release
	@ln -sfn libswiftreg.so .build/release/libswiftreg.so.0  # the SONAME, so -L.build/release links work
	@touch $@

.build/release/libswiftreg-x86-64-v3.so: Package.swift $(shell find Sources -type f) | $(LIB)
	swift build -c release --scratch-path .build-x86-64-v3 -Xswiftc -target-cpu -Xswiftc haswell
	cp .build-x86-64-v3/release/libswiftreg.so $@

$(VENV)/.stamp: requirements-dev.txt
	$(PYTHON) -m venv --system-site-packages $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.stamp

DEMO_OUT ?= swiftreg-demo
demo: lib venv
	$(VPY) -m swiftreg demo --out $(DEMO_OUT)

test: lint test-swift test-symbols test-python test-examples test-c test-install test-wheel test-threads test-faults test-fuzz docs
	@echo "make test: all suites passed"

test-swift:
	swift test

# ruff and mypy on the package (configuration: python/pyproject.toml, [tool.ruff], [tool.mypy]).
lint: venv
	cd python && ../$(VPY) -m ruff check swiftreg
	cd python && ../$(VPY) -m ruff format --check swiftreg
	cd python && ../$(VPY) -m mypy

# The fast loop while developing: the baseline library only (no x86-64-v3 build), the Swift
# tests but the slow suites (the 2^20-element thread checks of ParallelTests and the exact
# active-set steps, which `make test` runs), the Python kernel and estimator tests (stops at
# the first failure), the lint. SWIFT_TEST_FLAGS passes options on (e.g. --scratch-path).
SWIFT_TEST_FLAGS ?=
CHECK_PYTESTS := python/tests/test_losses.py python/tests/test_penalties.py \
  python/tests/test_updates.py python/tests/test_linear_model.py
check: $(LIB) venv
	swift test $(SWIFT_TEST_FLAGS) --skip ParallelTests --skip ExactActiveSetTests
	SWIFTREG_LIB=$(abspath $(LIB)) $(VPY) -m pytest -x -q $(CHECK_PYTESTS)
	$(MAKE) --no-print-directory lint
	@echo "make check: passed (make test runs everything)"

test-symbols: lib
	for l in $(LIB) $(LIB_V3); do bash tests/check_library.sh $$l $(HEADER); done

# Every test on the build this CPU loads (x86-64-v3 where it can), then the kernel tests
# again on the baseline build (test_variants.py also checks the two agree bit for bit).
test-python: lib venv
	$(VPY) -m pytest -q python/tests --ignore=python/tests/test_notebook.py
	SWIFTREG_CPU=baseline $(VPY) -m pytest -q python/tests/test_losses.py python/tests/test_penalties.py \
	  python/tests/test_updates.py python/tests/test_arrays.py python/tests/test_hostile.py

# The example scripts (each checks its claims with asserts) and the notebook, executed
# headless top to bottom (python/tests/test_notebook.py; its asserts are tests).
test-examples: lib venv
	for f in examples/python/*.py; do echo "== $$f"; $(VPY) $$f > /dev/null; done
	$(VPY) -m pytest -q python/tests/test_notebook.py

test-c: lib
	bash tests/check_c_example.sh $(LIB)
	bash tests/check_c_sparse.sh $(LIB)
	bash tests/check_c_interrupt.sh $(LIB)

test-install: lib
	bash tests/check_install.sh

# The portable wheel: dist/swiftreg-<version>-py3-none-manylinux_2_34_<arch>.whl (py3-none: the
# library is loaded through ctypes, so one wheel serves every CPython >= 3.9; manylinux_2_34:
# GLIBC_2.34 is the newest symbol version the library needs). python/build_wheel.sh reuses
# .build/release's libraries when they are up to date, else builds in .build-wheel* (never
# .build), and retags the wheel with `auditwheel repair`.
WHEEL_PLAT ?= manylinux_2_34_$(shell uname -m)
WHEEL := dist/swiftreg-$(VERSION)-py3-none-$(WHEEL_PLAT).whl
wheel: venv
	bash python/build_wheel.sh $(VPY) dist $(WHEEL_PLAT)

# In `make test`: the wheel of the library just built (auditwheel show, contents, a fresh venv).
test-wheel: lib venv
	bash python/build_wheel.sh $(VPY) dist $(WHEEL_PLAT)
	WHEEL_PLAT=$(WHEEL_PLAT) bash tests/check_wheel.sh $(VPY) $(WHEEL) $(LIB) $(LIB_V3)

# Not in `make test` (root, network, a few minutes): the wheel alone in a fresh Debian chroot
# (debootstrap; Debian's python3 and python3-numpy, no Swift, no source tree) runs the README's
# Python quick start.
check-clean-room: wheel
	bash tests/check_clean_room.sh $(WHEEL)

# The documentation (docs/, Sphinx): HTML into docs/_build/html, warnings are errors. The
# gallery and the notebook run on the library built here ($(LIB)); the API pages' stubs are
# regenerated each time (docs/api/generated), so a name removed from a list leaves none behind.
.PHONY: docs
docs: $(LIB) venv
	rm -rf docs/api/generated
	SWIFTREG_LIB=$(CURDIR)/$(LIB) $(VPY) -m sphinx -W --keep-going -q -b html docs docs/_build/html
	@echo "make docs: docs/_build/html/index.html"

# Reliability. The fuzzer builds its own optimised ASan + coverage library in .build-fuzz-release
# (FUZZ_CONFIG=debug: Swift's debug configuration in .build-fuzz-debug); fuzz/LOG.md logs the runs.
#   make fuzz [FUZZ_SECONDS=300]   replay committed inputs, check known bugs, fuzz for a while
#   make sanitize                  swift test under ASan and TSan; C example under ASan, valgrind
#   make soak                      1,000,000 kernel calls + 10,000 fits, RSS must stay flat
FUZZ_SECONDS ?= 300
TEST_FUZZ_SECONDS ?= 60
# 10000 executions: about 7 s of CPU (11-51 s of wall time on the shared 2-core machine)
TEST_FUZZ_RUNS ?= 10000

fuzz:
	bash fuzz/run.sh replay
	bash fuzz/run.sh known
	bash fuzz/run.sh $(FUZZ_SECONDS)

# In `make test`: replay every committed input, then a short seeded run (fixed seed and
# execution count, at most TEST_FUZZ_SECONDS), so that CI is reproducible.
test-fuzz:
	bash fuzz/run.sh replay
	bash fuzz/run.sh known
	FUZZ_SEED=1 FUZZ_RUNS=$(TEST_FUZZ_RUNS) bash fuzz/run.sh $(TEST_FUZZ_SECONDS)

test-threads: lib
	bash tests/check_threads.sh $(LIB)

# Injected failures (tests/faults.c, about a minute): a release build with the test-only entry
# points of tests/fault_injection.h (-DSWIFTREG_FAULT_INJECTION), in its own scratch folder;
# the library `make lib` builds never has them (test-symbols). Running out of memory for real
# (RLIMIT_AS in a child process) is python/tests/test_resource_limits.py, in test-python.
FAULTS_LIB := .build-faults/release/libswiftreg.so
$(FAULTS_LIB): Package.swift $(shell find Sources -type f)
	swift build -c release --product swiftreg --scratch-path .build-faults -Xswiftc -DSWIFTREG_FAULT_INJECTION
	@ln -sfn libswiftreg.so .build-faults/release/libswiftreg.so.0
	@touch $@

test-faults: $(FAULTS_LIB)
	bash tests/check_faults.sh $(FAULTS_LIB)

sanitize: lib
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp swift test --sanitize=address --scratch-path .build-asan
	swift test --sanitize=thread --scratch-path .build-tsan
	bash tests/check_sanitize_c.sh $(LIB)

soak: lib venv
	$(VPY) tests/soak.py

bench: lib venv
	@ls bench/*.py >/dev/null
	for b in bench/[!_]*.py; do echo "== $$b"; $(VPY) $$b; done

# The C library's version is the header's SR_VERSION_STRING; the SONAME (libswiftreg.so.0,
# set in Package.swift) is the link name the loader looks for. PREFIX is made absolute
# because it is written into swiftreg.pc; DESTDIR only stages the files.
INSTALL_PREFIX = $(abspath $(PREFIX))
C_VERSION := $(shell sed -n 's/^\#define SR_VERSION_STRING "\(.*\)"/\1/p' $(HEADER))
install: lib
	@test -n "$(C_VERSION)" || { echo "install: no SR_VERSION_STRING in $(HEADER)" >&2; exit 1; }
	@test "$(C_VERSION)" = "$(VERSION)" || { echo "install: header version $(C_VERSION) != package version $(VERSION)" >&2; exit 1; }
	install -d $(DESTDIR)$(INSTALL_PREFIX)/include $(DESTDIR)$(INSTALL_PREFIX)/lib/pkgconfig
	install -m 644 $(HEADER) $(DESTDIR)$(INSTALL_PREFIX)/include/swiftreg.h
	install -m 755 $(LIB) $(DESTDIR)$(INSTALL_PREFIX)/lib/libswiftreg.so.$(C_VERSION)
	ln -sfn libswiftreg.so.$(C_VERSION) $(DESTDIR)$(INSTALL_PREFIX)/lib/libswiftreg.so.0
	ln -sfn libswiftreg.so.0 $(DESTDIR)$(INSTALL_PREFIX)/lib/libswiftreg.so
	sed -e 's|@PREFIX@|$(INSTALL_PREFIX)|g' -e 's|@VERSION@|$(C_VERSION)|g' swiftreg.pc.in \
	  > $(DESTDIR)$(INSTALL_PREFIX)/lib/pkgconfig/swiftreg.pc
	@echo "installed swiftreg $(C_VERSION) into $(DESTDIR)$(INSTALL_PREFIX)"

clean:
	rm -rf .build .build-* $(VENV) python/build python/*.egg-info python/swiftreg/_lib
