"""The facts the figures are built from, and the figures: pure, no I/O."""
