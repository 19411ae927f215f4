-- DELETE, not TRUNCATE: on Redshift TRUNCATE commits immediately, and the rebuild must be
-- all-or-nothing.
DELETE FROM songplays;
DELETE FROM users;
DELETE FROM songs;
DELETE FROM artists;
DELETE FROM time;
