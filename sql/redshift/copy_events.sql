-- Log files: one JSON object per line, mapped to columns by position through the JSONPaths
-- file; ts is epoch milliseconds, loaded into a TIMESTAMP. EMPTYASNULL without BLANKSASNULL:
-- an empty string is NULL and text of spaces is kept, exactly as the local loader does.
-- :accept_invalid_chars is ACCEPTINVCHARS AS 'C' under --accept-invalid-chars C, else nothing.
COPY staging_events
FROM :source
IAM_ROLE :iam_role
FORMAT AS JSON :jsonpaths
TIMEFORMAT 'epochmillisecs'
REGION :region
COMPUPDATE OFF
STATUPDATE OFF
MAXERROR :max_errors
TRUNCATECOLUMNS
:accept_invalid_chars
EMPTYASNULL;
