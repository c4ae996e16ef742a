//! Restores never lose a record: the copy kept before a restore gets a name no other copy has
//! (two restores in the same second keep two copies), and a restore racing other writers
//! keeps every save that returned, either in the copy kept before it or in the database
//! after it.

use dlict::forms::{self, Answers, Template};
use dlict::store::backup;
use dlict::store::{Status, Store};
use serde_json::json;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-races-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn template() -> Template {
    forms::builtin()
        .expect("templates")
        .into_iter()
        .find(|t| t.id == "info_needs_survey")
        .expect("template")
}

fn survey(text: &str) -> Answers {
    let mut a = Answers::new();
    a.insert("status".into(), json!({"choice": "teacher"}));
    a.insert("info_wanted".into(), json!(text));
    a
}

/// A database file holding `n` records whose text starts with `tag`.
fn db_with(path: &Path, tag: &str, n: usize) {
    let mut s = Store::open(path).expect("create");
    let items: Vec<(Status, Answers)> = (0..n)
        .map(|i| (Status::Complete, survey(&format!("{tag}-{i}"))))
        .collect();
    s.insert_records(&template(), &items).expect("insert");
}

/// The text of every record in a database file (read without changing it).
fn texts_in(db: &Path) -> HashSet<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let mut stmt = conn
        .prepare("SELECT json_extract(data, '$.info_wanted') FROM records")
        .expect("prepare");
    stmt.query_map([], |r| r.get::<_, Option<String>>(0))
        .expect("query")
        .filter_map(|r| r.ok().flatten())
        .collect()
}

fn kept_copies(db: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(backup::backups_dir(db))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with("before-restore-") && n.ends_with(".sqlite3")
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn dlict(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(args)
        .output()
        .expect("dlict runs")
}

#[test]
fn two_restores_in_the_same_second_keep_both_previous_databases() {
    for round in 0..5 {
        let dir = tmp(&format!("same-second-{round}"));
        let db = dir.join("dlict.sqlite3");
        let (a, b) = (dir.join("a.sqlite3"), dir.join("b.sqlite3"));
        db_with(&db, "original", 3);
        db_with(&a, "a", 1);
        db_with(&b, "b", 2);
        // Library: two restores back to back (well inside one second).
        let mut s = Store::open(&db).expect("open");
        let first = s.restore_from(&a).expect("restore a");
        let second = s.restore_from(&b).expect("restore b");
        drop(s);
        assert_ne!(
            first.previous_kept_as, second.previous_kept_as,
            "round {round}: two restores reported the same kept copy"
        );
        let held: Vec<usize> = [&first.previous_kept_as, &second.previous_kept_as]
            .iter()
            .map(|p| {
                backup::inspect(p)
                    .expect("kept copy is sound")
                    .total_records()
            })
            .collect();
        assert_eq!(
            held,
            vec![3, 1],
            "round {round}: the original 3 records and then a's 1 must both be kept"
        );
        // Command line: two restores in the same second print two different kept paths.
        let out_a = dlict(&[
            "--db",
            db.to_str().expect("utf8"),
            "restore",
            a.to_str().expect("utf8"),
        ]);
        let out_b = dlict(&[
            "--db",
            db.to_str().expect("utf8"),
            "restore",
            b.to_str().expect("utf8"),
        ]);
        assert!(
            out_a.status.success() && out_b.status.success(),
            "restores succeed"
        );
        let kept_line = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.contains("เก็บไว้ที่"))
                .map(str::to_owned)
                .expect("the kept path is printed")
        };
        assert_ne!(kept_line(&out_a), kept_line(&out_b));
        let copies = kept_copies(&db);
        assert_eq!(
            copies.len(),
            4,
            "round {round}: four restores, four kept copies: {copies:?}"
        );
        let mut counts: Vec<usize> = copies
            .iter()
            .map(|p| backup::inspect(p).expect("sound").total_records())
            .collect();
        counts.sort_unstable();
        assert_eq!(counts, vec![1, 1, 2, 3], "round {round}");
    }
}

#[test]
fn a_kept_copy_never_overwrites_an_existing_file() {
    let dir = tmp("no-overwrite");
    let db = dir.join("dlict.sqlite3");
    let a = dir.join("a.sqlite3");
    db_with(&db, "original", 2);
    db_with(&a, "a", 1);
    // Files already occupying every name a copy made this second could take.
    let backups = backup::backups_dir(&db);
    std::fs::create_dir_all(&backups).expect("dir");
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let squatter = backups.join(format!("before-restore-{stamp}.sqlite3"));
    std::fs::write(&squatter, b"another program's file").expect("write");
    let mut s = Store::open(&db).expect("open");
    let report = s.restore_from(&a).expect("restore");
    assert_ne!(report.previous_kept_as, squatter);
    assert_eq!(
        std::fs::read(&squatter).expect("still there"),
        b"another program's file",
        "an existing file is never overwritten"
    );
    assert_eq!(
        backup::inspect(&report.previous_kept_as)
            .expect("kept")
            .total_records(),
        2
    );
}

