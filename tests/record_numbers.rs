//! Each form numbers its own records, the database hands the numbers out (two writers never
//! get the same one), and a record's version refuses an edit made on an older copy: in the
//! store, from the command line and from several processes at once.

mod common;

use common::{dlict_on, stderr, stdout, template, tmp};
use dlict::forms::Answers;
use dlict::store::{Status, Store, StoreError};
use serde_json::{Value, json};
use std::collections::HashSet;

fn answers(pairs: &[(&str, Value)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn need(text: &str) -> Answers {
    answers(&[("info_wanted", json!(text))])
}

#[test]
fn each_form_numbers_its_own_records_and_a_number_is_never_given_twice() {
    let mut s = Store::open_in_memory().expect("store");
    let needs = template("info_needs_survey");
    let site = template("website_satisfaction");
    let a1 = s
        .insert_record(&needs, Status::Draft, &need("ก"))
        .expect("a1");
    let b1 = s
        .insert_record(&site, Status::Draft, &Answers::new())
        .expect("b1");
    let a2 = s
        .insert_record(&needs, Status::Draft, &need("ข"))
        .expect("a2");
    let number = |s: &Store, id| s.record(id).expect("record").number;
    assert_eq!(
        (number(&s, a1), number(&s, b1), number(&s, a2)),
        (1, 1, 2),
        "the survey's first record is its ๑, not the database's ๒"
    );
    // A cancelled record keeps its number, and the next record does not take it again.
    s.cancel_record(a2, "กรอกซ้ำ").expect("cancel");
    let a3 = s
        .insert_record(&needs, Status::Draft, &need("ค"))
        .expect("a3");
    assert_eq!(number(&s, a3), 3);
    assert_eq!(
        s.record_by_number("info_needs_survey", 3)
            .expect("by number"),
        a3
    );
    assert!(matches!(
        s.record_by_number("website_satisfaction", 2),
        Err(StoreError::NotFound(_))
    ));
    // A batch (an import) takes a run of numbers after those.
    let many: Vec<(Status, Answers)> = (0..130)
        .map(|i| (Status::Draft, need(&i.to_string())))
        .collect();
    let ids = s.insert_records(&needs, &many).expect("batch");
    let numbers: Vec<i64> = ids.iter().map(|id| number(&s, *id)).collect();
    assert_eq!(numbers, (4..134).collect::<Vec<_>>());
    // The list rows carry the same number.
    let rows = s.record_rows("info_needs_survey").expect("rows");
    let row = rows.iter().find(|r| r.id == a3).expect("row");
    assert_eq!(row.number, 3);
}

#[test]
fn records_made_before_numbers_per_form_are_numbered_in_the_order_they_were_made() {
    let db = tmp("numbers", "migrate").join("db.sqlite3");
    let (needs, site) = (
        template("info_needs_survey"),
        template("website_satisfaction"),
    );
    let ids = {
        let mut s = Store::open(&db).expect("store");
        vec![
            s.insert_record(&needs, Status::Draft, &need("ก"))
                .expect("1"),
            s.insert_record(&site, Status::Draft, &Answers::new())
                .expect("2"),
            s.insert_record(&needs, Status::Draft, &need("ข"))
                .expect("3"),
            s.insert_record(&site, Status::Draft, &Answers::new())
                .expect("4"),
            s.insert_record(&needs, Status::Draft, &need("ค"))
                .expect("5"),
        ]
    };
    // Back to schema 6: no numbers, no versions.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch(
            "DROP INDEX records_by_form_number; ALTER TABLE records DROP COLUMN number;
             ALTER TABLE records DROP COLUMN version; DROP TABLE record_numbers;
             ALTER TABLE drafts DROP COLUMN base_version; DROP TABLE record_keys;
             PRAGMA user_version = 6;",
        )
        .expect("downgrade");
    }
    let mut s = Store::open(&db).expect("reopen migrates");
    let numbers: Vec<i64> = ids
        .iter()
        .map(|id| s.record(*id).expect("r").number)
        .collect();
    assert_eq!(numbers, vec![1, 1, 2, 2, 3]);
    assert!(ids.iter().all(|id| s.record(*id).expect("r").version == 1));
    // The counter continues after the numbers the migration gave.
    let next = s
        .insert_record(&site, Status::Draft, &Answers::new())
        .expect("next");
    assert_eq!(s.record(next).expect("r").number, 3);
}

