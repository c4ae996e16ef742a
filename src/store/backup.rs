//! Copies of the database: a consistent copy made while the app runs (SQLite's online backup,
//! never a file copy), the automatic daily copies and their rotation, checking a copy before
//! it is trusted, and restoring one without ever leaving a half-restored or overwritten file.

use super::{Store, StoreError};
use crate::atomic_file::AtomicFile;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many automatic copies are kept, set in ตั้งค่าสำนักงาน.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupPolicy {
    /// Make a copy when the app starts, once a day.
    pub automatic: bool,
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy {
            automatic: true,
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

impl BackupPolicy {
    pub const KEY: &'static str = "backup";
}

/// What a database file holds, read before it is restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbSummary {
    pub path: PathBuf,
    pub schema_version: usize,
    pub bytes: u64,
    /// Records per form id (cancelled ones included), by form id.
    pub records: Vec<(String, usize)>,
    pub audit_entries: usize,
    /// Time of the newest audit entry: the last change made in that database.
    pub last_change: Option<String>,
}

impl DbSummary {
    pub fn total_records(&self) -> usize {
        self.records.iter().map(|(_, n)| n).sum()
    }
}

/// One file in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub taken: NaiveDateTime,
    /// Made by the daily rotation (the others: before a restore, or by hand).
    pub automatic: bool,
}

const AUTO_PREFIX: &str = "auto-";
const BEFORE_RESTORE_PREFIX: &str = "before-restore-";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// The folder next to the database where copies are kept.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

fn io_err(p: &Path, e: std::io::Error) -> StoreError {
    super::io_error(p, &e)
}

/// How a finished copy is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Replace a file the officer chose in a save dialog (the dialog asked first).
    Replace,
    /// Never overwrite: refuse when the name is taken.
    New,
    /// A copy the program names itself: the first free name (`-2`, `-3` … before `.sqlite3`).
    Unique,
}

/// Copies the database open on `src` into a new file at `out`: written beside it under a
/// temporary owner-only name, synced to disk, then put in place as `publish` says. A failure
/// leaves no file. Returns where the copy went and its size.
fn copy_database(
    src: &Connection,
    out: &Path,
    publish: Publish,
) -> Result<(PathBuf, u64), StoreError> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private_fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    }
    let file = AtomicFile::new(out);
    let tmp = &file.temp;
    let result = (|| {
        let sql = |e: rusqlite::Error| StoreError::from_sqlite(out, &e);
        // Created owner-only before SQLite opens it; SQLite's journal beside it takes the
        // same permissions.
        drop(file.create_file().map_err(|e| io_err(out, e))?);
        let mut dst = Connection::open(tmp).map_err(sql)?;
        {
            let backup = Backup::new(src, &mut dst).map_err(sql)?;
            // All pages in one step: one read transaction on the source, so the copy is one
            // consistent moment even while another connection writes.
            copy_all(&backup).map_err(sql)?;
        }
        // A copy is one self-contained file (no -wal beside it).
        dst.pragma_update(None, "journal_mode", "DELETE")
            .map_err(sql)?;
        dst.close().map_err(|(_, e)| sql(e))?;
        Ok(std::fs::metadata(tmp).map(|m| m.len()).unwrap_or(0))
    })();
    let bytes = result.inspect_err(|_| abandon(&file))?;
    Ok((place(file, out, publish)?, bytes))
}

/// Removes a copy that failed, and SQLite's journal beside it.
pub(crate) fn abandon(file: &AtomicFile) {
    file.abandon();
    let mut journal = file.temp.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(PathBuf::from(journal));
}

/// Puts a finished copy in place as `publish` says; returns where it went.
pub(crate) fn place(file: AtomicFile, out: &Path, publish: Publish) -> Result<PathBuf, StoreError> {
    let placed = match publish {
        Publish::Replace => file.commit(),
        Publish::New => file.commit_new(),
        Publish::Unique => file.commit_unique(),
    };
    match placed {
        Ok(p) => Ok(p),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::AlreadyExists(out.to_path_buf()))
        }
        Err(e) => Err(io_err(out, e)),
    }
}

