//! The store keeps records safe: migrations, audit of every change, cancel instead of delete,
//! template versions kept per record, and clear Thai refusals for files it must not touch.

mod common;

use common::template;

use dlict::forms::{self, Answers, OfficeProfile, Template};
use dlict::store::{InstanceLock, Status, Store, StoreError};
use serde_json::json;
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("dlict.sqlite3")
}

fn answers(pairs: &[(&str, serde_json::Value)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn file_store_uses_wal_and_keeps_records_across_reopen() {
    let path = tmp("reopen");
    let t = template("info_needs_survey");
    let id = {
        let mut s = Store::open(&path).expect("create");
        s.insert_record(
            &t,
            Status::Draft,
            &answers(&[("info_wanted", json!("ข้อมูลนักเรียน"))]),
        )
        .expect("insert")
    };
    let s = Store::open(&path).expect("reopen");
    assert_eq!(
        s.record(id).expect("kept").answers["info_wanted"],
        json!("ข้อมูลนักเรียน")
    );
    s.quick_check().expect("healthy");
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(version as usize, dlict::store::schema_version());
}

#[test]
fn every_change_is_audited_and_nothing_is_deleted() {
    let mut s = Store::open_in_memory().expect("store");
    s.set_actor("นางสาวทดสอบ");
    let t = template("info_needs_survey");
    let id = s
        .insert_record(
            &t,
            Status::Draft,
            &answers(&[
                ("status", json!({"choice": "teacher"})),
                ("info_wanted", json!("ก")),
            ]),
        )
        .expect("insert");
    assert!(
        s.update_record(
            id,
            &t,
            Status::Complete,
            &answers(&[
                ("status", json!({"choice": "teacher"})),
                ("info_wanted", json!("ข"))
            ])
        )
        .expect("update")
    );
    assert!(
        !s.update_record(
            id,
            &t,
            Status::Complete,
            &answers(&[
                ("status", json!({"choice": "teacher"})),
                ("info_wanted", json!("ข"))
            ])
        )
        .expect("same"),
        "no change, no entry"
    );
    assert!(
        matches!(s.cancel_record(id, "  "), Err(StoreError::Invalid(_))),
        "a reason is required"
    );
    s.cancel_record(id, "กรอกผิดแบบ").expect("cancel");
    assert!(s.record(id).expect("still there").cancelled_at.is_some());
    s.restore_record(id).expect("restore");
    let h = s.history("record", &id.to_string()).expect("history");
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "update", "cancel", "restore"]);
    assert!(h.iter().all(|e| e.actor == "นางสาวทดสอบ"));
    let upd = &h[1];
    assert_eq!(
        upd.before.as_ref().expect("before")["answers"]["info_wanted"],
        json!("ก")
    );
    assert_eq!(
        upd.after.as_ref().expect("after")["answers"]["info_wanted"],
        json!("ข")
    );
    assert_eq!(
        upd.before.as_ref().expect("before")["status"],
        json!("draft")
    );
}

#[test]
fn the_audit_log_refuses_edits_even_from_sql() {
    let path = tmp("audit");
    {
        let mut s = Store::open(&path).expect("store");
        let t = template("info_needs_survey");
        s.insert_record(&t, Status::Draft, &answers(&[("info_wanted", json!("ก"))]))
            .expect("insert");
    }
    let conn = rusqlite::Connection::open(&path).expect("raw");
    assert!(conn.execute("DELETE FROM audit", []).is_err());
    assert!(conn.execute("UPDATE audit SET actor = 'x'", []).is_err());
}

#[test]
fn records_keep_their_template_version_after_the_office_adapts_it() {
    let builtin = forms::builtin().expect("templates");
    let mut s = Store::open_in_memory().expect("store");
    let v1 = template("info_needs_survey");
    let old = s
        .insert_record(
            &v1,
            Status::Complete,
            &answers(&[
                ("status", json!({"choice": "teacher"})),
                ("info_wanted", json!("เดิม")),
            ]),
        )
        .expect("insert");
    let mut adapted = v1.clone();
    adapted.sections[0].fields[0].label = "สถานะของผู้ตอบ (ปรับ)".into();
    adapted.sections[1].fields.remove(1);
    let saved = s
        .save_template_version(&builtin, &adapted, "adapted")
        .expect("save");
    assert_eq!(saved.version, v1.version + 1);
    let current = s.current_templates(&builtin).expect("current");
    assert_eq!(
        current.iter().find(|t| t.id == v1.id).map(|t| t.version),
        Some(saved.version)
    );
    let r = s.record(old).expect("old record");
    assert_eq!(
        r.template_version, v1.version,
        "the old record keeps its version"
    );
    let shown_with = s
        .template(&builtin, &r.form_id, r.template_version)
        .expect("its version");
    assert!(
        shown_with.field("display_format").is_some(),
        "with the fields it was filled with"
    );
    // An update must use the record's own version.
    assert!(
        s.update_record(old, &saved, Status::Complete, &r.answers)
            .is_err()
    );
    // Export → import as a file: the other office gets the same form as a new version.
    let text = saved.to_toml();
    let back = Template::from_toml("shared.toml", &text).expect("exported file reads back");
    assert_eq!(back.sections, saved.sections);
}

