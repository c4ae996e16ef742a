//! Files written whole or not at all: written under a temporary name beside the target (same
//! disk, so the rename is atomic), synced, then moved into place. A full disk or a crash
//! part-way never leaves a half-written PDF, export or backup where the officer looks.
//!
//! Temporaries are owner-only, named `NAME.part-PID-N` (unique within and across processes),
//! and a killed writer's leftovers are removed by `remove_stale` on the next start. A target
//! is replaced only by `commit` (the officer chose it in a save dialog); `commit_new` never
//! overwrites anything, which is what copies the program names itself use.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

const PART: &str = ".part-";

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
        name.push(format!(
            "{PART}{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        AtomicFile {
            target: target.to_path_buf(),
            temp: target.with_file_name(name),
        }
    }

    /// Creates the temporary file, owner-only and new (an existing file of that name is never
    /// followed or reused). Refuses a target that exists and is not a regular file (a folder,
    /// a device such as /dev/null): nothing is created beside it or written over it.
    pub fn create_file(&self) -> std::io::Result<std::fs::File> {
        if let Ok(m) = std::fs::metadata(&self.target)
            && !m.is_file()
        {
            return Err(std::io::Error::from(if m.is_dir() {
                std::io::ErrorKind::IsADirectory
            } else {
                std::io::ErrorKind::InvalidInput
            }));
        }
        crate::private_fs::create_new(&self.temp)
    }

    /// A buffered writer on the temporary file.
    pub fn create(&self) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        self.create_file()
            .map(|f| std::io::BufWriter::with_capacity(1 << 20, f))
    }

    fn sync(&self) -> std::io::Result<()> {
        std::fs::File::open(&self.temp)?.sync_all()
    }

    /// Syncs the finished temporary file and moves it into place, replacing the target.
    pub fn commit(self) -> std::io::Result<PathBuf> {
        self.sync().inspect_err(|_| self.abandon())?;
        std::fs::rename(&self.temp, &self.target).inspect_err(|_| self.abandon())?;
        Ok(self.target)
    }

    /// Like `commit`, but fails with `AlreadyExists` instead of replacing a file that is
    /// already there (a hard link is created exclusively, then the temporary name removed).
    pub fn commit_new(self) -> std::io::Result<PathBuf> {
        self.sync().inspect_err(|_| self.abandon())?;
        match std::fs::hard_link(&self.temp, &self.target) {
            Ok(()) => {
                self.abandon();
                Ok(self.target)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                self.abandon();
                Err(e)
            }
            // A file system without hard links (FAT32 on a USB stick): check, then rename.
            Err(_) => {
                if self.target.exists() {
                    self.abandon();
                    return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
                }
                std::fs::rename(&self.temp, &self.target).inspect_err(|_| self.abandon())?;
                Ok(self.target)
            }
        }
    }

    /// Like `commit_new`, taking the first free name: the target, then `NAME-2.EXT`,
    /// `NAME-3.EXT` … (a second copy made in the same second gets its own name).
    pub fn commit_unique(self) -> std::io::Result<PathBuf> {
        self.sync().inspect_err(|_| self.abandon())?;
        let stem = self
            .target
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let ext = self
            .target
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        for n in 1..10_000 {
            let candidate = if n == 1 {
                self.target.clone()
            } else {
                self.target.with_file_name(format!("{stem}-{n}{ext}"))
            };
            match std::fs::hard_link(&self.temp, &candidate) {
                Ok(()) => {
                    self.abandon();
                    return Ok(candidate);
                }
                // No hard links on this file system: check, then rename.
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists && !candidate.exists() => {
                    std::fs::rename(&self.temp, &candidate).inspect_err(|_| self.abandon())?;
                    return Ok(candidate);
                }
                // Taken: try the next name.
                Err(_) => {}
            }
        }
        self.abandon();
        Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
    }

    /// Removes the temporary file after a failure.
    pub fn abandon(&self) {
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// What went wrong writing or reading `path`, in one Thai sentence (no raw English from the
/// system: "No space left on device (os error 28)" becomes "พื้นที่ดิสก์เต็ม …").
pub fn io_message(path: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let p = path.display();
    match e.kind() {
        K::StorageFull => {
            format!("พื้นที่ดิสก์เต็ม เขียนไฟล์ {p} ไม่ได้ กรุณาเพิ่มพื้นที่ว่างแล้วลองใหม่")
        }
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            format!("ไม่มีสิทธิ์เขียนไฟล์ {p} (โฟลเดอร์อ่านอย่างเดียว หรือไฟล์เปิดอยู่ในโปรแกรมอื่น) กรุณาเลือกที่อื่น")
        }
        K::NotFound => format!("ไม่พบไฟล์หรือโฟลเดอร์ {p}"),
        K::AlreadyExists => format!("มีไฟล์ {p} อยู่แล้ว โปรแกรมจะไม่เขียนทับ กรุณาระบุชื่อไฟล์ใหม่"),
        K::IsADirectory => format!("{p} เป็นโฟลเดอร์ กรุณาระบุชื่อไฟล์"),
        K::NotADirectory => format!("ส่วนหนึ่งของที่อยู่ {p} ไม่ใช่โฟลเดอร์"),
        K::InvalidFilename => format!("ชื่อไฟล์ {p} ใช้ไม่ได้ (ยาวเกินหรือมีอักขระต้องห้าม)"),
        K::InvalidData => format!("ไฟล์ {p} มีข้อมูลที่อ่านไม่ได้"),
        K::InvalidInput => format!("{p} ไม่ใช่ไฟล์ธรรมดา (เช่น เป็นอุปกรณ์) จึงเขียนลงไปไม่ได้"),
        _ => match e.raw_os_error() {
            Some(code) => format!("ใช้ไฟล์ {p} ไม่ได้ (รหัสข้อผิดพลาดของระบบ {code})"),
            None => format!("ใช้ไฟล์ {p} ไม่ได้"),
        },
    }
}

