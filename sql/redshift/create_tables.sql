-- The Sparkify warehouse on Amazon Redshift. Column order of staging_events follows the
-- JSONPaths file (COPY maps paths to columns by position). Keys are informational on
-- Redshift (not enforced), so the transforms deduplicate themselves.
-- Distribution: songplays and time are distributed and sorted on start_time, the join
-- and range key of nearly every question; the small dimensions are copied to every node.

CREATE TABLE IF NOT EXISTS staging_events (
    artist          VARCHAR(512),
    auth            VARCHAR(32),
    first_name      VARCHAR(256),
    gender          VARCHAR(8),
    item_in_session INTEGER,
    last_name       VARCHAR(256),
    length          DOUBLE PRECISION,
    level           VARCHAR(16),
    location        VARCHAR(512),
    method          VARCHAR(16),
    page            VARCHAR(64),
    registration    DOUBLE PRECISION,
    session_id      INTEGER,
    song            VARCHAR(512),
    status          INTEGER,
    ts              TIMESTAMP NOT NULL,
    user_agent      VARCHAR(1024),
    user_id         VARCHAR(32)
)
DISTSTYLE EVEN;

CREATE TABLE IF NOT EXISTS staging_songs (
    num_songs        INTEGER,
    artist_id        VARCHAR(32) NOT NULL,
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR(512),
    artist_name      VARCHAR(512),
    song_id          VARCHAR(32) NOT NULL,
    title            VARCHAR(512),
    duration         DOUBLE PRECISION,
    year             INTEGER
)
DISTSTYLE EVEN;

CREATE TABLE IF NOT EXISTS users (
    user_id    INTEGER NOT NULL PRIMARY KEY,
    first_name VARCHAR(256),
    last_name  VARCHAR(256),
    gender     VARCHAR(8),
    level      VARCHAR(16) NOT NULL
)
DISTSTYLE ALL
SORTKEY (user_id);

CREATE TABLE IF NOT EXISTS artists (
    artist_id VARCHAR(32) NOT NULL PRIMARY KEY,
    name      VARCHAR(512) NOT NULL,
    location  VARCHAR(512),
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
)
DISTSTYLE ALL
SORTKEY (artist_id);

CREATE TABLE IF NOT EXISTS songs (
    song_id   VARCHAR(32) NOT NULL PRIMARY KEY,
    title     VARCHAR(512) NOT NULL,
    artist_id VARCHAR(32) NOT NULL REFERENCES artists (artist_id),
    year      INTEGER,
    duration  DOUBLE PRECISION NOT NULL
)
DISTSTYLE ALL
SORTKEY (song_id);

CREATE TABLE IF NOT EXISTS time (
    start_time TIMESTAMP NOT NULL PRIMARY KEY,
    hour       SMALLINT NOT NULL,
    day        SMALLINT NOT NULL,
    week       SMALLINT NOT NULL,
    month      SMALLINT NOT NULL,
    year       SMALLINT NOT NULL,
    weekday    SMALLINT NOT NULL
)
DISTSTYLE KEY
DISTKEY (start_time)
SORTKEY (start_time);

CREATE TABLE IF NOT EXISTS songplays (
    songplay_id BIGINT IDENTITY(0, 1) NOT NULL PRIMARY KEY,
    start_time  TIMESTAMP NOT NULL REFERENCES time (start_time),
    user_id     INTEGER REFERENCES users (user_id),
    level       VARCHAR(16),
    song_id     VARCHAR(32) REFERENCES songs (song_id),
    artist_id   VARCHAR(32) REFERENCES artists (artist_id),
    session_id  INTEGER NOT NULL,
    location    VARCHAR(512),
    user_agent  VARCHAR(1024)
)
DISTSTYLE KEY
DISTKEY (start_time)
SORTKEY (start_time);

-- One row per load: what it is loading and how far it got, written on a connection of its
-- own while the load's transaction is still open, so `sparkify-dwh watch` in another
-- terminal can draw the load's progress from the database itself.
CREATE TABLE IF NOT EXISTS load_runs (
    run_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR(16) NOT NULL,
    source      VARCHAR(1024),
    progress    VARCHAR(65535)
)
DISTSTYLE ALL;
