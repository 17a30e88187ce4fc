"""`python -m vendorrisk` runs the command-line interface."""
from vendorrisk.cli import main

main()
