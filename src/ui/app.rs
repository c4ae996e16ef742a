//! The application state: the catalog, the search box, the open tabs, the forms area and the
//! office settings.

use super::forms::FormsArea;
use super::process_tab::{ProcessTab, View};
use super::settings::SettingsView;
use super::{sidebar, thai_text};
use crate::catalog::Catalog;
use crate::store::Store;
use crate::ui::style::Notice;
use egui::{RichText, Ui};

/// The three parts of the window, chosen in the title bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Manual,
    Forms,
    Data,
    Settings,
}

pub struct DlictApp {
    pub catalog: Catalog,
    pub search: String,
    pub tabs: Vec<ProcessTab>,
    pub active: Option<usize>,
    /// A process to open as a tab on the first drawn frame (`dlict --open p01`).
    pub pending_open: Option<usize>,
    pub section: Section,
    pub forms: FormsArea,
    pub settings: SettingsView,
    /// Print preview of a process sheet or the whole manual.
    pub preview: Option<super::print::PrintPreview>,
    /// Export, import, backup and the audit log.
    pub data: super::data::DataArea,
    /// The database failed its check on start: what is wrong and the backup to restore.
    pub recovery: Option<Recovery>,
}

/// A damaged database found on start. Nothing was opened for writing; the officer is offered
/// the newest backup that passes its check.
pub struct Recovery {
    pub db: std::path::PathBuf,
    pub problem: String,
    pub backup: Option<crate::store::backup::DbSummary>,
    pub message: Option<Notice>,
    pub restored: bool,
}

impl Recovery {
    pub fn new(db: &std::path::Path, problem: &crate::store::StoreError) -> Recovery {
        use crate::store::backup;
        Recovery {
            db: db.to_path_buf(),
            problem: problem.to_string(),
            backup: backup::newest_good_backup(&backup::backups_dir(db)),
            message: None,
            restored: false,
        }
    }
}

impl DlictApp {
    /// The app on a throw-away database in memory (tests, previews).
    pub fn new(catalog: Catalog) -> Self {
        DlictApp::with_store(catalog, Store::open_in_memory().map_err(|e| e.to_string()))
    }

    /// The app on an opened store, or on the reason it could not be opened (shown in Thai).
    pub fn with_store(catalog: Catalog, store: Result<Store, String>) -> Self {
        let forms = FormsArea::new(store);
        let settings = SettingsView::new(&forms.profile).with_print(&forms.print_settings);
        DlictApp {
            catalog,
            search: String::new(),
            tabs: Vec::new(),
            active: None,
            pending_open: None,
            section: Section::Manual,
            forms,
            settings,
            preview: None,
            data: Default::default(),
            recovery: None,
        }
    }

    /// The app on the database at `db` as the window opens it: checked first, and a damaged
    /// file is neither opened for writing nor changed; the app then offers its newest backup.
    /// `read_only`: another window has the database.
    pub fn open_database(catalog: Catalog, db: &std::path::Path, read_only: bool) -> Self {
        use crate::store::StoreError;
        let opened = if read_only {
            Store::open_read_only(db)
        } else {
            Store::open_checked(db)
        };
        let mut recovery = None;
        let store = match opened {
            Ok(s) => Ok(s),
            Err(e @ (StoreError::Damaged(..) | StoreError::NotADatabase(..))) => {
                let r = Recovery::new(db, &e);
                let text = format!(
                    "{e} จึงยังไม่เปิดใช้งาน {}",
                    if r.backup.is_some() {
                        "กู้คืนจากสำเนาสำรองได้จากแถบด้านบน"
                    } else {
                        "และไม่พบสำเนาสำรองที่ใช้ได้ในโฟลเดอร์ backups"
                    }
                );
                recovery = Some(r);
                Err(text)
            }
            Err(e) => Err(e.to_string()),
        };
        let mut app = DlictApp::with_store(catalog, store);
        app.recovery = recovery;
        app
    }

