//! The officer's day without a snag (issue "polish"), the parts driven through the window:
//! a new form opens at its top, not where the last one was scrolled to; a refused save
//! scrolls to the first field to fix; the forms list has a search box; discarding a kept
//! draft replaces the message that pointed at it; the appendix's notes for whoever adapts a
//! form show in the editor but never print.

mod common;

use common::{click, harness};
use dlict::ui::Section;
use egui_kittest::kittest::{NodeT, Queryable};

/// The window is 900 points tall: a widget is in view when its top is on screen.
fn in_view(h: &egui_kittest::Harness<'static, dlict::ui::DlictApp>, label: &str) -> bool {
    let r = h.get_by_label(label).rect();
    r.top() >= 0.0 && r.top() < 900.0
}

#[test]
fn a_new_form_opens_at_its_top_and_a_refused_save_scrolls_to_the_first_problem() {
    let mut h = harness(900.0);
    h.state_mut().select_form("access_request");
    h.state_mut().section = Section::Forms;
    h.run();
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    // Down to the office-use part at the end of the form.
    h.get_by_label("ผู้อนุมัติ").scroll_to_me();
    h.run();
    h.run();
    assert!(!in_view(&h, "ชื่อ-สกุล *"), "scrolled away from the top");
    // Refused: the first required field is brought back into view.
    click(&mut h, "บันทึกฉบับสมบูรณ์");
    h.run();
    assert!(in_view(&h, "ชื่อ-สกุล *"), "the first problem is on screen");
    // Scrolled down again, closed, and a new form opened: it starts at its top.
    h.get_by_label("ผู้อนุมัติ").scroll_to_me();
    h.run();
    click(&mut h, "ปิด");
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    h.run();
    assert!(in_view(&h, "ชื่อ-สกุล *"), "a new form opens at its top");
}

#[test]
fn the_forms_list_is_searched_by_words_and_process_number() {
    let mut h = harness(900.0);
    h.state_mut().section = Section::Forms;
    h.run();
    common::type_into(&mut h, "ค้นหาแบบฟอร์ม", "๑๖");
    // Process ๑๖'s forms stay, others go.
    assert!(
        h.query_by_label_contains("ทะเบียนคุมเรื่องการให้คำปรึกษา")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("แบบคำร้องขอเข้าถึงระบบสารสนเทศ")
            .is_none()
    );
    common::type_into(&mut h, "ค้นหาแบบฟอร์ม", " ไม่มีคำนี้แน่นอน");
    assert!(h.query_by_label("ไม่พบแบบฟอร์มที่ตรงกับคำค้น").is_some());
}

#[test]
fn notes_for_whoever_adapts_a_form_show_in_the_editor_and_never_print() {
    let mut h = harness(900.0);
    h.state_mut().select_form("website_satisfaction");
    h.state_mut().section = Section::Forms;
    h.run();
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    assert!(
        h.query_by_label("หมายเหตุสำหรับผู้ปรับแบบฟอร์ม (ไม่พิมพ์ลงเอกสาร):")
            .is_some()
    );
    // On paper: nothing of them, in any built-in form.
    let dir = common::tmp("polish", "notes");
    for (id, out) in common::blank_form_pdfs(&dir) {
        let text = common::pdftotext(&out, false);
        assert!(
            !text.contains("แบบฟอร์มนี้สามารถปรับ"),
            "{id} prints a designer's note"
        );
        assert!(
            !text.contains("Online Form"),
            "{id} prints a designer's note"
        );
    }
}