#[test]
fn office_profile_defaults_to_the_manual_cover_and_prefills_forms() {
    let mut s = Store::open_in_memory().expect("store");
    let p = s.profile().expect("profile");
    assert_eq!(p.name, "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษามหาสารคาม");
    assert_eq!(p.email, "spm26@ses26.go.th");
    let mut changed = OfficeProfile {
        name: "สำนักงานทดสอบ".into(),
        ..p
    };
    changed.officer.name = "นายเจ้าหน้าที่ คอมพิวเตอร์".into();
    s.save_profile(&changed).expect("save");
    assert_eq!(s.profile().expect("read").name, "สำนักงานทดสอบ");
    assert_eq!(
        s.actor(),
        "นายเจ้าหน้าที่ คอมพิวเตอร์",
        "the officer is the audit's who"
    );
    let t = template("access_request");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let a = changed.prefill(&t, today);
    assert_eq!(a["date"], json!("2026-11-24"));
    assert_eq!(
        changed.fill_placeholders(&t.header, today),
        "กลุ่มส่งเสริมการศึกษาทางไกล สำนักงานทดสอบ"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let path = tmp("notdb");
    let content = "ชื่อ,นามสกุล\nสมชาย,ใจดี\n".repeat(50);
    std::fs::write(&path, &content).expect("write");
    let e = Store::open(&path).expect_err("refused");
    assert!(matches!(e, StoreError::NotADatabase(_)), "{e:?}");
    assert!(e.to_string().contains("ไม่ใช่ฐานข้อมูล"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        content,
        "nothing overwritten"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_with_a_thai_message() {
    use std::os::unix::fs::PermissionsExt;
    let path = tmp("ro");
    drop(Store::open(&path).expect("create"));
    let before = std::fs::read(&path).expect("bytes");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let result = Store::open(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
    let e = result.expect_err("refused");
    assert!(e.to_string().contains("อ่านอย่างเดียว"), "{e}");
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
}

#[test]
fn a_file_locked_by_another_program_gets_a_clear_message_and_no_half_write() {
    let path = tmp("locked");
    let t = template("info_needs_survey");
    drop(Store::open(&path).expect("create"));
    let other = rusqlite::Connection::open(&path).expect("other program");
    other.execute_batch("BEGIN EXCLUSIVE;").expect("lock");
    let mut s =
        Store::open_with(&path, 200, false).expect("opens: reading is still allowed in WAL");
    let e = s
        .insert_record(&t, Status::Draft, &answers(&[("info_wanted", json!("ก"))]))
        .expect_err("busy");
    assert!(matches!(e, StoreError::Locked(_)), "{e:?}");
    assert!(e.to_string().contains("ล็อก"), "{e}");
    other.execute_batch("ROLLBACK;").expect("unlock");
    assert!(
        s.record_rows(&t.id).expect("rows").is_empty(),
        "nothing half-written"
    );
    s.insert_record(&t, Status::Draft, &answers(&[("info_wanted", json!("ก"))]))
        .expect("works once free");
}

#[test]
fn a_second_window_gets_the_database_read_only() {
    let path = tmp("second");
    let first = InstanceLock::acquire(&path)
        .expect("io")
        .expect("first window owns it");
    assert!(
        InstanceLock::acquire(&path).expect("io").is_none(),
        "second window is told"
    );
    drop(Store::open(&path).expect("create"));
    let ro = Store::open_read_only(&path).expect("read-only open");
    assert!(ro.is_read_only());
    let mut ro = ro;
    let t = template("info_needs_survey");
    let e = ro
        .insert_record(&t, Status::Draft, &answers(&[("info_wanted", json!("ก"))]))
        .expect_err("refused");
    assert!(e.to_string().contains("อ่านอย่างเดียว"), "{e}");
    drop(first);
    assert!(
        InstanceLock::acquire(&path).expect("io").is_some(),
        "free after the first closes"
    );
}
