//! CSV for Excel on a Thai Windows PC: UTF-8 with a byte order mark (without it Excel reads
//! Thai as mojibake), CRLF line ends, RFC 4180 quoting of commas, quotes and line breaks.

use super::columns::{Cell, number_text};
use super::{
    AUDIT_HEADERS, AtomicFile, ExportOptions, ExportReport, TransferError, audit_value_text,
    entity_thai, form_tables,
};
use crate::catalog::Catalog;
use crate::forms::Template;
use crate::store::{AuditQuery, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn writer(
    file: &AtomicFile,
) -> Result<csv::Writer<std::io::BufWriter<std::fs::File>>, TransferError> {
    let mut w = super::create(file)?;
    w.write_all(BOM)
        .map_err(|e| super::io_error(&file.target, &e))?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w))
}

fn csv_err(path: &Path, e: csv::Error) -> TransferError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => super::io_error(path, &io),
        other => TransferError(format!("เขียนไฟล์ {} ไม่ได้: {other:?}", path.display())),
    }
}

/// Writes one CSV file with `fill`, atomically.
fn write_file(
    target: &Path,
    fill: impl FnOnce(
        &mut csv::Writer<std::io::BufWriter<std::fs::File>>,
    ) -> Result<usize, TransferError>,
) -> Result<(PathBuf, usize), TransferError> {
    let file = AtomicFile::new(target);
    let result = (|| {
        let mut w = writer(&file)?;
        let n = fill(&mut w)?;
        let inner = w
            .into_inner()
            .map_err(|e| super::io_error(target, e.error()))?;
        inner
            .into_inner()
            .map_err(|e| super::io_error(target, e.error()))?;
        Ok(n)
    })();
    match result {
        Ok(n) => Ok((super::commit(file)?, n)),
        Err(e) => {
            file.abandon();
            Err(e)
        }
    }
}

/// A text cell as a spreadsheet must not take it for a formula (CSV injection, as OWASP
/// describes it): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'`, except a negative number ("-12.5"), which stays a number. Survey answers arrive
/// from the public through Google Forms, so "=HYPERLINK(…)" is ordinary input here.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = s.strip_prefix('-').is_some_and(|b| {
        b.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && b.starts_with(|c: char| c.is_ascii_digit())
    });
    if risky && !plain_number {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

pub fn export(
    store: &Store,
    catalog: Option<&Catalog>,
    builtin: &[Template],
    opts: &ExportOptions,
    audit: &AuditQuery,
    out: &Path,
) -> Result<ExportReport, TransferError> {
    let tables = form_tables(store, builtin, opts)?;
    let single_file = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if single_file && (tables.len() > 1 || opts.include_audit || opts.include_processes) {
        return Err(TransferError(
            "ส่งออก CSV หลายตารางต้องเลือกโฟลเดอร์ (ไฟล์ละหนึ่งแบบฟอร์ม) หรือเลือกแบบฟอร์มเดียว".into(),
        ));
    }
    if !single_file {
        std::fs::create_dir_all(out).map_err(|e| super::io_error(out, &e))?;
    }
    let mut report = ExportReport {
        files: Vec::new(),
        records: 0,
        forms: tables.len(),
        audit_entries: 0,
        cells_cut: 0,
    };
    let dates = opts.date_style;
    for (table, _) in &tables {
        let target = if single_file {
            out.to_path_buf()
        } else {
            out.join(format!("{}.csv", table.form_id))
        };
        let mut filter = opts.filter.clone();
        filter.form = Some(table.form_id.clone());
        let (path, n) = write_file(&target, |w| {
            w.write_record(table.headers())
                .map_err(|e| csv_err(&target, e))?;
            let mut cells = Vec::new();
            let mut text: Vec<String> = Vec::new();
            store.each_record(&filter, |r| {
                table.row(&r, opts.include_citizen_id, &mut cells);
                text.clear();
                text.extend(cells.iter().map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => neutralise(s).into_owned(),
                    Cell::Number(n) => number_text(*n),
                    Cell::Date(d) => dates.format(*d),
                }));
                w.write_record(&text).map_err(|e| csv_err(&target, e))
            })
        })?;
        report.records += n;
        report.files.push(path);
    }
    if single_file && tables.is_empty() {
        // One form asked for but nothing passes the filter: still write its header row.
        return Err(TransferError("ไม่มีบันทึกที่ตรงกับเงื่อนไขที่เลือก".into()));
    }
    if opts.include_audit {
        let target = out.join("audit.csv");
        let (path, n) = write_file(&target, |w| {
            w.write_record(AUDIT_HEADERS)
                .map_err(|e| csv_err(&target, e))?;
            store.each_audit(audit, |a| {
                w.write_record([
                    a.id.to_string().as_str(),
                    &a.at.replace('T', " "),
                    &neutralise(&a.actor),
                    a.action_thai(),
                    entity_thai(&a.entity),
                    &neutralise(&a.entity_id),
                    &neutralise(&audit_value_text(
                        a.before.as_ref(),
                        opts.include_citizen_id,
                    )),
                    &neutralise(&audit_value_text(a.after.as_ref(), opts.include_citizen_id)),
                ])
                .map_err(|e| csv_err(&target, e))
            })
        })?;
        report.audit_entries = n;
        report.files.push(path);
    }
    if opts.include_processes
        && let Some(c) = catalog
    {
        let target = out.join("processes.csv");
        let (path, _) = write_file(&target, |w| {
            let rows = super::processes::rows(c);
            w.write_record(super::processes::HEADERS)
                .map_err(|e| csv_err(&target, e))?;
            for r in &rows {
                w.write_record(r.iter().map(|c| neutralise(c).into_owned()))
                    .map_err(|e| csv_err(&target, e))?;
            }
            Ok(rows.len())
        })?;
        report.files.push(path);
    }
    Ok(report)
}
