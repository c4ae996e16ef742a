//! The records list of the selected form with what can be done to them: fill a new one, adapt
//! the template, open, copy, cancel (with a reason) or restore, print one or several, see a
//! record's history.

use super::editor::RecordEditor;
use super::template_editor::TemplateEditor;
use super::{FormsArea, FormsView, template_files};
use crate::forms::{Source, Template};
use crate::thai::digits;
use crate::ui::action::{Actions, AppAction};
use crate::ui::dialogs::Dialogs;
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

pub fn show(
    area: &mut FormsArea,
    ui: &mut Ui,
    ws: &mut Workspace,
    t: &Template,
    dialogs: &mut Dialogs,
    out: &mut Actions,
) {
    if ws.server.is_some() {
        super::server_list::show(area, ui, ws, t, out);
        return;
    }
    thai_text::label_with(
        ui,
        &t.title,
        crate::ui::fonts::bold(crate::ui::style::size::TITLE),
        None,
    );
    ui.label(
        RichText::new(format!(
            "รุ่น {} · {}",
            digits(t.version),
            match t.source {
                Source::Appendix => "ตามภาคผนวก ก ของคู่มือ",
                Source::Designed => "ออกแบบตามขั้นตอนของกระบวนงาน",
                Source::Adapted => "ปรับโดยสำนักงาน",
            }
        ))
        .weak(),
    );
    let writable = ws.writable();
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(writable, egui::Button::new("กรอกแบบฟอร์มใหม่"))
            .clicked()
        {
            area.view = FormsView::Edit(Box::new(RecordEditor::new_record(t, &ws.profile)));
        }
        if ui
            .add_enabled(writable, egui::Button::new("ปรับแบบฟอร์ม"))
            .on_hover_text("แก้ไขคำถามและตัวเลือก แล้วบันทึกเป็นรุ่นใหม่")
            .clicked()
        {
            area.view = FormsView::Template(Box::new(TemplateEditor::new(t)));
        }
        if ui.button("พิมพ์ฟอร์มเปล่า…").clicked() {
            super::print_form(t, None, out);
        }
        if crate::reports::satisfaction::has_rating(t)
            && ui
                .button("รายงานผลการประเมิน")
                .on_hover_text("ค่าเฉลี่ย S.D. และระดับความพึงพอใจจากบันทึกของแบบฟอร์มนี้")
                .clicked()
        {
            out.push(crate::ui::action::AppAction::ShowReport(t.id.clone()));
        }
        if ui.button("ส่งออกแม่แบบ…").clicked() {
            area.message = template_files::export(t, dialogs);
        }
        if ui
            .add_enabled(writable, egui::Button::new("นำเข้าแม่แบบ…"))
            .clicked()
        {
            template_files::import(area, ws, dialogs);
        }
    });
    let selected = area.list.as_ref().and_then(|l| l.selected);
    // From the list's row cache: no database read per frame.
    let selected_cancelled = match (selected, ws.store.as_ref(), area.list.as_mut()) {
        (Some(id), Some(s), Some(l)) => l.row(s, id).is_some_and(|r| r.cancelled),
        _ => false,
    };
    ui.horizontal_wrapped(|ui| {
        let has = selected.is_some();
        if ui
            .add_enabled(has, egui::Button::new("เปิด / แก้ไข"))
            .clicked()
            && let Some(id) = selected
        {
            out.push(AppAction::OpenRecord(id));
        }
        if ui
            .add_enabled(has && writable, egui::Button::new("ทำสำเนา"))
            .clicked()
            && let Some(id) = selected
        {
            match ws.record_template(id) {
                Ok((r, rt)) => {
                    area.view =
                        FormsView::Edit(Box::new(RecordEditor::duplicate(rt, &r, &ws.profile)));
                }
                Err(e) => area.message = Some(Notice::error(e)),
            }
        }
        if selected_cancelled {
            if ui.add_enabled(writable, egui::Button::new("กู้คืน")).clicked()
                && let (Some(id), Some(s)) = (selected, ws.store.as_mut())
            {
                let number = s.record(id).map_or(id, |r| r.number);
                area.message = Some(match s.restore_record(id) {
                    Ok(()) => Notice::ok(format!("กู้คืนบันทึกเลขที่ {} แล้ว", digits(number))),
                    Err(e) => Notice::error(e.to_string()),
                });
                area.reload_list(ws);
            }
        } else if ui
            .add_enabled(has && writable, egui::Button::new("ยกเลิกบันทึก…"))
            .clicked()
        {
            area.cancelling = true;
            area.cancel_number = selected
                .and_then(|id| Some(ws.store.as_ref()?.record(id).ok()?.number))
                .unwrap_or_default();
        }
        let to_print = area.list.as_ref().map(|l| l.to_print()).unwrap_or_default();
        let label = if to_print.len() > 1 {
            format!("พิมพ์ / บันทึกเป็น PDF ({} รายการ)", digits(to_print.len()))
        } else {
            "พิมพ์ / บันทึกเป็น PDF".to_owned()
        };
        if ui
            .add_enabled(!to_print.is_empty(), egui::Button::new(label))
            .on_hover_text("กด Ctrl ค้างแล้วคลิกหลายแถว เพื่อพิมพ์หลายบันทึกเป็นไฟล์เดียว")
            .clicked()
        {
            out.push(AppAction::PrintRecords(to_print.clone()));
        }
        if ui
            .add_enabled(has, egui::Button::new("ประวัติการแก้ไข"))
            .clicked()
            && let (Some(id), Some(s)) = (selected, ws.store.as_ref())
        {
            let found = s
                .history("record", &id.to_string())
                .map_err(|e| e.to_string())
                .and_then(|h| Ok((h, ws.record_template(id)?)));
            match found {
                Ok((h, (r, rt))) => area.view = FormsView::History(r.number, h, Box::new(rt)),
                Err(e) => area.message = Some(Notice::error(e)),
            }
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
                && let Some(s) = ws.store.as_mut()
            {
                match s.cancel_record(id, &area.cancel_reason) {
                    Ok(()) => {
                        area.message = Some(Notice::ok(format!(
                            "ยกเลิกบันทึกเลขที่ {} แล้ว (ยังกู้คืนได้)",
                            digits(area.cancel_number)
                        )));
                        area.cancelling = false;
                        area.cancel_reason.clear();
                        area.reload_list(ws);
                    }
                    Err(e) => area.message = Some(Notice::error(e.to_string())),
                }
            }
            if ui.button("ไม่ยกเลิก").clicked() {
                area.cancelling = false;
            }
        });
    }
    crate::ui::style::notice(ui, &area.message);
    ui.separator();
    if let (Some(l), Some(store)) = (&mut area.list, ws.store.as_ref()) {
        l.show(ui, t, store, out);
    }
}
