-- time: one row per distinct songplay start_time, broken into its parts (UTC).
-- week is the ISO week number; weekday counts from 0 = Sunday.
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time,
       EXTRACT(HOUR FROM start_time),
       EXTRACT(DAY FROM start_time),
       EXTRACT(WEEK FROM start_time),
       EXTRACT(MONTH FROM start_time),
       EXTRACT(YEAR FROM start_time),
       EXTRACT(DOW FROM start_time)
FROM (SELECT DISTINCT ts AS start_time FROM staging_events WHERE page = 'NextSong') plays;
