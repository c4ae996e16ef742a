//! The history of a record from the audit log: who changed what, when, before and after.

use super::records::updated_text;
use crate::forms::{Template, display_value};
use crate::store::AuditEntry;
use crate::ui::thai_text;
use egui::{RichText, Ui};
use serde_json::Value;

/// One line per changed field: "ชื่อ-สกุล: ก → ข" (citizen ids masked).
pub fn change_lines(t: &Template, e: &AuditEntry) -> Vec<String> {
    let mut out = Vec::new();
    let get = |v: &Option<Value>, k: &str| v.as_ref().and_then(|v| v.get(k)).cloned();
    if let (Some(b), Some(a)) = (get(&e.before, "status"), get(&e.after, "status")) {
        let th = |v: &Value| crate::store::Status::parse(v.as_str().unwrap_or_default()).thai();
        out.push(format!("สถานะ: {} → {}", th(&b), th(&a)));
    }
    if e.action == "cancel" || e.action == "restore" {
        if let Some(Value::String(r)) = get(&e.after, "cancel_reason") {
            out.push(format!("เหตุผล: {r}"));
        }
        return out;
    }
    let before = get(&e.before, "answers").unwrap_or(Value::Null);
    let after = get(&e.after, "answers").unwrap_or(Value::Null);
    let show = |id: &str, v: Option<&Value>| -> String {
        match (t.field(id), v) {
            (_, None | Some(Value::Null)) => "(ว่าง)".into(),
            (Some(f), Some(v)) => display_value(f, v, false),
            (None, Some(v)) => v.to_string(),
        }
    };
    if let Some(o) = after.as_object() {
        for (k, v) in o {
            let name = t
                .field(k)
                .map(|f| f.display_name().to_owned())
                .unwrap_or_else(|| k.clone());
            if e.action == "create" {
                out.push(format!("{name}: {}", show(k, Some(v))));
            } else {
                out.push(format!(
                    "{name}: {} → {}",
                    show(k, before.get(k)),
                    show(k, Some(v))
                ));
            }
        }
    }
    out
}

/// Draws a record's history; "กลับไปที่รายการ" pushes `BackToList`.
pub fn show(
    ui: &mut Ui,
    t: &Template,
    number: i64,
    entries: &[AuditEntry],
    out: &mut crate::ui::action::Actions,
) {
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "ประวัติการแก้ไข บันทึกเลขที่ {}",
                crate::thai::digits(number)
            ))
            .font(crate::ui::fonts::bold(crate::ui::style::size::SECTION)),
        );
        if ui.button("กลับไปที่รายการ").clicked() {
            out.push(crate::ui::action::AppAction::BackToList);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for e in entries.iter().rev() {
                ui.add_space(6.0);
                ui.label(
                    RichText::new(format!(
                        "{} — {} โดย {}",
                        updated_text(&e.at),
                        e.action_thai(),
                        e.actor
                    ))
                    .strong(),
                );
                for line in change_lines(t, e) {
                    ui.horizontal_top(|ui| {
                        ui.add_space(16.0);
                        ui.vertical(|ui| thai_text::label(ui, line));
                    });
                }
            }
        });
}
