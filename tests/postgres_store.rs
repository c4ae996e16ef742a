//! The shared office store on PostgreSQL: the server's schema matches the file's table by
//! table and column by column; an office's database moves to the server and back with every
//! row of every table and the same JSON export; a second move into a database that holds data
//! is refused; a backup of the server is one consistent moment while officers keep saving and
//! is a database the app opens; a move killed midway (kill -9) or cut off by the server leaves
//! nothing behind; bad addresses, a wrong password and an unreachable server are told in Thai.
//!
//! The server is the throwaway cluster `.ci/postgres` starts (`DLICT_TEST_PG`, `PGPASSWORD`);
//! each test makes a database of its own. Without it these tests say they were skipped, unless
//! `CI_REQUIRE_POSTGRES` is set (as `.ci/run` sets it), where they fail.

mod common;
#[path = "common/pg.rs"]
mod pg;
use common::{dlict, dlict_on, stderr, stdout};
use pg::{client, count, fresh_database, server_base, shown};

use dlict::forms::{self, Answers, Template};
use dlict::store::{Status, Store};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::Ordering;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-pg-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn builtin() -> Vec<Template> {
    forms::builtin().expect("templates")
}

fn access(i: usize) -> Answers {
    json!({
        "date": format!("2026-0{}-1{}", 1 + i % 9, i % 10),
        "name": format!("นางสาวศรีสุดา ใจดี {i}"),
        "citizen_id": common::citizen_id(&format!("1101700{:05}", 23070 + i)),
        "position": "ครู",
        "unit": format!("โรงเรียนที่ {i}"),
        "phone": "085-537-4109",
        "systems": {"choices": ["student", "nutrition"]},
        "purpose": if i == 0 { "ขึ้นบรรทัดใหม่\nแท็บ\tและ \\ ทับกลับ".to_owned() } else { "ใช้ข้อมูลนักเรียน".to_owned() },
        "applicant": {"name": format!("นางสาวศรีสุดา ใจดี {i}"), "position": "ครู", "date": "2026-11-24"}
    })
    .as_object()
    .expect("object")
    .clone()
}

/// A Google-Forms-shaped CSV of two survey answers (the import fills `imported_rows` and the
/// binary column of `import_batches`).
fn survey_csv(t: &Template) -> String {
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
    ]
    .into_iter()
    .enumerate()
    {
        let mut cells = vec![q(ts), q(who)];
        cells.extend((0..grid.rating_items().count()).map(|k| q(scale[(i + k) % 5])));
        cells.push(q("ดีมาก, ขอบคุณ \"ครับ\""));
        lines.push(cells.join(","));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// An office's database with something in every table: a draft of every form, complete
/// access requests (one edited, one cancelled), imported survey answers, cases (one moved on,
/// one paused) with a record attached, an office holiday, a KPI result with a fraction, the
/// office profile and the audit rows all of that wrote.
fn office(dir: &Path) -> PathBuf {
    let db = dir.join("office.sqlite3");
    let templates = builtin();
    {
        let mut s = Store::open(&db).expect("create");
        s.set_actor("นางสาวทดสอบ ย้ายข้อมูล");
        for t in &templates {
            s.insert_record(t, Status::Draft, &Answers::new())
                .expect("draft of every form");
        }
        let t = templates
            .iter()
            .find(|t| t.id == "access_request")
            .expect("access request");
        let ids: Vec<i64> = (0..5)
            .map(|i| {
                s.insert_record(t, Status::Complete, &access(i))
                    .expect("complete")
            })
            .collect();
        s.update_record(ids[1], t, Status::Complete, &access(7))
            .expect("edit");
        s.cancel_record(ids[2], "กรอกซ้ำ").expect("cancel");
    }
    let survey = templates
        .iter()
        .find(|t| t.id == "website_satisfaction")
        .expect("survey");
    let csv = dir.join("survey.csv");
    std::fs::write(&csv, survey_csv(survey)).expect("csv");
    let run = |args: &[&str]| {
        let o = dlict_on(&db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    run(&[
        "import",
        "website_satisfaction",
        csv.to_str().expect("utf8"),
    ]);
    let case = |title: &str| {
        run(&[
            "case",
            "start",
            "p01",
            "--title",
            title,
            "--requester",
            "นายสมชาย ขอใช้",
            "--received",
            "2026-11-02T09:00",
            "--record",
            "1",
        ])
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
    };
    let first = case("ขอใช้ระบบสารสนเทศ");
    let second = case("ขอใช้ห้องประชุมทางไกล");
    assert!(!first.is_empty() && !second.is_empty());
    run(&["case", "step", &first, "--note", "ตรวจเอกสารครบ"]);
    run(&["case", "pause", &second, "--reason", "รอเอกสารเพิ่ม"]);
    run(&["holidays", "add", "2026-12-28", "วันหยุดชดเชยของสำนักงาน"]);
    run(&[
        "report",
        "kpi",
        "--fiscal-year",
        "2569",
        "--set",
        "p01",
        "--result",
        "ดำเนินการทันเวลา",
        "--met",
        "yes",
        "--percent",
        "97.25",
    ]);
    // A record a window saved on a server with its key (an office that moved back keeps
    // them): written as the server writes it.
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute(
            "INSERT INTO record_keys (key, record_id) VALUES ('PC-01/server:x/new:access_request:1', 1)",
            [],
        )
        .expect("a record key");
    db
}

/// Every row of every table of a SQLite database, as text, table by table.
fn rows_of(db: &Path) -> Vec<(String, Vec<String>)> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    tables
        .into_iter()
        .map(|t| {
            let mut st = c
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))
                .expect("select");
            let n = st.column_count();
            let rows: Vec<String> = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(|v| v.join("|"))
                })
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("rows");
            (t, rows)
        })
        .collect()
}

