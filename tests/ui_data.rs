//! The data flows through the real window (egui_kittest): export to Excel, import a Google
//! Forms CSV after checking the mapping, back up and restore after seeing what the copy holds,
//! read the audit log, reopen typing autosaved before a "power cut", and start on a damaged
//! database and restore it from its backup. File dialogs are answered through `next_path`.

mod common;
use common::{citizen_id, click, harness_on};

use dlict::forms::{self, Answers};
use dlict::store::{Status, Store, backup};
use dlict::ui::Section;
use dlict::ui::forms::FormsView;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-uidata-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn access(name: &str, i: usize) -> Answers {
    let v = json!({
        "date": "2026-11-24", "name": name, "citizen_id": citizen_id(&format!("11017002{i:04}")),
        "position": "ครู", "unit": "โรงเรียนสารคามพิทยาคม", "phone": "0855374109",
        "systems": {"choices": ["student"]}, "purpose": "ติดตามการเข้าเรียน",
        "applicant": {"name": name, "date": "2026-11-24"}
    });
    v.as_object().expect("object").clone()
}

fn seed(db: &Path, n: usize) {
    let mut s = Store::open(db).expect("create");
    let t = forms::builtin()
        .expect("t")
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("access");
    for i in 0..n {
        let (a, e) = forms::normalize(&t, &access(&format!("นางสาวทดสอบ ลำดับ{i}"), i));
        assert!(e.is_empty(), "{e:?}");
        s.insert_record(&t, Status::Complete, &a).expect("insert");
    }
}

#[test]
fn export_to_excel_and_csv_with_ids_confirmed() {
    let dir = tmp("export");
    let db = dir.join("db.sqlite3");
    seed(&db, 3);
    let mut h = harness_on(&db);
    click(&mut h, "ข้อมูลและการสำรอง");
    assert_eq!(h.state().section, Section::Data);
    click(&mut h, "Excel (XLSX)");
    let out = dir.join("รายงาน.xlsx");
    h.state_mut().dialogs.next_path = Some(out.clone());
    click(&mut h, "ส่งออก…");
    assert!(out.is_file(), "the workbook was written");
    h.get_by_label_contains("ส่งออกแล้ว ๓ บันทึก");

    // Full citizen ids only after the confirmation, and then in the file.
    click(&mut h, "CSV (เปิดด้วย Excel ได้)");
    click(&mut h, "รวมเลขประจำตัวประชาชน");
    assert!(
        !h.state().data.export.include_citizen_id,
        "ticking alone is not enough"
    );
    click(&mut h, "ยืนยัน รวมเลขประจำตัวประชาชน");
    assert!(h.state().data.export.include_citizen_id);
    h.state_mut().data.export.form = Some("access_request".into());
    h.run();
    let csv = dir.join("access.csv");
    h.state_mut().dialogs.next_path = Some(csv.clone());
    click(&mut h, "ส่งออก…");
    let text = std::fs::read_to_string(&csv).expect("csv written");
    assert!(text.contains(&citizen_id("110170020000")));
    // A bad date gets its message beside the boxes and the export button is disabled.
    h.state_mut().data.export.from = "31/02/2569".into();
    h.run();
    h.get_by_label_contains("ไม่มีวันที่ ๓๑ กุมภาพันธ์");
}

