//! Files written whole or not at all: written under a temporary name beside the target (same
//! disk, so the rename is atomic), synced, then renamed into place. A full disk or a crash
//! part-way never leaves a half-written PDF, export or backup where the officer looks.

use std::io::Write;
use std::path::{Path, PathBuf};

pub struct AtomicFile {
    pub target: PathBuf,
    /// Where the content is written until `commit`.
    pub temp: PathBuf,
}

impl AtomicFile {
    pub fn new(target: &Path) -> AtomicFile {
        let mut name = target
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(format!(".part-{}", std::process::id()));
        AtomicFile {
            target: target.to_path_buf(),
            temp: target.with_file_name(name),
        }
    }

    /// A buffered writer on the temporary file.
    pub fn create(&self) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        std::fs::File::create(&self.temp).map(|f| std::io::BufWriter::with_capacity(1 << 20, f))
    }

    /// Syncs the finished temporary file and moves it into place.
    pub fn commit(self) -> std::io::Result<PathBuf> {
        if let Ok(f) = std::fs::File::open(&self.temp) {
            f.sync_all()?;
        }
        std::fs::rename(&self.temp, &self.target).inspect_err(|_| self.abandon())?;
        Ok(self.target)
    }

    /// Removes the temporary file after a failure.
    pub fn abandon(&self) {
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// Writes `bytes` to `out` whole or not at all.
pub fn write(out: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let file = AtomicFile::new(out);
    let written = file
        .create()
        .and_then(|mut w| w.write_all(bytes).and_then(|()| w.flush()));
    match written {
        Ok(()) => file.commit().map(|_| ()),
        Err(e) => {
            file.abandon();
            Err(e)
        }
    }
}
