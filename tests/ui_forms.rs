//! Fills forms through the real window with egui_kittest (AccessKit queries, typing, clicks):
//! choose a form, pick choices, rate the grid, save, find the record in the list, edit it and
//! see the change in its history; bad input gets its Thai message next to the field.

mod common;
use common::{click, harness, type_into};

use dlict::catalog::Catalog;
use dlict::forms::FieldKind;
use dlict::ui::DlictApp;
use dlict::ui::forms::FormsView;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn open_form(h: &mut Harness<'static, DlictApp>, id: &str) {
    click(h, "แบบฟอร์มและบันทึก");
    let t = h.state().ws.template(id).expect("template").clone();
    let n = |v: &[u32]| {
        v.iter()
            .map(|p| dlict::thai::to_thai_digits(&p.to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    click(h, &format!("{} (กระบวนงาน {})", t.title, n(&t.processes)));
    assert_eq!(h.state().forms.selected.as_deref(), Some(id));
}

#[test]
fn fill_rate_save_find_edit_and_see_history() {
    let mut h = harness(900.0);
    open_form(&mut h, "website_satisfaction");
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    assert!(matches!(h.state().forms.view, FormsView::Edit(_)));

    click(&mut h, "ข้าราชการครูในสังกัด");
    let t = h
        .state()
        .ws
        .template("website_satisfaction")
        .expect("t")
        .clone();
    let grid = t.field("satisfaction").expect("grid").clone();
    assert_eq!(grid.kind, FieldKind::Rating);
    let scale = grid.scale();
    for (i, item) in grid.rating_items().enumerate() {
        click(&mut h, &format!("{}: {}", item.label, scale[i % 2]));
    }
    type_into(&mut h, "ข้อเสนอแนะอื่น ๆ", "ควรเพิ่มปฏิทินกิจกรรม");
    click(&mut h, "บันทึกฉบับสมบูรณ์");

    let rows = h
        .state()
        .ws
        .store
        .as_ref()
        .expect("store")
        .record_rows("website_satisfaction")
        .expect("rows");
    assert_eq!(rows.len(), 1, "saved once");
    let id = rows[0].id;
    let rec = h
        .state()
        .ws
        .store
        .as_ref()
        .expect("store")
        .record(id)
        .expect("record");
    assert_eq!(rec.answers["user_type"]["choice"], "teacher");
    let first = grid.rating_items().next().expect("item");
    assert_eq!(
        rec.answers["satisfaction"][&first.id], 5,
        "มากที่สุด stored as 5"
    );
    assert_eq!(
        rec.answers["satisfaction"].as_object().map(|o| o.len()),
        Some(grid.rating_items().count())
    );
    h.get_by_label(&format!(
        "บันทึกแล้ว: บันทึกเลขที่ {} (สมบูรณ์)",
        dlict::thai::to_thai_digits(&id.to_string())
    ));

    // Back to the list: the record is there and the text filter finds it by a word.
    click(&mut h, "ปิด");
    type_into(&mut h, "ค้นหาในบันทึก", "ปฏิทิน");
    h.get_by_label("แสดง ๑ จาก ๑ บันทึก");
    type_into(&mut h, "ค้นหาในบันทึก", "ไม่มีคำนี้");
    h.get_by_label("แสดง ๐ จาก ๑ บันทึก");
    h.state_mut()
        .forms
        .list
        .as_mut()
        .expect("list")
        .query
        .clear();
    h.run();

    // Select it, open it, change the suggestion, save.
    h.state_mut().forms.list.as_mut().expect("list").selected = None;
    h.get_by_label(&dlict::thai::to_thai_digits(&id.to_string()))
        .click();
    h.run();
    assert_eq!(
        h.state().forms.list.as_ref().and_then(|l| l.selected),
        Some(id),
        "row selected by a click"
    );
    click(&mut h, "เปิด / แก้ไข");
    type_into(&mut h, "ข้อเสนอแนะอื่น ๆ", " และแผนที่");
    click(&mut h, "บันทึกฉบับสมบูรณ์");
    let rec = h
        .state()
        .ws
        .store
        .as_ref()
        .expect("store")
        .record(id)
        .expect("record");
    assert_eq!(rec.answers["suggestions"], "ควรเพิ่มปฏิทินกิจกรรม และแผนที่");
    click(&mut h, "ปิด");

    click(&mut h, "ประวัติการแก้ไข");
    assert!(matches!(h.state().forms.view, FormsView::History(..)));
    h.get_by_label("ข้อเสนอแนะอื่น ๆ: ควรเพิ่มปฏิทินกิจกรรม → ควรเพิ่มปฏิทินกิจกรรม และแผนที่");
    click(&mut h, "กลับไปที่รายการ");

    // Cancel with a reason: kept, greyed, restorable.
    click(&mut h, "ยกเลิกบันทึก…");
    type_into(&mut h, "เหตุผลที่ยกเลิกบันทึกเลขที่ ๑", "กรอกซ้ำ");
    click(&mut h, "ยืนยันยกเลิก");
    let rec = h
        .state()
        .ws
        .store
        .as_ref()
        .expect("store")
        .record(id)
        .expect("still there");
    assert_eq!(rec.cancel_reason.as_deref(), Some("กรอกซ้ำ"));
    h.get_by_label("ยกเลิกแล้ว");
    click(&mut h, "กู้คืน");
    let rec = h
        .state()
        .ws
        .store
        .as_ref()
        .expect("store")
        .record(id)
        .expect("still there");
    assert_eq!(rec.cancel_reason, None);
}

#[test]
fn bad_input_gets_its_message_next_to_the_field_and_a_draft_keeps_it() {
    let mut h = harness(900.0);
    open_form(&mut h, "access_request");
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    type_into(&mut h, "ชื่อ-สกุล *", "นายทดสอบ ระบบ");
    type_into(&mut h, "รหัสบัตรประชาชน *", "1-1017-00230-70-1");
    h.get_by_label("เลขประจำตัวประชาชนไม่ถูกต้อง: หลักสุดท้าย (เลขตรวจสอบ) ไม่ตรง กรุณาตรวจทานอีกครั้ง");
    click(&mut h, "บันทึกฉบับสมบูรณ์");
    let store_rows = |h: &Harness<'static, DlictApp>| {
        h.state()
            .ws
            .store
            .as_ref()
            .expect("store")
            .record_rows("access_request")
            .expect("rows")
    };
    assert!(
        store_rows(&h).is_empty(),
        "nothing saved as complete while wrong"
    );
    assert!(
        h.query_all_by_label("กรุณากรอกช่องนี้").count() >= 4,
        "required fields flagged after trying"
    );
    click(&mut h, "บันทึกฉบับร่าง");
    let rows = store_rows(&h);
    assert_eq!(rows.len(), 1, "the draft is saved");
    let rec = h
        .state()
        .ws
        .store
        .as_ref()
        .expect("store")
        .record(rows[0].id)
        .expect("record");
    assert_eq!(
        rec.answers["citizen_id"], "1-1017-00230-70-1",
        "kept as typed"
    );
    assert_eq!(rec.status, dlict::store::Status::Draft);
    // The list masks the id (PDPA).
    click(&mut h, "ปิด");
    assert!(h.query_by_label("1-1017-00230-70-1").is_none());
}

#[test]
fn a_process_overview_leads_to_its_form() {
    let catalog = Catalog::load().expect("catalog");
    let mut h = harness(900.0);
    let p = catalog
        .processes
        .iter()
        .position(|p| p.number == 11)
        .expect("process ๑๑");
    let ctx = h.ctx.clone();
    h.state_mut().open(&ctx, p);
    h.state_mut().set_view(dlict::ui::View::Overview);
    h.run();
    let t = h
        .state()
        .ws
        .template("it_service_request")
        .expect("template")
        .clone();
    click(
        &mut h,
        &format!("กรอก “{}”", dlict::ui::thai_text::shorten(&t.title, 60)),
    );
    assert_eq!(h.state().section, dlict::ui::Section::Forms);
    assert!(matches!(h.state().forms.view, FormsView::Edit(_)));
}

#[test]
fn the_office_adapts_a_template_and_old_records_keep_their_version() {
    let mut h = harness(900.0);
    open_form(&mut h, "info_needs_survey");
    let v1 = h
        .state()
        .ws
        .template("info_needs_survey")
        .expect("t")
        .clone();
    let mut a = dlict::forms::Answers::new();
    a.insert("status".into(), serde_json::json!({"choice": "teacher"}));
    let old = h
        .state_mut()
        .ws
        .store
        .as_mut()
        .expect("store")
        .insert_record(&v1, dlict::store::Status::Complete, &a)
        .expect("old record");

    click(&mut h, "ปรับแบบฟอร์ม");
    click(&mut h, "สถานะของผู้ตอบแบบสอบถาม [เลือกได้ข้อเดียว]");
    type_into(&mut h, "คำถาม", " (ปรับปรุง)");
    click(&mut h, "+ เพิ่มตัวเลือก");
    click(&mut h, "เพิ่มคำถามในส่วนที่ ๔ ข้อเสนอแนะอื่น ๆ");
    // Reorder: the new question moves above the suggestions, then the suggestions go.
    click(&mut h, "เลื่อนขึ้น: คำถามใหม่");
    click(&mut h, "ลบคำถาม: ข้อเสนอแนะอื่น ๆ");
    click(&mut h, "ดูตัวอย่าง");
    h.get_by_label("สถานะของผู้ตอบแบบสอบถาม (ปรับปรุง) *");
    h.get_by_label("ตัวเลือกใหม่");
    click(&mut h, "ดูตัวอย่าง");
    click(&mut h, "บันทึกเป็นรุ่นใหม่");

    let v2 = h
        .state()
        .ws
        .template("info_needs_survey")
        .expect("t")
        .clone();
    assert_eq!(v2.version, v1.version + 1, "saved as a new version");
    let status = v2.field("status").expect("status");
    assert_eq!(status.label, "สถานะของผู้ตอบแบบสอบถาม (ปรับปรุง)");
    assert_eq!(
        status.choices.len(),
        v1.field("status").expect("s").choices.len() + 1
    );
    assert_eq!(
        v2.fields().count(),
        v1.fields().count(),
        "one question added, one removed"
    );
    assert!(v2.field("suggestions").is_none());
    let last = v2
        .sections
        .iter()
        .find(|s| s.title.starts_with("ส่วนที่ ๔"))
        .expect("section ๔");
    assert_eq!(
        last.fields.first().map(|f| f.label.as_str()),
        Some("คำถามใหม่")
    );
    let store = h.state().ws.store.as_ref().expect("store");
    let r = store.record(old).expect("old");
    assert_eq!(
        r.template_version, v1.version,
        "the old record keeps its version"
    );
    let builtin = dlict::forms::builtin().expect("builtin");
    let shown = store
        .template(&builtin, &r.form_id, r.template_version)
        .expect("v1");
    assert_eq!(
        shown.field("status").map(|f| f.label.as_str()),
        Some("สถานะของผู้ตอบแบบสอบถาม")
    );

    // Opening the old record shows it with its own version.
    h.state_mut().open_record(old);
    h.run();
    h.get_by_label("สถานะของผู้ตอบแบบสอบถาม *");

    // Shared with another office as a file, imported as a form of its own.
    let mut shared = v2.clone();
    shared.id = "needs_survey_shared".into();
    shared.title = "แบบสอบถามความต้องการ (ฉบับสำนักงานอื่น)".into();
    let path = std::env::temp_dir().join(format!("dlict-shared-{}.toml", std::process::id()));
    std::fs::write(&path, shared.to_toml()).expect("write");
    let imported = h.state_mut().import_template_file(&path).expect("import");
    assert_eq!(imported.title, shared.title);
    assert!(h.state().ws.template("needs_survey_shared").is_some());
    std::fs::write(&path, "id = \"x\"\nversion = 1\ntitle = \"ก\"\n[[sections]]\ntitle = \"ส่วน\"\n[[sections.fields]]\nid = \"a\"\ntype = \"colour\"\nlabel = \"ข\"\n").expect("write");
    let err = h
        .state_mut()
        .import_template_file(&path)
        .expect_err("broken file refused");
    assert!(err.contains("ไม่รู้จักชนิดฟิลด์ “colour”"), "{err}");
}
