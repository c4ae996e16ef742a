//! The standards table's "เวลาดำเนินงาน" column, parsed into a range and a unit.

use crate::thai::numerals::digit_value;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    WorkingDays,
    CalendarDays,
    Hours,
    Minutes,
    Months,
    /// "ตลอดระยะเวลา", "ตามที่ระบุในแผนงาน", or blank.
    Unspecified,
}

impl DurationUnit {
    pub fn thai(self) -> &'static str {
        match self {
            DurationUnit::WorkingDays => "วันทำการ",
            DurationUnit::CalendarDays => "วัน",
            DurationUnit::Hours => "ชั่วโมง",
            DurationUnit::Minutes => "นาที",
            DurationUnit::Months => "เดือน",
            DurationUnit::Unspecified => "ไม่ระบุ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub unit: DurationUnit,
    /// What follows the unit ("ต่อกิจกรรม", "/ครั้ง"), if anything.
    pub per: Option<String>,
}

impl Duration {
    const UNSPECIFIED: Duration = Duration {
        min: None,
        max: None,
        unit: DurationUnit::Unspecified,
        per: None,
    };

    /// Counted per activity ("ต่อกิจกรรม"): a step holds as many activities as the work needs,
    /// so the table gives no date for the step as a whole. "/ครั้ง" is per pass, and a pass
    /// through a step is one time, so it does give a date; a note in brackets
    /// ("(สำหรับชั้นประมวลผล)") changes nothing.
    pub fn per_activity(&self) -> bool {
        self.per.as_deref().is_some_and(|p| p.contains("กิจกรรม"))
    }

    /// Parses "๑ - ๕ วันทำการ", "๑๕ วันทำการ", "๓ ชั่วโมง", "๑ เดือน", "๓ - ๕ วัน/ครั้ง",
    /// "ตลอดระยะเวลา", "ตามที่ระบุในแผนงาน", "". `None` when the text is not understood.
    pub fn parse(text: &str) -> Option<Duration> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // "ตลอดระยะเวลา", "ตามที่ระบุในแผนงาน", "รวมอยู่ในระยะเวลาขั้นวิจัย": no time of its own.
        if compact.is_empty()
            || ["ตลอด", "ตาม", "รวม"]
                .iter()
                .any(|p| compact.starts_with(p))
        {
            return Some(Duration::UNSPECIFIED);
        }
        let mut chars = compact.char_indices().peekable();
        let number = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
            let mut value: Option<u32> = None;
            while let Some(d) = chars.peek().and_then(|&(_, c)| digit_value(c)) {
                value = Some(value.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
                chars.next();
            }
            value
        };
        let min = number(&mut chars)?;
        let max = if chars.peek().is_some_and(|&(_, c)| c == '-' || c == '–') {
            chars.next();
            number(&mut chars)?
        } else {
            min
        };
        if max < min {
            return None;
        }
        let rest = &compact[chars.peek().map_or(compact.len(), |&(i, _)| i)..];
        let units = [
            ("วันทำการ", DurationUnit::WorkingDays),
            ("ชั่วโมง", DurationUnit::Hours),
            ("ชม.", DurationUnit::Hours),
            ("นาที", DurationUnit::Minutes),
            ("เดือน", DurationUnit::Months),
            ("วัน", DurationUnit::CalendarDays),
        ];
        let (word, unit) = units.into_iter().find(|(w, _)| rest.starts_with(w))?;
        let per = rest[word.len()..].trim_start_matches('/').to_owned();
        Some(Duration {
            min: Some(min),
            max: Some(max),
            unit,
            per: (!per.is_empty()).then_some(per),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[expect(
        clippy::unnecessary_wraps,
        reason = "compared with what `parse` returns"
    )]
    fn d(min: u32, max: u32, unit: DurationUnit) -> Option<Duration> {
        Some(Duration {
            min: Some(min),
            max: Some(max),
            unit,
            per: None,
        })
    }

    #[test]
    fn manual_forms() {
        assert_eq!(
            Duration::parse("๑ - ๕ วันทำการ"),
            d(1, 5, DurationUnit::WorkingDays)
        );
        assert_eq!(
            Duration::parse("๑๕ วันทำการ"),
            d(15, 15, DurationUnit::WorkingDays)
        );
        assert_eq!(
            Duration::parse("๑ - ๕ วัน"),
            d(1, 5, DurationUnit::CalendarDays)
        );
        assert_eq!(Duration::parse("๓ ชั่วโมง"), d(3, 3, DurationUnit::Hours));
        assert_eq!(Duration::parse("๑ เดือน"), d(1, 1, DurationUnit::Months));
        assert_eq!(Duration::parse("๓๐ นาที"), d(30, 30, DurationUnit::Minutes));
        assert_eq!(
            Duration::parse("10 วันทำการ"),
            d(10, 10, DurationUnit::WorkingDays)
        );
        let per = Duration::parse("๓ - ๕ วัน/ครั้ง").expect("parses");
        assert_eq!(
            (per.min, per.max, per.unit),
            (Some(3), Some(5), DurationUnit::CalendarDays)
        );
        assert_eq!(per.per.as_deref(), Some("ครั้ง"));
        let per = Duration::parse("๓ - ๕ วันต่อ กิจกรรม").expect("parses");
        assert_eq!(per.per.as_deref(), Some("ต่อกิจกรรม"));
    }

    #[test]
    fn unspecified_forms() {
        for t in ["", "  ", "ตลอดระยะเวลา", "ตลอด ระยะเวลา", "ตามที่ระบุในแผนงาน"]
        {
            assert_eq!(
                Duration::parse(t).map(|d| d.unit),
                Some(DurationUnit::Unspecified),
                "{t:?}"
            );
        }
    }

    #[test]
    fn nonsense_is_not_parsed() {
        for t in ["เร็วที่สุด", "๕ - ๑ วัน", "๓ ปีแสง", "- ๕ วัน"]
        {
            assert_eq!(Duration::parse(t), None, "{t:?}");
        }
    }
}
