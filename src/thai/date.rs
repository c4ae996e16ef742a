//! Buddhist-era dates: parsing what an officer types (BE or CE, Thai or Arabic digits, Thai
//! month names) and showing dates the Thai way ("๒๔ พฤศจิกายน ๒๕๖๙").

use super::numerals::{digit_value, to_thai_digits};
use crate::thai::digits;
use chrono::{Datelike, NaiveDate};

/// Years from this value on are read as Buddhist era (BE = CE + 543).
const BE_FROM: i32 = 2400;
pub const BE_OFFSET: i32 = 543;

pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

pub const MONTHS_SHORT: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// "๒๔ พฤศจิกายน ๒๕๖๙".
pub fn format_long(d: NaiveDate) -> String {
    to_thai_digits(&format!(
        "{} {} {}",
        d.day(),
        MONTHS[d.month0() as usize],
        d.year() + BE_OFFSET
    ))
}

/// "๒๔ พ.ย. ๒๕๖๙".
pub fn format_short(d: NaiveDate) -> String {
    to_thai_digits(&format!(
        "{} {} {}",
        d.day(),
        MONTHS_SHORT[d.month0() as usize],
        d.year() + BE_OFFSET
    ))
}

/// "๙ ธ.ค.": the day and short month, for a date whose year is understood.
pub fn format_day_month(d: NaiveDate) -> String {
    to_thai_digits(&format!(
        "{} {}",
        d.day(),
        MONTHS_SHORT[d.month0() as usize]
    ))
}

/// "๒๔ พ.ย. ๒๕๖๙ ๑๐:๐๕ น.": a short date with its time.
pub fn format_short_time(t: chrono::NaiveDateTime) -> String {
    format!(
        "{} {} น.",
        format_short(t.date()),
        to_thai_digits(&t.format("%H:%M").to_string())
    )
}

/// "24/11/2569": the form a date is typed back in (Arabic digits, BE year).
pub fn format_input(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year() + BE_OFFSET)
}

/// Why typed text is not a date, in Thai.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

/// Parses a date as an officer may type it: "24/11/2569", "24-11-2026", "2026-11-24",
/// "2569-11-24", "๒๔/๑๑/๒๕๖๙", "24 พ.ย. 69", "24 พฤศจิกายน 2569". Years ≥ 2400 are BE, others
/// CE; a two-digit year is BE (69 → 2569).
pub fn parse(text: &str) -> Result<NaiveDate, DateError> {
    let example = "รูปแบบวันที่ไม่ถูกต้อง ใช้ วัน/เดือน/ปี พ.ศ. เช่น ๒๔/๑๑/๒๕๖๙";
    let t = text.trim();
    if t.is_empty() {
        return Err(DateError("ยังไม่ได้กรอกวันที่".into()));
    }
    // Split into tokens of digits and of letters; separators are anything else except '.'
    // inside abbreviations such as "พ.ย.".
    let mut numbers: Vec<(i64, usize)> = Vec::new(); // (value, digit count)
    let mut month_word: Option<u32> = None;
    let mut word = String::new();
    let mut num: Option<(i64, usize)> = None;
    let flush_word = |word: &mut String, month_word: &mut Option<u32>| -> Result<(), DateError> {
        if word.is_empty() {
            return Ok(());
        }
        let w = word.trim_end_matches('.').to_owned();
        let found = MONTHS.iter().position(|m| *m == w).or_else(|| {
            MONTHS_SHORT
                .iter()
                .position(|m| m.trim_end_matches('.') == w)
        });
        word.clear();
        match found {
            Some(i) if month_word.is_none() => {
                *month_word = Some(i as u32 + 1);
                Ok(())
            }
            _ => Err(DateError(format!("ไม่รู้จักชื่อเดือน “{w}”"))),
        }
    };
    for c in t.chars() {
        if let Some(d) = digit_value(c) {
            flush_word(&mut word, &mut month_word)?;
            let (v, n) = num.unwrap_or((0, 0));
            if n >= 4 {
                return Err(DateError(example.into()));
            }
            num = Some((v * 10 + i64::from(d), n + 1));
        } else {
            if let Some(n) = num.take() {
                numbers.push(n);
            }
            if c.is_alphabetic() || (c == '.' && !word.is_empty()) || is_thai_mark(c) {
                word.push(c);
            } else {
                flush_word(&mut word, &mut month_word)?;
                if !(c.is_whitespace() || matches!(c, '/' | '-' | '.' | ',')) {
                    return Err(DateError(example.into()));
                }
            }
        }
    }
    if let Some(n) = num.take() {
        numbers.push(n);
    }
    flush_word(&mut word, &mut month_word)?;

    let (day, month, year) = match (month_word, numbers.as_slice()) {
        (Some(m), [(d, _), y]) => (*d, i64::from(m), *y),
        (None, [(y, 4), (m, _), (d, _)]) => (*d, *m, (*y, 4)),
        (None, [(d, _), (m, _), y]) => (*d, *m, *y),
        _ => return Err(DateError(example.into())),
    };
    let year = match year {
        (y, 1..=2) => 2500 + y,
        (y, 4) => y,
        _ => return Err(DateError("ปีต้องมี ๔ หลัก เช่น ๒๕๖๙".into())),
    };
    let ce = if year >= i64::from(BE_FROM) {
        year - i64::from(BE_OFFSET)
    } else {
        year
    };
    if !(1..=12).contains(&month) {
        return Err(DateError(format!(
            "ไม่มีเดือนที่ {} (เดือนมี ๑–๑๒)",
            digits(month)
        )));
    }
    if !(1800..=2300).contains(&ce) {
        return Err(DateError(format!("ปี {} อยู่นอกช่วงที่เป็นไปได้", digits(year))));
    }
    let (Ok(ce32), Ok(m32), Ok(d32)) =
        (i32::try_from(ce), u32::try_from(month), u32::try_from(day))
    else {
        return Err(DateError(example.into()));
    };
    NaiveDate::from_ymd_opt(ce32, m32, d32).ok_or_else(|| {
        DateError(format!(
            "ไม่มีวันที่ {} {} {}",
            digits(day),
            MONTHS[(m32 - 1) as usize],
            digits(ce + i64::from(BE_OFFSET))
        ))
    })
}

fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// Fiscal year (ปีงบประมาณ, BE) a date falls in: 1 Oct – 30 Sep.
pub fn fiscal_year_be(d: NaiveDate) -> i32 {
    let y = if d.month() >= 10 {
        d.year() + 1
    } else {
        d.year()
    };
    y + BE_OFFSET
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn reads_be_and_ce_in_every_written_form() {
        let want = ymd(2026, 11, 24);
        for s in [
            "24/11/2569",
            "24/11/2026",
            "2026-11-24",
            "2569-11-24",
            "๒๔/๑๑/๒๕๖๙",
            "24 พ.ย. 69",
            "24 พฤศจิกายน 2569",
            " 24-11-2569 ",
            "24.11.2569",
        ] {
            assert_eq!(parse(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn refuses_impossible_dates_with_thai_reasons() {
        let e = parse("31/02/2569").expect_err("no 31 Feb");
        assert!(e.0.contains("ไม่มีวันที่ ๓๑ กุมภาพันธ์ ๒๕๖๙"), "{}", e.0);
        assert!(parse("29/02/2567").is_ok(), "2024 is a leap year");
        assert!(parse("29/02/2568").is_err());
        assert!(parse("1/13/2569").expect_err("month").0.contains("เดือน"));
        for s in [
            "",
            "abc",
            "24/11",
            "24/11/2569/1",
            "24 foo 2569",
            "24/11/25690",
            "99999999999",
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn shows_buddhist_era_with_thai_months() {
        assert_eq!(format_long(ymd(2026, 11, 24)), "๒๔ พฤศจิกายน ๒๕๖๙");
        assert_eq!(format_short(ymd(2026, 1, 2)), "๒ ม.ค. ๒๕๖๙");
        assert_eq!(format_input(ymd(2026, 11, 24)), "24/11/2569");
        assert_eq!(parse(&format_input(ymd(2031, 3, 9))), Ok(ymd(2031, 3, 9)));
    }

    #[test]
    fn fiscal_year_starts_in_october() {
        assert_eq!(fiscal_year_be(ymd(2026, 9, 30)), 2569);
        assert_eq!(fiscal_year_be(ymd(2026, 10, 1)), 2570);
    }
}

/// A date as ISO 8601 text ("2026-12-01"), without chrono's format parser (this runs for
/// every date of every imported row).
pub fn iso(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if (0..=9999).contains(&y) {
        let mut s = String::with_capacity(10);
        for (n, w) in [(y as u32, 4), (m, 2), (day, 2)] {
            if !s.is_empty() {
                s.push('-');
            }
            let digits = n.to_string();
            for _ in digits.len()..w {
                s.push('0');
            }
            s.push_str(&digits);
        }
        s
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

#[cfg(test)]
mod iso_tests {
    #[test]
    fn iso_matches_chrono() {
        for (y, m, d) in [(2026, 1, 5), (2569, 12, 31), (1, 2, 3), (999, 10, 10)] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
            assert_eq!(super::iso(date), date.format("%Y-%m-%d").to_string());
        }
    }
}
