//! A record's answers: checking and normalising them against their template.
//!
//! Answers are a JSON object, field id → value, in the shapes `assets/forms/README.md` gives.
//! `normalize` turns every value it understands into its canonical shape (ISO dates, the 13
//! digits of a citizen id, choice ids, ratings 1–5) and keeps what it cannot read exactly as
//! typed, with a Thai message, so that a draft never loses what the officer wrote.

use super::contact::{normalize_email, normalize_phone};
use super::template::{Field, FieldKind, Template};
use crate::thai::digits;
use crate::thai::{citizen_id, date, marks, to_thai_digits};
use serde_json::{Map, Value, json};

pub type Answers = Map<String, Value>;

/// One problem with one field, in Thai.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Canonical answers and the problems found. Empty answers are dropped; values that could not
/// be read are kept as typed.
pub fn normalize(t: &Template, input: &Answers) -> (Answers, Vec<FieldError>) {
    let mut out = Answers::new();
    let mut errors = Vec::new();
    for f in t.answer_fields() {
        let v = input.get(&f.id).filter(|v| !is_empty(v));
        match v {
            None => {
                if f.required {
                    errors.push(FieldError {
                        field: f.id.clone(),
                        message: required_message(f),
                    });
                }
            }
            Some(v) => match normalize_value(f, v) {
                Ok(c) => {
                    if !is_empty(&c) {
                        out.insert(f.id.clone(), c);
                    } else if f.required {
                        errors.push(FieldError {
                            field: f.id.clone(),
                            message: required_message(f),
                        });
                    }
                }
                Err((kept, message)) => {
                    out.insert(f.id.clone(), kept);
                    errors.push(FieldError {
                        field: f.id.clone(),
                        message,
                    });
                }
            },
        }
    }
    for (k, v) in input {
        if t.field(k).is_none_or(|f| f.kind == FieldKind::Note) {
            errors.push(FieldError {
                field: k.clone(),
                message: format!("แบบฟอร์มนี้ไม่มีช่อง “{k}”"),
            });
            out.insert(k.clone(), v.clone());
        }
    }
    (out, errors)
}

fn required_message(f: &Field) -> String {
    match f.kind {
        FieldKind::Single | FieldKind::Multi => "กรุณาเลือกคำตอบ".into(),
        FieldKind::Rating => "กรุณาให้คะแนนทุกหัวข้อ".into(),
        FieldKind::Signature => "กรุณากรอกชื่อผู้ลงนาม".into(),
        _ => "กรุณากรอกช่องนี้".into(),
    }
}

/// Whether a value holds no answer at all.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

type Bad = (Value, String);

