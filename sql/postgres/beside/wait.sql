-- Waits for the load that holds the warehouse (see hold.sql) to end, then holds it.
SELECT pg_advisory_lock(1399, 3);
