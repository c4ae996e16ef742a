//! Importing responses collected with an online form (Google Forms' CSV download, or any CSV
//! with a header row): map columns to a template's fields (matched by label, or from a mapping
//! file), read answer labels ("มากที่สุด" → 5), take the timestamp as the record's date, check
//! every row as the form editor would, and import the valid rows in one transaction. Each row's
//! content hash is kept so that importing the same file again adds nothing.

use super::TransferError;
use crate::forms::{Answers, Field, FieldKind, Template};
use crate::store::NewRecord;
use crate::store::office_store::OfficeStore;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// A CSV file in memory: its header row, the first data rows as samples, and its text, walked
/// row by row (with each row's lines) to check and to import, so that a file of 100,000 rows
/// is never held as 100,000 vectors of strings.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub file_name: String,
    pub headers: Vec<String>,
    /// The first data rows, for showing sample values of each column.
    pub sample: Vec<Vec<String>>,
    /// Data rows (a row may span several lines: an answer with line breaks), counted the
    /// first time they are asked for (an import never needs to count them first).
    count: Arc<std::sync::OnceLock<usize>>,
    /// Physical lines of the file.
    pub line_count: usize,
    text: Arc<str>,
    delimiter: u8,
}

/// One data row as read: its lines in the file, its cells, and what is wrong with its shape
/// (an unterminated quote that swallowed the next rows, more cells than headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub first_line: usize,
    pub last_line: usize,
    pub cells: csv::StringRecord,
    pub problem: Option<String>,
}

impl RawRow {
    /// Every cell empty: a blank row (counted, never imported).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c: &str| c.trim().is_empty())
    }

    /// "บรรทัดที่ ๕" or "บรรทัดที่ ๕–๗".
    pub fn lines_thai(&self) -> String {
        lines_thai(self.first_line, self.last_line)
    }
}

/// "บรรทัดที่ ๕" or "บรรทัดที่ ๕–๗".
pub fn lines_thai(first: usize, last: usize) -> String {
    let n = |x: usize| crate::thai::digits(x);
    if last > first {
        format!("บรรทัดที่ {}–{}", n(first), n(last))
    } else {
        format!("บรรทัดที่ {}", n(first))
    }
}

const SAMPLE_ROWS: usize = 20;

/// Reads a CSV file: UTF-8 (with or without BOM), separated by commas, semicolons or tabs.
pub fn read_csv(path: &Path) -> Result<CsvTable, TransferError> {
    let bytes = crate::text_file::read_bytes(path, crate::forms::limits::MAX_CSV_BYTES)
        .map_err(TransferError)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    parse_csv(bytes, &name)
}

pub fn parse_csv(bytes: Vec<u8>, file_name: &str) -> Result<CsvTable, TransferError> {
    let text = crate::text_file::into_text(Path::new(file_name), bytes).map_err(|e| {
        TransferError(format!(
            "{e} (จาก Excel: บันทึกเป็น “CSV UTF-8”; จาก Google Forms: ดาวน์โหลดใหม่)"
        ))
    })?;
    let first_line = text.split('\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let line_count = text.lines().count();
    let mut table = CsvTable {
        file_name: file_name.to_owned(),
        headers: Vec::new(),
        sample: Vec::new(),
        count: Arc::new(std::sync::OnceLock::new()),
        line_count,
        text: Arc::from(text),
        delimiter,
    };
    // The header and a few sample rows only: the rest is read when it is checked or counted.
    let mut headers = None;
    let mut sample = Vec::new();
    let mut reader = table.reader();
    let mut rec = csv::ByteRecord::new();
    while sample.len() < SAMPLE_ROWS && matches!(reader.read_byte_record(&mut rec), Ok(true)) {
        let cells: Vec<String> = rec
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if headers.is_none() {
            headers = Some(cells);
        } else {
            sample.push(cells);
        }
    }
    let Some(headers) = headers else {
        return Err(TransferError(format!("ไฟล์ {file_name} ว่าง ไม่มีแถวหัวตาราง")));
    };
    table.headers = headers;
    table.sample = sample;
    Ok(table)
}

impl CsvTable {
    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(self.text.as_bytes())
    }

    /// How many data rows the file has (the header left out).
    pub fn row_count(&self) -> usize {
        *self.count.get_or_init(|| {
            let mut reader = self.reader();
            let mut rec = csv::ByteRecord::new();
            let mut n = 0usize;
            while matches!(reader.read_byte_record(&mut rec), Ok(true)) {
                n += 1;
            }
            n.saturating_sub(1)
        })
    }

    /// Calls `visit` with every data row (the header row left out), in file order.
    pub fn each_row<E>(&self, mut visit: impl FnMut(RawRow) -> Result<(), E>) -> Result<(), E> {
        let mut first = true;
        self.walk_all(|r| {
            if first {
                first = false;
                Ok(())
            } else {
                visit(r)
            }
        })
    }

    fn walk_all<E>(&self, mut visit: impl FnMut(RawRow) -> Result<(), E>) -> Result<(), E> {
        let text = &*self.text;
        let mut reader = self.reader();
        let mut rec = csv::StringRecord::new();
        let columns = self.headers.len();
        // The text is valid UTF-8 and in memory: reading cannot fail.
        while matches!(reader.read_record(&mut rec), Ok(true)) {
            let (start, first_line) = rec
                .position()
                .map(|p| (p.byte() as usize, p.line() as usize))
                .unwrap_or((0, 1));
            let end = (reader.position().byte() as usize).min(text.len());
            let span = text.get(start..end).unwrap_or_default();
            let body = span.trim_end_matches(['\r', '\n']);
            let last_line = first_line + body.bytes().filter(|b| *b == b'\n').count();
            let problem = if columns == 0 {
                None
            } else {
                shape_problem(&rec, body, columns, self.delimiter, first_line < last_line)
            };
            visit(RawRow {
                first_line,
                last_line,
                cells: std::mem::take(&mut rec),
                problem,
            })?;
        }
        Ok(())
    }
}

