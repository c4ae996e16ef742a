//! A complete record is a valid record: `Checked` holds answers that passed `normalize` with
//! no error against one template version. Only this module can make one, and the store saves
//! a record as complete only from a `Checked` (or after checking it itself), so no caller can
//! save an invalid complete record.

use super::{Answers, FieldError, Template, limits, normalize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    form_id: String,
    version: u32,
    answers: Answers,
}

impl Checked {
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub fn into_answers(self) -> Answers {
        self.answers
    }

    /// The form and template version these answers were checked against.
    pub fn form(&self) -> (&str, u32) {
        (&self.form_id, self.version)
    }

    /// Whether these answers were checked against this template version.
    pub fn is_for(&self, t: &Template) -> bool {
        self.form_id == t.id && self.version == t.version
    }
}

/// Checks `input` against `t`: the canonical answers when every field is right, else the
/// answers as far as they could be read (what a draft keeps) and one Thai message per field.
pub fn check(t: &Template, input: &Answers) -> Result<Checked, (Answers, Vec<FieldError>)> {
    let (answers, mut errors) = normalize(t, input);
    if errors.is_empty()
        && let Err(message) = limits::check(Some(t), &answers)
    {
        errors.push(FieldError {
            field: String::new(),
            message,
        });
    }
    if errors.is_empty() {
        Ok(Checked {
            form_id: t.id.clone(),
            version: t.version,
            answers,
        })
    } else {
        Err((answers, errors))
    }
}

/// The errors as one Thai line each, naming the field by its label.
pub fn describe(t: &Template, errors: &[FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| match t.field(&e.field) {
            Some(f) => format!("{}: {}", f.display_name(), e.message),
            None if e.field.is_empty() => e.message.clone(),
            None => format!("{}: {}", e.field, e.message),
        })
        .collect()
}
