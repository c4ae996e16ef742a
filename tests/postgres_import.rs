//! Importing into the shared server and restoring a backup into it (`dlict import`,
//! `dlict restore` with `--db postgres://…`, on the test server `DLICT_TEST_PG`):
//! - a JSON export imported into the server comes back out of it identical, a second import
//!   adds nothing, records whose ids are taken there get new ones, and the server hands out
//!   ids after them; a CSV import says the same on the server as on a file, once;
//! - an import while other officers save: every acknowledged record there, numbers unique;
//! - a restore puts the backup's data back (the same JSON export), keeps the server's data
//!   from just before as an owner-only file that restores it again, is logged, and a record
//!   open elsewhere on data from before cannot be saved over the restored one;
//! - officers saving while the restore runs: every acknowledged save is either on the
//!   server afterwards or in the copy kept from before it, never lost between the two;
//! - a file that is not a backup is refused in Thai, the server untouched.

mod common;
#[path = "common/pg.rs"]
mod pg;
use common::{stderr, stdout};
use pg::{client, count, fresh_database};

use dlict::forms::{self, Answers, Template};
use dlict::store::office_store::OfficeStore;
use dlict::store::server::{Server, records::ServerStore};
use dlict::store::{Status, StoreError};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-pgimp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `dlict --db DB …`, with the user's folders under `home` (the copies kept before a
/// restore go there).
fn on(db: &str, home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .expect("dlict runs")
}

