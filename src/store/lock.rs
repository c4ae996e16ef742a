//! One window per database: a lock file beside the database, held by the running app (an OS
//! lock, released by the OS if the app crashes). A second window opens the same file read-only
//! and says so; the CLI does not take the lock, as SQLite's own locking keeps it safe.

use std::fs::{File, OpenOptions};

use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    pub path: PathBuf,
}

impl InstanceLock {
    /// `Ok(Some)` when this process now owns the database, `Ok(None)` when another window does.
    /// Nothing is created beside a folder or a device given as the database.
    pub fn acquire(db: &Path) -> std::io::Result<Option<InstanceLock>> {
        if std::fs::metadata(db).is_ok_and(|m| !m.is_file()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        let mut name = db.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(InstanceLock { _file: file, path })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// Gives the lock up and removes its file: for a database the window refused (another
    /// program's file, not a database), so that nothing of ours is left beside it.
    pub fn release_unused(self) {
        let path = self.path.clone();
        drop(self);
        let _ = std::fs::remove_file(path);
    }
}
