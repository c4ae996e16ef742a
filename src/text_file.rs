//! Reading the text files an officer hands the program (form data as JSON, CSV of online-form
//! responses, mapping files, JSON exports): a size limit checked before anything is read,
//! the byte order mark that Windows Notepad and Excel write accepted, and bad UTF-8 named by
//! line and byte, all in Thai.

use std::path::Path;

/// Reads `path` as UTF-8 text of at most `max_bytes`.
pub fn read(path: &Path, max_bytes: u64) -> Result<String, String> {
    let bytes = read_bytes(path, max_bytes)?;
    into_text(path, bytes)
}

/// Reads `path` whole, refusing folders, missing files and files over `max_bytes`.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::atomic_file::io_message(path, &e))?;
    if meta.is_dir() {
        return Err(format!("{} เป็นโฟลเดอร์ กรุณาระบุไฟล์", path.display()));
    }
    if meta.len() > max_bytes {
        return Err(format!(
            "ไฟล์ {} ใหญ่เกินไป ({} เมกะไบต์; รับได้ไม่เกิน {} เมกะไบต์)",
            path.display(),
            crate::thai::digits(meta.len().div_ceil(1 << 20)),
            crate::thai::digits(max_bytes >> 20)
        ));
    }
    std::fs::read(path).map_err(|e| crate::atomic_file::io_message(path, &e))
}

/// The text of `bytes` read from `path`: a UTF-8 byte order mark dropped, invalid UTF-8
/// named by its line and byte.
pub fn into_text(path: &Path, mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = memchr::memchr_iter(b'\n', &e.as_bytes()[..at]).count() + 1;
        format!(
            "ไฟล์ {} ไม่ได้เข้ารหัสแบบ UTF-8 (พบอักขระที่อ่านไม่ได้ที่บรรทัด {} ไบต์ที่ {}) กรุณาบันทึกไฟล์เป็น UTF-8 แล้วลองใหม่",
            path.display(),
            crate::thai::digits(line),
            crate::thai::digits(at + 1)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_bad_bytes_are_located() {
        let p = Path::new("x.json");
        assert_eq!(
            into_text(p, b"\xEF\xBB\xBF{\"a\":1}".to_vec()).as_deref(),
            Ok("{\"a\":1}")
        );
        let e = into_text(p, b"{\n\"a\":\"\xff\"}".to_vec()).unwrap_err();
        assert!(e.contains("บรรทัด ๒") && e.contains("ไบต์ที่ ๘"), "{e}");
    }
}