fn ok(db: &str, home: &Path, args: &[&str]) -> String {
    let o = on(db, home, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn access_template() -> Template {
    forms::builtin()
        .expect("templates")
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("access request")
}

fn access(i: usize) -> Answers {
    json!({
        "date": "2026-11-20",
        "name": format!("นางสาวนำเข้า ข้อมูลกลาง {i}"),
        "citizen_id": common::citizen_id(&format!("1101700{:05}", 52000 + i)),
        "position": "ครู",
        "unit": format!("โรงเรียนที่ {i}"),
        "phone": "085-537-4109",
        "systems": {"choices": ["student"]},
        "purpose": if i == 0 { "ขึ้นบรรทัดใหม่\nแท็บ\tและ \\ ทับกลับ".to_owned() } else { "ใช้ข้อมูลนักเรียน".to_owned() },
        "applicant": {"name": format!("นางสาวนำเข้า ข้อมูลกลาง {i}"), "position": "ครู", "date": "2026-11-20"}
    })
    .as_object()
    .expect("object")
    .clone()
}

/// Adds `n` access requests through the command line; returns their ids.
fn add_records(db: &str, home: &Path, from: usize, n: usize) -> Vec<i64> {
    (from..from + n)
        .map(|i| {
            let f = home.join(format!("r{i}.json"));
            std::fs::write(&f, Value::Object(access(i)).to_string()).expect("data");
            ok(
                db,
                home,
                &[
                    "record",
                    "add",
                    "access_request",
                    "--data",
                    f.to_str().expect("utf8"),
                ],
            )
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .expect("an id")
        })
        .collect()
}

/// A JSON export's templates and records (its head holds the moment of export), with the
/// records' `version` left out when `versions` is false.
fn export_of(db: &str, home: &Path, out: &Path, versions: bool) -> Value {
    ok(
        db,
        home,
        &[
            "export",
            "--format",
            "json",
            "--status",
            "all",
            "--include-citizen-id",
            "--out",
            out.to_str().expect("utf8"),
        ],
    );
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(out).expect("read export")).expect("json");
    if !versions && let Some(records) = v["records"].as_array_mut() {
        for r in records {
            r.as_object_mut().expect("record").remove("version");
        }
    }
    json!({"templates": v["templates"], "records": v["records"]})
}

/// A Google-Forms-shaped CSV of three survey answers, one of them given twice.
fn survey_csv(dir: &Path) -> PathBuf {
    let t = forms::builtin()
        .expect("templates")
        .into_iter()
        .find(|t| t.id == "website_satisfaction")
        .expect("survey");
    let grid = t.field("satisfaction").expect("grid");
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut header = vec![q("ประทับเวลา"), q("ประเภทของผู้ใช้บริการ")];
    for it in grid.rating_items() {
        header.push(q(&format!("{} [{}]", grid.label, it.label)));
    }
    header.push(q("ข้อเสนอแนะอื่น ๆ"));
    let scale = ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"];
    let mut lines = vec![header.join(",")];
    for (i, (ts, who)) in [
        ("25/11/2026, 9:15:02", "ข้าราชการครูในสังกัด"),
        ("26/11/2569 14:00:00", "นักเรียน"),
        ("25/11/2026, 9:15:02", "ข้าราชการครูในสังกัด"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut cells = vec![q(ts), q(who)];
        cells.extend((0..grid.rating_items().count()).map(|k| q(scale[(i % 2 + k) % 5])));
        cells.push(q("ดีมาก, ขอบคุณ \"ครับ\""));
        lines.push(cells.join(","));
    }
    let path = dir.join("แบบประเมิน.csv");
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(&path, text).expect("csv");
    path
}

#[test]
fn a_json_export_imported_into_the_server_comes_back_out_identical_and_only_once() {
    let Some(address) = fresh_database("imp_json") else {
        return;
    };
    let dir = tmp("json");
    let file = dir.join("office.sqlite3");
    let file = file.to_str().expect("utf8");
    add_records(file, &dir, 0, 4);
    // A record edited (version 2) and one cancelled: both come back as they were.
    let edit = dir.join("edit.json");
    std::fs::write(&edit, Value::Object(access(8)).to_string()).expect("edit");
    ok(
        file,
        &dir,
        &[
            "record",
            "update",
            "2",
            "--data",
            edit.to_str().expect("utf8"),
        ],
    );
    let t = access_template();
    {
        let mut s = dlict::store::Store::open(Path::new(file)).expect("file");
        s.cancel_record(3, "กรอกซ้ำ").expect("cancel");
    }
    let exported = dir.join("export.json");
    let before = export_of(file, &dir, &exported, true);

    let said = ok(
        &address,
        &dir,
        &["import", exported.to_str().expect("utf8")],
    );
    assert!(said.contains("นำเข้า ๔ บันทึก"), "{said}");
    let after = export_of(&address, &dir, &dir.join("server.json"), true);
    assert_eq!(after, before, "the server's export differs from the file's");
    let again = ok(
        &address,
        &dir,
        &["import", exported.to_str().expect("utf8")],
    );
    assert!(again.contains("นำเข้า ๐ บันทึก (มีอยู่แล้ว ๔"), "{again}");
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 4);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'import' AND entity = 'record' AND machine <> ''"
        ),
        4,
        "each imported record is logged with the machine"
    );

    // The server hands out ids and numbers after the imported ones.
    let mut s = ServerStore::open(&Server::from_env(&address).expect("address")).expect("open");
    let next = s
        .add_record(&t, Status::Complete, &access(9))
        .expect("a save after the import");
    assert_eq!(next, 5);
    assert_eq!(s.record(next).expect("record").number, 5);

    // Into a server whose ids 1…5 hold other records: every record gets a new id, none is
    // overwritten, the numbers stay unique.
    let Some(other) = fresh_database("imp_json2") else {
        return;
    };
    add_records(&other, &dir, 20, 2);
    let said = ok(&other, &dir, &["import", exported.to_str().expect("utf8")]);
    // Ids 3 and 4 are free there and kept; 1 and 2 get the next ones, after 4.
    assert!(
        said.contains("นำเข้า ๔ บันทึก (มีอยู่แล้ว ๐ เปลี่ยนเลขที่ ๒"),
        "{said}"
    );
    let mut c = client(&other);
    assert_eq!(
        count(
            &mut c,
            r#"SELECT count(*) FROM records WHERE (id = 3 AND data LIKE '%ข้อมูลกลาง 2"%') OR (id = 4 AND data LIKE '%ข้อมูลกลาง 3"%')"#
        ),
        2,
        "records 3 and 4 of the file are not records 3 and 4 on the server"
    );
    // Again: the renumbered ones are known by their answers and moment, not added twice.
    let again = ok(&other, &dir, &["import", exported.to_str().expect("utf8")]);
    assert!(again.contains("นำเข้า ๐ บันทึก (มีอยู่แล้ว ๔"), "{again}");
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 6);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 6);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE data LIKE '%ข้อมูลกลาง 20%' OR data LIKE '%ข้อมูลกลาง 21%'"
        ),
        2,
        "the server's own records stayed"
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM (SELECT number FROM records GROUP BY form_id, number HAVING count(*) > 1) d"
        ),
        0
    );
}

