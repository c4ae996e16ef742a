//! One way for a view to ask the shell for something: views push `AppAction`s while they
//! draw, and the shell applies them in one `match` (`DlictApp::apply`) after every area has
//! drawn. Nothing is asked through flags the shell polls or through a sibling's state.

use crate::cases::memo::MemoDraft;
use crate::forms::{Answers, OfficeProfile, Template};
use crate::pdf::settings::PrintSettings;
use crate::ui::style::Notice;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum AppAction {
    /// Keep the records on this shared server from now on (ตั้งค่าสำนักงาน › ฐานข้อมูลกลาง).
    UseServer(Box<crate::store::server::Server>),
    /// Back to the database on this PC.
    LeaveServer,
    /// Open a process (index in the catalog) as a tab, or bring its tab to the front.
    OpenProcess(usize),
    /// Start a new record of a form, in the forms area.
    FillForm(String),
    /// Print preview of a process's standards sheet.
    PrintProcess(usize),
    /// Print preview of the whole manual.
    PrintManual,
    /// Print preview of a form: blank, or with these answers (of this record).
    PrintForm {
        template: Box<Template>,
        answers: Option<Answers>,
        record_id: Option<i64>,
    },
    /// Print preview of saved records, as one document.
    PrintRecords(Vec<i64>),
    /// Open a saved record in the editor.
    OpenRecord(i64),
    /// The editor saved its record (its autosaved draft is no longer needed).
    RecordSaved(i64),
    /// Close the record editor (unsaved typing is kept as a draft to reopen).
    CloseEditor,
    /// Save an adapted template as the next version of its form.
    SaveTemplate(Box<Template>),
    /// Back from the template editor or a record's history to the records list.
    BackToList,
    /// Save the office profile (ตั้งค่าสำนักงาน).
    SaveProfile(Box<OfficeProfile>),
    /// Save what the first-start setup gathered (it stays open, with the reason, when the
    /// save fails).
    SaveSetup(Box<OfficeProfile>),
    /// Open the first-start setup again (from settings).
    OpenSetup,
    /// The officer at the keyboard, chosen on start: the audit log and prefilled forms
    /// name them for the rest of this run.
    ChooseOfficer(crate::forms::profile::Signer),
    /// Save how case numbers run.
    SaveNumbering(crate::cases::CaseNumbering),
    /// Save the print settings.
    SavePrintSettings(PrintSettings),
    /// Restore the damaged database found on start from this copy.
    RestoreOverDamaged(PathBuf),
    /// Close the banner about the database found damaged on start.
    DismissRecovery,
    /// The data changed under the areas (an import, a restore): read everything again.
    Reload,
    /// Tell the officer something that finished away from where they look.
    Toast(Notice),
    /// Show a case as its step view.
    OpenCase(i64),
    /// Back to the list of cases.
    ShowCases,
    /// Start a new case (of this process, from this record).
    NewCase {
        process: Option<usize>,
        record: Option<i64>,
    },
    /// Fill a form for a case's step: the record starts with the requester and the case
    /// number and is attached to the case when saved.
    FillFormForCase { case: i64, form: String },
    /// Print preview of a case's tracking sheet.
    PrintCase(i64),
    /// Print preview of a memo as edited.
    PrintMemo(Box<MemoDraft>),
    /// Go to the calendar settings (holidays, office hours).
    ShowCalendar,
    /// The satisfaction report of a form, in the reports area.
    ShowReport(String),
    /// Open a print preview of a document made by a view (a report).
    ShowPreview {
        doc: Box<crate::pdf::Document>,
        name: String,
    },
}

/// Where views push their actions during a frame.
pub type Actions = Vec<AppAction>;
