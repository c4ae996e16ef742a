//! The cases area (งาน / เรื่อง): the dashboard with its list, a case as its step view, and
//! the form that starts a case. View state only; the cases live in the store, lent through
//! the `Workspace`.

pub mod case_view;
pub mod dashboard;
pub mod memo_editor;
pub mod new_case;

use crate::catalog::Catalog;
use crate::ui::action::Actions;
use crate::ui::style::{self, Notice};
use crate::ui::workspace::Workspace;
use case_view::CaseScreen;
use dashboard::CaseList;
use egui::Ui;
use new_case::NewCaseForm;

/// The tags of the work the cases area sends to the shared server's line.
pub const CASE_OPENED: &str = "case-opened";
pub const CASE_ACTED: &str = "case-acted";
pub const CASE_LIST: &str = "case-list";
pub const CASE_STARTED: &str = "case-started";
pub const CASE_PRINT: &str = "case-print";
pub const CASE_ATTACHED: &str = "case-attached";
pub const CASE_FOR_FORM: &str = "case-for-form";

pub enum CasesView {
    List,
    Case(Box<CaseScreen>),
    New(Box<NewCaseForm>),
}

pub struct CasesArea {
    pub view: CasesView,
    pub list: CaseList,
    pub message: Option<Notice>,
}

impl Default for CasesArea {
    fn default() -> Self {
        CasesArea {
            view: CasesView::List,
            list: CaseList::default(),
            message: None,
        }
    }
}

impl CasesArea {
    /// Shows a case's step view.
    pub fn open_case(&mut self, ctx: &egui::Context, catalog: &Catalog, ws: &Workspace, id: i64) {
        match CaseScreen::open(ctx, catalog, ws, id) {
            Ok(Some(s)) => {
                self.view = CasesView::Case(Box::new(s));
                self.message = None;
            }
            // On the shared server: the screen comes with the case (`case_arrived`).
            Ok(None) => {}
            Err(e) => {
                self.view = CasesView::List;
                self.message = Some(Notice::error(e));
            }
        }
    }

    /// Opens the form that starts a case.
    /// A case the server sent to be shown (`open_case` on the server).
    pub fn case_arrived(
        &mut self,
        ctx: &egui::Context,
        catalog: &Catalog,
        ws: &Workspace,
        out: Result<(crate::cases::Case, Vec<crate::store::Record>), crate::store::StoreError>,
    ) {
        match out
            .map_err(|e| e.to_string())
            .and_then(|(case, records)| CaseScreen::with_case(ctx, catalog, ws, case, &records))
        {
            Ok(s) => {
                self.view = CasesView::Case(Box::new(s));
                self.message = None;
            }
            Err(e) => {
                self.view = CasesView::List;
                self.message = Some(Notice::error(e));
            }
        }
    }

    pub fn start_new(
        &mut self,
        catalog: &Catalog,
        ws: &Workspace,
        process: Option<usize>,
        record: Option<i64>,
    ) {
        self.view = CasesView::New(Box::new(NewCaseForm::new(catalog, ws, process, record)));
    }

    pub fn show(&mut self, ui: &mut Ui, catalog: &Catalog, ws: &mut Workspace, out: &mut Actions) {
        let mut opened = None;
        match &mut self.view {
            CasesView::List => {
                egui::CentralPanel::default().show(ui, |ui| {
                    style::notice(ui, &self.message);
                    dashboard::show(&mut self.list, ui, catalog, ws, out);
                });
            }
            CasesView::Case(screen) => screen.show(ui, catalog, ws, out),
            CasesView::New(form) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    if ui.button("← รายการเรื่อง").clicked() {
                        out.push(crate::ui::action::AppAction::ShowCases);
                    }
                    opened = form.show(ui, catalog, ws);
                });
            }
        }
        if let Some(id) = opened {
            self.open_case(ui.ctx(), catalog, ws, id);
        }
    }
}
