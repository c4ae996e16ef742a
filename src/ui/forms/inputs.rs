//! What the officer is typing into a form, field by field, before it is checked: text as typed
//! (dates in BE, ids with dashes), choices, ratings and signatures. Converts to and from a
//! record's answers.

use crate::forms::{Answers, Field, FieldKind, Template};
use crate::thai::{citizen_id, date};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signature {
    pub name: String,
    pub position: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(String),
    Choice {
        selected: Vec<String>,
        specify: BTreeMap<String, String>,
    },
    Rating(BTreeMap<String, u8>),
    Signature(Signature),
    None,
}

impl Input {
    pub fn empty(f: &Field) -> Input {
        match f.kind {
            FieldKind::Single | FieldKind::Multi => Input::Choice {
                selected: Vec::new(),
                specify: BTreeMap::new(),
            },
            FieldKind::Rating => Input::Rating(BTreeMap::new()),
            FieldKind::Signature => Input::Signature(Signature::default()),
            FieldKind::Note | FieldKind::Unknown(_) => Input::None,
            _ => Input::Text(String::new()),
        }
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A date as the officer types it back: ISO dates in BE, anything else as it was typed.
fn date_text(v: &Value) -> String {
    let s = text_of(v);
    match chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        Ok(d) => date::format_input(d),
        Err(_) => s,
    }
}

/// The editable form of one stored answer.
pub fn input_from_value(f: &Field, v: Option<&Value>) -> Input {
    let Some(v) = v else { return Input::empty(f) };
    match f.kind {
        FieldKind::Date => Input::Text(date_text(v)),
        FieldKind::CitizenId => {
            let s = text_of(v);
            Input::Text(if s.len() == 13 && s.bytes().all(|b| b.is_ascii_digit()) {
                citizen_id::format(&s)
            } else {
                s
            })
        }
        FieldKind::Single | FieldKind::Multi => {
            let mut selected = Vec::new();
            let mut specify = BTreeMap::new();
            match v {
                Value::String(s) => selected.push(s.clone()),
                Value::Array(a) => selected.extend(a.iter().map(text_of)),
                Value::Object(o) => {
                    if let Some(c) = o.get("choice") {
                        selected.push(text_of(c));
                        if let Some(s) = o.get("specify") {
                            specify.insert(text_of(c), text_of(s));
                        }
                    }
                    if let Some(Value::Array(a)) = o.get("choices") {
                        selected.extend(a.iter().map(text_of));
                    }
                    if let Some(Value::Object(s)) = o.get("specify") {
                        for (k, x) in s {
                            specify.insert(k.clone(), text_of(x));
                        }
                    }
                }
                _ => {}
            }
            Input::Choice { selected, specify }
        }
        FieldKind::Rating => Input::Rating(
            v.as_object()
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, x)| x.as_u64().map(|n| (k.clone(), n.min(5) as u8)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        FieldKind::Signature => Input::Signature(Signature {
            name: v.get("name").map(text_of).unwrap_or_default(),
            position: v.get("position").map(text_of).unwrap_or_default(),
            date: v.get("date").map(date_text).unwrap_or_default(),
        }),
        FieldKind::Note | FieldKind::Unknown(_) => Input::None,
        _ => Input::Text(text_of(v)),
    }
}

/// The inputs of every field of `t` from stored answers (or empty ones).
pub fn inputs_from_answers(t: &Template, a: &Answers) -> BTreeMap<String, Input> {
    t.fields()
        .map(|f| (f.id.clone(), input_from_value(f, a.get(&f.id))))
        .collect()
}

/// Raw answers (as typed) to hand to `forms::normalize`.
pub fn answers_from_inputs(t: &Template, inputs: &BTreeMap<String, Input>) -> Answers {
    let mut a = Answers::new();
    for f in t.fields() {
        let Some(input) = inputs.get(&f.id) else {
            continue;
        };
        let v = match input {
            Input::Text(s) if s.trim().is_empty() => continue,
            Input::Text(s) => json!(s),
            Input::Choice { selected, specify } => {
                if selected.is_empty() {
                    continue;
                }
                let spec: Map<String, Value> = specify
                    .iter()
                    .filter(|(k, s)| selected.contains(k) && !s.trim().is_empty())
                    .map(|(k, s)| (k.clone(), json!(s)))
                    .collect();
                if f.kind == FieldKind::Single {
                    let c = &selected[0];
                    match spec.get(c) {
                        Some(s) => json!({"choice": c, "specify": s}),
                        None => json!({"choice": c}),
                    }
                } else if spec.is_empty() {
                    json!({"choices": selected})
                } else {
                    json!({"choices": selected, "specify": spec})
                }
            }
            Input::Rating(r) => {
                if r.is_empty() {
                    continue;
                }
                Value::Object(r.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
            }
            Input::Signature(s) => {
                let mut o = Map::new();
                for (k, v) in [
                    ("name", &s.name),
                    ("position", &s.position),
                    ("date", &s.date),
                ] {
                    if !v.trim().is_empty() {
                        o.insert(k.into(), json!(v));
                    }
                }
                if o.is_empty() {
                    continue;
                }
                Value::Object(o)
            }
            Input::None => continue,
        };
        a.insert(f.id.clone(), v);
    }
    a
}
