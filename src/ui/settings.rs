//! ตั้งค่าสำนักงาน: the office profile that prefills forms and names the officer in the audit
//! log.

use super::thai_text;
use crate::forms::{OfficeProfile, contact};
use crate::pdf::settings::PrintSettings;
use crate::ui::action::{Actions, AppAction};
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use egui::{RichText, Ui};

pub struct SettingsView {
    pub draft: OfficeProfile,
    /// Which renderer draws the window and on what ("wgpu — llvmpipe (Gl)"), for support.
    pub renderer_info: String,
    pub message: Option<Notice>,
    /// Print settings being edited.
    pub print: PrintSettings,
    pub print_message: Option<Notice>,
    /// The font check for `print.font_path` (description, warning), redone only when the
    /// path changes: a broken path would otherwise be read from disk on every frame.
    font_check: Option<(String, String, Option<String>)>,
    /// Case numbering being edited.
    pub numbering: crate::cases::CaseNumbering,
    pub numbering_message: Option<Notice>,
    /// Why the chosen Garuda image cannot be used.
    pub garuda_error: Option<String>,
}

impl SettingsView {
    pub fn new(p: &OfficeProfile) -> SettingsView {
        SettingsView {
            draft: p.clone(),
            renderer_info: String::new(),
            message: None,
            print: PrintSettings::default(),
            print_message: None,
            font_check: None,
            numbering: crate::cases::CaseNumbering::default(),
            numbering_message: None,
            garuda_error: None,
        }
    }

    /// Read again from the workspace (what was typed and not saved is dropped); which
    /// renderer draws the window stays.
    pub fn refresh(&mut self, ws: &crate::ui::workspace::Workspace) {
        let info = std::mem::take(&mut self.renderer_info);
        *self = SettingsView::new(&ws.profile)
            .with_print(&ws.print_settings)
            .with_numbering(&ws.numbering);
        self.renderer_info = info;
    }

    pub fn with_numbering(mut self, n: &crate::cases::CaseNumbering) -> SettingsView {
        self.numbering = n.clone();
        self
    }

