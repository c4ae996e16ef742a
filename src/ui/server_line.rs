//! The window on the shared server: what the line to it sent, applied once a frame (lists and
//! counts read again when another officer saved, a record opened, a save committed or kept
//! as a draft), and the one line at the top that says whether the server answers.

use super::app::DlictApp;
use super::cases::case_view::CaseActed;
use super::cases::dashboard::ListData;
use super::forms::FormsView;
use super::forms::editor::RecordEditor;
use super::style::{self, Notice};
use super::workspace::{Line, ServerPage};
use crate::store::StoreError;
use crate::store::server::link::{Ask, Reply, ServerLink};
use crate::thai::digits;
use egui::{RichText, Ui};

impl DlictApp {
    /// From now on the window keeps its records on the server `link` is to; the office's file
    /// keeps the drafts, the profile and the print settings.
    pub fn use_server(&mut self, link: ServerLink) {
        if let Some(name) = self.ws.session_officer.as_ref().map(|s| s.name.clone()) {
            link.set_officer(&name);
        } else if !self.ws.profile.officer.name.is_empty() {
            link.set_officer(&self.ws.profile.officer.name);
        }
        self.ws.server = Some(link);
        self.ws.line = Line::Connecting;
        self.ws.counts.clear();
        self.ws.reread_drafts();
    }

