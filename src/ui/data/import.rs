//! นำเข้าข้อมูล: a CSV of online-form responses (choose the form, check the column mapping
//! with sample values, see which rows are invalid and why, import the valid ones), or a JSON
//! export of this program.

use super::{DataArea, OnServer, message, n};
use crate::forms::Template;
use crate::transfer::csv_in::{self, CsvTable, ImportPreview, Target};
use crate::ui::action::{Actions, AppAction};
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Default)]
pub struct ImportView {
    pub file: Option<PathBuf>,
    /// The file read, shared (not copied) with each frame's drawing.
    pub table: Option<Arc<CsvTable>>,
    /// A JSON export was chosen.
    pub json: bool,
    pub form: Option<String>,
    pub mapping: Vec<Target>,
    pub preview: Option<Arc<ImportPreview>>,
    pub message: Option<Notice>,
    /// An import going into the shared server.
    running: Option<OnServer>,
    /// The preview was made before an import on the server: made again on the new copy.
    stale: bool,
}

impl ImportView {
    fn refresh(&mut self, ws: &mut Workspace) {
        self.preview = None;
        let t = self.form.as_ref().and_then(|f| ws.template(f)).cloned();
        let (Some(table), Some(t), Some(store)) = (&self.table, t, ws.store.as_mut()) else {
            return;
        };
        match csv_in::preview(store, &t, table, &self.mapping) {
            Ok(p) => self.preview = Some(Arc::new(p)),
            Err(e) => self.message = Some(Notice::error(e.to_string())),
        }
    }

    fn choose_form(&mut self, ws: &mut Workspace, id: Option<String>) {
        self.form = id;
        if let (Some(t), Some(table)) =
            (self.form.as_ref().and_then(|f| ws.template(f)), &self.table)
        {
            self.mapping = csv_in::auto_map(t, &table.headers);
        }
        self.refresh(ws);
    }
}

/// The form whose fields match most of the columns.
fn best_form(templates: &[Template], table: &CsvTable) -> Option<String> {
    templates
        .iter()
        .map(|t| {
            let matched = csv_in::auto_map(t, &table.headers)
                .iter()
                .filter(|m| !matches!(m, Target::Ignore | Target::RecordDate))
                .count();
            (matched, t)
        })
        .filter(|(m, _)| *m > 0)
        .max_by_key(|(m, _)| *m)
        .map(|(_, t)| t.id.clone())
}

