-- Why the load cannot build a table beside the current one and swap it in: one row per
-- obstacle (its table, or none for the whole database), none when every table can be. The new table is made LIKE the current one
-- (columns, NOT NULL and CHECK constraints, defaults, identity, comments, statistics), its
-- primary key built after its rows, its grants and table comment copied at the swap; anything
-- else on or depending on a table (a view, a trigger, another index, a foreign key, a policy,
-- another owner, …) would be lost or would refuse the swap, so such a warehouse is loaded in
-- place instead, as before: the same rows, with the tables held for the whole load.
WITH home AS (
    SELECT c.oid, c.relname, c.relowner, c.relkind, c.relpersistence, c.relrowsecurity,
           c.relforcerowsecurity, c.reloptions, c.relreplident, c.relispartition
    FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relname IN ('staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time')
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
), dependents AS (
    SELECT h.relname,
           CASE WHEN d.classid = 'pg_rewrite'::regclass
                THEN (SELECT pg_describe_object('pg_class'::regclass, r.ev_class, 0) FROM pg_rewrite r WHERE r.oid = d.objid)
                ELSE pg_describe_object(d.classid, d.objid, 0)
           END AS what
    FROM home h
    JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = h.oid
    WHERE NOT (
        -- Its row type, its TOAST table and its identity sequence: made anew with it.
        (d.deptype = 'i' AND d.classid IN ('pg_type'::regclass, 'pg_class'::regclass))
        -- Its column defaults and extended statistics: copied by LIKE.
        OR (d.deptype = 'a' AND d.classid IN ('pg_attrdef'::regclass, 'pg_statistic_ext'::regclass))
        -- Its own primary key, NOT NULL and CHECK constraints: copied by LIKE, or built after.
        OR (d.deptype = 'a' AND d.classid = 'pg_constraint'::regclass
            AND EXISTS (SELECT FROM pg_constraint k WHERE k.oid = d.objid AND k.conrelid = h.oid AND k.contype IN ('p', 'c', 'n')))
    )
)
-- The load's schema is made anew by each load: a role that may not create one loads in place.
SELECT CAST(NULL AS name) AS table_name, 'this role may not create a schema in the database (it lacks CREATE on it)' AS reason
    WHERE NOT has_database_privilege(current_database(), 'CREATE')
UNION ALL SELECT relname, 'it is not a plain table' FROM home WHERE relkind <> 'r' OR relispartition
UNION ALL SELECT relname, 'another role owns it' FROM home WHERE relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
UNION ALL SELECT relname, 'it is unlogged' FROM home WHERE relpersistence <> 'p'
UNION ALL SELECT relname, 'it has row-level security' FROM home WHERE relrowsecurity OR relforcerowsecurity
UNION ALL SELECT relname, 'it has storage parameters of its own' FROM home WHERE reloptions IS NOT NULL
UNION ALL SELECT relname, 'its replica identity is set' FROM home WHERE relreplident <> 'd'
UNION ALL SELECT h.relname, 'it has column privileges' FROM home h
    WHERE EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = h.oid AND a.attacl IS NOT NULL)
UNION ALL SELECT h.relname, 'it inherits from another table' FROM home h
    WHERE EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = h.oid)
UNION ALL SELECT DISTINCT relname, what || ' depends on it' FROM dependents
ORDER BY 1 NULLS FIRST, 2;
