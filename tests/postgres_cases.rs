//! The case commands on the shared server, as officers on several PCs use them: the same
//! session of commands (open a case from a record, finish steps with a decision, pause,
//! resume, a due date by hand, attach a record, cancel, reopen, show, list) gives the same
//! answers on a file and on the server; six programs pausing the same case at once: one
//! pauses it, the others are told it is paused already, and its timeline has one pause.

mod common;
#[path = "common/pg.rs"]
mod pg;
use common::{stderr, stdout};
use pg::{client, count, fresh_database};

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-pgcase-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn on(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("dlict runs")
}

/// Runs a command that must succeed; what it printed.
fn ok(db: &str, args: &[&str]) -> String {
    let o = on(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn access(i: usize) -> Value {
    json!({
        "date": "2026-11-20",
        "name": format!("นายทดสอบ เรื่องกลาง {i}"),
        "citizen_id": common::citizen_id(&format!("1101700{:05}", 41000 + i)),
        "position": "ครู",
        "unit": format!("โรงเรียนที่ {i}"),
        "phone": "085-537-4109",
        "systems": {"choices": ["student"]},
        "purpose": "ใช้ข้อมูลนักเรียน",
        "applicant": {"name": format!("นายทดสอบ เรื่องกลาง {i}"), "position": "ครู", "date": "2026-11-20"}
    })
}

/// JSON printed by a command, the moments of writing left out (they differ between runs).
fn json_of(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).expect("json");
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("created_at");
                m.remove("updated_at");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// The same case commands on `db` (a file or a server); what they printed.
fn session(db: &str, dir: &Path) -> Vec<Value> {
    let mut seen = Vec::new();
    for i in 0..2 {
        let f = dir.join(format!("a{i}.json"));
        std::fs::write(&f, access(i).to_string()).expect("data");
        ok(
            db,
            &[
                "record",
                "add",
                "access_request",
                "--data",
                f.to_str().expect("utf8"),
            ],
        );
    }
    let start = |title: &str, at: &str, record: Option<&str>| {
        let mut args = vec![
            "case",
            "start",
            "p07",
            "--title",
            title,
            "--requester",
            "นางสาวผู้ขอ ใช้ระบบ",
            "--received",
            at,
        ];
        if let Some(r) = record {
            args.extend(["--record", r]);
        }
        ok(db, &args).trim().to_owned()
    };
    let first = start("ขอใช้ระบบข้อมูลนักเรียน", "2026-11-02T09:00", Some("1"));
    let second = start("ขอใช้ระบบสารบรรณ", "2026-11-03T10:30", None);
    seen.push(json!([first, second]));
    // Steps (the p07 flow has a decision: ผ่าน / ไม่ผ่าน), with notes and given moments.
    seen.push(json!(ok(
        db,
        &[
            "case",
            "step",
            &first,
            "--note",
            "รับคำร้อง",
            "--at",
            "2026-11-02T10:00"
        ]
    )));
    let show = |id: &str| json_of(&ok(db, &["case", "show", id, "--json"]));
    seen.push(show(&first));
    let next = ok(
        db,
        &[
            "case",
            "step",
            &first,
            "--note",
            "ตรวจสอบแล้ว",
            "--at",
            "2026-11-03T11:00",
        ],
    );
    seen.push(json!(next));
    ok(
        db,
        &[
            "case",
            "pause",
            &first,
            "--reason",
            "รอเอกสาร",
            "--at",
            "2026-11-04T09:00",
        ],
    );
    // Paused: a step is refused, in Thai.
    let o = on(db, &["case", "step", &first, "--at", "2026-11-04T10:00"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("พักอยู่"), "{}", stderr(&o));
    ok(db, &["case", "resume", &first, "--at", "2026-11-09T09:00"]);
    seen.push(show(&first));
    ok(db, &["case", "due", &second, "2026-11-20"]);
    ok(db, &["case", "attach", &second, "2"]);
    seen.push(show(&second));
    ok(
        db,
        &[
            "case",
            "cancel",
            &second,
            "--reason",
            "ผู้ขอถอนคำร้อง",
            "--at",
            "2026-11-10T09:00",
        ],
    );
    ok(db, &["case", "reopen", &second, "--at", "2026-11-11T09:00"]);
    seen.push(show(&second));
    seen.push(json_of(&ok(
        db,
        &["case", "list", "--json", "--as-of", "2026-11-12"],
    )));
    seen.push(json_of(&ok(
        db,
        &[
            "case",
            "list",
            "--json",
            "--overdue",
            "--as-of",
            "2026-12-25",
        ],
    )));
    let o = on(db, &["case", "show", "99", "--json"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("ไม่พบ"), "{}", stderr(&o));
    seen
}

#[test]
fn the_case_commands_give_the_same_answers_on_a_file_and_on_the_server() {
    let Some(address) = fresh_database("cases_same") else {
        return;
    };
    let dir = tmp("same");
    let file = dir.join("office.sqlite3");
    let on_file = session(file.to_str().expect("utf8"), &dir);
    let on_server = session(&address, &dir);
    assert_eq!(on_file.len(), on_server.len());
    for (i, (a, b)) in on_file.iter().zip(&on_server).enumerate() {
        assert_eq!(a, b, "answer {i} differs between the file and the server");
    }
    // The server's log names every case change with its officer's machine.
    let mut c = client(&address);
    assert!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action LIKE 'case-%' AND machine <> ''"
        ) >= 9
    );
}

#[test]
fn six_programs_pausing_one_case_at_once_pause_it_once() {
    let Some(address) = fresh_database("cases_race") else {
        return;
    };
    let id = ok(
        &address,
        &[
            "case",
            "start",
            "p01",
            "--title",
            "เรื่องที่หลายเครื่องพักพร้อมกัน",
            "--received",
            "2026-11-02T09:00",
        ],
    )
    .trim()
    .to_owned();
    for round in 0..3 {
        let children: Vec<_> = (0..6)
            .map(|k| {
                Command::new(env!("CARGO_BIN_EXE_dlict"))
                    .args([
                        "--db",
                        &address,
                        "case",
                        "pause",
                        &id,
                        "--reason",
                        &format!("รอเอกสาร รอบ {round} เครื่อง {k}"),
                        "--at",
                        "2026-11-05T09:00",
                    ])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("dlict starts")
            })
            .collect();
        let outs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().expect("dlict runs"))
            .collect();
        let paused = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            paused, 1,
            "round {round}: {paused} programs paused the case"
        );
        for o in outs.iter().filter(|o| !o.status.success()) {
            assert!(stderr(o).contains("พักอยู่"), "{}", stderr(o));
        }
        let mut c = client(&address);
        assert_eq!(
            count(
                &mut c,
                &format!(
                    "SELECT count(*) FROM case_events WHERE case_id = {id} AND kind = 'pause'"
                )
            ),
            round + 1,
            "one pause a round in the timeline"
        );
        ok(
            &address,
            &["case", "resume", &id, "--at", "2026-11-06T09:00"],
        );
    }
}

