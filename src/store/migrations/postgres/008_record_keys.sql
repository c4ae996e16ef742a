-- A save sent again because its answer never came (the network dropped after the server
-- committed it) finds the record it made, rather than making a second one: the window sends
-- each new record with a key of its own (this machine and the editor's draft slot).
CREATE TABLE record_keys (
    key       TEXT   PRIMARY KEY,
    record_id BIGINT NOT NULL REFERENCES records (id)
);
