-- No key column is NULL (Redshift enforces NOT NULL, but a check costs nothing and also
-- covers a warehouse whose tables were made by hand).
SELECT 'songplays.songplay_id and start_time are never NULL' AS check_name,
       COUNT(*) AS failing FROM songplays WHERE songplay_id IS NULL OR start_time IS NULL
UNION ALL SELECT 'users.user_id is never NULL', COUNT(*) FROM users WHERE user_id IS NULL
UNION ALL SELECT 'songs.song_id is never NULL', COUNT(*) FROM songs WHERE song_id IS NULL
UNION ALL SELECT 'artists.artist_id is never NULL', COUNT(*) FROM artists WHERE artist_id IS NULL
UNION ALL SELECT 'time.start_time is never NULL', COUNT(*) FROM time WHERE start_time IS NULL;
