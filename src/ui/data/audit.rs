//! บันทึกการใช้งาน: the audit log as a filterable, exportable table (who, when, what,
//! before/after). Read only: the app has no way to change or delete an entry.

use super::{DataArea, date_range, message, n};
use crate::catalog::Catalog;
use crate::store::audit::{ACTIONS, action_thai};
use crate::store::{AuditEntry, AuditQuery, RecordFilter};
use crate::transfer::{self, ExportFormat, ExportOptions, mask::mask_ids_in_text};
use crate::ui::action::Actions;
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;

#[derive(Default)]
pub struct AuditView {
    pub from: String,
    pub to: String,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub words: String,
    pub selected: Option<i64>,
    pub message: Option<Notice>,
    /// The matching entry ids, shared (not copied) with each frame's table.
    ids: Option<std::sync::Arc<Vec<i64>>>,
    applied: Option<AuditQuery>,
    /// Who appears in the log, read once (not on every frame of an empty log).
    actors: Option<Vec<String>>,
    cache: HashMap<i64, AuditEntry>,
}

/// A value as a line to read: "key: value · key: value", strings without quotes.
fn readable(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(readable).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .iter()
            .map(|(k, x)| format!("{k}: {}", readable(x)))
            .collect::<Vec<_>>()
            .join(" · "),
        other => other.to_string(),
    }
}

fn short(v: Option<&serde_json::Value>) -> String {
    v.as_ref()
        .map(|v| thai_text::shorten(&mask_ids_in_text(&readable(v)), 120))
        .unwrap_or_default()
}

/// Digits of an id shown in Thai.
fn n_text(s: &str) -> String {
    crate::thai::to_thai_digits(s)
}

fn when(at: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S") {
        Ok(dt) => format!(
            "{} {}",
            crate::thai::date::format_short(dt.date()),
            crate::thai::digits(dt.format("%H:%M:%S"))
        ),
        Err(_) => at.to_owned(),
    }
}

