-- Two commands making the tables at once would race inside the catalog (CREATE TABLE IF NOT
-- EXISTS is not safe against a concurrent twin): the second waits here until the first
-- commits, then finds the tables there. Released at the end of the transaction.
SELECT pg_advisory_xact_lock(1399, 2);