/// The "templates" and "records" arrays of a JSON export (its head holds the export time).
fn export_body(db: &Path, out: &Path) -> String {
    let o = dlict_on(
        db,
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
    assert!(o.status.success(), "export: {}", stderr(&o));
    let text = std::fs::read_to_string(out).expect("read export");
    let start = text.find("\"templates\":").expect("templates");
    text[start..].to_owned()
}

fn migrate(from: &str, to: &str) -> std::process::Output {
    dlict(&["migrate", "--from", from, "--to", to])
}

#[test]
fn the_server_schema_has_every_table_and_column_of_the_file_schema() {
    let Some(address) = fresh_database("schema") else {
        return;
    };
    let dir = tmp("schema");
    let db = dir.join("empty.sqlite3");
    drop(Store::open(&db).expect("create"));
    let o = migrate(db.to_str().expect("utf8"), &address);
    assert!(o.status.success(), "{}", stderr(&o));

    let file = rusqlite::Connection::open(&db).expect("open");
    let mut st = file
        .prepare(
            "SELECT m.name, p.name, upper(p.type), p.\"notnull\", p.pk > 0 FROM sqlite_master m
             JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
        )
        .expect("columns");
    let in_file: Vec<String> = st
        .query_map([], |r| {
            let ty: String = r.get(2)?;
            let pg = match ty.as_str() {
                "INTEGER" => "bigint",
                "REAL" => "double precision",
                "BLOB" => "bytea",
                _ => "text",
            };
            // SQLite lets a primary key column hold NULL unless it says NOT NULL; PostgreSQL's
            // never does.
            let not_null = r.get::<_, bool>(3)? || r.get::<_, bool>(4)?;
            Ok(format!(
                "{}.{} {pg}{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                if not_null { " not null" } else { "" }
            ))
        })
        .expect("columns")
        .collect::<Result<_, _>>()
        .expect("columns");
    let mut c = client(&address);
    let on_server: Vec<String> = c
        .query(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO'
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name <> 'dlict_meta'
             ORDER BY table_name, ordinal_position",
            &[],
        )
        .expect("columns")
        .iter()
        .map(|r| {
            format!(
                "{}.{} {}{}",
                r.get::<_, String>(0),
                r.get::<_, String>(1),
                r.get::<_, String>(2),
                if r.get::<_, bool>(3) { " not null" } else { "" }
            )
        })
        .collect();
    assert!(in_file.len() > 100, "{} columns read", in_file.len());
    assert_eq!(in_file, on_server, "the two schemas differ");
    // Indexes too: every index of the file has one of the same name on the server.
    let mut idx = file
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .expect("indexes");
    let file_indexes: Vec<String> = idx
        .query_map([], |r| r.get(0))
        .expect("indexes")
        .collect::<Result<_, _>>()
        .expect("indexes");
    for name in &file_indexes {
        let n = count(
            &mut c,
            &format!("SELECT count(*) FROM pg_indexes WHERE indexname = '{name}'"),
        );
        assert_eq!(n, 1, "index {name} missing on the server");
    }
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) FROM dlict_meta WHERE key = 'schema_version' AND value = '{}'",
                dlict::store::schema_version()
            )
        ),
        1
    );
}