/// Runs a backup to the end, all remaining pages per step; waits and retries while another
/// connection holds a lock (up to the busy timeout).
fn copy_all(b: &Backup<'_, '_>) -> rusqlite::Result<()> {
    use rusqlite::backup::StepResult;
    let started = std::time::Instant::now();
    loop {
        match b.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked => {
                if started.elapsed() > std::time::Duration::from_millis(super::BUSY_TIMEOUT_MS) {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    ));
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => {}
        }
    }
}

/// Opens a database file only to read it (checking a backup, a damaged file, `dlict check`).
fn open_for_reading(path: &Path) -> Result<Connection, StoreError> {
    if path.is_dir() {
        return Err(StoreError::IsFolder(path.to_path_buf()));
    }
    if !path.is_file() {
        return Err(StoreError::NotFound(format!("ไฟล์ {}", path.display())));
    }
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::from_sqlite(path, &e))
}

/// Runs `PRAGMA integrity_check` (or the faster quick_check) and names what it found.
fn check_pragma(conn: &Connection, path: &Path, quick: bool) -> Result<(), StoreError> {
    let pragma = if quick {
        "PRAGMA quick_check"
    } else {
        "PRAGMA integrity_check"
    };
    let sql = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
    let mut stmt = conn.prepare(pragma).map_err(sql)?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(sql)?
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        let mut shown: Vec<String> = rows.into_iter().take(5).collect();
        if shown.is_empty() {
            shown.push("ไม่มีผลการตรวจ".into());
        }
        Err(StoreError::Damaged(path.to_path_buf(), shown.join("; ")))
    }
}

/// Reads what a database holds, after a full integrity check, without writing to it.
/// Refuses a file that is damaged, not a dlict database, or from a newer dlict.
pub fn inspect(path: &Path) -> Result<DbSummary, StoreError> {
    let conn = open_for_reading(path)?;
    check_pragma(&conn, path, false)?;
    summarize(&conn, path)
}

/// Like `inspect` with SQLite's quicker check (used on start, on every launch).
pub fn quick_inspect(path: &Path) -> Result<(), StoreError> {
    let conn = open_for_reading(path)?;
    check_pragma(&conn, path, true)
}

fn summarize(conn: &Connection, path: &Path) -> Result<DbSummary, StoreError> {
    let sql = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if version as usize > super::schema_version() {
        return Err(StoreError::TooNew(path.to_path_buf()));
    }
    if super::kind_of(conn).map_err(sql)? != super::Kind::Dlict {
        return Err(StoreError::Invalid(format!(
            "ไฟล์ {} เป็นฐานข้อมูล SQLite แต่ไม่ใช่ฐานข้อมูลของโปรแกรมนี้",
            path.display()
        )));
    }
    let mut stmt = conn
        .prepare("SELECT form_id, COUNT(*) FROM records GROUP BY form_id ORDER BY form_id")
        .map_err(sql)?;
    let records = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
        .map_err(sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql)?;
    let (audit_entries, last_change): (i64, Option<String>) = conn
        .query_row("SELECT COUNT(*), MAX(at) FROM audit", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(sql)?;
    Ok(DbSummary {
        path: path.to_path_buf(),
        schema_version: version as usize,
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        records,
        audit_entries: audit_entries as usize,
        last_change,
    })
}

/// A copy's time from its name: `20261201-101500`, or `20261201-101500-2` for a second copy
/// made in the same second.
fn parse_stamp(stamp: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .or_else(|| {
            let (time, n) = stamp.rsplit_once('-')?;
            n.parse::<u32>().ok()?;
            NaiveDateTime::parse_from_str(time, STAMP).ok()
        })
}

/// The copies in a backups folder, newest first. Files that are not ours are left out.
pub fn list_backups(dir: &Path) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<BackupFile> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let name = path.file_name()?.to_str()?.to_owned();
            let stem = name.strip_suffix(".sqlite3")?;
            let (automatic, stamp) = if let Some(s) = stem.strip_prefix(AUTO_PREFIX) {
                (true, s)
            } else if let Some(s) = stem.strip_prefix(BEFORE_RESTORE_PREFIX) {
                (false, s)
            } else {
                return None;
            };
            let taken = parse_stamp(stamp)?;
            Some(BackupFile {
                path,
                taken,
                automatic,
            })
        })
        .collect();
    out.sort_by(|a, b| b.taken.cmp(&a.taken).then(b.path.cmp(&a.path)));
    out
}