    /// The damaged-database banner: what is wrong, and the restore from the newest backup.
    fn recovery_banner(&mut self, ui: &mut Ui) {
        let Some(r) = &mut self.recovery else {
            return;
        };
        let mut restore_from = None;
        let mut close = false;
        egui::Panel::top("recovery").show(ui, |ui| {
            let fill = if r.restored {
                crate::ui::style::color::OK_FILL
            } else {
                crate::ui::style::color::ERROR_FILL
            };
            egui::Frame::NONE
                .fill(fill)
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if !r.restored {
                        thai_text::label_with(
                            ui,
                            &format!(
                                "{} และจะไม่เปิดไฟล์นี้เพื่อแก้ไขหรือเขียนทับ กู้คืนจากสำเนาสำรองได้ด้วยปุ่มด้านล่าง",
                                r.problem
                            ),
                            egui::FontId::proportional(crate::ui::style::size::BODY),
                            Some(crate::ui::style::color::ERROR),
                        );
                    }
                    super::data::message(ui, &r.message);
                    ui.horizontal_wrapped(|ui| {
                        if !r.restored
                            && let Some(b) = &r.backup
                        {
                            let label = format!(
                                "กู้คืนจากสำเนาสำรองล่าสุด ({} บันทึก{})",
                                crate::thai::digits(b.total_records()),
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
                                restore_from = Some(b.path.clone());
                            }
                        }
                        if !r.restored && ui.button("เลือกไฟล์สำรองอื่น…").clicked()
                        {
                            restore_from = self.data.next_path.take().or_else(|| {
                                rfd::FileDialog::new()
                                    .add_filter("ฐานข้อมูล", &["sqlite3", "db", "sqlite"])
                                    .pick_file()
                            });
                        }
                        if r.restored && ui.button("ปิดข้อความนี้").clicked()
                        {
                            close = true;
                        }
                    });
                });
        });
        if let Some(from) = restore_from {
            match crate::store::backup::restore_over_damaged(&r.db, &from) {
                Ok((store, aside)) => {
                    self.forms = FormsArea::new(Ok(store));
                    self.settings = SettingsView::new(&self.forms.profile)
                        .with_print(&self.forms.print_settings);
                    r.restored = true;
                    r.message = Some(Notice::ok(format!(
                        "กู้คืนแล้วจาก {} · ไฟล์ที่เสียหายเก็บไว้ที่ {} (ไม่ได้ลบ)",
                        from.display(),
                        aside.display()
                    )));
                }
                Err(e) => r.message = Some(Notice::error(format!("กู้คืนไม่สำเร็จ: {e}"))),
            }
        }
        if close {
            self.recovery = None;
        }
    }

    /// Opens the forms area on a new record of a form.
    pub fn fill_form(&mut self, template_id: &str) {
        self.section = Section::Forms;
        self.forms.new_record(template_id);
    }

    /// Opens a process as a tab, or brings its tab to the front.
    pub fn open(&mut self, ctx: &egui::Context, process: usize) {
        if let Some(i) = self.tabs.iter().position(|t| t.process == process) {
            self.active = Some(i);
            return;
        }
        if let Some(p) = self.catalog.processes.get(process) {
            self.tabs.push(ProcessTab::new(ctx, process, p));
            self.active = Some(self.tabs.len() - 1);
        }
    }

    pub fn close(&mut self, tab: usize) {
        if tab < self.tabs.len() {
            self.tabs.remove(tab);
        }
        self.active = match self.active {
            _ if self.tabs.is_empty() => None,
            Some(a) if a > tab || a >= self.tabs.len() => Some(a.saturating_sub(1)),
            other => other,
        };
    }

    /// The whole window.
    pub fn show(&mut self, ui: &mut Ui) {
        if !super::fonts::installed(ui.ctx()) {
            // New fonts take effect from the next pass: draw from then on.
            super::fonts::install(ui.ctx());
            ui.ctx().request_repaint();
            return;
        }
        if let Some(p) = self.pending_open.take() {
            self.open(ui.ctx(), p);
        }
        egui::Panel::top("title").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new("dlict").font(super::fonts::bold(crate::ui::style::size::TITLE)),
                );
                ui.separator();
                for (section, text) in [
                    (Section::Manual, "คู่มือกระบวนงาน"),
                    (Section::Forms, "แบบฟอร์มและบันทึก"),
                    (Section::Data, "ข้อมูลและการสำรอง"),
                    (Section::Settings, "ตั้งค่าสำนักงาน"),
                ] {
                    let r = ui.selectable_label(
                        self.section == section,
                        RichText::new(text).size(crate::ui::style::size::NAV),
                    );
                    if r.clicked() {
                        if section == Section::Settings {
                            self.settings = SettingsView::new(&self.forms.profile)
                                .with_print(&self.forms.print_settings);
                        }
                        self.section = section;
                    }
                }
                ui.separator();
                ui.label(
                    RichText::new("กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร").weak(),
                );
            });
        });
        self.recovery_banner(ui);
        super::print::show(ui.ctx(), &mut self.preview);
        match self.section {
            Section::Manual => self.manual(ui),
            Section::Forms => {
                egui::Panel::left("forms")
                    .resizable(true)
                    .default_size(crate::ui::style::space::SIDE_PANEL)
                    .size_range(240.0..=560.0)
                    .show(ui, |ui| self.forms.sidebar(ui));
                egui::CentralPanel::default().show(ui, |ui| self.forms.show(ui));
            }
            Section::Data => {
                egui::CentralPanel::default()
                    .show(ui, |ui| self.data.show(ui, &mut self.forms, &self.catalog));
            }
            Section::Settings => {
                egui::CentralPanel::default().show(ui, |ui| {
                    let writable = self.forms.store.as_ref().is_some_and(|s| !s.is_read_only());
                    if let Some(p) = self.settings.show(ui, writable) {
                        let res = match self.forms.store.as_mut() {
                            Some(s) => s.save_profile(&p).map_err(|e| e.to_string()),
                            None => Err("ยังไม่มีฐานข้อมูล".into()),
                        };
                        self.settings.message = Some(match res {
                            Ok(()) => {
                                self.forms.profile = p;
                                Notice::ok("บันทึกการตั้งค่าแล้ว")
                            }
                            Err(e) => Notice::error(e),
                        });
                    }
                    if let Some(p) = self.settings.print_to_save.take() {
                        let res = match self.forms.store.as_mut() {
                            Some(s) => s.save_print_settings(&p).map_err(|e| e.to_string()),
                            None => Err("ยังไม่มีฐานข้อมูล".into()),
                        };
                        self.settings.print_message = Some(match res {
                            Ok(()) => {
                                self.forms.print_settings = p;
                                Notice::ok("บันทึกการตั้งค่าการพิมพ์แล้ว")
                            }
                            Err(e) => Notice::error(e),
                        });
                    }
                });
            }
        }
    }

    fn manual(&mut self, ui: &mut Ui) {
        let mut open_request = None;
        egui::Panel::left("processes")
            .resizable(true)
            .default_size(crate::ui::style::space::SIDE_PANEL)
            .size_range(240.0..=560.0)
            .show(ui, |ui| {
                if ui
                    .button("พิมพ์คู่มือทั้งเล่ม (PDF)…")
                    .on_hover_text("ปก คำนำ สารบัญ ทุกกระบวนงานพร้อมผังขั้นตอน และแบบฟอร์มในภาคผนวก")
                    .clicked()
                {
                    self.print_manual();
                }
                let current = self
                    .active
                    .and_then(|a| self.tabs.get(a))
                    .map(|t| t.process);
                open_request = sidebar::show(ui, &self.catalog, &mut self.search, current);
            });
        if let Some(p) = open_request {
            self.open(ui.ctx(), p);
        }
        if !self.tabs.is_empty() {
            egui::Panel::top("tabs").show(ui, |ui| self.tab_strip(ui));
        }
        let mut fill = None;
        let mut print_process = None;
        egui::CentralPanel::default().show(ui, |ui| match self.active {
            Some(a) if a < self.tabs.len() => {
                let tab = &mut self.tabs[a];
                if let Some(p) = self.catalog.processes.get(tab.process) {
                    fill = tab.show(ui, p, &self.forms.templates);
                    if std::mem::take(&mut tab.print_requested) {
                        print_process = Some(tab.process);
                    }
                }
            }
            _ => self.welcome(ui),
        });
        if let Some(id) = fill {
            self.fill_form(&id);
        }
        if let Some(i) = print_process {
            self.print_process(i);
        }
    }

    /// Opens the print preview of a process's standards sheet.
    pub fn print_process(&mut self, index: usize) {
        let Some(p) = self.catalog.processes.get(index) else {
            return;
        };
        let settings = &self.forms.print_settings;
        let (fonts, _) = crate::pdf::FontSet::with_custom(settings.font());
        let doc =
            crate::pdf::process::process_sheet(p, &self.forms.profile, settings.digits(), fonts);
        self.preview = Some(super::print::PrintPreview::new(
            doc,
            &format!("มาตรฐานงาน-{}", p.id()),
            settings,
        ));
    }

    /// Opens the print preview of the whole manual.
    pub fn print_manual(&mut self) {
        let settings = &self.forms.print_settings;
        let (fonts, _) = crate::pdf::FontSet::with_custom(settings.font());
        let doc = crate::pdf::manual::manual_document(
            &self.catalog,
            &self.forms.templates,
            &self.forms.profile,
            chrono::Local::now().date_naive(),
            settings.digits(),
            fonts,
        );
        self.preview = Some(super::print::PrintPreview::new(
            doc,
            "คู่มือการปฏิบัติงาน",
            settings,
        ));
    }

    fn tab_strip(&mut self, ui: &mut Ui) {
        let mut close = None;
        egui::ScrollArea::horizontal().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (i, tab) in self.tabs.iter().enumerate() {
                    let Some(p) = self.catalog.processes.get(tab.process) else {
                        continue;
                    };
                    let short = thai_text::shorten(&p.title(), 30);
                    let selected = self.active == Some(i);
                    let r = ui
                        .add(egui::Button::selectable(selected, short))
                        .on_hover_text(p.title());
                    r.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::Button,
                            true,
                            selected,
                            format!("แท็บ {}", p.title()),
                        )
                    });
                    if r.clicked() {
                        self.active = Some(i);
                    }
                    let x = ui.small_button("×").on_hover_text("ปิดแท็บ");
                    x.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            format!("ปิดแท็บ {}", p.title()),
                        )
                    });
                    if x.clicked() {
                        close = Some(i);
                    }
                    ui.separator();
                }
            });
        });
        if let Some(i) = close {
            self.close(i);
        }
    }

    fn welcome(&self, ui: &mut Ui) {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.heading("คู่มือการปฏิบัติงาน");
            ui.label("กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร");
            ui.add_space(12.0);
            ui.label(format!(
                "มาตรฐานการปฏิบัติงาน {} กระบวนงาน ใน {} กลุ่มงาน",
                crate::thai::digits(self.catalog.processes.len()),
                crate::thai::digits(self.catalog.areas.len()),
            ));
            ui.add_space(8.0);
            ui.label(
                RichText::new("เลือกกระบวนงานจากรายการด้านซ้ายเพื่อเปิดเป็นแท็บ ค้นหาได้ทั้งจากชื่อและเนื้อหา")
                    .weak(),
            );
        });
    }

    /// Opens a view of the active tab (used by the table ⇄ chart links and by tests).
    pub fn set_view(&mut self, view: View) {
        if let Some(tab) = self.active.and_then(|a| self.tabs.get_mut(a)) {
            tab.view = view;
        }
    }
}

impl eframe::App for DlictApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
