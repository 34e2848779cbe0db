-- Who answered a release request: the manager asked, or HR on their behalf (recorded as such).
ALTER TABLE releases
    ADD COLUMN answered_by text,
    ADD COLUMN on_behalf   boolean NOT NULL DEFAULT false;

-- The dev stack's clock offset (LATTICE_DEV_CLOCK), one for every replica and kept over restarts:
-- a replica catches up with it before it reads the time, so time never runs backwards.
CREATE TABLE dev_clock (
    id       boolean  PRIMARY KEY DEFAULT true CHECK (id),
    offset_s double precision NOT NULL CHECK (offset_s >= 0)
);
