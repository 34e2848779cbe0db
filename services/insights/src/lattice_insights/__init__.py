"""Lattice insights service: the internal-mobility figures, a read model built from events only."""
