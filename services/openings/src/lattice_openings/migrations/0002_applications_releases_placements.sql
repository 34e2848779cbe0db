-- The mobility loop (docs/mobility.md): read models built from other services' events, and the
-- applications, release requests and placements this service owns.

-- Employees as the profile service publishes them: who manages whom, and their privacy choices.
CREATE TABLE employees (
    employee_id         text        PRIMARY KEY,
    manager_id          text,
    department          text        NOT NULL,
    grade               integer     NOT NULL,
    track               text        NOT NULL,
    location            text        NOT NULL,
    discoverable        boolean     NOT NULL,
    hidden_from_manager boolean     NOT NULL,
    status              text        NOT NULL,
    changed_at          timestamptz NOT NULL
);
CREATE INDEX employees_by_manager ON employees (manager_id);

-- Opportunities the notifier surfaced, with their explanation; withdrawn ones are deleted.
CREATE TABLE surfacings (
    opening_id     text        NOT NULL,
    employee_id    text        NOT NULL,
    opportunity_id text        NOT NULL,
    explanation    jsonb       NOT NULL,
    surfaced_at    timestamptz NOT NULL,
    seq            bigserial   NOT NULL,
    PRIMARY KEY (opening_id, employee_id)
);

-- One application per (opening, employee). ``decline_reason`` is for HR and never published.
CREATE TABLE applications (
    application_id text        PRIMARY KEY,
    opening_id     text        NOT NULL REFERENCES openings (opening_id),
    employee_id    text        NOT NULL,
    stage          text        NOT NULL,
    note           text,
    explanation    jsonb,
    decline_reason text,
    seq            bigserial   NOT NULL,
    changed_at     timestamptz NOT NULL
);
CREATE INDEX applications_by_opening ON applications (opening_id, seq);
CREATE INDEX applications_by_employee ON applications (employee_id, seq);

-- A release request per offer that needs one; ``reason`` (a decline's) is for HR only.
CREATE TABLE releases (
    request_id   text        PRIMARY KEY,
    opening_id   text        NOT NULL,
    employee_id  text        NOT NULL,
    manager_id   text        NOT NULL,
    department   text        NOT NULL,
    requested_at timestamptz NOT NULL,
    deadline     timestamptz NOT NULL,
    outcome      text        CHECK (outcome IN ('approved', 'declined', 'automatic')),
    reason       text,
    decided_at   timestamptz
);
CREATE INDEX releases_unanswered ON releases (deadline) WHERE outcome IS NULL;
CREATE INDEX releases_by_manager ON releases (manager_id);

CREATE TABLE placements (
    placement_id text        PRIMARY KEY,
    opening_id   text        NOT NULL,
    employee_id  text        NOT NULL,
    effective_on date        NOT NULL,
    ends_on      date,
    skills_used  text[]      NOT NULL,
    ended        boolean     NOT NULL DEFAULT false
);
CREATE INDEX placements_running ON placements (ends_on) WHERE ends_on IS NOT NULL AND NOT ended;
