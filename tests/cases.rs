//! Cases run through their flowcharts: a full run with a decision that fails once and loops;
//! pausing pushes due dates; a holiday added while a case is open recomputes its current
//! step (finished ones keep theirs); cancelled numbers are never given again; bad input on
//! the command line changes nothing; and a writer killed with SIGKILL mid-step loses no step
//! whose finish was acknowledged.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{dlict_on, killed_writer, stderr, stdout, tmp};
use dlict::calendar::{Holiday, HolidayKind};
use dlict::cases::{CaseNumbering, CaseStatus, Outcome, Requester, StepStatus};
use dlict::catalog::{Catalog, Process};
use dlict::store::{NewCase, StepDone, Store};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("a moment")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn catalog() -> Catalog {
    Catalog::load().expect("catalog")
}

fn process<'c>(c: &'c Catalog, id: &str) -> &'c Process {
    c.process(id).expect("process")
}

fn start(s: &mut Store, p: &Process, title: &str, received: &str) -> i64 {
    s.start_case(
        p,
        &NewCase {
            flow: 0,
            title: title.into(),
            requester: Requester {
                name: "ครูสมศรี ใจดี".into(),
                unit: "โรงเรียนสารคามพิทยาคม".into(),
                contact: "081-234-5678".into(),
            },
            received_at: at(received),
            record: None,
        },
    )
    .expect("started")
}

fn step(
    s: &mut Store,
    p: &Process,
    id: i64,
    outcome: Option<Outcome>,
    note: &str,
    when: &str,
) -> Option<String> {
    s.finish_step(p, &[], id, StepDone::new(outcome, note, at(when)), None)
        .expect("stepped")
}

