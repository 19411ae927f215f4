-- Empties the staging tables inside the load's transaction. TRUNCATE is transactional on
-- PostgreSQL, so a cancelled load rolls it back; and a COPY into a table truncated in the
-- same transaction skips the WAL under wal_level=minimal.
TRUNCATE staging_events, staging_songs;
