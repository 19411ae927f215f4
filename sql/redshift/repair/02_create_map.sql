-- The repairs found, as a session's temporary table: one row per double-encoded value.
-- A repaired value never has more bytes than the one it replaces, so 512 (the widest name
-- column on Redshift, in bytes) holds both. Dropped first in case an earlier load on this
-- connection stopped half-way.
DROP TABLE IF EXISTS name_repairs;
CREATE TEMP TABLE name_repairs (
    raw      VARCHAR(512) NOT NULL,
    repaired VARCHAR(512) NOT NULL
);
