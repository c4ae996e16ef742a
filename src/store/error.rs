//! Why the store could not do something, in words an officer understands.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum StoreError {
    /// The file exists but is not an SQLite database.
    NotADatabase(PathBuf),
    /// The file or its folder cannot be written.
    ReadOnly(PathBuf),
    /// Another program holds a lock on the file longer than the busy timeout.
    Locked(PathBuf),
    /// The database was written by a newer dlict.
    TooNew(PathBuf),
    /// The file fails SQLite's checks.
    Damaged(PathBuf, String),
    /// The disk is full.
    DiskFull(PathBuf),
    NotFound(String),
    Invalid(String),
    Io(PathBuf, String),
    Sql(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotADatabase(p) => write!(
                f,
                "ไฟล์ {} ไม่ใช่ฐานข้อมูลของโปรแกรม (ไม่ใช่ไฟล์ SQLite) โปรแกรมไม่ได้แก้ไขไฟล์นี้ กรุณาเลือกไฟล์ฐานข้อมูลที่ถูกต้อง",
                p.display()
            ),
            StoreError::ReadOnly(p) => write!(
                f,
                "บันทึกลงฐานข้อมูล {} ไม่ได้ เพราะไฟล์หรือโฟลเดอร์เป็นแบบอ่านอย่างเดียว กรุณาตรวจสอบสิทธิ์ของไฟล์ ข้อมูลที่กรอกยังอยู่บนหน้าจอ",
                p.display()
            ),
            StoreError::Locked(p) => write!(
                f,
                "ฐานข้อมูล {} ถูกโปรแกรมอื่นใช้งานอยู่ (ล็อกไว้) กรุณาปิดโปรแกรมนั้นแล้วลองใหม่ ข้อมูลที่กรอกยังอยู่บนหน้าจอ",
                p.display()
            ),
            StoreError::TooNew(p) => write!(
                f,
                "ฐานข้อมูล {} สร้างด้วยโปรแกรมรุ่นใหม่กว่านี้ กรุณาปรับปรุงโปรแกรมก่อนเปิดไฟล์นี้",
                p.display()
            ),
            StoreError::Damaged(p, why) => write!(
                f,
                "ฐานข้อมูล {} เสียหาย ({why}) โปรแกรมไม่ได้แก้ไขไฟล์นี้",
                p.display()
            ),
            StoreError::DiskFull(p) => write!(
                f,
                "พื้นที่ดิสก์เต็ม บันทึกลง {} ไม่ได้ กรุณาเพิ่มพื้นที่ว่างแล้วบันทึกอีกครั้ง ข้อมูลที่กรอกยังอยู่บนหน้าจอ",
                p.display()
            ),
            StoreError::NotFound(what) => write!(f, "ไม่พบ{what}"),
            StoreError::Invalid(why) => write!(f, "{why}"),
            StoreError::Io(p, why) => write!(f, "ใช้ไฟล์ {} ไม่ได้: {why}", p.display()),
            StoreError::Sql(why) => write!(f, "ฐานข้อมูลขัดข้อง: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// Maps an SQLite error on the database at `path` to what it means for the officer.
    pub fn from_sqlite(path: &std::path::Path, e: &rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(err, msg) = e {
            let p = path.to_path_buf();
            return match err.code {
                C::NotADatabase => StoreError::NotADatabase(p),
                C::ReadOnly | C::CannotOpen if is_read_only(path) => StoreError::ReadOnly(p),
                C::ReadOnly => StoreError::ReadOnly(p),
                C::DatabaseBusy | C::DatabaseLocked => StoreError::Locked(p),
                C::DiskFull => StoreError::DiskFull(p),
                C::DatabaseCorrupt => {
                    StoreError::Damaged(p, msg.clone().unwrap_or_else(|| "corrupt".into()))
                }
                _ => StoreError::Sql(e.to_string()),
            };
        }
        StoreError::Sql(e.to_string())
    }
}

fn is_read_only(path: &std::path::Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false)
}
