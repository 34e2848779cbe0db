"""Lattice learning service: the development catalogue, enrolments and completions, gap-closing
recommendations and mentor pairing."""
