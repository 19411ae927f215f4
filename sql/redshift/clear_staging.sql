-- Redshift's TRUNCATE commits at once and cannot be rolled back: DELETE keeps an
-- interrupted load from destroying the previous one.
DELETE FROM staging_events;
DELETE FROM staging_songs;
