-- The load's tables, built and committed in sparkify_load, take the place of the warehouse's
-- own in one short transaction: every table is held first, so a reader waits a moment and
-- then sees the new load whole, never a mix. The old tables are dropped (their disk space
-- returns at COMMIT); each new one gets its old one's grants (the read-only role's SELECT
-- among them) and table comment. blockers.sql has made sure nothing else hangs on them.
DO $$
DECLARE
    home CONSTANT text := current_schema();
    tables CONSTANT text[] := ARRAY['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];
    name text;
    old_acl aclitem[];
    old_comment text;
    granted record;
BEGIN
    -- Autovacuum working on an old table gives way to a lock it blocks, but only once the
    -- waiting session has waited deadlock_timeout (1 s by default): wait a tenth of that here.
    -- Only a superuser may set it (the embedded warehouse's owner is one); elsewhere, the default.
    BEGIN
        PERFORM set_config('deadlock_timeout', '100ms', true);
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
    FOREACH name IN ARRAY tables LOOP
        EXECUTE format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', home, name);
    END LOOP;
    FOREACH name IN ARRAY tables LOOP
        SELECT c.relacl, obj_description(c.oid, 'pg_class') INTO old_acl, old_comment
        FROM pg_class c WHERE c.oid = format('%I.%I', home, name)::regclass;
        EXECUTE format('DROP TABLE %I.%I', home, name);
        EXECUTE format('ALTER TABLE sparkify_load.%I SET SCHEMA %I', name, home);
        IF old_comment IS NOT NULL THEN
            EXECUTE format('COMMENT ON TABLE %I.%I IS %L', home, name, old_comment);
        END IF;
        -- The owner holds every privilege on a table of its own already.
        FOR granted IN
            SELECT a.privilege_type, a.grantee, a.is_grantable FROM aclexplode(old_acl) a
            WHERE a.grantee <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
        LOOP
            EXECUTE format('GRANT %s ON %I.%I TO %s%s', granted.privilege_type, home, name,
                CASE WHEN granted.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(granted.grantee)) END,
                CASE WHEN granted.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
    END LOOP;
    DROP SCHEMA sparkify_load;
END
$$;
