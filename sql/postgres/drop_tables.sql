-- Removes every table of the warehouse (tables --recreate).
DROP TABLE IF EXISTS songplays, users, songs, artists, time, staging_events, staging_songs, load_runs;