/// What is wrong with a row's shape, in Thai: a quote left open (which swallows the rows
/// after it into one cell), or more cells than the header has.
fn shape_problem(
    cells: &csv::StringRecord,
    body: &str,
    columns: usize,
    delimiter: u8,
    several_lines: bool,
) -> Option<String> {
    let quotes = body.bytes().filter(|b| *b == b'"').count();
    let swallowed = several_lines
        && columns >= 3
        && cells.iter().any(|c: &str| {
            c.split('\n')
                .skip(1)
                .any(|l| l.bytes().filter(|b| *b == delimiter).count() + 1 >= columns)
        });
    if quotes % 2 == 1 || swallowed || (several_lines && cells.len() != columns) {
        return Some(
            "เครื่องหมายคำพูด (\") ไม่ได้ปิด ทำให้บรรทัดถัดไปถูกรวมเข้าเป็นแถวเดียวกัน กรุณาแก้ไฟล์ตรงนี้แล้วนำเข้าอีกครั้ง"
                .into(),
        );
    }
    if cells.len() > columns {
        return Some(format!(
            "มี {} ช่อง มากกว่าหัวตารางซึ่งมี {} ช่อง",
            crate::thai::digits(cells.len()),
            crate::thai::digits(columns)
        ));
    }
    None
}

/// Where one column's values go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Ignore,
    /// The record's date (a Google Forms timestamp, or any date).
    RecordDate,
    Field(String),
    /// One item of a rating grid: (field, item).
    RatingItem(String, String),
    /// Part of a signature: (field, "name" | "position" | "date").
    Signature(String, String),
}

impl Target {
    /// How a mapping file names the target.
    pub fn code(&self) -> String {
        match self {
            Target::Ignore => "ignore".into(),
            Target::RecordDate => "record_date".into(),
            Target::Field(f) => f.clone(),
            Target::RatingItem(f, i) | Target::Signature(f, i) => format!("{f}.{i}"),
        }
    }

    /// The target a mapping file's code names in this template.
    pub fn from_code(t: &Template, code: &str) -> Option<Target> {
        match code {
            "ignore" | "" => return Some(Target::Ignore),
            "record_date" => return Some(Target::RecordDate),
            _ => {}
        }
        let (fid, part) = match code.split_once('.') {
            Some((f, p)) => (f, Some(p)),
            None => (code, None),
        };
        let f = t.field(fid)?;
        match (&f.kind, part) {
            (FieldKind::Rating, Some(item)) => f
                .rating_items()
                .any(|i| i.id == item)
                .then(|| Target::RatingItem(fid.into(), item.into())),
            (FieldKind::Signature, Some(p)) if ["name", "position", "date"].contains(&p) => {
                Some(Target::Signature(fid.into(), p.into()))
            }
            (kind, None)
                if !matches!(
                    kind,
                    FieldKind::Note | FieldKind::Unknown(_) | FieldKind::Rating
                ) =>
            {
                Some(Target::Field(fid.into()))
            }
            _ => None,
        }
    }
}