#[test]
fn an_edit_made_on_an_older_version_is_refused_and_names_who_changed_it() {
    let db = tmp("numbers", "conflict").join("db.sqlite3");
    let t = template("info_needs_survey");
    let mut mine = Store::open(&db).expect("mine");
    mine.set_actor("นางสาวหนึ่ง ใจดี");
    let id = mine
        .insert_record(&t, Status::Draft, &need("ต้นฉบับ"))
        .expect("insert");
    let seen = mine.record(id).expect("r").version;
    assert_eq!(seen, 1);
    // Another officer (another connection, as another PC would be) saves first.
    let mut theirs = Store::open(&db).expect("theirs");
    theirs.set_actor("นายสอง รักงาน");
    assert!(
        theirs
            .update_record_from(id, Some(seen), &t, Status::Draft, &need("ของสอง"))
            .expect("their save")
    );
    assert_eq!(theirs.record(id).expect("r").version, 2);
    // My save of the copy I read at version 1 is refused; nothing is overwritten.
    let err = mine
        .update_record_from(id, Some(seen), &t, Status::Draft, &need("ของหนึ่ง"))
        .expect_err("stale edit refused");
    let text = err.to_string();
    assert!(
        matches!(err, StoreError::Conflict { version: 2, .. }),
        "{err:?}"
    );
    assert!(text.contains("บันทึกนี้ถูกแก้ไขโดย นายสอง รักงาน"), "{text}");
    assert!(text.contains(" แล้ว"), "{text}");
    assert_eq!(
        mine.record(id).expect("r").answers["info_wanted"],
        json!("ของสอง")
    );
    // Saving on their version (the officer chose to keep theirs' fields replaced) works.
    assert!(
        mine.update_record_from(id, Some(2), &t, Status::Draft, &need("ของหนึ่ง"))
            .expect("saved on the newest version")
    );
    let r = mine.record(id).expect("r");
    assert_eq!(
        (r.version, r.answers["info_wanted"].clone()),
        (3, json!("ของหนึ่ง"))
    );
    // Cancelling also moves the version on.
    mine.cancel_record(id, "ทดสอบ").expect("cancel");
    assert_eq!(mine.record(id).expect("r").version, 4);
}

#[test]
fn the_command_line_shows_the_version_and_refuses_an_update_on_an_old_one() {
    let dir = tmp("numbers", "cli");
    let db = dir.join("db.sqlite3");
    let first = dir.join("first.json");
    let second = dir.join("second.json");
    let third = dir.join("third.json");
    std::fs::write(&first, json!({"info_wanted": "หนึ่ง"}).to_string()).expect("write");
    std::fs::write(&second, json!({"info_wanted": "สอง"}).to_string()).expect("write");
    std::fs::write(&third, json!({"info_wanted": "สาม"}).to_string()).expect("write");
    let add = dlict_on(
        &db,
        &[
            "record",
            "add",
            "info_needs_survey",
            "--data",
            first.to_str().expect("p"),
            "--draft",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let id = stdout(&add).trim().to_owned();
    let show = |db: &std::path::Path| -> Value {
        let o = dlict_on(db, &["record", "show", &id, "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).expect("json")
    };
    let v = show(&db);
    assert_eq!(
        (v["version"].as_i64(), v["number"].as_i64()),
        (Some(1), Some(1))
    );
    let upd = |file: &std::path::Path, version: &str| {
        dlict_on(
            &db,
            &[
                "record",
                "update",
                &id,
                "--data",
                file.to_str().expect("p"),
                "--draft",
                "--version",
                version,
            ],
        )
    };
    let o = upd(&second, "1");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(show(&db)["version"].as_i64(), Some(2));
    // The same update again, made on version 1: refused, exit 2, one Thai line, nothing written.
    let o = upd(&third, "1");
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("บันทึกนี้ถูกแก้ไขโดย"), "{}", stderr(&o));
    let v = show(&db);
    assert_eq!(v["answers"]["info_wanted"], json!("สอง"));
    assert_eq!(v["version"].as_i64(), Some(2));
    // A version that is not a number is refused in Thai, before anything is opened.
    let o = upd(&third, "สอง");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--version ต้องเป็นตัวเลข"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn writers_in_several_processes_at_once_never_share_a_number() {
    let dir = tmp("numbers", "processes");
    let db = dir.join("db.sqlite3");
    let data = dir.join("one.json");
    std::fs::write(&data, json!({"info_wanted": "พร้อมกัน"}).to_string()).expect("write");
    // The database exists before the writers start (creating it is not what is tested).
    Store::open(&db).expect("create");
    let (writers, each) = (6, 12);
    let handles: Vec<_> = (0..writers)
        .map(|_| {
            let (db, data) = (db.clone(), data.clone());
            std::thread::spawn(move || {
                (0..each)
                    .map(|_| {
                        let o = dlict_on(
                            &db,
                            &[
                                "record",
                                "add",
                                "info_needs_survey",
                                "--data",
                                data.to_str().expect("p"),
                                "--draft",
                            ],
                        );
                        assert!(o.status.success(), "{}", stderr(&o));
                        stdout(&o).trim().parse::<i64>().expect("id")
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let acknowledged: Vec<i64> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("writer"))
        .collect();
    let s = Store::open(&db).expect("open");
    let mut numbers = HashSet::new();
    for id in &acknowledged {
        let r = s.record(*id).expect("every acknowledged id is there");
        assert!(numbers.insert(r.number), "number {} given twice", r.number);
    }
    assert_eq!(numbers.len(), writers * each);
    assert_eq!(
        numbers,
        (1..=(writers * each) as i64).collect::<HashSet<_>>(),
        "numbers run without gaps when nothing failed"
    );
}
