"""`python -m accesscheck`."""

from accesscheck.cli import main

main()
