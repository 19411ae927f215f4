-- Removes every table of the warehouse (tables --recreate), and whatever a killed load left
-- beside them (see beside/prepare.sql).
DROP TABLE IF EXISTS songplays, users, songs, artists, time, staging_events, staging_songs, load_runs;
DROP SCHEMA IF EXISTS sparkify_load CASCADE;
