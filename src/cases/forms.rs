//! Forms in cases, both ways: a record filled from a case's step starts with the requester
//! and the case number (fields whose `prefill` is `requester.*` or `case.*`); a case started
//! from a record takes its requester from those same fields; and an office-use section whose
//! `filled_at` names a step gets its empty fields filled when that step finishes.

use super::model::{Case, Outcome, Requester};
use crate::forms::answers::is_empty;
use crate::forms::{Answers, FieldKind, OfficeProfile, Template};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

/// The value of a case prefill key for `case`; `None` for other keys.
fn case_value(key: &str, case: &Case) -> Option<String> {
    Some(match key {
        "requester.name" => case.requester.name.clone(),
        "requester.unit" => case.requester.unit.clone(),
        "requester.contact" => case.requester.contact.clone(),
        "case.number" => crate::thai::to_thai_digits(&case.number),
        "case.title" => case.title.clone(),
        _ => return None,
    })
}

/// What a new record of `t` filled for `case` starts with, on top of the office profile's
/// prefill: the requester and the case's number and title.
pub fn prefill_for_case(t: &Template, case: &Case, base: &mut Answers) {
    for f in t.fields() {
        let Some(key) = &f.prefill else { continue };
        if let Some(v) = case_value(key, case).filter(|v| !v.trim().is_empty()) {
            base.insert(f.id.clone(), json!(v));
        }
    }
}

/// The requester named in a record (its `requester.*` fields).
pub fn requester_of(t: &Template, answers: &Answers) -> Requester {
    let mut r = Requester::default();
    for f in t.fields() {
        let text = match answers.get(&f.id) {
            Some(Value::String(s)) => s.trim().to_owned(),
            _ => continue,
        };
        match f.prefill.as_deref() {
            Some("requester.name") => r.name = text,
            Some("requester.unit") => r.unit = text,
            Some("requester.contact") if r.contact.is_empty() => r.contact = text,
            _ => {}
        }
    }
    r
}

/// A title for a case opened from a record: the form's title and who asked.
pub fn title_of(t: &Template, answers: &Answers) -> String {
    let r = requester_of(t, answers);
    match (r.name.is_empty(), r.unit.is_empty()) {
        (false, false) => format!("{} — {} ({})", t.title, r.name, r.unit),
        (false, true) => format!("{} — {}", t.title, r.name),
        (true, false) => format!("{} — {}", t.title, r.unit),
        (true, true) => t.title.clone(),
    }
}

/// What finishing a step writes into an attached record's office-use section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeFill {
    pub record_id: i64,
    /// Field id → value, for fields that are empty when the step finishes (a value the
    /// officer typed is never replaced).
    pub values: Answers,
}

/// The step that finished, as office-use sections see it.
#[derive(Debug, Clone)]
pub struct FinishedStep<'a> {
    /// "p07:C".
    pub key: String,
    pub at: NaiveDateTime,
    /// The word on the way taken at a decision ("อนุมัติ"), if it was one.
    pub result: Option<(Outcome, String)>,
    pub note: &'a str,
}

/// The office-use fields that finishing `step` fills in each record (record id, its
/// template version, its answers).
pub fn office_fills(
    step: &FinishedStep<'_>,
    records: &[(i64, &Template, &Answers)],
    profile: &OfficeProfile,
) -> Vec<OfficeFill> {
    let mut out = Vec::new();
    for (id, t, answers) in records {
        let mut values = Answers::new();
        for s in t
            .sections
            .iter()
            .filter(|s| s.office_use && s.filled_at.contains(&step.key))
        {
            for f in &s.fields {
                let Some(key) = &f.prefill else { continue };
                if answers.get(&f.id).is_some_and(|v| !is_empty(v)) {
                    continue;
                }
                let value = match key.as_str() {
                    "step.date" | "today" => {
                        Some(json!(step.at.date().format("%Y-%m-%d").to_string()))
                    }
                    "step.result" => step.result.as_ref().map(|(_, w)| {
                        if step.note.trim().is_empty() {
                            json!(w)
                        } else {
                            json!(format!("{w}: {}", step.note.trim()))
                        }
                    }),
                    "step.note" => (!step.note.trim().is_empty()).then(|| json!(step.note.trim())),
                    _ if f.kind == FieldKind::Signature => profile.signature(key),
                    other => profile
                        .lookup(other, step.at.date())
                        .filter(|v| !v.is_empty())
                        .map(|v| json!(v)),
                };
                if let Some(v) = value {
                    values.insert(f.id.clone(), v);
                }
            }
        }
        if !values.is_empty() {
            out.push(OfficeFill {
                record_id: *id,
                values,
            });
        }
    }
    out
}
