//! The template editor: the office adapts a form (add, remove, reorder and re-word questions
//! and choices, change types), previews it, and saves it as a new version. Records keep the
//! version they were filled with.

use super::editor::RecordEditor;
use crate::forms::{
    Choice, Field, FieldKind, OfficeProfile, RatingGroup, RatingItem, Section, Template,
};
use crate::ui::action::{Actions, AppAction};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use egui::{RichText, Ui};

pub struct TemplateEditor {
    pub draft: Template,
    pub based_on: u32,
    pub selected: Option<(usize, usize)>,
    pub preview: Option<RecordEditor>,
    pub message: Option<Notice>,
}

/// Gives a text box without a visible label its name for screen readers (and tests).
fn named(r: egui::Response, name: &str) {
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
}

#[expect(
    clippy::maybe_infinite_iter,
    reason = "`taken` is finite, so a free number is always found"
)]
fn fresh_id(existing: impl Iterator<Item = String>, prefix: &str) -> String {
    let taken: Vec<String> = existing.collect();
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| prefix.to_owned())
}

impl TemplateEditor {
    pub fn new(t: &Template) -> TemplateEditor {
        TemplateEditor {
            draft: t.clone(),
            based_on: t.version,
            selected: None,
            preview: None,
            message: None,
        }
    }