#[test]
fn import_a_google_forms_csv_after_checking_the_mapping() {
    let dir = tmp("import");
    let db = dir.join("db.sqlite3");
    Store::open(&db).expect("create");
    let csv = dir.join("responses.csv");
    let t = forms::builtin()
        .expect("t")
        .into_iter()
        .find(|t| t.id == "website_satisfaction")
        .expect("web");
    let grid = t.field("satisfaction").expect("grid");
    let mut text = String::from("\u{feff}ประทับเวลา,ประเภทของผู้ใช้บริการ");
    for it in grid.rating_items() {
        text.push_str(&format!(",\"{} [{}]\"", grid.label, it.label));
    }
    text.push_str(",ข้อเสนอแนะอื่น ๆ\n");
    let n = grid.rating_items().count();
    for (ts, who, answer) in [
        ("25/11/2026 9:00:00", "นักเรียน", "มากที่สุด"),
        ("25/11/2026 9:05:00", "ประชาชนทั่วไป", "ปานกลาง"),
        ("25/11/2026 9:07:00", "นักเรียน", "เยี่ยม"),
    ] {
        text.push_str(&format!("{ts},{who}{},\n", format!(",{answer}").repeat(n)));
    }
    std::fs::write(&csv, text).expect("write");
    let mut h = harness_on(&db);
    click(&mut h, "ข้อมูลและการสำรอง");
    click(&mut h, "นำเข้าข้อมูล");
    h.state_mut().dialogs.next_path = Some(csv.clone());
    click(&mut h, "เลือกไฟล์ CSV หรือ JSON…");
    assert_eq!(
        h.state().data.import.form.as_deref(),
        Some("website_satisfaction"),
        "the form is guessed from the headers"
    );
    h.get_by_label_contains("นำเข้าได้ ๒ แถว · ไม่ถูกต้อง ๑ แถว");
    // Named by its line in the file (issue 11: every line accounted for).
    h.get_by_label_contains("บรรทัดที่ ๔:");
    h.get_by_label_contains("ไฟล์มี ๔ บรรทัด");
    click(&mut h, "นำเข้า ๒ แถว");
    h.get_by_label_contains("นำเข้าแล้ว ๒ แถว · ไม่ถูกต้อง ๑ แถว (ไม่ได้นำเข้า)");
    let store = h.state().ws.store.as_ref().expect("store");
    assert_eq!(store.record_count("website_satisfaction").expect("n"), 2);
    // Choosing the same file again: everything is a duplicate.
    h.state_mut().dialogs.next_path = Some(csv);
    click(&mut h, "เลือกไฟล์ CSV หรือ JSON…");
    h.get_by_label_contains("นำเข้าได้ ๐ แถว");
    h.get_by_label_contains("ซ้ำกับที่นำเข้าแล้ว ๒ แถว");
}

#[test]
fn back_up_then_restore_after_seeing_the_copy() {
    let dir = tmp("backup");
    let db = dir.join("db.sqlite3");
    seed(&db, 2);
    let mut h = harness_on(&db);
    click(&mut h, "ข้อมูลและการสำรอง");
    click(&mut h, "สำรองและกู้คืน");
    let copy = dir.join("copy.sqlite3");
    h.state_mut().dialogs.next_path = Some(copy.clone());
    click(&mut h, "สำรองตอนนี้…");
    assert!(backup::inspect(&copy).is_ok(), "the copy passes its check");
    // More records after the copy.
    {
        let t = h.state().ws.template("access_request").expect("t").clone();
        let (a, _) = forms::normalize(&t, &access("นายหลังสำรอง", 50));
        let s = h.state_mut().ws.store.as_mut().expect("store");
        s.insert_record(&t, Status::Complete, &a).expect("insert");
        assert_eq!(s.record_count("access_request").expect("n"), 3);
    }
    h.state_mut().dialogs.next_path = Some(copy);
    click(&mut h, "กู้คืนจากไฟล์…");
    h.get_by_label("กู้คืนจากสำเนานี้?");
    h.get_by_label_contains("บันทึก ๒ รายการ ใน ๑ แบบฟอร์ม");
    click(&mut h, "กู้คืน");
    h.get_by_label_contains("กู้คืนแล้ว (๒ บันทึก)");
    let s = h.state().ws.store.as_ref().expect("store");
    assert_eq!(s.record_count("access_request").expect("n"), 2);
    // The content before the restore is listed as a copy to go back to.
    h.get_by_label("ก่อนกู้คืน");
}

