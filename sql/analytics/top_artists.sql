-- title: Top 10 artists by plays
-- chart: artist,plays
-- The most played artists, over the plays matched to a song of the catalogue.
-- songs = how many of the artist's songs were played at least once.
SELECT a.name AS artist,
       COUNT(*) AS plays,
       COUNT(DISTINCT p.song_id) AS songs,
       COUNT(DISTINCT p.user_id) AS listeners
FROM songplays p
JOIN artists a ON a.artist_id = p.artist_id
GROUP BY a.artist_id, a.name
ORDER BY plays DESC, a.name, a.artist_id
LIMIT 10;