/// Which automatic copies the rotation keeps: the newest of each of the last `daily` days,
/// `weekly` ISO weeks and `monthly` months that have a copy. Returns the ones to delete.
pub fn to_rotate_out(backups: &[BackupFile], policy: &BackupPolicy) -> Vec<PathBuf> {
    let auto: Vec<&BackupFile> = backups.iter().filter(|b| b.automatic).collect();
    let mut keep = std::collections::HashSet::new();
    let mut pick = |limit: u32, key: &dyn Fn(&NaiveDate) -> (i32, u32)| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        // `auto` is newest first, so the first copy of a period is its newest.
        for b in &auto {
            let k = key(&b.taken.date());
            if seen.contains(&k) {
                continue;
            }
            if seen.len() as u32 >= limit {
                break;
            }
            seen.push(k);
            keep.insert(b.path.clone());
        }
    };
    pick(policy.daily, &|d| (d.year(), d.ordinal()));
    pick(policy.weekly, &|d| {
        (d.iso_week().year(), d.iso_week().week())
    });
    pick(policy.monthly, &|d| (d.year(), d.month()));
    auto.iter()
        .filter(|b| !keep.contains(&b.path))
        .map(|b| b.path.clone())
        .collect()
}

/// The newest copy in the folder that passes the integrity check, with what it holds.
pub fn newest_good_backup(dir: &Path) -> Option<DbSummary> {
    list_backups(dir)
        .into_iter()
        .find_map(|b| inspect(&b.path).ok())
}

/// Whether a database can be restored into at `db`: a path with no file yet, an empty file, or
/// an SQLite file that is ours (healthy or damaged). A folder, a device, a file that is not
/// SQLite at all (a picture given by mistake) or another program's database is refused, and
/// nothing is created beside it. Reads the file's first bytes directly: call it before any
/// SQLite connection to `db` is open in this process (closing a descriptor would drop
/// SQLite's locks).
pub fn restorable_target(db: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    if !super::check_regular(db)? {
        return Ok(());
    }
    let mut head = [0u8; 16];
    let n = std::fs::File::open(db)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io_err(db, e))?;
    if n == 0 {
        return Ok(());
    }
    if &head[..n] != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase(db.to_path_buf()));
    }
    match open_for_reading(db)
        .and_then(|c| super::kind_of(&c).map_err(|e| StoreError::from_sqlite(db, &e)))
    {
        Ok(super::Kind::Foreign) => Err(StoreError::Foreign(db.to_path_buf())),
        // Ours, empty, or too damaged to tell: a restore is what it needs.
        _ => Ok(()),
    }
}

/// Moves a damaged database (and its -wal/-shm) aside under a new name, never overwriting
/// it, and returns where it went.
pub fn set_aside_damaged(db: &Path) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Local::now().format(STAMP).to_string();
    // The first name that no file has: never overwrite anything.
    let aside = (1..1000)
        .map(|n| {
            let mut name = db.as_os_str().to_owned();
            name.push(format!(".damaged-{stamp}"));
            if n > 1 {
                name.push(format!("-{n}"));
            }
            PathBuf::from(name)
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .ok_or_else(|| StoreError::AlreadyExists(db.to_path_buf()))?;
    std::fs::rename(db, &aside).map_err(|e| io_err(db, e))?;
    for ext in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(ext);
        let side = PathBuf::from(side);
        if side.exists() {
            let mut to = aside.as_os_str().to_owned();
            to.push(ext);
            let _ = std::fs::rename(&side, PathBuf::from(to));
        }
    }
    Ok(aside)
}

