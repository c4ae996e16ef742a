//! What the program does to files it was not meant to touch, and what it says: another
//! program's SQLite file is refused untouched, a mistyped `--db` creates nothing, nothing is
//! created beside a device, killed writers' temporaries are swept, and every failure is one
//! Thai sentence without English from the layers below.

mod common;

use common::{assert_thai_only, citizen_id, dlict, dlict_on, stderr, stdout};
use serde_json::json;
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    common::tmp("files", name)
}

fn access_data(dir: &Path, name: &str) -> PathBuf {
    let data = dir.join(format!("{name}.json"));
    std::fs::write(
        &data,
        json!({
            "date": "24/11/2569", "name": "นางสาวศรีสุดา ใจดี", "citizen_id": citizen_id("110170023070"),
            "position": "ครู", "unit": "โรงเรียนสารคามพิทยาคม", "phone": "085 537 4109",
            "systems": ["student"], "purpose": "ใช้ข้อมูลนักเรียน",
            "applicant": {"name": "นางสาวศรีสุดา ใจดี", "date": "2026-11-24"}
        })
        .to_string(),
    )
    .expect("write");
    data
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Item 5: `--db` on another program's SQLite database: every command refuses it in Thai and
/// the file is byte for byte what it was (no dlict tables, no switch to WAL, no -wal file).
#[test]
fn another_program_s_sqlite_file_is_refused_untouched() {
    let dir = tmp("foreign");
    let other = dir.join("inventory.db");
    {
        let c = rusqlite::Connection::open(&other).expect("create");
        c.execute_batch(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO items (name) VALUES ('projector'), ('router');",
        )
        .expect("fill");
    }
    let before = std::fs::read(&other).expect("read");
    let data = access_data(&dir, "ok");
    let export_out = dir.join("out.csv");
    for args in [
        vec!["record", "list", "access_request", "--json"],
        vec![
            "export",
            "--format",
            "csv",
            "--form",
            "access_request",
            "--out",
            export_out.to_str().expect("utf8"),
        ],
        vec![
            "record",
            "add",
            "access_request",
            "--data",
            data.to_str().expect("utf8"),
        ],
        vec![
            "backup",
            "--out",
            dir.join("copy.sqlite3").to_str().expect("utf8"),
        ],
    ] {
        let out = dlict_on(&other, &args);
        assert!(!out.status.success(), "{args:?} must refuse");
        let err = stderr(&out);
        assert!(err.contains("ของโปรแกรมอื่น"), "{args:?}: {err}");
        assert_thai_only(&err, &[&other]);
        assert_eq!(
            std::fs::read(&other).expect("read"),
            before,
            "{args:?} changed the file"
        );
    }
    assert_eq!(
        files_in(&dir),
        vec!["inventory.db".to_owned(), "ok.json".to_owned()],
        "nothing created beside it"
    );
}

/// Item 5: a dlict database made before the application id existed (schema 2) is still ours:
/// opened, migrated, and marked.
#[test]
fn a_dlict_database_from_before_the_application_id_is_recognised_and_marked() {
    let dir = tmp("legacy");
    let db = dir.join("old.sqlite3");
    {
        let c = rusqlite::Connection::open(&db).expect("create");
        // The tables of schema 1 and 2 as an earlier version made them (no application id).
        c.execute_batch(
            "CREATE TABLE templates (form_id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (form_id, version)) STRICT;
             CREATE TABLE records (id INTEGER PRIMARY KEY, form_id TEXT NOT NULL, template_version INTEGER NOT NULL, status TEXT NOT NULL CHECK (status IN ('draft', 'complete')), cancelled_at TEXT, cancel_reason TEXT, record_date TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, summary TEXT NOT NULL) STRICT;
             CREATE TABLE record_search (id INTEGER PRIMARY KEY, form_id TEXT NOT NULL, search TEXT NOT NULL) STRICT;
             CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, record_id INTEGER, before TEXT, after TEXT) STRICT;
             CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
             CREATE TABLE drafts (slot TEXT PRIMARY KEY, form_id TEXT NOT NULL, template_version INTEGER NOT NULL, record_id INTEGER, status TEXT NOT NULL, data TEXT NOT NULL, saved_at TEXT NOT NULL) STRICT;
             CREATE TABLE imported_rows (hash TEXT PRIMARY KEY, record_id INTEGER NOT NULL, source TEXT NOT NULL, imported_at TEXT NOT NULL) STRICT;
             PRAGMA user_version = 2;",
        )
        .expect("old schema");
    }
    let out = dlict_on(&db, &["record", "list", "access_request", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let c = rusqlite::Connection::open(&db).expect("open");
    let app: i64 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("id");
    assert_eq!(app, i64::from_be_bytes(*b"\0\0\0\0DLCT"));
}

/// Item 6: a mistyped `--db` is refused by every command that only reads, and nothing (no
/// file, no folder) is created; only saving commands create a database.
#[test]
fn a_mistyped_db_path_creates_nothing_for_reading_commands() {
    let dir = tmp("missing");
    let db = dir.join("typo-folder").join("dlict.sqlite3");
    let out_pdf = dir.join("r.pdf");
    for args in [
        vec!["record", "list", "access_request", "--json"],
        vec![
            "export",
            "--format",
            "json",
            "--out",
            dir.join("x.json").to_str().expect("utf8"),
        ],
        vec!["check"],
        vec![
            "backup",
            "--out",
            dir.join("b.sqlite3").to_str().expect("utf8"),
        ],
        vec![
            "pdf",
            "record",
            "1",
            "--out",
            out_pdf.to_str().expect("utf8"),
        ],
        vec!["forms", "--json"],
    ] {
        let out = dlict_on(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("ไม่พบฐานข้อมูล"), "{args:?}: {err}");
        assert_eq!(err.matches("ไม่พบ").count(), 1, "said once: {err}");
        assert_thai_only(&err, &[&db]);
        assert!(
            !dir.join("typo-folder").exists(),
            "{args:?} created the folder"
        );
    }
    assert_eq!(files_in(&dir), Vec::<String>::new());
    // Saving into an explicitly new path creates it.
    let data = access_data(&dir, "ok");
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "access_request",
            "--data",
            data.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.is_file());
}

/// Item 7: a device is never used as a database and nothing is created beside it; a folder
/// given as the database is named as a folder.
#[test]
fn nothing_is_created_beside_a_device_and_a_folder_is_called_a_folder() {
    let data = access_data(&tmp("device"), "ok");
    let out = dlict(&[
        "--db",
        "/dev/full",
        "record",
        "add",
        "access_request",
        "--data",
        data.to_str().expect("utf8"),
    ]);
    assert!(!out.status.success());
    assert_thai_only(&stderr(&out), &[Path::new("/dev/full")]);
    for side in ["/dev/full-journal", "/dev/full-wal", "/dev/full.lock"] {
        assert!(!Path::new(side).exists(), "{side} was created");
    }
    let dir = tmp("folder");
    for args in [
        vec!["record", "list", "access_request", "--json"],
        vec!["check"],
    ] {
        let out = dlict_on(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("เป็นโฟลเดอร์"), "{args:?}: {err}");
        assert_thai_only(&err, &[&dir]);
    }
}

/// Item 7: a picture given to `restore` as the database is left as it was, with no lock file
/// beside it.
#[test]
fn a_refused_target_keeps_no_lock_file_beside_it() {
    let dir = tmp("png");
    let png = dir.join("img.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n not really a picture").expect("write");
    let good = dir.join("good.sqlite3");
    let s = dlict::store::Store::open(&good).expect("create");
    drop(s);
    let out = dlict_on(&png, &["restore", good.to_str().expect("utf8")]);
    assert!(!out.status.success());
    assert_thai_only(&stderr(&out), &[&png, &good]);
    assert_eq!(
        std::fs::read(&png).expect("read"),
        b"\x89PNG\r\n\x1a\n not really a picture"
    );
    assert_eq!(
        files_in(&dir),
        vec!["good.sqlite3".to_owned(), "img.png".to_owned()]
    );
}

/// Item 7: a backup killed part-way leaves `NAME.part-PID-N` (and SQLite's journal of it);
/// the next start removes what belongs to processes that are gone and keeps what a running
/// one is still writing.
#[test]
fn temporaries_of_killed_writers_are_swept_on_the_next_start() {
    let dir = tmp("stale");
    let db = dir.join("dlict.sqlite3");
    drop(dlict::store::Store::open(&db).expect("create"));
    let backups = dir.join("backups");
    std::fs::create_dir_all(&backups).expect("dir");
    // A process id that is not running: above the kernel's maximum.
    let dead = 4_194_305 + 7;
    let stale = [
        backups.join(format!("auto-20261201-090000.sqlite3.part-{dead}-0")),
        backups.join(format!(
            "auto-20261201-090000.sqlite3.part-{dead}-0-journal"
        )),
        dir.join(format!("export.xlsx.part-{dead}-3")),
    ];
    for f in &stale {
        std::fs::write(f, b"half").expect("write");
    }
    // One that this very process is writing, and a file that only looks similar.
    let live = backups.join(format!("x.sqlite3.part-{}-9", std::process::id()));
    let other = dir.join("notes.part-two.txt");
    std::fs::write(&live, b"busy").expect("write");
    std::fs::write(&other, b"mine").expect("write");
    drop(dlict::store::Store::open(&db).expect("opens"));
    for f in &stale {
        assert!(!f.exists(), "{} left behind", f.display());
    }
    assert!(live.exists() && other.exists());
}

/// Item 11: the failures an officer can meet, each one Thai sentence.
#[test]
fn failures_are_one_thai_sentence_each() {
    let dir = tmp("messages");
    let db = dir.join("dlict.sqlite3");
    let data = access_data(&dir, "ok");
    assert!(
        dlict_on(
            &db,
            &[
                "record",
                "add",
                "access_request",
                "--data",
                data.to_str().expect("utf8")
            ]
        )
        .status
        .success()
    );

    // A record that does not exist: said once.
    let out = dlict_on(
        &db,
        &[
            "pdf",
            "record",
            "999",
            "--out",
            dir.join("x.pdf").to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("บันทึกเลขที่ 999").count(), 1, "{err}");
    assert_thai_only(&err, &[]);

    // A data file in another encoding: where the bad byte is.
    let latin1 = dir.join("latin1.json");
    std::fs::write(&latin1, b"{\"name\": \"Jos\xe9\"}").expect("write");
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "access_request",
            "--data",
            latin1.to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("UTF-8") && err.contains("บรรทัด ๑") && err.contains("ไบต์ที่ ๑๔"),
        "{err}"
    );
    assert_thai_only(&err, &[&latin1]);

    // A data file saved by Notepad with a byte order mark: accepted.
    let bom = dir.join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&data).expect("read"));
    std::fs::write(&bom, bytes).expect("write");
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "access_request",
            "--data",
            bom.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "BOM refused: {}", stderr(&out));

    // A backup to where no file can be made: Thai, not the system's English.
    let out = dlict_on(&db, &["backup", "--out", "/proc/dlict-backup.sqlite3"]);
    assert!(!out.status.success());
    assert_thai_only(&stderr(&out), &[Path::new("/proc/dlict-backup.sqlite3")]);
    // A backup over an existing file: refused, the file kept.
    let taken = dir.join("taken.sqlite3");
    std::fs::write(&taken, b"keep me").expect("write");
    let out = dlict_on(&db, &["backup", "--out", taken.to_str().expect("utf8")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("ไม่เขียนทับ"));
    assert_eq!(std::fs::read(&taken).expect("read"), b"keep me");

    // A full disk, as the system reports it, in Thai.
    let full = std::io::Error::from_raw_os_error(28);
    let msg = dlict::atomic_file::io_message(Path::new("/x/y.pdf"), &full);
    assert!(msg.contains("พื้นที่ดิสก์เต็ม"), "{msg}");
    assert_thai_only(&msg, &[Path::new("/x/y.pdf")]);

    // A PDF written over a device: refused, the device untouched.
    let out = dlict(&[
        "pdf",
        "form",
        "access_request",
        "--blank",
        "--out",
        "/dev/null",
    ]);
    assert!(!out.status.success());
    assert_thai_only(&stderr(&out), &[Path::new("/dev/null")]);
    assert!(std::fs::metadata("/dev/null").is_ok_and(|m| !m.is_file()));
}

