//! The data the window works on, owned by the app and lent to each area for a frame: the
//! store, the templates (built in and the office's newer versions), the office profile, the
//! print settings, the drafts waiting to be reopened, the record counts, the working-day
//! calendar and the clock; on the shared server, the line to it and what it last sent. Views
//! keep only their own view state.

use crate::calendar::{Clock, WorkCalendar};
use crate::forms::{self, OfficeProfile, Template, TemplateError};
use crate::pdf::settings::PrintSettings;
use crate::store::drafts::Draft;
use crate::store::office_store::OfficeStore;
use crate::store::{Record, Store, StoreError};
use std::collections::HashMap;

pub struct Workspace {
    pub builtin: Vec<Template>,
    /// Newest version of every form.
    pub templates: Vec<Template>,
    /// Template files that could not be loaded (the app still runs without them).
    pub template_errors: Vec<TemplateError>,
    pub store: Option<Store>,
    /// Why there is no store, or why it is read-only, in Thai.
    pub store_notice: Option<String>,
    pub profile: OfficeProfile,
    pub print_settings: PrintSettings,
    /// Typing autosaved and not yet saved as a record (from this run or one that ended
    /// without saving: a power cut, a closed window).
    pub drafts: Vec<Draft>,
    /// Records per form id (cancelled ones included).
    pub counts: HashMap<String, usize>,
    /// The holidays and office hours due dates are counted on.
    pub calendar: WorkCalendar,
    /// What "now" is (tests fix it).
    pub clock: Clock,
    /// Goes up whenever cases or the calendar change: lists and counts read again.
    pub cases_generation: u64,
    /// The database's change counter as last seen (`Store::data_version`): another program's
    /// commit moves it, and the window reads its lists again.
    pub seen_data_version: Option<i64>,
    /// How case numbers are written and when they start again.
    pub numbering: crate::cases::CaseNumbering,
    /// The officer chosen on start when several are set (for this run only).
    pub session_officer: Option<crate::forms::profile::Signer>,
    /// The shared server the records are kept on, when the window works on one; `store` is
    /// then the office's file on this PC, which keeps drafts, the profile and print settings.
    pub server: Option<crate::store::server::link::ServerLink>,
    /// Whether the server answers, as last heard.
    pub line: Line,
    /// The newest records of a form as the server last sent them.
    pub server_page: Option<ServerPage>,
}

/// The state of the line to the shared server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Connecting,
    Up,
    /// Why the server cannot be reached, in Thai.
    Down(String),
}

/// One form's newest records on the server, and how many it has.
pub struct ServerPage {
    pub form_id: String,
    pub total: i64,
    pub rows: Vec<Record>,
}

/// The tags of the calendar's work on the shared server's line.
pub const CALENDAR_READ: &str = "calendar-read";
pub const CALENDAR_CHANGED: &str = "calendar-changed";

/// How many of a form's newest records the list on the server shows.
pub const SERVER_PAGE_ROWS: usize = 200;

impl Workspace {
    /// The workspace on an opened store, or on the reason it could not be opened.
    pub fn new(store: Result<Store, String>) -> Workspace {
        let (builtin, template_errors) = forms::builtin_lenient();
        let (store, store_notice) = match store {
            Ok(s) => {
                let notice = s.is_read_only().then(|| {
                    format!(
                        "ฐานข้อมูล {} เปิดอยู่ในหน้าต่างอื่นของโปรแกรม หน้าต่างนี้จึงเปิดแบบอ่านอย่างเดียว ดูได้แต่บันทึกไม่ได้",
                        s.path().display()
                    )
                });
                (Some(s), notice)
            }
            Err(e) => (None, Some(e)),
        };
        let mut ws = Workspace {
            templates: builtin.clone(),
            builtin,
            template_errors,
            store,
            store_notice,
            profile: OfficeProfile::default(),
            print_settings: PrintSettings::default(),
            drafts: Vec::new(),
            counts: HashMap::new(),
            calendar: WorkCalendar::seeded(),
            clock: Clock::System,
            cases_generation: 0,
            seen_data_version: None,
            numbering: crate::cases::CaseNumbering::default(),
            session_officer: None,
            server: None,
            line: Line::Connecting,
            server_page: None,
        };
        ws.reload();
        ws
    }