/// Saves that returned while restores ran are never lost: each is in the database at the
/// end or in a copy kept before one of the restores. Writers are both other processes
/// (`dlict record add` in a loop, as an officer's script would) and a fast in-process
/// connection; many restores run through the command line meanwhile.
#[test]
fn a_restore_racing_other_writers_keeps_every_acknowledged_save() {
    let dir = tmp("race");
    let db = dir.join("dlict.sqlite3");
    let (a, b) = (dir.join("a.sqlite3"), dir.join("b.sqlite3"));
    db_with(&db, "start", 5);
    db_with(&a, "a", 3);
    db_with(&b, "b", 4);
    let data = dir.join("add.json");
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    // A fast writer: bursts of saves on a connection of its own, opened for each burst (a
    // connection held open for good makes every restore wait, then refuse: see below).
    {
        let (db, stop) = (
            db.clone(),
            std::sync::Arc::<std::sync::atomic::AtomicBool>::clone(&stop),
        );
        writers.push(std::thread::spawn(move || {
            let t = template();
            let mut acked = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                if let Ok(mut s) = Store::open(&db) {
                    for _ in 0..20 {
                        let text = format!("fast-{i}");
                        if s.insert_record(&t, Status::Complete, &survey(&text))
                            .is_ok()
                        {
                            acked.push(text);
                        }
                        i += 1;
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(15));
            }
            acked
        }));
    }
    // Two writers that are other processes.
    for w in 0..2 {
        let (db, stop, data) = (
            db.clone(),
            std::sync::Arc::<std::sync::atomic::AtomicBool>::clone(&stop),
            data.clone(),
        );
        writers.push(std::thread::spawn(move || {
            let mut acked = Vec::new();
            let file = data.with_file_name(format!("add-{w}.json"));
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("cli-{w}-{i}");
                std::fs::write(
                    &file,
                    json!({"status": "teacher", "info_wanted": text}).to_string(),
                )
                .expect("data");
                let out = dlict(&[
                    "--db",
                    db.to_str().expect("utf8"),
                    "record",
                    "add",
                    "info_needs_survey",
                    "--data",
                    file.to_str().expect("utf8"),
                ]);
                if out.status.success() {
                    acked.push(text);
                }
                i += 1;
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            acked
        }));
    }
    // A restore that cannot have the database to itself within its wait is refused (and
    // changes nothing); the others go through while the writers keep saving.
    let rounds = 16;
    let mut restored = 0;
    for r in 0..rounds {
        let from = if r % 2 == 0 { &a } else { &b };
        let out = dlict(&[
            "--db",
            db.to_str().expect("utf8"),
            "restore",
            from.to_str().expect("utf8"),
        ]);
        if out.status.success() {
            restored += 1;
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("เปิดอยู่ในโปรแกรมอื่น"), "restore {r}: {err}");
        }
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
    stop.store(true, Ordering::Relaxed);
    let acked: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("writer"))
        .collect();
    let mut everywhere = texts_in(&db);
    let copies = kept_copies(&db);
    for c in &copies {
        everywhere.extend(texts_in(c));
    }
    let lost: Vec<&String> = acked.iter().filter(|t| !everywhere.contains(*t)).collect();
    eprintln!(
        "{restored} of {rounds} restores went through; {} saves acknowledged meanwhile",
        acked.len()
    );
    assert!(
        acked.len() > 100,
        "the writers saved only {} records: the race was not exercised",
        acked.len()
    );
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged saves are in neither the database nor a kept copy: {:?}",
        lost.len(),
        acked.len(),
        &lost[..lost.len().min(10)]
    );
    assert_eq!(copies.len(), restored, "one kept copy per restore");
    assert!(
        restored >= rounds / 2,
        "only {restored} of {rounds} restores found the database free"
    );
    Store::open(&db)
        .expect("open")
        .integrity_check()
        .expect("healthy after the race");
}

/// While another program keeps the database open, a restore waits for it, then refuses in
/// Thai naming what to close, and changes nothing.
#[test]
fn a_restore_while_another_program_holds_the_database_open_is_refused() {
    let dir = tmp("held");
    let db = dir.join("dlict.sqlite3");
    let a = dir.join("a.sqlite3");
    db_with(&db, "original", 2);
    db_with(&a, "a", 1);
    let other = rusqlite::Connection::open(&db).expect("another program");
    let n: i64 = other
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .expect("reads");
    assert_eq!(n, 2);
    let out = dlict(&[
        "--db",
        db.to_str().expect("utf8"),
        "restore",
        a.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("เปิดอยู่ในโปรแกรมอื่น") && err.contains("ยังเป็นแบบเดิม"),
        "{err}"
    );
    assert!(
        kept_copies(&db).is_empty(),
        "nothing kept: nothing was changed"
    );
    drop(other);
    assert_eq!(texts_in(&db).len(), 2);
    // Closed: the restore goes through.
    let out = dlict(&[
        "--db",
        db.to_str().expect("utf8"),
        "restore",
        a.to_str().expect("utf8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(texts_in(&db), HashSet::from(["a-0".to_owned()]));
}