/// Replaces a database that cannot be opened (damaged) with a checked copy: the damaged
/// file is moved aside, the copy is written beside the database and renamed into place,
/// then opened (and migrated if older).
pub fn restore_over_damaged(db: &Path, from: &Path) -> Result<(Store, PathBuf), StoreError> {
    inspect(from)?;
    let src = open_for_reading(from)?;
    // The copy is made complete beside the database before the damaged file is touched.
    let tmp = AtomicFile::new(db).temp;
    copy_database(&src, &tmp, Publish::New)?;
    let aside = if db.exists() {
        match set_aside_damaged(db) {
            Ok(p) => p,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
    } else {
        PathBuf::new()
    };
    if let Err(e) = std::fs::rename(&tmp, db) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(db, e));
    }
    let store = Store::open(db)?;
    store.audit_database_event(
        "restore-db",
        serde_json::json!({"from": absolute(from), "damaged_file_kept_as": absolute(&aside)}),
    )?;
    Ok((store, aside))
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub restored: DbSummary,
    /// The database as it was before, kept as a backup.
    pub previous_kept_as: PathBuf,
}

impl Store {
    /// A consistent copy of the database at `out` while it is in use (replacing a file of
    /// that name: `out` was chosen in a save dialog), written to the log when this store can
    /// write. Returns its size.
    pub fn backup_to(&self, out: &Path) -> Result<u64, StoreError> {
        self.backup_as(out, Publish::Replace)
            .map(|(_, bytes)| bytes)
    }

    /// A consistent copy put in place as `publish` says; returns where it went and its size.
    pub fn backup_as(&self, out: &Path, publish: Publish) -> Result<(PathBuf, u64), StoreError> {
        let (path, bytes) = copy_database(self.conn(), out, publish)?;
        if !self.is_read_only() {
            self.audit_database_event(
                "backup",
                serde_json::json!({"file": absolute(&path), "bytes": bytes}),
            )?;
        }
        Ok((path, bytes))
    }

