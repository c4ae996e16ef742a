//! `dlict workdays …` and `dlict holidays …`: the working-day calendar from the command line.

use super::{Open, out};
use crate::calendar::{Holiday, HolidayKind, WorkCalendar, due};
use crate::catalog::{Duration, DurationUnit};
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug)]
pub enum CalendarArgs {
    /// `workdays add START N [--unit …] [--why]`
    Add {
        /// The day received and, when given, the time (a day alone: received in office
        /// hours, so that day is not counted).
        start: (chrono::NaiveDate, Option<chrono::NaiveTime>),
        n: u32,
        unit: DurationUnit,
        why: bool,
    },
    /// `holidays list [--year YYYY] [--json]`
    List { year: Option<i32>, json: bool },
    /// `holidays add DATE NAME [--kind K] [--source S]`
    HolidayAdd { holiday: Holiday },
    /// `holidays remove DATE`
    HolidayRemove { date: chrono::NaiveDate },
}

/// A date written `YYYY-MM-DD`, in Thai when it is not one.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_not_a_date| {
        format!("\"{s}\" ไม่ใช่วันที่ (ใช้รูปแบบ ปี ค.ศ.-เดือน-วัน เช่น 2026-12-08)")
    })?;
    be_year_check(s, d)?;
    Ok(d)
}

/// A moment written `YYYY-MM-DDTHH:MM` (or a date alone: then `default_time`).
pub fn parse_moment(
    s: &str,
    default_time: chrono::NaiveTime,
) -> Result<chrono::NaiveDateTime, String> {
    let s = s.trim();
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            be_year_check(s, t.date())?;
            return Ok(t);
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        be_year_check(s, d)?;
        return Ok(d.and_time(default_time));
    }
    Err(format!(
        "\"{s}\" ไม่ใช่วันเวลา (ใช้รูปแบบ ปี ค.ศ.-เดือน-วันTชั่วโมง:นาที เช่น 2026-12-08T10:30)"
    ))
}

fn be_year_check(s: &str, d: chrono::NaiveDate) -> Result<(), String> {
    use chrono::Datelike;
    if d.year() > 2300 {
        Err(format!(
            "\"{s}\": ปี {} ดูเป็นปี พ.ศ. คำสั่งนี้ใช้ปี ค.ศ. ({})",
            d.year(),
            d.year() - crate::thai::date::BE_OFFSET
        ))
    } else {
        Ok(())
    }
}

pub fn parse_workdays(parser: &mut lexopt::Parser) -> Result<CalendarArgs, lexopt::Error> {
    use lexopt::prelude::*;
    let sub = parser.value()?.string()?;
    if sub != "add" {
        return Err(format!("ใช้ dlict workdays add YYYY-MM-DD N [--unit working_days|calendar_days|months] (ไม่รู้จัก \"{sub}\")").into());
    }
    let (mut pos, mut unit, mut why) = (Vec::new(), DurationUnit::WorkingDays, false);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("unit") => {
                let u = parser.value()?.string()?;
                unit = match u.as_str() {
                    "working_days" => DurationUnit::WorkingDays,
                    "calendar_days" | "days" => DurationUnit::CalendarDays,
                    "months" => DurationUnit::Months,
                    "hours" => DurationUnit::Hours,
                    "minutes" => DurationUnit::Minutes,
                    _ => {
                        return Err(format!(
                            "--unit ต้องเป็น working_days, calendar_days หรือ months (ไม่ใช่ \"{u}\")"
                        )
                        .into());
                    }
                };
            }
            Long("why") => why = true,
            Value(v) => pos.push(v.string()?),
            other => return Err(other.unexpected()),
        }
    }
    let [start, n] = pos.as_slice() else {
        return Err("ใช้ dlict workdays add YYYY-MM-DD N".into());
    };
    let start = if let Ok(d) = parse_date(start) {
        (d, None)
    } else {
        let t = parse_moment(start, chrono::NaiveTime::MIN)?;
        (t.date(), Some(t.time()))
    };
    let n = crate::thai::parse_thai_number(n)
        .filter(|n| *n <= 100_000)
        .ok_or_else(|| format!("\"{n}\" ไม่ใช่จำนวน (ใส่จำนวนเต็ม 0 ถึง 100000)"))?;
    Ok(CalendarArgs::Add {
        start,
        n,
        unit,
        why,
    })
}

