//! The list of processes grouped by work area, with the search box.

use super::thai_text;
use crate::catalog::{Catalog, search};
use crate::thai::digits;
use egui::{RichText, Ui};

/// Draws the list; choosing a process pushes `OpenProcess`.
pub fn show(
    ui: &mut Ui,
    catalog: &Catalog,
    query: &mut String,
    current: Option<usize>,
    out: &mut crate::ui::action::Actions,
) {
    ui.add_space(4.0);
    let caption = ui.label(RichText::new("ค้นหากระบวนงาน").small().weak());
    ui.add(
        egui::TextEdit::singleline(query)
            .hint_text("ชื่อ หรือคำในเนื้อหา เช่น DLTV, เว็บไซต์")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption.id);
    let q = query.trim();
    let hits: Vec<usize> = (0..catalog.processes.len())
        .filter(|&i| search::matches(&catalog.processes[i], q))
        .collect();
    if !q.is_empty() {
        let text = if hits.is_empty() {
            format!("ไม่พบกระบวนงานที่มีคำว่า “{q}”")
        } else {
            format!("พบ {} กระบวนงาน", digits(hits.len()))
        };
        ui.label(RichText::new(text).weak());
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for area in &catalog.areas {
                let in_area: Vec<usize> = hits
                    .iter()
                    .copied()
                    .filter(|&i| catalog.processes[i].area == area.key)
                    .collect();
                if in_area.is_empty() {
                    continue;
                }
                ui.add_space(6.0);
                thai_text::label_with(
                    ui,
                    &area.name,
                    super::fonts::bold(crate::ui::style::size::HEADING),
                    None,
                );
                for i in in_area {
                    let p = &catalog.processes[i];
                    let width = ui.available_width();
                    if thai_text::selectable(ui, current == Some(i), &p.title(), width).clicked() {
                        out.push(crate::ui::action::AppAction::OpenProcess(i));
                    }
                    if !q.is_empty() && !search::matches_name(p, q) {
                        let text = match search::snippet(p, q) {
                            Some((place, words)) => format!("พบใน{place}: {words}"),
                            None => "พบในเนื้อหา".to_owned(),
                        };
                        ui.horizontal(|ui| {
                            ui.add_space(12.0);
                            thai_text::label_weak(ui, &text);
                        });
                    }
                }
            }
        });
}
