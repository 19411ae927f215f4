-- The star schema's primary keys, built after its rows (see clear_star.sql). Each build sorts
-- its table's keys once, and fails on a duplicate as an insert would have: the load then rolls
-- back whole.
ALTER TABLE songplays ADD CONSTRAINT songplays_pkey PRIMARY KEY (songplay_id);
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (user_id);
ALTER TABLE songs ADD CONSTRAINT songs_pkey PRIMARY KEY (song_id);
ALTER TABLE artists ADD CONSTRAINT artists_pkey PRIMARY KEY (artist_id);
ALTER TABLE time ADD CONSTRAINT time_pkey PRIMARY KEY (start_time);
