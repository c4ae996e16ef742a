//! The shell: owns the workspace (the data) and the areas (view state), draws the area of the
//! chosen section with the workspace lent to it, then applies what the views asked for, in
//! one `match` (`apply`).

use super::action::{Actions, AppAction};
use super::dialogs::Dialogs;
use super::forms::FormsArea;
use super::manual::ManualArea;
use super::print::PrintPreview;
use super::process_tab::View;
use super::recovery::Recovery;
use super::settings::SettingsView;
use super::style::{self, Notice, Toasts};
use super::workspace::Workspace;
use crate::catalog::Catalog;
use crate::store::{Store, StoreError};
use egui::{RichText, Ui};
use std::path::Path;

/// The parts of the window, chosen in the title bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Cases,
    Manual,
    Forms,
    Reports,
    Data,
    Settings,
}

/// The parts of the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsTab {
    Office,
    Calendar,
    Server,
}

pub struct DlictApp {
    pub catalog: Catalog,
    /// The data every area works on.
    pub ws: Workspace,
    pub section: Section,
    pub cases: super::cases::CasesArea,
    /// A case to show once the window can lay its chart out (next frame).
    pub pending_case: Option<i64>,
    pub manual: ManualArea,
    pub forms: FormsArea,
    pub data: super::data::DataArea,
    pub reports: super::reports::ReportsArea,
    pub settings: SettingsView,
    pub settings_tab: SettingsTab,
    pub calendar: super::calendar_settings::CalendarSettings,
    /// ตั้งค่าสำนักงาน › ฐานข้อมูลกลาง.
    pub server: super::server_settings::ServerSettings,
    /// The print preview window, when open (one for the whole window).
    pub preview: Option<PrintPreview>,
    /// The database failed its check on start: what is wrong and the backup to restore.
    pub recovery: Option<Recovery>,
    pub dialogs: Dialogs,
    pub toasts: Toasts,
    /// The first-start setup, while it is open.
    pub first_start: Option<super::first_start::FirstStart>,
    /// "ใครใช้งานอยู่", on start when several officers are set.
    pub chooser: Option<super::first_start::OfficerChooser>,
    /// The window's context once drawn (the server's line asks it for a frame).
    pub ctx: Option<egui::Context>,
    /// On the shared server: the copy of its data the reports are made from.
    pub report_copy: Option<super::server_line::ReportCopy>,
    /// Why the last copy could not be taken (taken again when the officer asks).
    pub report_copy_error: Option<String>,
    /// A copy being taken on a thread of its own.
    pub report_copy_job:
        Option<std::sync::mpsc::Receiver<Result<super::server_line::ReportCopy, String>>>,
}

impl DlictApp {
    /// The app on a throw-away database in memory (tests, previews).
    pub fn new(catalog: Catalog) -> Self {
        DlictApp::with_store(catalog, Store::open_in_memory().map_err(|e| e.to_string()))
    }

    /// The app on an opened store, or on the reason it could not be opened (shown in Thai).
    pub fn with_store(catalog: Catalog, store: Result<Store, String>) -> Self {
        let ws = Workspace::new(store);
        let settings = SettingsView::new(&ws.profile)
            .with_print(&ws.print_settings)
            .with_numbering(&ws.numbering);
        DlictApp {
            catalog,
            ws,
            section: Section::Manual,
            cases: super::cases::CasesArea::default(),
            pending_case: None,
            manual: ManualArea::default(),
            forms: FormsArea::default(),
            data: super::data::DataArea::default(),
            reports: super::reports::ReportsArea::default(),
            settings,
            settings_tab: SettingsTab::Office,
            calendar: super::calendar_settings::CalendarSettings::default(),
            server: super::server_settings::ServerSettings::default(),
            preview: None,
            recovery: None,
            dialogs: Dialogs::default(),
            toasts: Toasts::default(),
            first_start: None,
            chooser: None,
            ctx: None,
            report_copy: None,
            report_copy_error: None,
            report_copy_job: None,
        }
    }

    /// The app on the database at `db` as the window opens it: checked first, and a damaged
    /// file is neither opened for writing nor changed; the app then offers its newest backup.
    /// `read_only`: another window has the database.
    pub fn open_database(catalog: Catalog, db: &Path, read_only: bool) -> Self {
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
        // A new database asks who uses it; a database with several officers asks who is at
        // the keyboard.
        if let Some(s) = app.ws.store.as_ref().filter(|s| !s.is_read_only()) {
            if matches!(s.profile_saved(), Ok(false)) {
                app.first_start = Some(super::first_start::FirstStart::new(&app.ws.profile));
            } else if app.ws.profile.officers().len() > 1 {
                app.chooser = Some(super::first_start::OfficerChooser {
                    officers: app.ws.profile.officers().into_iter().cloned().collect(),
                });
            }
        }
        app
    }

