//! The record commands on the shared server, as officers on several PCs use them: the same
//! commands give the same answers on a file and on the server; two officers saving the same
//! record at once: the second is refused and nothing is overwritten; eight programs adding
//! 200 records and opening 50 cases each at once: every acknowledged record and case is there,
//! numbered without a duplicate or a gap; a writer killed (kill -9) or cut off by the server mid-save leaves no half-written
//! record.

mod common;
#[path = "common/pg.rs"]
mod pg;
use common::{stderr, stdout};
use pg::{assert_whole, client, count, fresh_database, shown};

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-pgrec-{}-{name}", std::process::id()));
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

fn access(i: usize) -> Value {
    json!({
        "date": "2026-11-20",
        "name": format!("นายทดสอบ หลายเครื่อง {i}"),
        "citizen_id": common::citizen_id(&format!("1101700{:05}", 23070 + i)),
        "position": "ครู",
        "unit": format!("โรงเรียนที่ {i}"),
        "phone": "085-537-4109",
        "systems": {"choices": ["student"]},
        "purpose": "ใช้ข้อมูลนักเรียน",
        "applicant": {"name": format!("นายทดสอบ หลายเครื่อง {i}"), "position": "ครู", "date": "2026-11-20"}
    })
}

fn data_file(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).expect("write data");
    p.display().to_string()
}

/// A record's JSON without the times (they differ between two runs).
fn timeless(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).expect("json");
    let strip = |o: &mut Value| {
        if let Some(m) = o.as_object_mut() {
            m.remove("created_at");
            m.remove("updated_at");
        }
    };
    match &mut v {
        Value::Array(items) => items.iter_mut().for_each(strip),
        other => strip(other),
    }
    v
}

