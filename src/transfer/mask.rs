//! Citizen ids (personal data under the PDPA) hidden in exports unless the officer asked for
//! them: in typed fields, and anywhere in the audit log's before/after values.

/// "x-xxxx-xxxxx-12-1", or nothing for an empty value.
pub fn mask_citizen_id(s: &str) -> String {
    crate::thai::citizen_id::mask(s)
}

/// Replaces every run of exactly 13 ASCII digits (how the store keeps a citizen id) with its
/// mask. Longer or shorter runs of digits (phone numbers, years, record numbers) stay.
pub fn mask_ids_in_text(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 13 {
                out.push_str(&text[copied..start]);
                out.push_str(&mask_citizen_id(&text[start..i]));
                copied = i;
            }
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_thirteen_digit_runs_only() {
        assert_eq!(
            mask_ids_in_text(r#"{"cid":"1101700203451","tel":"0812345678","n":12345678901234}"#),
            r#"{"cid":"x-xxxx-xxxxx-45-1","tel":"0812345678","n":12345678901234}"#
        );
        assert_eq!(
            mask_ids_in_text("ไทย 1101700203451"),
            "ไทย x-xxxx-xxxxx-45-1"
        );
    }
}
