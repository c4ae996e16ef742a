//! When a step is due: one pure function from (received, duration, calendar) to a due moment,
//! recording the days it skipped so the window can say why the date is what it is.
//!
//! Counting, as the Civil and Commercial Code (ม.๑๙๓/๓, ๑๙๓/๕, ๑๙๓/๘) and Thai offices do:
//! - the day the matter is received is not counted, unless it was received outside office
//!   hours or on a day off: then counting starts at the next working start, and that day is
//!   the first day (ม.๑๙๓/๓ วรรคสอง);
//! - **N working days** end on the N-th working day counted;
//! - **N days** end N days on; a last day that is not a working day moves to the next one
//!   (ม.๑๙๓/๘);
//! - **N months** end on the same date N months on (the last day of a shorter month), then
//!   move the same way;
//! - **hours and minutes** count only office hours, the lunch break left out;
//! - a range ("๑ - ๕ วันทำการ") is due at its longest; durations "ต่อกิจกรรม" and unspecified
//!   ones give no date (the officer may set one).
//!
//! A day's due moment is the end of office hours that day.

use super::WorkCalendar;
use crate::catalog::{Duration, DurationUnit};
use crate::thai::date::{format_day_month, format_short};
use crate::thai::digits;
use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// A day passed over while counting: a weekend day, or a holiday (with its name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub date: NaiveDate,
    pub holiday: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The due moment: the end of office hours of the last day, or the exact time for hours.
    pub at: NaiveDateTime,
    /// The first day counted.
    pub counted_from: NaiveDate,
    /// Days off passed over between the first day counted and the due day.
    pub skipped: Vec<Skip>,
    /// The last day the count gave, when it was a day off and the due day moved past it.
    pub moved_from: Option<NaiveDate>,
    /// Due at an exact time (hours and minutes), not at the end of a day.
    pub exact_time: bool,
}

/// Where counting starts: (the first day counted, whether that day is counted itself).
fn start_of(received: NaiveDateTime, cal: &WorkCalendar) -> (NaiveDate, bool) {
    let d = received.date();
    let t = received.time();
    let in_hours = cal.is_working_day(d) && t >= cal.hours.start && t < cal.hours.end;
    if in_hours {
        (d, false)
    } else if cal.is_working_day(d) && t < cal.hours.start {
        (d, true)
    } else {
        (cal.after(d), true)
    }
}

fn skip(cal: &WorkCalendar, d: NaiveDate) -> Skip {
    Skip {
        date: d,
        holiday: cal.holiday(d).map(|h| h.name.clone()),
    }
}

/// The due moment of a step received at `received` that takes `d`; `None` for durations that
/// give no date (unspecified, "ต่อกิจกรรม").
pub fn due(received: NaiveDateTime, d: &Duration, cal: &WorkCalendar) -> Option<Due> {
    if d.per_activity() {
        return None;
    }
    let n = d.max?;
    let (first, counted) = start_of(received, cal);
    match d.unit {
        DurationUnit::Unspecified => None,
        DurationUnit::WorkingDays => Some(working_days(received, first, counted, n, cal)),
        DurationUnit::CalendarDays => {
            let base = if counted { first.pred_opt()? } else { first };
            let last = base.checked_add_signed(TimeDelta::days(i64::from(n)))?;
            Some(move_to_working(base, last, cal))
        }
        DurationUnit::Months => {
            let base = if counted { first.pred_opt()? } else { first };
            let last = base.checked_add_months(Months::new(n))?;
            Some(move_to_working(base, last, cal))
        }
        DurationUnit::Hours => Some(office_minutes(received, i64::from(n) * 60, cal)),
        DurationUnit::Minutes => Some(office_minutes(received, i64::from(n), cal)),
    }
}

fn working_days(
    received: NaiveDateTime,
    first: NaiveDate,
    counted: bool,
    n: u32,
    cal: &WorkCalendar,
) -> Due {
    let mut skipped = Vec::new();
    let mut d = if counted {
        first
    } else {
        first.succ_opt().unwrap_or(first)
    };
    let counted_from = d;
    let mut left = n.max(1);
    loop {
        if cal.is_working_day(d) {
            left -= 1;
            if left == 0 {
                break;
            }
        } else {
            skipped.push(skip(cal, d));
        }
        match d.succ_opt() {
            Some(x) => d = x,
            None => break,
        }
    }
    // Zero working days: due the same working day.
    let day = if n == 0 {
        cal.on_or_after(received.date())
    } else {
        d
    };
    Due {
        at: day.and_time(cal.hours.end),
        counted_from,
        skipped,
        moved_from: None,
        exact_time: false,
    }
}