fn normalize_value(f: &Field, v: &Value) -> Result<Value, Bad> {
    let bad = |msg: String| (v.clone(), msg);
    match f.kind {
        FieldKind::Text | FieldKind::LongText => {
            let s = as_text(v).ok_or_else(|| bad("ต้องเป็นข้อความ".into()))?;
            check_text(&s, f.kind == FieldKind::LongText, f.max_chars()).map_err(bad)?;
            Ok(Value::String(s))
        }
        FieldKind::Date => {
            let s = as_text(v).ok_or_else(|| bad("ต้องเป็นวันที่".into()))?;
            date::parse(&s)
                .map(|d| Value::String(date::iso(d)))
                .map_err(|e| bad(e.0))
        }
        FieldKind::Number => {
            let n = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => parse_number(s),
                _ => None,
            }
            .ok_or_else(|| bad("ต้องเป็นตัวเลข เช่น ๑๒ หรือ 12.5".into()))?;
            if let Some(min) = f.min
                && n < min
            {
                return Err(bad(format!("ต้องไม่น้อยกว่า {}", show_number(min))));
            }
            if let Some(max) = f.max
                && n > max
            {
                return Err(bad(format!("ต้องไม่มากกว่า {}", show_number(max))));
            }
            Ok(number_value(n))
        }
        FieldKind::Phone => {
            let s = as_text(v).ok_or_else(|| bad("ต้องเป็นเบอร์โทรศัพท์".into()))?;
            normalize_phone(&s).map(Value::String).map_err(bad)
        }
        FieldKind::Email => {
            let s = as_text(v).ok_or_else(|| bad("ต้องเป็นอีเมล".into()))?;
            normalize_email(&s).map(Value::String).map_err(bad)
        }
        FieldKind::CitizenId => {
            let s = as_text(v).ok_or_else(|| bad("ต้องเป็นเลขประจำตัวประชาชน ๑๓ หลัก".into()))?;
            citizen_id::parse(&s)
                .map(Value::String)
                .map_err(|e| bad(e.0))
        }
        FieldKind::Single => normalize_single(f, v).map_err(bad),
        FieldKind::Multi => normalize_multi(f, v).map_err(bad),
        FieldKind::Rating => normalize_rating(f, v).map_err(bad),
        FieldKind::Signature => normalize_signature(f, v).map_err(bad),
        FieldKind::Note | FieldKind::Unknown(_) => Err(bad("ช่องนี้ไม่รับคำตอบ".into())),
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Length, control characters and the order of Thai marks.
pub fn check_text(s: &str, multiline: bool, max: usize) -> Result<(), String> {
    let n = s.chars().count();
    if n > max {
        return Err(format!(
            "ยาวเกินกำหนด: {} ตัวอักษร (ไม่เกิน {} ตัวอักษร)",
            digits(n),
            digits(max)
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|&c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(if c == '\n' || c == '\r' {
            "ช่องนี้เป็นข้อความบรรทัดเดียว กรุณาไม่ขึ้นบรรทัดใหม่".into()
        } else {
            format!(
                "มีอักขระควบคุมที่มองไม่เห็น (U+{:04X}) ซึ่งพิมพ์ไม่ได้ กรุณาลบออก",
                c as u32
            )
        });
    }
    if let Some((_, around)) = marks::first_misplaced_mark(s) {
        return Err(format!(
            "สระหรือวรรณยุกต์ซ้ำหรือวางผิดที่ ใกล้ “{around}” กรุณาพิมพ์คำนี้ใหม่"
        ));
    }
    Ok(())
}

/// A number typed with Thai or Arabic digits, thousands separators allowed.
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != ' ')
        .map(|c| match crate::thai::numerals::digit_value(c) {
            Some(d) => char::from(b'0' + d as u8),
            None => c,
        })
        .collect();
    if cleaned.is_empty() || cleaned.contains(['e', 'E', 'i', 'I', 'n', 'N']) {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

pub fn show_number(n: f64) -> String {
    let s = if n.fract() == 0.0 && n.abs() < 9.0e15 {
        (n as i64).to_string()
    } else {
        n.to_string()
    };
    to_thai_digits(&s)
}

/// The choice a string names: by id, or by its label (exact, ignoring spaces).
fn find_choice<'a>(f: &'a Field, s: &str) -> Option<&'a super::template::Choice> {
    let norm = |x: &str| x.split_whitespace().collect::<String>();
    let s = s.trim();
    f.choice(s)
        .or_else(|| f.choices.iter().find(|c| norm(&c.label) == norm(s)))
}

fn specify_text(v: Option<&Value>) -> Result<String, String> {
    match v {
        None | Some(Value::Null) => Ok(String::new()),
        Some(x) => {
            let s = as_text(x).ok_or("คำระบุต้องเป็นข้อความ")?;
            check_text(&s, false, 300)?;
            Ok(s.trim().to_owned())
        }
    }
}

fn normalize_single(f: &Field, v: &Value) -> Result<Value, String> {
    let (name, spec) = match v {
        Value::String(s) => (s.clone(), String::new()),
        Value::Object(o) => (
            o.get("choice").and_then(as_text).unwrap_or_default(),
            specify_text(o.get("specify"))?,
        ),
        _ => return Err("ต้องเป็นรหัสหรือข้อความของตัวเลือก".into()),
    };
    if name.trim().is_empty() {
        return Ok(Value::Null);
    }
    let c = find_choice(f, &name).ok_or_else(|| format!("ไม่มีตัวเลือก “{name}” ในข้อนี้"))?;
    let mut o = Map::new();
    o.insert("choice".into(), json!(c.id));
    if c.specify {
        if spec.is_empty() {
            return Err(format!(
                "เลือก “{}” แล้ว กรุณา{}",
                c.label,
                c.specify_word_or_default()
            ));
        }
        o.insert("specify".into(), json!(spec));
    }
    Ok(Value::Object(o))
}

impl super::template::Choice {
    fn specify_word_or_default(&self) -> &str {
        match self.specify_word() {
            "" => "ระบุ",
            w => w,
        }
    }
}

fn normalize_multi(f: &Field, v: &Value) -> Result<Value, String> {
    let (names, specs): (Vec<Value>, Map<String, Value>) = match v {
        Value::String(s) => (vec![json!(s)], Map::new()),
        Value::Array(a) => (a.clone(), Map::new()),
        Value::Object(o) => (
            match o.get("choices") {
                Some(Value::Array(a)) => a.clone(),
                None | Some(Value::Null) => Vec::new(),
                Some(_) => return Err("choices ต้องเป็นรายการ".into()),
            },
            match o.get("specify") {
                Some(Value::Object(s)) => s.clone(),
                None | Some(Value::Null) => Map::new(),
                Some(_) => return Err("specify ต้องเป็นรายการ รหัสตัวเลือก → ข้อความ".into()),
            },
        ),
        _ => return Err("ต้องเป็นรายการตัวเลือก".into()),
    };
    let mut chosen: Vec<&super::template::Choice> = Vec::new();
    for n in &names {
        let s = as_text(n).ok_or("ตัวเลือกต้องเป็นข้อความ")?;
        let c = find_choice(f, &s).ok_or_else(|| format!("ไม่มีตัวเลือก “{s}” ในข้อนี้"))?;
        if !chosen.iter().any(|x| x.id == c.id) {
            chosen.push(c);
        }
    }
    // Keep the template's order, whatever order they were given in.
    chosen.sort_by_key(|c| f.choices.iter().position(|x| x.id == c.id));
    let mut spec_out = Map::new();
    for c in &chosen {
        let text = specify_text(specs.get(&c.id))?;
        if c.specify {
            if text.is_empty() {
                return Err(format!(
                    "เลือก “{}” แล้ว กรุณา{}",
                    c.label,
                    c.specify_word_or_default()
                ));
            }
            spec_out.insert(c.id.clone(), json!(text));
        }
    }
    if chosen.is_empty() {
        return Ok(Value::Null);
    }
    let mut o = Map::new();
    o.insert(
        "choices".into(),
        json!(chosen.iter().map(|c| &c.id).collect::<Vec<_>>()),
    );
    if !spec_out.is_empty() {
        o.insert("specify".into(), Value::Object(spec_out));
    }
    Ok(Value::Object(o))
}

fn normalize_rating(f: &Field, v: &Value) -> Result<Value, String> {
    let Value::Object(o) = v else {
        return Err("ต้องเป็นรายการ หัวข้อ → คะแนน ๑–๕".into());
    };
    let scale = f.scale();
    let mut out = Map::new();
    let mut ids: Vec<&str> = f.rating_items().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    for (k, x) in o {
        if ids.binary_search(&k.as_str()).is_err() {
            return Err(format!("ไม่มีหัวข้อประเมิน “{k}” ในตารางนี้"));
        }
        let score = match x {
            Value::Null => continue,
            Value::Number(n) => n.as_u64().filter(|n| (1..=5).contains(n)),
            Value::String(s) => {
                let s = s.trim();
                scale
                    .iter()
                    .position(|l| *l == s)
                    .map(|i| 5 - i as u64)
                    .or_else(|| {
                        parse_number(s)
                            .filter(|n| n.fract() == 0.0 && (1.0..=5.0).contains(n))
                            .map(|n| n as u64)
                    })
            }
            _ => None,
        }
        .ok_or_else(|| {
            let label = f
                .rating_items()
                .find(|i| &i.id == k)
                .map(|i| i.label.as_str())
                .unwrap_or(k);
            let given = match x {
                Value::String(s) => format!(" (ได้ “{s}”)"),
                other => format!(" (ได้ {other})"),
            };
            format!(
                "คะแนนของหัวข้อ “{label}”{given} ต้องเป็น ๑–๕ หรือ {}",
                scale.join(" ")
            )
        })?;
        out.insert(k.clone(), json!(score));
    }
    if f.required && !out.is_empty() {
        let missing: Vec<String> = f
            .groups
            .iter()
            .flat_map(|g| g.items.iter().enumerate().map(move |(i, it)| (g, i, it)))
            .filter(|(_, _, it)| !out.contains_key(&it.id))
            .map(|(g, i, _)| format!("{} ข้อ {}", g.title, digits(i + 1)))
            .collect();
        if !missing.is_empty() {
            return Err(format!("ยังไม่ได้ให้คะแนน: {}", missing.join(", ")));
        }
    }
    Ok(Value::Object(out))
}

fn normalize_signature(f: &Field, v: &Value) -> Result<Value, String> {
    let o = match v {
        Value::Object(o) => o.clone(),
        Value::String(s) => {
            let mut o = Map::new();
            o.insert("name".into(), json!(s));
            o
        }
        _ => return Err("ต้องเป็น ชื่อ ตำแหน่ง และวันที่ของผู้ลงนาม".into()),
    };
    let mut out = Map::new();
    for (k, x) in &o {
        match k.as_str() {
            "name" | "position" => {
                let s = as_text(x).ok_or("ชื่อและตำแหน่งต้องเป็นข้อความ")?;
                check_text(&s, false, 200)?;
                if !s.trim().is_empty() {
                    out.insert(k.clone(), json!(s.trim()));
                }
            }
            "date" => {
                let s = as_text(x).ok_or("วันที่ลงนามต้องเป็นวันที่")?;
                if !s.trim().is_empty() {
                    let d = date::parse(&s).map_err(|e| format!("วันที่ลงนาม: {}", e.0))?;
                    out.insert(k.clone(), json!(date::iso(d)));
                }
            }
            other => {
                return Err(format!(
                    "ช่องลงนามไม่มี “{other}” (มีเพียง name, position, date)"
                ));
            }
        }
    }
    if f.required && !out.contains_key("name") {
        return Err("กรุณากรอกชื่อผู้ลงนาม".into());
    }
    Ok(Value::Object(out))
}

/// Text of one answer as a person reads it (choice labels, BE dates), for lists and search.
/// Citizen ids are masked unless `reveal`.
pub fn display_value(f: &Field, v: &Value, reveal: bool) -> String {
    match f.kind {
        FieldKind::CitizenId => {
            let s = as_text(v).unwrap_or_default();
            if reveal {
                citizen_id::format(&s)
            } else {
                citizen_id::mask(&s)
            }
        }
        FieldKind::Date => {
            let s = as_text(v).unwrap_or_default();
            match chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                Ok(d) => date::format_long(d),
                Err(_) => s,
            }
        }
        FieldKind::Number => match v {
            Value::Number(n) => n.as_f64().map(show_number).unwrap_or_default(),
            other => as_text(other).unwrap_or_default(),
        },
        FieldKind::Single => {
            let id = v.get("choice").and_then(Value::as_str).unwrap_or_default();
            let spec = v.get("specify").and_then(Value::as_str).unwrap_or_default();
            choice_text(f, id, spec)
        }
        FieldKind::Multi => {
            let specs = v.get("specify");
            v.get("choices")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|id| {
                            let spec = specs
                                .and_then(|s| s.get(id))
                                .and_then(Value::as_str)
                                .unwrap_or_default();
                            choice_text(f, id, spec)
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default()
        }
        FieldKind::Rating => {
            let n = v.as_object().map(|o| o.len()).unwrap_or(0);
            let total = f.rating_items().count();
            format!("ให้คะแนน {}/{} ข้อ", digits(n), digits(total))
        }
        FieldKind::Signature => v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => as_text(v).unwrap_or_default(),
    }
}

fn choice_text(f: &Field, id: &str, spec: &str) -> String {
    let label = f.choice(id).map(|c| c.label.as_str()).unwrap_or(id);
    if spec.is_empty() {
        label.to_owned()
    } else {
        format!("{label} ({spec})")
    }
}
