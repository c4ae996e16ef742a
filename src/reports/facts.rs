//! What a report reads of a record, kept beside it by the store (table `record_facts`) so
//! that a report over 100,000 responses never parses their answers: ratings and choices as
//! one short line, and the open answers (long text, "อื่น ๆ ระบุ") as a small JSON object.
//!
//! Line format, entries joined by `;`: a rating grid `field=5443-2` (one character per item
//! in the order of the template version the record was filled with, `-` for an item left
//! empty), a single choice `field=choice`, a multiple choice `field=a|b`. Ids are ascii
//! `[a-z0-9_]` (the template check guarantees it), so the separators never occur inside
//! them. A grid is positional to keep the line short (a reader maps positions to items with
//! the record's template version). The lines are stored: a change of this format needs a
//! migration that rebuilds `record_facts` (as migration 006's hook builds it).

use crate::forms::{Answers, FieldKind, Template};
use serde_json::{Map, Value};

/// The facts line and the open answers (`None` when there are none) of a record.
pub fn derive(t: &Template, answers: &Answers) -> (String, Option<String>) {
    let mut line = String::new();
    let mut texts = Map::new();
    let mut push = |entry: &str| {
        if !line.is_empty() {
            line.push(';');
        }
        line.push_str(entry);
    };
    let fields = t
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().map(move |f| (s, f)));
    for (section, f) in fields {
        let Some(v) = answers.get(&f.id) else {
            continue;
        };
        match f.kind {
            FieldKind::Rating => {
                let grid: String = f
                    .rating_items()
                    .map(|item| {
                        v.get(&item.id)
                            .and_then(Value::as_u64)
                            .filter(|x| (1..=5).contains(x))
                            .and_then(|x| char::from_digit(x as u32, 10))
                            .unwrap_or('-')
                    })
                    .collect();
                if grid.chars().any(|c| c != '-') {
                    push(&format!("{}={grid}", f.id));
                }
            }
            FieldKind::Single => {
                if let Some(c) = v.get("choice").and_then(Value::as_str) {
                    push(&format!("{}={c}", f.id));
                    if let Some(s) = v.get("specify").and_then(Value::as_str)
                        && !s.trim().is_empty()
                    {
                        texts.insert(format!("{}#{c}", f.id), Value::from(s.trim()));
                    }
                }
            }
            FieldKind::Multi => {
                if let Some(cs) = v.get("choices").and_then(Value::as_array) {
                    let ids: Vec<&str> = cs.iter().filter_map(Value::as_str).collect();
                    if !ids.is_empty() {
                        push(&format!("{}={}", f.id, ids.join("|")));
                    }
                }
                if let Some(sp) = v.get("specify").and_then(Value::as_object) {
                    for (c, s) in sp {
                        if let Some(s) = s.as_str().filter(|s| !s.trim().is_empty()) {
                            texts.insert(format!("{}#{c}", f.id), Value::from(s.trim()));
                        }
                    }
                }
            }
            // What the office writes in its own sections (a checker's note) is not an
            // answer of the respondent.
            FieldKind::LongText if !section.office_use => {
                if let Some(s) = v.as_str().filter(|s| !s.trim().is_empty()) {
                    texts.insert(f.id.clone(), Value::from(s.trim()));
                }
            }
            _ => {}
        }
    }
    let texts = (!texts.is_empty()).then(|| Value::Object(texts).to_string());
    (line, texts)
}

/// The entries of a facts line as (key, value).
pub fn entries(line: &str) -> impl Iterator<Item = (&str, &str)> {
    line.split(';').filter_map(|e| e.split_once('='))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ratings_choices_and_texts() {
        let t = crate::forms::builtin()
            .unwrap_or_default()
            .into_iter()
            .find(|t| t.id == "service_satisfaction")
            .unwrap_or_else(|| panic!("service_satisfaction"));
        let a = json!({
            "user_type": {"choice": "other", "specify": " ศึกษานิเทศก์ "},
            "service": "e-Office",
            "satisfaction": {"proc_easy": 5, "proc_paperless": 3, "overall": 4},
            "suggestions": "ดีมาก",
        });
        let empty = Map::new();
        let (line, texts) = derive(&t, a.as_object().unwrap_or(&empty));
        let got: Vec<(&str, &str)> = entries(&line).collect();
        assert!(got.contains(&("user_type", "other")));
        // Items in template order: proc_easy, proc_fast, proc_paperless, … overall (last).
        assert!(got.contains(&("satisfaction", "5-3---------4")));
        let texts: Value = serde_json::from_str(&texts.unwrap_or_default()).unwrap_or_default();
        assert_eq!(texts["user_type#other"], "ศึกษานิเทศก์");
        assert_eq!(texts["suggestions"], "ดีมาก");
        assert!(
            texts.get("service").is_none(),
            "short text is not an open answer"
        );
    }
}
