-- Log files: one JSON object per line, mapped to columns by position through the JSONPaths
-- file; ts is epoch milliseconds, loaded into a TIMESTAMP.
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
BLANKSASNULL
EMPTYASNULL;
