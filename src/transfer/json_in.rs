//! Importing a JSON export back: the same records with their numbers, times, states and
//! template versions. A file exported with masked citizen ids is refused (its ids are gone).

use super::TransferError;
use super::json_out::{FORMAT, FORMAT_VERSION};
use crate::forms::{Answers, Template};
use crate::store::office_store::OfficeStore;
use crate::store::{Record, Status, StoredTemplate};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
struct InTemplate {
    form_id: String,
    version: u32,
    origin: String,
    created_at: String,
    template: Box<RawValue>,
}

fn first_version() -> i64 {
    1
}

#[derive(Deserialize)]
struct InRecord {
    id: i64,
    /// The form's running number; files written before numbers per form have none (then
    /// the record is numbered on import).
    #[serde(default)]
    number: i64,
    #[serde(default = "first_version")]
    version: i64,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonImportReport {
    pub added: usize,
    /// Already in the database, identical.
    pub skipped: usize,
    /// Their number was taken by a different record, so they got a new one.
    pub renumbered: usize,
    /// Records of the file left out, by their number in the file, with why (in Thai).
    pub invalid: Vec<(i64, String)>,
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
    store: &mut dyn OfficeStore,
    builtin: &[Template],
    path: &Path,
) -> Result<JsonImportReport, TransferError> {
    let text = crate::text_file::read(path, crate::forms::limits::MAX_JSON_EXPORT_BYTES)
        .map_err(TransferError)?;
    let file: InFile = serde_json::from_str(&text).map_err(|e| {
        TransferError(format!(
            "ไฟล์ {} ไม่ใช่ไฟล์ส่งออก JSON ของโปรแกรม หรือไฟล์เสียหาย (บรรทัด {} ตำแหน่ง {})",
            path.display(),
            crate::thai::digits(e.line()),
            crate::thai::digits(e.column())
        ))
    })?;
    drop(text);
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
    let mut templates = Vec::with_capacity(file.templates.len());
    let mut parsed: HashMap<(String, u32), Template> = HashMap::new();
    for t in file.templates {
        let body = t.template.get().to_owned();
        let tpl = Template::from_json(&t.form_id, &body).map_err(|e| {
            TransferError(format!(
                "แบบฟอร์ม {} รุ่น {} ในไฟล์เสียหาย: {e}",
                t.form_id, t.version
            ))
        })?;
        parsed.insert((t.form_id.clone(), t.version), tpl);
        templates.push(StoredTemplate {
            form_id: t.form_id,
            version: t.version,
            origin: t.origin,
            created_at: t.created_at,
            body,
        });
    }
    let mut records = Vec::with_capacity(file.records.len());
    let mut invalid = Vec::new();
    for r in file.records {
        let key = (r.form_id.clone(), r.template_version);
        if let std::collections::hash_map::Entry::Vacant(slot) = parsed.entry(key.clone())
            && let Ok(t) = store.template_version(builtin, &r.form_id, r.template_version)
        {
            slot.insert(t);
        }
        match checked_record(r, parsed.get(&key)) {
            Ok(rec) => records.push(rec),
            Err((id, why)) => invalid.push((id, why)),
        }
    }
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let (added, skipped, renumbered) =
        store.insert_exported(&templates, &records, &parsed, &source)?;
    if !invalid.is_empty() {
        let _ = store.log_event(
            "refused",
            serde_json::json!({
                "file": source,
                "records": invalid.iter().map(|(id, why)| serde_json::json!({"id": id, "why": why})).collect::<Vec<_>>(),
            }),
        );
    }
    Ok(JsonImportReport {
        added,
        skipped,
        renumbered,
        invalid,
    })
}

fn is_time(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// A record of the file checked exactly as the editor checks one: a known state, real times
/// and dates, answers within the limits, and a complete record's answers passing its
/// template (stored as the check gives them). Else its number and why.
fn checked_record(r: InRecord, t: Option<&Template>) -> Result<Record, (i64, String)> {
    let id = r.id;
    let bad = |why: String| (id, why);
    let Some(t) = t else {
        return Err(bad(format!(
            "ไม่พบแบบฟอร์ม {} รุ่น {} ทั้งในไฟล์และในฐานข้อมูล",
            r.form_id, r.template_version
        )));
    };
    let status = match r.status.as_str() {
        "draft" => Status::Draft,
        "complete" => Status::Complete,
        other => {
            return Err(bad(format!(
                "สถานะ “{other}” ไม่ถูกต้อง (ต้องเป็น draft หรือ complete)"
            )));
        }
    };
    for (what, v) in [
        ("เวลาที่สร้าง", Some(&r.created_at)),
        ("เวลาที่แก้ไข", Some(&r.updated_at)),
        ("เวลาที่ยกเลิก", r.cancelled_at.as_ref()),
    ] {
        if let Some(v) = v
            && !is_time(v)
        {
            return Err(bad(format!(
                "{what} “{v}” ไม่ใช่วันเวลา (รูปแบบ 2026-12-01T09:30:00)"
            )));
        }
    }
    if let Some(d) = &r.record_date
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        return Err(bad(format!("วันที่ของบันทึก “{d}” ไม่ใช่วันที่")));
    }
    if r.cancelled_at.is_some()
        && r.cancel_reason
            .as_deref()
            .is_none_or(|x| x.trim().is_empty())
    {
        return Err(bad("ถูกยกเลิกแต่ไม่มีเหตุผลที่ยกเลิก".into()));
    }
    let answers: Answers = match serde_json::from_str(r.answers.get()) {
        Ok(a) => a,
        Err(_) => return Err(bad("คำตอบต้องเป็น JSON object รหัสช่อง → คำตอบ".into())),
    };
    crate::forms::limits::check(Some(t), &answers).map_err(bad)?;
    let answers = if status == Status::Complete {
        crate::forms::check(t, &answers)
            .map_err(|(_, errs)| {
                bad(format!(
                    "เป็นฉบับสมบูรณ์แต่ข้อมูลไม่ถูกต้อง: {}",
                    crate::forms::checked::describe(t, &errs).join(" · ")
                ))
            })?
            .into_answers()
    } else {
        answers
    };
    Ok(Record {
        id,
        number: r.number,
        version: r.version,
        form_id: r.form_id,
        template_version: r.template_version,
        status,
        cancelled_at: r.cancelled_at,
        cancel_reason: r.cancel_reason,
        record_date: r.record_date,
        created_at: r.created_at,
        updated_at: r.updated_at,
        answers,
    })
}
