-- The star schema accounts for its staging data: nothing lost, nothing counted twice.
SELECT 'songplays has one row per NextSong event' AS check_name,
       ABS((SELECT COUNT(*) FROM songplays) - (SELECT COUNT(*) FROM staging_events WHERE page = 'NextSong')) AS failing
UNION ALL
SELECT 'users has every user with a songplay',
       ABS((SELECT COUNT(*) FROM users) - (SELECT COUNT(DISTINCT user_id) FROM staging_events WHERE page = 'NextSong'))
UNION ALL
SELECT 'time has every distinct songplay start_time',
       ABS((SELECT COUNT(*) FROM time) - (SELECT COUNT(DISTINCT ts) FROM staging_events WHERE page = 'NextSong'))
UNION ALL
SELECT 'songs has every staged song_id',
       ABS((SELECT COUNT(*) FROM songs) - (SELECT COUNT(DISTINCT song_id) FROM staging_songs))
UNION ALL
SELECT 'artists has every staged artist_id',
       ABS((SELECT COUNT(*) FROM artists) - (SELECT COUNT(DISTINCT artist_id) FROM staging_songs));
