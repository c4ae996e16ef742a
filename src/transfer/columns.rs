//! A form's records as a table: which columns (Thai headers, in template order) and what each
//! cell holds, typed (text, number, date), shared by the CSV and XLSX writers.

use super::mask::mask_citizen_id;
use crate::forms::{Answers, Field, FieldKind, Template, display_value};
use crate::store::Record;
use crate::thai::date::format_input;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// What a column shows.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    Id,
    Status,
    RecordDate,
    CreatedAt,
    UpdatedAt,
    Version,
    Answer(String),
    Rating(String, String),
    SignatureName(String),
    SignaturePosition(String),
    SignatureDate(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    source: Source,
}

/// The columns of one form's table: record facts first, then one column per field of the
/// newest template in its order (a rating grid: one per item; a signature: name, position,
/// date), then fields only older versions had.
#[derive(Debug, Clone)]
pub struct FormTable {
    pub form_id: String,
    pub title: String,
    pub columns: Vec<Column>,
    /// Field kinds by id, over every version.
    kinds: HashMap<String, Field>,
}

fn clean_label(f: &Field) -> String {
    let l = f.display_name().trim().trim_end_matches([':', '：']).trim();
    if f.number.is_empty() {
        l.to_owned()
    } else {
        format!("{} {l}", f.number.trim())
    }
}

impl FormTable {
    /// `versions`: every template version the records were filled with, newest last.
    pub fn new(newest: &Template, versions: &[Template]) -> FormTable {
        let mut columns = vec![
            col("เลขที่บันทึก", Source::Id),
            col("สถานะ", Source::Status),
            col("วันที่ของบันทึก", Source::RecordDate),
            col("บันทึกเมื่อ", Source::CreatedAt),
            col("แก้ไขล่าสุด", Source::UpdatedAt),
            col("รุ่นแบบฟอร์ม", Source::Version),
        ];
        let mut kinds = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for t in std::iter::once(newest).chain(versions.iter().rev()) {
            for f in t.answer_fields() {
                if !seen.insert(f.id.clone()) {
                    continue;
                }
                kinds.insert(f.id.clone(), f.clone());
                let label = clean_label(f);
                match f.kind {
                    FieldKind::Rating => {
                        for g in &f.groups {
                            for (i, item) in g.items.iter().enumerate() {
                                let group = if g.title.is_empty() {
                                    String::new()
                                } else {
                                    format!("{} ", g.title.trim())
                                };
                                columns.push(col(
                                    &format!("{group}{}. {}", i + 1, item.label.trim()),
                                    Source::Rating(f.id.clone(), item.id.clone()),
                                ));
                            }
                        }
                    }
                    FieldKind::Signature => {
                        let role = if f.role.is_empty() {
                            label.clone()
                        } else {
                            f.role.clone()
                        };
                        columns.push(col(
                            &format!("ลงชื่อ ({role})"),
                            Source::SignatureName(f.id.clone()),
                        ));
                        columns.push(col(
                            &format!("ตำแหน่ง ({role})"),
                            Source::SignaturePosition(f.id.clone()),
                        ));
                        columns.push(col(
                            &format!("วันที่ลงนาม ({role})"),
                            Source::SignatureDate(f.id.clone()),
                        ));
                    }
                    _ => columns.push(col(&label, Source::Answer(f.id.clone()))),
                }
            }
        }
        // Two fields with the same label ("ตำแหน่ง" in four sections) get their section's
        // title beside it, in Thai, so every header is unique and reads as the form does;
        // the import matches such a header back to its field.
        let mut counts: HashMap<String, usize> = HashMap::new();
        for c in &columns {
            *counts.entry(c.header.clone()).or_default() += 1;
        }
        for c in &mut columns {
            if counts.get(&c.header).copied().unwrap_or(0) > 1
                && let Source::Answer(id) = &c.source
                && let Some(section) = newest.section_of(id)
            {
                c.header = qualified(&c.header, &section.title);
            }
        }
        // Still two alike (one label twice in one section): numbered in order.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for c in &mut columns {
            let n = seen.entry(c.header.clone()).or_default();
            *n += 1;
            if *n > 1 {
                c.header = format!("{} ที่ {}", c.header, crate::thai::digits(*n));
            }
        }
        FormTable {
            form_id: newest.id.clone(),
            title: newest.title.clone(),
            columns,
            kinds,
        }
    }

    pub fn headers(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.header.as_str())
    }

    /// The cells of one record, in column order. Citizen ids masked unless `reveal`.
    pub fn row(&self, r: &Record, reveal: bool, out: &mut Vec<Cell>) {
        out.clear();
        let answers: &Answers = &r.answers;
        for c in &self.columns {
            out.push(match &c.source {
                Source::Id => Cell::Number(r.id as f64),
                Source::Status => Cell::Text(r.status_thai()),
                Source::RecordDate => date_cell(r.record_date.as_deref())
                    .or_else(|| date_cell(r.created_at.get(..10)))
                    .unwrap_or(Cell::Empty),
                Source::CreatedAt => Cell::Text(r.created_at.replace('T', " ")),
                Source::UpdatedAt => Cell::Text(r.updated_at.replace('T', " ")),
                Source::Version => Cell::Number(f64::from(r.template_version)),
                Source::Answer(id) => match (self.kinds.get(id), answers.get(id)) {
                    (Some(f), Some(v)) => answer_cell(f, v, reveal),
                    _ => Cell::Empty,
                },
                Source::Rating(id, item) => answers
                    .get(id)
                    .and_then(|v| v.get(item))
                    .and_then(Value::as_f64)
                    .map(Cell::Number)
                    .unwrap_or(Cell::Empty),
                Source::SignatureName(id) => text_at(answers, id, "name"),
                Source::SignaturePosition(id) => text_at(answers, id, "position"),
                Source::SignatureDate(id) => answers
                    .get(id)
                    .and_then(|v| v.get("date"))
                    .and_then(Value::as_str)
                    .and_then(|s| date_cell(Some(s)))
                    .unwrap_or(Cell::Empty),
            });
        }
    }
}