    /// Starts the line to `server` and keeps the records there from now on.
    pub fn connect_server(&mut self, server: crate::store::server::Server) {
        let ctx = self.ctx.clone();
        let link = ServerLink::start(server, self.ws.builtin.clone(), move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        });
        self.use_server(link);
        self.forms.view = FormsView::List;
        self.forms.reload_list(&mut self.ws);
    }

    /// Back to the database on this PC (the line is closed; drafts stay in the file).
    pub fn leave_server(&mut self) {
        self.ws.server = None;
        self.ws.server_page = None;
        self.ws.line = Line::Connecting;
        self.forms.view = FormsView::List;
        self.ws.reload();
        self.forms.reload_list(&mut self.ws);
    }

    /// Applies what the server sent since the last frame.
    pub(super) fn follow_server(&mut self) {
        let Some(link) = &self.ws.server else {
            return;
        };
        let mut replies = link.replies(self.ws.store.as_ref());
        // Several changes since the last frame are read again once.
        let mut changed = false;
        replies.retain(|r| !matches!(r, Reply::Changed) || !std::mem::replace(&mut changed, true));
        for r in replies {
            self.apply_reply(r);
        }
    }

    fn apply_reply(&mut self, r: Reply) {
        match r {
            Reply::Connected { templates } => {
                self.ws.line = Line::Up;
                self.ws.templates = templates;
                // The server's holidays and office hours count the due dates shown.
                self.ws.calendar_changed();
                self.forms.reload_list(&mut self.ws);
                self.ws.recount();
            }
            Reply::Unreachable(why) => self.ws.line = Line::Down(why),
            Reply::Changed => {
                self.forms.reload_list(&mut self.ws);
                self.ws.recount();
                // The case lists and an open case read again.
                self.ws.cases_changed();
                // Forms another officer adapted.
                if let Some(link) = &self.ws.server {
                    let builtin = self.ws.builtin.clone();
                    link.job(TEMPLATES_READ, move |s| s.templates_now(&builtin));
                }
                // A record open in the editor: is it still the version the officer opened?
                if let (FormsView::Edit(ed), Some(link)) = (&self.forms.view, &self.ws.server)
                    && let Some(id) = ed.record_id
                {
                    link.job(RECORD_VERSION, move |s| Ok((id, s.record(id)?.version)));
                }
            }
            Reply::Job { tag, out } => self.job_done(tag, out),
            Reply::Page {
                form_id,
                words,
                total,
                rows,
            } => {
                self.ws.line = Line::Up;
                // An answer to words since changed is dropped (the newer one follows).
                if words == super::forms::server_list::words(&self.forms.server_query) {
                    self.ws.server_page = Some(ServerPage {
                        form_id,
                        total,
                        rows,
                    });
                }
            }
            Reply::Counts(c) => self.ws.counts = c,
            Reply::Opened(Ok((r, t))) => {
                if self.forms.selected.as_deref() != Some(r.form_id.as_str()) {
                    self.forms.select(&mut self.ws, &r.form_id);
                }
                self.forms.view =
                    FormsView::Edit(Box::new(RecordEditor::open(t, &r, &self.ws.profile)));
            }
            Reply::Opened(Err(e)) => self.forms.message = Some(Notice::error(e)),
            Reply::Saved { slot, id, record } => {
                self.ws.line = Line::Up;
                self.ws.reread_drafts();
                let FormsView::Edit(ed) = &mut self.forms.view else {
                    return;
                };
                if ed.draft_slot != slot {
                    return;
                }
                let Some(sent) = ed.sending.take() else {
                    return;
                };
                let typed_since = ed.inputs.clone();
                let changed_since = ed.checked().0 != sent.answers;
                ed.saved(id, record.as_ref(), sent.status, &sent.answers);
                if changed_since {
                    // Typed on while the save travelled: that typing stays, unsaved.
                    ed.inputs = typed_since;
                    ed.dirty = true;
                }
                ed.next_copy = sent.next;
                if let Some(case) = self.forms.record_saved(&mut self.ws, id) {
                    self.attach_to_case(case, id);
                }
            }
            Reply::NotSaved {
                slot,
                error,
                theirs,
            } => {
                self.ws.reread_drafts();
                if matches!(error, crate::store::StoreError::Server(_)) {
                    self.ws.line = Line::Down(error.to_string());
                }
                let FormsView::Edit(ed) = &mut self.forms.view else {
                    return;
                };
                if ed.draft_slot != slot {
                    return;
                }
                let Some(sent) = ed.sending.take() else {
                    return;
                };
                let conflict = theirs.is_some();
                ed.refused(&error, theirs.map(|b| *b), sent.answers, sent.status);
                if !conflict {
                    ed.message = Some(Notice::error(format!(
                        "{error} สิ่งที่กรอกเก็บเป็นฉบับร่างในเครื่องนี้แล้ว ไม่หาย กดบันทึกอีกครั้งเมื่อเชื่อมต่อได้"
                    )));
                }
            }
        }
    }

    /// The reports area on the shared server: made from one consistent copy of the server's
    /// data (taken on a thread of its own, said when it was taken, taken again on request
    /// or after a KPI result is saved there).
    pub(super) fn reports_on_server(&mut self, ui: &mut Ui, out: &mut super::action::Actions) {
        self.on_server_copy(ui, out, |app, ui, out| {
            app.reports
                .show(ui, &app.catalog, &mut app.ws, &mut app.dialogs, out);
        });
    }

    /// ข้อมูลและการสำรอง on the shared server: exports and the log from the same copy; what
    /// an export logs on the copy is written to the server's log through the line.
    pub(super) fn data_on_server(&mut self, ui: &mut Ui, out: &mut super::action::Actions) {
        self.on_server_copy(ui, out, |app, ui, out| {
            egui::CentralPanel::default().show(ui, |ui| {
                app.data
                    .show(ui, &mut app.ws, &app.catalog, &mut app.dialogs, out);
            });
        });
        // An import or a restore changed the server's data: the copy is taken again.
        if std::mem::take(&mut self.data.copy_stale) {
            self.report_copy = None;
            self.reports.stale = true;
        }
    }

    /// Draws an area on a copy of the server's data (`ws.store` is the copy while `draw`
    /// runs), taking the copy first when there is none.
    fn on_server_copy(
        &mut self,
        ui: &mut Ui,
        out: &mut super::action::Actions,
        draw: impl FnOnce(&mut Self, &mut Ui, &mut super::action::Actions),
    ) {
        if let Some(rx) = &self.report_copy_job {
            match rx.try_recv() {
                Ok(Ok(copy)) => {
                    self.report_copy = Some(copy);
                    self.report_copy_job = None;
                    self.reports.stale = true;
                    self.data.forget_log();
                }
                Ok(Err(e)) => {
                    self.report_copy_job = None;
                    self.report_copy_error = Some(e);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.report_copy_job = None,
            }
        }
        let mut refresh = self.report_copy.is_none()
            && self.report_copy_job.is_none()
            && self.report_copy_error.is_none();
        egui::Panel::top("report_copy").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if self.report_copy_job.is_some() {
                    ui.spinner();
                    ui.label("กำลังอ่านข้อมูลจากฐานข้อมูลกลาง…");
                } else if let Some(c) = &self.report_copy {
                    ui.label(format!(
                        "ข้อมูลของฐานข้อมูลกลาง ณ เวลา {} น. (รายงาน ส่งออก และบันทึกการใช้งานในหน้านี้)",
                        digits(c.taken.format("%H:%M"))
                    ));
                }
                refresh |= ui
                    .add_enabled(
                        self.report_copy_job.is_none(),
                        egui::Button::new("อ่านข้อมูลล่าสุดจากฐานข้อมูลกลาง"),
                    )
                    .clicked();
            });
        });
        if refresh && let Some(link) = &self.ws.server {
            let server = link.server().clone();
            let (tx, rx) = std::sync::mpsc::channel();
            let ctx = ui.ctx().clone();
            std::thread::spawn(move || {
                let _ = tx.send(ReportCopy::take(&server));
                ctx.request_repaint();
            });
            self.report_copy_job = Some(rx);
            self.report_copy_error = None;
        }
        let Some(mut copy) = self.report_copy.take() else {
            if let Some(e) = &self.report_copy_error {
                let n = Some(Notice::error(format!("อ่านข้อมูลจากฐานข้อมูลกลางไม่ได้: {e}")));
                egui::CentralPanel::default().show(ui, |ui| style::notice(ui, &n));
            }
            return;
        };
        // The area reads the copy as its store for this frame.
        std::mem::swap(&mut self.ws.store, &mut copy.store);
        draw(self, ui, out);
        std::mem::swap(&mut self.ws.store, &mut copy.store);
        copy.relog(self.ws.server.as_ref());
        self.report_copy = Some(copy);
    }

    /// Work sent by the cases area came back: routed by its tag.
    fn job_done(
        &mut self,
        tag: &'static str,
        out: Result<Box<dyn std::any::Any + Send>, StoreError>,
    ) {
        use super::cases::{
            CASE_ACTED, CASE_ATTACHED, CASE_FOR_FORM, CASE_LIST, CASE_OPENED, CASE_PRINT,
            CASE_STARTED, CasesView,
        };
        fn take<T: 'static>(
            out: Result<Box<dyn std::any::Any + Send>, StoreError>,
        ) -> Result<T, StoreError> {
            out?.downcast::<T>()
                .map(|b| *b)
                .map_err(|_other| StoreError::Sql("คำตอบของฐานข้อมูลกลางไม่ตรงกับที่ถาม".into()))
        }
        if let Err(StoreError::Server(why)) = &out {
            self.ws.line = Line::Down(why.clone());
        }
        match tag {
            CASE_OPENED => {
                if let Some(ctx) = self.ctx.clone() {
                    self.cases
                        .case_arrived(&ctx, &self.catalog, &self.ws, take(out));
                }
            }
            CASE_ACTED => match (take::<CaseActed>(out), &mut self.cases.view) {
                (Ok(a), CasesView::Case(screen))
                    if a.case.as_ref().is_none_or(|c| c.id == screen.case.id) =>
                {
                    screen.acted(&mut self.ws, a);
                }
                (Err(e), CasesView::Case(screen)) => {
                    screen.waiting = false;
                    screen.message = Some(Notice::error(format!("{e} ไม่มีสิ่งใดเปลี่ยน")));
                }
                _ => {}
            },
            CASE_LIST => match take::<ListData>(out) {
                Ok(d) => self.cases.list.arrived(d),
                Err(e) => self.cases.list.not_arrived(&e),
            },
            CASE_STARTED => match (take::<i64>(out), &mut self.cases.view) {
                (Ok(id), _) => {
                    self.ws.cases_changed();
                    self.pending_case = Some(id);
                }
                (Err(e), CasesView::New(form)) => {
                    form.waiting = false;
                    form.message = Some(Notice::error(e.to_string()));
                }
                (Err(e), _) => self.cases.message = Some(Notice::error(e.to_string())),
            },
            CASE_PRINT => match take::<crate::cases::Case>(out)
                .map_err(|e| e.to_string())
                .and_then(|c| super::print::PrintPreview::of_case_read(&self.ws, &self.catalog, &c))
            {
                Ok(p) => self.preview = Some(p),
                Err(e) => self.toasts.push(Notice::error(e)),
            },
            CASE_ATTACHED => match take::<i64>(out) {
                Ok(number) => {
                    self.ws.cases_changed();
                    self.toasts.push(Notice::ok(format!(
                        "แนบบันทึกเลขที่ {} กับเรื่องแล้ว",
                        digits(number)
                    )));
                }
                Err(e) => self
                    .toasts
                    .push(Notice::error(format!("แนบกับเรื่องไม่ได้: {e}"))),
            },
            super::forms::FORM_COPY => {
                match take::<(crate::store::Record, crate::forms::Template)>(out) {
                    Ok((r, t)) => {
                        self.forms.view = FormsView::Edit(Box::new(RecordEditor::duplicate(
                            t,
                            &r,
                            &self.ws.profile,
                        )));
                    }
                    Err(e) => self.forms.message = Some(Notice::error(e.to_string())),
                }
            }
            super::forms::FORM_CHANGED => {
                match take::<String>(out) {
                    Ok(text) => {
                        self.forms.cancelling = false;
                        self.forms.cancel_reason.clear();
                        self.forms.message = Some(Notice::ok(text));
                    }
                    Err(e) => self.forms.message = Some(Notice::error(e.to_string())),
                }
                self.forms.reload_list(&mut self.ws);
            }
            super::forms::FORM_HISTORY => {
                match take::<(i64, Vec<crate::store::AuditEntry>, crate::forms::Template)>(out) {
                    Ok((number, entries, t)) => {
                        self.forms.view = FormsView::History(number, entries, Box::new(t));
                    }
                    Err(e) => self.forms.message = Some(Notice::error(e.to_string())),
                }
            }
            super::forms::FORM_TEMPLATE => match take::<(u32, Vec<crate::forms::Template>)>(out) {
                Ok((version, templates)) => {
                    self.ws.templates = templates;
                    self.forms.view = FormsView::List;
                    self.forms.message = Some(Notice::ok(format!(
                        "บันทึกแบบฟอร์มรุ่น {} ที่ฐานข้อมูลกลางแล้ว บันทึกใหม่ทุกเครื่องจะใช้รุ่นนี้",
                        digits(version)
                    )));
                }
                Err(e) => {
                    if let FormsView::Template(te) = &mut self.forms.view {
                        te.message = Some(Notice::error(e.to_string()));
                    }
                }
            },
            super::forms::FORM_PRINT => {
                match take::<Vec<(crate::store::Record, crate::forms::Template)>>(out) {
                    Ok(read) => {
                        self.preview =
                            Some(super::print::PrintPreview::of_records_read(&self.ws, &read));
                    }
                    Err(e) => {
                        self.forms.message = Some(Notice::error(format!("พิมพ์ไม่ได้: {e}")));
                    }
                }
            }
            super::workspace::CALENDAR_READ => {
                if let Ok(cal) = take::<crate::calendar::WorkCalendar>(out) {
                    self.ws.calendar = cal;
                    self.ws.cases_changed();
                }
            }
            super::workspace::CALENDAR_CHANGED => match take::<(
                Result<String, String>,
                Option<crate::calendar::WorkCalendar>,
            )>(out)
            {
                Ok((said, cal)) => {
                    if let Some(cal) = cal {
                        self.ws.calendar = cal;
                    }
                    self.ws.cases_changed();
                    self.calendar.hours_message = None;
                    self.calendar.message = Some(match said {
                        Ok(text) => Notice::ok(text),
                        Err(e) => Notice::error(e),
                    });
                }
                Err(e) => self.calendar.message = Some(Notice::error(e.to_string())),
            },
            PROFILE_SAVED => match take::<()>(out) {
                Ok(()) => self
                    .toasts
                    .push(Notice::ok("บันทึกการตั้งค่าสำนักงานที่ฐานข้อมูลกลางแล้ว")),
                Err(e) => self.toasts.push(Notice::error(format!(
                    "บันทึกการตั้งค่าสำนักงานที่ฐานข้อมูลกลางไม่ได้ (บันทึกในเครื่องนี้แล้ว): {e}"
                ))),
            },
            TEMPLATES_READ => {
                if let Ok(t) = take::<Vec<crate::forms::Template>>(out) {
                    self.ws.templates = t;
                }
            }
            RECORD_VERSION => {
                if let (Ok((id, version)), FormsView::Edit(ed)) =
                    (take::<(i64, i64)>(out), &mut self.forms.view)
                    && ed.record_id == Some(id)
                    && ed.version.is_some_and(|v| v != version)
                    && ed.conflict.is_none()
                {
                    ed.message = Some(Notice::error(
                        "บันทึกนี้เพิ่งถูกแก้ไขจากเครื่องอื่น ถ้าบันทึกตอนนี้ โปรแกรมจะแสดงทั้งสองฉบับให้เลือก ไม่เขียนทับ",
                    ));
                }
            }
            COPY_LOGGED => {
                if let Err(e) = take::<()>(out) {
                    self.toasts.push(Notice::error(format!(
                        "บันทึกการส่งออกลงบันทึกการใช้งานของฐานข้อมูลกลางไม่ได้: {e}"
                    )));
                }
            }
            super::reports::REPORT_BANDS => {
                self.reports.message = Some(match take::<()>(out) {
                    Ok(()) => Notice::ok("บันทึกเกณฑ์แปลความหมายที่ฐานข้อมูลกลางแล้ว"),
                    Err(e) => Notice::error(e.to_string()),
                });
            }
            super::reports::REPORT_KPI => match take::<()>(out) {
                Ok(()) => {
                    self.reports.kpi_edit = None;
                    self.reports.message = Some(Notice::ok("บันทึกผลตัวชี้วัดที่ฐานข้อมูลกลางแล้ว"));
                    // Read again, with the result.
                    self.report_copy = None;
                }
                Err(e) => {
                    self.reports.message = Some(Notice::error(e.to_string()));
                }
            },
            CASE_FOR_FORM => match take::<(crate::cases::Case, String)>(out) {
                Ok((case, form)) => self.forms.new_record_for(&mut self.ws, &form, &case),
                Err(e) => self.forms.message = Some(Notice::error(e.to_string())),
            },
            _ => {}
        }
    }

    /// The line at the top of the window: which server, and whether it answers.
    pub(super) fn server_status(&self, ui: &mut Ui) {
        let Some(link) = &self.ws.server else {
            return;
        };
        egui::Panel::top("server_line").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| match &self.ws.line {
                Line::Up => {
                    ui.label(
                        RichText::new(format!("ฐานข้อมูลกลาง {}: เชื่อมต่อแล้ว", link.shown()))
                            .color(style::color::OK),
                    );
                }
                Line::Connecting => {
                    ui.spinner();
                    ui.label(format!("กำลังเชื่อมต่อฐานข้อมูลกลาง {}…", link.shown()));
                }
                Line::Down(why) => {
                    ui.label(
                        RichText::new(format!(
                            "ติดต่อฐานข้อมูลกลาง {} ไม่ได้ — ทำงานต่อได้ สิ่งที่กรอกเก็บเป็นฉบับร่างในเครื่องนี้ และจะลองเชื่อมต่อใหม่เองทุก ๕ วินาที",
                            link.shown()
                        ))
                        .color(style::color::ERROR),
                    )
                    .on_hover_text(why.as_str());
                }
            });
        });
    }
}

