"""`python -m adoption`: see adoption.cli."""

from adoption.cli import main

main()
