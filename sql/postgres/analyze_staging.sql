-- Inside the load's transaction, between staging and the transforms: fresh statistics on the
-- staging tables just filled. Without them PostgreSQL guesses a few thousand rows where there
-- are a million and sorts what it would rather hash. Redshift's COPY updates its own.
ANALYZE staging_songs;
ANALYZE staging_events;