#[test]
fn an_office_moves_to_the_server_and_back_with_every_row_and_the_same_json_export() {
    let Some(address) = fresh_database("roundtrip") else {
        return;
    };
    let dir = tmp("roundtrip");
    let db = office(&dir);
    let before = rows_of(&db);
    let file_bytes = std::fs::read(&db).expect("read file");
    for (table, rows) in &before {
        assert!(
            !rows.is_empty() || table == "drafts" || table == "imported_rows",
            "the office database has no {table} rows: the test would prove nothing for it"
        );
    }

    let o = migrate(db.to_str().expect("utf8"), &address);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("ย้ายข้อมูลจาก"), "{said}");
    assert!(said.contains("จำนวนแถวตรงกันทุกตาราง"), "{said}");
    common::assert_thai_only(&said, &[&db, &shown(&address)]);
    assert_eq!(
        std::fs::read(&db).expect("read file"),
        file_bytes,
        "the file was changed by the move"
    );

    let mut c = client(&address);
    let records = before
        .iter()
        .find(|(t, _)| t == "records")
        .map(|(_, r)| r.len() as i64);
    assert_eq!(Some(count(&mut c, "SELECT count(*) FROM records")), records);
    drop(c);

    let back = dir.join("back.sqlite3");
    let o = migrate(&address, back.to_str().expect("utf8"));
    assert!(o.status.success(), "{}", stderr(&o));
    let after = rows_of(&back);
    assert!(
        before == after,
        "a table differs after SQLite → PostgreSQL → SQLite"
    );

    // The JSON exports, made after both moves (an export writes to the log of its file).
    let a = export_body(&db, &dir.join("before.json"));
    let b = export_body(&back, &dir.join("after.json"));
    assert!(
        a.contains("\\\\ ทับกลับ"),
        "the tricky answer is in the export"
    );
    assert!(a == b, "the JSON exports differ");
    let o = dlict_on(&back, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(common::mode(&back) & 0o077, 0, "the copy is owner-only");

    let mut c = client(&address);
    // The server goes on numbering after the rows moved in.
    let next: i64 = c
        .query_one(
            "INSERT INTO audit (at, actor, action, entity, entity_id) VALUES ('2026-12-02T10:00:00', 'ทดสอบ', 'probe', 'database', '') RETURNING id",
            &[],
        )
        .expect("insert")
        .get(0);
    let highest = count(&mut c, "SELECT max(id) FROM audit WHERE action <> 'probe'");
    assert_eq!(next, highest + 1);
    assert!(
        c.execute("DELETE FROM audit WHERE action = 'probe'", &[])
            .is_err(),
        "the audit log is append-only on the server"
    );
}

#[test]
fn a_second_move_into_a_database_that_holds_data_is_refused_and_changes_nothing() {
    let Some(address) = fresh_database("twice") else {
        return;
    };
    let dir = tmp("twice");
    let db = office(&dir);
    let o = migrate(db.to_str().expect("utf8"), &address);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut c = client(&address);
    let rows = count(&mut c, "SELECT count(*) FROM records");
    let o = migrate(db.to_str().expect("utf8"), &address);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("มีข้อมูลของโปรแกรมอยู่แล้ว"), "{err}");
    common::assert_thai_only(&err, &[&db, &shown(&address)]);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), rows);

    // A database with another program's table is not touched either.
    let Some(other) = fresh_database("foreign") else {
        return;
    };
    let mut o2 = client(&other);
    o2.batch_execute("CREATE TABLE payroll (id int)")
        .expect("foreign table");
    let o = migrate(db.to_str().expect("utf8"), &other);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ตารางของโปรแกรมอื่น"), "{}", stderr(&o));
    assert_eq!(
        count(
            &mut o2,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        1
    );
}

