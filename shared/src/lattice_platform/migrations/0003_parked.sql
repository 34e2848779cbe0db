-- Events that arrived before the entity they are about, kept until it arrives
-- (lattice_platform.messaging.parking).

CREATE TABLE parked (
    id            bigserial   PRIMARY KEY,
    consumer      text        NOT NULL,
    event_id      text        NOT NULL,
    event_key     text        NOT NULL,  -- later events with this key queue behind this one
    awaited_kind  text        NOT NULL,
    awaited_key   text        NOT NULL,
    topic         text        NOT NULL,
    "partition"   integer     NOT NULL,
    "offset"      bigint      NOT NULL,
    key           bytea,
    value         bytea,
    header_names  text[]      NOT NULL,
    header_values bytea[]     NOT NULL,
    released      boolean     NOT NULL DEFAULT false,
    tries         integer     NOT NULL DEFAULT 1,
    parked_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (consumer, event_id)
);

CREATE INDEX parked_queue ON parked (consumer, event_key, id);
CREATE INDEX parked_awaiting ON parked (awaited_kind, awaited_key);
CREATE INDEX parked_since ON parked (consumer, parked_at);
CREATE INDEX parked_released ON parked (consumer) WHERE released;

-- The entity has arrived: its parked events are retried by the next sweep. A service calls it
-- where the entity is created, e.g. from a trigger on the entity's table.
CREATE FUNCTION release_parked(kind text, entity_key text) RETURNS void LANGUAGE sql AS $$
    UPDATE "{schema}".parked SET released = true
    WHERE awaited_kind = kind AND awaited_key = entity_key AND NOT released
$$;
