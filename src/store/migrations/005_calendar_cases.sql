-- Days the office is closed besides weekends. Seeded from the table the program ships with
-- (assets/calendar/holidays.toml); the officer adds days and removes them. A removed day is
-- kept, marked, so that nothing is deleted and a later seed does not bring it back.
CREATE TABLE holidays (
    date    TEXT    PRIMARY KEY,          -- ISO date
    name    TEXT    NOT NULL,
    kind    TEXT    NOT NULL,             -- fixed | lunar | substitution | cabinet_extra | royal_ploughing | office
    source  TEXT    NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Cases (เรื่อง/งาน): a request or a project run through its process's flowchart.
CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    number      TEXT    NOT NULL UNIQUE,  -- as given: "12/2569" (shown with Thai digits)
    number_year INTEGER NOT NULL,         -- the year the number runs in (BE)
    number_seq  INTEGER NOT NULL,
    process_id  TEXT    NOT NULL,         -- "p16"
    flow        INTEGER NOT NULL,         -- which of the process's flows (0 for most)
    title       TEXT    NOT NULL,
    requester   TEXT    NOT NULL,         -- JSON {name, unit, contact}
    received_at TEXT    NOT NULL,         -- ISO date and time
    status      TEXT    NOT NULL CHECK (status IN ('open', 'paused', 'closed', 'cancelled')),
    reason      TEXT,                     -- why paused or cancelled
    changed_at  TEXT,                     -- when paused, closed or cancelled
    due_at      TEXT,                     -- the current step's due (lists sort and count by it)
    current     TEXT    NOT NULL DEFAULT '',  -- the current node's id
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (number_year, number_seq)
) STRICT;
CREATE INDEX cases_by_status_due ON cases (status, due_at);
CREATE INDEX cases_by_process ON cases (process_id, id);
CREATE INDEX cases_by_change ON cases (status, changed_at);

-- The last number given in each numbering year: a number once given is never given again.
CREATE TABLE case_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

-- Each pass of a case through a node of its flow (a loop makes a new pass).
CREATE TABLE case_steps (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    node        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('current', 'done')),
    started_at  TEXT    NOT NULL,
    finished_at TEXT,
    -- The due date and how it was reached, kept with the step so that it can be recomputed
    -- when the calendar changes without the catalog: the standards row ("๓"), the duration
    -- it counts ("๑ - ๕ วันทำการ"; a row's nodes share one count, and a row "รวมอยู่ใน…" uses
    -- the previous step's) and the moment counting started from.
    row_order   TEXT    NOT NULL DEFAULT '',
    due_rule    TEXT    NOT NULL DEFAULT '',
    due_base    TEXT,
    due_at      TEXT,
    due_note    TEXT    NOT NULL DEFAULT '',  -- why this step shares another's count (kept)
    due_why     TEXT    NOT NULL DEFAULT '',  -- the whole "why this date" text
    due_manual  INTEGER NOT NULL DEFAULT 0,   -- set by the officer: never recomputed
    paused_days INTEGER NOT NULL DEFAULT 0,   -- working days added while the case was paused
    result      TEXT,                         -- pass | fail, at a decision
    note        TEXT    NOT NULL DEFAULT '',
    actor       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX case_steps_by_case ON case_steps (case_id, id);
CREATE INDEX case_steps_current ON case_steps (case_id) WHERE status = 'current';

-- A case's own timeline, in words.
CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    text    TEXT    NOT NULL
) STRICT;
CREATE INDEX case_events_by_case ON case_events (case_id, id);

-- Records attached to a case, at the step they were filled or attached in.
CREATE TABLE case_records (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    record_id INTEGER NOT NULL REFERENCES records (id),
    step_id   INTEGER REFERENCES case_steps (id),
    PRIMARY KEY (case_id, record_id)
) STRICT;
CREATE INDEX case_records_by_record ON case_records (record_id);
