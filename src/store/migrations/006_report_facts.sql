-- What the reports read of each record (reports::facts): its ratings and choices as one
-- short line, and its open answers. Written with the record, in the same transaction; the
-- migration fills it for the records already there (a hook in store/reports.rs).
CREATE TABLE record_facts (
    id    INTEGER PRIMARY KEY REFERENCES records (id),
    facts TEXT NOT NULL,                  -- "field.item=5;field=choice;field=a|b"
    texts TEXT                            -- JSON {field: text, "field#choice": text} or NULL
) STRICT;

-- A report selects a form's counted records in a period by their date (the form's date
-- field, else the day the record was made).
CREATE INDEX records_counted_by_day
    ON records (form_id, coalesce(record_date, substr(created_at, 1, 10)))
    WHERE status = 'complete' AND cancelled_at IS NULL;

-- Office-entered results of KPIs that records cannot compute, per fiscal year.
CREATE TABLE kpi_entries (
    fiscal_year INTEGER NOT NULL,
    process_id  TEXT    NOT NULL,         -- "p01"
    result      TEXT    NOT NULL,         -- as the office states it
    percent     REAL,                     -- the figure, when there is one
    met         INTEGER NOT NULL CHECK (met IN (0, 1)),
    note        TEXT    NOT NULL DEFAULT '',
    evidence    TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (fiscal_year, process_id)
) STRICT;
