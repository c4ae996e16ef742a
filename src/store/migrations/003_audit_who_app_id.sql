-- Every audit entry names the operating-system account and the machine besides the officer,
-- so that an entry can be traced to a person (entries made before stay empty there).
ALTER TABLE audit ADD COLUMN os_user TEXT;
ALTER TABLE audit ADD COLUMN machine TEXT;

-- Marks the file as a dlict database ("DLCT"): another program's SQLite file is never taken
-- for ours and converted.
PRAGMA application_id = 1145848660;
