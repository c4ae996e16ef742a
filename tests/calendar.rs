//! The working-day calendar: due dates around New Year, Songkran, the July Buddhist days and
//! December, each worked out by hand against the seeded holiday table (the table's lines are
//! quoted beside each case, and the weekdays checked with a calendar); properties over many
//! random starts; and the `dlict workdays` / `dlict holidays` commands.

mod common;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use common::{dlict, dlict_on, stderr, stdout, tmp};
use dlict::calendar::{Holiday, HolidayKind, WorkCalendar, due};
use dlict::catalog::{Duration, DurationUnit};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("a moment")
}

fn n(unit: DurationUnit, k: u32) -> Duration {
    Duration {
        min: Some(k),
        max: Some(k),
        unit,
        per: None,
    }
}

fn due_day(start: &str, k: u32, unit: DurationUnit) -> NaiveDate {
    let cal = WorkCalendar::seeded();
    due(at(start), &n(unit, k), &cal)
        .expect("a due date")
        .at
        .date()
}

use DurationUnit::{CalendarDays, Hours, Minutes, Months, WorkingDays};

#[test]
fn the_issue_example_skips_constitution_day() {
    // Received Tue 8 Dec 2026 in office hours; counting starts Wed 9 (1), Thu 10 is
    // วันรัฐธรรมนูญ (table: 2026-12-10), Fri 11 (2), Sat–Sun, Mon 14 (3).
    assert_eq!(
        due_day("2026-12-08T10:00", 3, WorkingDays),
        date("2026-12-14")
    );
    let cal = WorkCalendar::seeded();
    let d = due(at("2026-12-08T10:00"), &n(WorkingDays, 3), &cal).expect("due");
    let why = dlict::calendar::due_text(&d);
    assert!(why.contains("๑๐ ธ.ค. วันรัฐธรรมนูญ"), "{why}");
    assert!(why.contains("เสาร์-อาทิตย์ ๒ วัน"), "{why}");
}

#[test]
fn hand_checked_dates_around_the_holidays() {
    let cases: &[(&str, u32, DurationUnit, &str, &str)] = &[
        // Tue 29 Dec 2026: Wed 30 (1); Thu 31 วันสิ้นปี, Fri 1 Jan วันขึ้นปีใหม่, Sat, Sun;
        // Mon 4 (2), Tue 5 (3).
        (
            "2026-12-29T09:00",
            3,
            WorkingDays,
            "2027-01-05",
            "New Year 2027",
        ),
        // Tue 30 Dec 2025: Wed 31 วันสิ้นปี, Thu 1 Jan, Fri 2 Jan (cabinet extra day, table
        // 2026-01-02 วันหยุดพิเศษ), Sat, Sun; Mon 5 (1), Tue 6 (2).
        (
            "2025-12-30T09:00",
            2,
            WorkingDays,
            "2026-01-06",
            "New Year 2026 + cabinet day",
        ),
        // Received on a holiday (Thu 31 Dec 2026): counting starts at the next working start,
        // Mon 4 Jan 2027, which is day 1.
        (
            "2026-12-31T09:00",
            1,
            WorkingDays,
            "2027-01-04",
            "received on วันสิ้นปี",
        ),
        // Fri 10 Apr 2026: Sat, Sun, Mon–Wed 13–15 วันสงกรานต์; Thu 16 (1).
        (
            "2026-04-10T10:00",
            1,
            WorkingDays,
            "2026-04-16",
            "Songkran 2026",
        ),
        // Fri 3 Apr 2026: Sat, Sun, Mon 6 วันจักรี; Tue 7, Wed 8, Thu 9 (3).
        (
            "2026-04-03T10:00",
            3,
            WorkingDays,
            "2026-04-09",
            "Chakri day 2026",
        ),
        // Mon 27 Jul 2026: Tue 28 (King's birthday), Wed 29 อาสาฬหบูชา, Thu 30 เข้าพรรษา;
        // Fri 31 (1), Sat, Sun, Mon 3 Aug (2).
        (
            "2026-07-27T10:00",
            2,
            WorkingDays,
            "2026-08-03",
            "July 2026 Buddhist days",
        ),
        // Fri 16 Jul 2027: Sat, Sun 18 อาสาฬหบูชา, Mon 19 เข้าพรรษา, Tue 20 ชดเชย; Wed 21 (1).
        (
            "2027-07-16T10:00",
            1,
            WorkingDays,
            "2027-07-21",
            "July 2027 with substitution",
        ),
        // Fri 4 Dec 2026 at 18:00 (after hours): Sat 5 วันพ่อ, Sun, Mon 7 ชดเชย; counting
        // starts Tue 8 as day 1, Wed 9 is day 2.
        (
            "2026-12-04T18:00",
            2,
            WorkingDays,
            "2026-12-09",
            "after hours before วันพ่อ",
        ),
        // Fri 3 Dec 2027: Sat 4, Sun 5 วันพ่อ, Mon 6 ชดเชย; Tue 7 (1), Wed 8 (2).
        (
            "2027-12-03T10:00",
            2,
            WorkingDays,
            "2027-12-08",
            "December 2027",
        ),
        // Calendar days: Tue 1 Dec 2026 + 4 days = Sat 5 (วันพ่อ, a weekend day too); moved
        // past Sun 6 and Mon 7 (ชดเชย) to Tue 8.
        (
            "2026-12-01T10:00",
            4,
            CalendarDays,
            "2026-12-08",
            "calendar days moved",
        ),
        // Months: 31 Jan 2026 + 1 month = 28 Feb (the shorter month's last day), a Saturday:
        // moved to Mon 2 Mar (Makha Bucha is Tue 3 Mar, not in the way).
        (
            "2026-01-31T10:00",
            1,
            Months,
            "2026-03-02",
            "month end moved",
        ),
        // Calendar days over Songkran: Thu 9 Apr 2026 + 5 days = Tue 14 (วันสงกรานต์), moved
        // past Wed 15 to Thu 16.
        (
            "2026-04-09T10:00",
            5,
            CalendarDays,
            "2026-04-16",
            "calendar days over Songkran",
        ),
    ];
    for (start, k, unit, want, what) in cases {
        assert_eq!(due_day(start, *k, *unit), date(want), "{what}");
    }
}

