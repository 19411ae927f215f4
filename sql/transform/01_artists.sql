-- artists: one row per artist_id. An artist appears in every song file of theirs, and the
-- copies may disagree; keep the most informative one (a location, then coordinates), then
-- the name that sorts first, so the choice is the same on every run and on both targets.
INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, NULLIF(artist_location, ''), artist_latitude, artist_longitude
FROM (
    SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
           ROW_NUMBER() OVER (
               PARTITION BY artist_id
               ORDER BY CASE WHEN artist_location IS NULL OR artist_location = '' THEN 1 ELSE 0 END,
                        CASE WHEN artist_latitude IS NULL THEN 1 ELSE 0 END,
                        artist_name, song_id
           ) AS pick
    FROM staging_songs
    WHERE artist_name IS NOT NULL
) ranked
WHERE pick = 1;
