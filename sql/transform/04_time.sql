-- time: one row per distinct songplay start_time, broken into its parts (UTC).
-- week is the ISO week number; weekday counts from 0 = Sunday. DATE_PART gives the same
-- whole numbers as EXTRACT, as a double, where PostgreSQL's EXTRACT computes a numeric (three
-- times slower here); each is cast to the column's SMALLINT here rather than by the INSERT, so
-- that the query's types are the table's and PostgreSQL's load can COPY its rows in frozen
-- (source/warehouse/copy-pipe.ts). In key order, the primary key is built by appending.
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time,
       CAST(DATE_PART('hour', start_time) AS SMALLINT),
       CAST(DATE_PART('day', start_time) AS SMALLINT),
       CAST(DATE_PART('week', start_time) AS SMALLINT),
       CAST(DATE_PART('month', start_time) AS SMALLINT),
       CAST(DATE_PART('year', start_time) AS SMALLINT),
       CAST(DATE_PART('dow', start_time) AS SMALLINT)
FROM (SELECT DISTINCT ts AS start_time FROM staging_events WHERE page = 'NextSong') plays
ORDER BY start_time;
