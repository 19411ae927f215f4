-- Song files: one JSON object each, matched to columns by key name ('auto').
-- Placeholders are filled with validated, quoted literals (COPY takes no bind parameters);
-- :accept_invalid_chars is ACCEPTINVCHARS AS 'C' under --accept-invalid-chars C, else nothing.
COPY staging_songs
FROM :source
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
REGION :region
COMPUPDATE OFF
STATUPDATE OFF
MAXERROR :max_errors
TRUNCATECOLUMNS
:accept_invalid_chars
EMPTYASNULL;
