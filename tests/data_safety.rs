//! Nothing saved is lost: a writer killed with SIGKILL at random moments keeps every record
//! whose save returned; a damaged file is reported, never opened for writing, and replaced
//! from a backup with the damaged file kept; a backup taken while another thread writes is a
//! consistent snapshot; restore keeps the previous content and refuses a bad file.

mod common;

use common::{killed_writer, template};
use dlict::forms::Answers;
use dlict::store::backup::{self, BackupFile, BackupPolicy};
use dlict::store::{Status, Store, StoreError};
use serde_json::json;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-safety-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn survey(i: usize) -> Answers {
    let mut a = Answers::new();
    a.insert("status".into(), json!({"choice": "teacher"}));
    a.insert("info_wanted".into(), json!(format!("ข้อมูลนักเรียน ลำดับ {i}")));
    a
}

fn dlict(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(args)
        .output()
        .expect("dlict runs")
}

fn ids_in(db: &Path) -> HashSet<i64> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn.prepare("SELECT id FROM records").expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("ids")
}

/// A small xorshift generator: random kill moments that differ per run but can be replayed
/// from the seed printed on failure.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Where `kill_writer_child` writes (set only when the kill test runs it).
const WRITER_DB: &str = "DLICT_TEST_KILL_WRITER_DB";

/// Not a test on its own: the writer the kill test starts and kills. Saves records in a loop
/// and prints each id once its save has returned.
#[test]
#[ignore = "run by records_whose_save_returned_survive_sigkill as its writer"]
fn kill_writer_child() {
    use std::io::Write;
    let Some(db) = std::env::var_os(WRITER_DB) else {
        return;
    };
    let t = template("info_needs_survey");
    let mut store = Store::open(Path::new(&db)).expect("writer opens");
    let mut stdout = std::io::stdout().lock();
    for i in 0u64.. {
        let mut a = Answers::new();
        a.insert(
            "info_wanted".into(),
            json!(format!("ข้อมูลที่ต้องการ รอบที่ {i} ").repeat(1 + (i % 7) as usize)),
        );
        let id = store.insert_record(&t, Status::Draft, &a).expect("saved");
        if writeln!(stdout, "{id}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            break;
        }
    }
}

#[test]
fn records_whose_save_returned_survive_sigkill() {
    let dir = tmp("kill");
    let db = dir.join("db.sqlite3");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 | 1)
        .unwrap_or(88_172_645_463_325_252);
    let mut rng = Rng(seed);
    let mut confirmed: HashSet<i64> = HashSet::new();
    let started = std::time::Instant::now();
    let rounds = 60;
    for round in 0..rounds {
        // The writer is this test binary itself, run as `kill_writer_child` (the shipped
        // `dlict` has no test hooks).
        // Kill somewhere between 20 and 220 ms in: during opening, migrating or mid-write.
        let printed = killed_writer(
            "kill_writer_child",
            WRITER_DB,
            &db,
            Duration::from_millis(20 + rng.next() % 200),
        )
        .iter()
        .filter_map(|l| l.trim().parse::<i64>().ok())
        .collect::<Vec<i64>>();
        confirmed.extend(printed);
        let present = ids_in(&db);
        let lost: Vec<&i64> = confirmed.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "round {round} (seed {seed}): saves that returned are missing: {lost:?}"
        );
        let s = Store::open(&db).expect("reopens after a kill");
        s.integrity_check()
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): {e}"));
    }
    assert!(
        confirmed.len() > rounds,
        "the writer saved only {} records in {rounds} rounds: the test did not exercise saving",
        confirmed.len()
    );
    assert!(
        started.elapsed() < Duration::from_mins(1),
        "the kill test must finish within a minute"
    );
}

/// A database with a few records and a good automatic backup beside it.
fn db_with_backup(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("dlict.sqlite3");
    let mut s = Store::open(&db).expect("create");
    let t = template("info_needs_survey");
    let items: Vec<(Status, Answers)> = (0..300).map(|i| (Status::Complete, survey(i))).collect();
    s.insert_records(&t, &items).expect("insert");
    let made = s
        .auto_backup(chrono::Local::now().naive_local())
        .expect("backup")
        .expect("a copy is made on the first start of the day");
    // A second start the same day makes no second copy.
    assert_eq!(
        s.auto_backup(chrono::Local::now().naive_local())
            .expect("backup"),
        None
    );
    drop(s);
    (db, made)
}