    /// Re-reads templates, profile, print settings, drafts and counts from the store.
    pub fn reload(&mut self) {
        if let Some(s) = &self.store {
            // On the server its own templates count (sent when the line connects).
            if self.server.is_none()
                && let Ok(t) = s.current_templates(&self.builtin)
            {
                self.templates = t;
            }
            if let Ok(p) = s.profile() {
                self.profile = p;
            }
            if let Ok(p) = s.print_settings() {
                self.print_settings = p;
            }
            if self.server.is_none() {
                self.counts = s.record_counts().unwrap_or_default();
            }
            if let Ok(c) = s.work_calendar() {
                self.calendar = c;
            }
            if let Ok(n) = s.case_numbering() {
                self.numbering = n;
            }
        }
        self.reread_drafts();
        self.apply_session_officer();
        self.cases_generation += 1;
    }

    /// The officer chosen on start, when still one of the profile's, is the officer of this
    /// run: prefilled into forms and named by the audit log.
    pub fn apply_session_officer(&mut self) {
        let Some(s) = self.session_officer.clone() else {
            return;
        };
        if !self.profile.officers().iter().any(|o| o.name == s.name) {
            return;
        }
        if let Some(store) = &mut self.store {
            store.set_actor(&s.name);
        }
        self.profile.officer = s;
    }

    /// Cases changed (a step, a new case): lists and counts read again.
    pub fn cases_changed(&mut self) {
        self.cases_generation += 1;
    }

    /// The holiday table or office hours changed (due dates were recomputed): read again
    /// (on the shared server, asked for; it comes as `CALENDAR_READ`).
    pub fn calendar_changed(&mut self) {
        if let Some(link) = &self.server {
            link.job(CALENDAR_READ, |s| s.calendar());
        } else if let Some(Ok(c)) = self.store.as_ref().map(Store::work_calendar) {
            self.calendar = c;
        }
        self.cases_generation += 1;
    }

    /// A change of the working-day calendar: at once on this PC's file (its outcome
    /// returned); on the shared server sent through the line (`None`; the outcome comes as
    /// `CALENDAR_CHANGED` with the calendar read again).
    pub fn calendar_do(
        &mut self,
        f: impl FnOnce(&mut dyn OfficeStore) -> Result<String, StoreError> + Send + 'static,
    ) -> Option<Result<String, String>> {
        if let Some(link) = &self.server {
            link.job(CALENDAR_CHANGED, move |s| {
                let said = f(s).map_err(|e| e.to_string());
                Ok((said, s.calendar().ok()))
            });
            return None;
        }
        let r = match self.store.as_mut() {
            Some(s) => f(s).map_err(|e| e.to_string()),
            None => Err("ยังไม่มีฐานข้อมูล".to_owned()),
        };
        self.calendar_changed();
        Some(r)
    }

    /// Re-reads the record counts (after a save).
    pub fn recount(&mut self) {
        if let Some(link) = &self.server {
            link.ask(crate::store::server::link::Ask::Counts);
        } else if let Some(s) = &self.store {
            self.counts = s.record_counts().unwrap_or_default();
        }
    }

    /// What the slots of this window's drafts begin with: nothing on this PC's database,
    /// the server's name on a server (a draft of record 5 there is not one of record 5
    /// here, and is neither shown nor saved nor removed on the other).
    pub fn draft_scope(&self) -> String {
        self.server
            .as_ref()
            .map(|l| format!("server:{}/", l.shown()))
            .unwrap_or_default()
    }

    /// Whether a draft belongs to where this window keeps its records.
    pub fn in_scope(&self, d: &Draft) -> bool {
        match &self.server {
            Some(_) => d.slot.starts_with(&self.draft_scope()),
            None => !d.slot.starts_with("server:"),
        }
    }

    /// The drafts of this window's records, from the office's file.
    pub fn reread_drafts(&mut self) {
        if let Some(s) = &self.store {
            let all = s.drafts().unwrap_or_default();
            self.drafts = all.into_iter().filter(|d| self.in_scope(d)).collect();
        }
    }

    /// The newest version of a form.
    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// Whether there is a store this window may write to.
    pub fn writable(&self) -> bool {
        self.store.as_ref().is_some_and(|s| !s.is_read_only())
    }

    /// The store, or the Thai reason there is none.
    pub fn store_mut(&mut self) -> Result<&mut Store, String> {
        self.store.as_mut().ok_or_else(|| "ยังไม่มีฐานข้อมูล".to_owned())
    }

    /// A record and the template version it was filled with.
    pub fn record_template(&self, record_id: i64) -> Result<(Record, Template), String> {
        let s = self.store.as_ref().ok_or("ยังไม่มีฐานข้อมูล")?;
        let r = s.record(record_id).map_err(|e| e.to_string())?;
        let t = s
            .template(&self.builtin, &r.form_id, r.template_version)
            .map_err(|e| e.to_string())?;
        Ok((r, t))
    }
}
