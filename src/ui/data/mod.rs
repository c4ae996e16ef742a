//! ข้อมูลและการสำรอง: export, import, backup/restore and the audit log, each on its own tab.
//! Draws and dispatches only; the work is done by `transfer` and `store::backup`.

mod audit;
mod backup;
mod export;
mod import;
mod server_backup;

use super::action::Actions;
use super::dialogs::Dialogs;
use super::thai_text;
use super::workspace::Workspace;
use crate::catalog::Catalog;
use crate::ui::style::Notice;
use egui::{RichText, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataTab {
    #[default]
    Export,
    Import,
    Backup,
    Audit,
}

#[derive(Default)]
pub struct DataArea {
    pub tab: DataTab,
    pub export: export::ExportView,
    pub import: import::ImportView,
    pub backup: backup::BackupView,
    pub server_backup: server_backup::ServerBackupView,
    pub audit: audit::AuditView,
    /// An import or a restore changed the server's data: the copy this area reads is old.
    pub copy_stale: bool,
}

/// Work on the shared server on a thread of its own (an import, a restore: seconds, never in
/// a frame); its message arrives in a later frame.
pub struct OnServer(std::sync::mpsc::Receiver<Notice>);

impl OnServer {
    pub fn start(ctx: &egui::Context, work: impl FnOnce() -> Notice + Send + 'static) -> OnServer {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            ctx.request_repaint();
        });
        OnServer(rx)
    }

    /// The message, once the work is done (a thread that died says so).
    pub fn done(&self) -> Option<Notice> {
        match self.0.try_recv() {
            Ok(n) => Some(n),
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(Notice::error(
                "งานบนฐานข้อมูลกลางหยุดไปโดยไม่มีผล กรุณาตรวจดูข้อมูลแล้วลองใหม่",
            )),
        }
    }
}

/// The shared server's address and the officer the log names, for work on a thread.
pub fn server_and_officer(ws: &Workspace) -> Option<(crate::store::server::Server, String)> {
    ws.server
        .as_ref()
        .map(|l| (l.server().clone(), ws.profile.officer.name.clone()))
}

/// The store on the shared server for one piece of work on a thread, naming the officer.
pub fn open_server_store(
    server: &crate::store::server::Server,
    officer: &str,
) -> Result<crate::store::server::records::ServerStore, crate::store::StoreError> {
    let mut s = crate::store::server::records::ServerStore::open(server)?;
    if !officer.is_empty() {
        s.set_officer(officer);
    }
    Ok(s)
}

impl DataArea {
    /// Forgets what the log view read (its store changed: a new copy of the server's data).
    pub fn forget_log(&mut self) {
        self.audit = audit::AuditView::default();
    }
}

impl DataArea {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        ws: &mut Workspace,
        catalog: &Catalog,
        dialogs: &mut Dialogs,
        out: &mut Actions,
    ) {
        ui.horizontal(|ui| {
            for (tab, text) in [
                (DataTab::Export, "ส่งออกข้อมูล"),
                (DataTab::Import, "นำเข้าข้อมูล"),
                (DataTab::Backup, "สำรองและกู้คืน"),
                (DataTab::Audit, "บันทึกการใช้งาน"),
            ] {
                if ui
                    .selectable_label(
                        self.tab == tab,
                        RichText::new(text).size(crate::ui::style::size::NAV),
                    )
                    .clicked()
                {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        if ws.store.is_none() {
            let why = ws
                .store_notice
                .clone()
                .unwrap_or_else(|| "ยังไม่มีฐานข้อมูล".into());
            thai_text::label_with(
                ui,
                &why,
                egui::FontId::proportional(crate::ui::style::size::BODY),
                Some(crate::ui::style::color::ERROR),
            );
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("data-area")
            .auto_shrink([false, false])
            .show(ui, |ui| match self.tab {
                DataTab::Export => export::show(self, ui, ws, catalog, dialogs, out),
                // On the shared server this area reads a copy of its data; an import goes
                // to the server itself, and backups are of the server.
                DataTab::Backup if ws.server.is_some() => {
                    server_backup::show(self, ui, ws, dialogs);
                }
                DataTab::Import => import::show(self, ui, ws, dialogs, out),
                DataTab::Backup => backup::show(self, ui, ws, dialogs, out),
                DataTab::Audit => audit::show(self, ui, ws, catalog, dialogs, out),
            });
    }
}

/// A green or red message under the control that caused it.
pub fn message(ui: &mut Ui, m: &Option<Notice>) {
    crate::ui::style::notice(ui, m);
}

/// A date box that takes any form the forms take ("1/10/2568", "1 ต.ค. 68"); returns the ISO
/// date, or the Thai reason beside the box.
pub fn date_box(ui: &mut Ui, label: &str, text: &mut String) -> Result<Option<String>, String> {
    ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text("วว/ดด/ปปปป")
            .desired_width(110.0),
    )
    .on_hover_text("เว้นว่างได้ เช่น ๑/๑๐/๒๕๖๘");
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::thai::date::parse(t)
        .map(|d| Some(d.format("%Y-%m-%d").to_string()))
        .map_err(|e| format!("{label} {}", e.0))
}

/// A date range read from two boxes: (from, to) as ISO dates, or the Thai reason one of them
/// (or their order) is wrong.
pub struct DateRange {
    pub from: Option<String>,
    pub to: Option<String>,
    pub error: Option<String>,
}

pub fn date_range(
    ui: &mut Ui,
    labels: (&str, &str),
    from_text: &mut String,
    to_text: &mut String,
) -> DateRange {
    let mut r = DateRange {
        from: None,
        to: None,
        error: None,
    };
    match date_box(ui, labels.0, from_text) {
        Ok(d) => r.from = d,
        Err(e) => r.error = Some(e),
    }
    match date_box(ui, labels.1, to_text) {
        Ok(d) => r.to = d,
        Err(e) => r.error = r.error.take().or(Some(e)),
    }
    if let (Some(f), Some(t)) = (&r.from, &r.to)
        && f > t
    {
        r.error = Some("วันที่เริ่มต้องไม่อยู่หลังวันที่สิ้นสุด".into());
    }
    r
}

pub fn n(x: usize) -> String {
    crate::thai::digits(x)
}
