-- Dead letters too large for their dead-letter topic are kept whole here; the topic gets a
-- record that refers to the row. Bytes throughout: a dead letter may be anything at all.
CREATE TABLE dead_letter (
    id             bigserial   PRIMARY KEY,
    consumer       text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    record_offset  bigint      NOT NULL,
    key            bytea,
    value          bytea,
    header_names   bytea[]     NOT NULL,
    header_values  bytea[]     NOT NULL,
    reason         text        NOT NULL,
    failed_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (consumer, topic, partition, record_offset)
);

-- The inbox is purged of ids older than the retention window, oldest first.
CREATE INDEX inbox_processed_at ON inbox (processed_at);
