-- Quality checks, part 2: songplays joined to every dimension, in one pass over songplays.
-- songplays' foreign keys resolve, or are NULL where the rules allow it (no song
-- match, no user); neither target enforces them, so these checks are what guarantees them.
-- Rows as in 01_tables.sql. The joins are LEFT JOINs on the dimensions' keys: no songplay is
-- lost, so a broken row is always counted; only if a dimension's key were duplicated (which
-- 01_tables.sql reports) could a broken row be counted more than once.
WITH plays AS (
    SELECT COUNT(CASE WHEN p.song_id IS NOT NULL AND s.song_id IS NULL THEN 1 END) AS unknown_songs,
           COUNT(CASE WHEN p.artist_id IS NOT NULL AND a.artist_id IS NULL THEN 1 END) AS unknown_artists,
           COUNT(CASE WHEN p.user_id IS NOT NULL AND u.user_id IS NULL THEN 1 END) AS unknown_users,
           COUNT(CASE WHEN t.start_time IS NULL THEN 1 END) AS unknown_times,
           -- The artist of a matched songplay is that song's artist.
           COUNT(CASE WHEN p.artist_id <> s.artist_id THEN 1 END) AS other_artists
    FROM songplays p
    LEFT JOIN songs s ON s.song_id = p.song_id
    LEFT JOIN artists a ON a.artist_id = p.artist_id
    LEFT JOIN users u ON u.user_id = p.user_id
    LEFT JOIN time t ON t.start_time = p.start_time
), song_rows AS (
    SELECT COUNT(CASE WHEN a.artist_id IS NULL THEN 1 END) AS unknown_artists
    FROM songs s LEFT JOIN artists a ON a.artist_id = s.artist_id
)
SELECT CAST('songplays.song_id resolves to songs' AS VARCHAR(100)) AS check_name, unknown_songs AS failing,
       CAST(NULL AS VARCHAR(20)) AS table_name, CAST(NULL AS BIGINT) AS table_rows FROM plays
UNION ALL SELECT 'songplays.artist_id resolves to artists', unknown_artists, NULL, NULL FROM plays
UNION ALL SELECT 'songplays.user_id resolves to users', unknown_users, NULL, NULL FROM plays
UNION ALL SELECT 'songplays.start_time resolves to time', unknown_times, NULL, NULL FROM plays
UNION ALL SELECT 'songs.artist_id resolves to artists', unknown_artists, NULL, NULL FROM song_rows
UNION ALL SELECT 'songplays.artist_id is the artist of songplays.song_id', other_artists, NULL, NULL FROM plays;
