//! `dlict forms --json`, `dlict record add` and `dlict record list` against a database given
//! with `--db`: valid data is saved, bad data gets one Thai line per field and exit 2 with
//! nothing saved, citizen ids are masked in the list.

mod common;
use common::citizen_id;

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Output};

fn dlict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(args)
        .output()
        .expect("dlict runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn forms_json_lists_every_template_with_its_fields() {
    let out = dlict(&["forms", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = v.as_array().expect("array");
    assert!(list.len() >= 5);
    for t in list {
        for k in ["id", "title", "version", "sections"] {
            assert!(t.get(k).is_some(), "{k}");
        }
        for s in t["sections"].as_array().expect("sections") {
            for f in s["fields"].as_array().expect("fields") {
                for k in ["id", "label", "type", "required"] {
                    assert!(f.get(k).is_some(), "{} {k}", t["id"]);
                }
                if f["type"] == "single" || f["type"] == "multi" {
                    assert!(!f["choices"].as_array().expect("choices").is_empty());
                }
            }
        }
    }
}

#[test]
fn record_add_saves_valid_data_and_list_masks_the_citizen_id() {
    let dir = tmp("add");
    let db = dir.join("db.sqlite3");
    let id = citizen_id("110170023070");
    let data = dir.join("ok.json");
    std::fs::write(
        &data,
        json!({
            "date": "24/11/2569", "name": "นางสาวศรีสุดา ใจดี", "citizen_id": id,
            "position": "ครู", "unit": "โรงเรียนสารคามพิทยาคม", "phone": "085 537 4109",
            "systems": ["student", "ระบบสารสนเทศโภชนาการนักเรียน"],
            "purpose": "ใช้ข้อมูลนักเรียน",
            "applicant": {"name": "นางสาวศรีสุดา ใจดี", "date": "2026-11-24"}
        })
        .to_string(),
    )
    .expect("write");
    let db_s = db.to_str().expect("utf8");
    let out = dlict(&[
        "--db",
        db_s,
        "record",
        "add",
        "access_request",
        "--data",
        data.to_str().expect("utf8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new_id: i64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("prints the id");

    let out = dlict(&["record", "list", "access_request", "--json", "--db", db_s]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let r = &v.as_array().expect("array")[0];
    assert_eq!(r["id"], json!(new_id));
    assert_eq!(r["answers"]["date"], json!("2026-11-24"));
    assert_eq!(r["answers"]["phone"], json!("085-537-4109"));
    assert_eq!(
        r["answers"]["systems"]["choices"],
        json!(["student", "nutrition"])
    );
    let shown = r["answers"]["citizen_id"].as_str().expect("string");
    assert!(
        shown.starts_with("x-xxxx-xxxxx-") && !shown.contains(&id[..10]),
        "{shown}"
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&id),
        "full id never printed"
    );
    let out = dlict(&[
        "record",
        "list",
        "access_request",
        "--json",
        "--reveal-citizen-id",
        "--db",
        db_s,
    ]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&id),
        "shown when asked for"
    );
}

#[test]
fn record_add_refuses_bad_data_field_by_field_and_saves_nothing() {
    let dir = tmp("bad");
    let db = dir.join("db.sqlite3");
    let data = dir.join("bad.json");
    std::fs::write(
        &data,
        json!({"date": "31/02/2569", "citizen_id": "1234", "email": "not-an-email", "systems": ["nope"], "colour": "red"}).to_string(),
    )
    .expect("write");
    let db_s = db.to_str().expect("utf8");
    let out = dlict(&[
        "--db",
        db_s,
        "record",
        "add",
        "access_request",
        "--data",
        data.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "ช่อง “วันที่” (date): ไม่มีวันที่ ๓๑ กุมภาพันธ์ ๒๕๖๙",
        "(citizen_id): เลขประจำตัวประชาชนต้องมี ๑๓ หลัก",
        "(email):",
        "(systems): ไม่มีตัวเลือก “nope”",
        "(colour): แบบฟอร์มนี้ไม่มีช่อง",
        "(name): กรุณากรอกช่องนี้",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    let out = dlict(&["--db", db_s, "record", "list", "access_request", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(0), "nothing saved");
    // --draft keeps it, as typed.
    let out = dlict(&[
        "--db",
        db_s,
        "record",
        "add",
        "access_request",
        "--data",
        data.to_str().expect("utf8"),
        "--draft",
    ]);
    assert!(out.status.success());
    let out = dlict(&["--db", db_s, "record", "list", "access_request", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["status"], json!("draft"));
    assert_eq!(v[0]["answers"]["date"], json!("31/02/2569"));
    // Unknown form and unreadable data file: Thai message, exit 2.
    let out = dlict(&[
        "--db",
        db_s,
        "record",
        "add",
        "nope",
        "--data",
        data.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ไม่พบแบบฟอร์ม"));
    let out = dlict(&[
        "--db",
        db_s,
        "record",
        "add",
        "access_request",
        "--data",
        "/nonexistent.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("อ่านไฟล์ข้อมูล"));
}

#[test]
fn a_database_that_is_not_sqlite_is_refused_by_every_command() {
    let dir = tmp("notdb");
    let db = dir.join("report.xlsx");
    std::fs::write(&db, b"PK\x03\x04 this is a spreadsheet, not a database").expect("write");
    let out = dlict(&[
        "--db",
        db.to_str().expect("utf8"),
        "record",
        "list",
        "access_request",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ไม่ใช่ฐานข้อมูล"));
    assert_eq!(
        std::fs::read(&db).expect("read"),
        b"PK\x03\x04 this is a spreadsheet, not a database"
    );
}
