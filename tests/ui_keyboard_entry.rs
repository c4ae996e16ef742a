//! Paper surveys typed in from the keyboard: with a grid row focused, digits 5–1 (or Thai
//! ๕–๑) set the row and move to the next, Ctrl+Enter saves complete and opens a blank copy
//! with a counter; Tab leaves the grid. A 15-item survey takes 15 digits and Ctrl+Enter
//! after one focus (key presses counted).

mod common;

use common::{click, harness, tmp};
use dlict::ui::Section;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

/// A survey of 15 items in three aspects, nothing else required.
fn survey() -> String {
    let group = |g: usize| {
        (1..=5)
            .map(|i| {
                let n = (g - 1) * 5 + i;
                format!("{{ id = \"q{n}\", label = \"ข้อที่ {n}\" }}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        r#"id = "paper_survey"
version = 1
title = "แบบสอบถามกระดาษ"

[[sections]]
title = "ความพึงพอใจ"

[[sections.fields]]
id = "r"
type = "rating"
label = "ระดับความพึงพอใจ"
required = true
groups = [
  {{ title = "ด้านหนึ่ง", items = [{}] }},
  {{ title = "ด้านสอง", items = [{}] }},
  {{ title = "ด้านสาม", items = [{}] }},
]

[[sections.fields]]
id = "note"
type = "long_text"
label = "ข้อเสนอแนะ"
"#,
        group(1),
        group(2),
        group(3)
    )
}

/// The window on a new record of the imported survey.
fn new_survey(name: &str) -> egui_kittest::Harness<'static, dlict::ui::DlictApp> {
    let mut h = harness(900.0);
    let file = tmp("keyboard", name).join("paper_survey.toml");
    std::fs::write(&file, survey()).expect("write");
    h.state_mut().import_template_file(&file).expect("imported");
    h.state_mut().select_form("paper_survey");
    h.state_mut().section = Section::Forms;
    h.run();
    click(&mut h, "กรอกแบบฟอร์มใหม่");
    h
}

/// The window on a new record of the imported survey, its first row's button focused.
fn new_survey_focused(name: &str) -> egui_kittest::Harness<'static, dlict::ui::DlictApp> {
    let mut h = new_survey(name);
    h.get_by_label("ข้อที่ 1: มากที่สุด").focus();
    h.run();
    h
}

fn grid_ids(h: &egui_kittest::Harness<'static, dlict::ui::DlictApp>) -> Vec<egui::Id> {
    h.ctx
        .data(|d| d.get_temp::<Vec<Vec<egui::Id>>>(egui::Id::unique(("rating-ids", "r"))))
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

#[test]
fn a_15_item_survey_is_entered_with_16_key_presses_and_a_blank_copy_follows() {
    // One focus on the first row (a click or Tab in practice), then keys only.
    let mut h = new_survey_focused("survey");
    let typed: [Key; 15] = [
        Key::Num5,
        Key::Num4,
        Key::Num3,
        Key::Num2,
        Key::Num1,
        Key::Num5,
        Key::Num5,
        Key::Num4,
        Key::Num4,
        Key::Num3,
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
    ];
    let mut presses = 0;
    for k in typed {
        h.key_press(k);
        h.run();
        presses += 1;
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    presses += 1;
    assert_eq!(presses, 16);
    // Saved complete with the values as typed, in order.
    let store = h.state().ws.store.as_ref().expect("store");
    let ids = store
        .record_ids("paper_survey", &dlict::store::RecordQuery::default())
        .expect("ids");
    assert_eq!(ids.len(), 1, "one record saved");
    let rec = store.record(ids[0]).expect("record");
    assert_eq!(rec.status, dlict::store::Status::Complete);
    let want = [5, 4, 3, 2, 1, 5, 5, 4, 4, 3, 1, 2, 3, 4, 5];
    for (n, v) in want.iter().enumerate() {
        assert_eq!(rec.answers["r"][format!("q{}", n + 1)], *v, "q{}", n + 1);
    }
    // A blank copy is open, with the counter.
    assert!(h.query_by_label("กรอกแล้ว ๑ ฉบับในรอบนี้").is_some());
    match &h.state().forms.view {
        dlict::ui::forms::FormsView::Edit(ed) => {
            assert!(ed.record_id.is_none(), "a new copy");
            assert!(ed.inputs.values().all(
                |i| matches!(i, dlict::ui::forms::inputs::Input::Rating(r) if r.is_empty())
                    || !matches!(i, dlict::ui::forms::inputs::Input::Rating(_))
            ));
        }
        _ => panic!("the editor stays open on a blank copy"),
    }
}

#[test]
fn tab_leaves_the_grid_and_thai_digits_count() {
    let mut h = new_survey_focused("tab");
    // A Thai digit typed as text sets the row too.
    h.event(egui::Event::Text("๔".into()));
    h.run();
    match &h.state().forms.view {
        dlict::ui::forms::FormsView::Edit(ed) => match ed.inputs.get("r") {
            Some(dlict::ui::forms::inputs::Input::Rating(r)) => assert_eq!(r.get("q1"), Some(&4)),
            _ => panic!("grid input"),
        },
        _ => panic!("editor"),
    }
    let grid = grid_ids(&h);
    assert_eq!(grid.len(), 75, "15 rows × 5 buttons");
    let focused = h.ctx.memory(|m| m.focused());
    assert!(
        focused.is_some_and(|f| grid.contains(&f)),
        "row 2 has focus"
    );
    h.key_press(Key::Tab);
    h.run();
    h.run();
    let focused = h.ctx.memory(|m| m.focused());
    assert!(focused.is_some(), "focus went somewhere");
    assert!(
        !focused.is_some_and(|f| grid.contains(&f)),
        "Tab left the grid in one press"
    );
}

/// A click on a row's level leaves the keyboard there: the next digit sets the next row (in
/// the window a click did not focus the grid, so digits after a click did nothing).
#[test]
fn a_click_on_a_level_puts_the_keyboard_on_the_grid() {
    let mut h = new_survey("click");
    click(&mut h, "ข้อที่ 1: มาก");
    h.key_press(Key::Num3);
    h.run();
    h.key_press(Key::Num2);
    h.run();
    match &h.state().forms.view {
        dlict::ui::forms::FormsView::Edit(ed) => match ed.inputs.get("r") {
            Some(dlict::ui::forms::inputs::Input::Rating(r)) => {
                assert_eq!(r.get("q1"), Some(&4), "the click");
                assert_eq!(r.get("q2"), Some(&3), "the first digit after it");
                assert_eq!(r.get("q3"), Some(&2));
            }
            _ => panic!("rating input"),
        },
        _ => panic!("editor"),
    }
}
