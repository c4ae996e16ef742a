//! Printing through the real window (egui_kittest): a record, several Ctrl+clicked records as
//! one PDF, a blank form, the form being typed, a process sheet and the whole manual open in
//! the print preview, whose pages are the same page model the PDF is written from; the print
//! settings switch the digits.

mod common;
use common::{click, harness};

use dlict::catalog::Catalog;
use dlict::forms::{self, Answers};
use dlict::store::Status;
use dlict::ui::DlictApp;
use dlict::ui::forms::FormsView;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::json;

fn access_request(name: &str) -> Answers {
    let v = json!({
        "date": "2569-11-24", "name": name, "citizen_id": "1101700207030",
        "position": "ครูชำนาญการ", "unit": "โรงเรียนสารคามพิทยาคม", "phone": "0855374109",
        "systems": {"choices": ["student"]}, "purpose": "ติดตามการเข้าเรียนของนักเรียน",
        "applicant": {"name": name, "position": "ครูชำนาญการ", "date": "2569-11-24"}
    });
    v.as_object().expect("object").clone()
}

/// Saves records straight into the window's store and opens the form's list.
fn with_records(h: &mut Harness<'static, DlictApp>, names: &[&str]) -> Vec<i64> {
    let t = h
        .state()
        .ws
        .template("access_request")
        .expect("template")
        .clone();
    let mut ids = Vec::new();
    for n in names {
        let (a, errors) = forms::normalize(&t, &access_request(n));
        assert!(errors.is_empty(), "{errors:?}");
        let store = h.state_mut().ws.store.as_mut().expect("store");
        ids.push(
            store
                .insert_record(&t, Status::Complete, &a)
                .expect("saved"),
        );
    }
    click(h, "แบบฟอร์มและบันทึก");
    h.state_mut().select_form("access_request");
    h.run();
    ids
}

/// Every text of the preview's pages, in order.
fn preview_text(h: &Harness<'static, DlictApp>) -> Vec<String> {
    let p = h.state().preview.as_ref().expect("preview open");
    p.doc
        .pages
        .iter()
        .flat_map(|pg| pg.items.iter())
        .filter_map(|i| match i {
            dlict::pdf::Item::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn print_one_record_then_several_ctrl_clicked_as_one_pdf() {
    let mut h = harness(900.0);
    let ids = with_records(
        &mut h,
        &["นางสาวญาณี ผู้ใฝ่เรียน", "นายก้องเกียรติ ศักดิ์สิทธิ์", "นางน้ำฝน ฟ้าใส"],
    );
    let label = |id: i64| dlict::thai::to_thai_digits(&id.to_string());
    h.get_by_label(&label(ids[0])).click();
    h.run();
    click(&mut h, "พิมพ์ / บันทึกเป็น PDF");
    h.get_by_label("ตัวอย่างก่อนพิมพ์");
    let text = preview_text(&h);
    assert!(text.iter().any(|t| t == "นางสาวญาณี ผู้ใฝ่เรียน"), "{text:?}");
    assert!(!text.iter().any(|t| t == "นางน้ำฝน ฟ้าใส"));
    // The page images are there for a screen reader too.
    h.get_by_label("หน้า ๑");
    click(&mut h, "Close window");
    assert!(
        h.state().preview.is_none(),
        "closing the window drops the preview"
    );

    // Ctrl+click the third: both print together, in list order, as one document.
    h.get_by_label(&label(ids[2]))
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    click(&mut h, "พิมพ์ / บันทึกเป็น PDF (๒ รายการ)");
    let p = h.state().preview.as_ref().expect("preview");
    assert!(
        p.doc
            .keywords
            .iter()
            .any(|k| k == &format!("record_id={}", ids[0]))
    );
    assert!(
        p.doc
            .keywords
            .iter()
            .any(|k| k == &format!("record_id={}", ids[2]))
    );
    assert!(
        !p.doc
            .keywords
            .iter()
            .any(|k| k == &format!("record_id={}", ids[1]))
    );
    let text = preview_text(&h);
    let first = text.iter().position(|t| t == "นางสาวญาณี ผู้ใฝ่เรียน");
    let third = text.iter().position(|t| t == "นางน้ำฝน ฟ้าใส");
    let list = &h.state().forms.list.as_ref().expect("list").visible;
    let in_list = |id: i64| list.iter().position(|x| *x == id);
    assert!(first.is_some() && third.is_some());
    assert_eq!(
        first < third,
        in_list(ids[0]) < in_list(ids[2]),
        "printed in the list's order"
    );
    // The PDF the preview saves is the same document.
    let bytes = dlict::pdf::write(&p.doc, dlict::pdf::FontSet::bundled());
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn print_a_blank_form_and_the_form_being_typed() {
    let mut h = harness(900.0);
    with_records(&mut h, &[]);
    click(&mut h, "พิมพ์ฟอร์มเปล่า…");
    let p = h.state().preview.as_ref().expect("preview");
    assert!(p.doc.subject.contains("ฉบับเปล่า"), "{}", p.doc.subject);
    assert_eq!(
        std::path::Path::new(&p.file_name)
            .extension()
            .and_then(|e| e.to_str()),
        Some("pdf")
    );
    click(&mut h, "Close window");

    click(&mut h, "กรอกแบบฟอร์มใหม่");
    assert!(matches!(h.state().forms.view, FormsView::Edit(_)));
    click(&mut h, "ชื่อ-สกุล *");
    h.get_by_label("ชื่อ-สกุล *").type_text("นายทดสอบ พิมพ์ก่อนบันทึก");
    h.run();
    click(&mut h, "พิมพ์ / บันทึกเป็น PDF");
    let text = preview_text(&h);
    assert!(
        text.iter().any(|t| t == "นายทดสอบ พิมพ์ก่อนบันทึก"),
        "what is on screen prints, saved or not"
    );
}

#[test]
fn print_a_process_sheet_and_the_manual_and_switch_digits() {
    let mut h = harness(900.0);
    let catalog = Catalog::load().expect("catalog");
    let p11 = catalog
        .processes
        .iter()
        .position(|p| p.number == 11)
        .expect("p11");
    let ctx = h.ctx.clone();
    h.state_mut().open(&ctx, p11);
    h.run();
    click(&mut h, "พิมพ์ / บันทึกเป็น PDF");
    let text = preview_text(&h);
    assert!(
        text.iter()
            .any(|t| t.contains("รายละเอียด โครงสร้างส่วนประกอบมาตรฐานงาน"))
    );
    assert!(
        text.iter().any(|t| t == "- ๒ -"),
        "Thai page numbers by default"
    );
    let p = h.state().preview.as_ref().expect("preview");
    assert!(
        p.doc.pages.iter().all(|pg| pg.width > pg.height),
        "landscape A4"
    );
    click(&mut h, "Close window");

    // Arabic digits, saved in the settings, reach the next print.
    click(&mut h, "ตั้งค่าสำนักงาน");
    click(&mut h, "เลขอารบิก (1 2 3)");
    click(&mut h, "บันทึกการตั้งค่าการพิมพ์");
    h.get_by_label("บันทึกการตั้งค่าการพิมพ์แล้ว");
    assert!(h.state().ws.print_settings.arabic_digits);
    click(&mut h, "คู่มือกระบวนงาน");
    click(&mut h, "พิมพ์คู่มือทั้งเล่ม (PDF)…");
    let text = preview_text(&h);
    assert!(text.iter().any(|t| t == "สารบัญ"));
    assert!(
        text.iter().any(|t| t == "- 2 -"),
        "Arabic page numbers after the setting"
    );
    assert!(!text.iter().any(|t| t == "- ๒ -"));
}
