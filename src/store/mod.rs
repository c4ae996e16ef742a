//! The local store: one SQLite file (WAL, foreign keys, busy timeout, versioned migrations) that
//! keeps every record, every template version it was filled with, the office profile and an
//! append-only audit log. Records are never deleted, only cancelled with a reason.

pub mod audit;
pub mod backup;
pub mod calendar;
pub mod cases;
pub mod drafts;
pub mod dump;
pub mod error;
pub mod location;
pub mod lock;
pub mod office_store;
pub(crate) mod query;
pub mod records;
pub mod reports;
pub mod server;
pub mod settings;
pub mod templates;

pub use audit::{AuditEntry, Who};
pub use cases::{CaseCounts, CaseFilter, CaseSort, CaseStatusFilter, NewCase, StepDone};
pub use dump::{AuditQuery, RecordFilter, StatusFilter, StoredTemplate};
pub use error::StoreError;
pub use lock::InstanceLock;
pub use records::{NewRecord, Record, RecordQuery, RecordRow, SortKey, Status};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_drafts_imports.sql"),
    include_str!("migrations/003_audit_who_app_id.sql"),
    include_str!("migrations/004_import_batches.sql"),
    include_str!("migrations/005_calendar_cases.sql"),
    include_str!("migrations/006_report_facts.sql"),
    include_str!("migrations/007_record_numbers_versions.sql"),
    include_str!("migrations/008_record_keys.sql"),
];

/// The schema of a PostgreSQL database (the shared office store), by the version it brings a
/// database to: it starts at 7, the SQLite chain's state at the time (there were no PostgreSQL
/// databases before). A migration added later comes as a pair, one file in each list above and
/// here, under the same number; `tests/postgres_store.rs` checks that both schemas have the same
/// tables and columns.
pub(crate) const SERVER_MIGRATIONS: &[(usize, &str)] = &[
    (7, include_str!("migrations/postgres/007_schema.sql")),
    (8, include_str!("migrations/postgres/008_record_keys.sql")),
];

/// `PRAGMA application_id` of a dlict database ("DLCT"), set by migration 3.
pub const APPLICATION_ID: i64 = 0x444C_4354;

/// How long a write waits for another connection's lock before telling the officer.
const BUSY_TIMEOUT_MS: u64 = 5000;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who the audit log names for changes made through this store.
    who: Who,
    read_only: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

/// Where the database lives unless `--db` says otherwise: the per-user data folder
/// (on Windows `%APPDATA%\DLICT\dlict\data\dlict.sqlite3`).
pub fn default_path() -> PathBuf {
    directories::ProjectDirs::from("th", "DLICT", "dlict")
        .map(|d| d.data_dir().join("dlict.sqlite3"))
        .unwrap_or_else(|| PathBuf::from("dlict.sqlite3"))
}

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .enumerate()
            .map(|(i, sql)| match i {
                // 006 fills the report facts of the records already there.
                5 => M::up_with_hook(sql, reports::backfill_facts),
                _ => M::up(sql),
            })
            .collect(),
    )
}

/// The schema version this build writes.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

// The database file is never opened outside SQLite (not even to peek at its header): on
// POSIX, closing any descriptor of a file drops every lock this process holds on it, which
// would let another program delete the WAL the window is still writing to. A file that is
// not a database is recognised by SQLite's first read instead (SQLITE_NOTADB), before
// anything is written.

/// Refuses a database path on a network share, and a path that exists but is not a regular
/// file (a folder, a device such as /dev/full): nothing is ever created beside it. Every way
/// of opening a database, and restore, comes through here first.
pub(crate) fn check_regular(path: &Path) -> Result<bool, StoreError> {
    refuse_network(path)?;
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) if m.is_dir() => Err(StoreError::IsFolder(path.to_path_buf())),
        Ok(_) => Err(StoreError::NotAFile(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error(path, &e)),
    }
}

