//! The forms area: pick a form, fill it in, keep and find its records, adapt its template.
//! View state only: the store, templates, profile and drafts live in the `Workspace`, lent
//! for the frame; what the window is asked for goes out as `AppAction`s.

pub mod conflict;
pub mod drafts_banner;
pub mod editor;
pub mod fields;
pub mod history;
pub mod inputs;
pub mod list_view;
pub mod records;
pub mod server_list;
pub mod side_list;
pub mod template_editor;
pub mod template_files;

use crate::forms::Template;
use crate::store::AuditEntry;
use crate::thai::digits;
use crate::ui::action::{Actions, AppAction};
use crate::ui::dialogs::Dialogs;
use crate::ui::style::{self, Notice};
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use editor::RecordEditor;
use egui::Ui;
use records::RecordList;
use template_editor::TemplateEditor;

/// The tags of the work the forms area sends to the shared server's line.
pub const FORM_COPY: &str = "form-copy";
pub const FORM_CHANGED: &str = "form-changed";
pub const FORM_PRINT: &str = "form-print";
pub const FORM_HISTORY: &str = "form-history";
pub const FORM_TEMPLATE: &str = "form-template";

pub enum FormsView {
    List,
    Edit(Box<RecordEditor>),
    /// A record's history, with the template version it was filled with (read once).
    /// A record's history: its form's own number, its audit entries, its template.
    History(i64, Vec<AuditEntry>, Box<Template>),
    Template(Box<TemplateEditor>),
}

pub struct FormsArea {
    pub selected: Option<String>,
    pub view: FormsView,
    pub list: Option<RecordList>,
    pub message: Option<Notice>,
    pub cancel_reason: String,
    pub cancelling: bool,
    /// The form's own number of the record being cancelled, as the reason's label names it.
    pub cancel_number: i64,
    /// Words the forms list is narrowed to (title, alias, id or process number).
    pub form_filter: String,
    /// The workspace's cases generation the editor's case links were read at.
    cases_generation: u64,
    /// The record picked in the list on the shared server.
    pub server_selected: Option<i64>,
    /// Words the list on the shared server is narrowed to, and the words last asked for.
    pub server_query: String,
    pub server_asked: String,
}

/// How long after the last keystroke the typing is autosaved.
pub const AUTOSAVE_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

impl Default for FormsArea {
    fn default() -> Self {
        FormsArea {
            selected: None,
            view: FormsView::List,
            list: None,
            message: None,
            cancel_reason: String::new(),
            cancelling: false,
            cancel_number: 0,
            form_filter: String::new(),
            cases_generation: 0,
            server_selected: None,
            server_query: String::new(),
            server_asked: String::new(),
        }
    }
}

impl FormsArea {
    /// Selects a form and shows its records.
    pub fn select(&mut self, ws: &mut Workspace, id: &str) {
        self.selected = Some(id.to_owned());
        self.view = FormsView::List;
        self.message = None;
        self.cancelling = false;
        self.reload_list(ws);
    }

    /// Reads the selected form's records again, keeping the list's filters and selection.
    pub fn reload_list(&mut self, ws: &mut Workspace) {
        let Some(id) = self.selected.clone() else {
            return;
        };
        if let Some(link) = &ws.server {
            crate::ui::server_line::ask_page(link, &id, &self.server_query);
            ws.recount();
            return;
        }
        let Some(store) = ws.store.as_ref() else {
            return;
        };
        let keep = self.list.take().filter(|l| l.form_id == id);
        let mut l = RecordList::new(&id);
        if let Some(old) = keep {
            l.query = old.query;
            l.date_from = old.date_from;
            l.date_to = old.date_to;
            l.show_cancelled = old.show_cancelled;
            l.sort = old.sort;
            l.ascending = old.ascending;
            l.selected = old.selected;
            // Rows marked for printing stay marked when the list is read again (another
            // program's change reloads it under the officer's hands).
            l.marked = old.marked;
        }
        l.refilter(store);
        if !l.marked.is_empty() {
            let shown: std::collections::HashSet<i64> = l.visible.iter().copied().collect();
            l.marked.retain(|id| shown.contains(id));
        }
        self.list = Some(l);
        ws.recount();
    }

