-- The catalogue, enrolments and completions this service owns, and the read models it keeps
-- from profile and openings events.

CREATE TABLE catalogue_items (
    item_id        text PRIMARY KEY,
    title          text NOT NULL,
    kind           text NOT NULL,
    skills         jsonb NOT NULL,            -- [{"skill_id": ..., "level": ...}]
    skill_ids      text[] NOT NULL,           -- for "items that build any of these skills"
    duration_hours double precision NOT NULL,
    format         text NOT NULL,
    capacity       integer,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalogue_items_skill_ids ON catalogue_items USING gin (skill_ids);

CREATE TABLE enrolments (
    enrolment_id text PRIMARY KEY,
    employee_id  text NOT NULL,
    item_id      text NOT NULL REFERENCES catalogue_items (item_id),
    status       text NOT NULL,
    enrolled_at  timestamptz NOT NULL,
    completed_at timestamptz
);
CREATE INDEX enrolments_by_employee ON enrolments (employee_id, enrolled_at DESC, enrolment_id);
CREATE UNIQUE INDEX one_open_enrolment_per_item ON enrolments (employee_id, item_id)
    WHERE status = 'enrolled';

-- One row per completion, whatever reported it: a replayed completion finds its id here.
CREATE TABLE completions (
    completion_id text PRIMARY KEY,
    employee_id   text NOT NULL,
    item_id       text NOT NULL REFERENCES catalogue_items (item_id),
    source        text NOT NULL,              -- 'lms' or 'http'
    completed_at  timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE employees (
    employee_id   text PRIMARY KEY,
    role_id       text,
    manager_id    text,
    active        boolean NOT NULL,
    mentor_opt_in boolean NOT NULL,
    changed_at    timestamptz NOT NULL
);
CREATE INDEX employees_by_manager ON employees (manager_id);
CREATE INDEX employees_by_role ON employees (role_id);

CREATE TABLE employee_skills (
    employee_id text NOT NULL,
    skill_id    text NOT NULL,
    level       integer NOT NULL,
    PRIMARY KEY (employee_id, skill_id)
);

CREATE TABLE roles (
    role_id       text PRIMARY KEY,
    skill_profile jsonb NOT NULL,
    next_role_ids text[] NOT NULL
);

CREATE TABLE career_goals (
    employee_id     text PRIMARY KEY,
    target_role_ids text[] NOT NULL,
    set_at          timestamptz NOT NULL
);
CREATE INDEX career_goals_by_target ON career_goals USING gin (target_role_ids);

CREATE TABLE recommendations (
    recommendation_id text PRIMARY KEY,
    employee_id       text NOT NULL,
    opening_id        text,
    target_role_id    text,
    gap_key           text NOT NULL,
    gap               jsonb NOT NULL,
    items             jsonb NOT NULL,         -- [{"item_id", "title", "skills"}]
    uncovered         text[] NOT NULL,
    status            text NOT NULL DEFAULT 'open',
    recommended_at    timestamptz NOT NULL,
    CHECK ((opening_id IS NULL) <> (target_role_id IS NULL))
);
-- The same gap to the same opening or goal is recommended once.
CREATE UNIQUE INDEX one_recommendation_per_gap ON recommendations
    (employee_id, coalesce(opening_id, ''), coalesce(target_role_id, ''), gap_key);
CREATE INDEX recommendations_by_employee ON recommendations
    (employee_id, recommended_at DESC, recommendation_id);

CREATE TABLE mentor_pairings (
    pairing_id     text PRIMARY KEY,
    mentee_id      text NOT NULL,
    mentor_id      text NOT NULL,
    target_role_id text NOT NULL,
    status         text NOT NULL,             -- suggested, accepted, declined, ended
    suggested_at   timestamptz NOT NULL,
    UNIQUE (mentee_id, mentor_id, target_role_id)
);
CREATE INDEX mentor_pairings_by_mentor ON mentor_pairings (mentor_id) WHERE status IN ('suggested', 'accepted');
CREATE INDEX mentor_pairings_by_mentee ON mentor_pairings (mentee_id, suggested_at DESC, pairing_id);