#[test]
fn a_full_run_with_a_failed_decision_that_loops() {
    // Process ๒๑: A → B → C → D{เสนอ ผอ. สพท. อนุมัติ}; ไม่ผ่าน → E (ทบทวน ปรับปรุง) → B;
    // ผ่าน → F → G → H (end). Standards rows: A "๑ วัน", B "๕ ชั่วโมง", D and E share
    // "๓ ชั่วโมง", F "๑ วัน", C, G and H share "๑ วัน".
    let c = catalog();
    let p = process(&c, "p21");
    let mut s = Store::open_in_memory().expect("store");
    // Mon 14 Dec 2026, 09:00.
    let id = start(
        &mut s,
        p,
        "จัดทำข้อมูลเทคโนโลยีดิจิทัลภาคเรียนที่ ๒",
        "2026-12-14T09:00",
    );
    let case = s.case(id).expect("case");
    assert_eq!(case.number, "1/2569");
    assert_eq!(case.current().map(|x| x.node.as_str()), Some("A"));
    // "๑ วัน" from Mon 14 in hours: Tue 15, end of office hours.
    assert_eq!(case.due_at(), Some(at("2026-12-15T16:30")));

    assert_eq!(
        step(&mut s, p, id, None, "", "2026-12-14T10:00").as_deref(),
        Some("B")
    );
    // "๕ ชั่วโมง" from 10:00: 10:00–12:00 and 13:00–16:00.
    assert_eq!(
        s.case(id).expect("c").due_at(),
        Some(at("2026-12-14T16:00"))
    );
    assert_eq!(
        step(&mut s, p, id, None, "", "2026-12-14T15:00").as_deref(),
        Some("C")
    );
    assert_eq!(
        step(&mut s, p, id, None, "", "2026-12-15T09:00").as_deref(),
        Some("D")
    );
    // "๓ ชั่วโมง" from 09:00 Tue 15.
    assert_eq!(
        s.case(id).expect("c").due_at(),
        Some(at("2026-12-15T12:00"))
    );
    // A decision needs its outcome.
    let err = s
        .finish_step(
            p,
            &[],
            id,
            StepDone::new(None, "", at("2026-12-15T10:00")),
            None,
        )
        .expect_err("a decision without an outcome");
    assert!(err.to_string().contains("จุดตัดสินใจ"), "{err}");
    assert_eq!(
        step(
            &mut s,
            p,
            id,
            Some(Outcome::Fail),
            "แผนยังไม่ครบทุกกลุ่มสาระ",
            "2026-12-15T10:00"
        )
        .as_deref(),
        Some("E")
    );
    // E shares row ๔ with D: the same due date, and the why-text says so.
    let case = s.case(id).expect("c");
    let e = case.current().expect("current");
    assert_eq!(e.due_at, Some(at("2026-12-15T12:00")));
    assert!(e.due_why.contains("ใช้กำหนดเดียวกับขั้นก่อนหน้า"), "{}", e.due_why);
    assert_eq!(
        step(&mut s, p, id, None, "ปรับแผนแล้ว", "2026-12-15T11:00").as_deref(),
        Some("B")
    );
    // The second pass through B is a new step with its own due: 11:00–12:00, 13:00–16:30,
    // then 08:30–09:00 Wed 16.
    let case = s.case(id).expect("c");
    let passes: Vec<_> = case.steps.iter().filter(|x| x.node == "B").collect();
    assert_eq!(passes.len(), 2);
    assert_eq!(passes[0].status, StepStatus::Done);
    assert_eq!(passes[1].status, StepStatus::Current);
    assert_eq!(passes[1].due_at, Some(at("2026-12-16T09:00")));
    assert_ne!(passes[0].due_at, passes[1].due_at);
    for (node, when, outcome) in [
        ("C", "2026-12-16T10:00", None),
        ("D", "2026-12-17T09:00", None),
        ("F", "2026-12-17T10:00", Some(Outcome::Pass)),
        ("G", "2026-12-18T09:00", None),
        ("H", "2026-12-21T09:00", None),
    ] {
        assert_eq!(
            step(&mut s, p, id, outcome, "", when).as_deref(),
            Some(node),
            "to {node}"
        );
    }
    let case = s.case(id).expect("c");
    let g = case.steps.iter().rev().find(|x| x.node == "G").expect("G");
    let h = case.current().expect("H current");
    // H shares row ๖ with G (consecutive in the run): one count for both.
    assert_eq!(h.due_at, g.due_at);
    assert_eq!(
        step(&mut s, p, id, None, "ส่งรายงานแล้ว", "2026-12-21T15:00"),
        None
    );
    let case = s.case(id).expect("c");
    assert_eq!(case.status, CaseStatus::Closed);
    let path: Vec<&str> = case.steps.iter().map(|x| x.node.as_str()).collect();
    assert_eq!(
        path,
        ["A", "B", "C", "D", "E", "B", "C", "D", "F", "G", "H"]
    );
    assert!(case.steps.iter().all(|x| x.status == StepStatus::Done));
    let d = case.steps.iter().find(|x| x.node == "D").expect("D");
    assert_eq!(d.result, Some(Outcome::Fail));
    assert_eq!(d.note, "แผนยังไม่ครบทุกกลุ่มสาระ");
    // The timeline tells the story in Thai, one line per change.
    assert_eq!(case.events.len(), 1 + path.len());
    assert!(
        case.events
            .iter()
            .any(|e| e.kind == "fail" && e.text.contains("ไม่ผ่าน"))
    );
    assert!(
        case.events
            .last()
            .is_some_and(|e| e.text.contains("ปิดเรื่อง"))
    );
    // A closed case takes no more steps.
    let err = s
        .finish_step(
            p,
            &[],
            id,
            StepDone::new(None, "", at("2026-12-22T09:00")),
            None,
        )
        .expect_err("closed");
    assert!(err.to_string().contains("เสร็จสิ้นแล้ว"), "{err}");
}

#[test]
fn pausing_pushes_the_due_date_by_the_working_days_paused() {
    let c = catalog();
    let p = process(&c, "p16");
    let mut s = Store::open_in_memory().expect("store");
    // Tue 8 Dec 2026 10:00; A "๑ วันทำการ" → Wed 9.
    let id = start(&mut s, p, "ขอคำปรึกษาการใช้ระบบ DMC", "2026-12-08T10:00");
    assert_eq!(
        s.case(id).expect("c").due_at(),
        Some(at("2026-12-09T16:30"))
    );
    assert!(
        s.pause_case(id, "  ", at("2026-12-08T11:00"), None)
            .is_err(),
        "a reason is needed"
    );
    s.pause_case(id, "รอเอกสารจากโรงเรียน", at("2026-12-08T11:00"), None)
        .expect("paused");
    // Paused: no step can finish.
    let err = s
        .finish_step(
            p,
            &[],
            id,
            StepDone::new(None, "", at("2026-12-09T09:00")),
            None,
        )
        .expect_err("paused");
    assert!(err.to_string().contains("พักอยู่"), "{err}");
    // Resumed Mon 14: paused Tue 8, Wed 9, Fri 11 (Thu 10 is วันรัฐธรรมนูญ) = 3 working
    // days; Wed 9 + 3 working days = Fri 11, Mon 14, Tue 15.
    s.resume_case(id, at("2026-12-14T09:00"), None)
        .expect("resumed");
    let case = s.case(id).expect("c");
    assert_eq!(case.status, CaseStatus::Open);
    let cur = case.current().expect("current");
    assert_eq!(cur.paused_days, 3);
    assert_eq!(cur.due_at, Some(at("2026-12-15T16:30")));
    assert!(cur.due_why.contains("พักเรื่อง ๓ วันทำการ"), "{}", cur.due_why);
    // Later steps count from when they start.
    assert_eq!(
        step(&mut s, p, id, None, "", "2026-12-14T10:00").as_deref(),
        Some("B")
    );
    assert_eq!(
        s.case(id).expect("c").due_at(),
        Some(at("2026-12-15T16:30"))
    );
}

