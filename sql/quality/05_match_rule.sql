-- A songplay has a song and its artist together or neither, and the artist is that song's.
SELECT 'songplays have song_id and artist_id together or neither' AS check_name, COUNT(*) AS failing
FROM songplays
WHERE (song_id IS NULL AND artist_id IS NOT NULL) OR (song_id IS NOT NULL AND artist_id IS NULL)
UNION ALL
SELECT 'songplays.artist_id is the artist of songplays.song_id', COUNT(*)
FROM songplays p JOIN songs s ON s.song_id = p.song_id
WHERE p.artist_id <> s.artist_id;