pub fn show(
    area: &mut DataArea,
    ui: &mut Ui,
    ws: &mut Workspace,
    dialogs: &mut Dialogs,
    out: &mut Actions,
) {
    ui.label(
        RichText::new("นำเข้าข้อมูล").font(crate::ui::fonts::bold(crate::ui::style::size::TITLE)),
    );
    thai_text::label_weak(
        ui,
        "นำเข้าคำตอบจากแบบฟอร์มออนไลน์ (เช่น Google Forms: ดาวน์โหลดคำตอบเป็น .csv) หรือไฟล์ JSON ที่ส่งออกจากโปรแกรมนี้ นำเข้าไฟล์เดิมซ้ำจะไม่เกิดบันทึกซ้ำ",
    );
    // An import on the server done: its message, and the preview made again on the new copy
    // of the server's data (taken before this area draws again).
    let v = &mut area.import;
    if std::mem::take(&mut v.stale) {
        v.refresh(ws);
    }
    if let Some(done) = v.running.as_ref().and_then(OnServer::done) {
        v.running = None;
        v.message = Some(done);
        v.stale = true;
        area.copy_stale = true;
    }
    let writable = ws.writable() && area.import.running.is_none();
    if ui
        .add_enabled(writable, egui::Button::new("เลือกไฟล์ CSV หรือ JSON…"))
        .clicked()
        && let Some(path) =
            dialogs.choose(Dialog::OpenFile(&["csv", "CSV", "json", "JSON", "txt"]), "")
    {
        let v = &mut area.import;
        *v = ImportView::default();
        v.file = Some(path.clone());
        if crate::transfer::json_in::is_export_file(&path) {
            v.json = true;
        } else {
            match csv_in::read_csv(&path) {
                Ok(table) => {
                    let guess = best_form(&ws.templates, &table);
                    v.table = Some(Arc::new(table));
                    v.choose_form(ws, guess);
                }
                Err(e) => v.message = Some(Notice::error(e.to_string())),
            }
        }
    }
    let v = &mut area.import;
    let Some(file) = v.file.clone() else {
        message(ui, &v.message);
        return;
    };
    ui.label(format!("ไฟล์: {}", file.display()));
    if v.json {
        thai_text::label(
            ui,
            "ไฟล์ส่งออก JSON ของโปรแกรม: บันทึกจะกลับมาพร้อมเลขที่ เวลา สถานะ และรุ่นแบบฟอร์มเดิม บันทึกที่มีอยู่แล้วจะข้ามไป",
        );
        if ui
            .add_enabled(
                writable && v.running.is_none(),
                egui::Button::new("นำเข้าไฟล์ JSON"),
            )
            .clicked()
        {
            if let Some((server, officer)) = super::server_and_officer(ws) {
                let builtin = ws.builtin.clone();
                v.message = None;
                v.running = Some(OnServer::start(ui.ctx(), move || {
                    json_notice(
                        super::open_server_store(&server, &officer)
                            .map_err(|e| e.to_string())
                            .and_then(|mut s| {
                                crate::transfer::json_in::import(&mut s, &builtin, &file)
                                    .map_err(|e| e.to_string())
                            }),
                    )
                }));
            } else if let Some(store) = ws.store.as_mut() {
                v.message = Some(json_notice(
                    crate::transfer::json_in::import(store, &ws.builtin, &file)
                        .map_err(|e| e.to_string()),
                ));
                out.push(AppAction::Reload);
            }
        }
        running(ui, v);
        message(ui, &v.message);
        return;
    }
    let Some(table) = v.table.clone() else {
        message(ui, &v.message);
        return;
    };
    ui.label(format!(
        "{} คอลัมน์ {} แถว",
        n(table.headers.len()),
        n(table.row_count())
    ));
    ui.horizontal(|ui| {
        let form_label = ui.label("นำเข้าเป็นแบบฟอร์ม:");
        let current = v
            .form
            .as_ref()
            .and_then(|f| ws.template(f))
            .map(|t| thai_text::shorten(&t.title, 60))
            .unwrap_or_else(|| "— เลือกแบบฟอร์ม —".into());
        let mut chosen = v.form.clone();
        egui::ComboBox::from_id_salt("import-form")
            .selected_text(current)
            .width(420.0)
            .show_ui(ui, |ui| {
                for t in &ws.templates {
                    ui.selectable_value(
                        &mut chosen,
                        Some(t.id.clone()),
                        thai_text::shorten(&t.title, 60),
                    );
                }
            })
            .response
            .labelled_by(form_label.id);
        if chosen != v.form {
            v.choose_form(ws, chosen);
        }
    });
    let Some(t) = v.form.as_ref().and_then(|f| ws.template(f)).cloned() else {
        message(ui, &v.message);
        return;
    };
    ui.add_space(6.0);
    ui.label(RichText::new("จับคู่คอลัมน์กับช่องของแบบฟอร์ม").strong());
    let targets = csv_in::targets(&t);
    let mut changed = false;
    egui::Grid::new("import-mapping")
        .striped(true)
        .num_columns(3)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("คอลัมน์ในไฟล์").strong());
            ui.label(RichText::new("ตัวอย่างค่า").strong());
            ui.label(RichText::new("นำเข้าเป็น").strong());
            ui.end_row();
            for (i, h) in table.headers.iter().enumerate() {
                let column = ui.label(thai_text::shorten(h, 50)).on_hover_text(h);
                let sample: Vec<String> = table
                    .sample
                    .iter()
                    .filter_map(|r| r.get(i))
                    .filter(|c| !c.trim().is_empty())
                    .take(2)
                    .map(|c| thai_text::shorten(c, 24))
                    .collect();
                ui.label(RichText::new(sample.join(" · ")).weak());
                let Some(current) = v.mapping.get_mut(i) else {
                    ui.end_row();
                    continue;
                };
                let shown = targets
                    .iter()
                    .find(|(x, _)| x == current)
                    .map(|(_, s)| thai_text::shorten(s, 38))
                    .unwrap_or_default();
                egui::ComboBox::from_id_salt(("import-target", i))
                    .selected_text(shown)
                    .width(340.0)
                    .show_ui(ui, |ui| {
                        for (x, label) in &targets {
                            if ui
                                .selectable_label(current == x, thai_text::shorten(label, 60))
                                .clicked()
                            {
                                *current = x.clone();
                                changed = true;
                            }
                        }
                    })
                    .response
                    .labelled_by(column.id);
                ui.end_row();
            }
        });
    if changed {
        v.refresh(ws);
    }
    let Some(p) = v.preview.clone() else {
        message(ui, &v.message);
        return;
    };
    ui.add_space(6.0);
    if !p.unmapped_required.is_empty() {
        ui.label(
            RichText::new(format!(
                "ช่องที่ต้องกรอกแต่ยังไม่มีคอลัมน์: {}",
                p.unmapped_required.join(", ")
            ))
            .color(crate::ui::style::color::ERROR),
        );
    }
    ui.label(
        RichText::new(format!(
            "นำเข้าได้ {} แถว · ไม่ถูกต้อง {} แถว · ซ้ำกับที่นำเข้าแล้ว {} แถว",
            n(p.valid()),
            n(p.invalid()),
            n(p.duplicates())
        ))
        .strong(),
    );
    thai_text::label_weak(ui, p.line_accounting());
    let bad: Vec<_> = p
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty() && !r.duplicate)
        .collect();
    if !bad.is_empty() {
        egui::CollapsingHeader::new(format!("แถวที่ไม่ถูกต้อง ({})", n(bad.len())))
            .default_open(true)
            .show(ui, |ui| {
                for r in bad.iter().take(200) {
                    thai_text::label_with(
                        ui,
                        &format!("{}: {}", r.lines_thai(), r.errors.join(" · ")),
                        egui::FontId::proportional(crate::ui::style::size::LIST),
                        Some(crate::ui::style::color::ERROR),
                    );
                }
                if bad.len() > 200 {
                    ui.label(format!("… และอีก {} แถว", n(bad.len() - 200)));
                }
            });
    }
    ui.horizontal(|ui| {
        let go = ui
            .add_enabled(
                writable && p.valid() > 0,
                egui::Button::new(format!("นำเข้า {} แถว", n(p.valid()))),
            )
            .clicked();
        if ui
            .button("บันทึกการจับคู่เป็นไฟล์…")
            .on_hover_text("ใช้ซ้ำกับ dlict import --mapping")
            .clicked()
            && let Some(path) = dialogs.choose(Dialog::SaveFile("json"), "mapping.json")
        {
            let text = csv_in::mapping_file(&table.headers, &area.import.mapping);
            area.import.message = Some(match std::fs::write(&path, text) {
                Ok(()) => Notice::ok(format!("บันทึกการจับคู่ไว้ที่ {}", path.display())),
                Err(e) => Notice::error(crate::transfer::io_error(&path, &e).to_string()),
            });
        }
        let v = &mut area.import;
        if go && let Some((server, officer)) = super::server_and_officer(ws) {
            let (t, p, source) = (t.clone(), Arc::clone(&p), table.file_name.clone());
            v.message = None;
            v.running = Some(OnServer::start(ui.ctx(), move || {
                csv_notice(
                    super::open_server_store(&server, &officer)
                        .map_err(|e| e.to_string())
                        .and_then(|mut s| {
                            csv_in::commit(&mut s, &t, &p, &source).map_err(|e| e.to_string())
                        }),
                )
            }));
        } else if go && let Some(store) = ws.store.as_mut() {
            v.message = Some(csv_notice(
                csv_in::commit(store, &t, &p, &table.file_name).map_err(|e| e.to_string()),
            ));
            out.push(AppAction::Reload);
            v.refresh(ws);
        }
    });
    running(ui, &area.import);
    message(ui, &area.import.message);
}