/// Item 11: a database the program may not write still serves the commands that read.
#[cfg(unix)]
#[test]
fn a_read_only_database_still_lists_and_exports() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp("readonly");
    let db = dir.join("dlict.sqlite3");
    let data = access_data(&dir, "ok");
    assert!(
        dlict_on(
            &db,
            &[
                "record",
                "add",
                "access_request",
                "--data",
                data.to_str().expect("utf8")
            ]
        )
        .status
        .success()
    );
    // Fold the WAL in, then make the file read-only.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let out = dlict_on(&db, &["record", "list", "access_request", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("นางสาวศรีสุดา"));
    let csv = dir.join("out.csv");
    let out = dlict_on(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--form",
            "access_request",
            "--out",
            csv.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(csv.is_file());
    // Revealing ids needs a log entry, which a read-only database cannot take.
    let out = dlict_on(
        &db,
        &[
            "record",
            "list",
            "access_request",
            "--json",
            "--reveal-citizen-id",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout(&out).contains(&citizen_id("110170023070")));
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

/// A database on a network share is refused in Thai, by every command and by the window,
/// before anything is created (SQLite corrupts a database shared over a network).
#[test]
fn a_database_on_a_network_share_is_refused_with_the_reason() {
    let dir = tmp("network");
    let data = access_data(&dir, "one");
    for unc in ["//nas/office/dlict.sqlite3", r"\\nas\office\dlict.sqlite3"] {
        let add = dlict_on(
            Path::new(unc),
            &[
                "record",
                "add",
                "access_request",
                "--data",
                data.to_str().expect("utf8"),
            ],
        );
        assert_eq!(add.status.code(), Some(2), "{}", stderr(&add));
        let text = stderr(&add);
        assert!(
            text.contains("เครือข่าย") && text.contains("ไม่เปิดฐานข้อมูล"),
            "{text}"
        );
        assert_thai_only(&text, &[Path::new(unc)]);
        let list = dlict_on(
            Path::new(unc),
            &["record", "list", "access_request", "--json"],
        );
        assert_eq!(list.status.code(), Some(2));
        assert!(stderr(&list).contains("เครือข่าย"));
        assert!(stdout(&list).is_empty());
    }
    // The window says it where the records would be, and keeps nothing open.
    let app = dlict::ui::DlictApp::open_database(
        dlict::catalog::Catalog::load().expect("catalog"),
        Path::new("//nas/office/dlict.sqlite3"),
        false,
    );
    assert!(app.ws.store.is_none(), "a database on a share was opened");
    let notice = app.ws.store_notice.clone().unwrap_or_default();
    assert!(notice.contains("เครือข่าย"), "{notice}");
    // The same command on this PC's disk works.
    let local = dlict_on(
        &dir.join("dlict.sqlite3"),
        &[
            "record",
            "add",
            "access_request",
            "--data",
            data.to_str().expect("utf8"),
        ],
    );
    assert!(local.status.success(), "{}", stderr(&local));
}