#[test]
fn a_holiday_added_while_open_recomputes_the_current_step_only() {
    let c = catalog();
    let p = process(&c, "p16");
    let mut s = Store::open_in_memory().expect("store");
    let id = start(&mut s, p, "ขอคำปรึกษาเว็บไซต์โรงเรียน", "2026-12-08T10:00");
    // A finishes Tue 8 at 15:00 (due Wed 9); B starts then, due Wed 9.
    step(&mut s, p, id, None, "", "2026-12-08T15:00");
    let before = s.case(id).expect("c");
    assert_eq!(before.due_at(), Some(at("2026-12-09T16:30")));
    let changed = s
        .add_holiday(&Holiday {
            date: date("2026-12-09"),
            name: "ปิดสำนักงานกรณีพิเศษ".into(),
            kind: HolidayKind::Office,
            source: "ทดสอบ".into(),
        })
        .expect("added");
    assert_eq!(changed, 1);
    let after = s.case(id).expect("c");
    // Wed 9 closed, Thu 10 วันรัฐธรรมนูญ: B is now due Fri 11.
    assert_eq!(after.due_at(), Some(at("2026-12-11T16:30")));
    let why = &after.current().expect("cur").due_why;
    assert!(why.contains("ปิดสำนักงานกรณีพิเศษ"), "{why}");
    // The finished step keeps the due date it had.
    assert_eq!(after.steps[0].due_at, before.steps[0].due_at);
    assert!(
        after
            .events
            .iter()
            .any(|e| e.kind == "due-recomputed" && e.text.contains("เพิ่มวันหยุด")),
        "{:?}",
        after.events
    );
    // Removing it brings the date back, and says so.
    let (_, changed) = s.remove_holiday(date("2026-12-09")).expect("removed");
    assert_eq!(changed, 1);
    assert_eq!(
        s.case(id).expect("c").due_at(),
        Some(at("2026-12-09T16:30"))
    );
    // Office hours ending earlier do not move a day's due date; a due set by hand is kept.
    s.set_step_due(id, Some(date("2026-12-18")), at("2026-12-08T16:00"), None)
        .expect("set");
    s.add_holiday(&Holiday {
        date: date("2026-12-09"),
        name: "ปิดสำนักงานกรณีพิเศษ".into(),
        kind: HolidayKind::Office,
        source: String::new(),
    })
    .expect("added again");
    assert_eq!(
        s.case(id).expect("c").due_at(),
        Some(at("2026-12-18T16:30"))
    );
}