#[test]
fn a_backup_of_the_server_is_one_moment_while_officers_keep_saving() {
    let Some(address) = fresh_database("backup") else {
        return;
    };
    let dir = tmp("backup");
    let db = office(&dir);
    let o = migrate(db.to_str().expect("utf8"), &address);
    assert!(o.status.success(), "{}", stderr(&o));

    // Another officer saves pairs (a setting and its audit row, one transaction) all along.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (address, stop) = (address.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut c = client(&address);
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let mut tx = c.transaction().expect("begin");
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES ($1, '1')",
                    &[&format!("probe.{n}")],
                )
                .expect("setting");
                tx.execute(
                    "INSERT INTO audit (at, actor, action, entity, entity_id) VALUES ('2026-12-02T10:00:00', 'อีกเครื่อง', 'probe', 'settings', $1)",
                    &[&format!("probe.{n}")],
                )
                .expect("audit");
                tx.commit().expect("commit");
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut copies = Vec::new();
    for i in 0..3 {
        let out = dir.join(format!("server-{i}.sqlite3"));
        let o = dlict(&[
            "--db",
            &address,
            "backup",
            "--out",
            out.to_str().expect("utf8"),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("สำรองฐานข้อมูลกลาง"), "{}", stdout(&o));
        copies.push(out);
    }
    stop.store(true, Ordering::Relaxed);
    let saved = writer.join().expect("writer");
    assert!(saved > 10, "the other officer saved only {saved} times");
    for copy in &copies {
        let c = rusqlite::Connection::open(copy).expect("open copy");
        let settings: i64 = c
            .query_row(
                "SELECT count(*) FROM settings WHERE key LIKE 'probe.%'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        let audit: i64 = c
            .query_row(
                "SELECT count(*) FROM audit WHERE action = 'probe'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(settings, audit, "{}: not one moment", copy.display());
        drop(c);
        // The copy is a dlict database: checked, and taken by restore.
        let o = dlict_on(copy, &["check"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let restored = dir.join("restored.sqlite3");
    drop(Store::open(&restored).expect("create"));
    let o = dlict_on(&restored, &["restore", copies[0].to_str().expect("utf8")]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Never over an existing file.
    let before = std::fs::read(&copies[0]).expect("read");
    let o = dlict(&[
        "--db",
        &address,
        "backup",
        "--out",
        copies[0].to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("อยู่แล้ว"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&copies[0]).expect("read"), before);
}

/// A large office, for the tests that interrupt a move.
fn large_office(dir: &Path, records: usize) -> PathBuf {
    let db = dir.join("large.sqlite3");
    let mut s = Store::open(&db).expect("create");
    let t = builtin()
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("template");
    let items: Vec<(Status, Answers)> = (0..records)
        .map(|i| (Status::Complete, access(i % 1000 + 1)))
        .collect();
    for chunk in items.chunks(5000) {
        s.insert_records(&t, chunk).expect("insert");
    }
    db
}

#[test]
fn a_move_killed_midway_or_cut_off_by_the_server_leaves_nothing_behind() {
    let Some(address) = fresh_database("killed") else {
        return;
    };
    let dir = tmp("killed");
    let db = large_office(&dir, 30_000);
    let mut c = client(&address);

    // kill -9 while the rows are on their way: the server holds no table afterwards.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args([
            "migrate",
            "--from",
            db.to_str().expect("utf8"),
            "--to",
            &address,
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let started = std::time::Instant::now();
    // Wait until the copy is under way on the server (its session shows a COPY).
    while count(
        &mut c,
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dlict' AND query LIKE 'COPY%'",
    ) == 0
    {
        assert!(
            started.elapsed() < std::time::Duration::from_mins(1),
            "the move never started copying"
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the move finished before it could be killed: make the office larger"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    // The server notices the closed connection and rolls back.
    let gone = std::time::Instant::now();
    while count(
        &mut c,
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dlict' AND pid <> pg_backend_pid()",
    ) > 0
    {
        assert!(gone.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        0,
        "a killed move left tables on the server"
    );

    // Again, whole this time.
    let o = migrate(db.to_str().expect("utf8"), &address);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 30_000);

    // A backup cut off by the server (its connection ended, as when the server stops):
    // the officer is told in Thai and no file, not even a temporary, is left.
    let out_dir = dir.join("copies");
    std::fs::create_dir_all(&out_dir).expect("dir");
    let out = out_dir.join("cut.sqlite3");
    let child = Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args([
            "--db",
            &address,
            "backup",
            "--out",
            out.to_str().expect("utf8"),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = std::time::Instant::now();
    loop {
        let cut = count(
            &mut c,
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = 'dlict' AND pid <> pg_backend_pid() AND query LIKE 'SELECT%records%') t",
        );
        if cut > 0 {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_mins(1));
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("ฐานข้อมูลกลาง"), "{err}");
    common::assert_thai_only(&err, &[&out, &shown(&address)]);
    let left: Vec<_> = std::fs::read_dir(&out_dir).expect("dir").collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn addresses_passwords_and_unreachable_servers_are_told_in_thai() {
    let dir = tmp("addresses");
    let db = dir.join("office.sqlite3");
    drop(Store::open(&db).expect("create"));
    let file = db.to_str().expect("utf8");

    // A password in the address: refused before anything is tried, and not echoed.
    let o = migrate(file, "postgres://dlict:ลับมาก123@127.0.0.1:5432/dlict");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("PGPASSWORD"), "{err}");
    assert!(!err.contains("ลับมาก123"), "the password was echoed: {err}");

    // Not an address at all, and an address without a user or database.
    let o = migrate(file, "postgres://");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ไม่ครบ"), "{}", stderr(&o));
    let o = migrate(file, &dir.join("other.sqlite3").display().to_string());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ด้านหนึ่งต้องเป็นไฟล์"), "{}", stderr(&o));

    // Nothing listens on that port: told quickly, in Thai.
    let started = std::time::Instant::now();
    let o = migrate(file, "postgres://dlict@127.0.0.1:9/dlict");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("ติดต่อเครื่องแม่ข่ายไม่ได้"), "{err}");
    common::assert_thai_only(&err, &[&db, &shown("postgres://dlict@127.0.0.1:9/dlict")]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    // Every command takes the server: an unreachable one is told in Thai and nothing is
    // created (never a file named "postgres:").
    let o = dlict(&["--db", "postgres://dlict@127.0.0.1:9/dlict", "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ติดต่อเครื่องแม่ข่ายไม่ได้"), "{}", stderr(&o));
    assert!(!Path::new("postgres:").exists());
    // The window, started on an address it cannot use (a password in it), says why (a
    // message box on Windows) and ends without opening.
    let o = dlict(&["--db", "postgres://dlict:ลับ@127.0.0.1:9/dlict"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("เปิดหน้าต่างบนฐานข้อมูลกลางไม่ได้") && err.contains("ไม่รับรหัสผ่าน"),
        "{err}"
    );
    assert!(!err.contains("ลับ"), "the password is not echoed: {err}");

    // A wrong password, on the real server.
    let Some(base) = server_base() else {
        return;
    };
    let o = Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(["migrate", "--from", file, "--to", &base])
        .env("PGPASSWORD", "ไม่ใช่รหัสนี้")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"),
        "{}",
        stderr(&o)
    );
    // And none.
    let o = Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(["migrate", "--from", file, "--to", &base])
        .env_remove("PGPASSWORD")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ขอรหัสผ่าน"), "{}", stderr(&o));
}

#[test]
fn a_server_database_of_an_older_version_is_brought_up_to_date_on_open() {
    let Some(address) = fresh_database("upgrade") else {
        return;
    };
    // As the first version of the server schema left it (an office on the server before
    // record keys came).
    let mut c = client(&address);
    c.batch_execute(include_str!(
        "../src/store/migrations/postgres/007_schema.sql"
    ))
    .expect("version 7");
    c.batch_execute(
        "INSERT INTO dlict_meta (key, value) VALUES ('application', 'dlict'), ('schema_version', '7')",
    )
    .expect("meta");
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'record_keys'"
        ),
        0
    );
    let server = dlict::store::server::Server::from_env(&address).expect("address");
    dlict::store::server::records::ServerStore::open(&server).expect("opens and upgrades");
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'record_keys'"
        ),
        1
    );
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) FROM dlict_meta WHERE key = 'schema_version' AND value = '{}'",
                dlict::store::schema_version()
            )
        ),
        1
    );
}
