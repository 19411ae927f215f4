-- The distinct values of the name fields that could be double-encoded. Only text with a
-- character outside ASCII can be, and such text has more bytes than characters; the tool
-- then decides which of these really are, by the rule of source/etl/mojibake.ts. Hundreds
-- of values, whatever the number of events. Runs on Redshift and PostgreSQL alike.
-- The byte length is part of each row because Redshift ignores trailing spaces when it
-- compares VARCHARs: without it, "Ã© " and "Ã©" would come back as one value.
SELECT artist AS value, OCTET_LENGTH(artist) AS bytes FROM staging_events WHERE OCTET_LENGTH(artist) > LENGTH(artist)
UNION
SELECT song, OCTET_LENGTH(song) FROM staging_events WHERE OCTET_LENGTH(song) > LENGTH(song)
UNION
SELECT first_name, OCTET_LENGTH(first_name) FROM staging_events WHERE OCTET_LENGTH(first_name) > LENGTH(first_name)
UNION
SELECT last_name, OCTET_LENGTH(last_name) FROM staging_events WHERE OCTET_LENGTH(last_name) > LENGTH(last_name)
UNION
SELECT location, OCTET_LENGTH(location) FROM staging_events WHERE OCTET_LENGTH(location) > LENGTH(location);
