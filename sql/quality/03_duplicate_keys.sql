-- Primary keys are unique. Redshift does not enforce keys, and its planner trusts them:
-- a duplicate key there can make even SELECT DISTINCT return duplicates.
SELECT 'songplays.songplay_id is unique' AS check_name,
       COUNT(*) - COUNT(DISTINCT songplay_id) AS failing FROM songplays
UNION ALL SELECT 'users.user_id is unique', COUNT(*) - COUNT(DISTINCT user_id) FROM users
UNION ALL SELECT 'songs.song_id is unique', COUNT(*) - COUNT(DISTINCT song_id) FROM songs
UNION ALL SELECT 'artists.artist_id is unique', COUNT(*) - COUNT(DISTINCT artist_id) FROM artists
UNION ALL SELECT 'time.start_time is unique', COUNT(*) - COUNT(DISTINCT start_time) FROM time;