#[test]
fn the_audit_log_lists_and_filters() {
    let dir = tmp("audit");
    let db = dir.join("db.sqlite3");
    seed(&db, 3);
    let mut h = harness_on(&db);
    click(&mut h, "ข้อมูลและการสำรอง");
    click(&mut h, "บันทึกการใช้งาน");
    h.get_by_label("๓ รายการ");
    assert!(h.query_all_by_label("สร้าง").count() >= 3);
    // A row opens its before/after below the table.
    click(&mut h, "บันทึกเลขที่ ๒");
    h.get_by_label_contains("รายการที่ ๒ ·");
    h.state_mut().data.audit.words = "ลำดับ1".into();
    h.run();
    h.get_by_label("๑ รายการ");
    // Nothing on screen edits the log.
    assert!(h.query_by_label("แก้ไข").is_none() && h.query_by_label("ลบ").is_none());
}

#[test]
fn typing_autosaved_before_a_power_cut_is_reopened() {
    let dir = tmp("autosave");
    let db = dir.join("db.sqlite3");
    Store::open(&db).expect("create");
    {
        let mut h = harness_on(&db);
        h.state_mut().fill_form("access_request");
        h.run();
        h.get_by_label("ชื่อ-สกุล *").click();
        h.run();
        h.get_by_label("ชื่อ-สกุล *").type_text("นางสาวไฟดับ กลางคัน");
        h.run();
        std::thread::sleep(
            dlict::ui::forms::AUTOSAVE_AFTER + std::time::Duration::from_millis(200),
        );
        h.run();
        h.run();
        h.get_by_label_contains("จำไว้อัตโนมัติเมื่อ");
        // The window is gone without saving (power cut): the harness is dropped here.
    }
    let mut h = harness_on(&db);
    click(&mut h, "แบบฟอร์มและบันทึก");
    h.get_by_label_contains("แบบฟอร์มที่กรอกค้างไว้ ยังไม่ได้บันทึก (๑)");
    click(&mut h, "เปิดต่อ");
    let FormsView::Edit(ed) = &h.state().forms.view else {
        panic!("the editor opens");
    };
    let (answers, _) = ed.checked();
    assert_eq!(answers["name"], json!("นางสาวไฟดับ กลางคัน"));
    // Saving it as a record removes the draft.
    click(&mut h, "บันทึกฉบับร่าง");
    let s = h.state().ws.store.as_ref().expect("store");
    assert!(s.drafts().expect("drafts").is_empty());
    assert_eq!(s.record_count("access_request").expect("n"), 1);
}

#[test]
fn a_damaged_database_on_start_is_restored_from_its_backup() {
    let dir = tmp("damaged");
    let db = dir.join("dlict.sqlite3");
    seed(&db, 4);
    {
        let s = Store::open(&db).expect("open");
        s.auto_backup(chrono::Local::now().naive_local())
            .expect("backup");
    }
    rusqlite::Connection::open(&db)
        .and_then(|c| c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);"))
        .expect("checkpoint");
    let mut bytes = std::fs::read(&db).expect("read");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&db, &bytes).expect("damage");

    let mut h = harness_on(&db);
    assert!(h.state().ws.store.is_none(), "nothing opened for writing");
    h.get_by_label_contains("จะไม่เปิดไฟล์นี้เพื่อแก้ไขหรือเขียนทับ");
    assert_eq!(
        std::fs::read(&db).expect("read"),
        bytes,
        "the file is untouched"
    );
    h.get_by_label_contains("กู้คืนจากสำเนาสำรองล่าสุด (๔ บันทึก")
        .click();
    h.run();
    h.run();
    h.get_by_label_contains("กู้คืนแล้วจาก");
    let s = h.state().ws.store.as_ref().expect("store after restore");
    assert_eq!(s.record_count("access_request").expect("n"), 4);
    let kept: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert!(!kept.is_empty(), "the damaged file is kept aside");
}