fn damage(db: &Path, how: &str) {
    let mut bytes = std::fs::read(db).expect("read");
    if how == "truncate" {
        bytes.truncate(bytes.len() / 3);
    } else {
        // Scribble over the pages after the first (schema stays readable, data does not).
        let mut rng = Rng(7);
        for b in bytes.iter_mut().skip(4096).take(64 * 1024) {
            *b = rng.next() as u8;
        }
    }
    std::fs::write(db, bytes).expect("write");
}

#[test]
fn a_damaged_database_is_reported_refused_and_restored_from_backup() {
    for how in ["truncate", "scribble"] {
        let dir = tmp(&format!("damaged-{how}"));
        let (db, good) = db_with_backup(&dir);
        // Checkpoint so the data pages are in the main file, then damage it.
        {
            let c = rusqlite::Connection::open(&db).expect("open");
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .expect("checkpoint");
        }
        damage(&db, how);
        let damaged_bytes = std::fs::read(&db).expect("read");

        let out = dlict(&["--db", db.to_str().expect("utf8"), "check"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{how}: check must fail: {text}");
        assert!(text.contains("มีปัญหา"), "{how}: {text}");
        assert!(
            text.contains(&good.display().to_string()),
            "{how}: check names the good backup: {text}"
        );

        match Store::open_checked(&db) {
            Err(StoreError::Damaged(..) | StoreError::NotADatabase(..)) => {}
            other => panic!("{how}: the app must refuse the damaged file, got {other:?}"),
        }
        assert_eq!(
            std::fs::read(&db).expect("read"),
            damaged_bytes,
            "{how}: the damaged file was changed"
        );
        let newest = backup::newest_good_backup(&backup::backups_dir(&db)).expect("a good one");
        assert_eq!(newest.path, good);

        let out = dlict(&[
            "--db",
            db.to_str().expect("utf8"),
            "restore",
            good.to_str().expect("utf8"),
        ]);
        assert!(
            out.status.success(),
            "{how}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let s = Store::open_checked(&db).expect("restored database opens");
        s.integrity_check().expect("healthy");
        assert_eq!(s.record_count("info_needs_survey").expect("count"), 300);
        // The damaged file is kept aside, byte for byte.
        let aside: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.to_string_lossy().contains(".damaged-")
                    && !p.to_string_lossy().ends_with("-wal")
                    && !p.to_string_lossy().ends_with("-shm")
            })
            .collect();
        assert_eq!(aside.len(), 1, "{how}: {aside:?}");
        assert_eq!(std::fs::read(&aside[0]).expect("read"), damaged_bytes);
        let out = dlict(&["--db", db.to_str().expect("utf8"), "check"]);
        assert!(out.status.success(), "{how}: check after restore");
    }
}

#[test]
fn backup_while_another_thread_writes_is_a_consistent_snapshot() {
    let dir = tmp("concurrent");
    let db = dir.join("db.sqlite3");
    Store::open(&db).expect("create");
    let t = template("info_needs_survey");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, t, stop) = (
            db.clone(),
            t.clone(),
            std::sync::Arc::<std::sync::atomic::AtomicBool>::clone(&stop),
        );
        std::thread::spawn(move || {
            let mut s = Store::open(&db).expect("writer opens");
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let items: Vec<(Status, Answers)> =
                    (0..20).map(|i| (Status::Complete, survey(n + i))).collect();
                s.insert_records(&t, &items).expect("insert");
                n += 20;
            }
            n
        })
    };
    std::thread::sleep(Duration::from_millis(150));
    let reader = Store::open(&db).expect("second connection");
    let mut copies = Vec::new();
    for i in 0..5 {
        let out = dir.join(format!("copy-{i}.sqlite3"));
        reader.backup_to(&out).expect("backup while writing");
        copies.push(out);
        std::thread::sleep(Duration::from_millis(40));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().expect("writer");
    assert!(written > 0);
    let mut previous = 0;
    for c in &copies {
        let summary = backup::inspect(c).expect("copy passes integrity_check");
        let conn = rusqlite::Connection::open(c).expect("open copy");
        let (n, max, audits): (i64, i64, i64) = conn
            .query_row(
                "SELECT COUNT(*), coalesce(MAX(id), 0), (SELECT COUNT(*) FROM audit WHERE action = 'create') FROM records",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("counts");
        // Whole transactions only: every batch of 20 with all its audit rows, ids gap-free.
        assert_eq!(
            n % 20,
            0,
            "{c:?}: a transaction was cut in half ({n} records)"
        );
        assert_eq!(n, max, "{c:?}: ids have gaps");
        assert_eq!(n, audits, "{c:?}: records and their audit rows disagree");
        assert_eq!(summary.total_records() as i64, n);
        assert!(n >= previous, "later copies hold at least as much");
        previous = n;
        // A copy is one file: no -wal beside it.
        let mut wal = c.as_os_str().to_owned();
        wal.push("-wal");
        assert!(!PathBuf::from(wal).exists());
    }
    assert!(previous > 0, "the copies saw the writer's records");
}

#[test]
fn restore_keeps_the_current_content_and_refuses_a_bad_file() {
    let dir = tmp("restore");
    let db = dir.join("db.sqlite3");
    let t = template("info_needs_survey");
    let mut s = Store::open(&db).expect("create");
    s.insert_records(&t, &[(Status::Complete, survey(1))])
        .expect("insert");
    let old_copy = dir.join("old.sqlite3");
    s.backup_to(&old_copy).expect("backup");
    s.insert_records(
        &t,
        &[(Status::Complete, survey(2)), (Status::Complete, survey(3))],
    )
    .expect("insert");

    // A file that is not a database, and a truncated copy: refused, nothing changes.
    let junk = dir.join("junk.sqlite3");
    std::fs::write(&junk, "ไม่ใช่ฐานข้อมูล").expect("write");
    assert!(s.restore_from(&junk).is_err());
    let half = dir.join("half.sqlite3");
    let bytes = std::fs::read(&old_copy).expect("read");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).expect("write");
    assert!(s.restore_from(&half).is_err());
    assert_eq!(s.record_count(&t.id).expect("count"), 3);

    let report = s.restore_from(&old_copy).expect("restore");
    assert_eq!(report.restored.total_records(), 1);
    assert_eq!(s.record_count(&t.id).expect("count"), 1);
    s.integrity_check().expect("healthy");
    // The content before the restore is kept as a backup and holds the three records.
    let kept = backup::inspect(&report.previous_kept_as).expect("kept copy");
    assert_eq!(kept.total_records(), 3);
    // The restore itself is in the (restored) log.
    let restores = s
        .audit_ids(&dlict::store::AuditQuery {
            action: Some("restore-db".into()),
            ..Default::default()
        })
        .expect("audit");
    assert_eq!(restores.len(), 1);
    // Still writable afterwards.
    s.insert_records(&t, &[(Status::Complete, survey(4))])
        .expect("insert after restore");
}

