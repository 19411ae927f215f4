-- time: one row per distinct songplay start_time, broken into its parts (UTC).
-- week is the ISO week number; weekday counts from 0 = Sunday. DATE_PART gives the same
-- whole numbers as EXTRACT, as a double, where PostgreSQL's EXTRACT computes a numeric (three
-- times slower here). In key order, the primary key is built by appending.
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time,
       DATE_PART('hour', start_time),
       DATE_PART('day', start_time),
       DATE_PART('week', start_time),
       DATE_PART('month', start_time),
       DATE_PART('year', start_time),
       DATE_PART('dow', start_time)
FROM (SELECT DISTINCT ts AS start_time FROM staging_events WHERE page = 'NextSong') plays
ORDER BY start_time;
