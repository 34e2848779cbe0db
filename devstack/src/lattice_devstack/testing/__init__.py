"""Test harness: real broker and real PostgreSQL for every test that proves delivery or matching."""
