"""Lattice console: server-rendered pages on the services' public HTTP APIs."""
