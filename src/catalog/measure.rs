//! How a process's KPI (section ๘ of its page in the manual) is measured, written as data
//! in the process's file (`[measure]`) next to the KPI text it measures.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    /// The share of respondents of these forms satisfied at "มาก" or above: their own mean
    /// over the form's rating items at least 3.51 (0.50 bands) or 3.41 (0.80 bands).
    Satisfied {
        forms: Vec<String>,
        #[serde(default)]
        target: Option<f64>,
    },
    /// The share of a register's records done within the standard (`assets/reports`
    /// names the dates and the standards row).
    WithinStandard {
        form: String,
        #[serde(default)]
        target: Option<f64>,
    },
    /// The share of records whose answer to `field` is one of `choices`.
    ChoiceShare {
        form: String,
        field: String,
        choices: Vec<String>,
        #[serde(default)]
        target: Option<f64>,
    },
    /// No record says it: the office states the result with its evidence.
    Manual {
        why: String,
        #[serde(default)]
        target: Option<f64>,
    },
}

impl Measure {
    /// The target the measure's data gives (the KPI text's own "ร้อยละ …" comes first).
    pub fn target(&self) -> Option<f64> {
        match self {
            Measure::Satisfied { target, .. }
            | Measure::WithinStandard { target, .. }
            | Measure::ChoiceShare { target, .. }
            | Measure::Manual { target, .. } => *target,
        }
    }

    /// The forms the measure reads.
    pub fn forms(&self) -> Vec<&str> {
        match self {
            Measure::Satisfied { forms, .. } => forms.iter().map(String::as_str).collect(),
            Measure::WithinStandard { form, .. } | Measure::ChoiceShare { form, .. } => {
                vec![form.as_str()]
            }
            Measure::Manual { .. } => Vec::new(),
        }
    }
}

/// "ร้อยละ ๘๐" (or "ร้อยละ 80") in a KPI text: the target percentage it states.
pub fn target_in_text(text: &str) -> Option<f64> {
    let at = text.find("ร้อยละ")?;
    let rest = text[at + "ร้อยละ".len()..].trim_start();
    let digits: String = rest
        .chars()
        .take_while(|c| crate::thai::numerals::digit_value(*c).is_some() || *c == '.')
        .map(|c| {
            crate::thai::numerals::digit_value(c)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(c)
        })
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_from_text() {
        assert_eq!(target_in_text("ผู้รับบริการพึงพอใจ ร้อยละ ๘๐ ขึ้นไป"), Some(80.0));
        assert_eq!(target_in_text("ไม่น้อยกว่าร้อยละ 85.5"), Some(85.5));
        assert_eq!(target_in_text("มีแผนพัฒนา"), None);
    }
}
