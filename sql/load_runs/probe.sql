-- Is the load's process gone? Its lock is free then: take it (and let go of it at once).
SELECT pg_try_advisory_lock(1399, hashtext($1)) AS gone;
