-- songs: one row per song_id (a song file may be present twice). Year 0 in the source
-- means "unknown" and becomes NULL.
INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, NULLIF(year, 0), duration
FROM (
    SELECT song_id, title, artist_id, year, duration,
           ROW_NUMBER() OVER (PARTITION BY song_id ORDER BY artist_id, title, duration) AS pick
    FROM staging_songs
    WHERE title IS NOT NULL AND duration IS NOT NULL
) ranked
WHERE pick = 1;