/// Holidays added and removed on `db` with an open case: what the commands and the case say.
fn holiday_session(db: &str) -> Vec<Value> {
    let id = ok(
        db,
        &[
            "case",
            "start",
            "p16",
            "--title",
            "ขอคำปรึกษาระบบ",
            "--received",
            "2026-12-08T10:00",
        ],
    )
    .trim()
    .to_owned();
    let mut seen = vec![json_of(&ok(db, &["case", "show", &id, "--json"]))];
    // An office closure on the step's due day moves it (the case's timeline says why).
    seen.push(json!(ok(
        db,
        &["holidays", "add", "2026-12-09", "ปิดสำนักงานย้ายที่ทำการ"]
    )));
    seen.push(json_of(&ok(db, &["case", "show", &id, "--json"])));
    seen.push(json_of(&ok(
        db,
        &["holidays", "list", "--year", "2026", "--json"],
    )));
    let o = on(db, &["holidays", "add", "2026-12-09", "ซ้ำ"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("เป็นวันหยุดอยู่แล้ว"), "{}", stderr(&o));
    seen.push(json!(ok(db, &["holidays", "remove", "2026-12-09"])));
    seen.push(json_of(&ok(db, &["case", "show", &id, "--json"])));
    seen.push(json!(ok(db, &["workdays", "add", "2026-12-08", "3"])));
    seen
}

#[test]
fn holidays_added_and_removed_move_the_same_due_dates_on_a_file_and_on_the_server() {
    let Some(address) = fresh_database("holidays_same") else {
        return;
    };
    let dir = tmp("holidays");
    let file = dir.join("office.sqlite3");
    let on_file = holiday_session(file.to_str().expect("utf8"));
    let on_server = holiday_session(&address);
    for (i, (a, b)) in on_file.iter().zip(&on_server).enumerate() {
        assert_eq!(a, b, "answer {i} differs between the file and the server");
    }
    // The closure did move the due date, then gave it back.
    assert_ne!(on_server[0], on_server[2]);
    assert_eq!(on_server[0]["steps"], on_server[5]["steps"]);
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action IN ('holiday-add', 'holiday-remove') AND machine <> ''"
        ),
        2
    );
}

