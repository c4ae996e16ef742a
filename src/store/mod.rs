//! The local store: one SQLite file (WAL, foreign keys, busy timeout, versioned migrations) that
//! keeps every record, every template version it was filled with, the office profile and an
//! append-only audit log. Records are never deleted, only cancelled with a reason.

pub mod audit;
pub mod backup;
pub mod drafts;
pub mod dump;
pub mod error;
pub mod lock;
pub mod records;
pub mod settings;
pub mod templates;

pub use audit::AuditEntry;
pub use dump::{AuditQuery, RecordFilter, StatusFilter, StoredRecord, StoredTemplate};
pub use error::StoreError;
pub use lock::InstanceLock;
pub use records::{ImportedRow, Record, RecordQuery, RecordRow, SortKey, Status};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_drafts_imports.sql"),
];

/// How long a write waits for another connection's lock before telling the officer.
const BUSY_TIMEOUT_MS: u64 = 5000;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Name written in the audit log as "who".
    actor: String,
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
/// (on Windows `%APPDATA%\dlict\data\dlict.sqlite3`).
pub fn default_path() -> PathBuf {
    directories::ProjectDirs::from("th", "DLICT", "dlict")
        .map(|d| d.data_dir().join("dlict.sqlite3"))
        .unwrap_or_else(|| PathBuf::from("dlict.sqlite3"))
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
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

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing, and brings
    /// its schema up to date. Refuses, without touching the file, one that is not SQLite.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, BUSY_TIMEOUT_MS, false)
    }

    /// Opens the database for the window: an existing file is first checked read-only
    /// (SQLite's quick check); a damaged one is refused (`StoreError::Damaged`) without ever
    /// being opened for writing, so nothing can make it worse.
    pub fn open_checked(path: &Path) -> Result<Store, StoreError> {
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0) {
            backup::quick_inspect(path)?;
        }
        Store::open(path)
    }

    /// Opens an existing database for reading only (a second window, a damaged or read-only
    /// file).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, BUSY_TIMEOUT_MS, true)
    }

    pub fn open_with(path: &Path, busy_ms: u64, read_only: bool) -> Result<Store, StoreError> {
        let sql_err = |e: rusqlite::Error| StoreError::from_sqlite(path, &e);
        let conn = if read_only {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql_err)?
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Io(dir.to_path_buf(), e.to_string()))?;
            }
            if path.exists()
                && std::fs::metadata(path)
                    .map(|m| m.permissions().readonly())
                    .unwrap_or(false)
            {
                return Err(StoreError::ReadOnly(path.to_path_buf()));
            }
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql_err)?
        };
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor: String::new(),
            read_only,
        };
        store.configure(busy_ms)?;
        Ok(store)
    }

    /// A throw-away database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Sql(e.to_string()))?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            actor: String::new(),
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
        // The first read tells whether the file is a database at all.
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
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA mmap_size = 268435456;",
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
        // The audit log names the officer from the office profile, whoever opens the store.
        if let Ok(p) = self.profile()
            && !p.officer.name.is_empty()
        {
            self.actor = p.officer.name;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Who the audit log names for changes made through this store.
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }

    pub fn actor(&self) -> &str {
        if self.actor.is_empty() {
            "เจ้าหน้าที่"
        } else {
            &self.actor
        }
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

/// Current local time as stored: ISO 8601 with seconds.
pub(crate) fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}