/// Every place a column can go in `t`, with its Thai name, in template order.
pub fn targets(t: &Template) -> Vec<(Target, String)> {
    let mut out = vec![
        (Target::Ignore, "— ไม่นำเข้า —".to_owned()),
        (Target::RecordDate, "วันที่ของบันทึก (เช่น ประทับเวลา)".to_owned()),
    ];
    for f in t.answer_fields() {
        let name = f.display_name().to_owned();
        match f.kind {
            FieldKind::Rating => {
                for g in &f.groups {
                    for (i, item) in g.items.iter().enumerate() {
                        out.push((
                            Target::RatingItem(f.id.clone(), item.id.clone()),
                            format!("{} {}. {}", g.title, i + 1, item.label)
                                .trim()
                                .to_owned(),
                        ));
                    }
                }
            }
            FieldKind::Signature => {
                for (p, th) in [("name", "ชื่อ"), ("position", "ตำแหน่ง"), ("date", "วันที่")]
                {
                    out.push((
                        Target::Signature(f.id.clone(), p.into()),
                        format!("{name}: {th}"),
                    ));
                }
            }
            _ => out.push((Target::Field(f.id.clone()), name)),
        }
    }
    out
}

/// Text compared when matching labels: no spaces, numbering, stars or colons, lower case.
fn norm(s: &str) -> String {
    let s = s.trim();
    // Leading numbering: "1.", "๑.", "1)", "ข้อ 1"
    let s = s.trim_start_matches(|c: char| {
        c.is_ascii_digit() || ('๐'..='๙').contains(&c) || matches!(c, '.' | ')' | ' ')
    });
    let kept: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '：' | '?' | '"'))
        .collect();
    crate::thai::lowercase(&kept)
}

const TIMESTAMP_HEADERS: [&str; 5] = [
    "ประทับเวลา",
    "timestamp",
    "เวลาประทับ",
    "วันที่และเวลา",
    "วันเวลาที่ตอบ",
];

/// Matches each header to a target: the timestamp column to the record's date, "Question
/// [item]" to a rating item, otherwise a field whose label is the header. A target is used
/// once; what matches nothing is left out.
pub fn auto_map(t: &Template, headers: &[String]) -> Vec<Target> {
    let all = targets(t);
    let mut used: HashSet<Target> = HashSet::new();
    let mut out = Vec::with_capacity(headers.len());
    for h in headers {
        let hn = norm(h);
        let mut found = if TIMESTAMP_HEADERS.iter().any(|x| norm(x) == hn) {
            Some(Target::RecordDate)
        } else {
            None
        };
        // "คำถาม [หัวข้อ]": a row of a grid.
        if found.is_none()
            && let Some((q, rest)) = h
                .rsplit_once('[')
                .map(|(q, r)| (q, r.trim_end_matches(']')))
        {
            let (qn, item) = (norm(q), norm(rest));
            let candidates: Vec<&Field> = t
                .answer_fields()
                .filter(|f| f.kind == FieldKind::Rating)
                .collect();
            let by_item = |f: &Field| {
                f.rating_items()
                    .find(|i| norm(&i.label) == item)
                    .map(|i| Target::RatingItem(f.id.clone(), i.id.clone()))
            };
            found = candidates
                .iter()
                .filter(|f| norm(&f.label) == qn)
                .find_map(|f| by_item(f))
                .or_else(|| candidates.iter().find_map(|f| by_item(f)))
                .filter(|x| !used.contains(x));
        }
        if found.is_none() {
            found = all
                .iter()
                .filter(|(x, _)| !matches!(x, Target::Ignore | Target::RecordDate))
                .filter(|(x, _)| !used.contains(x))
                .find(|(x, label)| {
                    norm(label) == hn
                        || match x {
                            // "ตำแหน่ง (ส่วนที่ ๓ ผู้รับเรื่อง)", as the export writes it.
                            Target::Field(f) => t.section_of(f).is_some_and(|s| {
                                norm(&super::columns::qualified(label, &s.title)) == hn
                            }),
                            Target::RatingItem(f, i) => t
                                .field(f)
                                .and_then(|f| f.rating_items().find(|it| &it.id == i))
                                .is_some_and(|it| norm(&it.label) == hn),
                            _ => false,
                        }
                })
                .map(|(x, _)| x.clone());
        }
        if found.is_none() && (hn.contains("อีเมล") || hn.contains("email")) {
            let emails: Vec<&Field> = t
                .answer_fields()
                .filter(|f| f.kind == FieldKind::Email)
                .collect();
            if let [f] = emails.as_slice() {
                found = Some(Target::Field(f.id.clone())).filter(|x| !used.contains(x));
            }
        }
        let target = found.unwrap_or(Target::Ignore);
        if target != Target::Ignore && target != Target::RecordDate {
            used.insert(target.clone());
        }
        out.push(target);
    }
    out
}