/// Reports and an export of `db` after the case session (times left out).
fn reports_of(db: &str, out: &Path) -> Vec<Value> {
    let mut seen = Vec::new();
    seen.push(json_of(&ok(
        db,
        &["report", "services", "--fiscal-year", "2570", "--json"],
    )));
    ok(
        db,
        &[
            "report",
            "kpi",
            "--fiscal-year",
            "2570",
            "--set",
            "p01",
            "--result",
            "ดำเนินการทันเวลาทุกเรื่อง",
            "--met",
            "yes",
            "--percent",
            "100",
        ],
    );
    seen.push(json_of(&ok(
        db,
        &["report", "kpi", "--fiscal-year", "2570", "--json"],
    )));
    let file = out.join("export.json");
    ok(
        db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().expect("utf8"),
        ],
    );
    let exported: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("exported")).expect("json");
    // The export's own moment and the log (which names each run's machine and times) aside.
    let mut exported = exported;
    if let Some(m) = exported.as_object_mut() {
        m.remove("exported_at");
        m.remove("audit");
    }
    seen.push(json_of(&exported.to_string()));
    seen
}

/// The copies of a server's data kept on this PC now.
fn copies() -> Vec<std::ffi::OsString> {
    let mut v: Vec<_> = std::fs::read_dir(dlict::store::server::snapshot::folder())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn reports_and_exports_of_the_server_equal_the_files_and_are_logged_there() {
    let Some(address) = fresh_database("reports_same") else {
        return;
    };
    let dir = tmp("reports");
    let file = dir.join("office.sqlite3");
    let file_out = dir.join("from-file");
    let server_out = dir.join("from-server");
    std::fs::create_dir_all(&file_out).expect("dir");
    std::fs::create_dir_all(&server_out).expect("dir");
    session(file.to_str().expect("utf8"), &dir);
    session(&address, &dir);
    let before = copies();
    let on_file = reports_of(file.to_str().expect("utf8"), &file_out);
    let on_server = reports_of(&address, &server_out);
    for (i, (a, b)) in on_file.iter().zip(&on_server).enumerate() {
        assert_eq!(a, b, "report {i} differs between the file and the server");
    }
    // The export is in the server's log (the copy it was made from is gone).
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'export' AND machine <> ''"
        ),
        1
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM kpi_entries WHERE process_id = 'p01' AND percent = 100"
        ),
        1
    );
    assert_eq!(
        copies(),
        before,
        "a copy of the server's data was left behind"
    );
}
