-- Roles of the job architecture; a role's definition includes its outgoing career paths.
CREATE TABLE roles (
    role_id     text        PRIMARY KEY,
    definition  jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE opening_number;

-- One row per opening; ``seq`` orders pages, ``spec`` holds the resolved opening (confidential
-- part included: only the views decide what a reader sees).
CREATE TABLE openings (
    opening_id        text        PRIMARY KEY,
    seq               bigserial   NOT NULL UNIQUE,
    status            text        NOT NULL CHECK (status IN ('draft', 'open', 'filled', 'closed')),
    hiring_manager_id text        NOT NULL,
    spec              jsonb       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX openings_open_by_seq ON openings (seq) WHERE status = 'open';
CREATE INDEX openings_by_manager ON openings (hiring_manager_id, seq);