/// A spinner while an import goes into the shared server.
fn running(ui: &mut Ui, v: &ImportView) {
    if v.running.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("กำลังนำเข้าไปยังฐานข้อมูลกลาง…");
        });
    }
}

/// What a JSON import did, in Thai.
fn json_notice(r: Result<crate::transfer::json_in::JsonImportReport, String>) -> Notice {
    match r {
        Ok(r) => {
            let mut text = format!(
                "นำเข้าแล้ว {} บันทึก (มีอยู่แล้ว {} เปลี่ยนเลขที่ {} ไม่ถูกต้อง {})",
                n(r.added),
                n(r.skipped),
                n(r.renumbered),
                n(r.invalid.len())
            );
            for (id, why) in r.invalid.iter().take(50) {
                text.push_str(&format!("\nบันทึกเลขที่ {} ในไฟล์: {why}", n(*id as usize)));
            }
            if !r.invalid.is_empty() && r.added == 0 {
                Notice::error(text)
            } else {
                Notice::ok(text)
            }
        }
        Err(e) => Notice::error(e),
    }
}

/// What a CSV import did, in Thai.
fn csv_notice(r: Result<csv_in::ImportReport, String>) -> Notice {
    match r {
        Ok(r) => Notice::ok(format!(
            "นำเข้าแล้ว {} แถว · ไม่ถูกต้อง {} แถว (ไม่ได้นำเข้า) · ซ้ำ {} แถว (ข้าม)",
            n(r.imported),
            n(r.invalid),
            n(r.duplicates)
        )),
        Err(e) => Notice::error(e),
    }
}
