//! The forms in the side panel of the forms area: appendix forms first, then those designed
//! from the processes, each with its processes and its number of records.

use super::FormsArea;
use crate::forms::{Source, Template};
use crate::thai::digits;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

/// The forms list in the side panel.
pub fn show(area: &mut FormsArea, ui: &mut Ui, ws: &mut Workspace) {
    ui.add_space(4.0);
    ui.label(RichText::new("แบบฟอร์ม").font(crate::ui::fonts::bold(crate::ui::style::size::NAV)));
    for e in &ws.template_errors {
        thai_text::label_with(
            ui,
            &e.to_string(),
            egui::FontId::proportional(crate::ui::style::size::SMALL),
            Some(crate::ui::style::color::ERROR),
        );
    }
    let l = ui.label("ค้นหาแบบฟอร์ม");
    ui.add(
        egui::TextEdit::singleline(&mut area.form_filter)
            .hint_text("ชื่อแบบฟอร์ม หรือเลขกระบวนงาน เช่น ๑๑")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    let words: Vec<String> = crate::thai::lowercase(&area.form_filter)
        .split_whitespace()
        .map(crate::thai::numerals::to_arabic_digits)
        .collect();
    let matches = |t: &Template| {
        let hay = crate::thai::lowercase(&format!(
            "{} {} {} {}",
            t.title,
            t.aliases.join(" "),
            t.id,
            t.processes
                .iter()
                .map(|p| format!("p{p:02} {p}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
        words.iter().all(|w| hay.contains(w.as_str()))
    };
    let mut shown = 0;
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (heading, appendix) in
                [("ภาคผนวก ก (ตามคู่มือ)", true), ("แบบฟอร์มตามกระบวนงาน", false)]
            {
                ui.add_space(6.0);
                thai_text::label_with(
                    ui,
                    heading,
                    crate::ui::fonts::bold(crate::ui::style::size::HEADING),
                    None,
                );
                // A form adapted by the office stays in the group of the form it came from.
                let is_appendix = |t: &Template| {
                    ws.builtin
                        .iter()
                        .find(|b| b.id == t.id)
                        .map_or(t.source, |b| b.source)
                        == Source::Appendix
                };
                let mut list: Vec<&Template> = ws
                    .templates
                    .iter()
                    .filter(|t| is_appendix(t) == appendix && matches(t))
                    .collect();
                shown += list.len();
                list.sort_by_key(|t| (t.processes.first().copied().unwrap_or(99), t.id.clone()));
                for t in list {
                    let n = ws.counts.get(&t.id).copied().unwrap_or(0);
                    let procs: Vec<String> = t.processes.iter().map(digits).collect();
                    let mut text = t.title.clone();
                    if !procs.is_empty() {
                        text = format!("{text} (กระบวนงาน {})", procs.join(", "));
                    }
                    if n > 0 {
                        text = format!("{text} — {} บันทึก", digits(n));
                    }
                    let w = ui.available_width();
                    if thai_text::selectable(ui, area.selected.as_deref() == Some(&t.id), &text, w)
                        .clicked()
                    {
                        chosen = Some(t.id.clone());
                    }
                }
            }
            if shown == 0 {
                thai_text::label_weak(ui, "ไม่พบแบบฟอร์มที่ตรงกับคำค้น");
            }
        });
    if let Some(id) = chosen {
        area.select(ws, &id);
    }
}
