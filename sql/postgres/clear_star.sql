-- The star schema is rebuilt whole from staging on every load, inside the load's transaction.
TRUNCATE songplays, users, songs, artists, time RESTART IDENTITY;
