//! สำรองและกู้คืน: a copy now (to a file the officer picks), the automatic daily copies and
//! their rotation, and restoring one after seeing what it holds.

use super::{DataArea, message, n};
use crate::store::backup::{self, BackupFile, BackupPolicy, DbSummary};
use crate::ui::action::{Actions, AppAction};
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct BackupView {
    pub message: Option<Notice>,
    /// A copy checked and waiting for the officer to confirm the restore.
    pub pending: Option<DbSummary>,
    pub policy: Option<BackupPolicy>,
    pub policy_message: Option<Notice>,
    /// The copies in the folder with their sizes, read when the tab opens or is refreshed
    /// (not on every frame).
    list: Option<Vec<(BackupFile, u64)>>,
}

fn when(at: &chrono::NaiveDateTime) -> String {
    crate::thai::date::format_short_time(*at)
}

fn describe(s: &DbSummary) -> String {
    let mut t = format!(
        "บันทึก {} รายการ ใน {} แบบฟอร์ม · บันทึกการใช้งาน {} รายการ",
        n(s.total_records()),
        n(s.records.len()),
        n(s.audit_entries)
    );
    if let Some(at) = &s.last_change
        && let Ok(dt) = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S")
    {
        t.push_str(&format!(" · แก้ไขล่าสุด {}", when(&dt)));
    }
    t
}

