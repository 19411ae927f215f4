-- Held by the load's own recording session for as long as the load runs: the server lets go
-- of it when that session ends, however the process ended (kill -9 included), so a reader
-- can tell a load that still runs from one whose process is gone.
SELECT pg_advisory_lock(1399, hashtext($1));