    /// Starts a new record of a form.
    pub fn new_record(&mut self, ws: &mut Workspace, id: &str) {
        if let Some(t) = ws.template(id).cloned() {
            self.select(ws, id);
            self.view = FormsView::Edit(Box::new(RecordEditor::new_record(&t, &ws.profile)));
        }
    }

    /// Starts a new record of a form for a case: it begins with the requester and the case
    /// number, and is attached to the case when saved.
    pub fn new_record_for_case(&mut self, ws: &mut Workspace, id: &str, case_id: i64) {
        let case = match ws.store.as_ref().map(|s| s.case(case_id)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                self.message = Some(Notice::error(e.to_string()));
                return;
            }
            None => return,
        };
        self.new_record_for(ws, id, &case);
    }

    /// A new record of form `id` for `case` as read (on the shared server, as sent).
    pub fn new_record_for(&mut self, ws: &mut Workspace, id: &str, case: &crate::cases::Case) {
        let Some(t) = ws.template(id).cloned() else {
            return;
        };
        self.select(ws, id);
        self.view = FormsView::Edit(Box::new(RecordEditor::new_for_case(
            &t,
            &ws.profile,
            case,
            ws.clock.today(),
        )));
    }

    pub fn open_record(&mut self, ws: &Workspace, record_id: i64) {
        match ws.record_template(record_id) {
            Ok((r, t)) => {
                self.view = FormsView::Edit(Box::new(RecordEditor::open(t, &r, &ws.profile)));
            }
            Err(e) => self.message = Some(Notice::error(e)),
        }
    }

    /// The editor saved record `rid`: its draft goes, the list shows it selected. Returns the
    /// case it was filled for, the first time (to attach it).
    pub fn record_saved(&mut self, ws: &mut Workspace, rid: i64) -> Option<i64> {
        let mut for_case = None;
        if let FormsView::Edit(ed) = &mut self.view {
            for_case = ed.for_case.take();
            let scoped = format!(
                "{}{}",
                ws.draft_scope(),
                crate::store::drafts::record_slot(rid)
            );
            let old_slot = std::mem::replace(&mut ed.draft_slot, scoped);
            ed.autosaved_at = None;
            if let Some(s) = &ws.store {
                let _ = s.discard_draft(&old_slot);
                let _ = s.discard_draft(&ed.draft_slot);
            }
            let new_slot = ed.draft_slot.clone();
            ws.drafts
                .retain(|d| d.slot != old_slot && d.slot != new_slot);
            if std::mem::take(&mut ed.next_copy) {
                // "บันทึกและกรอกฉบับถัดไป": a blank copy of the same form, the counter
                // carried on, the saved one's message kept.
                let mut next = RecordEditor::new_record(&ed.template, &ws.profile);
                next.entered = ed.entered + 1;
                next.message = ed.message.take();
                **ed = next;
            }
        }
        self.reload_list(ws);
        if let Some(l) = &mut self.list {
            l.selected = Some(rid);
        }
        for_case
    }

    /// Closes the editor; unsaved typing is kept as a draft to reopen (or the editor stays
    /// open, saying why, when it cannot be kept).
    pub fn close_editor(&mut self, ws: &mut Workspace) {
        let FormsView::Edit(ed) = &mut self.view else {
            return;
        };
        if ed.dirty
            && let Some(s) = ws.store.as_ref().filter(|s| !s.is_read_only())
        {
            match s.save_draft(&ed.draft()) {
                Ok(()) => {
                    self.message = Some(Notice::ok(
                        "ยังไม่ได้บันทึก: เก็บสิ่งที่กรอกไว้ในรายการ “แบบฟอร์มที่กรอกค้างไว้” ด้านบน กด “เปิดต่อ” เพื่อกรอกต่อ",
                    ));
                }
                Err(e) => {
                    ed.message = Some(Notice::error(format!("เก็บสิ่งที่กรอกไม่ได้ จึงยังไม่ปิด: {e}")));
                    return;
                }
            }
        } else if let Some(s) = &ws.store {
            let _ = s.discard_draft(&ed.draft_slot);
        }
        self.view = FormsView::List;
        ws.reload();
        self.reload_list(ws);
    }

    /// Saves an adapted template as the next version of its form.
    pub fn save_template(&mut self, ws: &mut Workspace, draft: &Template) {
        let builtin = ws.builtin.clone();
        if let Some(link) = &ws.server {
            // On the shared server: saved there; every PC's new records use it from then on.
            let draft = draft.clone();
            link.job(FORM_TEMPLATE, move |s| {
                let saved = s.save_form_version(&builtin, &draft, "adapted")?;
                Ok((saved.version, s.templates_now(&builtin)?))
            });
            return;
        }
        let res = ws.store_mut().and_then(|s| {
            s.save_template_version(&builtin, draft, "adapted")
                .map_err(|e| e.to_string())
        });
        match res {
            Ok(saved) => {
                ws.reload();
                self.view = FormsView::List;
                self.message = Some(Notice::ok(format!(
                    "บันทึกแบบฟอร์มรุ่น {} แล้ว บันทึกใหม่จะใช้รุ่นนี้",
                    digits(saved.version)
                )));
            }
            Err(e) => {
                if let FormsView::Template(te) = &mut self.view {
                    te.message = Some(Notice::error(e));
                }
            }
        }
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        ws: &mut Workspace,
        dialogs: &mut Dialogs,
        out: &mut Actions,
    ) {
        if let Some(n) = &ws.store_notice {
            thai_text::label_with(
                ui,
                n,
                egui::FontId::proportional(style::size::BODY),
                Some(style::color::ERROR),
            );
        }
        drafts_banner::show(self, ui, ws);
        let Some(id) = self.selected.clone() else {
            ui.add_space(style::space::WELCOME);
            ui.vertical_centered(|ui| {
                ui.heading("แบบฟอร์มและบันทึก");
                ui.label(format!(
                    "แบบฟอร์ม {} แบบ เลือกจากรายการด้านซ้ายเพื่อดูบันทึกหรือกรอกแบบฟอร์มใหม่",
                    digits(ws.templates.len())
                ));
            });
            return;
        };
        let Some(t) = ws.template(&id).cloned() else {
            return;
        };
        match &mut self.view {
            FormsView::Edit(ed) => {
                // On a server the editor's draft is kept under the server's name, before
                // anything of it is written.
                let scope = ws.draft_scope();
                if !ed.draft_slot.starts_with(&scope) {
                    ed.draft_slot = format!("{scope}{}", ed.draft_slot);
                }
                if self.cases_generation != ws.cases_generation {
                    self.cases_generation = ws.cases_generation;
                    ed.case_links = None;
                }
                ed.show(ui, ws.store.as_mut(), ws.server.as_ref(), out);
                if let Some(after) = drafts_banner::autosave(self, ws) {
                    ui.ctx().request_repaint_after(after);
                }
            }
            FormsView::History(number, entries, rt) => history::show(ui, rt, *number, entries, out),
            FormsView::Template(te) => te.show(ui, &ws.profile, out),
            FormsView::List => list_view::show(self, ui, ws, &t, dialogs, out),
        }
    }
}

/// Starts the print preview of a form (blank when `answers` is `None`).
pub fn print_form(t: &Template, answers: Option<crate::forms::Answers>, out: &mut Actions) {
    out.push(AppAction::PrintForm {
        template: Box::new(t.clone()),
        answers,
        record_id: None,
    });
}
