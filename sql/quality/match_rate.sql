-- How many songplays found their song (reported with every load, not a pass/fail check).
SELECT COUNT(*) AS plays, COUNT(song_id) AS matched FROM songplays;