/// The due day `last` counted from `base` (not counted), moved to the next working day when
/// it is a day off.
fn move_to_working(base: NaiveDate, last: NaiveDate, cal: &WorkCalendar) -> Due {
    let day = cal.on_or_after(last);
    let mut skipped = Vec::new();
    let mut d = last;
    while d < day {
        skipped.push(skip(cal, d));
        d = d.succ_opt().unwrap_or(day);
    }
    Due {
        at: day.and_time(cal.hours.end),
        counted_from: base.succ_opt().unwrap_or(base),
        skipped,
        moved_from: (day != last).then_some(last),
        exact_time: false,
    }
}

/// `minutes` of office time from `received` (or from the next working start).
fn office_minutes(received: NaiveDateTime, minutes: i64, cal: &WorkCalendar) -> Due {
    let mut skipped = Vec::new();
    let mut day = received.date();
    let mut from: NaiveTime = received.time();
    let mut left = minutes.max(0);
    let mut counted_from = None;
    loop {
        if cal.is_working_day(day) {
            for (a, b) in cal.hours.periods() {
                let start = from.max(a);
                if start >= b {
                    continue;
                }
                counted_from.get_or_insert(day);
                let here = (b - start).num_minutes();
                if left <= here {
                    let at = day.and_time(start) + TimeDelta::minutes(left);
                    return Due {
                        at,
                        counted_from: counted_from.unwrap_or(day),
                        skipped,
                        moved_from: None,
                        exact_time: true,
                    };
                }
                left -= here;
            }
        } else {
            skipped.push(skip(cal, day));
        }
        match day.succ_opt() {
            Some(x) => day = x,
            None => {
                return Due {
                    at: day.and_time(cal.hours.end),
                    counted_from: counted_from.unwrap_or(day),
                    skipped,
                    moved_from: None,
                    exact_time: true,
                };
            }
        }
        from = NaiveTime::MIN;
    }
}

/// "๙ ธ.ค." (the year added when it differs from `year`).
fn day_month(d: NaiveDate, year: i32) -> String {
    if d.year() == year {
        format_day_month(d)
    } else {
        format_short(d)
    }
}

/// Why a due date is what it is, in Thai: where counting started, the days off passed over
/// and a move past a day off ("นับจาก ๙ ธ.ค. · ข้าม ๑๐ ธ.ค. วันรัฐธรรมนูญ, เสาร์-อาทิตย์
/// ๒ วัน · ครบกำหนด ๑๔ ธ.ค. ๒๕๖๙").
pub fn due_text(due: &Due) -> String {
    let mut parts = due_reasons(due);
    parts.push(format!("ครบกำหนด {}", due_when(due.at, due.exact_time)));
    parts.join(" · ")
}

/// "๑๔ ธ.ค. ๖๙", or with the time for a due at an exact time ("… เวลา ๑๐:๓๐ น.").
pub fn due_when(at: NaiveDateTime, exact_time: bool) -> String {
    if exact_time {
        format!(
            "{} เวลา {} น.",
            format_short(at.date()),
            crate::thai::to_thai_digits(&at.format("%H:%M").to_string())
        )
    } else {
        format_short(at.date())
    }
}

/// The parts of [`due_text`] before the due date itself.
pub fn due_reasons(due: &Due) -> Vec<String> {
    let year = due.at.date().year();
    let mut parts = vec![format!("นับจาก {}", day_month(due.counted_from, year))];
    let holidays: Vec<String> = due
        .skipped
        .iter()
        .filter_map(|s| {
            s.holiday
                .as_ref()
                .map(|h| format!("{} {h}", day_month(s.date, year)))
        })
        .collect();
    let weekends = due.skipped.iter().filter(|s| s.holiday.is_none()).count();
    let mut skipped = holidays;
    if weekends > 0 {
        skipped.push(format!("เสาร์-อาทิตย์ {} วัน", digits(weekends)));
    }
    if !skipped.is_empty() {
        parts.push(format!("ข้าม {}", skipped.join(", ")));
    }
    if let Some(m) = due.moved_from {
        parts.push(format!(
            "วันครบกำหนดเดิม {} เป็นวันหยุด จึงเลื่อนไปวันทำการถัดไป",
            day_month(m, year)
        ));
    }
    parts
}
