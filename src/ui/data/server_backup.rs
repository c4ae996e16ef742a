//! สำรองและกู้คืน on the shared server: a backup of the server's data into a file, and a
//! backup file restored into the server (every officer's data: a confirmation first, and the
//! server's data kept as a file on this PC before it is replaced, listed here to go back to).

use super::{DataArea, OnServer, message, n};
use crate::store::backup::{self, BackupFile, DbSummary, Publish};
use crate::store::server::{migrate, restore};
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct ServerBackupView {
    message: Option<Notice>,
    /// A backup checked and waiting for the officer to confirm the restore.
    pending: Option<DbSummary>,
    /// A backup or a restore under way.
    running: Option<OnServer>,
    /// The copies kept before earlier restores (read when the tab opens or after a restore).
    kept: Option<Vec<BackupFile>>,
}

pub fn show(area: &mut DataArea, ui: &mut Ui, ws: &Workspace, dialogs: &mut Dialogs) {
    let Some((server, officer)) = super::server_and_officer(ws) else {
        return;
    };
    let v = &mut area.server_backup;
    if let Some(done) = v.running.as_ref().and_then(OnServer::done) {
        v.running = None;
        v.message = Some(done);
        v.kept = None;
        area.copy_stale = true;
    }
    let kept_dir = restore::kept_copies_dir(&server);
    ui.label(
        RichText::new("สำรองและกู้คืนฐานข้อมูลกลาง")
            .font(crate::ui::fonts::bold(crate::ui::style::size::TITLE)),
    );
    thai_text::label_weak(
        ui,
        format!(
            "ฐานข้อมูลกลาง {} · ข้อมูลก่อนการกู้คืนแต่ละครั้งเก็บไว้ในเครื่องนี้ที่ {}",
            server.shown(),
            kept_dir.display()
        ),
    );
    ui.add_space(6.0);
    let idle = v.running.is_none();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(idle, egui::Button::new("สำรองฐานข้อมูลกลางตอนนี้…"))
            .on_hover_text(
                "ข้อมูลทั้งหมดของฐานข้อมูลกลาง ณ ขณะเดียว เป็นไฟล์ที่กู้คืนได้ทั้งในเครื่องนี้และบนฐานข้อมูลกลาง",
            )
            .clicked()
        {
            let name = format!(
                "dlict-ฐานข้อมูลกลาง-{}.sqlite3",
                chrono::Local::now().format("%Y%m%d-%H%M")
            );
            if let Some(out) = dialogs.choose(Dialog::SaveFile("sqlite3"), &name) {
                let server = server.clone();
                v.message = None;
                // The save dialog asked before replacing a file of that name.
                v.running = Some(OnServer::start(
                    ui.ctx(),
                    move || match migrate::server_to_file(&server, &out, Publish::Replace) {
                        Ok((path, m)) => Notice::ok(format!(
                            "สำรองฐานข้อมูลกลางแล้วที่ {} ({} บันทึก)",
                            path.display(),
                            n(m.rows("records") as usize)
                        )),
                        Err(e) => Notice::error(format!("สำรองไม่สำเร็จ: {e}")),
                    },
                ));
            }
        }
        if ui
            .add_enabled(idle, egui::Button::new("กู้คืนฐานข้อมูลกลางจากไฟล์…"))
            .clicked()
            && let Some(path) = dialogs.choose(Dialog::OpenFile(&["sqlite3", "db", "sqlite"]), "")
        {
            v.pending = None;
            match backup::inspect(&path) {
                Ok(s) => v.pending = Some(s),
                Err(e) => v.message = Some(Notice::error(format!("ใช้ไฟล์นี้กู้คืนไม่ได้: {e}"))),
            }
        }
    });
    if v.running.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("กำลังทำงานกับฐานข้อมูลกลาง…");
        });
    }
    message(ui, &v.message);
    if let Some(p) = v.pending.clone() {
        crate::ui::style::attention(ui, |ui| {
            ui.label(RichText::new("กู้คืนฐานข้อมูลกลางจากสำเนานี้?").strong());
            ui.label(p.path.display().to_string());
            thai_text::label(
                ui,
                format!(
                    "ผ่านการตรวจความสมบูรณ์ · บันทึก {} รายการ ใน {} แบบฟอร์ม · บันทึกการใช้งาน {} รายการ",
                    n(p.total_records()),
                    n(p.records.len()),
                    n(p.audit_entries)
                ),
            );
            for (form, count) in &p.records {
                let title = ws
                    .template(form)
                    .map(|t| t.title.clone())
                    .unwrap_or_else(|| form.clone());
                ui.label(format!(
                    "  {} — {} บันทึก",
                    thai_text::shorten(&title, 60),
                    n(*count)
                ));
            }
            thai_text::label_with(
                ui,
                "ข้อมูลปัจจุบันของฐานข้อมูลกลางจะถูกแทนที่ด้วยสำเนานี้ สำหรับเจ้าหน้าที่ทุกคนทุกเครื่อง บันทึกที่ผู้อื่นเปิดแก้ไขค้างไว้จะบันทึกทับไม่ได้ (โปรแกรมแจ้งให้เลือกฉบับ) โปรแกรมจะเก็บข้อมูลปัจจุบันของฐานข้อมูลกลางเป็นไฟล์ในเครื่องนี้ก่อนเสมอ จึงย้อนกลับได้",
                egui::FontId::proportional(crate::ui::style::size::BODY),
                Some(crate::ui::style::color::ERROR),
            );
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(v.running.is_none(), egui::Button::new("กู้คืนฐานข้อมูลกลาง"))
                    .clicked()
                {
                    let (server, from, dir) = (server.clone(), p.path.clone(), kept_dir.clone());
                    let officer = officer.clone();
                    v.message = None;
                    v.running = Some(OnServer::start(ui.ctx(), move || {
                        let mut who = crate::store::Who::of_this_process();
                        who.officer = officer;
                        match restore::file_into_server(&from, &server, &who, &dir) {
                            Ok(r) => Notice::ok(format!(
                                "กู้คืนฐานข้อมูลกลางแล้ว ({} บันทึก) ข้อมูลก่อนกู้คืนเก็บไว้ที่ {}",
                                n(r.moved.rows("records") as usize),
                                r.previous_kept_as.display()
                            )),
                            Err(e) => Notice::error(format!("กู้คืนไม่สำเร็จ: {e}")),
                        }
                    }));
                    v.pending = None;
                }
                if ui.button("ยกเลิก").clicked() {
                    v.pending = None;
                }
            });
        });
    }
    ui.add_space(10.0);
    ui.label(RichText::new("ข้อมูลของฐานข้อมูลกลางก่อนการกู้คืน (ในเครื่องนี้)").strong());
    let kept = v
        .kept
        .get_or_insert_with(|| backup::list_backups(&kept_dir));
    if kept.is_empty() {
        thai_text::label_weak(ui, "ยังไม่มี (มีเมื่อกู้คืนฐานข้อมูลกลางจากเครื่องนี้)");
    }
    let mut chosen = None;
    egui::Grid::new("server-kept-list")
        .striped(true)
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for b in kept.iter() {
                ui.label(crate::thai::date::format_short_time(b.taken));
                if ui
                    .add_enabled(idle, egui::Button::new("กู้คืนจากสำเนานี้…"))
                    .clicked()
                {
                    chosen = Some(b.path.clone());
                }
                ui.end_row();
            }
        });
    super::backup::inspect_chosen(chosen, &mut v.pending, &mut v.message);
}
