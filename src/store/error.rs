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
    /// The database file does not exist (a reading command never creates one).
    Missing(PathBuf),
    /// The path is a folder.
    IsFolder(PathBuf),
    /// The path is a device or another special file.
    NotAFile(PathBuf),
    /// An SQLite database of another program.
    Foreign(PathBuf),
    /// Another program has the database open (a restore needs it alone).
    InUse(PathBuf),
    /// The file is on a network share, where SQLite corrupts a database (the share's kind).
    NetworkPath(PathBuf, String),
    /// A file of that name is already there and is never overwritten.
    AlreadyExists(PathBuf),
    NotFound(String),
    /// Someone saved the record after the copy being edited was read: nothing was written.
    Conflict {
        /// The officer (and machine) of the latest change.
        by: String,
        /// When, as stored (ISO 8601).
        at: String,
        /// The record's version now.
        version: i64,
    },
    Invalid(String),
    Io(PathBuf, String),
    Sql(String),
    /// The PostgreSQL server refused or could not be reached (the whole sentence, in Thai).
    Server(String),
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
            StoreError::Missing(p) => write!(
                f,
                "ไม่พบฐานข้อมูล {} กรุณาตรวจสอบที่อยู่ไฟล์ (คำสั่งที่อ่านข้อมูลจะไม่สร้างฐานข้อมูลใหม่)",
                p.display()
            ),
            StoreError::IsFolder(p) => write!(
                f,
                "{} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ฐานข้อมูล กรุณาระบุไฟล์ เช่น {}",
                p.display(),
                p.join("dlict.sqlite3").display()
            ),
            StoreError::NotAFile(p) => write!(
                f,
                "{} ไม่ใช่ไฟล์ธรรมดา (เช่น เป็นอุปกรณ์) จึงใช้เป็นฐานข้อมูลไม่ได้ โปรแกรมไม่ได้สร้างหรือแก้ไขไฟล์ใดข้าง ๆ",
                p.display()
            ),
            StoreError::Foreign(p) => write!(
                f,
                "ไฟล์ {} เป็นฐานข้อมูล SQLite ของโปรแกรมอื่น ไม่ใช่ฐานข้อมูลของโปรแกรมนี้ โปรแกรมไม่ได้แก้ไขไฟล์นี้ กรุณาเลือกไฟล์ฐานข้อมูลของ dlict",
                p.display()
            ),
            StoreError::InUse(p) => write!(
                f,
                "ฐานข้อมูล {} ยังเปิดอยู่ในโปรแกรมอื่น (หน้าต่าง dlict อีกหน้าต่าง คำสั่ง dlict ที่กำลังทำงาน หรือโปรแกรมเปิดฐานข้อมูล เช่น DB Browser for SQLite) กรุณาปิดโปรแกรมเหล่านั้นแล้วลองใหม่ ฐานข้อมูลยังเป็นแบบเดิม",
                p.display()
            ),
            StoreError::NetworkPath(p, share) => write!(
                f,
                "ไม่เปิดฐานข้อมูล {} เพราะอยู่บน{share}: ฐานข้อมูล SQLite ที่เปิดผ่านเครือข่ายจะเสียหายได้ (การล็อกไฟล์ของ SQLite ใช้ข้ามเครือข่ายไม่ได้) กรุณาเก็บฐานข้อมูลไว้ในเครื่องนี้ เช่น โฟลเดอร์ข้อมูลของโปรแกรม หากเป็นไฟล์เดิม ให้ปิดโปรแกรมทุกเครื่องแล้วคัดลอกไฟล์นี้ (และไฟล์ที่ชื่อขึ้นต้นเหมือนกันข้าง ๆ ถ้ามี) มาไว้ในเครื่องก่อนเปิด สำนักงานที่ต้องการให้หลายเครื่องใช้ข้อมูลร่วมกันให้ใช้ฐานข้อมูลกลาง (PostgreSQL) บนเครื่องแม่ข่าย: ดูที่ ตั้งค่าสำนักงาน › ฐานข้อมูลกลาง",
                p.display()
            ),
            StoreError::AlreadyExists(p) => write!(
                f,
                "มีไฟล์ {} อยู่แล้ว โปรแกรมจะไม่เขียนทับ กรุณาระบุชื่อไฟล์ใหม่",
                p.display()
            ),
            StoreError::NotFound(what) => write!(f, "ไม่พบ{what}"),
            StoreError::Conflict { by, at, .. } => {
                let when = super::audit::when_thai(at);
                write!(
                    f,
                    "บันทึกนี้ถูกแก้ไขโดย {by} เมื่อ {when} แล้ว จึงยังไม่ได้บันทึกการแก้ไขของท่าน (ไม่มีข้อมูลใดถูกเขียนทับ) กรุณาเปรียบเทียบแล้วเลือกฉบับที่จะเก็บ"
                )
            }
            StoreError::Invalid(why) | StoreError::Io(_, why) | StoreError::Server(why) => {
                write!(f, "{why}")
            }
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
                C::CannotOpen if path.is_dir() => StoreError::IsFolder(p),
                C::ReadOnly | C::CannotOpen if is_read_only(path) => StoreError::ReadOnly(p),
                C::ReadOnly => StoreError::ReadOnly(p),
                C::DatabaseBusy | C::DatabaseLocked => StoreError::Locked(p),
                C::DiskFull => StoreError::DiskFull(p),
                C::DatabaseCorrupt => StoreError::Damaged(
                    p,
                    msg.clone().unwrap_or_else(|| "โครงสร้างไฟล์เสียหาย".into()),
                ),
                C::CannotOpen => StoreError::Sql(format!(
                    "เปิดไฟล์ {} ไม่ได้ (ตรวจสอบว่ามีโฟลเดอร์นี้และมีสิทธิ์เข้าถึง)",
                    path.display()
                )),
                C::ConstraintViolation => StoreError::Sql(format!(
                    "ข้อมูลไม่ตรงตามข้อกำหนดของฐานข้อมูล จึงไม่ได้บันทึก (รหัส {})",
                    err.extended_code
                )),
                C::TooBig => StoreError::Sql("ข้อมูลยาวเกินกว่าที่ฐานข้อมูลรับได้ จึงไม่ได้บันทึก".into()),
                C::SystemIoFailure => StoreError::Sql(format!(
                    "อ่านหรือเขียนไฟล์ {} ไม่สำเร็จ (ดิสก์หรือไดรฟ์เครือข่ายขัดข้อง)",
                    path.display()
                )),
                _ => StoreError::Sql(format!("รหัส SQLite {}", err.extended_code)),
            };
        }
        match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound("ข้อมูลที่ต้องการ".into()),
            _ => StoreError::Sql("อ่านข้อมูลในฐานข้อมูลไม่ได้ (รูปแบบข้อมูลไม่ตรงกับที่โปรแกรมคาด)".into()),
        }
    }
}

fn is_read_only(path: &std::path::Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false)
}