#[test]
fn a_csv_import_says_the_same_on_the_server_as_on_a_file_and_happens_once() {
    let Some(address) = fresh_database("imp_csv") else {
        return;
    };
    let dir = tmp("csv");
    let csv = survey_csv(&dir);
    let csv = csv.to_str().expect("utf8");
    let file = dir.join("office.sqlite3");
    let file = file.to_str().expect("utf8");
    for db in [file, address.as_str()] {
        let dry = ok(
            db,
            &dir,
            &["import", "website_satisfaction", csv, "--dry-run"],
        );
        assert!(dry.contains("นำเข้าได้ ๒ แถว"), "{dry}");
    }
    let on_file = ok(file, &dir, &["import", "website_satisfaction", csv]);
    let on_server = ok(&address, &dir, &["import", "website_satisfaction", csv]);
    assert!(on_server.contains("นำเข้า ๒ แถว"), "{on_server}");
    assert_eq!(on_server, on_file);
    let file_again = ok(file, &dir, &["import", "website_satisfaction", csv]);
    let server_again = ok(&address, &dir, &["import", "website_satisfaction", csv]);
    assert!(server_again.contains("นำเข้า ๐ แถว"), "{server_again}");
    assert_eq!(server_again, file_again);
    let dry = ok(
        &address,
        &dir,
        &["import", "website_satisfaction", csv, "--dry-run"],
    );
    assert!(dry.contains("ซ้ำกับที่นำเข้าแล้ว ๓ แถว"), "{dry}");
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 2);
    assert_eq!(count(&mut c, "SELECT count(*) FROM import_batches"), 1);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'import' AND entity = 'database' AND machine <> ''"
        ),
        1
    );
}

#[test]
fn an_import_while_officers_save_keeps_every_acknowledged_record_with_unique_numbers() {
    let Some(address) = fresh_database("imp_race") else {
        return;
    };
    let dir = tmp("race");
    let file = dir.join("office.sqlite3");
    let file_s = file.to_str().expect("utf8");
    // An export of 300 records whose ids 1…300 the savers below take too.
    {
        let t = access_template();
        let mut s = dlict::store::Store::open(&file).expect("file");
        for i in 0..300 {
            s.insert_record(&t, Status::Complete, &access(i))
                .expect("record");
        }
    }
    let exported = dir.join("export.json");
    export_of(file_s, &dir, &exported, true);
    let server = Server::from_env(&address).expect("address");
    ServerStore::open(&server).expect("schema");
    let savers: Vec<_> = (0..3)
        .map(|k| {
            let server = server.clone();
            std::thread::spawn(move || {
                let t = access_template();
                let mut s = ServerStore::open(&server).expect("open");
                (0..40)
                    .map(|i| {
                        s.add_record(&t, Status::Complete, &access(1000 + k * 100 + i))
                            .expect("an officer's save")
                    })
                    .collect::<Vec<i64>>()
            })
        })
        .collect();
    let said = ok(
        &address,
        &dir,
        &["import", exported.to_str().expect("utf8")],
    );
    assert!(said.contains("นำเข้า ๓๐๐ บันทึก"), "{said}");
    let saved: Vec<i64> = savers
        .into_iter()
        .flat_map(|h| h.join().expect("saver"))
        .collect();
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 420);
    for id in &saved {
        assert_eq!(
            count(
                &mut c,
                &format!(
                    "SELECT count(*) FROM records WHERE id = {id} AND data LIKE '%ข้อมูลกลาง 1%'"
                )
            ),
            1,
            "acknowledged record {id} is not there as saved"
        );
    }
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM (SELECT number FROM records GROUP BY form_id, number HAVING count(*) > 1) d"
        ),
        0,
        "a number was given twice"
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM record_numbers WHERE last < (SELECT max(number) FROM records)"
        ),
        0,
        "the counter fell behind a number in use"
    );
}