/// A mapping file: `{"columns": {"header text": "field_id" | "field.item" | "record_date" |
/// "ignore"}}`. Headers not named keep their automatic match.
pub fn apply_mapping_file(
    t: &Template,
    headers: &[String],
    mapping: &mut [Target],
    text: &str,
) -> Result<(), TransferError> {
    #[derive(serde::Deserialize)]
    struct File {
        columns: HashMap<String, String>,
    }
    let f: File = serde_json::from_str(text).map_err(|e| {
        TransferError(format!(
            "ไฟล์จับคู่คอลัมน์ไม่ถูกต้อง: {e} (รูปแบบ {{\"columns\": {{\"หัวคอลัมน์\": \"รหัสช่อง\"}}}})"
        ))
    })?;
    for (header, code) in &f.columns {
        let Some(i) = headers.iter().position(|h| h.trim() == header.trim()) else {
            return Err(TransferError(format!(
                "ไฟล์จับคู่คอลัมน์อ้างถึงคอลัมน์ “{header}” ซึ่งไม่มีในไฟล์ CSV"
            )));
        };
        let target = Target::from_code(t, code).ok_or_else(|| {
            TransferError(format!(
                "ไฟล์จับคู่คอลัมน์: แบบฟอร์ม {} ไม่มีช่อง “{code}” (คอลัมน์ “{header}”)",
                t.id
            ))
        })?;
        if let Some(slot) = mapping.get_mut(i) {
            *slot = target;
        }
    }
    Ok(())
}

/// The mapping as a mapping file, to keep and reuse.
pub fn mapping_file(headers: &[String], mapping: &[Target]) -> String {
    let columns: Map<String, Value> = headers
        .iter()
        .zip(mapping)
        .map(|(h, t)| (h.clone(), json!(t.code())))
        .collect();
    serde_json::to_string_pretty(&json!({ "columns": columns })).unwrap_or_default()
}

/// One data row checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCheck {
    /// First line of the row in the file (the header is line 1).
    pub line: usize,
    /// Last line (after the first when an answer holds line breaks).
    pub last_line: usize,
    /// What is wrong, one Thai message per field; empty when the row can be imported.
    pub errors: Vec<String>,
    pub hash: String,
    /// Imported before (or the same as an earlier row of this file).
    pub duplicate: bool,
}

impl RowCheck {
    pub fn lines_thai(&self) -> String {
        lines_thai(self.line, self.last_line)
    }
}

/// Every row checked against the template with a mapping, before anything is written.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub form_id: String,
    /// Every data row that holds anything, in file order.
    pub rows: Vec<RowCheck>,
    /// Rows whose every cell is empty (never imported).
    pub blank_rows: usize,
    /// Physical lines of the file, the header's included.
    pub line_count: usize,
    /// Required fields no column goes to: every row will lack them.
    pub unmapped_required: Vec<String>,
    mapping: Vec<Target>,
    table: CsvTable,
}

impl ImportPreview {
    pub fn valid(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.errors.is_empty() && !r.duplicate)
            .count()
    }

    pub fn invalid(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !r.errors.is_empty() && !r.duplicate)
            .count()
    }

    pub fn duplicates(&self) -> usize {
        self.rows.iter().filter(|r| r.duplicate).count()
    }

    /// Where every line of the file went: "๑๐๕ บรรทัด = หัวตาราง ๑ + แถวข้อมูล ๑๐๓ แถว
    /// (๑๐๓ บรรทัด) + แถวว่าง ๑".
    pub fn line_accounting(&self) -> String {
        let n = |x: usize| crate::thai::digits(x);
        let data_lines: usize = self.rows.iter().map(|r| r.last_line - r.line + 1).sum();
        let other = self.line_count.saturating_sub(1 + data_lines);
        let mut s = format!(
            "ไฟล์มี {} บรรทัด: หัวตาราง ๑ บรรทัด · แถวข้อมูล {} แถว ({} บรรทัด)",
            n(self.line_count),
            n(self.rows.len()),
            n(data_lines)
        );
        if other > 0 {
            s.push_str(&format!(" · บรรทัดว่าง {} บรรทัด", n(other)));
        }
        s
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: usize,
    pub invalid: usize,
    pub duplicates: usize,
    pub ids: Vec<i64>,
}

