-- The read-only role `sparkify-dwh serve` offers BI tools and other clients: it may log in
-- and read every table (staging and star), now and made later, and nothing else. Safe to run
-- again: the role is made once; its password, attributes and grants are set every time.
-- Runs as one piece (the DO block holds semicolons), after password.sql in the same transaction.
-- Two serves starting at once take turns: concurrent ALTER ROLE and GRANT would collide.
SELECT pg_advisory_xact_lock(hashtext('sparkify_reader'));
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sparkify_reader') THEN
        CREATE ROLE sparkify_reader;
    END IF;
    EXECUTE format(
        'ALTER ROLE sparkify_reader WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
        current_setting('sparkify.reader_password'));
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO sparkify_reader', current_database());
END
$$;
-- Its sessions start read-only: even a temporary table needs a deliberate SET first.
ALTER ROLE sparkify_reader SET default_transaction_read_only = on;
GRANT USAGE ON SCHEMA public TO sparkify_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO sparkify_reader;
-- Tables the owner makes later (tables --recreate) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO sparkify_reader;
