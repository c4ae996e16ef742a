//! Thai government working days: the holiday table (seeded from `assets/calendar/`, edited by
//! the officer), office hours, and the one function that turns a start and a standards-table
//! duration into a due date, with the days it skipped and why (Civil and Commercial Code
//! ม.๑๙๓/๓ and ๑๙๓/๘ as Thai offices count). No egui, no database here.

mod clock;
mod due;
mod holidays;
mod hours;

pub use clock::Clock;
pub use due::{Due, Skip, due, due_reasons, due_text, due_when};
pub use holidays::{Holiday, HolidayKind, seed_holidays, seed_last_announced_year};
pub use hours::OfficeHours;

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// Working days: Monday to Friday, less the holidays.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkCalendar {
    pub holidays: BTreeMap<NaiveDate, Holiday>,
    pub hours: OfficeHours,
    /// The last year whose cabinet extra days are in the table (later years may still get
    /// some: "ยังไม่ประกาศวันหยุดพิเศษ").
    pub last_announced_year: i32,
}

impl WorkCalendar {
    pub fn new(holidays: Vec<Holiday>, hours: OfficeHours, last_announced_year: i32) -> Self {
        WorkCalendar {
            holidays: holidays.into_iter().map(|h| (h.date, h)).collect(),
            hours,
            last_announced_year,
        }
    }

    /// The calendar as shipped: the seeded holidays and the default office hours.
    pub fn seeded() -> Self {
        WorkCalendar::new(
            seed_holidays(),
            OfficeHours::default(),
            seed_last_announced_year(),
        )
    }

    pub fn is_weekend(d: NaiveDate) -> bool {
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    pub fn holiday(&self, d: NaiveDate) -> Option<&Holiday> {
        self.holidays.get(&d)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !Self::is_weekend(d) && !self.holidays.contains_key(&d)
    }

    /// The first working day on or after `d`.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut x = d;
        while !self.is_working_day(x) {
            x = x.succ_opt().unwrap_or(x);
            if x == NaiveDate::MAX {
                break;
            }
        }
        x
    }

    /// The first working day after `d`.
    pub fn after(&self, d: NaiveDate) -> NaiveDate {
        self.on_or_after(d.succ_opt().unwrap_or(d))
    }

    /// The `n`-th working day after `d` (`d` itself when `n` is 0).
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut x = d;
        for _ in 0..n {
            x = self.after(x);
        }
        x
    }

    /// Working days `d` with `from <= d < to`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            if self.is_working_day(d) {
                n += 1;
            }
            match d.succ_opt() {
                Some(x) => d = x,
                None => break,
            }
        }
        n
    }

    /// Whether `year`'s cabinet extra days are not announced yet (later than the table knows).
    pub fn unannounced(&self, year: i32) -> bool {
        year > self.last_announced_year
    }
}