/// Refuses a database path on a network share (a UNC path, a mapped network drive, an NFS
/// or SMB mount): SQLite corrupts a database shared that way.
pub(crate) fn refuse_network(path: &Path) -> Result<(), StoreError> {
    match location::network_share(path) {
        Some(share) => Err(StoreError::NetworkPath(path.to_path_buf(), share.thai())),
        None => Ok(()),
    }
}

/// What a database file is, read before anything is written to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No tables yet: a new file.
    Empty,
    /// Ours (by application id, or a dlict database made before the id was set).
    Dlict,
    /// Another program's SQLite database.
    Foreign,
}

pub(crate) fn kind_of(conn: &Connection) -> rusqlite::Result<Kind> {
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app == APPLICATION_ID {
        return Ok(Kind::Dlict);
    }
    if app != 0 {
        return Ok(Kind::Foreign);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if tables.is_empty() && version == 0 {
        return Ok(Kind::Empty);
    }
    let ours = ["templates", "records", "audit", "settings"]
        .iter()
        .all(|t| tables.iter().any(|n| n == t));
    Ok(if version > 0 && ours {
        Kind::Dlict
    } else {
        Kind::Foreign
    })
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating it (and its folder,
    /// owner-only) when it does not exist yet, and brings its schema up to date. Refuses,
    /// without touching it, a file that is not SQLite, another program's SQLite database, a
    /// folder or a device.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, BUSY_TIMEOUT_MS, false)
    }

    /// Opens a database that must exist already ("ไม่พบฐานข้อมูล …" otherwise): what the
    /// commands that only read use, so that a mistyped path creates nothing.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !check_regular(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Store::open(path)
    }

    /// Opens an existing database for a command that reads: for writing when it can (so the
    /// command can be logged), read-only when the file or its folder cannot be written.
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        match Store::open_existing(path) {
            Err(StoreError::ReadOnly(_)) => Store::open_read_only(path),
            other => other,
        }
    }

    /// Opens the database for the window: an existing file is first checked read-only
    /// (SQLite's quick check); a damaged one is refused (`StoreError::Damaged`) without ever
    /// being opened for writing, so nothing can make it worse.
    pub fn open_checked(path: &Path) -> Result<Store, StoreError> {
        if check_regular(path)? && std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            backup::quick_inspect(path)?;
        }
        Store::open(path)
    }

    /// Opens an existing database for reading only (a second window, a damaged or read-only
    /// file).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !check_regular(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Store::open_with(path, BUSY_TIMEOUT_MS, true)
    }

    pub fn open_with(path: &Path, busy_ms: u64, read_only: bool) -> Result<Store, StoreError> {
        let sql_err = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
        let exists = check_regular(path)?;
        let conn = if read_only {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql_err)?
        } else {
            if exists
                && std::fs::metadata(path)
                    .map(|m| m.permissions().readonly())
                    .unwrap_or(false)
            {
                return Err(StoreError::ReadOnly(path.to_path_buf()));
            }
            if !exists {
                create_file(path)?;
            }
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql_err)?
        };
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            who: Who::of_this_process(),
            read_only,
        };
        store.configure(busy_ms)?;
        if !read_only {
            store.tidy_files();
        }
        Ok(store)
    }

    /// A throw-away database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Sql(e.to_string()))?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            who: Who::of_this_process(),
            read_only: false,
        };
        store.configure(BUSY_TIMEOUT_MS)?;
        Ok(store)
    }

    fn configure(&mut self, busy_ms: u64) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql_err = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        self.conn
            .busy_timeout(std::time::Duration::from_millis(busy_ms))
            .map_err(sql_err)?;
        // The first read tells whether the file is a database at all, and whose.
        match kind_of(&self.conn).map_err(sql_err)? {
            Kind::Foreign => return Err(StoreError::Foreign(self.path.clone())),
            Kind::Empty if self.read_only => {
                return Err(StoreError::Missing(self.path.clone()));
            }
            Kind::Empty | Kind::Dlict => {}
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql_err)?;
        if version as usize > schema_version() {
            return Err(StoreError::TooNew(self.path.clone()));
        }
        // synchronous = FULL: a save that returned survives a power cut, not only a crash.
        self.conn
            .execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA mmap_size = 268435456; PRAGMA cache_size = -32768;",
            )
            .map_err(sql_err)?;
        register_functions(&self.conn).map_err(sql_err)?;
        if !self.read_only {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(sql_err)?;
            migrations()
                .to_latest(&mut self.conn)
                .map_err(|e| match e {
                    rusqlite_migration::Error::RusqliteError { err, .. } => {
                        StoreError::from_sqlite(&self.path, &err)
                    }
                    rusqlite_migration::Error::MigrationDefinition(
                        rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
                    ) => StoreError::TooNew(self.path.clone()),
                    other => StoreError::Sql(other.to_string()),
                })?;
        }
        if !self.read_only {
            self.merge_holiday_seed()?;
        }
        // The audit log names the officer from the office profile, whoever opens the store.
        if let Ok(p) = self.profile()
            && !p.officer.name.is_empty()
        {
            self.who.officer = p.officer.name;
        }
        Ok(())
    }

    /// Owner-only permissions on the database and its side files, and no temporaries left by
    /// a writer that was killed (a backup, an export) beside it or among the backups.
    fn tidy_files(&self) {
        if self.path == Path::new(":memory:") {
            return;
        }
        for ext in ["", "-wal", "-shm"] {
            let mut p = self.path.as_os_str().to_owned();
            p.push(ext);
            let _ = crate::private_fs::restrict(Path::new(&p));
        }
        let backups = backup::backups_dir(&self.path);
        let _ = crate::private_fs::restrict(&backups);
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::atomic_file::remove_stale(dir);
        }
        crate::atomic_file::remove_stale(&backups);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The officer the audit log names for changes made through this store.
    pub fn set_actor(&mut self, actor: &str) {
        self.who.officer = actor.to_owned();
    }

    pub fn actor(&self) -> &str {
        self.who.officer()
    }

    /// Who the audit log names: the officer, the operating-system account and the machine.
    pub fn who(&self) -> &Who {
        &self.who
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, &e)
    }

    /// SQLite's quick check: "ok" or the problems it found.
    pub fn quick_check(&self) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA quick_check")
            .map_err(|e| self.err(e))?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged(self.path.clone(), rows.join("; ")))
        }
    }
}

