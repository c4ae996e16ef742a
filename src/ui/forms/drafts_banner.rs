//! Typing kept safe: the editor's answers autosaved as a draft a few seconds after the last
//! change, and the banner of drafts waiting to be reopened (after a power cut or a closed
//! window) with their open and discard buttons.

use super::editor::RecordEditor;
use super::{AUTOSAVE_AFTER, FormsArea, FormsView};
use crate::thai::digits;
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

/// Keeps the editor's typing as a draft a few seconds after the last change, so that a
/// power cut loses at most that much. Returns when to look again.
pub fn autosave(area: &mut FormsArea, ws: &Workspace) -> Option<std::time::Duration> {
    let FormsView::Edit(ed) = &mut area.view else {
        return None;
    };
    let store = ws.store.as_ref().filter(|s| !s.is_read_only())?;
    if !ed.dirty || ed.changes == ed.autosaved_changes {
        ed.autosave_due = None;
        return None;
    }
    let now = std::time::Instant::now();
    let due = *ed.autosave_due.get_or_insert(now + AUTOSAVE_AFTER);
    if now < due {
        return Some(due - now);
    }
    ed.autosave_due = None;
    match store.save_draft(&ed.draft()) {
        Ok(()) => {
            ed.autosaved_changes = ed.changes;
            ed.autosaved_at = Some(crate::thai::to_thai_digits(
                &chrono::Local::now().format("%H:%M:%S").to_string(),
            ));
        }
        // The form stays on screen; the next change tries again.
        Err(e) => ed.message = Some(Notice::error(format!("จำข้อมูลที่กรอกอัตโนมัติไม่ได้: {e}"))),
    }
    None
}

/// Opens an autosaved draft in the editor.
pub fn resume(area: &mut FormsArea, ws: &mut Workspace, slot: &str) {
    let Some(d) = ws.drafts.iter().find(|d| d.slot == slot).cloned() else {
        return;
    };
    let Some(store) = ws.store.as_ref() else {
        return;
    };
    // On a server the record and its template version are the server's.
    let (template, saved) = if ws.server.is_some() {
        let t = ws
            .templates
            .iter()
            .chain(&ws.builtin)
            .find(|t| t.id == d.form_id && t.version == d.template_version)
            .cloned()
            .ok_or_else(|| {
                crate::store::StoreError::NotFound(format!(
                    "แบบฟอร์มรุ่น {} ของฉบับร่างนี้ (เปิดได้เมื่อเชื่อมต่อฐานข้อมูลกลางแล้ว)",
                    digits(d.template_version)
                ))
            });
        (t, None)
    } else {
        (
            store.template(&ws.builtin, &d.form_id, d.template_version),
            d.record_id.and_then(|id| store.record(id).ok()),
        )
    };
    let cancelled = saved.as_ref().and_then(|r| r.cancel_reason.clone());
    match template {
        Ok(t) => {
            area.select(ws, &d.form_id);
            let mut ed = RecordEditor::from_draft(t, &d, &ws.profile);
            ed.cancelled = cancelled;
            ed.number = saved.as_ref().map(|r| r.number);
            area.view = FormsView::Edit(Box::new(ed));
        }
        Err(e) => area.message = Some(Notice::error(e.to_string())),
    }
}

pub fn discard(ws: &mut Workspace, slot: &str) -> Result<(), String> {
    let s = ws.store.as_ref().ok_or("ยังไม่มีฐานข้อมูล")?;
    s.discard_draft(slot).map_err(|e| e.to_string())?;
    ws.drafts.retain(|d| d.slot != slot);
    Ok(())
}

/// The drafts waiting to be reopened, with open and discard buttons.
pub fn show(area: &mut FormsArea, ui: &mut Ui, ws: &mut Workspace) {
    let open_slot = match &area.view {
        FormsView::Edit(ed) => Some(ed.draft_slot.clone()),
        _ => None,
    };
    let waiting: Vec<crate::store::drafts::Draft> = ws
        .drafts
        .iter()
        .filter(|d| Some(&d.slot) != open_slot.as_ref())
        .cloned()
        .collect();
    if waiting.is_empty() {
        return;
    }
    let (mut to_resume, mut to_discard) = (None, None);
    crate::ui::style::attention(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "แบบฟอร์มที่กรอกค้างไว้ ยังไม่ได้บันทึก ({})",
                digits(waiting.len())
            ))
            .strong(),
        );
        for d in &waiting {
            let title = ws
                .template(&d.form_id)
                .map(|t| thai_text::shorten(&t.title, 50))
                .unwrap_or_else(|| d.form_id.clone());
            let what = match d.record_id {
                Some(id) => format!("แก้ไขบันทึกเลขที่ {}", digits(d.record_number.unwrap_or(id))),
                None => "บันทึกใหม่".into(),
            };
            let when = chrono::NaiveDateTime::parse_from_str(&d.saved_at, "%Y-%m-%dT%H:%M:%S")
                .map(|t| {
                    format!(
                        "{} {} น.",
                        crate::thai::date::format_short(t.date()),
                        digits(t.format("%H:%M"))
                    )
                })
                .unwrap_or_default();
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{title} — {what} — จำไว้เมื่อ {when}"));
                if ui.button("เปิดต่อ").clicked() {
                    to_resume = Some(d.slot.clone());
                }
                if ui.button("ทิ้ง").on_hover_text("ลบข้อมูลที่กรอกค้างนี้").clicked()
                {
                    to_discard = Some(d.slot.clone());
                }
            });
        }
    });
    if let Some(s) = to_resume {
        resume(area, ws, &s);
    }
    if let Some(s) = to_discard {
        // The message that pointed at this draft is stale once it is gone.
        area.message = Some(match discard(ws, &s) {
            Ok(()) => crate::ui::style::Notice::ok("ทิ้งข้อมูลที่กรอกค้างแล้ว"),
            Err(e) => crate::ui::style::Notice::error(format!("ทิ้งข้อมูลที่กรอกค้างไม่ได้: {e}")),
        });
    }
}