#[test]
fn hours_count_office_time_only() {
    let cal = WorkCalendar::seeded();
    // 15:30 Tue 8 Dec 2026 + 3 h: 15:30–16:30 (1 h); Wed 9 08:30–10:30 (2 h).
    let d = due(at("2026-12-08T15:30"), &n(Hours, 3), &cal).expect("due");
    assert_eq!(d.at, at("2026-12-09T10:30"));
    // 11:30 + 60 min: 11:30–12:00, lunch, 13:00–13:30.
    let d = due(at("2026-12-08T11:30"), &n(Minutes, 60), &cal).expect("due");
    assert_eq!(d.at, at("2026-12-08T13:30"));
    // Received on Sat 5 Dec 2026: starts Tue 8 at 08:30 (Mon 7 ชดเชย).
    let d = due(at("2026-12-05T10:00"), &n(Minutes, 30), &cal).expect("due");
    assert_eq!(d.at, at("2026-12-08T09:00"));
}

/// A small deterministic generator (xorshift), so failures repeat.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_start(r: &mut Rng) -> NaiveDateTime {
    let day = date("2025-01-01") + chrono::TimeDelta::days(r.below(6 * 365) as i64);
    let minute = r.below(24 * 60) as u32;
    day.and_time(NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).expect("time"))
}

#[test]
fn properties_over_random_starts() {
    let cal = WorkCalendar::seeded();
    let mut r = Rng(0x5EED_1234_ABCD);
    for _ in 0..4000 {
        let start = random_start(&mut r);
        let a = 1 + r.below(20) as u32;
        let b = 1 + r.below(20) as u32;
        for unit in [WorkingDays, CalendarDays, Months] {
            let d = due(start, &n(unit, a), &cal).expect("due");
            let day = d.at.date();
            assert!(cal.is_working_day(day), "{start} +{a} {unit:?} → {day}");
            // Never before the start; the day received itself only counts when the matter
            // came in before the office opened (ม.๑๙๓/๓: it then starts at the opening).
            assert!(day >= start.date(), "{start} +{a} {unit:?} → {day} before");
            if start.time() >= cal.hours.start {
                assert!(
                    day > start.date(),
                    "{start} +{a} {unit:?} → {day} not after"
                );
            }
            assert!(
                !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
                "weekend"
            );
        }
        // N then M working days equals N + M (the second count starts in office hours on
        // the first due day, which is then not counted).
        let first = due(start, &n(WorkingDays, a), &cal).expect("due").at.date();
        let then = due(first.and_time(cal.hours.start), &n(WorkingDays, b), &cal).expect("due");
        let whole = due(start, &n(WorkingDays, a + b), &cal).expect("due");
        assert_eq!(then.at.date(), whole.at.date(), "{start} +{a} +{b}");
        // Hours end inside office hours, on a working day, never before the start.
        let minutes = 1 + r.below(30 * 60) as u32;
        let h = due(start, &n(Minutes, minutes), &cal).expect("due");
        assert!(h.at > start, "{start} +{minutes}m → {}", h.at);
        assert!(cal.is_working_day(h.at.date()), "{start} +{minutes}m");
        let t = h.at.time();
        let hours = cal.hours;
        assert!(
            (t > hours.start && t <= hours.lunch_start) || (t > hours.lunch_end && t <= hours.end),
            "{start} +{minutes}m → {t} outside office hours"
        );
    }
}

