//! Thai citizen identification numbers (เลขประจำตัวประชาชน): 13 digits, the last a check digit.
//! Personal data under the PDPA: lists and exports show them masked.

use super::numerals::digit_value;

/// Why a typed id is not a citizen id, in Thai.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenIdError(pub String);

/// The 13 digits of a typed id; spaces and dashes are allowed between digits, Thai digits too.
pub fn parse(text: &str) -> Result<String, CitizenIdError> {
    let mut digits = String::with_capacity(13);
    for c in text.trim().chars() {
        match digit_value(c) {
            Some(d) => digits.push(char::from(b'0' + d as u8)),
            None if c == ' ' || c == '-' => {}
            None => {
                return Err(CitizenIdError(format!(
                    "เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น (พบ “{}”)",
                    c.escape_default()
                )));
            }
        }
    }
    if digits.len() != 13 {
        return Err(CitizenIdError(format!(
            "เลขประจำตัวประชาชนต้องมี ๑๓ หลัก (กรอกมา {} หลัก)",
            super::digits(digits.len())
        )));
    }
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    if d[12] != check_digit(&d[..12]) {
        return Err(CitizenIdError(
            "เลขประจำตัวประชาชนไม่ถูกต้อง: หลักสุดท้าย (เลขตรวจสอบ) ไม่ตรง กรุณาตรวจทานอีกครั้ง".into(),
        ));
    }
    Ok(digits)
}

/// Check digit of the first 12 digits: (11 − Σ dᵢ·(13−i) mod 11) mod 10.
pub fn check_digit(first12: &[u32]) -> u32 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| d * (13 - i as u32))
        .sum();
    (11 - sum % 11) % 10
}

/// "1-2345-67890-12-1".
pub fn format(digits: &str) -> String {
    let s: Vec<char> = digits.chars().collect();
    if s.len() != 13 {
        return digits.to_owned();
    }
    let part = |a: usize, b: usize| s[a..b].iter().collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 1),
        part(1, 5),
        part(5, 10),
        part(10, 12),
        part(12, 13)
    )
}

/// "x-xxxx-xxxxx-12-1": only the last three digits shown. Anything that is not 13 digits is
/// masked whole, so a mistyped id never leaks either.
pub fn mask(text: &str) -> String {
    match parse_loose(text) {
        Some(d) => format!("x-xxxx-xxxxx-{}-{}", &d[10..12], &d[12..13]),
        None if text.trim().is_empty() => String::new(),
        None => "x".repeat(text.chars().count().min(17)),
    }
}

/// 13 digits ignoring separators, without checking the check digit.
fn parse_loose(text: &str) -> Option<String> {
    let mut digits = String::new();
    for c in text.chars() {
        match digit_value(c) {
            Some(d) => digits.push(char::from(b'0' + d as u8)),
            None if c == ' ' || c == '-' => {}
            None => return None,
        }
    }
    (digits.len() == 13).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid id from 12 digits by computing its check digit here, independently.
    fn valid(first12: &str) -> String {
        let d: Vec<u32> = first12.bytes().map(|b| u32::from(b - b'0')).collect();
        let mut sum = 0;
        for (i, x) in d.iter().enumerate() {
            sum += x * (13 - i as u32);
        }
        format!("{first12}{}", (11 - sum % 11) % 10)
    }

    #[test]
    fn accepts_valid_ids_in_written_forms() {
        // 1-1017-00230-70-? is the well-known example format; compute its digit.
        let id = valid("110170023070");
        assert_eq!(parse(&id), Ok(id.clone()));
        assert_eq!(parse(&format(&id)), Ok(id.clone()));
        let spaced: String = format(&id).replace('-', " ");
        assert_eq!(parse(&spaced), Ok(id.clone()));
        assert_eq!(parse(&super::super::to_thai_digits(&id)), Ok(id.clone()));
    }

    #[test]
    fn rejects_wrong_check_digit_length_and_letters() {
        let id = valid("310100123456");
        let last = id.as_bytes()[12] - b'0';
        let wrong = format!("{}{}", &id[..12], (last + 1) % 10);
        assert!(
            parse(&wrong)
                .expect_err("check digit")
                .0
                .contains("เลขตรวจสอบ")
        );
        assert!(
            parse(&id[..12])
                .expect_err("12 digits")
                .0
                .contains("๑๓ หลัก (กรอกมา ๑๒ หลัก)")
        );
        assert!(parse(&format!("{id}1")).is_err());
        assert!(
            parse("1-1017-0023O-70-1")
                .expect_err("letter O")
                .0
                .contains("ตัวเลข")
        );
        assert!(parse("").is_err());
    }

    #[test]
    fn masks_all_but_the_last_three_digits() {
        let id = valid("110170023070");
        let m = mask(&id);
        assert_eq!(m, format!("x-xxxx-xxxxx-{}-{}", &id[10..12], &id[12..]));
        assert!(!m.contains(&id[..10]));
        assert_eq!(mask("12345"), "xxxxx");
        assert_eq!(mask(""), "");
    }
}
