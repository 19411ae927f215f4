-- The Sparkify warehouse on PostgreSQL: two staging tables that keep every source field,
-- a fact table and four dimensions. Safe to run again: every table is created only if missing.
-- Primary keys are enforced here; foreign keys are left to the quality checks, as on
-- Redshift (where no key is enforced), so that both targets accept and report the same data.

CREATE TABLE IF NOT EXISTS staging_events (
    artist          TEXT,
    auth            TEXT,
    first_name      TEXT,
    gender          TEXT,
    item_in_session INTEGER,
    last_name       TEXT,
    length          DOUBLE PRECISION,
    level           TEXT,
    location        TEXT,
    method          TEXT,
    page            TEXT,
    registration    DOUBLE PRECISION,
    session_id      INTEGER,
    song            TEXT,
    status          INTEGER,
    ts              TIMESTAMP NOT NULL,
    user_agent      TEXT,
    user_id         TEXT
);

CREATE TABLE IF NOT EXISTS staging_songs (
    num_songs        INTEGER,
    artist_id        TEXT NOT NULL,
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  TEXT,
    artist_name      TEXT,
    song_id          TEXT NOT NULL,
    title            TEXT,
    duration         DOUBLE PRECISION,
    year             INTEGER
);

CREATE TABLE IF NOT EXISTS users (
    user_id    INTEGER PRIMARY KEY,
    first_name TEXT,
    last_name  TEXT,
    gender     TEXT,
    level      TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS artists (
    artist_id TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    location  TEXT,
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);

CREATE TABLE IF NOT EXISTS songs (
    song_id   TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    artist_id TEXT NOT NULL,
    year      INTEGER,
    duration  DOUBLE PRECISION NOT NULL
);

CREATE TABLE IF NOT EXISTS time (
    start_time TIMESTAMP PRIMARY KEY,
    hour       SMALLINT NOT NULL,
    day        SMALLINT NOT NULL,
    week       SMALLINT NOT NULL,
    month      SMALLINT NOT NULL,
    year       SMALLINT NOT NULL,
    weekday    SMALLINT NOT NULL
);

CREATE TABLE IF NOT EXISTS songplays (
    songplay_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    start_time  TIMESTAMP NOT NULL,
    user_id     INTEGER,
    level       TEXT,
    song_id     TEXT,
    artist_id   TEXT,
    session_id  INTEGER NOT NULL,
    location    TEXT,
    user_agent  TEXT
);

-- One row per load: what it is loading and how far it got, written on a connection of its
-- own while the load's transaction is still open, so `sparkify-dwh watch` in another
-- terminal can draw the load's progress from the database itself.
CREATE TABLE IF NOT EXISTS load_runs (
    run_id      TEXT PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      TEXT NOT NULL,
    source      TEXT,
    progress    TEXT
);
