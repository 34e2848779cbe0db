-- The two database roles of one Lattice service, run once per service by a database administrator
-- (docs/operations.md#database-roles):
--   psql "$ADMIN_URL" -v schema=openings -v migrator=lattice_openings_migrator \
--        -v service=lattice_openings -f deploy/postgres/roles.sql
-- then give both roles a password (\password in psql, or the secret manager's rotation) and put
-- their URLs in the Secrets lattice-openings-database-migrator and lattice-openings-database.
-- The migrator owns the schema and runs DDL (the migration Job); the service role reads and
-- writes the schema's tables and nothing more, now and for every table a later migration adds.
CREATE ROLE :"migrator" LOGIN;
CREATE ROLE :"service" LOGIN;
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"migrator";
REVOKE ALL ON SCHEMA :"schema" FROM PUBLIC;
GRANT USAGE ON SCHEMA :"schema" TO :"service";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"schema" TO :"service";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA :"schema" TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA :"schema"
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA :"schema"
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"service";
-- PostgreSQL 15 and later already deny this; older servers let every role create in "public".
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