#[test]
fn numbers_run_per_year_and_a_cancelled_number_is_never_given_again() {
    let c = catalog();
    let p = process(&c, "p16");
    let mut s = Store::open_in_memory().expect("store");
    let a = start(&mut s, p, "เรื่องที่หนึ่ง", "2026-11-02T09:00");
    let b = start(&mut s, p, "เรื่องที่สอง", "2026-11-03T09:00");
    assert!(
        s.cancel_case(b, "", at("2026-11-03T10:00"), None).is_err(),
        "a reason is needed"
    );
    s.cancel_case(b, "ผู้ขอยกเลิกคำขอ", at("2026-11-03T10:00"), None)
        .expect("cancelled");
    let c3 = start(&mut s, p, "เรื่องที่สาม", "2026-11-04T09:00");
    let numbers: Vec<String> = [a, b, c3]
        .iter()
        .map(|i| s.case(*i).expect("c").number)
        .collect();
    assert_eq!(numbers, ["1/2569", "2/2569", "3/2569"]);
    // A step on a cancelled case is refused; reopened, it carries on.
    assert!(
        s.finish_step(
            p,
            &[],
            b,
            StepDone::new(None, "", at("2026-11-05T09:00")),
            None
        )
        .is_err()
    );
    s.reopen_case(p, b, at("2026-11-05T09:00"), None)
        .expect("reopened");
    assert_eq!(s.case(b).expect("c").status, CaseStatus::Open);
    assert_eq!(s.case(b).expect("c").number, "2/2569");
    // A new calendar year starts again at 1.
    let d = start(&mut s, p, "เรื่องปีใหม่", "2027-01-04T09:00");
    assert_eq!(s.case(d).expect("c").number, "1/2570");
    // Fiscal-year numbering (1 Oct – 30 Sep), with the registry prefix.
    let mut profile = s.profile().expect("profile");
    profile.registry_prefix = "ศธ 04283".into();
    s.save_profile(&profile).expect("profile saved");
    s.save_case_numbering(&CaseNumbering {
        fiscal_year: true,
        pattern: "{prefix}/{seq}/{year}".into(),
    })
    .expect("numbering saved");
    // 1 Oct 2027 is in fiscal year 2571 (BE).
    let e = start(&mut s, p, "เรื่องปีงบประมาณใหม่", "2027-10-01T09:00");
    assert_eq!(s.case(e).expect("c").number, "ศธ 04283/1/2571");
    // A pattern without the year would repeat numbers across years: refused.
    assert!(
        s.save_case_numbering(&CaseNumbering {
            fiscal_year: false,
            pattern: "{seq}".into(),
        })
        .is_err()
    );
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// Bad input: one Thai line on stderr, exit 2.
fn refused(o: &std::process::Output, what: &str) {
    assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.trim().lines().count(), 1, "{what}: {err}");
    assert!(
        err.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
        "{what}: {err}"
    );
}