pub fn parse_holidays(parser: &mut lexopt::Parser) -> Result<CalendarArgs, lexopt::Error> {
    use lexopt::prelude::*;
    let sub = parser.value()?.string()?;
    let (mut pos, mut year, mut json, mut kind, mut source) =
        (Vec::new(), None, false, HolidayKind::Office, String::new());
    while let Some(arg) = parser.next()? {
        match arg {
            Long("year") if sub == "list" => {
                let y = parser.value()?.string()?;
                let n = crate::thai::parse_thai_number(&y)
                    .and_then(|n| i32::try_from(n).ok())
                    .filter(|n| (1900..=3000).contains(n))
                    .ok_or_else(|| format!("--year \"{y}\" ไม่ใช่ปี (เช่น 2026 หรือ 2569)"))?;
                // A Buddhist-era year is unmistakable: no office counts days in 2400 CE.
                year = Some(if n > 2300 {
                    n - crate::thai::date::BE_OFFSET
                } else {
                    n
                });
            }
            Long("json") if sub == "list" => json = true,
            Long("kind") if sub == "add" => {
                let k = parser.value()?.string()?;
                kind = HolidayKind::parse(&k).ok_or_else(|| {
                    format!("--kind ต้องเป็น office, cabinet_extra, royal_ploughing, substitution, lunar หรือ fixed (ไม่ใช่ \"{k}\")")
                })?;
            }
            Long("source") if sub == "add" => source = parser.value()?.string()?,
            Value(v) => pos.push(v.string()?),
            other => return Err(other.unexpected()),
        }
    }
    match (sub.as_str(), pos.as_slice()) {
        ("list", []) => Ok(CalendarArgs::List { year, json }),
        ("add", [date, name @ ..]) if !name.is_empty() => Ok(CalendarArgs::HolidayAdd {
            holiday: Holiday {
                date: parse_date(date)?,
                name: name.join(" "),
                kind,
                source: if source.is_empty() {
                    "เพิ่มโดยเจ้าหน้าที่".into()
                } else {
                    source
                },
            },
        }),
        ("remove", [date]) => Ok(CalendarArgs::HolidayRemove {
            date: parse_date(date)?,
        }),
        _ => Err("ใช้ dlict holidays list [--year YYYY] [--json] | add YYYY-MM-DD ชื่อวันหยุด [--kind K] | remove YYYY-MM-DD".into()),
    }
}

/// The calendar of the database when there is one (the officer's edits), else the shipped
/// one: a question about dates never creates a database.
fn calendar(db: &Path) -> Result<WorkCalendar, ExitCode> {
    let on_server = db
        .to_str()
        .is_some_and(crate::store::server::Server::is_address);
    if !on_server && !db.exists() {
        return Ok(WorkCalendar::seeded());
    }
    let mut store = super::open_records(db, Open::Reading)?;
    store.calendar().map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })
}

pub fn run(db: &Path, args: CalendarArgs) -> ExitCode {
    match args {
        CalendarArgs::Add {
            start,
            n,
            unit,
            why,
        } => {
            let cal = match calendar(db) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let d = Duration {
                min: Some(n),
                max: Some(n),
                unit,
                per: None,
            };
            let start = start.0.and_time(start.1.unwrap_or(cal.hours.start));
            let Some(found) = due(start, &d, &cal) else {
                eprintln!("นับวันไม่ได้: วันที่เกินช่วงที่ปฏิทินรองรับ");
                return ExitCode::from(2);
            };
            if matches!(unit, DurationUnit::Hours | DurationUnit::Minutes) {
                out(&found.at.format("%Y-%m-%dT%H:%M").to_string());
            } else {
                out(&crate::thai::date::iso(found.at.date()));
            }
            if why {
                out(&crate::calendar::due_text(&found));
            }
            ExitCode::SUCCESS
        }
        CalendarArgs::List { year, json } => {
            let cal = match calendar(db) {
                Ok(c) => c,
                Err(code) => return code,
            };
            use chrono::Datelike;
            let days: Vec<&Holiday> = cal
                .holidays
                .values()
                .filter(|h| year.is_none_or(|y| h.date.year() == y))
                .collect();
            if json {
                let v: Vec<_> = days
                    .iter()
                    .map(|h| {
                        serde_json::json!({
                            "date": crate::thai::date::iso(h.date),
                            "name": h.name,
                            "kind": h.kind.code(),
                        })
                    })
                    .collect();
                out(&serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".into()));
            } else {
                for h in &days {
                    out(&format!(
                        "{}  {}  ({})",
                        crate::thai::date::iso(h.date),
                        h.name,
                        h.kind.thai()
                    ));
                }
                if let Some(y) = year
                    && cal.unannounced(y)
                {
                    out(&format!(
                        "ปี {}: ยังไม่ประกาศวันหยุดพิเศษ (ตรวจประกาศคณะรัฐมนตรีแล้วเพิ่มด้วย dlict holidays add)",
                        y + crate::thai::date::BE_OFFSET
                    ));
                }
            }
            ExitCode::SUCCESS
        }
        CalendarArgs::HolidayAdd { holiday } => {
            let mut store = match super::open_records(db, Open::Create) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.add_day_off(&holiday) {
                Ok(changed) => {
                    out(&format!(
                        "เพิ่มวันหยุด {} {} แล้ว{}",
                        crate::thai::date::format_long(holiday.date),
                        holiday.name.trim(),
                        recomputed(changed)
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => super::case_cmd::fail(&e),
            }
        }
        CalendarArgs::HolidayRemove { date } => {
            let mut store = match super::open_records(db, Open::Create) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.remove_day_off(date) {
                Ok((h, changed)) => {
                    out(&format!(
                        "ยกเลิกวันหยุด {} {} แล้ว{}",
                        crate::thai::date::format_long(h.date),
                        h.name,
                        recomputed(changed)
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => super::case_cmd::fail(&e),
            }
        }
    }
}

fn recomputed(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" (คำนวณวันครบกำหนดใหม่ {} เรื่อง)", crate::thai::digits(n))
    }
}