    /// หนังสือราชการและเลขที่เรื่อง: the registry prefix, the Garuda image and how case
    /// numbers run.
    fn documents_section(
        &mut self,
        ui: &mut Ui,
        writable: bool,
        dialogs: &mut Dialogs,
        out: &mut Actions,
    ) {
        ui.add_space(12.0);
        ui.separator();
        ui.label(
            RichText::new("หนังสือราชการและเลขที่เรื่อง")
                .font(super::fonts::bold(crate::ui::style::size::TITLE)),
        );
        let l = ui.label(RichText::new("รหัสหนังสือของสำนักงาน (ที่ ศธ …)").strong());
        ui.add(
            egui::TextEdit::singleline(&mut self.draft.registry_prefix)
                .hint_text("เช่น ศธ 04283")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        ui.add_space(4.0);
        ui.label(RichText::new("ภาพตราครุฑ (บันทึกข้อความ)").strong());
        ui.horizontal_wrapped(|ui| {
            if self.draft.garuda_image.trim().is_empty() {
                ui.label(RichText::new("ยังไม่ได้เลือก (บันทึกข้อความเว้นที่ไว้)").weak());
            } else {
                ui.label(&self.draft.garuda_image);
            }
            if ui.button("เลือกไฟล์ภาพ PNG/JPEG…").clicked()
                && let Some(path) = dialogs.choose(
                    Dialog::OpenFile(&["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"]),
                    "",
                )
            {
                let p = path.display().to_string();
                match crate::pdf::picture::load(&p) {
                    Ok(_) => {
                        self.draft.garuda_image = p;
                        self.garuda_error = None;
                    }
                    Err(e) => self.garuda_error = Some(e),
                }
            }
            if !self.draft.garuda_image.is_empty() && ui.button("ไม่ใช้ภาพ").clicked()
            {
                self.draft.garuda_image.clear();
            }
        });
        if let Some(e) = &self.garuda_error {
            ui.label(RichText::new(e.as_str()).color(crate::ui::style::color::ERROR));
        }
        thai_text::label_weak(ui, "รหัสหนังสือและภาพตราครุฑบันทึกพร้อมกับปุ่ม “บันทึกการตั้งค่า” ด้านบน");
        ui.add_space(8.0);
        ui.label(RichText::new("เลขที่เรื่อง").strong());
        ui.horizontal(|ui| {
            ui.label("เริ่มนับใหม่ทุก");
            ui.radio_value(&mut self.numbering.fiscal_year, false, "ปีปฏิทิน (๑ ม.ค.)");
            ui.radio_value(&mut self.numbering.fiscal_year, true, "ปีงบประมาณ (๑ ต.ค.)");
        });
        let l = ui.label("รูปแบบ ({seq} ลำดับ, {year} ปี พ.ศ., {prefix} รหัสหนังสือ)");
        ui.add(egui::TextEdit::singleline(&mut self.numbering.pattern).desired_width(320.0))
            .labelled_by(l.id);
        match self.numbering.check() {
            Ok(()) => {
                let example = self.numbering.format(12, 2569, &self.draft.registry_prefix);
                ui.label(
                    RichText::new(format!("ตัวอย่าง: {}", crate::thai::to_thai_digits(&example)))
                        .weak(),
                );
            }
            Err(e) => {
                ui.label(RichText::new(e).color(crate::ui::style::color::ERROR));
            }
        }
        if ui
            .add_enabled(
                writable && self.numbering.check().is_ok(),
                egui::Button::new("บันทึกรูปแบบเลขที่เรื่อง"),
            )
            .clicked()
        {
            out.push(AppAction::SaveNumbering(self.numbering.clone()));
        }
        crate::ui::style::notice(ui, &self.numbering_message);
    }

    pub fn with_print(mut self, p: &PrintSettings) -> SettingsView {
        self.print = p.clone();
        self
    }

    /// การพิมพ์: digits and the font file.
    fn print_section(
        &mut self,
        ui: &mut Ui,
        writable: bool,
        dialogs: &mut Dialogs,
        out: &mut Actions,
    ) {
        ui.add_space(12.0);
        ui.separator();
        ui.label(
            RichText::new("การพิมพ์ (PDF)").font(super::fonts::bold(crate::ui::style::size::TITLE)),
        );
        ui.horizontal(|ui| {
            ui.label("ตัวเลขในเอกสาร:");
            ui.radio_value(&mut self.print.arabic_digits, false, "เลขไทย (๑ ๒ ๓)");
            ui.radio_value(&mut self.print.arabic_digits, true, "เลขอารบิก (1 2 3)");
        });
        ui.checkbox(
            &mut self.print.office_blank,
            "เว้นส่วนสำหรับเจ้าหน้าที่ว่างไว้ให้เขียนด้วยมือ (ไม่พิมพ์ค่าที่บันทึกไว้)",
        );
        if self
            .font_check
            .as_ref()
            .is_none_or(|(path, _, _)| *path != self.print.font_path)
        {
            let (fonts, warning) = crate::pdf::FontSet::with_custom(self.print.font());
            self.font_check = Some((
                self.print.font_path.clone(),
                fonts.description.clone(),
                warning.map(|w| w.to_string()),
            ));
        }
        let (description, warning) = match &self.font_check {
            Some((_, d, w)) => (d.clone(), w.clone()),
            None => (String::new(), None),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label("ฟอนต์:");
            ui.label(RichText::new(&description).strong());
            if ui.button("เลือกไฟล์ฟอนต์ TH Sarabun New…").clicked()
                && let Some(path) =
                    dialogs.choose(Dialog::OpenFile(&["ttf", "otf", "TTF", "OTF"]), "")
            {
                self.print.font_path = path.display().to_string();
            }
            if !self.print.font_path.is_empty() && ui.button("ใช้ Sarabun ที่มากับโปรแกรม").clicked()
            {
                self.print.font_path.clear();
            }
        });
        if let Some(w) = warning {
            thai_text::label_with(
                ui,
                &w,
                egui::FontId::proportional(crate::ui::style::size::BODY),
                Some(crate::ui::style::color::ERROR),
            );
        }
        thai_text::label_weak(
            ui,
            "พิมพ์ที่ขนาด ๑๖ พอยต์ (แบบฟอร์มที่ภาคผนวกมีหน้าเดียว ย่อได้ถึง ๑๔ พอยต์เพื่อให้อยู่ในหน้าเดียว) ขอบซ้าย ๓ ซม. ขวา ๒ ซม. ถ้าเลือกไฟล์ TH Sarabun New และมีไฟล์ตัวหนาอยู่ในโฟลเดอร์เดียวกัน จะใช้ตัวหนาจากไฟล์นั้น",
        );
        if ui
            .add_enabled(writable, egui::Button::new("บันทึกการตั้งค่าการพิมพ์"))
            .clicked()
        {
            out.push(AppAction::SavePrintSettings(self.print.clone()));
        }
        crate::ui::style::notice(ui, &self.print_message);
    }

