//! The banner shown when the database failed its check on start: what is wrong, and the
//! restore from the newest backup that passes its check (or another file). Nothing was opened
//! for writing; the damaged file is never overwritten.

use super::action::{Actions, AppAction};
use super::dialogs::{Dialog, Dialogs};
use super::style::{self, Notice};
use super::thai_text;
use crate::store::StoreError;
use crate::store::backup::{self, DbSummary};
use crate::thai::digits;
use egui::Ui;
use std::path::{Path, PathBuf};

pub struct Recovery {
    pub db: PathBuf,
    pub problem: String,
    pub backup: Option<DbSummary>,
    pub message: Option<Notice>,
    pub restored: bool,
}

impl Recovery {
    pub fn new(db: &Path, problem: &StoreError) -> Recovery {
        Recovery {
            db: db.to_path_buf(),
            problem: problem.to_string(),
            backup: backup::newest_good_backup(&backup::backups_dir(db)),
            message: None,
            restored: false,
        }
    }

    pub fn show(&mut self, ui: &mut Ui, dialogs: &mut Dialogs, out: &mut Actions) {
        egui::Panel::top("recovery").show(ui, |ui| {
            let fill = if self.restored {
                style::color::OK_FILL
            } else {
                style::color::ERROR_FILL
            };
            egui::Frame::NONE
                .fill(fill)
                .inner_margin(style::space::BANNER)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if !self.restored {
                        thai_text::label_with(
                            ui,
                            &format!(
                                "{} และจะไม่เปิดไฟล์นี้เพื่อแก้ไขหรือเขียนทับ กู้คืนจากสำเนาสำรองได้ด้วยปุ่มด้านล่าง",
                                self.problem
                            ),
                            egui::FontId::proportional(style::size::BODY),
                            Some(style::color::ERROR),
                        );
                    }
                    style::notice(ui, &self.message);
                    ui.horizontal_wrapped(|ui| {
                        if !self.restored
                            && let Some(b) = &self.backup
                        {
                            let label = format!(
                                "กู้คืนจากสำเนาสำรองล่าสุด ({} บันทึก{})",
                                digits(b.total_records()),
                                b.last_change
                                    .as_deref()
                                    .and_then(|t| chrono::NaiveDateTime::parse_from_str(
                                        t,
                                        "%Y-%m-%dT%H:%M:%S"
                                    )
                                    .ok())
                                    .map(|t| format!(
                                        " แก้ไขล่าสุด {}",
                                        crate::thai::date::format_short(t.date())
                                    ))
                                    .unwrap_or_default()
                            );
                            if ui
                                .button(label)
                                .on_hover_text(b.path.display().to_string())
                                .clicked()
                            {
                                out.push(AppAction::RestoreOverDamaged(b.path.clone()));
                            }
                        }
                        if !self.restored
                            && ui.button("เลือกไฟล์สำรองอื่น…").clicked()
                            && let Some(p) =
                                dialogs.choose(Dialog::OpenFile(&["sqlite3", "db", "sqlite"]), "")
                        {
                            out.push(AppAction::RestoreOverDamaged(p));
                        }
                        if self.restored && ui.button("ปิดข้อความนี้").clicked()
                        {
                            out.push(AppAction::DismissRecovery);
                        }
                    });
                });
        });
    }
}
