-- Every version of every template a record was filled with, or the office made.
CREATE TABLE templates (
    form_id    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL,          -- the template as JSON
    origin     TEXT    NOT NULL,          -- builtin | adapted | imported
    created_at TEXT    NOT NULL,
    PRIMARY KEY (form_id, version)
) STRICT;

CREATE TABLE records (
    id               INTEGER PRIMARY KEY,
    form_id          TEXT    NOT NULL,
    template_version INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'complete')),
    cancelled_at     TEXT,
    cancel_reason    TEXT,
    record_date      TEXT,                -- ISO date of the template's record_date field
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    data             TEXT    NOT NULL,    -- answers, JSON object field id -> value
    summary          TEXT    NOT NULL,    -- JSON array of the list columns (ids masked)
    FOREIGN KEY (form_id, template_version) REFERENCES templates (form_id, version)
) STRICT;
CREATE INDEX records_by_form ON records (form_id, id);

-- The text the list's filter looks through, one narrow row per record: scanning it reads a
-- third of what scanning the records would.
CREATE TABLE record_search (
    id      INTEGER PRIMARY KEY REFERENCES records (id),
    form_id TEXT NOT NULL,
    search  TEXT NOT NULL                 -- lower-cased text of the answers (no citizen ids)
) STRICT;

-- Append-only: the app never updates or deletes a row here.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,                -- create | update | cancel | restore | template | settings
    entity    TEXT NOT NULL,                -- record | template | settings
    entity_id TEXT NOT NULL,
    record_id INTEGER,                      -- the record, for entity = 'record' (numeric index)
    before    TEXT,                         -- JSON
    after     TEXT                          -- JSON
) STRICT;
-- Record ids grow, so their index is appended to; other entities are few.
CREATE INDEX audit_by_record ON audit (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX audit_by_entity ON audit (entity, entity_id) WHERE record_id IS NULL;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                   -- JSON
) STRICT;