    /// Where files go when no file dialog can be shown: "เอกสาร" beside the database (the
    /// data folder), or under the temporary folder for a database in memory.
    pub fn documents_folder(&self) -> std::path::PathBuf {
        self.ws
            .store
            .as_ref()
            .map(|s| s.path().to_path_buf())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(
                || std::env::temp_dir().join("dlict-เอกสาร"),
                |d| d.join("เอกสาร"),
            )
    }

    /// Whether there are cases still being worked on.
    pub fn has_active_cases(&self) -> bool {
        let f = crate::store::CaseFilter {
            status: crate::store::CaseStatusFilter::Active,
            ..crate::store::CaseFilter::default()
        };
        self.ws
            .store
            .as_ref()
            .and_then(|s| s.case_count(&f, self.ws.clock.today()).ok())
            .is_some_and(|n| n > 0)
    }

    /// Opens the forms area on a new record of a form.
    pub fn fill_form(&mut self, template_id: &str) {
        self.apply_all(vec![AppAction::FillForm(template_id.to_owned())]);
    }

    /// Selects a form in the forms area and shows its records.
    pub fn select_form(&mut self, id: &str) {
        self.forms.select(&mut self.ws, id);
    }

    /// Opens a saved record in the editor.
    pub fn open_record(&mut self, id: i64) {
        self.forms.open_record(&self.ws, id);
    }

    /// Reads a template file and saves it as the next version of its form.
    pub fn import_template_file(&mut self, path: &Path) -> Result<crate::forms::Template, String> {
        super::forms::template_files::import_file(&mut self.ws, path)
    }

    /// Opens a process as a tab, or brings its tab to the front.
    pub fn open(&mut self, ctx: &egui::Context, process: usize) {
        self.manual.open(ctx, &self.catalog, process);
    }

    /// Opens a view of the active process tab.
    pub fn set_view(&mut self, view: View) {
        self.manual.set_view(view);
    }

    /// Another window, a command or another program changed the database: the counts, lists
    /// and cases are read again, and an open record that was saved elsewhere says so (its
    /// own save would be refused, not overwrite). One cheap check per frame, and a repaint
    /// each second so that an idle window follows too.
    fn follow_others(&mut self, ctx: &egui::Context) {
        let Some(now) = self.ws.store.as_ref().and_then(|s| s.data_version().ok()) else {
            return;
        };
        ctx.request_repaint_after(std::time::Duration::from_secs(1));
        let seen = self.ws.seen_data_version.replace(now);
        if seen.is_none_or(|v| v == now) {
            return;
        }
        self.ws.reload();
        self.forms.reload_list(&mut self.ws);
        if let super::forms::FormsView::Edit(ed) = &mut self.forms.view
            && let (Some(id), Some(seen)) = (ed.record_id, ed.version)
            && let Some(Ok(r)) = self.ws.store.as_ref().map(|s| s.record(id))
            && r.version != seen
            && ed.conflict.is_none()
        {
            ed.message = Some(crate::ui::style::Notice::error(
                "บันทึกนี้เพิ่งถูกแก้ไขจากที่อื่น (อีกหน้าต่างหรืออีกเครื่อง) ถ้าบันทึกตอนนี้ โปรแกรมจะแสดงทั้งสองฉบับให้เลือก ไม่เขียนทับ",
            ));
        }
    }