/// The copies kept before restores into `address`, under `home`.
fn kept_copies(home: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(&home.join("data"))
        .into_iter()
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with("before-restore-") && n.ends_with(".sqlite3")
            })
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn a_backup_restored_into_the_server_puts_it_back_and_keeps_what_was_there() {
    let Some(address) = fresh_database("restore") else {
        return;
    };
    let dir = tmp("restore");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    add_records(&address, &home, 0, 3);
    ok(
        &address,
        &home,
        &[
            "case",
            "start",
            "p07",
            "--title",
            "ขอใช้ระบบ",
            "--requester",
            "นายผู้ขอ ใช้ระบบ",
            "--received",
            "2026-11-02T09:00",
            "--record",
            "1",
        ],
    );
    let backup = dir.join("a.sqlite3");
    ok(
        &address,
        &home,
        &["backup", "--out", backup.to_str().expect("utf8")],
    );
    let a = export_of(&address, &home, &dir.join("a.json"), false);

    // The office goes on: an edit, two more records, a step.
    ok(
        &address,
        &home,
        &[
            "record",
            "update",
            "1",
            "--data",
            home.join("r2.json").to_str().expect("utf8"),
        ],
    );
    add_records(&address, &home, 10, 2);
    let b = export_of(&address, &home, &dir.join("b.json"), false);
    assert_ne!(a, b);
    // Another officer has record 1 open, as of its version now (2).
    let server = Server::from_env(&address).expect("address");
    let mut other = ServerStore::open(&server).expect("open");
    let seen = other.record(1).expect("record 1").version;
    assert_eq!(seen, 2);

    let said = ok(
        &address,
        &home,
        &["restore", backup.to_str().expect("utf8")],
    );
    assert!(said.contains("ผ่านการตรวจความสมบูรณ์"), "{said}");
    assert!(said.contains("กู้คืนฐานข้อมูลกลาง"), "{said}");
    assert_eq!(
        export_of(&address, &home, &dir.join("a2.json"), false),
        a,
        "the server's data is not the backup's"
    );
    let kept = kept_copies(&home);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(said.contains(&kept[0].display().to_string()), "{said}");
    #[cfg(unix)]
    assert_eq!(
        common::mode(&kept[0]) & 0o077,
        0,
        "the kept copy is owner-only"
    );
    assert_eq!(
        export_of(
            kept[0].to_str().expect("utf8"),
            &home,
            &dir.join("k.json"),
            false
        ),
        b,
        "the kept copy is not the server's data from before"
    );
    // The change is logged on the server with the file and the machine.
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'restore-db' AND after LIKE '%a.sqlite3%' AND machine <> ''"
        ),
        1
    );
    // The edit made elsewhere on data from before is refused, not written over the
    // restored record.
    let t = access_template();
    let refused = other.edit_record(1, Some(seen), &t, Status::Complete, &access(7));
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    assert!(
        other.record(1).expect("record 1").version > seen,
        "the restored record's version did not move past the one seen"
    );
    // New records go after the restored ones.
    let next = other
        .add_record(&t, Status::Complete, &access(30))
        .expect("save after restore");
    assert_eq!(next, 4);

    // The kept copy restores what was there before.
    let said = ok(
        &address,
        &home,
        &["restore", kept[0].to_str().expect("utf8")],
    );
    assert!(said.contains("กู้คืนฐานข้อมูลกลาง"), "{said}");
    assert_eq!(export_of(&address, &home, &dir.join("b2.json"), false), b);
    assert_eq!(kept_copies(&home).len(), 2);

    // Not a backup: refused in Thai, the server as it was.
    let junk = dir.join("รูปภาพ.sqlite3");
    std::fs::write(&junk, b"\x89PNG\r\n\x1a\n not a database").expect("junk");
    let o = on(&address, &home, &["restore", junk.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("ใช้ไฟล์สำรองนี้ไม่ได้"), "{e}");
    common::assert_thai_only(&e, &[&junk]);
    assert_eq!(export_of(&address, &home, &dir.join("b3.json"), false), b);
    assert_eq!(kept_copies(&home).len(), 2, "a refused restore kept a copy");
}