#[test]
fn cli_counts_lists_adds_and_removes_days() {
    let out = dlict(&["workdays", "add", "2026-12-08", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "2026-12-14");
    let out = dlict(&["workdays", "add", "2026-01-31", "1", "--unit", "months"]);
    assert_eq!(stdout(&out).trim(), "2026-03-02");
    let out = dlict(&[
        "workdays",
        "add",
        "2026-12-01",
        "4",
        "--unit",
        "calendar_days",
    ]);
    assert_eq!(stdout(&out).trim(), "2026-12-08");
    // Bad input: one Thai line, exit 2.
    for args in [
        &["workdays", "add", "2026-13-40", "3"][..],
        &["workdays", "add", "2026-12-08", "สาม"],
        &["workdays", "add", "2569-12-08", "3"],
        &["workdays", "add", "2026-12-08", "3", "--unit", "weeks"],
    ] {
        let out = dlict(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
            "{err}"
        );
    }

    let dir = tmp("calendar", "cli");
    let db = dir.join("dlict.sqlite3");
    let out = dlict_on(&db, &["holidays", "list", "--year", "2026", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let days = list.as_array().expect("array");
    assert!(
        days.iter()
            .any(|h| h["date"] == "2026-12-10" && h["kind"] == "fixed")
    );
    assert!(
        days.iter()
            .any(|h| h["date"] == "2026-01-02" && h["kind"] == "cabinet_extra")
    );
    // Government offices work on Labour Day and Children's Day.
    assert!(!days.iter().any(|h| h["date"] == "2026-05-01"));
    assert!(
        days.iter()
            .all(|h| h["name"].as_str().is_some_and(|s| !s.is_empty()))
    );

    // Add an office closure on Fri 11 Dec 2026: the example now ends on Tue 15.
    let out = dlict_on(&db, &["holidays", "add", "2026-12-11", "ปิดสำนักงานย้ายอาคาร"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = dlict_on(&db, &["workdays", "add", "2026-12-08", "3"]);
    assert_eq!(stdout(&out).trim(), "2026-12-15");
    // The same day twice: refused, one Thai line.
    let out = dlict_on(&db, &["holidays", "add", "2026-12-11", "ซ้ำ"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("เป็นวันหยุดอยู่แล้ว"), "{}", stderr(&out));
    let out = dlict_on(&db, &["holidays", "remove", "2026-12-11"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = dlict_on(&db, &["workdays", "add", "2026-12-08", "3"]);
    assert_eq!(stdout(&out).trim(), "2026-12-14");
    // Removing a shipped day is remembered: a later open does not bring it back.
    let out = dlict_on(&db, &["holidays", "remove", "2026-12-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = dlict::store::Store::open(&db).expect("open");
    assert!(
        !store
            .holidays()
            .expect("holidays")
            .iter()
            .any(|h| h.date == date("2026-12-10"))
    );
    // Both changes are in the audit log, with who and what.
    let log: Vec<_> = store
        .audit_ids(&dlict::store::AuditQuery::default())
        .expect("audit")
        .into_iter()
        .filter_map(|id| store.audit_entry(id).expect("entry"))
        .collect();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "holiday-add").count(),
        1,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| **a == "holiday-remove").count(),
        2,
        "{actions:?}"
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_holiday_needs_a_name_and_kinds_round_trip() {
    let mut s = dlict::store::Store::open_in_memory().expect("store");
    let h = Holiday {
        date: date("2027-01-02"),
        name: "  ".into(),
        kind: HolidayKind::CabinetExtra,
        source: String::new(),
    };
    assert!(s.add_holiday(&h).is_err());
    let h = Holiday {
        name: "วันหยุดพิเศษตามมติ ครม.".into(),
        ..h
    };
    s.add_holiday(&h).expect("added");
    let back = s.holidays().expect("holidays");
    let got = back.iter().find(|x| x.date == h.date).expect("kept");
    assert_eq!(got.kind, HolidayKind::CabinetExtra);
    assert_eq!(got.name, h.name);
}