    /// SQLite's full integrity check of this database.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        check_pragma(self.conn(), self.path(), false)
    }

    /// What this database holds (counts, last change).
    pub fn summary(&self) -> Result<DbSummary, StoreError> {
        summarize(self.conn(), self.path())
    }

    /// Makes today's automatic copy unless one exists, then rotates the old ones out.
    /// Returns the new copy, if one was made.
    pub fn auto_backup(&self, now: NaiveDateTime) -> Result<Option<PathBuf>, StoreError> {
        let policy: BackupPolicy = self.setting(BackupPolicy::KEY)?;
        if !policy.automatic || self.path() == Path::new(":memory:") {
            return Ok(None);
        }
        let dir = backups_dir(self.path());
        let existing = list_backups(&dir);
        let made = if existing
            .iter()
            .any(|b| b.automatic && b.taken.date() == now.date())
        {
            None
        } else {
            let out = dir.join(format!("{AUTO_PREFIX}{}.sqlite3", now.format(STAMP)));
            Some(self.backup_as(&out, Publish::Unique)?.0)
        };
        for old in to_rotate_out(&list_backups(&dir), &policy) {
            let _ = std::fs::remove_file(old);
        }
        Ok(made)
    }

    pub fn backup_policy(&self) -> Result<BackupPolicy, StoreError> {
        self.setting(BackupPolicy::KEY)
    }

    pub fn save_backup_policy(&mut self, p: &BackupPolicy) -> Result<(), StoreError> {
        let actor = self.actor().to_owned();
        self.save_setting(BackupPolicy::KEY, p, &actor)
    }

    /// Replaces this database's content with a checked copy. Every other connection is held
    /// out from before the current content is kept until the copy is in (SQLite's exclusive
    /// locking mode), so no save can fall between the two; while another program has the
    /// database open the restore is refused (`StoreError::InUse`) and nothing changes. The
    /// current content is kept under a name no other copy has; the copy goes in as one
    /// SQLite transaction (a failure rolls back to the current content); an older copy is
    /// migrated; the restore is written to the log.
    pub fn restore_from(&mut self, from: &Path) -> Result<RestoreReport, StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(self.path().to_path_buf()));
        }
        let summary = inspect(from)?;
        self.hold_exclusive()?;
        let result = self.restore_held(from, summary);
        self.release_exclusive();
        result
    }

    /// Takes the database for this connection alone: no other connection can read or write
    /// until `release_exclusive`. Another connection holds it between two of its saves only
    /// briefly, so this tries every few milliseconds (SQLite's own busy wait backs off to
    /// 100 ms and would keep missing the gaps between other programs' saves) for up to
    /// `EXCLUSIVE_WAIT`, then gives up with `InUse`.
    fn hold_exclusive(&self) -> Result<(), StoreError> {
        const EXCLUSIVE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
        let started = std::time::Instant::now();
        let conn = self.conn();
        let attempt = || {
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
                .and_then(|()| conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;"))
        };
        let _ = conn.busy_timeout(std::time::Duration::ZERO);
        let held = loop {
            match attempt() {
                Ok(()) => break Ok(()),
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        )
                    ) && started.elapsed() < EXCLUSIVE_WAIT =>
                {
                    let _ = conn.execute_batch("ROLLBACK;");
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Err(e) => break Err(e),
            }
        };
        let _ = conn.busy_timeout(std::time::Duration::from_millis(super::BUSY_TIMEOUT_MS));
        match held {
            Ok(()) => Ok(()),
            Err(e) => {
                let e = self.err(e);
                self.release_exclusive();
                Err(match e {
                    StoreError::Locked(p) => StoreError::InUse(p),
                    other => other,
                })
            }
        }
    }

    fn release_exclusive(&self) {
        let _ = self.conn().execute_batch("ROLLBACK;");
        let _ = self.conn().pragma_update(None, "locking_mode", "NORMAL");
        // The locks go with the next access in normal mode.
        let _ = self
            .conn()
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            });
    }

    fn restore_held(
        &mut self,
        from: &Path,
        summary: DbSummary,
    ) -> Result<RestoreReport, StoreError> {
        let stamp = chrono::Local::now().format(STAMP).to_string();
        let wanted =
            backups_dir(self.path()).join(format!("{BEFORE_RESTORE_PREFIX}{stamp}.sqlite3"));
        let (kept, _) = copy_database(self.conn(), &wanted, Publish::Unique)?;
        let src = open_for_reading(from)?;
        let path = self.path().to_path_buf();
        let sql = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let copied = Backup::new(&src, self.conn_mut())
            .and_then(|b| copy_all(&b))
            .map_err(sql);
        drop(src);
        copied?;
        if let Err(e) = self.after_content_replaced() {
            // Put the previous content back rather than leave a half-migrated database.
            if let Ok(prev) = open_for_reading(&kept) {
                let _ = Backup::new(&prev, self.conn_mut()).and_then(|b| copy_all(&b));
            }
            return Err(e);
        }
        self.audit_database_event(
            "restore-db",
            serde_json::json!({
                "from": absolute(from),
                "records": summary.total_records(),
                "previous_kept_as": absolute(&kept),
            }),
        )?;
        Ok(RestoreReport {
            restored: summary,
            previous_kept_as: kept,
        })
    }

    /// Journal mode and migrations again after the whole content was replaced.
    fn after_content_replaced(&mut self) -> Result<(), StoreError> {
        self.configure(super::BUSY_TIMEOUT_MS)?;
        self.quick_check()
    }

    /// A log entry about the database as a whole (backup, restore, export, import, print).
    pub fn audit_database_event(
        &self,
        action: &str,
        after: serde_json::Value,
    ) -> Result<(), StoreError> {
        self.audit_insert(action, "database", "", None, None, Some(&after.to_string()))
    }
}

/// A path as the log keeps it: absolute, so the entry names one file wherever it is read.
pub fn absolute(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}
