"""``python -m swiftreg``: the command line (see :mod:`swiftreg.cli`)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
