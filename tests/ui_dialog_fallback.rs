//! Where no file dialog can be shown (Linux without a desktop portal), nothing is silent:
//! a PDF, a backup and an export go into the documents folder beside the database with a
//! banner that says where and offers "เปิดโฟลเดอร์"; a second save never overwrites the first;
//! a restore asks for the file to be put in the inbox folder, then uses it.

mod common;

use common::{click, harness_on, tmp};
use dlict::ui::Section;
use egui_kittest::kittest::Queryable;

fn files_in(dir: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().and_then(|e| e.to_str()) == Some(ext));
    v.sort();
    v
}

#[test]
fn saves_go_to_the_documents_folder_and_the_window_says_where() {
    let dir = tmp("fallback", "saves");
    let db = dir.join("db.sqlite3");
    let mut h = harness_on(&db);
    h.state_mut().dialogs.unavailable = true;
    let docs = dir.join("เอกสาร");

    // A blank form printed to PDF, twice: two files, the first kept.
    h.state_mut().select_form("access_request");
    h.state_mut().section = Section::Forms;
    h.run();
    click(&mut h, "พิมพ์ฟอร์มเปล่า…");
    click(&mut h, "บันทึกเป็น PDF…");
    click(&mut h, "บันทึกเป็น PDF…");
    let pdfs = files_in(&docs, "pdf");
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");
    h.get_by_label_contains("เปิดหน้าต่างเลือกไฟล์ของระบบไม่ได้ในเครื่องนี้ จึงบันทึกไว้ที่");
    assert!(h.query_by_label("เปิดโฟลเดอร์").is_some());
    click(&mut h, "Close window");

    // A backup: the banner at the top of the window.
    click(&mut h, "ข้อมูลและการสำรอง");
    click(&mut h, "สำรองและกู้คืน");
    click(&mut h, "สำรองตอนนี้…");
    let copies = files_in(&docs, "sqlite3");
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(dlict::store::backup::inspect(&copies[0]).is_ok());
    h.get_by_label(&format!(
        "เปิดหน้าต่างเลือกไฟล์ของระบบไม่ได้ในเครื่องนี้ จึงบันทึกไว้ที่ {}",
        copies[0].display()
    ));
    assert!(h.query_by_label("เปิดโฟลเดอร์").is_some());
    click(&mut h, "ปิด");
    assert!(h.state().dialogs.fallback.is_none());

    // A restore with nothing in the inbox: says where to put the file.
    click(&mut h, "กู้คืนจากไฟล์…");
    let inbox = docs.join("นำเข้า");
    h.get_by_label_contains(&format!("วางไฟล์ที่ต้องการไว้ในโฟลเดอร์ {}", inbox.display()));
    assert!(inbox.is_dir());
    // Put there, the same button uses it.
    std::fs::copy(&copies[0], inbox.join("สำเนา.sqlite3")).expect("copy");
    click(&mut h, "กู้คืนจากไฟล์…");
    h.get_by_label("กู้คืนจากสำเนานี้?");
}
