"""The learning domain: pure rules, no I/O."""
