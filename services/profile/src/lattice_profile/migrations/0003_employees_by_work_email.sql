-- SCIM clients look a user up by userName (the work email) before each create or change.
CREATE INDEX employees_by_work_email ON employees (lower(work_email));
