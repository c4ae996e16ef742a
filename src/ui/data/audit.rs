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
    /// Thai names of ids, built once from the templates: of every form, and of each form
    /// (its own labels first) for the entries of its records.
    names: Option<std::sync::Arc<Names>>,
    form_names: HashMap<String, std::sync::Arc<Names>>,
    /// The form of each record an entry is about, read once.
    record_forms: HashMap<i64, String>,
}

/// Thai names of the keys the log writes and of the forms' fields, choices and grid items
/// (ids are ascii and mostly shared in meaning across forms).
pub type Names = HashMap<String, String>;

/// The names of one form's fields, choices and items over `base`.
fn names_of_form(base: &Names, t: &crate::forms::Template) -> Names {
    let mut m = base.clone();
    for f in t.answer_fields() {
        m.insert(f.id.clone(), f.display_name().to_owned());
        for c in &f.choices {
            m.insert(c.id.clone(), c.label.clone());
        }
        for i in f.rating_items() {
            m.insert(i.id.clone(), i.label.clone());
        }
    }
    m
}

/// The names for an entry: those of its record's form when it is about a record.
fn names_for(
    v: &mut AuditView,
    store: &crate::store::Store,
    templates: &[crate::forms::Template],
    e: &AuditEntry,
    all: &std::sync::Arc<Names>,
) -> std::sync::Arc<Names> {
    let Some(id) = (e.entity == "record")
        .then(|| e.entity_id.parse::<i64>().ok())
        .flatten()
    else {
        return std::sync::Arc::clone(all);
    };
    if !v.record_forms.contains_key(&id)
        && let Ok(r) = store.record(id)
    {
        v.record_forms.insert(id, r.form_id);
    }
    let Some(form) = v.record_forms.get(&id).cloned() else {
        return std::sync::Arc::clone(all);
    };
    let Some(t) = templates.iter().find(|t| t.id == form) else {
        return std::sync::Arc::clone(all);
    };
    std::sync::Arc::clone(
        v.form_names
            .entry(form)
            .or_insert_with(|| std::sync::Arc::new(names_of_form(all, t))),
    )
}

/// The names every log entry may use, and those of every form's fields.
pub fn names(templates: &[crate::forms::Template]) -> Names {
    let mut m: Names = [
        ("answers", "คำตอบ"),
        ("status", "สถานะ"),
        ("complete", "สมบูรณ์"),
        ("draft", "ฉบับร่าง"),
        ("cancel_reason", "เหตุผลที่ยกเลิก"),
        ("citizen_ids", "เลขประจำตัวประชาชน"),
        ("masked", "ปิดบัง"),
        ("included", "แสดงเต็ม"),
        ("records", "บันทึก"),
        ("file", "ไฟล์"),
        ("files", "ไฟล์"),
        ("form", "แบบฟอร์ม"),
        ("forms", "แบบฟอร์ม"),
        ("format", "รูปแบบ"),
        ("from", "จาก"),
        ("to", "ถึง"),
        ("version", "รุ่น"),
        ("exported_id", "เลขที่เดิม"),
        ("first", "เลขที่แรก"),
        ("last", "เลขที่สุดท้าย"),
        ("count", "จำนวน"),
        ("result", "ผล"),
        ("percent", "ร้อยละ"),
        ("met", "บรรลุ"),
        ("note", "หมายเหตุ"),
        ("evidence", "หลักฐาน"),
        ("choice", "ตัวเลือก"),
        ("choices", "ตัวเลือก"),
        ("specify", "ระบุ"),
        ("name", "ชื่อ"),
        ("position", "ตำแหน่ง"),
        ("date", "วันที่"),
        ("reason", "เหตุผล"),
        ("path", "ที่อยู่ไฟล์"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for t in templates {
        for f in t.answer_fields() {
            m.entry(f.id.clone())
                .or_insert_with(|| f.display_name().to_owned());
            for c in &f.choices {
                m.entry(c.id.clone()).or_insert_with(|| c.label.clone());
            }
            for i in f.rating_items() {
                m.entry(i.id.clone()).or_insert_with(|| i.label.clone());
            }
        }
    }
    m
}

/// A value to read: "name: value · name: value", strings without quotes, ids in Thai where
/// a name is known, numbers in Thai digits.
fn readable(v: &serde_json::Value, names: &Names) -> String {
    use serde_json::Value;
    let name = |k: &str| names.get(k).cloned().unwrap_or_else(|| k.to_owned());
    match v {
        Value::Null => "—".into(),
        Value::Bool(true) => "ใช่".into(),
        Value::Bool(false) => "ไม่ใช่".into(),
        Value::String(s) => names.get(s).cloned().unwrap_or_else(|| s.clone()),
        Value::Array(a) => a
            .iter()
            .map(|x| readable(x, names))
            .collect::<Vec<_>>()
            .join(", "),
        // A choice answer reads as its label, a written-in text after it in brackets.
        Value::Object(o) if o.contains_key("choice") || o.contains_key("choices") => {
            let chosen = o
                .get("choice")
                .or_else(|| o.get("choices"))
                .map(|c| readable(c, names))
                .unwrap_or_default();
            match o.get("specify") {
                Some(sp) if !sp.is_null() => format!("{chosen} ({})", readable(sp, names)),
                _ => chosen,
            }
        }
        Value::Object(o) => o
            .iter()
            .map(|(k, x)| format!("{}: {}", name(k), readable(x, names)))
            .collect::<Vec<_>>()
            .join(" · "),
        Value::Number(n) => crate::thai::to_thai_digits(&n.to_string()),
    }
}

fn short(v: Option<&serde_json::Value>, names: &Names) -> String {
    v.as_ref()
        .map(|v| thai_text::shorten(&mask_ids_in_text(&readable(v, names)), 120))
        .unwrap_or_default()
}

/// The whole value, one top-level part per line.
fn long(v: Option<&serde_json::Value>, names: &Names) -> String {
    match v {
        None => "—".into(),
        Some(serde_json::Value::Object(o)) => o
            .iter()
            .map(|(k, x)| {
                let k = names.get(k).cloned().unwrap_or_else(|| k.clone());
                match x {
                    serde_json::Value::Object(inner) => format!(
                        "{k}:\n{}",
                        inner
                            .iter()
                            .map(|(ik, iv)| format!(
                                "  {}: {}",
                                names.get(ik).cloned().unwrap_or_else(|| ik.clone()),
                                readable(iv, names)
                            ))
                            .collect::<Vec<_>>()
                            .join("\n")
                    ),
                    other => format!("{k}: {}", readable(other, names)),
                }
            })
            .map(|l| mask_ids_in_text(&l))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => mask_ids_in_text(&readable(other, names)),
    }
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
    let all_names = std::sync::Arc::clone(
        v.names
            .get_or_insert_with(|| std::sync::Arc::new(names(&ws.templates))),
    );
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
                let Some(e) = v.cache.get(&id).cloned() else {
                    return;
                };
                let names = names_for(v, store, &ws.templates, &e, &all_names);
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
                    RichText::new(short(e.after.as_ref(), &names)).weak(),
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
    if let Some(e) = v.selected.and_then(|id| v.cache.get(&id)).cloned() {
        let names = names_for(v, store, &ws.templates, &e, &all_names);
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
        ui.columns(2, |c| {
            c[0].label(RichText::new("ก่อน").strong());
            thai_text::label(&mut c[0], long(e.before.as_ref(), &names));
            c[1].label(RichText::new("หลัง").strong());
            thai_text::label(&mut c[1], long(e.after.as_ref(), &names));
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
