//! The records of one form on the shared server: its newest records as the server last sent
//! them (read again when anyone saves), to open, and a new one to fill. Read on the line's
//! worker thread; this view only draws what arrived.

use super::editor::RecordEditor;
use super::{FormsArea, FormsView};
use crate::forms::Template;
use crate::store::server::link::Ask;
use crate::thai::{date, digits};
use crate::ui::action::Actions;
use crate::ui::thai_text;
use crate::ui::workspace::{Line, SERVER_PAGE_ROWS, Workspace};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

pub fn show(
    area: &mut FormsArea,
    ui: &mut Ui,
    ws: &mut Workspace,
    t: &Template,
    out: &mut Actions,
) {
    thai_text::label_with(
        ui,
        &t.title,
        crate::ui::fonts::bold(crate::ui::style::size::TITLE),
        None,
    );
    ui.label(RichText::new(format!("รุ่น {} · บันทึกอยู่ในฐานข้อมูลกลาง", digits(t.version))).weak());
    let selected = area.server_selected;
    let selected_row = ws
        .server_page
        .as_ref()
        .and_then(|p| p.rows.iter().find(|r| Some(r.id) == selected))
        .cloned();
    let selected_row = selected_row.as_ref();
    ui.horizontal_wrapped(|ui| {
        if ui.button("กรอกแบบฟอร์มใหม่").clicked() {
            area.view = FormsView::Edit(Box::new(RecordEditor::new_record(t, &ws.profile)));
        }
        if ui
            .button("ปรับแบบฟอร์ม")
            .on_hover_text("แก้ไขคำถามและตัวเลือก แล้วบันทึกเป็นรุ่นใหม่ที่ฐานข้อมูลกลาง")
            .clicked()
        {
            area.view =
                FormsView::Template(Box::new(super::template_editor::TemplateEditor::new(t)));
        }
        if ui.button("พิมพ์ฟอร์มเปล่า…").clicked() {
            super::print_form(t, None, out);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("เปิด / แก้ไข"))
            .clicked()
            && let (Some(id), Some(link)) = (selected, ws.server.as_ref())
        {
            link.ask(Ask::Open(id));
        }
        let cancelled = selected_row.is_some_and(|r| r.cancelled_at.is_some());
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("ทำสำเนา"))
            .clicked()
            && let (Some(id), Some(link)) = (selected, ws.server.as_ref())
        {
            let builtin = ws.builtin.clone();
            link.job(super::FORM_COPY, move |s| {
                let r = s.record(id)?;
                let t = s.template_version(&builtin, &r.form_id, r.template_version)?;
                Ok((r, t))
            });
        }
        if cancelled {
            if ui.button("กู้คืน").clicked()
                && let (Some(id), Some(link)) = (selected, ws.server.as_ref())
            {
                link.job(super::FORM_CHANGED, move |s| {
                    let n = s.record(id)?.number;
                    s.restore_record_of(id)?;
                    Ok(format!("กู้คืนบันทึกเลขที่ {} แล้ว", digits(n)))
                });
            }
        } else if ui
            .add_enabled(selected.is_some(), egui::Button::new("ยกเลิกบันทึก…"))
            .clicked()
        {
            area.cancelling = true;
            area.cancel_number = selected_row.map_or(0, |r| r.number);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("ประวัติการแก้ไข"))
            .clicked()
            && let (Some(id), Some(link)) = (selected, ws.server.as_ref())
        {
            let builtin = ws.builtin.clone();
            link.job(super::FORM_HISTORY, move |s| {
                let r = s.record(id)?;
                let t = s.template_version(&builtin, &r.form_id, r.template_version)?;
                Ok((r.number, s.record_history(id)?, t))
            });
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("พิมพ์ / บันทึกเป็น PDF"))
            .clicked()
            && let (Some(id), Some(link)) = (selected, ws.server.as_ref())
        {
            let builtin = ws.builtin.clone();
            link.job(super::FORM_PRINT, move |s| {
                let r = s.record(id)?;
                let t = s.template_version(&builtin, &r.form_id, r.template_version)?;
                // Citizen ids are on the paper: logged before it is shown.
                s.log_event("print", crate::ui::print::print_entry(&[id]))?;
                Ok(vec![(r, t)])
            });
        }
    });
    if area.cancelling
        && let Some(id) = selected
    {
        ui.horizontal(|ui| {
            let l = ui.label(format!(
                "เหตุผลที่ยกเลิกบันทึกเลขที่ {}",
                digits(area.cancel_number)
            ));
            ui.add(egui::TextEdit::singleline(&mut area.cancel_reason).desired_width(300.0))
                .labelled_by(l.id);
            if ui.button("ยืนยันยกเลิก").clicked()
                && let Some(link) = ws.server.as_ref()
            {
                let (reason, n) = (area.cancel_reason.clone(), area.cancel_number);
                link.job(super::FORM_CHANGED, move |s| {
                    s.cancel_record_for(id, &reason)?;
                    Ok(format!("ยกเลิกบันทึกเลขที่ {} แล้ว (ยังกู้คืนได้)", digits(n)))
                });
            }
            if ui.button("ไม่ยกเลิก").clicked() {
                area.cancelling = false;
            }
        });
    }
    crate::ui::style::notice(ui, &area.message);
    ui.separator();
    ui.horizontal(|ui| {
        let l = ui.label("ค้นหาในบันทึก");
        ui.add(
            egui::TextEdit::singleline(&mut area.server_query)
                .hint_text("คำใดก็ได้ในคำตอบ")
                .desired_width(260.0),
        )
        .labelled_by(l.id);
    });
    if words(&area.server_query) != words(&area.server_asked)
        && let Some(link) = ws.server.as_ref()
    {
        area.server_asked.clone_from(&area.server_query);
        crate::ui::server_line::ask_page(link, &t.id, &area.server_query);
    }
    let page = ws.server_page.as_ref().filter(|p| p.form_id == t.id);
    let Some(page) = page else {
        match &ws.line {
            Line::Down(_) => ui.label("ยังอ่านรายการจากฐานข้อมูลกลางไม่ได้ (ดูแถบด้านบน)"),
            _ => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("กำลังอ่านรายการจากฐานข้อมูลกลาง…");
                })
                .response
            }
        };
        return;
    };
    let more = page.total > i64::try_from(page.rows.len()).unwrap_or(i64::MAX);
    let shown = if !words(&area.server_query).is_empty() {
        format!(
            "พบ {} บันทึกที่มีคำที่ค้นหา{}",
            digits(page.total),
            if more {
                format!(" (แสดง {} บันทึกล่าสุด)", digits(page.rows.len()))
            } else {
                String::new()
            }
        )
    } else if more {
        format!(
            "แสดง {} บันทึกล่าสุด จาก {} บันทึกในฐานข้อมูลกลาง",
            digits(page.rows.len()),
            digits(page.total)
        )
    } else {
        format!("{} บันทึกในฐานข้อมูลกลาง", digits(page.total))
    };
    ui.label(RichText::new(shown).weak());
    if page.rows.len() >= SERVER_PAGE_ROWS {
        ui.label(RichText::new("บันทึกที่เก่ากว่านี้ ค้นและพิมพ์ได้ด้วยคำสั่ง dlict record list --db …").weak());
    }
    let columns: Vec<String> = t
        .summary
        .iter()
        .map(|id| t.field(id).map_or_else(|| id.clone(), |f| f.label.clone()))
        .collect();
    let mut open = None;
    let mut pick = None;
    egui::ScrollArea::horizontal()
        .id_salt("server_records_columns")
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(70.0))
                .column(Column::exact(120.0));
            for _ in &columns {
                table = table.column(Column::initial(200.0).clip(true));
            }
            table
                .column(Column::remainder().at_least(110.0))
                .header(28.0, |mut h| {
                    for text in ["เลขที่", "วันที่"]
                        .into_iter()
                        .chain(columns.iter().map(String::as_str))
                        .chain(["สถานะ"])
                    {
                        h.col(|ui| {
                            ui.label(RichText::new(text).strong());
                        });
                    }
                })
                .body(|body| {
                    body.rows(26.0, page.rows.len(), |mut row| {
                        let Some(r) = page.rows.get(row.index()) else {
                            return;
                        };
                        row.set_selected(selected == Some(r.id));
                        let (summary, _, _) = crate::store::records::derived(t, &r.answers);
                        let when = r
                            .record_date
                            .as_deref()
                            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                            .map(date::format_short)
                            .unwrap_or_default();
                        let state = if r.cancelled_at.is_some() {
                            "ยกเลิกแล้ว"
                        } else {
                            r.status.thai()
                        };
                        let cells = [digits(r.number), when]
                            .into_iter()
                            .chain(summary)
                            .chain([state.to_owned()]);
                        for text in cells {
                            let (_, resp) = row.col(|ui| {
                                ui.add(egui::Label::new(text).truncate().selectable(false));
                            });
                            if resp.double_clicked() {
                                open = Some(r.id);
                            } else if resp.clicked() {
                                pick = Some(r.id);
                            }
                        }
                    });
                });
        });
    if let Some(id) = pick {
        area.server_selected = Some(id);
    }
    if let (Some(id), Some(link)) = (open, ws.server.as_ref()) {
        link.ask(Ask::Open(id));
    }
}

/// The words a search box holds (as the server is asked for them; as the list on this PC
/// reads its box).
pub fn words(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_owned).collect()
}
