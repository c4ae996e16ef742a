//! Data going out of and into the store: exports (CSV for Excel on a Thai PC, XLSX, lossless
//! JSON) of records, process standards and the audit log; imports of online-form responses
//! (CSV) and of JSON exports. No egui: the window and the CLI both call this.

pub mod columns;
pub mod csv_in;
mod csv_out;
pub mod json_in;
mod json_out;
pub mod mask;
mod processes;
mod xlsx_out;
pub mod xlsx_report;

pub use columns::{DateStyle, FormTable};

use crate::catalog::Catalog;
use crate::forms::Template;
use crate::store::{AuditQuery, RecordFilter, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    /// The default in the window: real dates (shown in the Buddhist era) and numbers.
    #[default]
    Xlsx,
    Json,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV (เปิดด้วย Excel ได้)",
            ExportFormat::Xlsx => "Excel (XLSX)",
            ExportFormat::Json => "JSON (สำรองครบถ้วน นำเข้าคืนได้)",
        }
    }
}

/// What to export and how.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub filter: RecordFilter,
    pub date_style: DateStyle,
    /// Write citizen ids in full (the officer ticked and confirmed; logged).
    pub include_citizen_id: bool,
    /// Also the audit log (same date range) and the processes' standards tables.
    pub include_audit: bool,
    pub include_processes: bool,
    /// Leave the records out (the audit log viewer exports the log alone).
    pub skip_records: bool,
    /// Which audit entries, when not those of the records' date range.
    pub audit_query: Option<AuditQuery>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub files: Vec<PathBuf>,
    pub records: usize,
    pub forms: usize,
    pub audit_entries: usize,
    /// Texts longer than a spreadsheet cell holds, cut in the XLSX (said in the cell).
    pub cells_cut: usize,
}

impl ExportReport {
    /// "๑๓ บันทึก จาก ๒ แบบฟอร์ม และบันทึกการใช้งาน ๑๕ รายการ"
    pub fn describe(&self, with_audit: bool) -> String {
        let n = |x: usize| crate::thai::digits(x);
        let mut s = format!("{} บันทึก จาก {} แบบฟอร์ม", n(self.records), n(self.forms));
        if with_audit {
            s.push_str(&format!(
                " และบันทึกการใช้งาน {} รายการ",
                n(self.audit_entries)
            ));
        }
        if self.cells_cut > 0 {
            s.push_str(&format!(
                " (ข้อความยาวเกินที่ Excel รับได้ {} ช่อง ถูกตัดเหลือ ๓๒,๐๐๐ ตัวอักษร และระบุไว้ในช่องนั้น ข้อความเต็มอยู่ในการส่งออกแบบ CSV หรือ JSON)",
                n(self.cells_cut)
            ));
        }
        s
    }
}

/// Why an export or import failed, in Thai.
#[derive(Debug)]
pub struct TransferError(pub String);

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TransferError {}