#[test]
fn discarding_a_kept_draft_replaces_the_message_that_pointed_at_it() {
    let mut h = harness(900.0);
    h.state_mut().select_form("access_request");
    h.state_mut().section = Section::Forms;
    h.run();
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    common::type_into(&mut h, "ชื่อ-สกุล *", "นายทดลอง ทิ้งร่าง");
    click(&mut h, "ปิด");
    let kept = "ยังไม่ได้บันทึก: เก็บสิ่งที่กรอกไว้ในรายการ “แบบฟอร์มที่กรอกค้างไว้” ด้านบน กด “เปิดต่อ” เพื่อกรอกต่อ";
    assert!(h.query_by_label(kept).is_some());
    click(&mut h, "ทิ้ง");
    assert!(
        h.query_by_label(kept).is_none(),
        "the stale message is gone"
    );
    assert!(h.query_by_label("ทิ้งข้อมูลที่กรอกค้างแล้ว").is_some());
}

#[test]
fn the_audit_log_reads_in_thai_not_in_field_ids() {
    let mut h = harness(900.0);
    {
        let t = common::template("website_satisfaction");
        let items: serde_json::Map<String, serde_json::Value> = t
            .answer_fields()
            .filter(|f| f.kind == dlict::forms::FieldKind::Rating)
            .flat_map(|f| {
                f.rating_items()
                    .map(|i| (i.id.clone(), serde_json::json!(4)))
                    .collect::<Vec<_>>()
            })
            .collect();
        let a = serde_json::json!({"user_type": {"choice": "teacher"}, "satisfaction": items});
        let s = h.state_mut().ws.store.as_mut().expect("store");
        s.insert_record(
            &t,
            dlict::store::Status::Complete,
            a.as_object().expect("o"),
        )
        .expect("record");
    }
    click(&mut h, "ข้อมูลและการสำรอง");
    click(&mut h, "บันทึกการใช้งาน");
    click(&mut h, "บันทึกเลขที่ ๑");
    // The entry's values: the form's own labels (its grid is "หัวข้อ", as in the
    // appendix), the choice's label, Thai digits; no field ids, no English.
    // The detail under the table (one part per line), not the row's one-line summary.
    let after = h
        .query_all_by_label_contains("คำตอบ:")
        .filter_map(|n| {
            n.accesskit_node()
                .label()
                .or_else(|| n.accesskit_node().value())
        })
        .find(|l| l.contains('\n'))
        .unwrap_or_default();
    assert!(after.contains("หัวข้อ:"), "{after}");
    assert!(
        after.contains("ประเภทผู้ใช้บริการ: ข้าราชการครู") || after.contains(": ข้าราชการครู"),
        "{after}"
    );
    assert!(after.contains("สถานะ: สมบูรณ์"), "{after}");
    assert!(after.contains("๔"), "{after}");
    for id in [
        "answers",
        "satisfaction",
        "user_type",
        "teacher",
        "status",
        "complete",
    ] {
        assert!(!after.contains(id), "“{id}” in {after}");
    }
}