    fn field_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.draft.fields().map(|f| f.id.clone())
    }

    pub fn add_field(&mut self, section: usize, kind: FieldKind) {
        let id = fresh_id(self.field_ids(), "q");
        let mut f = Field::new(&id, kind.clone(), "คำถามใหม่");
        match kind {
            FieldKind::Single | FieldKind::Multi => {
                f.choices = vec![
                    Choice {
                        id: "c1".into(),
                        label: "ตัวเลือกที่ ๑".into(),
                        specify: false,
                        specify_label: None,
                    },
                    Choice {
                        id: "other".into(),
                        label: "อื่น ๆ".into(),
                        specify: true,
                        specify_label: None,
                    },
                ];
            }
            FieldKind::Rating => {
                f.groups = vec![RatingGroup {
                    title: "ด้านที่ ๑".into(),
                    items: vec![RatingItem {
                        id: "i1".into(),
                        label: "หัวข้อประเมิน".into(),
                    }],
                }];
            }
            FieldKind::Note => f.text = "หมายเหตุ".into(),
            FieldKind::Signature => f.role = "ผู้รายงาน".into(),
            _ => {}
        }
        if let Some(s) = self.draft.sections.get_mut(section) {
            s.fields.push(f);
            self.selected = Some((section, s.fields.len() - 1));
        }
    }

    /// Changes a field's type, giving it what the new type needs (a choice list, a grid).
    pub fn set_kind(&mut self, (s, i): (usize, usize), kind: FieldKind) {
        let Some(f) = self
            .draft
            .sections
            .get_mut(s)
            .and_then(|s| s.fields.get_mut(i))
        else {
            return;
        };
        f.kind = kind.clone();
        if kind.has_choices() && f.choices.is_empty() {
            f.choices.push(Choice {
                id: "c1".into(),
                label: "ตัวเลือกที่ ๑".into(),
                specify: false,
                specify_label: None,
            });
        }
        if !kind.has_choices() {
            f.choices.clear();
        }
        if kind == FieldKind::Rating && f.groups.is_empty() {
            f.groups.push(RatingGroup {
                title: String::new(),
                items: vec![RatingItem {
                    id: "i1".into(),
                    label: "หัวข้อประเมิน".into(),
                }],
            });
        }
        if kind != FieldKind::Rating {
            f.groups.clear();
        }
        if kind == FieldKind::Note && f.text.is_empty() {
            f.text = f.label.clone();
        }
        if kind == FieldKind::Signature && f.role.is_empty() {
            f.role = "ผู้ลงนาม".into();
        }
    }

    /// Draws the editor; pushes `SaveTemplate` and `BackToList`.
    pub fn show(&mut self, ui: &mut Ui, profile: &OfficeProfile, out: &mut Actions) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("ปรับแบบฟอร์ม")
                    .font(crate::ui::fonts::bold(crate::ui::style::size::SECTION)),
            );
            ui.label(
                RichText::new(format!(
                    "จากรุ่น {} — บันทึกแล้วจะเป็นรุ่นใหม่ บันทึกเดิมยังใช้รุ่นเดิม",
                    crate::thai::digits(self.based_on)
                ))
                .weak(),
            );
        });
        ui.horizontal(|ui| {
            if ui.button("บันทึกเป็นรุ่นใหม่").clicked() {
                match self.draft.check("แม่แบบที่แก้ไข") {
                    Ok(()) => out.push(AppAction::SaveTemplate(Box::new(self.draft.clone()))),
                    Err(e) => self.message = Some(Notice::error(e.to_string())),
                }
            }
            let previewing = self.preview.is_some();
            if ui.selectable_label(previewing, "ดูตัวอย่าง").clicked() {
                self.preview = if previewing {
                    None
                } else {
                    Some(RecordEditor::new_record(&self.draft, profile))
                };
            }
            if ui.button("ยกเลิกการแก้ไข").clicked() {
                out.push(AppAction::BackToList);
            }
        });
        crate::ui::style::notice(ui, &self.message);
        ui.separator();
        if let Some(p) = &mut self.preview {
            // The preview's own buttons ask nothing of the window.
            p.show(ui, None, None, &mut Vec::new());
            return;
        }
        ui.horizontal(|ui| {
            let l = ui.label("ชื่อแบบฟอร์ม");
            ui.add(egui::TextEdit::singleline(&mut self.draft.title).desired_width(f32::INFINITY))
                .labelled_by(l.id);
        });
        let width = ui.available_width();
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width((width * 0.45).max(280.0));
                egui::ScrollArea::vertical()
                    .id_salt("outline")
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.outline(ui));
            });
            ui.separator();
            ui.vertical(|ui| {
                egui::ScrollArea::vertical()
                    .id_salt("props")
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.properties(ui));
            });
        });
    }

    fn outline(&mut self, ui: &mut Ui) {
        let mut op: Option<(&'static str, usize, usize)> = None;
        let n_sections = self.draft.sections.len();
        for (si, s) in self.draft.sections.iter_mut().enumerate() {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let l = ui.label("ส่วน");
                ui.add(egui::TextEdit::singleline(&mut s.title).desired_width(220.0))
                    .labelled_by(l.id);
                if ui.small_button("↑").on_hover_text("เลื่อนส่วนขึ้น").clicked() && si > 0
                {
                    op = Some(("section_up", si, 0));
                }
                if ui.small_button("↓").on_hover_text("เลื่อนส่วนลง").clicked() && si + 1 < n_sections
                {
                    op = Some(("section_up", si + 1, 0));
                }
                if ui.small_button("×").on_hover_text("ลบส่วนนี้").clicked() {
                    op = Some(("section_del", si, 0));
                }
            });
            ui.checkbox(&mut s.office_use, "สำหรับเจ้าหน้าที่กรอกภายหลัง");
            for (fi, f) in s.fields.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.add_space(16.0);
                    let text = format!(
                        "{} [{}]",
                        thai_text::shorten(
                            if f.kind == FieldKind::Note {
                                &f.text
                            } else {
                                &f.label
                            },
                            34
                        ),
                        f.kind.thai_name()
                    );
                    if ui
                        .selectable_label(self.selected == Some((si, fi)), text)
                        .clicked()
                    {
                        op = Some(("select", si, fi));
                    }
                    let what = if f.kind == FieldKind::Note {
                        &f.text
                    } else {
                        &f.label
                    };
                    let button = |ui: &mut Ui, text: &str, hover: &str| {
                        let r = ui.small_button(text);
                        let name = format!("{hover}: {what}");
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone())
                        });
                        r.on_hover_text(hover).clicked()
                    };
                    if button(ui, "↑", "เลื่อนขึ้น") && fi > 0 {
                        op = Some(("up", si, fi));
                    }
                    if button(ui, "↓", "เลื่อนลง") && fi + 1 < s.fields.len() {
                        op = Some(("up", si, fi + 1));
                    }
                    if button(ui, "×", "ลบคำถาม") {
                        op = Some(("del", si, fi));
                    }
                });
            }
            ui.horizontal(|ui| {
                ui.add_space(16.0);
                let r = ui.button("+ เพิ่มคำถาม");
                let name = format!("เพิ่มคำถามใน{}", s.title);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
                if r.clicked() {
                    op = Some(("add", si, 0));
                }
            });
        }
        ui.add_space(8.0);
        if ui.button("+ เพิ่มส่วน").clicked() {
            let n = crate::thai::digits(self.draft.sections.len() + 1);
            self.draft.sections.push(Section {
                title: format!("ส่วนที่ {n}"),
                office_use: false,
                framed: true,
                filled_at: Vec::new(),
                fields: Vec::new(),
            });
        }
        match op {
            Some(("select", s, f)) => self.selected = Some((s, f)),
            Some(("up", s, f)) => {
                self.draft.sections[s].fields.swap(f - 1, f);
                self.selected = Some((s, f - 1));
            }
            Some(("del", s, f)) => {
                self.draft.sections[s].fields.remove(f);
                self.selected = None;
            }
            Some(("add", s, _)) => self.add_field(s, FieldKind::Text),
            Some(("section_up", s, _)) => {
                self.draft.sections.swap(s - 1, s);
                self.selected = None;
            }
            Some(("section_del", s, _)) => {
                self.draft.sections.remove(s);
                self.selected = None;
            }
            _ => {}
        }
    }

    fn properties(&mut self, ui: &mut Ui) {
        let Some((si, fi)) = self.selected else {
            ui.label(RichText::new("เลือกคำถามทางซ้ายเพื่อแก้ไข").weak());
            return;
        };
        let Some(kind) = self
            .draft
            .sections
            .get(si)
            .and_then(|s| s.fields.get(fi))
            .map(|f| f.kind.clone())
        else {
            return;
        };
        let mut new_kind = kind.clone();
        egui::ComboBox::from_label("ชนิดคำตอบ")
            .selected_text(kind.thai_name())
            .show_ui(ui, |ui| {
                for k in FieldKind::ALL {
                    ui.selectable_value(&mut new_kind, k.clone(), k.thai_name());
                }
            });
        if new_kind != kind {
            self.set_kind((si, fi), new_kind);
        }
        let f = &mut self.draft.sections[si].fields[fi];
        let row = |ui: &mut Ui, name: &str, s: &mut String| {
            ui.horizontal(|ui| {
                let l = ui.label(name);
                ui.add(egui::TextEdit::singleline(s).desired_width(360.0))
                    .labelled_by(l.id);
            });
        };
        if f.kind == FieldKind::Note {
            let l = ui.label("ข้อความ");
            ui.add(egui::TextEdit::multiline(&mut f.text).desired_width(380.0))
                .labelled_by(l.id);
        } else {
            row(ui, "คำถาม", &mut f.label);
            row(ui, "ลำดับข้อ", &mut f.number);
            ui.checkbox(&mut f.required, "ต้องตอบ");
        }
        if matches!(f.kind, FieldKind::Text | FieldKind::LongText) {
            ui.horizontal(|ui| {
                let l = ui.label("ความยาวไม่เกิน (ตัวอักษร)");
                let mut text = f.max_chars().to_string();
                let r = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(80.0))
                    .labelled_by(l.id);
                if r.changed() {
                    match crate::thai::parse_thai_number(&text) {
                        Some(n) if (1..=100_000).contains(&n) => f.max_len = Some(n as usize),
                        _ => {}
                    }
                }
            });
        }
        if f.kind == FieldKind::Signature {
            row(ui, "ตำแหน่งท้ายเส้น (เช่น ผู้ขอ)", &mut f.role);
        }
        if f.kind.has_choices() {
            ui.add_space(6.0);
            ui.label(RichText::new("ตัวเลือก").strong());
            let mut op = None;
            let n = f.choices.len();
            for (ci, c) in f.choices.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    let name = format!("ตัวเลือกที่ {}", crate::thai::digits(ci + 1));
                    named(
                        ui.add(egui::TextEdit::singleline(&mut c.label).desired_width(240.0)),
                        &name,
                    );
                    ui.checkbox(&mut c.specify, "มีช่องระบุ");
                    if ui.small_button("↑").clicked() && ci > 0 {
                        op = Some(("up", ci));
                    }
                    if ui.small_button("↓").clicked() && ci + 1 < n {
                        op = Some(("up", ci + 1));
                    }
                    if ui.small_button("×").on_hover_text("ลบตัวเลือก").clicked()
                    {
                        op = Some(("del", ci));
                    }
                });
            }
            match op {
                Some(("up", i)) => f.choices.swap(i - 1, i),
                Some(("del", i)) if f.choices.len() > 1 => {
                    f.choices.remove(i);
                }
                _ => {}
            }
            if ui.button("+ เพิ่มตัวเลือก").clicked() {
                let id = fresh_id(f.choices.iter().map(|c| c.id.clone()), "c");
                f.choices.push(Choice {
                    id,
                    label: "ตัวเลือกใหม่".into(),
                    specify: false,
                    specify_label: None,
                });
            }
        }
        if f.kind == FieldKind::Rating {
            ui.add_space(6.0);
            ui.label(RichText::new("หัวข้อประเมิน").strong());
            let ids: Vec<String> = f.rating_items().map(|i| i.id.clone()).collect();
            let mut add_item = None;
            for (gi, g) in f.groups.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    let l = ui.label("ด้าน");
                    ui.add(egui::TextEdit::singleline(&mut g.title).desired_width(260.0))
                        .labelled_by(l.id);
                });
                let mut del = None;
                for (ii, it) in g.items.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        ui.add_space(16.0);
                        let name = format!("หัวข้อประเมินที่ {}", crate::thai::digits(ii + 1));
                        named(
                            ui.add(egui::TextEdit::singleline(&mut it.label).desired_width(280.0)),
                            &name,
                        );
                        if ui.small_button("×").clicked() {
                            del = Some(ii);
                        }
                    });
                }
                if let Some(i) = del
                    && g.items.len() > 1
                {
                    g.items.remove(i);
                }
                if ui.button("+ เพิ่มหัวข้อ").clicked() {
                    add_item = Some(gi);
                }
            }
            if let Some(gi) = add_item {
                let id = fresh_id(ids.into_iter(), "i");
                f.groups[gi].items.push(RatingItem {
                    id,
                    label: "หัวข้อใหม่".into(),
                });
            }
            if ui.button("+ เพิ่มด้าน").clicked() {
                let id = fresh_id(f.rating_items().map(|i| i.id.clone()), "i");
                f.groups.push(RatingGroup {
                    title: "ด้านใหม่".into(),
                    items: vec![RatingItem {
                        id,
                        label: "หัวข้อใหม่".into(),
                    }],
                });
            }
        }
    }
}
