-- What employees do with their opportunities, and what the notifier needs to answer them:
-- their applications' statuses, the learning catalogue, who is willing to mentor.

ALTER TABLE employees ADD COLUMN mentor_opt_in boolean NOT NULL DEFAULT false;
CREATE INDEX employees_mentors ON employees (employee_id) WHERE mentor_opt_in;

-- One row per (employee, opening) the employee acted on: from a feed item or by browsing.
-- A dismissal keeps the opening's material terms (docs/matching.md): the pair is not surfaced
-- again while they are unchanged.
CREATE TABLE pair_actions (
    employee_id     text        NOT NULL,
    opening_id      text        NOT NULL,
    state           text        NOT NULL DEFAULT 'new', -- new | saved | dismissed | interested | interest_withdrawn
    opportunity_id  text,                               -- the feed item last acted on; NULL when browsed
    note            text,
    dismiss_reason  text,
    dismissed_terms text,
    acted_at        timestamptz,
    PRIMARY KEY (employee_id, opening_id)
);
CREATE INDEX pair_actions_dismissed ON pair_actions (employee_id, opening_id)
    WHERE state = 'dismissed';

-- The candidate's own view of their applications (lattice.applications), newest change wins.
CREATE TABLE applications (
    employee_id text        NOT NULL,
    opening_id  text        NOT NULL,
    status      text        NOT NULL,
    title       text        NOT NULL,
    kind        text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (employee_id, opening_id)
);

-- The learning catalogue (lattice.catalogue), newest change wins.
CREATE TABLE catalogue_items (
    item_id    text PRIMARY KEY,
    title      text        NOT NULL,
    available  boolean     NOT NULL,
    changed_at timestamptz NOT NULL
);
CREATE TABLE catalogue_skills (
    item_id  text    NOT NULL REFERENCES catalogue_items ON DELETE CASCADE,
    skill_id text    NOT NULL,
    level    integer NOT NULL,
    PRIMARY KEY (item_id, skill_id)
);
CREATE INDEX catalogue_skills_by_skill ON catalogue_skills (skill_id, level);
