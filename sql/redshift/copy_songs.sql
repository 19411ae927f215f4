-- Song files: one JSON object each, matched to columns by key name ('auto').
-- Placeholders are filled with validated, quoted literals (COPY takes no bind parameters).
COPY staging_songs
FROM :source
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
REGION :region
COMPUPDATE OFF
STATUPDATE OFF
MAXERROR :max_errors
TRUNCATECOLUMNS
EMPTYASNULL;