    /// The whole window.
    pub fn show(&mut self, ui: &mut Ui) {
        if !super::fonts::installed(ui.ctx()) {
            // New fonts take effect from the next pass: draw from then on.
            super::fonts::install(ui.ctx());
            ui.ctx().request_repaint();
            return;
        }
        if self.ctx.is_none() {
            self.ctx = Some(ui.ctx().clone());
        }
        self.follow_others(ui.ctx());
        self.follow_server();
        let mut out: Actions = Vec::new();
        self.title_bar(ui);
        self.server_status(ui);
        self.dialogs.documents = Some(self.documents_folder());
        if self.dialogs.fallback.is_some() {
            egui::Panel::top("dialog_fallback").show(ui, |ui| {
                super::dialogs::show_fallback(ui, &mut self.dialogs);
            });
        }
        if let Some(r) = &mut self.recovery {
            r.show(ui, &mut self.dialogs, &mut out);
        }
        super::print::show(ui.ctx(), &mut self.preview, &mut self.dialogs);
        if let Some(setup) = &mut self.first_start {
            match setup.show(ui.ctx()) {
                Some(super::first_start::SetupOutcome::Save(p)) => {
                    out.push(AppAction::SaveSetup(p));
                }
                Some(super::first_start::SetupOutcome::Later) => self.first_start = None,
                None => {}
            }
        } else if let Some(chooser) = &mut self.chooser
            && let Some(s) = chooser.show(ui.ctx())
        {
            out.push(AppAction::ChooseOfficer(s));
        }
        if let Some(id) = self.pending_case.take() {
            self.cases.open_case(ui.ctx(), &self.catalog, &self.ws, id);
        }
        let on_server = self.ws.server.is_some();
        match self.section {
            Section::Reports if on_server => self.reports_on_server(ui, &mut out),
            Section::Data if on_server => self.data_on_server(ui, &mut out),
            Section::Cases => self.cases.show(ui, &self.catalog, &mut self.ws, &mut out),
            Section::Manual => self.manual.show(ui, &self.catalog, &self.ws, &mut out),
            Section::Forms => {
                egui::Panel::left("forms")
                    .resizable(true)
                    .default_size(style::space::SIDE_PANEL)
                    .size_range(240.0..=560.0)
                    .show(ui, |ui| {
                        super::forms::side_list::show(&mut self.forms, ui, &mut self.ws);
                    });
                egui::CentralPanel::default().show(ui, |ui| {
                    self.forms
                        .show(ui, &mut self.ws, &mut self.dialogs, &mut out);
                });
            }
            Section::Reports => {
                self.reports
                    .show(ui, &self.catalog, &mut self.ws, &mut self.dialogs, &mut out);
            }
            Section::Data => {
                egui::CentralPanel::default().show(ui, |ui| {
                    self.data
                        .show(ui, &mut self.ws, &self.catalog, &mut self.dialogs, &mut out);
                });
            }
            Section::Settings => {
                egui::Panel::top("settings_tabs").show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for (tab, text) in [
                            (SettingsTab::Office, "สำนักงานและการพิมพ์"),
                            (SettingsTab::Calendar, "ปฏิทินวันทำการ"),
                            (SettingsTab::Server, "ฐานข้อมูลกลาง"),
                        ] {
                            if ui
                                .selectable_label(
                                    self.settings_tab == tab,
                                    RichText::new(text).size(style::size::NAV),
                                )
                                .clicked()
                            {
                                self.settings_tab = tab;
                            }
                        }
                    });
                });
                match self.settings_tab {
                    SettingsTab::Office => {
                        egui::CentralPanel::default().show(ui, |ui| {
                            let writable = self.ws.writable();
                            self.settings
                                .show(ui, writable, &mut self.dialogs, &mut out);
                        });
                    }
                    SettingsTab::Calendar => {
                        egui::CentralPanel::default().show(ui, |ui| {
                            self.calendar.show(ui, &mut self.ws);
                        });
                    }
                    SettingsTab::Server => {
                        egui::CentralPanel::default().show(ui, |ui| {
                            self.server
                                .show(ui, &mut self.ws, &mut self.dialogs, &mut out);
                        });
                    }
                }
            }
        }
        self.toasts.show(ui.ctx());
        self.apply_all(out);
    }

    fn title_bar(&mut self, ui: &mut Ui) {
        egui::Panel::top("title").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("dlict").font(super::fonts::bold(style::size::TITLE)));
                ui.separator();
                for (section, text) in [
                    (Section::Cases, "งาน / เรื่อง"),
                    (Section::Manual, "คู่มือกระบวนงาน"),
                    (Section::Forms, "แบบฟอร์มและบันทึก"),
                    (Section::Reports, "รายงาน"),
                    (Section::Data, "ข้อมูลและการสำรอง"),
                    (Section::Settings, "ตั้งค่าสำนักงาน"),
                ] {
                    let r = ui.selectable_label(
                        self.section == section,
                        RichText::new(text).size(style::size::NAV),
                    );
                    if r.clicked() {
                        if section == Section::Reports {
                            // Records may have changed elsewhere since it was computed.
                            self.reports.stale = true;
                        }
                        if section == Section::Settings {
                            self.settings.refresh(&self.ws);
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
    }

    /// Applies what the views asked for this frame, in order.
    pub fn apply_all(&mut self, actions: Actions) {
        for a in actions {
            self.apply(a);
        }
    }

    fn apply(&mut self, action: AppAction) {
        match action {
            AppAction::UseServer(server) => self.connect_server(*server),
            AppAction::LeaveServer => self.leave_server(),
            AppAction::OpenProcess(i) => self.manual.pending_open = Some(i),
            AppAction::FillForm(id) => {
                self.section = Section::Forms;
                self.forms.new_record(&mut self.ws, &id);
            }
            AppAction::PrintProcess(i) => {
                if let Some(p) = self.catalog.processes.get(i) {
                    self.preview = Some(PrintPreview::of_process(&self.ws, p));
                }
            }
            AppAction::PrintManual => {
                self.preview = Some(PrintPreview::of_manual(&self.ws, &self.catalog));
            }
            AppAction::PrintForm {
                template,
                answers,
                record_id,
            } => {
                self.preview = Some(PrintPreview::of_form(
                    &self.ws,
                    &template,
                    answers.as_ref(),
                    record_id,
                ));
            }
            AppAction::PrintRecords(ids) => match PrintPreview::of_records(&self.ws, &ids) {
                Ok(p) => self.preview = Some(p),
                Err(e) => self.forms.message = Some(Notice::error(e)),
            },
            AppAction::OpenRecord(id) => {
                self.section = Section::Forms;
                if let Some(link) = &self.ws.server {
                    link.ask(crate::store::server::link::Ask::Open(id));
                    return;
                }
                if let Ok((r, _)) = self.ws.record_template(id) {
                    self.forms.select(&mut self.ws, &r.form_id);
                }
                self.forms.open_record(&self.ws, id);
            }
            AppAction::RecordSaved(id) => {
                if let Some(case) = self.forms.record_saved(&mut self.ws, id) {
                    self.attach_to_case(case, id);
                }
            }
            AppAction::OpenCase(id) => {
                self.section = Section::Cases;
                self.pending_case = Some(id);
            }
            AppAction::ShowCases => {
                self.section = Section::Cases;
                self.cases.view = super::cases::CasesView::List;
            }
            AppAction::NewCase { process, record } => {
                self.section = Section::Cases;
                self.cases
                    .start_new(&self.catalog, &self.ws, process, record);
            }
            AppAction::FillFormForCase { case, form } => {
                self.section = Section::Forms;
                if let Some(link) = &self.ws.server {
                    // The case as the server has it; the form opens when it comes.
                    link.job(super::cases::CASE_FOR_FORM, move |s| {
                        Ok((s.case_of(case)?, form))
                    });
                    return;
                }
                self.forms.new_record_for_case(&mut self.ws, &form, case);
            }
            AppAction::PrintCase(id) => {
                if let Some(link) = &self.ws.server {
                    link.job(super::cases::CASE_PRINT, move |s| s.case_of(id));
                    return;
                }
                match PrintPreview::of_case(&self.ws, &self.catalog, id) {
                    Ok(p) => self.preview = Some(p),
                    Err(e) => self.toasts.push(Notice::error(e)),
                }
            }
            AppAction::PrintMemo(m) => self.preview = Some(PrintPreview::of_memo(&self.ws, &m)),
            AppAction::ShowReport(form) => {
                self.section = Section::Reports;
                self.reports.open_form(&form);
            }
            AppAction::ShowPreview { doc, name } => {
                self.preview = Some(PrintPreview::new(*doc, &name, &self.ws.print_settings));
            }
            AppAction::ShowCalendar => {
                self.section = Section::Settings;
                self.settings_tab = SettingsTab::Calendar;
            }
            AppAction::CloseEditor => self.forms.close_editor(&mut self.ws),
            AppAction::SaveTemplate(t) => self.forms.save_template(&mut self.ws, &t),
            AppAction::BackToList => self.forms.view = super::forms::FormsView::List,
            AppAction::SaveProfile(p) => {
                let res = self
                    .ws
                    .store_mut()
                    .and_then(|s| s.save_profile(&p).map_err(|e| e.to_string()));
                self.settings.message = Some(match res {
                    Ok(()) => {
                        // On the shared server the office's profile is the server's too (the
                        // case numbers' prefix, the officers); the answer comes as a toast.
                        if let Some(link) = &self.ws.server {
                            let shared = (*p).clone();
                            link.job(super::server_line::PROFILE_SAVED, move |s| {
                                s.save_office_profile(&shared)
                            });
                            if !p.officer.name.is_empty() {
                                link.set_officer(&p.officer.name);
                            }
                        }
                        self.ws.profile = *p;
                        self.ws.apply_session_officer();
                        Notice::ok("บันทึกการตั้งค่าแล้ว")
                    }
                    Err(e) => Notice::error(e),
                });
            }
            AppAction::SaveSetup(p) => {
                let res = self
                    .ws
                    .store_mut()
                    .and_then(|s| s.save_profile(&p).map_err(|e| e.to_string()));
                match res {
                    Ok(()) => {
                        self.settings.draft = (*p).clone();
                        self.ws.session_officer = None;
                        self.ws.profile = *p;
                        self.first_start = None;
                        self.toasts.push(Notice::ok(format!(
                            "ตั้งค่าแล้ว: บันทึกการใช้งานจะระบุชื่อ {}",
                            self.ws.profile.officer.name
                        )));
                    }
                    Err(e) => {
                        if let Some(setup) = &mut self.first_start {
                            setup.error = Some(format!("บันทึกการตั้งค่าไม่ได้: {e}"));
                        }
                    }
                }
            }
            AppAction::OpenSetup => {
                self.first_start = Some(super::first_start::FirstStart::new(&self.ws.profile));
            }
            AppAction::ChooseOfficer(s) => {
                self.ws.session_officer = Some(s);
                self.ws.apply_session_officer();
                self.chooser = None;
            }
            AppAction::SaveNumbering(n) => {
                let res = self
                    .ws
                    .store_mut()
                    .and_then(|s| s.save_case_numbering(&n).map_err(|e| e.to_string()));
                self.settings.numbering_message = Some(match res {
                    Ok(()) => {
                        self.ws.numbering = n;
                        Notice::ok("บันทึกรูปแบบเลขที่เรื่องแล้ว ใช้กับเรื่องที่เปิดต่อจากนี้")
                    }
                    Err(e) => Notice::error(e),
                });
            }
            AppAction::SavePrintSettings(p) => {
                let res = self
                    .ws
                    .store_mut()
                    .and_then(|s| s.save_print_settings(&p).map_err(|e| e.to_string()));
                self.settings.print_message = Some(match res {
                    Ok(()) => {
                        self.ws.print_settings = p;
                        Notice::ok("บันทึกการตั้งค่าการพิมพ์แล้ว")
                    }
                    Err(e) => Notice::error(e),
                });
            }
            AppAction::RestoreOverDamaged(from) => self.restore_over_damaged(&from),
            AppAction::DismissRecovery => self.recovery = None,
            AppAction::Reload => {
                self.ws.reload();
                self.forms.reload_list(&mut self.ws);
            }
            AppAction::Toast(n) => self.toasts.push(n),
        }
    }

    /// Attaches a record saved for a case to it, and says so.
    pub(super) fn attach_to_case(&mut self, case: i64, record: i64) {
        let now = self.ws.clock.now();
        if let Some(link) = &self.ws.server {
            link.job(super::cases::CASE_ATTACHED, move |s| {
                let number = s.record(record).map_or(record, |r| r.number);
                s.attach(case, record, now)?;
                Ok(number)
            });
            return;
        }
        let number = self
            .ws
            .store
            .as_ref()
            .and_then(|s| s.record(record).ok())
            .map_or(record, |r| r.number);
        let r = self.ws.store_mut().and_then(|s| {
            s.attach_record(case, record, now)
                .map_err(|e| e.to_string())
        });
        match r {
            Ok(()) => {
                self.ws.cases_changed();
                self.toasts.push(Notice::ok(format!(
                    "แนบบันทึกเลขที่ {} กับเรื่องแล้ว",
                    crate::thai::digits(number)
                )));
            }
            Err(e) => self
                .toasts
                .push(Notice::error(format!("แนบกับเรื่องไม่ได้: {e}"))),
        }
    }

    fn restore_over_damaged(&mut self, from: &Path) {
        let Some(r) = &mut self.recovery else {
            return;
        };
        match crate::store::backup::restore_over_damaged(&r.db, from) {
            Ok((store, aside)) => {
                self.ws = Workspace::new(Ok(store));
                self.settings.refresh(&self.ws);
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
}

impl eframe::App for DlictApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
