-- One load at a time on a warehouse: a load builds in the schema sparkify_load, which a second
-- load would empty under the first. Held by the load's main session until it ends; the server
-- lets go of it if the process dies (kill -9 included). A second load waits here.
SELECT pg_advisory_lock(1399, 3);