/// Writes `bytes` to `out` whole or not at all, replacing `out` if it exists.
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

/// The process id in a temporary's name (`NAME.part-PID-N`, with an SQLite `-journal`
/// suffix on a copy that was being written).
fn temp_owner(name: &str) -> Option<u32> {
    let (_, rest) = name.rsplit_once(PART)?;
    let mut parts = rest.split('-');
    let pid = parts.next()?.parse().ok()?;
    parts.next()?.parse::<u64>().ok()?;
    match parts.next() {
        None | Some("journal" | "wal" | "shm") => Some(pid),
        Some(_) => None,
    }
}

/// Whether process `pid` still runs: `Some` where the system tells (Linux), `None` elsewhere.
fn alive(pid: u32) -> Option<bool> {
    let proc_dir = Path::new("/proc");
    proc_dir
        .join("self")
        .exists()
        .then(|| proc_dir.join(pid.to_string()).exists())
}

/// Removes the temporaries in `dir` left by writers that were killed: those whose process is
/// gone, or (where that cannot be told) that are more than an hour old. Returns how many.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let mut removed = 0;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid == me || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let stale = match alive(pid) {
            Some(running) => !running,
            None => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_hours(1)),
        };
        if stale && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_are_recognised_by_their_name_only() {
        assert_eq!(temp_owner("a.pdf.part-123-4"), Some(123));
        assert_eq!(temp_owner("auto-1.sqlite3.part-99-0-journal"), Some(99));
        assert_eq!(temp_owner("report.part-two.pdf"), None);
        assert_eq!(temp_owner("x.part-12"), None);
        assert_eq!(temp_owner("x.part-12-3-extra"), None);
        assert_eq!(temp_owner("dlict.sqlite3"), None);
    }

    #[test]
    fn two_temporaries_for_one_target_never_share_a_name() {
        let t = Path::new("/x/y.pdf");
        assert_ne!(AtomicFile::new(t).temp, AtomicFile::new(t).temp);
    }
}