/// At 1024 × 600 the records list scrolls its columns sideways instead of losing them, and a
/// tall flowchart opens fitted to its width with text no smaller than 11 points, scrolled by
/// the wheel; "พอดีความกว้าง" does the same on request.
#[test]
fn a_small_window_keeps_every_column_and_a_readable_chart() {
    let catalog = dlict::catalog::Catalog::load().expect("catalog");
    let mut app = dlict::ui::DlictApp::new(catalog.clone());
    let t = common::template("access_request");
    let answers = dlict::forms::OfficeProfile::default().prefill(&t, chrono::NaiveDate::MIN);
    app.ws
        .store
        .as_mut()
        .expect("store")
        .insert_record(&t, dlict::store::Status::Draft, &answers)
        .expect("record");
    app.ws.reload();
    let mut h = common::harness_of(app, 1024.0, 600.0);
    h.state_mut().select_form("access_request");
    h.state_mut().section = Section::Forms;
    h.run();
    h.run();
    let last = h.get_by_label_contains("แก้ไขล่าสุด");
    let before = last.rect();
    assert!(
        before.right() > 1024.0,
        "the last column starts off screen: {before:?}"
    );
    last.scroll_to_me();
    h.run();
    h.run();
    let after = h.get_by_label_contains("แก้ไขล่าสุด").rect();
    assert!(
        after.left() >= 0.0 && after.right() <= 1024.0,
        "scrolled into view: {after:?}"
    );

    // The tallest chart of the manual.
    let tallest = {
        let h = common::harness(600.0);
        let ctx = h.ctx.clone();
        (0..catalog.processes.len())
            .max_by(|&a, &b| {
                let ratio = |i: usize| {
                    let l = &dlict::ui::process_tab::layouts_for(&ctx, &catalog.processes[i])[0];
                    l.height
                };
                ratio(a).total_cmp(&ratio(b))
            })
            .expect("processes")
    };
    h.state_mut().section = Section::Manual;
    let ctx = h.ctx.clone();
    h.state_mut().open(&ctx, tallest);
    h.run();
    h.run();
    let zoom = |h: &egui_kittest::Harness<'static, dlict::ui::DlictApp>| {
        let m = &h.state().manual;
        m.tabs[m.active.expect("tab")].chart.zoom
    };
    let size = dlict::ui::process_tab::CHART_FONT_SIZE;
    assert!(
        zoom(&h) * size >= 11.0 - 1e-3,
        "opened at {:.0}%: text {:.1} pt",
        zoom(&h) * 100.0,
        zoom(&h) * size
    );
    // It is tall: whole, at 11-point text, it would not fit the window's height.
    let height = {
        let m = &h.state().manual;
        m.tabs[m.active.expect("tab")].layouts[0].height
    };
    assert!(height * 11.0 / size > 600.0, "chart height {height}");
    // "พอดีหน้าจอ" keeps it readable too (it used to show such a chart at about 32 %).
    click(&mut h, "พอดีหน้าจอ");
    assert!(zoom(&h) * size >= 11.0 - 1e-3);
    for _ in 0..4 {
        click(&mut h, "− ย่อ");
    }
    assert!(zoom(&h) * size < 11.0);
    click(&mut h, "พอดีความกว้าง");
    assert!(zoom(&h) * size >= 11.0 - 1e-3);
}

/// Ticked boxes and chosen ratings in the light theme are drawn with a near-black stroke at
/// least two pixels wide, at 7:1 contrast or more against the box (egui's default is a
/// one-pixel grey tick).
#[test]
fn ticks_and_chosen_ratings_stand_out_in_the_light_theme() {
    let h = common::harness(600.0);
    let style = h.ctx.style_of(egui::Theme::Light);
    let luminance = |c: egui::Color32| {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    };
    for (name, w) in [
        ("inactive", &style.visuals.widgets.inactive),
        ("hovered", &style.visuals.widgets.hovered),
        ("active", &style.visuals.widgets.active),
    ] {
        let (a, b) = (luminance(w.fg_stroke.color), luminance(w.bg_fill));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(
            w.fg_stroke.width >= 2.0,
            "{name}: tick {} px",
            w.fg_stroke.width
        );
        assert!(ratio >= 7.0, "{name}: contrast {ratio:.1}:1");
    }
}

/// A process found by a word inside it says where, with the words around it, instead of a
/// bare "พบในเนื้อหา".
#[test]
fn a_search_hit_in_the_content_shows_where_and_the_words_around_it() {
    let mut h = harness(900.0);
    h.state_mut().section = Section::Manual;
    h.run();
    common::type_into(&mut h, "ค้นหากระบวนงาน", "พระราชบัญญัติ");
    let hit = h
        .query_all_by_label_contains("พบใน")
        .map(|n| {
            let node = n.accesskit_node();
            // The label is wrapped for display: lines joined back.
            format!(
                "{}{}",
                node.label().unwrap_or_default(),
                node.value().unwrap_or_default()
            )
            .replace('\n', "")
        })
        .find(|l| l.contains("พระราชบัญญัติ"))
        .expect("a hit with its snippet");
    assert!(hit.contains(": "), "where it was found: {hit}");
    assert!(!hit.starts_with("พบในเนื้อหา"), "{hit}");
}
