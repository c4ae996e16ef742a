//! The standards table (๙. รายละเอียด โครงสร้างส่วนประกอบมาตรฐานงาน) and the detail of one row.

use super::thai_text::{self, label};
use crate::catalog::{DurationUnit, Flow, StandardRow};
use crate::thai::to_thai_digits;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct TableAction {
    pub selected: Option<usize>,
    pub show_in_chart: bool,
}

/// The parsed duration in words, e.g. "๑–๕ วันทำการ".
pub fn duration_summary(row: &StandardRow) -> String {
    match &row.parsed_duration {
        Some(d) if d.unit != DurationUnit::Unspecified => {
            let (min, max) = (d.min.unwrap_or(0), d.max.unwrap_or(0));
            let range = if min == max {
                min.to_string()
            } else {
                format!("{min}–{max}")
            };
            let per = d
                .per
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            to_thai_digits(&format!("{range} {}{per}", d.unit.thai()))
        }
        _ => "ไม่ระบุระยะเวลา".to_owned(),
    }
}

/// The detail of one row beside the chart. Returns true when "show in the table" is clicked.
pub fn row_detail(ui: &mut Ui, row: &StandardRow) -> bool {
    let mut jump = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (title, text) in [
                ("ลำดับที่", row.order.clone()),
                ("รายละเอียดงาน", row.detail.clone()),
                (
                    "เวลาดำเนินงาน",
                    if row.duration.trim().is_empty() {
                        "—".to_owned()
                    } else {
                        row.duration.clone()
                    },
                ),
                (
                    "มาตรฐานคุณภาพงาน",
                    if row.quality.trim().is_empty() {
                        "—".to_owned()
                    } else {
                        row.quality.clone()
                    },
                ),
                ("ผู้รับผิดชอบ", row.responsible.clone()),
            ] {
                ui.label(RichText::new(title).strong());
                label(ui, text);
                if title == "เวลาดำเนินงาน" {
                    thai_text::label_weak(ui, format!("ระยะเวลา: {}", duration_summary(row)));
                }
                ui.add_space(4.0);
            }
            ui.add_space(8.0);
            jump = ui.button("แสดงในตารางมาตรฐานงาน").clicked();
        });
    jump
}

pub fn show(
    ui: &mut Ui,
    flow: &Flow,
    selected: Option<usize>,
    scroll_to_selected: bool,
) -> TableAction {
    let mut action = TableAction::default();
    let total = ui.available_width();
    let order_w = 64.0;
    let time_w = 110.0;
    let flexible = (total - order_w - time_w - 40.0).max(420.0);
    let (detail_w, quality_w, resp_w) = (flexible * 0.36, flexible * 0.38, flexible * 0.26);
    let widths = [order_w, detail_w, time_w, quality_w, resp_w];
    let font = egui::TextStyle::Body.resolve(ui.style());
    let row_h = ui.fonts_mut(|f| f.row_height(&font));
    let pad = 8.0;
    let cell_texts = |r: &StandardRow| {
        [
            r.order.clone(),
            r.detail.clone(),
            r.duration.clone(),
            r.quality.clone(),
            r.responsible.clone(),
        ]
    };
    let heights: Vec<f32> = flow
        .rows
        .iter()
        .map(|r| {
            let lines = cell_texts(r)
                .iter()
                .zip(widths)
                .map(|(t, w)| {
                    thai_text::wrapped(ui.ctx(), t, &font, w - pad)
                        .lines()
                        .count()
                        .max(1)
                })
                .max()
                .unwrap_or(1);
            // One more line for the "ผัง ›" button or the parsed duration under the text.
            (lines + 1) as f32 * row_h + pad + 4.0
        })
        .collect();
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min))
        .columns(Column::exact(order_w), 1)
        .column(Column::exact(detail_w))
        .column(Column::exact(time_w))
        .column(Column::exact(quality_w))
        .column(Column::exact(resp_w));
    if let (true, Some(r)) = (scroll_to_selected, selected) {
        table = table.scroll_to_row(r, Some(egui::Align::Center));
    }
    table
        .header(row_h + 10.0, |mut header| {
            for title in [
                "ลำดับที่",
                "รายละเอียดงาน",
                "เวลาดำเนินงาน",
                "มาตรฐานคุณภาพงาน",
                "ผู้รับผิดชอบ",
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.heterogeneous_rows(heights.into_iter(), |mut row| {
                let i = row.index();
                let r = &flow.rows[i];
                row.set_selected(selected == Some(i));
                let texts = cell_texts(r);
                for (c, text) in texts.iter().enumerate() {
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            label(ui, text);
                            if c == 0 && !r.nodes.is_empty() {
                                let b = ui.small_button("ผัง ›");
                                b.widget_info(|| {
                                    egui::WidgetInfo::labeled(
                                        egui::Role::Button,
                                        true,
                                        format!("แสดงลำดับที่ {} ในผังขั้นตอน", r.order),
                                    )
                                });
                                if b.clicked() {
                                    action.selected = Some(i);
                                    action.show_in_chart = true;
                                }
                            }
                            if c == 2 && !text.trim().is_empty() {
                                ui.label(RichText::new(duration_summary(r)).small().weak());
                            }
                        });
                    });
                }
                if row.response().clicked() {
                    action.selected = Some(i);
                }
            });
        });
    action
}
