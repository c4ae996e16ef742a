//! One consistent moment of the server's data in a temporary file of this PC, for the work
//! that reads everything at once (reports, exports): taken in one repeatable-read
//! transaction (`migrate::server_to_file`), kept in an owner-only folder of its own, removed
//! when dropped. What such work writes to its log is written to the server's log afterwards
//! (`relog`): the copy itself is thrown away.

use super::Server;
use super::migrate;
use crate::store::backup::Publish;
use crate::store::office_store::OfficeStore;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

pub struct Snapshot {
    dir: PathBuf,
    path: PathBuf,
    /// The copy's last log entry when it was taken (work done on it logs after this).
    last_audit: i64,
}

impl Snapshot {
    /// Copies the server's data as it is now into a new temporary file.
    pub fn take(server: &Server) -> Result<Snapshot, StoreError> {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("dlict-snapshot-{}-{n}", std::process::id()));
        crate::private_fs::create_dir_all(&dir).map_err(|e| {
            StoreError::Io(
                dir.clone(),
                format!("สร้างโฟลเดอร์ชั่วคราวสำหรับสำเนาข้อมูลไม่ได้ ({e})"),
            )
        })?;
        // From here the folder is removed whatever happens (`Drop`).
        let mut snapshot = Snapshot {
            path: dir.join("ฐานข้อมูลกลาง.sqlite3"),
            dir,
            last_audit: 0,
        };
        let (path, _) = migrate::server_to_file(server, &snapshot.path, Publish::New)?;
        snapshot.last_audit = Store::open(&path)?.last_audit_id()?;
        snapshot.path = path;
        Ok(snapshot)
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
    }
}