/// A spin box that shows and takes Thai digits like the rest of the window.
fn thai_number(d: egui::DragValue<'_>) -> egui::DragValue<'_> {
    d.custom_formatter(|v, _| crate::thai::to_thai_digits(&format!("{v:.0}")))
        .custom_parser(|s| {
            let arabic: String = s
                .chars()
                .map(|c| match crate::thai::numerals::digit_value(c) {
                    Some(d) => char::from(b'0' + d as u8),
                    None => c,
                })
                .collect();
            arabic.trim().parse().ok()
        })
}

pub fn show(
    area: &mut DataArea,
    ui: &mut Ui,
    ws: &mut Workspace,
    dialogs: &mut Dialogs,
    out: &mut Actions,
) {
    let Some(db) = ws.store.as_ref().map(|s| s.path().to_path_buf()) else {
        return;
    };
    let writable = ws.writable();
    let dir = backup::backups_dir(&db);
    ui.label(
        RichText::new("สำรองและกู้คืนฐานข้อมูล")
            .font(crate::ui::fonts::bold(crate::ui::style::size::TITLE)),
    );
    thai_text::label_weak(
        ui,
        format!(
            "ฐานข้อมูล: {} · สำเนาอัตโนมัติเก็บใน {}",
            db.display(),
            dir.display()
        ),
    );
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .button("สำรองตอนนี้…")
            .on_hover_text("ทำสำเนาฐานข้อมูลได้แม้กำลังใช้งาน เช่น ลงแฟลชไดรฟ์เพื่อย้ายเครื่อง")
            .clicked()
        {
            let name = format!(
                "dlict-สำรอง-{}.sqlite3",
                chrono::Local::now().format("%Y%m%d-%H%M")
            );
            if let Some(out) = dialogs.choose(Dialog::SaveFile("sqlite3"), &name)
                && let Some(store) = ws.store.as_mut()
            {
                // The save dialog asked before replacing a file of that name.
                area.backup.message = Some(match store.backup_as(&out, backup::Publish::Replace) {
                    Ok((out, bytes)) => Notice::ok(format!(
                        "สำรองแล้วที่ {} ({} กิโลไบต์)",
                        out.display(),
                        n((bytes / 1024) as usize)
                    )),
                    Err(e) => Notice::error(e.to_string()),
                });
            }
        }
        if ui
            .add_enabled(writable, egui::Button::new("กู้คืนจากไฟล์…"))
            .clicked()
            && let Some(path) = dialogs.choose(Dialog::OpenFile(&["sqlite3", "db", "sqlite"]), "")
        {
            area.backup.pending = None;
            match backup::inspect(&path) {
                Ok(s) => area.backup.pending = Some(s),
                Err(e) => area.backup.message = Some(Notice::error(format!("ใช้ไฟล์นี้กู้คืนไม่ได้: {e}"))),
            }
        }
    });
    let v = &mut area.backup;
    message(ui, &v.message);
    if let Some(p) = v.pending.clone() {
        crate::ui::style::attention(ui, |ui| {
            ui.label(RichText::new("กู้คืนจากสำเนานี้?").strong());
            ui.label(p.path.display().to_string());
            thai_text::label(ui, format!("ผ่านการตรวจความสมบูรณ์ · {}", describe(&p)));
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
            thai_text::label(
                ui,
                "ข้อมูลปัจจุบันจะถูกแทนที่ด้วยสำเนานี้ โปรแกรมจะเก็บฐานข้อมูลปัจจุบันเป็นสำเนาก่อนเสมอ จึงย้อนกลับได้",
            );
            ui.horizontal(|ui| {
                if ui.button("กู้คืน").clicked()
                    && let Some(store) = ws.store.as_mut()
                {
                    v.message = Some(match store.restore_from(&p.path) {
                        Ok(r) => Notice::ok(format!(
                            "กู้คืนแล้ว ({} บันทึก) ข้อมูลก่อนกู้คืนเก็บไว้ที่ {}",
                            n(r.restored.total_records()),
                            r.previous_kept_as.display()
                        )),
                        Err(e) => Notice::error(format!("กู้คืนไม่สำเร็จ ข้อมูลยังเป็นแบบเดิม: {e}")),
                    });
                    v.pending = None;
                    v.list = None;
                    out.push(AppAction::Reload);
                }
                if ui.button("ยกเลิก").clicked() {
                    v.pending = None;
                }
            });
        });
    }
    ui.add_space(10.0);
    ui.label(RichText::new("สำเนาในโฟลเดอร์ backups").strong());
    let list = v.list.get_or_insert_with(|| {
        backup::list_backups(&dir)
            .into_iter()
            .map(|b| {
                let size = std::fs::metadata(&b.path).map(|m| m.len()).unwrap_or(0);
                (b, size)
            })
            .collect()
    });
    if list.is_empty() {
        thai_text::label_weak(ui, "ยังไม่มีสำเนา (โปรแกรมทำสำเนาอัตโนมัติเมื่อเปิดครั้งแรกของแต่ละวัน)");
    }
    let mut chosen = None;
    egui::Grid::new("backup-list")
        .striped(true)
        .num_columns(4)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (b, size) in list.iter() {
                ui.label(when(&b.taken));
                ui.label(if b.automatic {
                    "อัตโนมัติ"
                } else {
                    "ก่อนกู้คืน"
                });
                ui.label(format!("{} กิโลไบต์", n((size / 1024) as usize)));
                if ui
                    .add_enabled(writable, egui::Button::new("กู้คืนจากสำเนานี้…"))
                    .clicked()
                {
                    chosen = Some(b.path.clone());
                }
                ui.end_row();
            }
        });
    inspect_chosen(chosen, &mut v.pending, &mut v.message);
    if ui.small_button("ปรับปรุงรายการ").clicked() {
        v.list = None;
    }
    ui.add_space(10.0);
    ui.label(RichText::new("การสำรองอัตโนมัติ").strong());
    let policy = v.policy.get_or_insert_with(|| {
        ws.store
            .as_ref()
            .and_then(|s| s.backup_policy().ok())
            .unwrap_or_default()
    });
    ui.checkbox(
        &mut policy.automatic,
        "สำรองอัตโนมัติเมื่อเปิดโปรแกรมครั้งแรกของแต่ละวัน",
    );
    ui.add_enabled_ui(policy.automatic, |ui| {
        ui.horizontal(|ui| {
            let l = ui.label("เก็บรายวัน");
            ui.add(thai_number(
                egui::DragValue::new(&mut policy.daily).range(1..=60),
            ))
            .labelled_by(l.id);
            let l = ui.label("วัน · รายสัปดาห์");
            ui.add(thai_number(
                egui::DragValue::new(&mut policy.weekly).range(0..=52),
            ))
            .labelled_by(l.id);
            let l = ui.label("สัปดาห์ · รายเดือน");
            ui.add(thai_number(
                egui::DragValue::new(&mut policy.monthly).range(0..=120),
            ))
            .labelled_by(l.id);
            ui.label("เดือน");
        });
    });
    if ui
        .add_enabled(writable, egui::Button::new("บันทึกการตั้งค่าการสำรอง"))
        .clicked()
        && let Some(store) = ws.store.as_mut()
    {
        v.policy_message = Some(match store.save_backup_policy(policy) {
            Ok(()) => Notice::ok("บันทึกการตั้งค่าการสำรองแล้ว"),
            Err(e) => Notice::error(e.to_string()),
        });
    }
    message(ui, &v.policy_message);
}

/// A copy chosen from a list: checked whole, then waiting for the officer to confirm the
/// restore (or why it cannot be used, under the list).
pub(super) fn inspect_chosen(
    chosen: Option<std::path::PathBuf>,
    pending: &mut Option<DbSummary>,
    message: &mut Option<Notice>,
) {
    if let Some(path) = chosen {
        match backup::inspect(&path) {
            Ok(s) => *pending = Some(s),
            Err(e) => *message = Some(Notice::error(format!("สำเนานี้ใช้ไม่ได้: {e}"))),
        }
    }
}
