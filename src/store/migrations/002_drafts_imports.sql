-- Forms being typed, saved every few seconds so that a power cut loses at most that much
-- typing. One row per form open in the editor; removed when the form is saved or discarded.
CREATE TABLE drafts (
    slot             TEXT    PRIMARY KEY,   -- 'new:FORM_ID:N' or 'record:ID'
    form_id          TEXT    NOT NULL,
    template_version INTEGER NOT NULL,
    record_id        INTEGER,
    status           TEXT    NOT NULL,
    data             TEXT    NOT NULL,      -- the answers as typed (JSON)
    saved_at         TEXT    NOT NULL
) STRICT;

-- Every imported response row, by a hash of its content: importing the same file again
-- adds nothing.
CREATE TABLE imported_rows (
    hash        TEXT    PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES records (id),
    source      TEXT    NOT NULL,           -- the file's name
    imported_at TEXT    NOT NULL
) STRICT;

-- The audit log viewer filters by time.
CREATE INDEX audit_by_time ON audit (at);
