//! Two officers on one record, through the real window (egui_kittest): the list names records
//! by their form's own number, and a save made on a copy someone else has saved since is
//! refused, shown side by side with theirs, and settled by the officer's choice.

mod common;
use common::{click, harness_on, template, tmp, type_into};

use dlict::forms::Answers;
use dlict::store::{Status, Store};
use dlict::ui::DlictApp;
use dlict::ui::forms::FormsView;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::json;

const FIELD: &str = "๑. ข้อมูลสารสนเทศใดที่ท่านต้องการ ระบุ";

fn need(text: &str) -> Answers {
    std::iter::once(("info_wanted".to_owned(), json!(text))).collect()
}

/// A database where the survey's record ๑ is the database's second record.
fn two_forms(name: &str) -> (std::path::PathBuf, i64) {
    let db = tmp("ui-conflict", name).join("db.sqlite3");
    let mut s = Store::open(&db).expect("store");
    s.insert_record(
        &template("website_satisfaction"),
        Status::Draft,
        &Answers::new(),
    )
    .expect("other form");
    let id = s
        .insert_record(
            &template("info_needs_survey"),
            Status::Draft,
            &need("ต้นฉบับ"),
        )
        .expect("survey");
    (db, id)
}

/// Opens the survey's list, selects its record ๑ by the number shown, and opens it.
fn open_record_one(h: &mut Harness<'static, DlictApp>, id: i64) {
    click(h, "แบบฟอร์มและบันทึก");
    h.get_by_label_contains("ความต้องการด้านระบบ").click();
    h.run();
    h.get_by_label("๑").click();
    h.run();
    assert_eq!(
        h.state().forms.list.as_ref().and_then(|l| l.selected),
        Some(id),
        "the row shown as ๑ is the survey's first record (the database's second)"
    );
    click(h, "เปิด / แก้ไข");
    h.get_by_label("บันทึกเลขที่ ๑");
}

/// Another officer on another PC saves the record.
fn someone_else_saves(db: &std::path::Path, id: i64, text: &str) {
    let mut other = Store::open(db).expect("other");
    other.set_actor("นายสอง รักงาน");
    other
        .update_record(
            id,
            &template("info_needs_survey"),
            Status::Draft,
            &need(text),
        )
        .expect("their save");
}

#[test]
fn a_stale_save_is_shown_beside_theirs_and_keeping_mine_is_a_choice() {
    let (db, id) = two_forms("keep");
    let mut h = harness_on(&db);
    open_record_one(&mut h, id);
    someone_else_saves(&db, id, "ของนายสอง");
    type_into(&mut h, FIELD, " และของฉัน");
    click(&mut h, "บันทึกฉบับร่าง");

    // Refused: the message names who, nothing was written, both versions are on screen.
    h.get_by_label_contains("ถูกแก้ไขโดย นายสอง รักงาน");
    let s = Store::open(&db).expect("read");
    assert_eq!(
        s.record(id).expect("r").answers["info_wanted"],
        json!("ของนายสอง")
    );
    h.get_by_label("ของนายสอง");
    h.get_by_label("ต้นฉบับ และของฉัน");
    assert!(matches!(&h.state().forms.view, FormsView::Edit(e) if e.dirty));

    click(&mut h, "เก็บฉบับของท่าน");
    let r = s.record(id).expect("r");
    assert_eq!(r.answers["info_wanted"], json!("ต้นฉบับ และของฉัน"));
    assert_eq!(
        r.version, 3,
        "saved once more on top of theirs, not instead of it"
    );
    assert!(
        h.query_by_label("เก็บฉบับของท่าน").is_none(),
        "the comparison closes"
    );
    // Their version stays in the record's history.
    let history = s.history("record", &id.to_string()).expect("history");
    assert_eq!(history.len(), 3);
}

#[test]
fn taking_theirs_drops_my_typing_and_writes_nothing() {
    let (db, id) = two_forms("theirs");
    let mut h = harness_on(&db);
    open_record_one(&mut h, id);
    someone_else_saves(&db, id, "ของนายสอง");
    type_into(&mut h, FIELD, " แก้ไม่ทัน");
    click(&mut h, "บันทึกฉบับร่าง");
    h.get_by_label_contains("ถูกแก้ไขโดย นายสอง รักงาน");
    click(&mut h, "ใช้ฉบับที่บันทึกแล้ว");
    let FormsView::Edit(ed) = &h.state().forms.view else {
        panic!("still editing");
    };
    assert!(!ed.dirty);
    assert_eq!(ed.version, Some(2));
    let (answers, _) = ed.checked();
    assert_eq!(answers["info_wanted"], json!("ของนายสอง"));
    let r = Store::open(&db).expect("read").record(id).expect("r");
    assert_eq!(
        (r.version, r.answers["info_wanted"].clone()),
        (2, json!("ของนายสอง"))
    );
    // Editing on from theirs saves normally.
    type_into(&mut h, FIELD, " ต่อ");
    click(&mut h, "บันทึกฉบับร่าง");
    let r = Store::open(&db).expect("read").record(id).expect("r");
    assert_eq!(
        (r.version, r.answers["info_wanted"].clone()),
        (3, json!("ของนายสอง ต่อ"))
    );
}

#[test]
fn a_record_saved_elsewhere_shows_up_in_the_open_list_and_warns_the_open_editor() {
    let (db, id) = two_forms("follow");
    let mut h = harness_on(&db);
    click(&mut h, "แบบฟอร์มและบันทึก");
    h.get_by_label_contains("ความต้องการด้านระบบ").click();
    h.run();
    h.get_by_label("แสดง ๑ จาก ๑ บันทึก");
    // A row marked for printing (Ctrl+click) stays marked through a reload.
    h.state_mut()
        .forms
        .list
        .as_mut()
        .expect("list")
        .marked
        .insert(id);
    // Another officer adds a record: the list follows without a click.
    {
        let mut other = Store::open(&db).expect("other");
        other
            .insert_record(
                &template("info_needs_survey"),
                Status::Draft,
                &need("จากอีกเครื่อง"),
            )
            .expect("their record");
    }
    h.run();
    h.get_by_label("แสดง ๒ จาก ๒ บันทึก");
    assert!(
        h.state()
            .forms
            .list
            .as_ref()
            .expect("list")
            .marked
            .contains(&id),
        "the officer's marked row is still marked"
    );
    // An open record saved elsewhere warns before the officer saves over it.
    h.state_mut().forms.list.as_mut().expect("list").selected = Some(id);
    click(&mut h, "เปิด / แก้ไข");
    someone_else_saves(&db, id, "แก้จากอีกเครื่อง");
    h.run();
    h.get_by_label_contains("เพิ่งถูกแก้ไขจากที่อื่น");
}
