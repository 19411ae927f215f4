-- title: Top 10 songs by plays
-- chart: title,plays
-- The most played songs, counting only plays that were matched to a song of the catalogue
-- (by title, artist and duration). listeners = distinct users who played the song.
SELECT s.title,
       a.name AS artist,
       COUNT(*) AS plays,
       COUNT(DISTINCT p.user_id) AS listeners
FROM songplays p
JOIN songs s ON s.song_id = p.song_id
JOIN artists a ON a.artist_id = s.artist_id
GROUP BY s.song_id, s.title, a.name
ORDER BY plays DESC, s.title, a.name, s.song_id
LIMIT 10;
