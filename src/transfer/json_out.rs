//! JSON export: every template version and record exactly as stored (answers as JSON
//! objects), so that importing the file gives back the same records, numbers, times and
//! versions. With citizen ids masked the file is marked so, and cannot be imported back.

use super::{AtomicFile, ExportOptions, ExportReport, TransferError};
use crate::forms::Template;
use crate::store::{AuditQuery, Record, Store, StoredTemplate};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::io::Write;
use std::path::Path;

pub const FORMAT: &str = "dlict-export";
pub const FORMAT_VERSION: u32 = 1;

/// The head of an export file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Head {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub schema_version: usize,
    pub exported_at: String,
    /// "included" or "masked".
    pub citizen_ids: String,
}

/// A record in the file: the stored columns, and its answers as an object.
#[derive(Serialize)]
struct OutRecord<'a> {
    id: i64,
    number: i64,
    version: i64,
    form_id: &'a str,
    template_version: u32,
    status: &'a str,
    cancelled_at: &'a Option<String>,
    cancel_reason: &'a Option<String>,
    record_date: &'a Option<String>,
    created_at: &'a str,
    updated_at: &'a str,
    answers: &'a RawValue,
}

#[derive(Serialize)]
struct OutTemplate<'a> {
    form_id: &'a str,
    version: u32,
    origin: &'a str,
    created_at: &'a str,
    template: &'a RawValue,
}

fn json_err(path: &Path, e: serde_json::Error) -> TransferError {
    match e.io_error_kind() {
        Some(kind) => super::io_error(path, &std::io::Error::from(kind)),
        None => TransferError(format!("เขียนไฟล์ {} ไม่ได้: {e}", path.display())),
    }
}

/// The answers of a record with every citizen id field masked.
fn masked_answers(r: &Record, templates: &[(String, u32, Template)]) -> String {
    let Some((_, _, t)) = templates
        .iter()
        .find(|(f, v, _)| *f == r.form_id && *v == r.template_version)
    else {
        return super::mask::mask_ids_in_text(
            &serde_json::to_string(&r.answers).unwrap_or_default(),
        );
    };
    let mut a = r.answers.clone();
    for f in t.answer_fields() {
        if f.kind == crate::forms::FieldKind::CitizenId
            && let Some(v) = a.get_mut(&f.id)
            && let Some(s) = v.as_str()
        {
            *v = serde_json::Value::String(super::mask::mask_citizen_id(s));
        }
    }
    serde_json::to_string(&a).unwrap_or_else(|_| "{}".into())
}

pub fn export(
    store: &Store,
    _builtin: &[Template],
    opts: &ExportOptions,
    audit: &AuditQuery,
    out: &Path,
) -> Result<ExportReport, TransferError> {
    let file = AtomicFile::new(out);
    let result = (|| {
        let mut w = super::create(&file)?;
        let io = |e: std::io::Error| super::io_error(out, &e);
        let head = Head {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version: crate::store::schema_version(),
            exported_at: chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            citizen_ids: if opts.include_citizen_id {
                "included"
            } else {
                "masked"
            }
            .into(),
        };
        let head = serde_json::to_string(&head).map_err(|e| json_err(out, e))?;
        // The head's fields, then the arrays, written as they are read.
        w.write_all(head.trim_end_matches('}').as_bytes())
            .map_err(io)?;
        w.write_all(b",\n\"filter\":").map_err(io)?;
        serde_json::to_writer(&mut w, &opts.filter).map_err(|e| json_err(out, e))?;
        w.write_all(b",\n\"templates\":[").map_err(io)?;
        let stored: Vec<StoredTemplate> = store.stored_templates()?;
        let forms = store.forms_with_records(&opts.filter)?;
        let wanted: Vec<&StoredTemplate> = stored
            .iter()
            .filter(|t| forms.iter().any(|(f, _)| *f == t.form_id))
            .collect();
        let parsed: Vec<(String, u32, Template)> = wanted
            .iter()
            .filter_map(|t| {
                Template::from_json(&t.form_id, &t.body)
                    .ok()
                    .map(|p| (t.form_id.clone(), t.version, p))
            })
            .collect();
        for (i, t) in wanted.iter().enumerate() {
            if i > 0 {
                w.write_all(b",").map_err(io)?;
            }
            w.write_all(b"\n").map_err(io)?;
            let body = RawValue::from_string(t.body.clone()).map_err(|e| {
                TransferError(format!("แบบฟอร์ม {} ในฐานข้อมูลเสียหาย: {e}", t.form_id))
            })?;
            serde_json::to_writer(
                &mut w,
                &OutTemplate {
                    form_id: &t.form_id,
                    version: t.version,
                    origin: &t.origin,
                    created_at: &t.created_at,
                    template: &body,
                },
            )
            .map_err(|e| json_err(out, e))?;
        }
        w.write_all(b"\n],\n\"records\":[").map_err(io)?;
        let mut first = true;
        let records = store.each_record(&opts.filter, |r| {
            let data = if opts.include_citizen_id {
                serde_json::to_string(&r.answers).unwrap_or_else(|_| "{}".into())
            } else {
                masked_answers(&r, &parsed)
            };
            let answers = RawValue::from_string(data)
                .map_err(|e| TransferError(format!("บันทึกเลขที่ {} ในฐานข้อมูลเสียหาย: {e}", r.id)))?;
            w.write_all(if first { b"\n" } else { b",\n" })
                .map_err(io)?;
            first = false;
            serde_json::to_writer(
                &mut w,
                &OutRecord {
                    id: r.id,
                    number: r.number,
                    version: r.version,
                    form_id: &r.form_id,
                    template_version: r.template_version,
                    status: r.status.as_str(),
                    cancelled_at: &r.cancelled_at,
                    cancel_reason: &r.cancel_reason,
                    record_date: &r.record_date,
                    created_at: &r.created_at,
                    updated_at: &r.updated_at,
                    answers: &answers,
                },
            )
            .map_err(|e| json_err(out, e))
        })?;
        w.write_all(b"\n]").map_err(io)?;
        let mut audit_entries = 0;
        if opts.include_audit {
            w.write_all(b",\n\"audit\":[").map_err(io)?;
            let mut first = true;
            audit_entries = store.each_audit(audit, |a| {
                w.write_all(if first { b"\n" } else { b",\n" })
                    .map_err(io)?;
                first = false;
                let mut v = serde_json::json!({
                    "id": a.id, "at": a.at, "actor": a.actor, "action": a.action,
                    "entity": a.entity, "entity_id": a.entity_id,
                    "before": a.before, "after": a.after,
                });
                if !opts.include_citizen_id {
                    let masked = super::mask::mask_ids_in_text(&v.to_string());
                    v = serde_json::from_str(&masked).unwrap_or(v);
                }
                serde_json::to_writer(&mut w, &v).map_err(|e| json_err(out, e))
            })?;
            w.write_all(b"\n]").map_err(io)?;
        }
        w.write_all(b"\n}\n").map_err(io)?;
        w.into_inner()
            .map_err(|e| super::io_error(out, e.error()))?;
        Ok((records, forms.len(), audit_entries))
    })();
    match result {
        Ok((records, forms, audit_entries)) => Ok(ExportReport {
            files: vec![super::commit(file)?],
            records,
            forms,
            audit_entries,
            cells_cut: 0,
        }),
        Err(e) => {
            file.abandon();
            Err(e)
        }
    }
}
