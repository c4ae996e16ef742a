//! Importing a JSON export back: the same records with their numbers, times, states and
//! template versions. A file exported with masked citizen ids is refused (its ids are gone).

use super::TransferError;
use super::json_out::{FORMAT, FORMAT_VERSION};
use crate::forms::Template;
use crate::store::{Store, StoredRecord, StoredTemplate};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::path::Path;

#[derive(Deserialize)]
struct InTemplate {
    form_id: String,
    version: u32,
    origin: String,
    created_at: String,
    template: Box<RawValue>,
}

#[derive(Deserialize)]
struct InRecord {
    id: i64,
    form_id: String,
    template_version: u32,
    status: String,
    cancelled_at: Option<String>,
    cancel_reason: Option<String>,
    record_date: Option<String>,
    created_at: String,
    updated_at: String,
    answers: Box<RawValue>,
}

#[derive(Deserialize)]
struct InFile {
    format: String,
    format_version: u32,
    schema_version: usize,
    citizen_ids: String,
    #[serde(default)]
    templates: Vec<InTemplate>,
    #[serde(default)]
    records: Vec<InRecord>,
}

/// What a JSON import did.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonImportReport {
    pub added: usize,
    /// Already in the database, identical.
    pub skipped: usize,
    /// Their number was taken by a different record, so they got a new one.
    pub renumbered: usize,
}

/// Whether a file looks like a JSON export (for the import dialog to pick the right path).
pub fn is_export_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map(|n| String::from_utf8_lossy(&head[..n]).contains(FORMAT))
        .unwrap_or(false)
}

pub fn import(
    store: &mut Store,
    builtin: &[Template],
    path: &Path,
) -> Result<JsonImportReport, TransferError> {
    let text = std::fs::read_to_string(path).map_err(|e| super::io_error(path, &e))?;
    let file: InFile = serde_json::from_str(&text).map_err(|e| {
        TransferError(format!(
            "ไฟล์ {} ไม่ใช่ไฟล์ส่งออก JSON ของโปรแกรม หรือไฟล์เสียหาย (บรรทัด {} ตำแหน่ง {})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    if file.format != FORMAT {
        return Err(TransferError(format!(
            "ไฟล์ {} ไม่ใช่ไฟล์ส่งออกของโปรแกรม",
            path.display()
        )));
    }
    if file.format_version > FORMAT_VERSION || file.schema_version > crate::store::schema_version()
    {
        return Err(TransferError(
            "ไฟล์นี้ส่งออกจากโปรแกรมรุ่นใหม่กว่า กรุณาปรับปรุงโปรแกรมก่อนนำเข้า".into(),
        ));
    }
    if file.citizen_ids != "included" {
        return Err(TransferError(
            "ไฟล์นี้ส่งออกแบบปิดบังเลขประจำตัวประชาชน จึงนำเข้าคืนให้ครบถ้วนไม่ได้ กรุณาส่งออกใหม่โดยเลือก “รวมเลขประจำตัวประชาชน”".into(),
        ));
    }
    let templates: Vec<StoredTemplate> = file
        .templates
        .into_iter()
        .map(|t| StoredTemplate {
            form_id: t.form_id,
            version: t.version,
            origin: t.origin,
            created_at: t.created_at,
            body: t.template.get().to_string(),
        })
        .collect();
    let records: Vec<StoredRecord> = file
        .records
        .into_iter()
        .map(|r| StoredRecord {
            id: r.id,
            form_id: r.form_id,
            template_version: r.template_version,
            status: r.status,
            cancelled_at: r.cancelled_at,
            cancel_reason: r.cancel_reason,
            record_date: r.record_date,
            created_at: r.created_at,
            updated_at: r.updated_at,
            data: r.answers.get().to_string(),
        })
        .collect();
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let (added, skipped, renumbered) =
        store.insert_exact(&templates, &records, builtin, &source)?;
    Ok(JsonImportReport {
        added,
        skipped,
        renumbered,
    })
}