#[test]
fn rotation_keeps_seven_daily_four_weekly_twelve_monthly() {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    // Two copies a day for 500 days (newest first, as list_backups gives them).
    let mut all: Vec<BackupFile> = (0..1000)
        .map(|i| BackupFile {
            path: PathBuf::from(format!("auto-{i:04}.sqlite3")),
            taken: (start + chrono::Days::new(i / 2))
                .and_hms_opt(8 + (i % 2) as u32 * 4, 0, 0)
                .expect("time"),
            automatic: true,
        })
        .collect();
    all.sort_by_key(|b| std::cmp::Reverse(b.taken));
    let policy = BackupPolicy::default();
    let gone: HashSet<PathBuf> = backup::to_rotate_out(&all, &policy).into_iter().collect();
    let kept: Vec<&BackupFile> = all.iter().filter(|b| !gone.contains(&b.path)).collect();
    let newest = &all[0];
    assert!(
        kept.iter().any(|b| b.path == newest.path),
        "the newest stays"
    );
    // 7 days + older weekly and monthly picks (the first of each overlap with the days).
    let days: HashSet<_> = kept.iter().map(|b| b.taken.date()).collect();
    assert_eq!(days.len(), kept.len(), "one copy per day at most");
    let months: HashSet<_> = kept
        .iter()
        .map(|b| b.taken.date().format("%Y-%m").to_string())
        .collect();
    assert_eq!(months.len(), 12, "twelve months covered: {months:?}");
    assert!(
        kept.len() <= 7 + 4 + 12 && kept.len() >= 12,
        "{}",
        kept.len()
    );
    let last7: Vec<_> = (0..7)
        .map(|d| newest.taken.date() - chrono::Days::new(d))
        .collect();
    for d in last7 {
        assert!(days.contains(&d), "daily copy of {d} kept");
    }
    // Manual and before-restore copies are never rotated out.
    let mut with_manual = all.clone();
    with_manual.push(BackupFile {
        path: PathBuf::from("before-restore-x.sqlite3"),
        taken: start.and_hms_opt(0, 0, 0).expect("t"),
        automatic: false,
    });
    assert!(
        !backup::to_rotate_out(&with_manual, &policy)
            .contains(&PathBuf::from("before-restore-x.sqlite3"))
    );
}

