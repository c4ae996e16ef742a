-- Each form numbers its own records (the access request's ๑, ๒, … apart from the survey's),
-- and every record carries a version that each change raises, so that an edit made on an
-- older copy can be refused instead of overwriting someone else's change.
ALTER TABLE records ADD COLUMN number INTEGER;
ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Records already there are numbered per form in the order they were made.
UPDATE records SET number = x.n
    FROM (SELECT id, row_number() OVER (PARTITION BY form_id ORDER BY id) AS n FROM records) AS x
    WHERE x.id = records.id;
CREATE UNIQUE INDEX records_by_form_number ON records (form_id, number);

-- The last number given in each form: the database hands numbers out (a number once given
-- is never given again, even when its record is cancelled).
CREATE TABLE record_numbers (
    form_id TEXT PRIMARY KEY,
    last    INTEGER NOT NULL
) STRICT;
INSERT INTO record_numbers (form_id, last)
    SELECT form_id, max(number) FROM records GROUP BY form_id;

-- A draft of a record being edited remembers the version it started from, so that saving it
-- later (after a power cut, or when the server is back) is refused if someone saved since.
ALTER TABLE drafts ADD COLUMN base_version INTEGER;
