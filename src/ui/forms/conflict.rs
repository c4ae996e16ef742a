//! A save refused because someone else saved the record first: their version and the
//! officer's side by side, field by field, and a choice between them. Nothing is written
//! until the officer chooses; the officer's typing stays in the editor and its draft.

use crate::forms::{Answers, Template, display_value};
use crate::store::{Record, Status};
use crate::ui::thai_text;
use egui::Ui;

pub struct Conflict {
    /// The record as saved by the other officer.
    pub theirs: Record,
    /// What this officer tried to save.
    pub yours: Answers,
    pub your_status: Status,
    /// (field name, theirs, yours) of every field that differs, as a person reads them.
    pub rows: Vec<(String, String, String)>,
    /// Who saved theirs and when, as the refusal said it.
    pub by: String,
}

/// What the officer chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Save this officer's answers over theirs (knowingly).
    KeepYours,
    /// Drop this officer's changes and continue from theirs.
    TakeTheirs,
}

impl Conflict {
    pub fn new(
        t: &Template,
        theirs: Record,
        yours: Answers,
        your_status: Status,
        by: String,
    ) -> Conflict {
        let show = |id: &str, a: &Answers| -> String {
            match (t.field(id), a.get(id)) {
                (_, None | Some(serde_json::Value::Null)) => "(ว่าง)".into(),
                (Some(f), Some(v)) => {
                    let s = display_value(f, v, false);
                    if s.trim().is_empty() {
                        "(ว่าง)".into()
                    } else {
                        s
                    }
                }
                (None, Some(v)) => v.to_string(),
            }
        };
        let mut rows = Vec::new();
        if theirs.status != your_status {
            rows.push((
                "สถานะ".to_owned(),
                theirs.status.thai().to_owned(),
                your_status.thai().to_owned(),
            ));
        }
        for f in t.sections.iter().flat_map(|s| &s.fields) {
            let (a, b) = (theirs.answers.get(&f.id), yours.get(&f.id));
            let empty = |v: Option<&serde_json::Value>| v.is_none_or(serde_json::Value::is_null);
            if a == b || (empty(a) && empty(b)) {
                continue;
            }
            rows.push((
                f.display_name().to_owned(),
                show(&f.id, &theirs.answers),
                show(&f.id, &yours),
            ));
        }
        Conflict {
            theirs,
            yours,
            your_status,
            rows,
            by,
        }
    }

    /// Draws both versions; returns the officer's choice when a button is pressed.
    pub fn show(&self, ui: &mut Ui) -> Option<Choice> {
        let by = &self.by;
        let mut choice = None;
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(2.0, crate::ui::style::color::ERROR))
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                thai_text::label_with(
                    ui,
                    &format!("มีผู้บันทึกฉบับใหม่กว่าก่อนท่าน ({by}) เทียบกันทีละช่อง แล้วเลือกฉบับที่จะเก็บ"),
                    crate::ui::fonts::bold(crate::ui::style::size::BODY),
                    None,
                );
                // Two halves that wrap their text: theirs on the left, the officer's on the
                // right, one field after another.
                let bold = crate::ui::fonts::bold(crate::ui::style::size::BODY);
                ui.columns(2, |cols| {
                    thai_text::label_with(
                        &mut cols[0],
                        &format!(
                            "ฉบับที่บันทึกแล้ว (ครั้งที่ {})",
                            crate::thai::digits(self.theirs.version)
                        ),
                        bold.clone(),
                        None,
                    );
                    thai_text::label_with(
                        &mut cols[1],
                        "ฉบับของท่าน (ยังไม่ได้บันทึก)",
                        bold.clone(),
                        None,
                    );
                });
                for (name, theirs, yours) in &self.rows {
                    ui.separator();
                    thai_text::label_weak(ui, name);
                    ui.columns(2, |cols| {
                        thai_text::label(&mut cols[0], theirs);
                        thai_text::label_with(&mut cols[1], yours, bold.clone(), None);
                    });
                }
                if self.rows.is_empty() {
                    ui.label("ทั้งสองฉบับเหมือนกันทุกช่อง");
                }
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .button("เก็บฉบับของท่าน")
                        .on_hover_text("บันทึกสิ่งที่ท่านแก้แทนฉบับที่บันทึกแล้ว (ฉบับเดิมยังดูได้ในประวัติการแก้ไข)")
                        .clicked()
                    {
                        choice = Some(Choice::KeepYours);
                    }
                    if ui
                        .button("ใช้ฉบับที่บันทึกแล้ว")
                        .on_hover_text("ทิ้งสิ่งที่ท่านแก้ แล้วแสดงฉบับที่บันทึกแล้วให้แก้ต่อ")
                        .clicked()
                    {
                        choice = Some(Choice::TakeTheirs);
                    }
                });
            });
        choice
    }
}
