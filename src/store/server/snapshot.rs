//! One consistent moment of the server's data in a temporary file of this PC, for the work
//! that reads everything at once (reports, exports): taken in one repeatable-read
//! transaction (`migrate::server_to_file`), kept in an owner-only folder of its own under the
//! user's cache folder (not the shared temporary folder: it holds citizen ids), removed when
//! dropped; a copy a killed program left is swept at the next start. What such work writes to
//! its log is written to the server's log afterwards (`relog`): the copy is thrown away.

use super::Server;
use super::migrate;
use crate::store::backup::Publish;
use crate::store::office_store::OfficeStore;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// Copies of this process not removed yet (being taken, or in use).
static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Waits, at most `limit`, until every copy this process made is removed (one being taken on
/// a thread when its window closed is removed by that thread when done). True when none is
/// left.
pub fn settle(limit: std::time::Duration) -> bool {
    let started = std::time::Instant::now();
    while LIVE.load(std::sync::atomic::Ordering::SeqCst) > 0 {
        if started.elapsed() >= limit {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

pub struct Snapshot {
    dir: PathBuf,
    path: PathBuf,
    /// The copy's last log entry when it was taken (work done on it logs after this).
    last_audit: i64,
}

impl Snapshot {
    /// Copies the server's data as it is now into a new temporary file.
    pub fn take(server: &Server) -> Result<Snapshot, StoreError> {
        let mut snapshot = Snapshot::new_folder()?;
        let (path, _) = migrate::server_to_file(server, &snapshot.path, Publish::New)?;
        snapshot.last_audit = Store::open(&path)?.last_audit_id()?;
        snapshot.path = path;
        Ok(snapshot)
    }

    /// A working copy of a backup file, brought up to this program's schema (a copy made by
    /// an older version is migrated here; the file itself is never written).
    pub fn of_backup(from: &Path) -> Result<Snapshot, StoreError> {
        let mut snapshot = Snapshot::new_folder()?;
        let (path, _) = Store::open_read_only(from)?.backup_as(&snapshot.path, Publish::New)?;
        snapshot.last_audit = Store::open(&path)?.last_audit_id()?;
        snapshot.path = path;
        Ok(snapshot)
    }

    /// A new owner-only folder for one copy, removed with the `Snapshot`.
    fn new_folder() -> Result<Snapshot, StoreError> {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = folder().join(format!("{}-{n}", std::process::id()));
        crate::private_fs::create_dir_all(&dir).map_err(|e| {
            StoreError::Io(
                dir.clone(),
                format!("สร้างโฟลเดอร์ชั่วคราวสำหรับสำเนาข้อมูลไม่ได้ ({e})"),
            )
        })?;
        // From here the folder is removed whatever happens (`Drop`).
        LIVE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Snapshot {
            path: dir.join("ฐานข้อมูลกลาง.sqlite3"),
            dir,
            last_audit: 0,
        })
    }

    /// The copy's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes to `server`'s log what was logged on the copy since it was taken (an export,
    /// a printed report), naming this PC's officer and machine. Returns how many entries.
    pub fn relog(&self, server: &mut dyn OfficeStore) -> Result<usize, StoreError> {
        let entries = Store::open(&self.path)?.audit_after(self.last_audit)?;
        for (action, after) in &entries {
            server.log_event(action, after.clone())?;
        }
        Ok(entries.len())
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        LIVE.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Where copies are kept: a per-user folder (owner-only).
pub fn folder() -> PathBuf {
    directories::ProjectDirs::from("th", "DLICT", "dlict")
        .map(|d| d.cache_dir().join("copies"))
        .unwrap_or_else(|| std::env::temp_dir().join("dlict-copies"))
}

/// Removes copies older than `min_age` (a program killed while it held one left it).
pub fn sweep(min_age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(folder()) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let old = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= min_age);
        if old {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A folder's time is set through a handle on it, which Unix gives.
    #[cfg(unix)]
    #[test]
    fn a_copy_a_killed_program_left_is_swept_and_a_fresh_one_kept() {
        crate::private_fs::create_dir_all(&folder()).expect("folder");
        let old = folder().join(format!("{}-sweep-old", std::process::id()));
        let fresh = folder().join(format!("{}-sweep-fresh", std::process::id()));
        for d in [&old, &fresh] {
            std::fs::create_dir_all(d).expect("dir");
            std::fs::write(d.join("ฐานข้อมูลกลาง.sqlite3"), b"copy").expect("file");
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_hours(2);
        std::fs::File::open(&old)
            .and_then(|f| f.set_modified(two_hours_ago))
            .expect("age the folder");
        sweep(std::time::Duration::from_hours(1));
        assert!(!old.exists(), "the old copy stays");
        assert!(fresh.exists(), "a copy in use was removed");
        let _ = std::fs::remove_dir_all(&fresh);
    }
}
