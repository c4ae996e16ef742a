//! How much one record may hold, whatever its state (complete, draft, autosaved typing,
//! imported): the limits that keep one pasted or imported value from filling the disk or
//! stopping the program when it is printed. Complete records are held to each field's own
//! length on top of these (`Field::max_chars`, by default 200 characters, 5,000 for long
//! text); these ceilings apply to everything, drafts included.

use super::{Answers, Template};
use crate::thai::to_thai_digits;
use serde_json::Value;

/// The longest text of any one answer (a draft may exceed its field's own length up to
/// this): the most the template editor lets a field allow.
pub const MAX_VALUE_CHARS: usize = 100_000;

/// The most one record's answers may take, as stored (JSON, UTF-8).
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The largest data file (`--data`, a mapping file) read.
pub const MAX_DATA_FILE_BYTES: u64 = 16 << 20;

/// The largest CSV of online-form responses imported (about a million rows).
pub const MAX_CSV_BYTES: u64 = 512 << 20;

/// The largest JSON export imported back.
pub const MAX_JSON_EXPORT_BYTES: u64 = 1 << 30;

/// The longest text counted in `v`, and where (field id, or field id and its part).
fn longest(v: &Value) -> usize {
    match v {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.iter().map(longest).max().unwrap_or(0),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| longest(v).max(k.chars().count()))
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// Checks a record's answers against the ceilings; the Thai message names the field.
pub fn check(t: Option<&Template>, answers: &Answers) -> Result<(), String> {
    for (id, v) in answers {
        let n = longest(v).max(id.chars().count());
        if n > MAX_VALUE_CHARS {
            let name = t
                .and_then(|t| t.field(id))
                .map(|f| f.display_name().to_owned())
                .unwrap_or_else(|| id.clone());
            return Err(format!(
                "ช่อง “{name}” ยาวเกินกำหนด: {} ตัวอักษร (ไม่เกิน {} ตัวอักษร แม้เป็นฉบับร่าง) จึงไม่ได้บันทึก",
                to_thai_digits(&group(n)),
                to_thai_digits(&group(MAX_VALUE_CHARS))
            ));
        }
    }
    // Most records are far below the limit: a quick upper bound (every byte escaped as
    // \uXXXX) spares serialising them only to measure.
    if upper_bound(answers) <= MAX_RECORD_BYTES {
        return Ok(());
    }
    check_bytes(json_len(answers))
}

/// An upper bound of the JSON length of `answers` (six bytes per byte of text).
fn upper_bound(answers: &Answers) -> usize {
    fn of(v: &Value) -> usize {
        match v {
            Value::String(s) => 2 + 6 * s.len(),
            Value::Array(a) => 2 + a.iter().map(|x| of(x) + 1).sum::<usize>(),
            Value::Object(o) => {
                2 + o
                    .iter()
                    .map(|(k, x)| 4 + 6 * k.len() + of(x))
                    .sum::<usize>()
            }
            _ => 32,
        }
    }
    2 + answers
        .iter()
        .map(|(k, v)| 4 + 6 * k.len() + of(v))
        .sum::<usize>()
}

/// The length of `answers` as stored (compact JSON), counted without building the text.
fn json_len(answers: &Answers) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, answers);
    c.0
}

/// Checks the size of a record's answers as stored (JSON bytes).
pub fn check_bytes(bytes: usize) -> Result<(), String> {
    if bytes > MAX_RECORD_BYTES {
        return Err(format!(
            "ข้อมูลของบันทึกนี้รวมกันใหญ่เกินกำหนด ({} กิโลไบต์; ไม่เกิน {} กิโลไบต์ต่อบันทึก) จึงไม่ได้บันทึก",
            to_thai_digits(&group(bytes.div_ceil(1024))),
            to_thai_digits(&group(MAX_RECORD_BYTES / 1024))
        ));
    }
    Ok(())
}

/// The answers with every text over `MAX_VALUE_CHARS` cut there and marked, for printing a
/// record that an older version stored before the limits existed.
pub fn clipped(answers: &Answers) -> std::borrow::Cow<'_, Answers> {
    fn too_long(v: &Value) -> bool {
        longest(v) > MAX_VALUE_CHARS
    }
    fn clip(v: &mut Value) {
        match v {
            Value::String(s) => {
                if let Some((i, _)) = s.char_indices().nth(MAX_VALUE_CHARS) {
                    s.truncate(i);
                    s.push_str(" …[ข้อความยาวเกินกำหนด พิมพ์เพียง ๑๐๐,๐๐๐ ตัวอักษรแรก]");
                }
            }
            Value::Array(a) => a.iter_mut().for_each(clip),
            Value::Object(o) => o.values_mut().for_each(clip),
            _ => {}
        }
    }
    if !answers.values().any(too_long) {
        return std::borrow::Cow::Borrowed(answers);
    }
    let mut out = answers.clone();
    out.values_mut().for_each(clip);
    std::borrow::Cow::Owned(out)
}

/// 100000 → "100,000".
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_or_a_record_over_the_ceiling_is_refused_by_name() {
        let mut a = Answers::new();
        a.insert("note".into(), json!("ก".repeat(MAX_VALUE_CHARS)));
        assert!(check(None, &a).is_ok());
        a.insert("note".into(), json!("ก".repeat(MAX_VALUE_CHARS + 1)));
        let e = check(None, &a).unwrap_err();
        assert!(e.contains("“note”") && e.contains("๑๐๐,๐๐๑"), "{e}");
        let mut b = Answers::new();
        for i in 0..12 {
            b.insert(format!("f{i}"), json!({"x": "ข".repeat(40_000)}));
        }
        assert!(check(None, &b).unwrap_err().contains("กิโลไบต์"));
        assert_eq!(group(1_048_576), "1,048,576");
    }
}
