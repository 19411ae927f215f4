-- One load at a time on a warehouse: a load builds in the schema sparkify_load, which a second
-- load would empty under the first. Held by the load's main session until it ends; the server
-- lets go of it if the process dies (kill -9 included). Tried first: when another load holds
-- it, the load says it waits, then waits (wait.sql).
SELECT pg_try_advisory_lock(1399, 3) AS held;
