//! XLSX: one sheet per form (named after it), typed cells (numbers as numbers, dates as
//! Excel dates shown in the chosen style), bold header, frozen first row, fitted widths; then
//! the processes' standards and the audit log when asked for.

use super::columns::{Cell, DateStyle};

use super::{
    AUDIT_HEADERS, AtomicFile, ExportOptions, ExportReport, TransferError, audit_value_text,
    entity_thai, form_tables,
};
use crate::catalog::Catalog;
use crate::forms::Template;
use crate::store::{AuditQuery, Store};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

fn xerr(e: XlsxError) -> TransferError {
    TransferError(format!("สร้างไฟล์ Excel ไม่ได้: {e}"))
}

/// Excel's day number of a date (1900 date system).
fn serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

/// Display width of text in Excel's character units: Thai marks take no width.
pub(crate) fn width_of(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .filter(|c| !crate::thai::marks::is_combining(*c))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// A sheet name Excel accepts (≤ 31 characters, none of []:*?/\), unique in the workbook.
pub(crate) fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let mut name: String = clean.trim().chars().take(31).collect();
    let base: String = clean.trim().chars().take(27).collect();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
    row: u32,
    /// Cells whose text was longer than a cell can hold, and was cut.
    cut: usize,
}

/// The longest text written to one cell (Excel refuses more than 32,767 characters).
const CELL_CHARS: usize = 32_000;

/// Written after a cut text, in the cell itself.
const CUT_NOTE: &str =
    " …[ข้อความยาวเกินที่ Excel รับได้ ตัดเหลือ 32,000 ตัวอักษร ข้อความเต็มอยู่ในการส่งออกแบบ CSV หรือ JSON]";

impl Sheet<'_> {
    fn header(&mut self, headers: &[&str], bold: &Format) -> Result<(), TransferError> {
        for (c, h) in headers.iter().enumerate() {
            self.ws
                .write_string_with_format(0, c as u16, *h, bold)
                .map_err(xerr)?;
            self.widths.push(width_of(h));
        }
        self.ws.set_freeze_panes(1, 0).map_err(xerr)?;
        self.row = 1;
        Ok(())
    }

    fn cells(
        &mut self,
        cells: &[Cell],
        date: &Format,
        dates: DateStyle,
    ) -> Result<(), TransferError> {
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            let w = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => {
                    let s = match s.char_indices().nth(CELL_CHARS) {
                        Some((i, _)) => {
                            self.cut += 1;
                            std::borrow::Cow::Owned(format!("{}{CUT_NOTE}", &s[..i]))
                        }
                        None => std::borrow::Cow::Borrowed(s.as_str()),
                    };
                    self.ws.write_string(self.row, col, &*s).map_err(xerr)?;
                    width_of(&s)
                }
                Cell::Number(n) => {
                    self.ws.write_number(self.row, col, *n).map_err(xerr)?;
                    super::columns::number_text(*n).len()
                }
                Cell::Date(d) => {
                    self.ws
                        .write_number_with_format(self.row, col, serial(*d), date)
                        .map_err(xerr)?;
                    dates.format(*d).len()
                }
            };
            if let Some(x) = self.widths.get_mut(c) {
                *x = (*x).max(w);
            }
        }
        self.row += 1;
        Ok(())
    }

    fn fit(&mut self) -> Result<(), TransferError> {
        for (c, w) in self.widths.iter().enumerate() {
            let width = (*w as f64 * 1.1 + 2.0).clamp(6.0, 60.0);
            self.ws.set_column_width(c as u16, width).map_err(xerr)?;
        }
        Ok(())
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
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Temporary sheet files on the same disk as the export, not in a small /tmp.
        let _ = wb.set_tempdir(dir);
    }
    let bold = Format::new().set_bold();
    // Cells hold real dates; they are shown in the Buddhist era whatever the CSV style:
    // Excel's Thai Buddhist calendar (07) in the Thai locale (041E), 25/11/2569.
    let date = Format::new().set_num_format("[$-107041E]d/m/yyyy");
    let mut report = ExportReport {
        files: Vec::new(),
        records: 0,
        forms: tables.len(),
        audit_entries: 0,
        cells_cut: 0,
    };
    let mut used = Vec::new();
    for (table, _) in &tables {
        let ws = wb.add_worksheet_with_constant_memory().map_err(xerr)?;
        ws.set_name(sheet_name(&table.title, &mut used))
            .map_err(xerr)?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
            row: 0,
            cut: 0,
        };
        let headers: Vec<&str> = table.headers().collect();
        sheet.header(&headers, &bold)?;
        let mut filter = opts.filter.clone();
        filter.form = Some(table.form_id.clone());
        let mut cells = Vec::new();
        report.records += store.each_record(&filter, |r| {
            table.row(&r, opts.include_citizen_id, &mut cells);
            sheet.cells(&cells, &date, opts.date_style)
        })?;
        report.cells_cut += sheet.cut;
        sheet.fit()?;
    }
    if opts.include_processes
        && let Some(c) = catalog
    {
        let ws = wb.add_worksheet_with_constant_memory().map_err(xerr)?;
        ws.set_name(sheet_name("มาตรฐานกระบวนงาน", &mut used))
            .map_err(xerr)?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
            row: 0,
            cut: 0,
        };
        sheet.header(&super::processes::HEADERS, &bold)?;
        for r in super::processes::rows(c) {
            let cells: Vec<Cell> = r.into_iter().map(Cell::Text).collect();
            sheet.cells(&cells, &date, opts.date_style)?;
        }
        sheet.fit()?;
    }
    if opts.include_audit {
        let ws = wb.add_worksheet_with_constant_memory().map_err(xerr)?;
        ws.set_name(sheet_name("บันทึกการใช้งาน", &mut used))
            .map_err(xerr)?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
            row: 0,
            cut: 0,
        };
        sheet.header(&AUDIT_HEADERS, &bold)?;
        report.audit_entries = store.each_audit(audit, |a| {
            let cells = [
                Cell::Number(a.id as f64),
                Cell::Text(a.at.replace('T', " ")),
                Cell::Text(a.actor.clone()),
                Cell::Text(a.action_thai().to_owned()),
                Cell::Text(entity_thai(&a.entity).to_owned()),
                Cell::Text(a.entity_id.clone()),
                Cell::Text(audit_value_text(a.before.as_ref(), opts.include_citizen_id)),
                Cell::Text(audit_value_text(a.after.as_ref(), opts.include_citizen_id)),
            ];
            sheet.cells(&cells, &date, opts.date_style)
        })?;
        report.cells_cut += sheet.cut;
        sheet.fit()?;
    }
    if used.is_empty() {
        return Err(TransferError("ไม่มีบันทึกที่ตรงกับเงื่อนไขที่เลือก".into()));
    }
    let file = AtomicFile::new(out);
    // Created owner-only first; the writer then fills the file it finds.
    drop(file.create_file().map_err(|e| super::io_error(out, &e))?);
    match wb.save(&file.temp) {
        Ok(()) => report.files.push(super::commit(file)?),
        Err(e) => {
            file.abandon();
            return Err(match e {
                XlsxError::IoError(io) => super::io_error(out, &io),
                other => xerr(other),
            });
        }
    }
    Ok(report)
}