#[test]
fn officers_saving_while_a_restore_runs_lose_nothing_between_the_two() {
    let Some(address) = fresh_database("restore_race") else {
        return;
    };
    let dir = tmp("restore-race");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    let server = Server::from_env(&address).expect("address");
    {
        let t = access_template();
        let mut s = ServerStore::open(&server).expect("open");
        for i in 0..200 {
            s.add_record(&t, Status::Complete, &access(i))
                .expect("record");
        }
    }
    let backup = dir.join("a.sqlite3");
    ok(
        &address,
        &home,
        &["backup", "--out", backup.to_str().expect("utf8")],
    );
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let savers: Vec<_> = (0..3)
        .map(|k| {
            let (server, stop) = (server.clone(), std::sync::Arc::clone(&stop));
            std::thread::spawn(move || {
                let t = access_template();
                let mut s = ServerStore::open(&server).expect("open");
                let mut saved = Vec::new();
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let name = format!("ผู้บันทึก{k}-{i}");
                    let mut a = access(500);
                    a.insert("name".into(), json!(name));
                    if s.add_record(&t, Status::Complete, &a).is_ok() {
                        saved.push(name);
                    }
                    i += 1;
                }
                saved
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let said = ok(
        &address,
        &home,
        &["restore", backup.to_str().expect("utf8")],
    );
    assert!(said.contains("กู้คืนฐานข้อมูลกลาง"), "{said}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let saved: Vec<String> = savers
        .into_iter()
        .flat_map(|h| h.join().expect("saver"))
        .collect();
    let kept = kept_copies(&home);
    assert_eq!(kept.len(), 1);
    let in_kept = |name: &str| -> bool {
        let c = rusqlite::Connection::open_with_flags(
            &kept[0],
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("kept copy");
        c.query_row(
            "SELECT count(*) FROM records WHERE data LIKE ?1",
            [format!("%\"{name}\"%")],
            |r| r.get::<_, i64>(0),
        )
        .expect("count")
            > 0
    };
    let mut c = client(&address);
    let (mut before, mut after) = (0, 0);
    for name in &saved {
        let on_server = count(
            &mut c,
            &format!("SELECT count(*) FROM records WHERE data LIKE '%\"{name}\"%'"),
        );
        if on_server == 1 {
            after += 1;
        } else {
            assert!(in_kept(name), "acknowledged save {name} is in neither");
            before += 1;
        }
    }
    assert!(
        before > 0 && after > 0,
        "saves before {before}, after {after}"
    );
    // The server holds the backup's 200 and the saves after the restore, each whole.
    assert_eq!(
        count(&mut c, "SELECT count(*) FROM records"),
        200 + after,
        "saves before the restore are on the server, or saves after it are not"
    );
    pg::assert_whole(&mut c);
}

#[test]
fn printing_listing_forms_and_checking_take_the_server_too() {
    let Some(address) = fresh_database("every_cmd") else {
        return;
    };
    let dir = tmp("every-cmd");
    let ids = add_records(&address, &dir, 40, 1);
    let pdf = dir.join("บันทึก.pdf");
    let said = on(
        &address,
        &dir,
        &[
            "pdf",
            "record",
            &ids[0].to_string(),
            "--out",
            pdf.to_str().expect("utf8"),
        ],
    );
    assert!(said.status.success(), "{}", stderr(&said));
    let text = common::pdftotext(&pdf, false);
    assert!(
        text.contains("ข้อมูลกลาง ๔๐") || text.contains("ข้อมูลกลาง 40"),
        "the server's record is not on paper: {text}"
    );
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'print' AND machine <> ''"
        ),
        1,
        "printing a record with its citizen id is logged on the server"
    );
    let forms: Value =
        serde_json::from_str(&ok(&address, &dir, &["forms", "--json"])).expect("forms json");
    assert!(
        forms
            .as_array()
            .is_some_and(|a| a.iter().any(|f| f["id"] == "access_request")),
        "{forms}"
    );
    let checked = ok(&address, &dir, &["check"]);
    assert!(checked.contains("อ่านได้ครบทุกตาราง"), "{checked}");
    assert!(checked.contains("บันทึก ๑ รายการ"), "{checked}");
    // A database without the program's data says so; nothing is created there.
    let Some(empty) = fresh_database("every_cmd_empty") else {
        return;
    };
    let o = on(&empty, &dir, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ยังไม่มีข้อมูลของโปรแกรม"), "{}", stderr(&o));
    let mut e = client(&empty);
    assert_eq!(
        count(
            &mut e,
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ),
        0
    );
}
