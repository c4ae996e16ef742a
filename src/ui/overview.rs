//! The overview of a process: objectives, scope, definitions, steps, forms, references, KPI.

use super::thai_text::{label, label_strong};
use crate::catalog::{Numbered, Process};
use crate::ui::action::{Actions, AppAction};
use egui::{RichText, Ui};

fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(text).font(super::fonts::bold(crate::ui::style::size::TITLE)));
}

fn numbered(ui: &mut Ui, items: &[Numbered]) {
    for item in items {
        ui.horizontal_top(|ui| {
            ui.add_space(16.0 + 24.0 * item.depth() as f32);
            let text = if item.number.is_empty() {
                item.text.clone()
            } else {
                format!("{} {}", item.number, item.text)
            };
            ui.vertical(|ui| label(ui, text));
        });
    }
}

/// The forms of section ๗, each with a button to fill it in when a template exists.
fn forms_list(ui: &mut Ui, p: &Process, templates: &[crate::forms::Template], out: &mut Actions) {
    numbered(ui, &p.forms);
    let linked = crate::forms::templates_for_process(templates, p);
    for t in linked {
        ui.horizontal_top(|ui| {
            ui.add_space(16.0);
            if ui
                .button(format!(
                    "กรอก “{}”",
                    super::thai_text::shorten(&t.title, 60)
                ))
                .on_hover_text(&t.title)
                .clicked()
            {
                out.push(AppAction::FillForm(t.id.clone()));
            }
        });
    }
}

/// Sections ๒–๘ of a process; "กรอก …" pushes `FillForm`.
pub fn show(ui: &mut Ui, p: &Process, templates: &[crate::forms::Template], out: &mut Actions) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width().min(980.0));
            heading(ui, "วัตถุประสงค์");
            p.objectives.iter().for_each(|t| {
                label(ui, t);
            });
            heading(ui, "ขอบเขตของงาน");
            p.scope.iter().for_each(|t| {
                label(ui, t);
            });
            if !p.definitions.is_empty() {
                heading(ui, "คำจำกัดความ");
                for d in &p.definitions {
                    label_strong(ui, format!("“{}”", d.term));
                    ui.horizontal_top(|ui| {
                        ui.add_space(16.0);
                        ui.vertical(|ui| label(ui, format!("หมายถึง {}", d.meaning)));
                    });
                }
            }
            heading(ui, "ขั้นตอนการปฏิบัติงาน");
            numbered(ui, &p.steps);
            heading(ui, "แบบฟอร์มที่ใช้");
            forms_list(ui, p, templates, out);
            heading(ui, "เอกสาร/หลักฐานอ้างอิง");
            numbered(ui, &p.references);
            heading(ui, "ตัวชี้วัดที่สำคัญของกระบวนงาน");
            label(ui, &p.kpi);
            ui.add_space(20.0);
        });
}
