-- Let go of the lock the probe took.
SELECT pg_advisory_unlock(1399, hashtext($1));
