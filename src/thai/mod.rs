//! Thai text helpers shared by screen and paper: word-boundary line breaking, numerals,
//! Buddhist-era dates, citizen ids and the order of vowel and tone marks.

pub mod citizen_id;
pub mod date;
pub mod linebreak;
pub mod marks;
pub mod numerals;

pub use linebreak::{break_opportunities, wrap_lines};
pub use numerals::{digits, parse_thai_number, to_thai_digits};

/// Lower case for searching, quick on Thai: ASCII and the Thai block (which has no case) are
/// copied as they are; only other letters go through Unicode's tables.
pub fn lowercase(s: &str) -> String {
    let thai = |c: char| ('\u{0E00}'..='\u{0E7F}').contains(&c);
    if !s.chars().all(|c| c.is_ascii() || thai(c)) {
        // Other scripts have rules that need the whole word (Greek's final sigma).
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod lowercase_tests {
    #[test]
    fn lowercase_matches_the_standard_library() {
        for s in ["ข้อมูล ABC Ünïcode ΣΑΣ ไทย", "", "MIXED ไทย 123"] {
            assert_eq!(super::lowercase(s), s.to_lowercase());
        }
    }
}