/// The same commands on `db` (a file or a server); what they printed, times left out.
fn session(db: &str, dir: &Path) -> Vec<Value> {
    let mut seen = Vec::new();
    for i in 0..3 {
        let f = data_file(dir, &format!("a{i}.json"), &access(i));
        let o = on(db, &["record", "add", "access_request", "--data", &f]);
        assert!(o.status.success(), "{}", stderr(&o));
        seen.push(json!(stdout(&o).trim()));
    }
    let f = data_file(dir, "s.json", &json!({}));
    let o = on(
        db,
        &[
            "record",
            "add",
            "website_satisfaction",
            "--data",
            &f,
            "--draft",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    seen.push(json!(stdout(&o).trim()));
    let o = on(db, &["record", "show", "2", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    seen.push(timeless(&stdout(&o)));
    let f = data_file(dir, "edit.json", &access(7));
    let o = on(
        db,
        &["record", "update", "2", "--data", &f, "--version", "1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    seen.push(serde_json::from_str(&stdout(&o)).expect("json"));
    // An edit made on the old version: refused, exit 2, naming who changed it.
    let f = data_file(dir, "late.json", &access(8));
    let o = on(
        db,
        &["record", "update", "2", "--data", &f, "--version", "1"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("บันทึกนี้ถูกแก้ไขโดย"), "{err}");
    assert!(err.contains("เครื่อง"), "the machine is named: {err}");
    seen.push(json!("refused"));
    let o = on(db, &["record", "list", "access_request", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    seen.push(timeless(&stdout(&o)));
    let o = on(db, &["record", "show", "9", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ไม่พบบันทึกเลขที่"), "{}", stderr(&o));
    seen
}

#[test]
fn the_record_commands_give_the_same_answers_on_a_file_and_on_the_server() {
    let Some(address) = fresh_database("same") else {
        return;
    };
    let dir = tmp("same");
    let file = dir.join("office.sqlite3").display().to_string();
    let on_file = session(&file, &dir);
    let on_server = session(&address, &dir);
    assert_eq!(on_file, on_server);
    // Masked by default on both.
    assert!(
        on_server[4]["answers"]["citizen_id"]
            .as_str()
            .is_some_and(|s| s.starts_with("x-"))
    );

    // A list's first screen, read the same way from both.
    {
        use dlict::store::office_store::OfficeStore;
        let mut on_server = dlict::store::server::records::ServerStore::open(
            &dlict::store::server::Server::from_env(&address).expect("address"),
        )
        .expect("open the server");
        let mut on_file = dlict::store::Store::open(Path::new(&file)).expect("open the file");
        let (a, b) = (
            on_file.first_page("access_request", 2).expect("file"),
            on_server.first_page("access_request", 2).expect("server"),
        );
        assert_eq!(a.0, 3);
        let numbers = |p: &(i64, Vec<dlict::store::Record>)| {
            p.1.iter()
                .map(|r| (r.number, r.version))
                .collect::<Vec<_>>()
        };
        assert_eq!(numbers(&a), vec![(3, 1), (2, 2)]);
        assert_eq!(numbers(&a), numbers(&b));
        assert_eq!(a.0, b.0);
    }

    let mut c = client(&address);
    // Every save is logged on the server, naming the officer's account and machine.
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE entity = 'record' AND action = 'create'"
        ),
        4
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE machine IS NULL OR machine = '' OR os_user IS NULL"
        ),
        0
    );
    // The search text and report facts are kept for every record, as in the file.
    assert_eq!(count(&mut c, "SELECT count(*) FROM record_search"), 4);
    assert_eq!(count(&mut c, "SELECT count(*) FROM record_facts"), 4);
    // Revealing citizen ids is logged on the server too.
    let o = on(
        &address,
        &["record", "show", "1", "--json", "--reveal-citizen-id"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&common::citizen_id("110170023070")));
    assert_eq!(
        count(&mut c, "SELECT count(*) FROM audit WHERE action = 'reveal'"),
        1
    );
}

#[test]
fn two_officers_saving_the_same_record_at_once_the_second_is_refused() {
    let Some(address) = fresh_database("same_record") else {
        return;
    };
    let dir = tmp("same-record");
    let mut c = client(&address);
    for round in 0..5 {
        let f = data_file(&dir, "first.json", &access(round));
        let o = on(&address, &["record", "add", "access_request", "--data", &f]);
        assert!(o.status.success(), "{}", stderr(&o));
        let id = stdout(&o).trim().to_owned();
        let mine = data_file(&dir, &format!("mine{round}.json"), &access(100 + round));
        let theirs = data_file(&dir, &format!("theirs{round}.json"), &access(200 + round));
        let spawn = |f: &str| {
            Command::new(env!("CARGO_BIN_EXE_dlict"))
                .args([
                    "--db",
                    &address,
                    "record",
                    "update",
                    &id,
                    "--data",
                    f,
                    "--version",
                    "1",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(&mine), spawn(&theirs));
        let (a, b) = (
            a.wait_with_output().expect("wait"),
            b.wait_with_output().expect("wait"),
        );
        let codes = [a.status.code(), b.status.code()];
        assert!(
            codes.contains(&Some(0)) && codes.contains(&Some(2)),
            "round {round}: {codes:?} {} {}",
            stderr(&a),
            stderr(&b)
        );
        let (winner, loser) = if a.status.success() {
            (100, b)
        } else {
            (200, a)
        };
        assert!(
            stderr(&loser).contains("บันทึกนี้ถูกแก้ไขโดย"),
            "{}",
            stderr(&loser)
        );
        // The record holds the winner's answers, at version 2, with one edit in the log.
        let o = on(&address, &["record", "show", &id, "--json"]);
        let shown: Value = serde_json::from_str(&stdout(&o)).expect("json");
        assert_eq!(shown["version"], 2);
        assert_eq!(
            shown["answers"]["name"],
            format!("นายทดสอบ หลายเครื่อง {}", winner + round)
        );
        assert_eq!(
            count(
                &mut c,
                &format!("SELECT count(*) FROM audit WHERE action = 'update' AND record_id = {id}")
            ),
            1
        );
    }
}

#[test]
fn eight_programs_adding_records_and_cases_at_once_lose_none_and_share_no_number() {
    let Some(address) = fresh_database("eight") else {
        return;
    };
    let dir = tmp("eight");
    const EACH: usize = 200;
    const CASES: usize = 50;
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let (address, dir) = (address.clone(), dir.clone());
            std::thread::spawn(move || {
                let mut acknowledged = Vec::with_capacity(EACH);
                for i in 0..EACH {
                    let f = data_file(&dir, &format!("w{w}-{i}.json"), &access(w * 1000 + i));
                    let o = on(&address, &["record", "add", "access_request", "--data", &f]);
                    assert!(o.status.success(), "worker {w}: {}", stderr(&o));
                    acknowledged.push(stdout(&o).trim().parse::<i64>().expect("an id"));
                }
                let mut cases = Vec::with_capacity(CASES);
                for (i, record) in acknowledged.iter().take(CASES).enumerate() {
                    let title = format!("ขอเข้าถึงระบบ เครื่อง {w} เรื่อง {i}");
                    let o = on(
                        &address,
                        &[
                            "case",
                            "start",
                            "p07",
                            "--title",
                            &title,
                            "--requester",
                            "นายทดสอบ หลายเครื่อง",
                            "--received",
                            "2026-11-20T09:00",
                            "--record",
                            &record.to_string(),
                        ],
                    );
                    assert!(o.status.success(), "worker {w}: {}", stderr(&o));
                    cases.push(stdout(&o).trim().parse::<i64>().expect("a case id"));
                }
                (acknowledged, cases)
            })
        })
        .collect();
    let (mut ids, mut case_ids): (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
    for w in workers {
        let (records, cases) = w.join().expect("worker");
        ids.extend(records);
        case_ids.extend(cases);
    }
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "an id was acknowledged twice");
    assert_eq!(n, 8 * EACH);
    let mut c = client(&address);
    for id in &ids {
        assert_eq!(
            count(
                &mut c,
                &format!("SELECT count(*) FROM records WHERE id = {id}")
            ),
            1,
            "acknowledged record {id} is missing"
        );
    }
    assert_eq!(assert_whole(&mut c), (8 * EACH) as i64);

    // The cases: every acknowledged one there, numbered 1…400 in their year without a
    // duplicate or a gap, each with one current step, its timeline and its log entry.
    case_ids.sort_unstable();
    case_ids.dedup();
    assert_eq!(case_ids.len(), 8 * CASES);
    let total = (8 * CASES) as i64;
    assert_eq!(count(&mut c, "SELECT count(*) FROM cases"), total);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(DISTINCT number_seq) FROM cases WHERE number_seq BETWEEN 1 AND 400"
        ),
        total
    );
    assert_eq!(count(&mut c, "SELECT max(last) FROM case_numbers"), total);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM case_steps WHERE status = 'current'"
        ),
        total
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM case_events WHERE kind = 'start'"
        ),
        total
    );
    assert_eq!(count(&mut c, "SELECT count(*) FROM case_records"), total);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'case-start' AND machine <> ''"
        ),
        total
    );
    for id in &case_ids {
        assert_eq!(
            count(
                &mut c,
                &format!("SELECT count(*) FROM cases WHERE id = {id} AND due_at IS NOT NULL")
            ),
            1,
            "acknowledged case {id} is missing or has no due date"
        );
    }
}

#[test]
fn a_writer_killed_or_cut_off_by_the_server_mid_save_leaves_no_half_record() {
    let Some(address) = fresh_database("killed") else {
        return;
    };
    let dir = tmp("killed");
    let f = data_file(&dir, "a.json", &access(1));
    let o = on(&address, &["record", "add", "access_request", "--data", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    // kill -9 at moments spread over a save (connecting, the transaction, the commit).
    for k in 0..30u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dlict"))
            .args([
                "--db",
                &address,
                "record",
                "add",
                "access_request",
                "--data",
                &f,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(k * 3));
        let _ = child.kill();
        let _ = child.wait();
    }
    // The server cuts writers off (as when it stops) while they save.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cutter = {
        let (address, stop) = (address.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut c = client(&address);
            let mut cut = 0;
            let mut round = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                cut += count(
                    &mut c,
                    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE application_name = 'dlict' AND pid <> pg_backend_pid() AND datname = current_database()) t",
                );
                // Pauses from 5 to 200 ms: some saves finish between two cuts, others are
                // cut in the middle, whatever this machine's speed.
                round += 1;
                std::thread::sleep(std::time::Duration::from_millis(5 + (round * 37) % 196));
            }
            cut
        })
    };
    let mut saved = Vec::new();
    let mut refused = 0;
    // Save until both outcomes have been seen a few times (a slow machine sees more refusals).
    for _ in 0..400 {
        if saved.len() >= 5 && refused >= 5 {
            break;
        }
        let o = on(&address, &["record", "add", "access_request", "--data", &f]);
        if o.status.success() {
            saved.push(stdout(&o).trim().parse::<i64>().expect("id"));
        } else {
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            let err = stderr(&o);
            assert!(err.contains("ฐานข้อมูลกลาง"), "{err}");
            common::assert_thai_only(&err, &[&shown(&address)]);
            refused += 1;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let cut = cutter.join().expect("cutter");
    assert!(
        cut > 0 && refused > 0 && !saved.is_empty(),
        "{cut} sessions cut off, {refused} saves refused, {} saved",
        saved.len()
    );
    let mut c = client(&address);
    for id in &saved {
        assert_eq!(
            count(
                &mut c,
                &format!("SELECT count(*) FROM records WHERE id = {id}")
            ),
            1,
            "acknowledged record {id} is missing"
        );
    }
    assert_whole(&mut c);
}

#[test]
fn an_encrypted_connection_trusts_only_the_servers_own_certificate() {
    let Some(address) = fresh_database("tls") else {
        return;
    };
    let (Ok(ca), Ok(other)) = (
        std::env::var("DLICT_TEST_PG_CA"),
        std::env::var("DLICT_TEST_PG_OTHER_CA"),
    ) else {
        panic!("the test server has no certificate: start it with .ci/postgres");
    };
    let dir = tmp("tls");
    let secure = format!("{address}?sslmode=require");
    let f = data_file(&dir, "a.json", &access(1));
    let add = |cert: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dlict"));
        cmd.args([
            "--db",
            &secure,
            "record",
            "add",
            "access_request",
            "--data",
            &f,
        ]);
        match cert {
            Some(c) => cmd.env("PGSSLROOTCERT", c),
            None => cmd.env_remove("PGSSLROOTCERT"),
        };
        cmd.output().expect("run")
    };
    let o = add(Some(&ca));
    assert!(o.status.success(), "{}", stderr(&o));
    // The session really is encrypted (and a plain one is not: the check can tell).
    let server = dlict::store::server::Server::from_env(&secure)
        .expect("address")
        .with_root_cert(Path::new(&ca));
    let mut c = server.connect().expect("encrypted connection");
    let ssl: bool = c
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .expect("pg_stat_ssl")
        .get(0);
    assert!(ssl);
    let mut plain = client(&address);
    let ssl: bool = plain
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .expect("pg_stat_ssl")
        .get(0);
    assert!(!ssl);

    // A certificate signed by someone else: refused before anything is sent.
    let o = add(Some(&other));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("ใบรับรองของเครื่องแม่ข่ายไม่ผ่านการตรวจสอบ"), "{err}");
    common::assert_thai_only(&err, &[&shown(&address)]);
    // No certificate given at all.
    let o = add(None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("PGSSLROOTCERT"), "{}", stderr(&o));
    assert_eq!(count(&mut plain, "SELECT count(*) FROM records"), 1);
}