impl ImportReport {
    /// Whether the import failed as a whole: nothing was imported although some rows were
    /// not already there (every row invalid, or no data row at all).
    pub fn nothing_imported(&self) -> bool {
        self.imported == 0 && (self.invalid > 0 || self.duplicates == 0)
    }
}

fn row_hash(form_id: &str, row: &csv::StringRecord) -> String {
    let mut h = Sha256::new();
    h.update(form_id.as_bytes());
    for c in row {
        h.update([0x1f]);
        h.update(c.trim().as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}
/// A timestamp's date: "25/11/2026 10:12:33", "2026/11/25 10:12:33 AM GMT+7",
/// "25/11/2569, 10:12", "2026-11-25T10:12:33"; US month-first dates when the day is > 12.
pub fn timestamp_date(s: &str) -> Option<chrono::NaiveDate> {
    let date_part: String = s
        .trim()
        .chars()
        .take_while(|c| {
            c.is_ascii_digit() || ('๐'..='๙').contains(c) || matches!(c, '/' | '-' | '.')
        })
        .collect();
    if let Ok(d) = crate::thai::date::parse(&date_part) {
        return Some(d);
    }
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    if let [m, d, y] = parts.as_slice() {
        return crate::thai::date::parse(&format!("{d}/{m}/{y}")).ok();
    }
    crate::thai::date::parse(s).ok()
}

/// The labels of a field, compared as `norm` compares them, worked out once per import (not
/// once per cell: normalising every label for every cell was most of an import's time).
struct Labels {
    /// A rating field's scale, highest first, as written (most cells match one exactly).
    scale_raw: Vec<String>,
    /// The same, normalised.
    scale: Vec<String>,
    /// The scale's raw labels, longest first, with their value.
    scale_by_len: Vec<(String, u32)>,
    /// A choice field's choices: (normalised label, id).
    choices: Vec<(String, String)>,
}

impl Labels {
    fn of(f: &Field) -> Labels {
        let scale = f.scale();
        let mut scale_by_len: Vec<(String, u32)> = scale
            .iter()
            .enumerate()
            .map(|(i, l)| ((*l).to_owned(), 5 - i as u32))
            .collect();
        scale_by_len.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        Labels {
            scale_raw: scale.iter().map(|l| (*l).to_owned()).collect(),
            scale: scale.iter().map(|l| norm(l)).collect(),
            scale_by_len,
            choices: f
                .choices
                .iter()
                .map(|c| (norm(&c.label), c.id.clone()))
                .collect(),
        }
    }
}

/// A rating answer: a scale label ("มากที่สุด"), a digit 1–5, or a label with its number.
fn rating_value(labels: &Labels, cell: &str) -> Value {
    let c = cell.trim();
    if let Some(i) = labels.scale_raw.iter().position(|l| l == c) {
        return json!(5 - i);
    }
    let nc = norm(c);
    if let Some(i) = labels.scale.iter().position(|l| *l == nc) {
        return json!(5 - i);
    }
    let digits: Vec<u32> = c
        .chars()
        .filter_map(crate::thai::numerals::digit_value)
        .collect();
    if let [d] = digits.as_slice()
        && (1..=5).contains(d)
    {
        return json!(d);
    }
    // The longest label contained ("มากที่สุด" before "มาก").
    if let Some((_, v)) = labels
        .scale_by_len
        .iter()
        .find(|(l, _)| c.contains(l.as_str()))
    {
        return json!(v);
    }
    json!(c)
}

/// A choice answer as the editor keeps it: labels matched to choices (several at once for a
/// multiple choice, as Google Forms joins them with ", "); text matching none goes to the
/// choice that asks to specify ("อื่น ๆ"), as Google Forms' "Other" does.
fn choice_value(f: &Field, labels: &Labels, cell: &str) -> Value {
    let c = cell.trim();
    let by_label = |s: &str| {
        if let Some(ch) = f.choices.iter().find(|ch| ch.label == s || ch.id == s) {
            return Some(ch);
        }
        let ns = norm(s);
        labels
            .choices
            .iter()
            .position(|(l, _)| *l == ns)
            .and_then(|i| f.choices.get(i))
    };
    let other = f.choices.iter().find(|ch| ch.specify);
    if f.kind == FieldKind::Single {
        return match (by_label(c), other) {
            (Some(ch), _) => json!({"choice": ch.id}),
            (None, Some(o)) => json!({"choice": o.id, "specify": c}),
            (None, None) => json!(c),
        };
    }
    // Multiple: take out every label found, longest first; what remains is "other" text.
    let mut rest = c.to_owned();
    let mut chosen: Vec<&str> = Vec::new();
    let mut labels: Vec<&crate::forms::Choice> = f.choices.iter().collect();
    labels.sort_by_key(|ch| std::cmp::Reverse(ch.label.chars().count()));
    for ch in labels {
        let label = ch.label.trim();
        if !label.is_empty()
            && let Some(pos) = rest.find(label)
        {
            rest.replace_range(pos..pos + label.len(), "");
            chosen.push(&ch.id);
        }
    }
    let leftover = rest
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let mut specify = Map::new();
    if !leftover.is_empty() {
        match other {
            Some(o) => {
                if !chosen.contains(&o.id.as_str()) {
                    chosen.push(&o.id);
                }
                specify.insert(o.id.clone(), json!(leftover));
            }
            // Unknown text is passed on, so the check names it.
            None => return json!(c.split(", ").collect::<Vec<_>>()),
        }
    }
    json!({"choices": chosen, "specify": specify})
}

/// The answers of one row, as the editor would hold them before checking, and the row's
/// date when the form has no date field to hold it.
/// Reads rows of one CSV into answers of one template through one mapping, with the
/// template's labels normalised once.
struct RowReader<'a> {
    t: &'a Template,
    mapping: &'a [Target],
    labels: HashMap<String, Labels>,
}

impl<'a> RowReader<'a> {
    fn new(t: &'a Template, mapping: &'a [Target]) -> RowReader<'a> {
        let labels = t
            .answer_fields()
            .filter(|f| {
                matches!(
                    f.kind,
                    FieldKind::Rating | FieldKind::Single | FieldKind::Multi
                )
            })
            .map(|f| (f.id.clone(), Labels::of(f)))
            .collect();
        RowReader { t, mapping, labels }
    }

    fn answers(&self, row: &csv::StringRecord) -> (Answers, Option<String>) {
        row_answers(self.t, self.mapping, &self.labels, row)
    }
}