/// Asks the server for a form's newest records (the list on the server), of those holding
/// the words of `query` when it has any.
pub fn ask_page(link: &ServerLink, form_id: &str, query: &str) {
    link.ask(Ask::FirstPage {
        form_id: form_id.to_owned(),
        words: super::forms::server_list::words(query),
        n: super::workspace::SERVER_PAGE_ROWS,
    });
}

/// A copy of the server's data the reports, exports and the log view are made from, and
/// when it was taken.
pub struct ReportCopy {
    /// Opened for writing (an export logs on it; that entry is then written to the server's
    /// log); removed with the copy.
    store: Option<crate::store::Store>,
    _copy: crate::store::server::snapshot::Snapshot,
    pub taken: chrono::NaiveDateTime,
    /// The copy's last log entry already written to the server's log.
    logged: i64,
    /// The copy's connection's change counter when its log was last read.
    changes_seen: u64,
}

impl ReportCopy {
    fn take(server: &crate::store::server::Server) -> Result<ReportCopy, String> {
        let copy =
            crate::store::server::snapshot::Snapshot::take(server).map_err(|e| e.to_string())?;
        let store = crate::store::Store::open(copy.path()).map_err(|e| e.to_string())?;
        let logged = store.last_audit_id().map_err(|e| e.to_string())?;
        let store_changes = store.changes_made();
        Ok(ReportCopy {
            store: Some(store),
            _copy: copy,
            taken: chrono::Local::now().naive_local(),
            logged,
            changes_seen: store_changes,
        })
    }

    /// What was logged on the copy since last time (an export), sent to the server's log.
    fn relog(&mut self, link: Option<&ServerLink>) {
        let (Some(store), Some(link)) = (&self.store, link) else {
            return;
        };
        // Called each frame: the log is read only when something was written to the copy.
        let changes = store.changes_made();
        if changes == self.changes_seen {
            return;
        }
        self.changes_seen = changes;
        let Ok(entries) = store.audit_after(self.logged) else {
            return;
        };
        if entries.is_empty() {
            return;
        }
        self.logged = store.last_audit_id().unwrap_or(self.logged);
        link.job(COPY_LOGGED, move |s| {
            for (action, after) in entries {
                s.log_event(&action, after)?;
            }
            Ok(())
        });
    }
}

/// The tag of the forms' newest versions read again after another officer's change.
pub const TEMPLATES_READ: &str = "templates-read";

/// The tag of an open record's version asked for after another officer's change.
pub const RECORD_VERSION: &str = "record-version";

/// The tag of the office profile saved on the server too.
pub const PROFILE_SAVED: &str = "profile-saved";

/// The tag of a copy's log entries written to the server's log.
pub const COPY_LOGGED: &str = "copy-logged";
