//! Thai numerals (๐–๙) ⇄ Arabic digits.

/// Replaces Arabic digits with Thai digits (๐–๙); other characters are kept.
pub fn to_thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('๐' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Replaces Thai digits with Arabic ones (what the database keeps); other characters are kept.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '๐'..='๙' => char::from_u32('0' as u32 + (c as u32 - '๐' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Value of a Thai (๐–๙) or Arabic digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '๐'..='๙' => Some(c as u32 - '๐' as u32),
        _ => None,
    }
}

/// Parses a whole number written in Thai or Arabic digits ("๑๕", "15"); `None` otherwise.
pub fn parse_thai_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |acc, c| {
        digit_value(c).and_then(|d| acc.checked_mul(10)?.checked_add(d))
    })
}

/// Anything displayable (a count, an id, a version) written with Thai digits.
pub fn digits(x: impl std::fmt::Display) -> String {
    to_thai_digits(&x.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_digits_both_ways() {
        assert_eq!(
            to_thai_digits("พ.ศ. 2569 เวลา 10:05"),
            "พ.ศ. ๒๕๖๙ เวลา ๑๐:๐๕"
        );
        assert_eq!(parse_thai_number("๑๕"), Some(15));
        assert_eq!(parse_thai_number(" 120 "), Some(120));
        assert_eq!(parse_thai_number("๑ก"), None);
        assert_eq!(parse_thai_number(""), None);
    }
}
