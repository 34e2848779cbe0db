-- Employee profiles. name and work_email are PII: kept here only, and erased on request.
CREATE TABLE employees (
    employee_id        text        PRIMARY KEY,          -- the HRIS id
    name               text,
    work_email         text,
    role_id            text,
    grade              integer     NOT NULL,
    track              text        NOT NULL,
    department         text        NOT NULL,
    location           text        NOT NULL,
    manager_id         text,
    hire_date          date        NOT NULL,
    role_start_date    date        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('active', 'on_leave', 'left')),
    left_on            date,
    discoverable       boolean     NOT NULL,
    hide_from_manager  boolean     NOT NULL DEFAULT false,
    mentor_opt_in      boolean     NOT NULL DEFAULT false,
    skills             jsonb       NOT NULL DEFAULT '[]',
    goals              jsonb,
    goals_set_at       timestamptz,
    hris_effective_at  timestamptz NOT NULL,             -- newest HRIS change applied
    changed_at         timestamptz NOT NULL,             -- only moves forward
    erased_at          timestamptz
);

CREATE INDEX employees_by_manager ON employees (manager_id, employee_id);
