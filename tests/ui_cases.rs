//! The cases area driven through the window (egui_kittest, AccessKit queries, clicks and
//! typing): a case of process ๑๖ started from its tab, two steps finished, the third current
//! with its due date; an overdue case red on the dashboard when "today" is set past it; a
//! holiday added in the calendar view moving an open case's due date.

mod common;

use chrono::NaiveDateTime;
use common::{click, harness, type_into};
use dlict::calendar::Clock;
use dlict::cases::Requester;
use dlict::catalog::Catalog;
use dlict::store::NewCase;
use dlict::ui::{DlictApp, Section};
use egui::Color32;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("a moment")
}

fn set_clock(h: &mut Harness<'static, DlictApp>, when: &str) {
    h.state_mut().ws.clock = Clock::Fixed(at(when));
    h.run();
}

/// Every piece of text drawn in the last frame, with its colour.
fn drawn_text(h: &Harness<'static, DlictApp>) -> Vec<(String, Color32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, Color32)>) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(t) => {
                for section in &t.galley.job.sections {
                    let text = t
                        .galley
                        .job
                        .text
                        .get(section.byte_range.start.0..section.byte_range.end.0)
                        .unwrap_or_default()
                        .to_owned();
                    out.push((text, t.override_text_color.unwrap_or(section.format.color)));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in &h.output().shapes {
        walk(&s.shape, &mut out);
    }
    out
}

#[test]
fn a_case_of_process_16_started_from_its_tab_runs_two_steps() {
    let mut h = harness(900.0);
    set_clock(&mut h, "2026-12-08T10:00");
    let catalog = Catalog::load().expect("catalog");
    let p16 = catalog.process("p16").expect("p16");
    // Open the process from the list, then start a case from its tab.
    let title = p16.title();
    h.get_by_label(&title).scroll_to_me();
    h.run();
    h.get_by_label(&title).click();
    h.run();
    h.run();
    click(&mut h, "เริ่มเรื่องใหม่");
    assert_eq!(h.state().section, Section::Cases);
    // Without a title nothing is opened, and the field says why.
    click(&mut h, "เปิดเรื่อง");
    h.get_by_label("กรุณาระบุชื่อเรื่อง");
    assert_eq!(
        h.state().ws.store.as_ref().and_then(|s| s
            .case_count(&dlict::store::CaseFilter::default(), chrono::NaiveDate::MIN)
            .ok()),
        Some(0)
    );
    type_into(&mut h, "ชื่อเรื่อง", "ขอคำปรึกษาการใช้ระบบ DMC");
    type_into(&mut h, "ผู้ขอ", "ครูวิภา ศรีสุข");
    click(&mut h, "เปิดเรื่อง");
    h.run();
    h.get_by_label("เรื่องเลขที่ ๑/๒๕๖๙");
    // Step A: due Wed 9 Dec (received Tue 8 in office hours).
    h.get_by_label_contains("ครบกำหนด ๙ ธันวาคม ๒๕๖๙");
    click(&mut h, "เสร็จขั้นนี้");
    set_clock(&mut h, "2026-12-09T09:00");
    click(&mut h, "เสร็จขั้นนี้");
    // The third step (C) is current: started Wed 9 in office hours, "๑ วันทำการ", Thu 10 is
    // วันรัฐธรรมนูญ: due Fri 11.
    let store = h.state().ws.store.as_ref().expect("store");
    let case = store.case(1).expect("case");
    assert_eq!(case.steps.len(), 3);
    assert_eq!(case.current().map(|s| s.node.as_str()), Some("C"));
    h.get_by_label_contains("ครบกำหนด ๑๑ ธันวาคม ๒๕๖๙");
    // The chart says it too, node by node.
    let c_label = &p16.flows[0].graph.nodes[2].label;
    h.get_by_label_contains(&format!("{c_label} — ขั้นปัจจุบัน ครบกำหนด ๑๑ ธ.ค."));
    let a_label = &p16.flows[0].graph.nodes[0].label;
    h.get_by_label_contains(&format!("{a_label} — เสร็จแล้ว ๘ ธันวาคม ๒๕๖๙"));
}

#[test]
fn an_overdue_case_is_red_on_the_dashboard_once_today_is_past_it() {
    let mut h = harness(900.0);
    let catalog = Catalog::load().expect("catalog");
    let p16 = catalog.process("p16").expect("p16");
    {
        let store = h.state_mut().ws.store.as_mut().expect("store");
        store
            .start_case(
                p16,
                &NewCase {
                    flow: 0,
                    title: "ขอคำปรึกษาเว็บไซต์โรงเรียน".into(),
                    requester: Requester::default(),
                    received_at: at("2026-12-08T10:00"),
                    record: None,
                },
            )
            .expect("started");
    }
    h.state_mut().ws.cases_changed();
    h.state_mut().section = Section::Cases;
    // On the due day it is not late.
    set_clock(&mut h, "2026-12-09T09:00");
    h.run();
    // The card's title and the row's standing.
    assert_eq!(h.query_all_by_label("ครบกำหนดวันนี้").count(), 2);
    assert!(
        !drawn_text(&h)
            .iter()
            .any(|(t, _)| t.starts_with("เกินกำหนด ")),
        "nothing is late yet"
    );
    // Tue 15 Dec: Fri 11, Mon 14 and Tue 15 are past Wed 9 (Thu 10 วันรัฐธรรมนูญ).
    set_clock(&mut h, "2026-12-15T09:00");
    h.run();
    let late: Vec<(String, Color32)> = drawn_text(&h)
        .into_iter()
        .filter(|(t, _)| t == "เกินกำหนด ๓ วันทำการ")
        .collect();
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(
        late[0].1,
        dlict::ui::style::color::ERROR,
        "the late days are red"
    );
    // The count card is red too, and the case's number.
    let texts = drawn_text(&h);
    assert!(
        texts
            .iter()
            .any(|(t, c)| t == "เกินกำหนด" && *c == dlict::ui::style::color::ERROR),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|(t, c)| t == "๑/๒๕๖๙" && *c == dlict::ui::style::color::ERROR),
        "{texts:?}"
    );
    // Clicking the row opens the case, late in red beside its due date.
    h.get_by_label("ขอคำปรึกษาเว็บไซต์โรงเรียน").click();
    h.run();
    h.run();
    h.get_by_label("เรื่องเลขที่ ๑/๒๕๖๙");
    assert!(
        drawn_text(&h)
            .iter()
            .any(|(t, c)| t == "เกินกำหนด ๓ วันทำการ" && *c == dlict::ui::style::color::ERROR)
    );
}