    /// Problems with the profile, (field name, message).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.draft.name.trim().is_empty() {
            out.push(("ชื่อสำนักงาน", "กรุณากรอกชื่อสำนักงาน".to_owned()));
        }
        if !self.draft.phone.trim().is_empty()
            && let Err(e) = contact::normalize_phone(&self.draft.phone)
        {
            out.push(("โทรศัพท์", e));
        }
        if !self.draft.email.trim().is_empty()
            && let Err(e) = contact::normalize_email(&self.draft.email)
        {
            out.push(("อีเมล", e));
        }
        out
    }

    /// Draws the settings; saving pushes `SaveProfile` (when the profile is sound) and
    /// `SavePrintSettings`.
    pub fn show(&mut self, ui: &mut Ui, writable: bool, dialogs: &mut Dialogs, out: &mut Actions) {
        ui.label(
            RichText::new("ตั้งค่าสำนักงาน")
                .font(super::fonts::bold(crate::ui::style::size::PAGE_TITLE)),
        );
        thai_text::label_weak(
            ui,
            "ข้อมูลนี้ใช้กรอกล่วงหน้าในแบบฟอร์ม (ชื่อสำนักงาน ผู้ลงนาม) และชื่อเจ้าหน้าที่ใช้บันทึกในประวัติการแก้ไข",
        );
        if !self.renderer_info.is_empty() {
            thai_text::label_weak(ui, format!("ตัวแสดงผลหน้าจอ: {}", self.renderer_info));
        }
        ui.separator();
        let problems = self.problems();
        let err_for = |name: &str| {
            problems
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, m)| m.clone())
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(760.0);
                let row = |ui: &mut Ui, name: &'static str, s: &mut String| {
                    let l = ui.label(RichText::new(name).strong());
                    ui.add(egui::TextEdit::singleline(s).desired_width(f32::INFINITY))
                        .labelled_by(l.id);
                    if let Some(e) = err_for(name) {
                        ui.label(RichText::new(e.as_str()).color(crate::ui::style::color::ERROR));
                    }
                    ui.add_space(4.0);
                };
                row(ui, "ชื่อสำนักงาน", &mut self.draft.name);
                row(ui, "ที่อยู่", &mut self.draft.address);
                row(ui, "โทรศัพท์", &mut self.draft.phone);
                row(ui, "อีเมล", &mut self.draft.email);
                for (title, s, n, pos) in [
                    (
                        "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
                        &mut self.draft.director,
                        "ชื่อผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
                        "ตำแหน่งผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
                    ),
                    (
                        "ผู้อำนวยการกลุ่ม",
                        &mut self.draft.head,
                        "ชื่อผู้อำนวยการกลุ่ม",
                        "ตำแหน่งผู้อำนวยการกลุ่ม",
                    ),
                    (
                        "เจ้าหน้าที่ผู้ใช้โปรแกรม",
                        &mut self.draft.officer,
                        "ชื่อเจ้าหน้าที่",
                        "ตำแหน่งเจ้าหน้าที่",
                    ),
                ] {
                    ui.add_space(8.0);
                    ui.label(
                        RichText::new(title).font(super::fonts::bold(crate::ui::style::size::NAV)),
                    );
                    row(ui, n, &mut s.name);
                    row(ui, pos, &mut s.position);
                }
                ui.add_space(8.0);
                ui.label(
                    RichText::new("เจ้าหน้าที่คนอื่นในกลุ่ม (ถามว่าใครใช้งานอยู่เมื่อเปิดโปรแกรม)")
                        .font(super::fonts::bold(crate::ui::style::size::NAV)),
                );
                super::first_start::others(ui, &mut self.draft.other_officers);
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(writable, egui::Button::new("บันทึกการตั้งค่า"))
                        .clicked()
                    {
                        if problems.is_empty() {
                            let mut p = self.draft.clone();
                            if let Ok(ph) = contact::normalize_phone(&p.phone) {
                                p.phone = ph;
                            }
                            if let Ok(em) = contact::normalize_email(&p.email) {
                                p.email = em;
                            }
                            out.push(AppAction::SaveProfile(Box::new(p)));
                        } else {
                            self.message =
                                Some(Notice::error("ยังบันทึกไม่ได้: แก้ไขช่องที่มีข้อความสีแดงก่อน"));
                        }
                    }
                    if ui.button("คืนค่าตามคู่มือ").clicked() {
                        self.draft = OfficeProfile::default();
                    }
                    if ui
                        .add_enabled(writable, egui::Button::new("ตั้งค่าเริ่มต้นอีกครั้ง…"))
                        .clicked()
                    {
                        out.push(AppAction::OpenSetup);
                    }
                });
                crate::ui::style::notice(ui, &self.message);
                self.documents_section(ui, writable, dialogs, out);
                self.print_section(ui, writable, dialogs, out);
            });
    }
}
