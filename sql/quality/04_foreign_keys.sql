-- songplays' foreign keys resolve, or are NULL where the rules allow it (no song match,
-- no user). Neither target enforces these, so this check is what guarantees them.
SELECT 'songplays.song_id resolves to songs' AS check_name, COUNT(*) AS failing
FROM songplays p LEFT JOIN songs s ON s.song_id = p.song_id
WHERE p.song_id IS NOT NULL AND s.song_id IS NULL
UNION ALL
SELECT 'songplays.artist_id resolves to artists', COUNT(*)
FROM songplays p LEFT JOIN artists a ON a.artist_id = p.artist_id
WHERE p.artist_id IS NOT NULL AND a.artist_id IS NULL
UNION ALL
SELECT 'songplays.user_id resolves to users', COUNT(*)
FROM songplays p LEFT JOIN users u ON u.user_id = p.user_id
WHERE p.user_id IS NOT NULL AND u.user_id IS NULL
UNION ALL
SELECT 'songplays.start_time resolves to time', COUNT(*)
FROM songplays p LEFT JOIN time t ON t.start_time = p.start_time
WHERE t.start_time IS NULL
UNION ALL
SELECT 'songs.artist_id resolves to artists', COUNT(*)
FROM songs s LEFT JOIN artists a ON a.artist_id = s.artist_id
WHERE a.artist_id IS NULL;
