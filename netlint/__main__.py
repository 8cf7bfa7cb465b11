"""`python -m netlint` and the console script: exit with the CLI's status."""

import sys

from netlint.cli import main


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
