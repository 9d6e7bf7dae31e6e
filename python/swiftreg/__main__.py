"""``python -m swiftreg``: the command line (see :mod:`swiftreg.cli`)."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the package loads: the command line's exit
    print("swiftreg: error: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

if __name__ == "__main__":
    raise SystemExit(main())