pub fn show(
    area: &mut DataArea,
    ui: &mut Ui,
    ws: &mut Workspace,
    catalog: &Catalog,
    dialogs: &mut Dialogs,
    _out: &mut Actions,
) {
    let Some(store) = ws.store.as_ref() else {
        return;
    };
    let v = &mut area.audit;
    ui.label(
        RichText::new("บันทึกการใช้งาน").font(crate::ui::fonts::bold(crate::ui::style::size::TITLE)),
    );
    thai_text::label_weak(
        ui,
        "ทุกการสร้าง แก้ไข ยกเลิก นำเข้า ส่งออก สำรองและกู้คืน บันทึกไว้พร้อมผู้ดำเนินการ เวลา และค่าก่อน/หลัง เก็บถาวรและแก้ไขหรือลบจากโปรแกรมไม่ได้ (พ.ร.บ.คอมพิวเตอร์ฯ กำหนดให้เก็บอย่างน้อย ๙๐ วัน) เลขประจำตัวประชาชนแสดงแบบปิดบัง",
    );
    let mut range = None;
    ui.horizontal_wrapped(|ui| {
        range = Some(date_range(ui, ("ตั้งแต่", "ถึง"), &mut v.from, &mut v.to));
        let actors = v
            .actors
            .get_or_insert_with(|| store.audit_actors().unwrap_or_default());
        let who = ui.label("ผู้ดำเนินการ");
        egui::ComboBox::from_id_salt("audit-actor")
            .selected_text(v.actor.clone().unwrap_or_else(|| "ทุกคน".into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut v.actor, None, "ทุกคน");
                for a in actors.iter() {
                    ui.selectable_value(&mut v.actor, Some(a.clone()), a);
                }
            })
            .response
            .labelled_by(who.id);
        let what = ui.label("การดำเนินการ");
        egui::ComboBox::from_id_salt("audit-action")
            .selected_text(
                v.action
                    .as_deref()
                    .map(|a| action_thai(a).to_owned())
                    .unwrap_or_else(|| "ทั้งหมด".into()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut v.action, None, "ทั้งหมด");
                for a in ACTIONS {
                    ui.selectable_value(&mut v.action, Some(a.to_owned()), action_thai(a));
                }
            })
            .response
            .labelled_by(what.id);
        let words = ui.label("คำค้น");
        ui.add(egui::TextEdit::singleline(&mut v.words).desired_width(140.0))
            .labelled_by(words.id);
    });
    let (from, to, error) = match range {
        Some(r) => (r.from, r.to, r.error),
        None => (None, None, None),
    };
    if let Some(e) = &error {
        message(ui, &Some(Notice::error(e.clone())));
    }
    let q = AuditQuery {
        from,
        to,
        actor: v.actor.clone(),
        action: v.action.clone(),
        words: v.words.split_whitespace().map(str::to_owned).collect(),
    };
    if error.is_none() && (v.applied.as_ref() != Some(&q) || v.ids.is_none()) {
        match store.audit_ids(&q) {
            Ok(ids) => v.ids = Some(std::sync::Arc::new(ids)),
            Err(e) => v.message = Some(Notice::error(e.to_string())),
        }
        v.applied = Some(q.clone());
        v.cache.clear();
    }
    let ids = v.ids.clone().unwrap_or_default();
    let mut export = None;
    ui.horizontal(|ui| {
        ui.label(format!("{} รายการ", n(ids.len())));
        if ui.button("ส่งออกเป็น Excel…").clicked() {
            export = Some(ExportFormat::Xlsx);
        }
        if ui.button("ส่งออกเป็น CSV…").clicked() {
            export = Some(ExportFormat::Csv);
        }
        if ui.button("ปรับปรุง").clicked() {
            v.ids = None;
            v.actors = None;
        }
    });
    message(ui, &v.message);
    let detail_h = if v.selected.is_some() { 150.0 } else { 0.0 };
    let table_h = (ui.available_height() - detail_h - 10.0).max(220.0);
    let row_h = 24.0;
    let mut clicked = None;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .max_scroll_height(table_h)
        .min_scrolled_height(table_h)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(60.0))
        .column(Column::exact(190.0))
        .column(Column::initial(150.0).clip(true))
        .column(Column::initial(140.0).clip(true))
        .column(Column::initial(110.0).clip(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .header(26.0, |mut h| {
            for t in [
                "ลำดับ",
                "เวลา",
                "ผู้ดำเนินการ",
                "การดำเนินการ",
                "รายการ",
                "ค่าหลังเปลี่ยน",
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, ids.len(), |mut row| {
                let Some(&id) = ids.get(row.index()) else {
                    return;
                };
                if !v.cache.contains_key(&id) {
                    if v.cache.len() > 4000 {
                        v.cache.clear();
                    }
                    if let Ok(Some(e)) = store.audit_entry(id) {
                        v.cache.insert(id, e);
                    }
                }
                let Some(e) = v.cache.get(&id) else {
                    return;
                };
                row.set_selected(v.selected == Some(id));
                let what = format!(
                    "{} {}",
                    transfer::entity_thai(&e.entity),
                    n_text(&e.entity_id)
                );
                let cells = [
                    RichText::new(n(id as usize)),
                    RichText::new(when(&e.at)),
                    RichText::new(&e.actor),
                    RichText::new(e.action_thai()),
                    RichText::new(what.trim()),
                    RichText::new(short(e.after.as_ref())).weak(),
                ];
                let mut hit = false;
                for c in cells {
                    row.col(|ui| {
                        hit |= ui
                            .add(
                                egui::Label::new(c)
                                    .selectable(false)
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            )
                            .clicked();
                    });
                }
                if hit {
                    clicked = Some(id);
                }
                if row.response().clicked() {
                    clicked = Some(id);
                }
            });
        });
    if let Some(id) = clicked {
        v.selected = if v.selected == Some(id) {
            None
        } else {
            Some(id)
        };
    }
    if let Some(e) = v.selected.and_then(|id| v.cache.get(&id)) {
        ui.separator();
        ui.label(
            RichText::new(format!(
                "รายการที่ {} · {} · {} · {}",
                n(e.id as usize),
                when(&e.at),
                e.actor,
                e.action_thai()
            ))
            .strong(),
        );
        let pretty = |x: &Option<serde_json::Value>| {
            x.as_ref()
                .map(|x| mask_ids_in_text(&serde_json::to_string_pretty(x).unwrap_or_default()))
                .unwrap_or_else(|| "—".into())
        };
        ui.columns(2, |c| {
            c[0].label(RichText::new("ก่อน").strong());
            thai_text::label(&mut c[0], pretty(&e.before));
            c[1].label(RichText::new("หลัง").strong());
            thai_text::label(&mut c[1], pretty(&e.after));
        });
    }
    let Some(format) = export else {
        return;
    };
    let name = format!("บันทึกการใช้งาน-{}", chrono::Local::now().format("%Y%m%d"));
    let dialog = match format {
        ExportFormat::Csv => Dialog::PickFolder,
        _ => Dialog::SaveFile("xlsx"),
    };
    let Some(target) = dialogs.choose(dialog, &format!("{name}.{}", format.extension())) else {
        return;
    };
    let opts = ExportOptions {
        format,
        filter: RecordFilter {
            from: area.audit.applied.as_ref().and_then(|q| q.from.clone()),
            to: area.audit.applied.as_ref().and_then(|q| q.to.clone()),
            ..Default::default()
        },
        include_audit: true,
        skip_records: true,
        audit_query: area.audit.applied.clone(),
        ..Default::default()
    };
    let Some(store) = ws.store.as_mut() else {
        return;
    };
    area.audit.message = Some(
        match transfer::export(store, Some(catalog), &ws.builtin, &opts, &target) {
            Ok(r) => Notice::ok(format!(
                "ส่งออกบันทึกการใช้งาน {} รายการ → {}",
                n(r.audit_entries),
                r.files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Err(e) => Notice::error(e.to_string()),
        },
    );
    area.audit.ids = None;
}