#[test]
fn the_cli_runs_a_case_and_refuses_bad_input_without_changing_anything() {
    let dir = tmp("cases", "cli");
    let db = dir.join("dlict.sqlite3");
    let out = dlict_on(
        &db,
        &[
            "case",
            "start",
            "p16",
            "--title",
            "ขอคำปรึกษาระบบ e-Office",
            "--requester",
            "ครูวิภา",
            "--received",
            "2026-12-08T10:00",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_owned();
    let out = dlict_on(&db, &["case", "step", &id, "--at", "2026-12-09T09:00"]);
    assert_eq!(stdout(&out).trim(), "B", "{}", stderr(&out));
    let shown = json(&dlict_on(&db, &["case", "show", &id, "--json"]));
    for key in [
        "id", "number", "process", "flow", "title", "status", "received", "due", "steps",
    ] {
        assert!(shown.get(key).is_some(), "{key} in {shown}");
    }
    assert_eq!(shown["process"], "p16");
    assert_eq!(shown["status"], "open");
    assert_eq!(shown["received"], "2026-12-08T10:00");
    let steps = shown["steps"].as_array().expect("steps");
    assert_eq!(steps[0]["node"], "A");
    assert_eq!(steps[0]["status"], "done");
    assert_eq!(steps[0]["due"], "2026-12-09");
    assert_eq!(steps[0]["finished"], "2026-12-09T09:00");
    assert_eq!(steps[1]["node"], "B");
    assert_eq!(steps[1]["status"], "current");
    // B started Wed 9 in hours: due Fri 11 (Thu 10 is วันรัฐธรรมนูญ).
    assert_eq!(steps[1]["due"], "2026-12-11");
    assert_eq!(shown["due"], "2026-12-11");
    assert!(steps[2..].iter().all(|s| s["status"] == "waiting"));
    assert_eq!(steps.len(), 7, "p16 has seven steps and no decision");
    for s in steps {
        for key in [
            "node", "label", "status", "due", "started", "finished", "result",
        ] {
            assert!(s.get(key).is_some(), "{key} in {s}");
        }
    }
    // The list, with overdue cases as of a later day.
    let list = json(&dlict_on(&db, &["case", "list", "--json"]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let late = json(&dlict_on(
        &db,
        &[
            "case",
            "list",
            "--overdue",
            "--as-of",
            "2026-12-15",
            "--json",
        ],
    ));
    assert_eq!(late.as_array().map(Vec::len), Some(1));
    // Mon 14 and Tue 15 are after Fri 11: two working days late.
    assert_eq!(late[0]["working_days_late"], 2);
    let early = json(&dlict_on(
        &db,
        &[
            "case",
            "list",
            "--overdue",
            "--as-of",
            "2026-12-11",
            "--json",
        ],
    ));
    assert_eq!(early.as_array().map(Vec::len), Some(0));

    let snapshot = |db: &Path| {
        (
            stdout(&dlict_on(
                db,
                &["case", "list", "--status", "all", "--json"],
            )),
            stdout(&dlict_on(db, &["case", "show", &id, "--json"])),
        )
    };
    let before = snapshot(&db);
    let bad: Vec<(&str, Vec<&str>)> = vec![
        (
            "unknown process",
            vec!["case", "start", "p99", "--title", "x"],
        ),
        ("no title", vec!["case", "start", "p16"]),
        (
            "bad received",
            vec![
                "case",
                "start",
                "p16",
                "--title",
                "x",
                "--received",
                "2026-02-30T10:00",
            ],
        ),
        (
            "bad flow",
            vec!["case", "start", "p16", "--title", "x", "--flow", "3"],
        ),
        ("unknown case", vec!["case", "step", "999"]),
        ("not a number", vec!["case", "step", "abc"]),
        (
            "result on an activity",
            vec!["case", "step", &id, "--result", "pass"],
        ),
        ("bad result", vec!["case", "step", &id, "--result", "maybe"]),
        ("bad at", vec!["case", "step", &id, "--at", "yesterday"]),
        (
            "before start",
            vec!["case", "step", &id, "--at", "2026-12-01T09:00"],
        ),
        ("pause without reason", vec!["case", "pause", &id]),
        ("resume an open case", vec!["case", "resume", &id]),
        (
            "list bad date",
            vec!["case", "list", "--as-of", "2026-13-01", "--json"],
        ),
    ];
    for (what, args) in &bad {
        refused(&dlict_on(&db, args), what);
    }
    assert_eq!(snapshot(&db), before, "a refused command changed something");
    // Cancelled: a step on it is refused too.
    let out = dlict_on(
        &db,
        &[
            "case",
            "cancel",
            &id,
            "--reason",
            "ผู้ขอแจ้งยกเลิก",
            "--at",
            "2026-12-09T10:00",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cancelled = snapshot(&db);
    refused(
        &dlict_on(&db, &["case", "step", &id, "--at", "2026-12-10T09:00"]),
        "step on a cancelled case",
    );
    assert_eq!(snapshot(&db), cancelled);
    assert_eq!(
        json(&dlict_on(&db, &["case", "show", &id, "--json"]))["status"],
        "cancelled"
    );
    let shown = json(&dlict_on(&db, &["case", "show", &id, "--json"]));
    assert_eq!(
        shown["steps"].as_array().map(Vec::len),
        Some(2),
        "no waiting steps once cancelled"
    );
    let store = Store::open(&db).expect("open");
    let all = store
        .case_count(&dlict::store::CaseFilter::default(), date("2026-12-10"))
        .expect("count");
    assert_eq!(all, 1, "no refused start made a case");
    drop(store);
    // A decision needs --result (process ๒๑, node D).
    let out = dlict_on(
        &db,
        &[
            "case",
            "start",
            "p21",
            "--title",
            "ข้อมูลดิจิทัล",
            "--received",
            "2026-12-14T09:00",
        ],
    );
    let id21 = stdout(&out).trim().to_owned();
    for (when, want) in [
        ("2026-12-14T10:00", "B"),
        ("2026-12-14T11:00", "C"),
        ("2026-12-14T13:00", "D"),
    ] {
        assert_eq!(
            stdout(&dlict_on(&db, &["case", "step", &id21, "--at", when])).trim(),
            want
        );
    }
    refused(
        &dlict_on(&db, &["case", "step", &id21, "--at", "2026-12-14T14:00"]),
        "decision without --result",
    );
    let out = dlict_on(
        &db,
        &[
            "case",
            "step",
            &id21,
            "--result",
            "fail",
            "--note",
            "ทบทวนแผน",
            "--at",
            "2026-12-14T14:00",
        ],
    );
    assert_eq!(stdout(&out).trim(), "E", "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where `case_writer_child` writes (set only when the kill test runs it).
const WRITER_DB: &str = "DLICT_TEST_CASE_WRITER_DB";

/// Not a test on its own: the writer the kill test starts and kills. Opens cases of process
/// ๑๖ and finishes their steps in a loop, printing "case done-steps" after each finish
/// returned.
#[test]
#[ignore = "run by acknowledged_steps_survive_sigkill as its writer"]
fn case_writer_child() {
    use std::io::Write;
    let Some(db) = std::env::var_os(WRITER_DB) else {
        return;
    };
    let c = catalog();
    let p = process(&c, "p16");
    let mut s = Store::open(Path::new(&db)).expect("writer opens");
    let mut out = std::io::stdout().lock();
    let mut when = at("2026-12-08T09:00");
    loop {
        let id = start(&mut s, p, "เรื่องทดสอบการปิดโปรแกรมกลางคัน", "2026-12-08T09:00");
        for done in 1..=7 {
            when += chrono::TimeDelta::minutes(1);
            s.finish_step(
                p,
                &[],
                id,
                StepDone::new(None, "บันทึกการดำเนินการ", when),
                None,
            )
            .expect("stepped");
            if writeln!(out, "{id} {done}")
                .and_then(|()| out.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

#[test]
fn acknowledged_steps_survive_sigkill() {
    let dir = tmp("cases", "kill");
    let db = dir.join("dlict.sqlite3");
    drop(Store::open(&db).expect("create"));
    let mut acked: HashMap<i64, usize> = HashMap::new();
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    for round in 0..25 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let printed = killed_writer(
            "case_writer_child",
            WRITER_DB,
            &db,
            Duration::from_millis(30 + seed % 250),
        );
        let acknowledged = printed.iter().filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((
                it.next()?.parse::<i64>().ok()?,
                it.next()?.parse::<usize>().ok()?,
            ))
        });
        for (id, done) in acknowledged {
            let e = acked.entry(id).or_default();
            *e = (*e).max(done);
        }
        let s = Store::open(&db).expect("reopens after a kill");
        s.integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        for (id, done) in &acked {
            let case = s.case(*id).expect("acknowledged case present");
            let finished = case
                .steps
                .iter()
                .filter(|x| x.status == StepStatus::Done)
                .count();
            assert!(
                finished >= *done,
                "round {round}: case {id} has {finished} done steps, {done} acknowledged"
            );
            // Every case is whole: one current step while open, none once closed, and the
            // list's denormalised current node agrees.
            let current = case
                .steps
                .iter()
                .filter(|x| x.status == StepStatus::Current)
                .count();
            match case.status {
                CaseStatus::Open => assert_eq!(current, 1, "round {round}: case {id}"),
                CaseStatus::Closed => assert_eq!(current, 0, "round {round}: case {id}"),
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    assert!(
        acked.values().sum::<usize>() > 25,
        "the writer finished only {} steps: the test did not exercise stepping",
        acked.values().sum::<usize>()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn forms_name_real_steps_and_fill_their_office_sections_at_those_steps() {
    let c = catalog();
    let templates = dlict::forms::builtin().expect("templates");
    let mut keys = 0;
    for t in &templates {
        for sec in &t.sections {
            for key in &sec.filled_at {
                let (pid, node) = key.split_once(':').expect("pNN:NODE");
                let p = c.process(pid).unwrap_or_else(|| panic!("{}: {key}", t.id));
                assert!(
                    t.processes.contains(&p.number),
                    "{}: {key} not among its processes",
                    t.id
                );
                assert!(
                    p.flows.iter().any(|f| f.graph.index_of(node).is_some()),
                    "{}: {key} names no node",
                    t.id
                );
                assert!(
                    sec.fields.iter().any(|f| f.prefill.is_some()),
                    "{}: section “{}” is filled at {key} but none of its fields says with what",
                    t.id,
                    sec.title
                );
                keys += 1;
            }
        }
    }
    assert!(keys > 0, "some office-use section is filled at a step");

    // Process ๑๖ (consultation): a register filled from the case starts with the requester
    // and the case number; finishing the follow-up step (F) writes the follow-up section.
    let p = process(&c, "p16");
    let t = templates
        .iter()
        .find(|t| t.id == "consultation_register")
        .expect("consultation_register");
    let mut s = Store::open_in_memory().expect("store");
    let id = start(&mut s, p, "ขอคำปรึกษาการสำรองข้อมูล", "2026-12-08T10:00");
    let case = s.case(id).expect("case");
    let mut answers = s.profile().expect("profile").prefill(t, date("2026-12-08"));
    dlict::cases::forms::prefill_for_case(t, &case, &mut answers);
    let with_prefill = |key: &str| {
        t.fields()
            .find(|f| f.prefill.as_deref() == Some(key))
            .map(|f| f.id.clone())
    };
    let name = with_prefill("requester.name").expect("a requester name field");
    assert_eq!(
        answers.get(&name).and_then(Value::as_str),
        Some("ครูสมศรี ใจดี")
    );
    let number = with_prefill("case.number").expect("a case number field");
    assert_eq!(answers.get(&number).and_then(Value::as_str), Some("๑/๒๕๖๙"));
    // Started from the record the other way round: the requester comes back.
    let back = dlict::cases::forms::requester_of(t, &answers);
    assert_eq!(back.name, "ครูสมศรี ใจดี");
    assert_eq!(back.unit, "โรงเรียนสารคามพิทยาคม");
    let rid = s
        .insert_record(t, dlict::store::Status::Draft, &answers)
        .expect("record");
    s.attach_record(id, rid, at("2026-12-08T10:30"))
        .expect("attached");
    assert_eq!(
        s.cases_of_record(rid).expect("cases"),
        vec![(id, "1/2569".to_owned())]
    );
    for when in [
        "2026-12-08T11:00",
        "2026-12-09T11:00",
        "2026-12-10T11:00",
        "2026-12-11T11:00",
        "2026-12-11T14:00",
    ] {
        s.finish_step(p, &templates, id, StepDone::new(None, "", at(when)), None)
            .expect("step");
    }
    // Now at F (ติดตามผล): finishing it fills the follow-up section.
    assert_eq!(
        s.case(id)
            .expect("c")
            .current()
            .map(|x| x.node.clone())
            .as_deref(),
        Some("F")
    );
    s.finish_step(
        p,
        &templates,
        id,
        StepDone::new(None, "โรงเรียนสำรองข้อมูลได้เองแล้ว", at("2026-12-14T10:00")),
        None,
    )
    .expect("step F");
    let rec = s.record(rid).expect("record");
    let section = t
        .sections
        .iter()
        .find(|sec| sec.filled_at.iter().any(|k| k == "p16:F"))
        .expect("a section filled at p16:F");
    let note_field = section
        .fields
        .iter()
        .find(|f| f.prefill.as_deref() == Some("step.note"))
        .expect("a note field");
    assert_eq!(
        rec.answers.get(&note_field.id).and_then(Value::as_str),
        Some("โรงเรียนสำรองข้อมูลได้เองแล้ว")
    );
    if let Some(d) = section
        .fields
        .iter()
        .find(|f| f.prefill.as_deref() == Some("step.date"))
    {
        assert_eq!(
            rec.answers.get(&d.id).and_then(Value::as_str),
            Some("2026-12-14")
        );
    }
    assert!(
        s.case(id)
            .expect("c")
            .events
            .iter()
            .any(|e| e.kind == "office-fill"),
        "the timeline says the record was filled"
    );
}

#[test]
fn a_step_finished_on_an_old_view_of_a_case_is_refused_naming_who_moved_it() {
    let c = catalog();
    let p = process(&c, "p11");
    let db = tmp("cases", "stale").join("db.sqlite3");
    let mut mine = Store::open(&db).expect("mine");
    let id = start(&mut mine, p, "ขอติดตั้งเครื่องพิมพ์", "2026-11-02T09:00");
    let seen = mine.case(id).expect("case").version;
    // Another officer, on another connection, finishes the step first.
    let mut theirs = Store::open(&db).expect("theirs");
    theirs.set_actor("นายสอง รักงาน");
    theirs
        .finish_step(
            p,
            &[],
            id,
            StepDone::new(None, "", at("2026-11-02T10:00")),
            Some(seen),
        )
        .expect("their step");
    let err = mine
        .finish_step(
            p,
            &[],
            id,
            StepDone::new(None, "", at("2026-11-02T10:05")),
            Some(seen),
        )
        .expect_err("a step on the old view is refused");
    let text = err.to_string();
    assert!(text.contains("ถูกเปลี่ยนไปแล้ว โดย นายสอง รักงาน"), "{text}");
    assert!(text.contains("ไม่มีสิ่งใดถูกเขียนทับ"), "{text}");
    assert_eq!(
        mine.case(id).expect("case").version,
        seen + 1,
        "only their step counted"
    );
}