impl From<StoreError> for TransferError {
    fn from(e: StoreError) -> Self {
        TransferError(e.to_string())
    }
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> TransferError {
    TransferError(crate::atomic_file::io_message(path, e))
}

pub(crate) use crate::atomic_file::AtomicFile;

/// Opens the temporary file of an export, with the Thai message of a failure.
pub(crate) fn create(
    file: &AtomicFile,
) -> Result<std::io::BufWriter<std::fs::File>, TransferError> {
    file.create().map_err(|e| io_error(&file.target, &e))
}

/// Moves a finished export into place, with the Thai message of a failure.
pub(crate) fn commit(file: AtomicFile) -> Result<PathBuf, TransferError> {
    let target = file.target.clone();
    file.commit().map_err(|e| io_error(&target, &e))
}

/// The tables of the forms that have records passing the filter: the newest template of each
/// and every version its records were filled with.
pub(crate) fn form_tables(
    store: &Store,
    builtin: &[Template],
    opts: &ExportOptions,
) -> Result<Vec<(FormTable, usize)>, TransferError> {
    if opts.skip_records {
        return Ok(Vec::new());
    }
    let filter = &opts.filter;
    let current = store.current_templates(builtin)?;
    let stored = store.stored_templates()?;
    let mut out = Vec::new();
    for (form_id, n) in store.forms_with_records(filter)? {
        let mut versions: Vec<Template> = stored
            .iter()
            .filter(|t| t.form_id == form_id)
            .filter_map(|t| Template::from_json(&t.form_id, &t.body).ok())
            .collect();
        versions.sort_by_key(|t| t.version);
        let newest = current
            .iter()
            .find(|t| t.id == form_id)
            .cloned()
            .or_else(|| versions.last().cloned());
        if let Some(newest) = newest {
            out.push((FormTable::new(&newest, &versions), n));
        }
    }
    Ok(out)
}

/// Exports to `out`: for CSV a folder (one file per form, plus audit and processes) or, for a
/// single form alone, a `.csv` file; for XLSX and JSON one file (a folder gets a dated name).
/// Every export is written to the audit log with its filter and whether ids were included.
pub fn export(
    store: &mut Store,
    catalog: Option<&Catalog>,
    builtin: &[Template],
    opts: &ExportOptions,
    out: &Path,
) -> Result<ExportReport, TransferError> {
    if store.is_read_only() && opts.include_citizen_id {
        return Err(TransferError(
            "หน้าต่างนี้เปิดฐานข้อมูลแบบอ่านอย่างเดียว จึงบันทึกการส่งออกเลขประจำตัวประชาชนลงบันทึกการใช้งานไม่ได้ กรุณาส่งออกจากหน้าต่างหลัก".into(),
        ));
    }
    let audit_query = opts.audit_query.clone().unwrap_or_else(|| AuditQuery {
        from: opts.filter.from.clone(),
        to: opts.filter.to.clone(),
        ..Default::default()
    });
    let report = match opts.format {
        ExportFormat::Csv => csv_out::export(store, catalog, builtin, opts, &audit_query, out)?,
        ExportFormat::Xlsx => xlsx_out::export(
            store,
            catalog,
            builtin,
            opts,
            &audit_query,
            &file_target(out, opts.format),
        )?,
        ExportFormat::Json if opts.skip_records => {
            return Err(TransferError("บันทึกการใช้งานส่งออกได้เป็น CSV หรือ Excel".into()));
        }
        ExportFormat::Json => json_out::export(
            store,
            builtin,
            opts,
            &audit_query,
            &file_target(out, opts.format),
        )?,
    };
    if store.is_read_only() {
        return Ok(report);
    }
    store.audit_database_event(
        "export",
        serde_json::json!({
            "format": opts.format,
            "filter": opts.filter,
            "citizen_ids": if opts.include_citizen_id { "included" } else { "masked" },
            "records": report.records,
            "audit_entries": report.audit_entries,
            "cells_cut": report.cells_cut,
            "files": report.files.iter().map(|p| crate::store::backup::absolute(p)).collect::<Vec<_>>(),
        }),
    )?;
    Ok(report)
}

/// A file path for a one-file export: `out` itself, or a dated name inside a folder.
fn file_target(out: &Path, format: ExportFormat) -> PathBuf {
    if out.is_dir() {
        out.join(format!(
            "dlict-export-{}.{}",
            chrono::Local::now().format("%Y%m%d-%H%M%S"),
            format.extension()
        ))
    } else {
        out.to_path_buf()
    }
}

/// The text of an audit entry's before/after value as exported.
pub(crate) fn audit_value_text(v: Option<&serde_json::Value>, reveal: bool) -> String {
    match v {
        None => String::new(),
        Some(v) => {
            let s = v.to_string();
            if reveal {
                s
            } else {
                mask::mask_ids_in_text(&s)
            }
        }
    }
}

/// The audit log's columns, Thai headers.
pub(crate) const AUDIT_HEADERS: [&str; 8] = [
    "ลำดับ",
    "เวลา",
    "ผู้ดำเนินการ",
    "การดำเนินการ",
    "รายการ",
    "รหัสรายการ",
    "ก่อน",
    "หลัง",
];

/// What an audit entry is about, in Thai ("บันทึกเลขที่" followed by the record's number).
pub fn entity_thai(entity: &str) -> &str {
    match entity {
        "record" => "บันทึกเลขที่",
        "template" => "แบบฟอร์ม",
        "settings" => "การตั้งค่า",
        "database" => "ฐานข้อมูล",
        "kpi" => "ตัวชี้วัด ปีงบประมาณ/กระบวนงาน",
        other => other,
    }
}
