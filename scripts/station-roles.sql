-- kaidan's working role on a station's PostgreSQL server, with the least it needs
-- (README "Setting up a station's server"). Run as postgres, in kaidan's database, once
-- kaidan's tables are there (the owner's first `kaidan --db … check` makes them):
--
--   runuser -u postgres -- psql -d kaidan -v owner=kaidan_owner -v app=kaidan \
--       -f scripts/station-roles.sql
--
-- The owner role owns the database and every table: it alone changes the schema (a newer
-- kaidan upgrades it through the owner's URL) and can drop, truncate or switch triggers
-- off. The app role, which every counter's URL names, may read and write rows and nothing
-- more: no DROP, no TRUNCATE (which would skip the append-only triggers), no ALTER TABLE
-- … DISABLE TRIGGER, no new tables. The append-only tables refuse its UPDATE and DELETE
-- through their triggers as they refuse anyone's.
\set ON_ERROR_STOP on

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app";
-- Tables and sequences a later kaidan adds (made by the owner) come with the same rights.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app";
