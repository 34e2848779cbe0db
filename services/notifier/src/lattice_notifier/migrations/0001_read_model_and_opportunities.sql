-- The notifier's read model (rebuilt from events only) and the state of every surfacing.

CREATE TABLE employees (
    employee_id          text PRIMARY KEY,
    partition            integer     NOT NULL,
    role_id              text,
    grade                integer,
    track                text,
    department           text,
    location             text,
    manager_id           text,
    role_start_date      date,
    status               text,
    discoverable         boolean,
    changed_at           timestamptz,          -- NULL until the employee record itself arrives
    target_role_ids      text[]      NOT NULL DEFAULT '{}',
    move_kinds           text[]      NOT NULL DEFAULT '{}',
    willing_to_relocate  boolean     NOT NULL DEFAULT false,
    acceptable_locations text[]      NOT NULL DEFAULT '{}',
    goal_set_at          timestamptz
);
CREATE INDEX employees_by_partition ON employees (partition);

CREATE TABLE employee_skills (
    employee_id  text    NOT NULL REFERENCES employees ON DELETE CASCADE,
    skill_id     text    NOT NULL,
    level        integer NOT NULL,
    last_used_on date,
    acquired_on  date,
    PRIMARY KEY (employee_id, skill_id)
);
CREATE INDEX employee_skills_by_skill ON employee_skills (skill_id);

CREATE TABLE openings (
    opening_id  text PRIMARY KEY,
    status      text        NOT NULL,          -- open | closed
    details     jsonb       NOT NULL,          -- the contract's OpeningDetails
    version_at  timestamptz NOT NULL
);

-- One row per surfacing of an (employee, opening) pair. At most one active row per pair, enforced
-- here: whatever is redelivered or re-matched, a pair is surfaced again only after a withdrawal.
CREATE TABLE opportunities (
    opportunity_id  text PRIMARY KEY,
    employee_id     text             NOT NULL,
    opening_id      text             NOT NULL,
    seq             integer          NOT NULL,
    status          text             NOT NULL DEFAULT 'active',   -- active | withdrawn
    delivery        text             NOT NULL DEFAULT 'notified', -- notified | digest
    day             date             NOT NULL,
    rank            double precision NOT NULL,
    title           text             NOT NULL,
    kind            text             NOT NULL,
    temporary_kind  text,
    explanation     jsonb            NOT NULL,
    surfaced_at     timestamptz      NOT NULL,
    withdrawn_at    timestamptz,
    withdraw_reason text,
    digested_at     timestamptz,
    UNIQUE (employee_id, opening_id, seq)
);
CREATE UNIQUE INDEX one_active_surfacing_per_pair
    ON opportunities (employee_id, opening_id) WHERE status = 'active';
CREATE INDEX opportunities_feed ON opportunities (employee_id, rank DESC, opportunity_id);
CREATE INDEX opportunities_by_opening ON opportunities (opening_id) WHERE status = 'active';
CREATE INDEX opportunities_awaiting_digest ON opportunities (day)
    WHERE delivery = 'digest' AND digested_at IS NULL;

-- How many surfacings each employee got per day: the daily cap counts here (row-locked upserts,
-- so two consumers surfacing to the same employee at once cannot both take the last place).
CREATE TABLE daily_surfacings (
    employee_id text    NOT NULL,
    day         date    NOT NULL,
    surfaced    integer NOT NULL,
    PRIMARY KEY (employee_id, day)
);

-- Near misses are published once per (employee, opening).
CREATE TABLE near_misses (
    employee_id text        NOT NULL,
    opening_id  text        NOT NULL,
    detected_at timestamptz NOT NULL,
    PRIMARY KEY (employee_id, opening_id)
);