fn col(header: &str, source: Source) -> Column {
    Column {
        header: header.to_owned(),
        source,
    }
}

fn date_cell(s: Option<&str>) -> Option<Cell> {
    s.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .map(Cell::Date)
}

fn text_at(a: &Answers, id: &str, key: &str) -> Cell {
    match a.get(id).and_then(|v| v.get(key)).and_then(Value::as_str) {
        Some(s) if !s.is_empty() => Cell::Text(s.to_owned()),
        _ => Cell::Empty,
    }
}

fn answer_cell(f: &Field, v: &Value, reveal: bool) -> Cell {
    match f.kind {
        FieldKind::Number => match v {
            Value::Number(n) => n.as_f64().map(Cell::Number).unwrap_or(Cell::Empty),
            Value::String(s) => Cell::Text(s.clone()),
            _ => Cell::Empty,
        },
        FieldKind::Date => match v.as_str() {
            Some(s) => date_cell(Some(s)).unwrap_or_else(|| Cell::Text(s.to_owned())),
            None => Cell::Empty,
        },
        FieldKind::CitizenId => {
            let s = v.as_str().unwrap_or_default();
            Cell::Text(if reveal {
                s.to_owned()
            } else {
                mask_citizen_id(s)
            })
        }
        _ => {
            let s = display_value(f, v, reveal);
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s)
            }
        }
    }
}

/// How dates are written in text exports (CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// 2026-11-25: every spreadsheet reads it as the right date.
    #[default]
    Iso,
    /// 25/11/2569 (Buddhist era, as typed in the forms). In a CSV a spreadsheet may take 2569
    /// for a Christian-era year, so it is offered, not the default; XLSX carries real dates
    /// shown in the Buddhist era instead.
    ThaiBe,
}

impl DateStyle {
    pub fn thai(self) -> &'static str {
        match self {
            DateStyle::Iso => "ค.ศ. แบบสากล (2026-11-25) โปรแกรมตารางคำนวณอ่านเป็นวันที่ได้ถูกต้อง",
            DateStyle::ThaiBe => "พ.ศ. (25/11/2569) อ่านง่าย แต่ Excel อาจเข้าใจปีเป็น ค.ศ.",
        }
    }

    pub fn format(self, d: NaiveDate) -> String {
        match self {
            DateStyle::Iso => d.format("%Y-%m-%d").to_string(),
            DateStyle::ThaiBe => format_input(d),
        }
    }
}

/// A number as text: whole numbers without ".0".
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        (n as i64).to_string()
    } else {
        n.to_string()
    }
}

/// A header made unique by its section: "ตำแหน่ง (ส่วนที่ ๓ ผู้รับเรื่อง)".
pub fn qualified(label: &str, section: &str) -> String {
    format!("{label} ({})", section.trim())
}
