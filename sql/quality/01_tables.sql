-- Quality checks, part 1: every table read once. Each table's checks are counted together in
-- one pass over it (conditional aggregates: COUNT(CASE …), as Redshift has no FILTER), and
-- the passes' results are turned into one row per check below.
--
-- A check statement returns rows of (check_name, failing, table_name, table_rows): a check
-- passes when failing = 0. A row may also carry a table's row count (table_name and
-- table_rows), read on the same pass, which `check` reports; the other rows leave them NULL.
WITH plays AS (
    SELECT COUNT(*) AS row_count,
           COUNT(*) - COUNT(DISTINCT songplay_id) AS duplicate_keys,
           COUNT(CASE WHEN songplay_id IS NULL OR start_time IS NULL THEN 1 END) AS null_keys,
           -- A songplay has a song and its artist together or neither.
           COUNT(CASE WHEN (song_id IS NULL AND artist_id IS NOT NULL) OR (song_id IS NOT NULL AND artist_id IS NULL) THEN 1 END) AS half_matched
    FROM songplays
), user_rows AS (
    SELECT COUNT(*) AS row_count,
           COUNT(*) - COUNT(DISTINCT user_id) AS duplicate_keys,
           COUNT(CASE WHEN user_id IS NULL THEN 1 END) AS null_keys,
           COUNT(CASE WHEN level NOT IN ('free', 'paid') THEN 1 END) AS bad_levels
    FROM users
), song_rows AS (
    SELECT COUNT(*) AS row_count,
           COUNT(*) - COUNT(DISTINCT song_id) AS duplicate_keys,
           COUNT(CASE WHEN song_id IS NULL THEN 1 END) AS null_keys
    FROM songs
), artist_rows AS (
    SELECT COUNT(*) AS row_count,
           COUNT(*) - COUNT(DISTINCT artist_id) AS duplicate_keys,
           COUNT(CASE WHEN artist_id IS NULL THEN 1 END) AS null_keys
    FROM artists
), time_rows AS (
    SELECT COUNT(*) AS row_count,
           COUNT(*) - COUNT(DISTINCT start_time) AS duplicate_keys,
           COUNT(CASE WHEN start_time IS NULL THEN 1 END) AS null_keys,
           COUNT(CASE WHEN hour <> DATE_PART('hour', start_time) OR month <> DATE_PART('month', start_time) OR year <> DATE_PART('year', start_time) THEN 1 END) AS bad_parts
    FROM time
), staged_events AS (
    -- What the star schema must account for: the NextSong events, their users and times.
    SELECT COUNT(*) AS row_count,
           COUNT(CASE WHEN page = 'NextSong' THEN 1 END) AS plays,
           COUNT(DISTINCT CASE WHEN page = 'NextSong' THEN user_id END) AS play_users,
           COUNT(DISTINCT CASE WHEN page = 'NextSong' THEN ts END) AS play_times
    FROM staging_events
), staged_songs AS (
    SELECT COUNT(*) AS row_count,
           COUNT(DISTINCT song_id) AS song_ids,
           COUNT(DISTINCT artist_id) AS artist_ids
    FROM staging_songs
)
-- Every table of the star schema holds rows after a load.
SELECT CAST('songplays is not empty' AS VARCHAR(100)) AS check_name, CASE WHEN row_count = 0 THEN 1 ELSE 0 END AS failing,
       CAST('songplays' AS VARCHAR(20)) AS table_name, row_count AS table_rows FROM plays
UNION ALL SELECT 'users is not empty', CASE WHEN row_count = 0 THEN 1 ELSE 0 END, 'users', row_count FROM user_rows
UNION ALL SELECT 'songs is not empty', CASE WHEN row_count = 0 THEN 1 ELSE 0 END, 'songs', row_count FROM song_rows
UNION ALL SELECT 'artists is not empty', CASE WHEN row_count = 0 THEN 1 ELSE 0 END, 'artists', row_count FROM artist_rows
UNION ALL SELECT 'time is not empty', CASE WHEN row_count = 0 THEN 1 ELSE 0 END, 'time', row_count FROM time_rows
-- No key column is NULL (Redshift enforces NOT NULL, but a check costs nothing and also
-- covers a warehouse whose tables were made by hand).
UNION ALL SELECT 'songplays.songplay_id and start_time are never NULL', null_keys, NULL, NULL FROM plays
UNION ALL SELECT 'users.user_id is never NULL', null_keys, NULL, NULL FROM user_rows
UNION ALL SELECT 'songs.song_id is never NULL', null_keys, NULL, NULL FROM song_rows
UNION ALL SELECT 'artists.artist_id is never NULL', null_keys, NULL, NULL FROM artist_rows
UNION ALL SELECT 'time.start_time is never NULL', null_keys, NULL, NULL FROM time_rows
-- Primary keys are unique. Redshift does not enforce keys, and its planner trusts them:
-- a duplicate key there can make even SELECT DISTINCT return duplicates.
UNION ALL SELECT 'songplays.songplay_id is unique', duplicate_keys, NULL, NULL FROM plays
UNION ALL SELECT 'users.user_id is unique', duplicate_keys, NULL, NULL FROM user_rows
UNION ALL SELECT 'songs.song_id is unique', duplicate_keys, NULL, NULL FROM song_rows
UNION ALL SELECT 'artists.artist_id is unique', duplicate_keys, NULL, NULL FROM artist_rows
UNION ALL SELECT 'time.start_time is unique', duplicate_keys, NULL, NULL FROM time_rows
UNION ALL SELECT 'songplays have song_id and artist_id together or neither', half_matched, NULL, NULL FROM plays
-- The star schema accounts for its staging data: nothing lost, nothing counted twice.
UNION ALL SELECT 'songplays has one row per NextSong event', ABS(plays.row_count - staged_events.plays), 'staging_events', staged_events.row_count FROM plays, staged_events
UNION ALL SELECT 'users has every user with a songplay', ABS(user_rows.row_count - staged_events.play_users), NULL, NULL FROM user_rows, staged_events
UNION ALL SELECT 'time has every distinct songplay start_time', ABS(time_rows.row_count - staged_events.play_times), NULL, NULL FROM time_rows, staged_events
UNION ALL SELECT 'songs has every staged song_id', ABS(song_rows.row_count - staged_songs.song_ids), 'staging_songs', staged_songs.row_count FROM song_rows, staged_songs
UNION ALL SELECT 'artists has every staged artist_id', ABS(artist_rows.row_count - staged_songs.artist_ids), NULL, NULL FROM artist_rows, staged_songs
-- Values the questions depend on are from the expected sets.
UNION ALL SELECT 'users.level is free or paid', bad_levels, NULL, NULL FROM user_rows
UNION ALL SELECT 'time parts agree with start_time', bad_parts, NULL, NULL FROM time_rows;
