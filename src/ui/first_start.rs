//! The first start: a short setup of the office, the officer who uses the app (and the
//! group's other officers) and the usual signers, shown on a database that has no office
//! profile yet and again from settings; and, when several officers are set, the choice on
//! start of who is at the keyboard (the name every audit row and prefilled form carries).

use crate::forms::OfficeProfile;
use crate::forms::profile::Signer;
use crate::ui::style::{color, size};
use egui::{RichText, Ui};

/// What the setup window ended with.
pub enum SetupOutcome {
    Save(Box<OfficeProfile>),
    /// Closed without saving: asked again on the next start.
    Later,
}

pub struct FirstStart {
    pub draft: OfficeProfile,
    /// Why "เริ่มใช้งาน" was refused, per field label.
    problems: Vec<(&'static str, &'static str)>,
    /// Why saving failed (the window stays open with what was typed).
    pub error: Option<String>,
}

impl FirstStart {
    pub fn new(profile: &OfficeProfile) -> FirstStart {
        FirstStart {
            draft: profile.clone(),
            problems: Vec::new(),
            error: None,
        }
    }

    fn check(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        if self.draft.name.trim().is_empty() {
            out.push(("ชื่อสำนักงาน", "กรุณากรอกชื่อสำนักงาน"));
        }
        if self.draft.officer.name.trim().is_empty() {
            out.push((
                "ชื่อ-สกุลของท่าน",
                "กรุณากรอกชื่อ-สกุลของท่าน: บันทึกการใช้งานและแบบฟอร์มจะระบุชื่อนี้",
            ));
        }
        out
    }

    /// Draws the setup over the window.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<SetupOutcome> {
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("first_start")).show(ctx, |ui| {
            ui.set_width(620.0);
            ui.label(
                RichText::new("ตั้งค่าเริ่มต้นการใช้งาน").font(super::fonts::bold(size::TITLE)),
            );
            super::thai_text::label_weak(
                ui,
                "กรอกครั้งเดียว แก้ไขภายหลังได้ที่ ตั้งค่า › สำนักงานและการพิมพ์ ชื่อของท่านจะปรากฏในบันทึกการใช้งานและในช่องลงชื่อของแบบฟอร์ม",
            );
            egui::ScrollArea::vertical()
                .max_height(ui.ctx().content_rect().height() * 0.7)
                .show(ui, |ui| self.fields(ui));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("เริ่มใช้งาน").clicked() {
                    self.problems = self.check();
                    if self.problems.is_empty() {
                        let mut p = self.draft.clone();
                        trim_signer(&mut p.officer);
                        p.other_officers.iter_mut().for_each(trim_signer);
                        p.other_officers.retain(|s| !s.name.is_empty());
                        outcome = Some(SetupOutcome::Save(Box::new(p)));
                    }
                }
                if ui.button("ไว้ภายหลัง").clicked() {
                    outcome = Some(SetupOutcome::Later);
                }
            });
            if let Some(e) = &self.error {
                ui.colored_label(color::ERROR, e.as_str());
            }
            if !self.problems.is_empty() {
                ui.colored_label(color::ERROR, "ยังเริ่มใช้งานไม่ได้: กรอกช่องที่มีข้อความสีแดงก่อน");
            }
        });
        outcome
    }

    fn fields(&mut self, ui: &mut Ui) {
        let problems = self.problems.clone();
        let row = |ui: &mut Ui, name: &'static str, s: &mut String| {
            let l = ui.label(RichText::new(name).strong());
            ui.add(egui::TextEdit::singleline(s).desired_width(f32::INFINITY))
                .labelled_by(l.id);
            if let Some((_, why)) = problems.iter().find(|(n, _)| *n == name) {
                ui.colored_label(color::ERROR, *why);
            }
            ui.add_space(2.0);
        };
        let heading = |ui: &mut Ui, text: &str| {
            ui.add_space(8.0);
            ui.label(RichText::new(text).font(super::fonts::bold(size::NAV)));
        };
        heading(ui, "สำนักงาน");
        row(ui, "ชื่อสำนักงาน", &mut self.draft.name);
        heading(ui, "ผู้ใช้งานโปรแกรม (ท่าน)");
        row(ui, "ชื่อ-สกุลของท่าน", &mut self.draft.officer.name);
        row(ui, "ตำแหน่งของท่าน", &mut self.draft.officer.position);
        heading(ui, "ผู้ลงนามประจำ");
        row(
            ui,
            "ชื่อผู้อำนวยการกลุ่มส่งเสริมการศึกษาทางไกลฯ",
            &mut self.draft.head.name,
        );
        row(
            ui,
            "ชื่อผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
            &mut self.draft.director.name,
        );
        heading(ui, "เจ้าหน้าที่คนอื่นในกลุ่มที่ใช้ฐานข้อมูลนี้ (ถ้ามี)");
        others(ui, &mut self.draft.other_officers);
    }
}

/// Rows of the group's other officers, each with its own remove button, and an add button.
pub fn others(ui: &mut Ui, list: &mut Vec<Signer>) {
    let mut remove = None;
    for (i, s) in list.iter_mut().enumerate() {
        let n = crate::thai::digits(i + 1);
        ui.horizontal(|ui| {
            let l = ui.label(format!("คนที่ {n}"));
            ui.add(
                egui::TextEdit::singleline(&mut s.name)
                    .hint_text("ชื่อ-สกุล")
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            let p = ui.label("ตำแหน่ง");
            ui.add(egui::TextEdit::singleline(&mut s.position).desired_width(200.0))
                .labelled_by(p.id);
            if ui.button(format!("ลบคนที่ {n}")).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        list.remove(i);
    }
    if ui.button("เพิ่มเจ้าหน้าที่อีกคน").clicked() {
        list.push(Signer {
            name: String::new(),
            position: "นักวิชาการคอมพิวเตอร์".into(),
        });
    }
}

fn trim_signer(s: &mut Signer) {
    s.name = s.name.trim().to_owned();
    s.position = s.position.trim().to_owned();
}

/// "ใครใช้งานอยู่": one button per officer set in the profile.
pub struct OfficerChooser {
    pub officers: Vec<Signer>,
}

impl OfficerChooser {
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Signer> {
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("officer_chooser")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.label(RichText::new("ใครใช้งานอยู่").font(super::fonts::bold(size::TITLE)));
            super::thai_text::label_weak(ui, "บันทึกการใช้งานและช่องลงชื่อของแบบฟอร์มจะระบุชื่อที่เลือก");
            ui.add_space(6.0);
            for s in &self.officers {
                let text = if s.position.is_empty() {
                    s.name.clone()
                } else {
                    format!("{} ({})", s.name, s.position)
                };
                if ui
                    .add(egui::Button::new(text).min_size(egui::vec2(400.0, 32.0)))
                    .clicked()
                {
                    chosen = Some(s.clone());
                }
            }
        });
        chosen
    }
}