/// Creates a new, empty database file owner-only (and its folders), so that SQLite's own
/// -wal and -shm files, which copy its permissions, are owner-only too.
fn create_file(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private_fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    }
    match crate::private_fs::create_new(path) {
        Ok(_) => Ok(()),
        // Another process created it a moment ago: open that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_error(path, &e)),
    }
}

/// An I/O failure on `path` in the officer's words.
pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => StoreError::DiskFull(path.to_path_buf()),
        K::PermissionDenied | K::ReadOnlyFilesystem => StoreError::ReadOnly(path.to_path_buf()),
        K::NotFound => StoreError::Missing(path.to_path_buf()),
        K::AlreadyExists => StoreError::AlreadyExists(path.to_path_buf()),
        _ => StoreError::Io(path.to_path_buf(), crate::atomic_file::io_message(path, e)),
    }
}

/// `dlict_has(text, word)`: whether `word` occurs in `text`, comparing bytes. SQLite's own
/// `instr` and `LIKE` walk Thai text character by character and are several times slower.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "dlict_has",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let hay = ctx.get_raw(0).as_bytes().unwrap_or_default();
            let needle = ctx.get_raw(1).as_bytes().unwrap_or_default();
            Ok(memchr::memmem::find(hay, needle).is_some())
        },
    )
}

impl Store {
    /// A number that changes whenever another connection (another window, a command, another
    /// program) commits a change to the database; this connection's own commits leave it.
    /// Cheap enough to ask every frame.
    /// How many rows this connection has changed since it opened (no I/O: a counter).
    pub fn changes_made(&self) -> u64 {
        self.conn().total_changes()
    }

    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// Current local time as stored: ISO 8601 with seconds.
pub(crate) fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}