#[test]
fn a_second_read_only_connection_closing_never_loses_the_window_s_writes() {
    // The window keeps its connection open while the automatic backup opens and closes a
    // read-only one on the same file: the window's later saves must still reach the disk.
    let dir = tmp("ro-close");
    let db = dir.join("db.sqlite3");
    let t = template("info_needs_survey");
    let mut s = Store::open(&db).expect("create");
    s.insert_records(&t, &[(Status::Complete, survey(1))])
        .expect("insert");
    std::thread::spawn({
        let db = db.clone();
        move || {
            let r = Store::open_read_only(&db).expect("read-only");
            r.auto_backup(chrono::Local::now().naive_local())
                .expect("backup");
        }
    })
    .join()
    .expect("thread");
    assert!(backup::quick_inspect(&db).is_ok());
    s.insert_records(&t, &[(Status::Complete, survey(2))])
        .expect("insert after");
    // Another process's view: both records are there.
    let c = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .expect("count");
    assert_eq!(
        n, 2,
        "a save made after the backup connection closed was lost"
    );
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    assert!(
        PathBuf::from(wal).exists(),
        "the open WAL file was deleted under the window"
    );
}

#[test]
fn saves_after_a_restore_reach_the_disk() {
    let dir = tmp("after-restore");
    let db = dir.join("db.sqlite3");
    let t = template("info_needs_survey");
    let mut s = Store::open(&db).expect("create");
    s.insert_records(&t, &[(Status::Complete, survey(1))])
        .expect("insert");
    let copy = dir.join("copy.sqlite3");
    s.backup_to(&copy).expect("backup");
    s.restore_from(&copy).expect("restore");
    s.insert_records(&t, &[(Status::Complete, survey(2))])
        .expect("insert after restore");
    s.save_draft(&dlict::store::drafts::Draft {
        slot: "new:x:1".into(),
        form_id: t.id.clone(),
        template_version: t.version,
        record_id: None,
        base_version: None,
        record_number: None,
        status: Status::Draft,
        answers: survey(3),
        saved_at: String::new(),
    })
    .expect("draft");
    let c = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    let (n, d): (i64, i64) = c
        .query_row(
            "SELECT (SELECT COUNT(*) FROM records), (SELECT COUNT(*) FROM drafts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count");
    assert_eq!(
        (n, d),
        (2, 1),
        "saves after the restore did not reach the file"
    );
}

#[test]
fn another_program_closing_the_database_never_takes_the_window_s_wal() {
    // POSIX drops every lock a process holds on a file when any descriptor of that file is
    // closed. Opening the database file outside SQLite while the window's connection is open
    // (as a header check once did) let another program delete the WAL under the window, and
    // every later save went to a deleted file. Here: the window's store, an in-process
    // read-only store (as the automatic backup opens), then another process opening and
    // closing the database, then a save that must reach the disk.
    let dir = tmp("posix-locks");
    let db = dir.join("db.sqlite3");
    let t = template("info_needs_survey");
    let mut s = Store::open(&db).expect("create");
    s.insert_records(&t, &[(Status::Complete, survey(1))])
        .expect("insert");
    drop(Store::open_read_only(&db).expect("read-only"));
    drop(backup::inspect(&db).expect("inspect"));
    // Another program writes and closes (Python's sqlite3, as any SQLite tool would).
    let out = Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.execute(\"INSERT INTO settings(key,value) VALUES('other_program','1')\")\nc.commit()\nc.close()",
            db.to_str().expect("utf8"),
        ])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    s.insert_records(&t, &[(Status::Complete, survey(2))])
        .expect("insert after");
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    assert!(
        PathBuf::from(wal).exists(),
        "another program deleted the WAL the window still writes to"
    );
    let c = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 2);
}