fn row_answers(
    t: &Template,
    mapping: &[Target],
    labels: &HashMap<String, Labels>,
    row: &csv::StringRecord,
) -> (Answers, Option<String>) {
    let mut a = Answers::new();
    let mut date = None;
    let mapped_date_field = t.record_date.as_ref().is_some_and(|rd| {
        mapping
            .iter()
            .any(|m| matches!(m, Target::Field(f) if f == rd))
    });
    for (target, cell) in mapping.iter().zip(row.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        match target {
            Target::Ignore => {}
            Target::RecordDate => {
                let iso = timestamp_date(cell).map(crate::thai::date::iso);
                match &t.record_date {
                    Some(rd) if !mapped_date_field => {
                        a.insert(
                            rd.clone(),
                            iso.map(Value::String).unwrap_or_else(|| json!(cell)),
                        );
                    }
                    Some(_) => {}
                    None => date = iso,
                }
            }
            Target::Field(id) => {
                let Some(f) = t.field(id) else { continue };
                let v = match (f.kind.clone(), labels.get(id)) {
                    (FieldKind::Single | FieldKind::Multi, Some(l)) => choice_value(f, l, cell),
                    (FieldKind::Date, _) => match timestamp_date(cell) {
                        Some(d) => json!(crate::thai::date::iso(d)),
                        None => json!(cell),
                    },
                    _ => json!(cell),
                };
                a.insert(id.clone(), v);
            }
            Target::RatingItem(id, item) => {
                let Some(l) = labels.get(id) else { continue };
                let v = rating_value(l, cell);
                let entry = a
                    .entry(id.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(o) = entry.as_object_mut() {
                    o.insert(item.clone(), v);
                }
            }
            Target::Signature(id, part) => {
                let entry = a
                    .entry(id.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(o) = entry.as_object_mut() {
                    o.insert(part.clone(), json!(cell));
                }
            }
        }
    }
    (a, date)
}

/// One row read and checked: what the preview shows of it, and the record to save when it is
/// valid.
struct Checked {
    check: RowCheck,
    record: Option<NewRecord<'static>>,
}

/// Reads and checks every data row of `table` in file order, on a thread of its own, sending
/// each (blank rows as `None`) through the returned channel.
/// Checks one row read from the file (blank rows as `None`).
fn check_row(t: &Template, reader: &RowReader<'_>, raw: RawRow) -> Option<Checked> {
    if raw.is_blank() && raw.problem.is_none() {
        return None;
    }
    let hash = row_hash(&t.id, &raw.cells);
    let (errors, record) = if let Some(p) = &raw.problem {
        (vec![p.clone()], None)
    } else {
        let (input, date) = reader.answers(&raw.cells);
        match crate::forms::check(t, &input) {
            Ok(c) => (
                Vec::new(),
                Some(
                    NewRecord::complete(c)
                        .with_source(Some(hash.clone()), date)
                        .prepare(t),
                ),
            ),
            Err((_, errs)) => (crate::forms::checked::describe(t, &errs), None),
        }
    };
    let check = RowCheck {
        line: raw.first_line,
        last_line: raw.last_line,
        errors,
        hash,
        duplicate: false,
    };
    Some(Checked { check, record })
}

/// Reads and checks every data row of `table`, in file order, sending them in batches
/// through the returned channel. One thread reads the file (that has to go in order); the
/// checking, most of the work, is shared by `CHECKERS` threads, and the batches are put
/// back in file order before they are sent.
fn check_rows(
    t: &Template,
    table: &CsvTable,
    mapping: &[Target],
) -> (
    std::sync::mpsc::Receiver<Vec<Option<Checked>>>,
    std::thread::JoinHandle<()>,
) {
    // Rows go over in batches: waking another thread once per row cost more than a row.
    const BATCH: usize = 256;
    const CHECKERS: usize = 2;
    type Raw = (usize, Vec<RawRow>);
    let (out_tx, out_rx) = std::sync::mpsc::sync_channel::<Vec<Option<Checked>>>(8);
    let (t, table, mapping) = (t.clone(), table.clone(), mapping.to_vec());
    let handle = std::thread::spawn(move || {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Raw>(4 * CHECKERS);
        let raw_rx = std::sync::Arc::new(std::sync::Mutex::new(raw_rx));
        let (done_tx, done_rx) =
            std::sync::mpsc::sync_channel::<(usize, Vec<Option<Checked>>)>(4 * CHECKERS);
        std::thread::scope(|scope| {
            for _ in 0..CHECKERS {
                let (raw_rx, done_tx, t, mapping) = (
                    std::sync::Arc::clone(&raw_rx),
                    done_tx.clone(),
                    &t,
                    &mapping,
                );
                scope.spawn(move || {
                    let reader = RowReader::new(t, mapping);
                    loop {
                        let next = raw_rx.lock().ok().and_then(|r| r.recv().ok());
                        let Some((seq, rows)) = next else { break };
                        let checked = rows
                            .into_iter()
                            .map(|raw| check_row(t, &reader, raw))
                            .collect();
                        if done_tx.send((seq, checked)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            // The batches in file order, whichever checker finished first.
            scope.spawn(move || {
                let mut waiting = std::collections::BTreeMap::new();
                let mut next = 0usize;
                for (seq, batch) in done_rx {
                    waiting.insert(seq, batch);
                    while let Some(b) = waiting.remove(&next) {
                        if out_tx.send(b).is_err() {
                            return;
                        }
                        next += 1;
                    }
                }
            });
            let mut seq = 0usize;
            let mut batch = Vec::with_capacity(BATCH);
            let sent: Result<(), ()> = table.each_row(|raw| {
                batch.push(raw);
                if batch.len() == BATCH {
                    raw_tx
                        .send((
                            seq,
                            std::mem::replace(&mut batch, Vec::with_capacity(BATCH)),
                        ))
                        .map_err(|_checkers_gone| ())?;
                    seq += 1;
                }
                Ok(())
            });
            if sent.is_ok() && !batch.is_empty() {
                let _ = raw_tx.send((seq, batch));
            }
            drop(raw_tx);
        });
    });
    (out_rx, handle)
}

fn unmapped_required(t: &Template, mapping: &[Target]) -> Vec<String> {
    t.answer_fields()
        .filter(|f| f.required)
        .filter(|f| {
            !mapping.iter().any(|m| match m {
                Target::Field(id) | Target::RatingItem(id, _) | Target::Signature(id, _) => {
                    *id == f.id
                }
                Target::RecordDate => t.record_date.as_deref() == Some(f.id.as_str()),
                Target::Ignore => false,
            })
        })
        .map(|f| f.display_name().to_owned())
        .collect()
}

/// Checks every row; nothing is written.
pub fn preview(
    store: &mut dyn OfficeStore,
    t: &Template,
    table: &CsvTable,
    mapping: &[Target],
) -> Result<ImportPreview, TransferError> {
    let (rx, handle) = check_rows(t, table, mapping);
    let mut rows = Vec::new();
    let mut blank_rows = 0;
    for item in rx.into_iter().flatten() {
        match item {
            None => blank_rows += 1,
            Some(c) => rows.push(c.check),
        }
    }
    let _ = handle.join();
    let valid_hashes: Vec<String> = rows
        .iter()
        .filter(|r| r.errors.is_empty())
        .map(|r| r.hash.clone())
        .collect();
    let known = store.imported_before(&valid_hashes)?;
    let mut seen = HashSet::with_capacity(rows.len());
    for r in &mut rows {
        r.duplicate =
            r.errors.is_empty() && (known.contains(&r.hash) || !seen.insert(r.hash.clone()));
    }
    Ok(ImportPreview {
        form_id: t.id.clone(),
        rows,
        blank_rows,
        line_count: table.line_count,
        unmapped_required: unmapped_required(t, mapping),
        mapping: mapping.to_vec(),
        table: table.clone(),
    })
}

/// Imports the valid, new rows of the previewed file in one transaction, as complete records,
/// in one pass over the file: each row is read and checked again on one thread while the
/// other writes (nothing invalid can get in, whatever changed since the preview), and a row
/// imported before (same content hash) is skipped. Returns what happened to every row.
pub fn commit(
    store: &mut dyn OfficeStore,
    t: &Template,
    preview: &ImportPreview,
    source: &str,
) -> Result<ImportReport, TransferError> {
    import(store, t, &preview.table, &preview.mapping, source).map(|(_, r)| r)
}

/// Checks and imports a file in one pass (what `dlict import` does): the rows as a preview
/// (duplicates marked) and what was imported.
pub fn import(
    store: &mut dyn OfficeStore,
    t: &Template,
    table: &CsvTable,
    mapping: &[Target],
    source: &str,
) -> Result<(ImportPreview, ImportReport), TransferError> {
    let (rx, handle) = check_rows(t, table, mapping);
    let mut rows: Vec<RowCheck> = Vec::new();
    let mut blank_rows = 0;
    // Positions in `rows` of the records handed to the store, in order.
    let mut sent: Vec<usize> = Vec::new();
    let mut items = rx.into_iter().flatten();
    let mut records = std::iter::from_fn(|| {
        loop {
            match items.next()? {
                None => blank_rows += 1,
                Some(c) => {
                    rows.push(c.check);
                    if let Some(r) = c.record {
                        sent.push(rows.len() - 1);
                        return Some(r);
                    }
                }
            }
        }
    });
    let outcome = store.import_rows(t, &mut records, source);
    let _ = handle.join();
    let outcome = outcome?;
    let mut ids = Vec::with_capacity(outcome.len());
    for (pos, id) in sent.iter().zip(outcome) {
        match id {
            Some(id) => ids.push(id),
            None => {
                if let Some(r) = rows.get_mut(*pos) {
                    r.duplicate = true;
                }
            }
        }
    }
    let preview = ImportPreview {
        form_id: t.id.clone(),
        rows,
        blank_rows,
        line_count: table.line_count,
        unmapped_required: unmapped_required(t, mapping),
        mapping: mapping.to_vec(),
        table: table.clone(),
    };
    let report = ImportReport {
        imported: ids.len(),
        invalid: preview.invalid(),
        duplicates: preview.duplicates(),
        ids,
    };
    Ok((preview, report))
}
