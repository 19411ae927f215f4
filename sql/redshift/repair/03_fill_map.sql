-- The start of one multi-row INSERT: the tool appends "($1, $2), ($3, $4), …", one pair of
-- bound parameters per repair, so the whole mapping goes over in one statement (Redshift
-- caps a statement at 16 MB; the tool splits a larger mapping, which never happens in practice).
INSERT INTO name_repairs (raw, repaired) VALUES
