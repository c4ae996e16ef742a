//! The บันทึกข้อความ before it prints: every part prefilled from the case and the office
//! profile, editable, then shown in the print preview.

use crate::cases::memo::MemoDraft;
use crate::ui::action::{Actions, AppAction};
use egui::RichText;

pub struct MemoEditor {
    pub draft: MemoDraft,
    open: bool,
}

impl MemoEditor {
    pub fn new(draft: MemoDraft) -> MemoEditor {
        MemoEditor { draft, open: true }
    }

    /// Draws the editor window; false once it is closed.
    pub fn show(&mut self, ctx: &egui::Context, out: &mut Actions) -> bool {
        let mut open = self.open;
        let mut print = false;
        let mut close = false;
        egui::Window::new("บันทึกข้อความ")
            .open(&mut open)
            .default_width(620.0)
            .default_height(620.0)
            .resizable(true)
            .show(ctx, |ui| {
                ui.label(
                    RichText::new("ร่างจากข้อมูลของเรื่อง แก้ไขได้ทุกช่องก่อนพิมพ์ (ไม่บันทึกลงฐานข้อมูล)").weak(),
                );
                ui.horizontal(|ui| {
                    if ui.button(RichText::new("ดูตัวอย่างก่อนพิมพ์").strong()).clicked()
                    {
                        print = true;
                    }
                    if ui.button("ปิด").clicked() {
                        close = true;
                    }
                });
                ui.separator();
                let max = ui.ctx().content_rect().height() * 0.7;
                egui::ScrollArea::vertical().max_height(max).show(ui, |ui| {
                    let d = &mut self.draft;
                    for (label, value, lines) in [
                        ("ส่วนราชการ", &mut d.agency, 1),
                        ("ที่", &mut d.reference, 1),
                        ("วันที่", &mut d.date, 1),
                        ("เรื่อง", &mut d.subject, 1),
                        ("เรียน", &mut d.to, 1),
                        ("เนื้อความ (ย่อหน้าละบรรทัด)", &mut d.body, 8),
                        ("ผู้ลงนาม", &mut d.signer_name, 1),
                        ("ตำแหน่งผู้ลงนาม", &mut d.signer_position, 1),
                    ] {
                        let l = ui.label(RichText::new(label).strong());
                        let edit = if lines > 1 {
                            egui::TextEdit::multiline(value).desired_rows(lines)
                        } else {
                            egui::TextEdit::singleline(value)
                        };
                        ui.add(
                            edit.desired_width(f32::INFINITY)
                                .char_limit(crate::forms::limits::MAX_VALUE_CHARS),
                        )
                        .labelled_by(l.id);
                    }
                    if d.garuda_image.trim().is_empty() {
                        ui.label(
                            RichText::new("ยังไม่ได้เลือกภาพตราครุฑ (ตั้งค่าสำนักงาน) จะเว้นที่ไว้").weak(),
                        );
                    }
                });
            });
        if print {
            out.push(AppAction::PrintMemo(Box::new(self.draft.clone())));
        }
        self.open = open && !close;
        self.open
    }
}
