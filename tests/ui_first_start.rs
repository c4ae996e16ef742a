//! The first start (issue "polish", item 2), driven through the window: a new database asks
//! for the office, the officer's name and the usual signers, refuses to start without the
//! officer's name, and from then on names them in the audit log; with several officers set,
//! the window asks on start who is at the keyboard.

mod common;

use common::{click, harness_of, tmp, type_into};
use dlict::catalog::Catalog;
use dlict::ui::DlictApp;
use egui_kittest::kittest::Queryable;
use std::path::Path;

fn open(db: &Path) -> egui_kittest::Harness<'static, DlictApp> {
    harness_of(
        DlictApp::open_database(Catalog::load().expect("catalog"), db, false),
        1280.0,
        900.0,
    )
}

/// The officer the store names in the audit log for changes made now.
fn actor(app: &DlictApp) -> Option<&str> {
    app.ws.store.as_ref().map(|s| s.actor())
}

fn audit_actors(db: &Path) -> Vec<String> {
    let store = dlict::store::Store::open(db).expect("store");
    store
        .history("settings", "office_profile")
        .expect("audit")
        .into_iter()
        .map(|e| e.actor)
        .collect()
}

#[test]
fn a_new_database_asks_who_uses_it_and_the_audit_log_names_them() {
    let dir = tmp("first-start", "setup");
    let db = dir.join("office.sqlite3");
    let mut h = open(&db);
    assert!(h.query_by_label("ตั้งค่าเริ่มต้นการใช้งาน").is_some());
    // The office comes prefilled from the manual; the officer's name is asked for.
    click(&mut h, "เริ่มใช้งาน");
    assert!(
        h.query_by_label_contains("กรุณากรอกชื่อ-สกุลของท่าน").is_some(),
        "refused, with the reason beside the field"
    );
    assert!(h.query_by_label("ตั้งค่าเริ่มต้นการใช้งาน").is_some());
    type_into(&mut h, "ชื่อ-สกุลของท่าน", "นางสาวกานดา ตั้งใจ");
    type_into(&mut h, "ชื่อผู้อำนวยการกลุ่มส่งเสริมการศึกษาทางไกลฯ", "นายวิชัย รักงาน");
    click(&mut h, "เริ่มใช้งาน");
    assert!(h.query_by_label("ตั้งค่าเริ่มต้นการใช้งาน").is_none());
    let app = h.state();
    assert_eq!(app.ws.profile.officer.name, "นางสาวกานดา ตั้งใจ");
    assert_eq!(app.ws.profile.head.name, "นายวิชัย รักงาน");
    assert_eq!(actor(app), Some("นางสาวกานดา ตั้งใจ"));
    drop(h);
    // The setup was saved (audited under the officer's name) and is not asked again.
    assert!(audit_actors(&db).iter().any(|a| a == "นางสาวกานดา ตั้งใจ"));
    assert!(!audit_actors(&db).iter().any(|a| a == "เจ้าหน้าที่"));
    let h = open(&db);
    assert!(h.query_by_label("ตั้งค่าเริ่มต้นการใช้งาน").is_none());
    assert!(
        h.query_by_label("ใครใช้งานอยู่").is_none(),
        "one officer: no question"
    );
}

#[test]
fn with_several_officers_the_window_asks_who_is_at_the_keyboard() {
    let dir = tmp("first-start", "chooser");
    let db = dir.join("office.sqlite3");
    let mut h = open(&db);
    type_into(&mut h, "ชื่อ-สกุลของท่าน", "นางสาวกานดา ตั้งใจ");
    click(&mut h, "เพิ่มเจ้าหน้าที่อีกคน");
    type_into(&mut h, "คนที่ ๑", "นายธนา ขยันยิ่ง");
    click(&mut h, "เริ่มใช้งาน");
    drop(h);
    let mut h = open(&db);
    assert!(h.query_by_label("ใครใช้งานอยู่").is_some());
    click(&mut h, "นายธนา ขยันยิ่ง (นักวิชาการคอมพิวเตอร์)");
    assert!(h.query_by_label("ใครใช้งานอยู่").is_none());
    let app = h.state();
    assert_eq!(app.ws.profile.officer.name, "นายธนา ขยันยิ่ง");
    assert_eq!(actor(app), Some("นายธนา ขยันยิ่ง"));
    // A new record starts with the chosen officer's name in its officer fields.
    let t = common::template("consultation_register");
    let prefilled = app.ws.profile.prefill(&t, chrono::NaiveDate::MIN);
    assert!(
        prefilled
            .values()
            .any(|v| v.to_string().contains("นายธนา ขยันยิ่ง")),
        "{prefilled:?}"
    );
}
