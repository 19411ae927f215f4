-- songplays: exactly one row per NextSong event. The song is found by title, artist name
-- and duration: title and name must be equal, and the song's duration within 1 second of
-- the played length. When several songs qualify, the closest duration wins (then the
-- smallest song_id), so a play is never counted twice. No match leaves song_id and
-- artist_id NULL.
INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
SELECT e.ts,
       CAST(e.user_id AS INTEGER),
       e.level,
       m.song_id,
       m.artist_id,
       e.session_id,
       e.location,
       e.user_agent
FROM staging_events e
LEFT JOIN (
    SELECT song, artist, length, song_id, artist_id
    FROM (
        SELECT p.song, p.artist, p.length, s.song_id, s.artist_id,
               ROW_NUMBER() OVER (
                   PARTITION BY p.song, p.artist, p.length
                   ORDER BY ABS(s.duration - p.length), s.song_id
               ) AS pick
        FROM (SELECT DISTINCT song, artist, length FROM staging_events WHERE page = 'NextSong') p
        JOIN staging_songs s
          ON s.title = p.song
         AND s.artist_name = p.artist
         AND ABS(s.duration - p.length) <= 1.0
    ) candidates
    WHERE pick = 1
) m
  ON m.song = e.song AND m.artist = e.artist AND m.length = e.length
WHERE e.page = 'NextSong';
