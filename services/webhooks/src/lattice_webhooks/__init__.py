"""Lattice webhooks service: the suite's events, signed, to the endpoints subscribed to them."""
