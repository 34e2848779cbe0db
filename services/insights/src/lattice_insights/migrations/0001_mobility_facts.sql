-- The facts the mobility figures are built from (domain/facts.py). Each is recorded once, keyed
-- by what identifies it, so an event applied twice leaves the same rows.

-- An opening as far as the events told it; a column stays NULL until an event carries it.
-- details_at: the time of the opening's own event its details come from.
CREATE TABLE openings (
    opening_id        text        PRIMARY KEY,
    title             text,
    kind              text,
    department        text,
    hiring_manager_id text,
    posted_at         timestamptz,
    closed_at         timestamptz,
    outcome           text        CHECK (outcome IN ('filled', 'filled_externally', 'closed')),
    details_at        timestamptz
);

-- A candidate reached a step of an opening's funnel (1 surfaced ... 5 placed); the first time.
CREATE TABLE progress (
    opening_id  text        NOT NULL,
    employee_id text        NOT NULL,
    stage       smallint    NOT NULL CHECK (stage BETWEEN 1 AND 5),
    reached_at  timestamptz NOT NULL,
    PRIMARY KEY (opening_id, employee_id, stage)
);

-- Release requests; outcome NULL while pending.
CREATE TABLE releases (
    request_id  text PRIMARY KEY,
    opening_id  text NOT NULL,
    employee_id text NOT NULL,
    manager_id  text NOT NULL,
    department  text NOT NULL,
    outcome     text CHECK (outcome IN ('approved', 'declined', 'automatic'))
);

CREATE TABLE placements (
    placement_id    text        PRIMARY KEY,
    employee_id     text        NOT NULL,
    opening_id      text        NOT NULL,
    department      text        NOT NULL,
    from_department text        NOT NULL,
    placed_at       timestamptz NOT NULL
);

-- An employee's earliest near miss for an opening.
CREATE TABLE near_misses (
    employee_id text        NOT NULL,
    opening_id  text        NOT NULL,
    detected_at timestamptz NOT NULL,
    PRIMARY KEY (employee_id, opening_id)
);

CREATE TABLE completions (
    completion_id text        PRIMARY KEY,
    employee_id   text        NOT NULL,
    completed_at  timestamptz NOT NULL
);