#[test]
fn a_holiday_added_in_the_calendar_moves_an_open_case() {
    let mut h = harness(900.0);
    set_clock(&mut h, "2026-12-08T10:00");
    let catalog = Catalog::load().expect("catalog");
    let p16 = catalog.process("p16").expect("p16");
    {
        let store = h.state_mut().ws.store.as_mut().expect("store");
        store
            .start_case(
                p16,
                &NewCase {
                    flow: 0,
                    title: "ขอคำปรึกษาระบบสำรองข้อมูล".into(),
                    requester: Requester::default(),
                    received_at: at("2026-12-08T10:00"),
                    record: None,
                },
            )
            .expect("started");
    }
    h.state_mut().ws.cases_changed();
    h.state_mut().section = Section::Settings;
    h.state_mut().settings_tab = dlict::ui::SettingsTab::Calendar;
    h.run();
    h.get_by_label_contains("ปี พ.ศ. ๒๕๖๙");
    // A bad date is refused beside its field.
    type_into(&mut h, "วันที่", "32/12/2569");
    type_into(&mut h, "ชื่อวันหยุด", "ปิดสำนักงานย้ายอาคาร");
    click(&mut h, "เพิ่มวันหยุด");
    h.get_by_label_contains("ไม่มีวันที่ ๓๒");
    // Click Wed 9 Dec in the month view, then add it.
    h.get_by_label("๙ ธันวาคม ๒๕๖๙").scroll_to_me();
    h.run();
    h.get_by_label("๙ ธันวาคม ๒๕๖๙").click();
    h.run();
    click(&mut h, "เพิ่มวันหยุด");
    h.get_by_label_contains("คำนวณวันครบกำหนดใหม่ ๑ เรื่อง");
    let store = h.state().ws.store.as_ref().expect("store");
    let case = store.case(1).expect("case");
    // Wed 9 closed, Thu 10 วันรัฐธรรมนูญ: due Fri 11.
    assert_eq!(case.due_at(), Some(at("2026-12-11T16:30")));
    assert!(case.events.iter().any(|e| e.kind == "due-recomputed"));
}
