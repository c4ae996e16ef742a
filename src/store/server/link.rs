//! The window's line to the shared server. One worker thread owns the connection, so no frame
//! ever waits on the network: the window sends `Ask`s and reads `Reply`s once a frame. The
//! worker connects again on its own and says when the server cannot be reached. A second
//! thread, on a connection of its own, waits for other sessions' commits (`LISTEN
//! dlict_changes`) and says when data changed; its connection dropping makes the worker
//! check the server at once.
//!
//! A save goes through the office's own file first: what was typed is kept there as a draft
//! (`Store::save_draft`), then sent. The draft goes only when the server's reply says the
//! record was committed; a refusal, a cut connection or a server that went away leaves it,
//! so nothing typed is lost when the network drops mid-save.

use super::Server;
use super::records::ServerStore;
use crate::forms::Template;
use crate::store::drafts::Draft;
use crate::store::office_store::OfficeStore;
use crate::store::{Record, Status, Store, StoreError};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How often a lost server is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(5);
/// How often the worker looks whether the listener lost its connection.
const POLL_EVERY: Duration = Duration::from_millis(300);
/// How long the listener waits for news before it looks whether the window closed.
const LISTEN_SLICE: Duration = Duration::from_secs(1);
/// How often a quiet connection is asked whether the server is still there.
const CHECK_ALIVE_EVERY: Duration = Duration::from_secs(10);

/// What the window asks of the server.
#[derive(Debug)]
pub enum Ask {
    /// How many records a form has, and its newest `n` (a list's first screen); with
    /// `words`, of those that hold them all.
    FirstPage {
        form_id: String,
        words: Vec<String>,
        n: usize,
    },
    /// A record and the template version it was filled with, to open in the editor.
    Open(i64),
    /// What a draft holds, saved as a record: a new one, or an edit of the version the
    /// draft began from (refused when the record changed since).
    Save { draft: Draft, status: Status },
    /// How many records each form has.
    Counts,
    /// The officer at this PC, whom the log names from now on.
    Officer(String),
    /// Any work on the store (a case's change, a list), answered with `Reply::Job` under
    /// its tag.
    Job { tag: &'static str, run: Job },
}

/// Work the window sends to the server's line; what it gives back is the window's to read.
pub struct Job(
    #[expect(clippy::type_complexity, reason = "one boxed closure, named here once")]
    Box<
        dyn FnOnce(&mut dyn OfficeStore) -> Result<Box<dyn std::any::Any + Send>, StoreError>
            + Send,
    >,
);

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// What the server answered, or what happened to the line.
#[derive(Debug)]
pub enum Reply {
    /// Connected (again): the newest version of every form, as the server keeps them.
    Connected {
        templates: Vec<Template>,
    },
    /// The server cannot be reached, in Thai; tried again every few seconds.
    Unreachable(String),
    /// Another session committed a change: lists and counts are read again.
    Changed,
    Page {
        form_id: String,
        /// The words the rows hold (none: every record of the form).
        words: Vec<String>,
        total: i64,
        rows: Vec<Record>,
    },
    Opened(Result<(Record, Template), String>),
    /// The record is on the server (its draft is gone from the office's file). `record` is
    /// `None` when it was committed but could not be read back.
    Saved {
        slot: String,
        id: i64,
        record: Option<Record>,
    },
    /// Not saved; the draft stays in the office's file. `theirs`: the record as another
    /// officer saved it, when that is why.
    NotSaved {
        slot: String,
        error: StoreError,
        theirs: Option<Box<Record>>,
    },
    Counts(HashMap<String, usize>),
    /// What a `Job` gave, or why it could not run.
    Job {
        tag: &'static str,
        out: Result<Box<dyn std::any::Any + Send>, StoreError>,
    },
}

/// The window's end of the line.
pub struct ServerLink {
    asks: Sender<Ask>,
    replies: Receiver<Reply>,
    shown: String,
    /// Where the server is (for work on a connection of its own, such as a report's copy).
    server: Server,
    /// Set when the window lets go of the line: the listener stops.
    closed: Arc<AtomicBool>,
}

impl Drop for ServerLink {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

/// What the worker and the listener share.
#[derive(Default)]
struct Shared {
    /// The worker's own server process (its saves are not news).
    own_pid: AtomicI32,
    /// The listener's connection dropped: the worker checks the server at once.
    listener_lost: AtomicBool,
}

impl ServerLink {
    /// Starts the worker; it connects at once. `wake` is called after each reply (the window
    /// asks for a frame).
    pub fn start(
        server: Server,
        builtin: Vec<Template>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> ServerLink {
        let (asks, asked) = mpsc::channel();
        let (reply, replies) = mpsc::channel();
        let shown = server.shown().to_owned();
        let server_for_link = server.clone();
        let closed = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared::default());
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        {
            let (server, reply, wake) = (server.clone(), reply.clone(), Arc::clone(&wake));
            let (closed, shared) = (Arc::clone(&closed), Arc::clone(&shared));
            std::thread::spawn(move || listen(&server, &reply, &*wake, &closed, &shared));
        }
        std::thread::spawn(move || {
            Worker {
                server,
                builtin,
                store: None,
                reply,
                wake,
                shared,
                next_try: Instant::now(),
                last_check: Instant::now(),
                last_poll: Instant::now(),
                told_unreachable: None,
                officer: None,
            }
            .run(&asked);
        });
        ServerLink {
            asks,
            replies,
            shown,
            server: server_for_link,
            closed,
        }
    }

    /// `user@host:port/database`, for the window to name the server.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The server the line is to.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// Sends an ask; false when the worker has stopped.
    pub fn ask(&self, ask: Ask) -> bool {
        self.asks.send(ask).is_ok()
    }

    /// Sends work on the store, answered with `Reply::Job { tag, .. }`.
    pub fn job<T: Send + 'static>(
        &self,
        tag: &'static str,
        f: impl FnOnce(&mut dyn OfficeStore) -> Result<T, StoreError> + Send + 'static,
    ) -> bool {
        self.ask(Ask::Job {
            tag,
            run: Job(Box::new(move |s| {
                f(s).map(|t| Box::new(t) as Box<dyn std::any::Any + Send>)
            })),
        })
    }

    /// The officer at this PC, whom the server's log names from now on.
    pub fn set_officer(&self, name: &str) {
        self.ask(Ask::Officer(name.to_owned()));
    }

    /// Keeps what was typed as a draft in the office's file, then sends it to be saved. An
    /// error when the draft could not be kept (the save is sent all the same).
    pub fn save(&self, local: &Store, draft: Draft, status: Status) -> Result<(), StoreError> {
        let kept = local.save_draft(&draft);
        if !self.ask(Ask::Save { draft, status }) {
            return Err(StoreError::Server(format!(
                "ฐานข้อมูลกลาง {}: ส่วนที่ติดต่อเครื่องแม่ข่ายหยุดทำงาน กรุณาปิดแล้วเปิดโปรแกรมใหม่ สิ่งที่กรอกเก็บเป็นฉบับร่างในเครื่องนี้แล้ว",
                self.shown
            )));
        }
        kept
    }

    /// The replies that arrived, oldest first. The draft of each record the server committed
    /// is removed from the office's file here, and only here.
    pub fn replies(&self, local: Option<&Store>) -> Vec<Reply> {
        let got: Vec<Reply> = self.replies.try_iter().collect();
        if let Some(local) = local {
            for r in &got {
                if let Reply::Saved { slot, .. } = r {
                    let _ = local.discard_draft(slot);
                }
            }
        }
        got
    }
}

struct Worker {
    server: Server,
    builtin: Vec<Template>,
    store: Option<ServerStore>,
    reply: Sender<Reply>,
    wake: Arc<dyn Fn() + Send + Sync>,
    shared: Arc<Shared>,
    next_try: Instant,
    last_check: Instant,
    last_poll: Instant,
    /// The reason last told, so a server that stays away is told once.
    told_unreachable: Option<String>,
    /// The officer at this PC, kept for the next connection too.
    officer: Option<String>,
}

impl Worker {
    fn run(mut self, asked: &Receiver<Ask>) {
        loop {
            if self.store.is_none() && Instant::now() >= self.next_try {
                self.connect();
            }
            // Between asks, and at least every `POLL_EVERY` however busy the line is.
            if self.last_poll.elapsed() >= POLL_EVERY {
                self.poll();
            }
            match asked.recv_timeout(POLL_EVERY) {
                Ok(Ask::Officer(name)) => {
                    if let Some(s) = self.store.as_mut() {
                        s.set_officer(&name);
                    }
                    self.officer = Some(name);
                }
                Ok(ask) => {
                    if self.store.is_none() {
                        // Asked while away: one more try at once (the officer is waiting).
                        self.connect();
                    }
                    self.answer(ask);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    fn send(&self, r: Reply) {
        if self.reply.send(r).is_ok() {
            (*self.wake)();
        }
    }

    fn connect(&mut self) {
        let opened = ServerStore::open(&self.server).and_then(|mut s| {
            if let Some(name) = &self.officer {
                s.set_officer(name);
            }
            self.shared
                .own_pid
                .store(s.backend_pid()?, Ordering::Relaxed);
            let t = s.templates_now(&self.builtin)?;
            Ok((s, t))
        });
        match opened {
            Ok((s, templates)) => {
                self.store = Some(s);
                self.told_unreachable = None;
                self.last_check = Instant::now();
                self.send(Reply::Connected { templates });
            }
            Err(e) => {
                self.next_try = Instant::now() + RETRY_AFTER;
                self.lost(&e);
            }
        }
    }

    /// The server went away: told once per reason, tried again later.
    fn lost(&mut self, e: &StoreError) {
        self.store = None;
        self.next_try = Instant::now() + RETRY_AFTER;
        let text = e.to_string();
        if self.told_unreachable.as_ref() != Some(&text) {
            self.told_unreachable = Some(text.clone());
            self.send(Reply::Unreachable(text));
        }
    }

    /// After a failed call: when the connection is gone, the line is down.
    fn after_failure(&mut self, e: &StoreError) {
        if self.store.as_ref().is_some_and(ServerStore::is_closed) {
            self.lost(e);
        }
    }

    /// Checks a quiet connection: at once when the listener lost its own, else every
    /// `CHECK_ALIVE_EVERY`.
    fn poll(&mut self) {
        self.last_poll = Instant::now();
        let listener_lost = self.shared.listener_lost.swap(false, Ordering::Relaxed);
        let Some(s) = self.store.as_mut() else {
            return;
        };
        if !listener_lost && self.last_check.elapsed() < CHECK_ALIVE_EVERY && !s.is_closed() {
            return;
        }
        self.last_check = Instant::now();
        if s.is_closed() || !s.alive() {
            let e = StoreError::Server(format!(
                "ฐานข้อมูลกลาง {}: เครื่องแม่ข่ายไม่ตอบ หรือการเชื่อมต่อถูกตัด",
                self.server.shown()
            ));
            self.lost(&e);
        }
    }

    fn unreachable(&self) -> StoreError {
        StoreError::Server(self.told_unreachable.clone().unwrap_or_else(|| {
            format!("ฐานข้อมูลกลาง {}: ยังติดต่อเครื่องแม่ข่ายไม่ได้", self.server.shown())
        }))
    }

    fn answer(&mut self, ask: Ask) {
        let reply = match ask {
            Ask::FirstPage { form_id, words, n } => match self.call(|s| {
                if words.is_empty() {
                    s.first_page(&form_id, n)
                } else {
                    s.matching(&form_id, &words, n)
                }
            }) {
                Ok((total, rows)) => Reply::Page {
                    form_id,
                    words,
                    total,
                    rows,
                },
                Err(_) => return,
            },
            Ask::Open(id) => {
                let builtin = self.builtin.clone();
                Reply::Opened(
                    self.call(|s| {
                        let r = s.record(id)?;
                        let t = s.template_version(&builtin, &r.form_id, r.template_version)?;
                        Ok((r, t))
                    })
                    .map_err(|e| e.to_string()),
                )
            }
            Ask::Save { draft, status } => self.save(draft, status),
            Ask::Counts => match self.call(counts) {
                Ok(c) => Reply::Counts(c),
                Err(_) => return,
            },
            Ask::Officer(_) => return,
            Ask::Job { tag, run } => Reply::Job {
                tag,
                out: self.call(|s| (run.0)(s)),
            },
        };
        self.send(reply);
    }

    /// Runs `f` on the connection; a failure that cut it marks the line down.
    fn call<T>(
        &mut self,
        f: impl FnOnce(&mut ServerStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some(s) = self.store.as_mut() else {
            return Err(self.unreachable());
        };
        let out = f(s);
        if let Err(e) = &out {
            self.after_failure(e);
        }
        out
    }

    fn save(&mut self, draft: Draft, status: Status) -> Reply {
        let builtin = self.builtin.clone();
        let slot = draft.slot.clone();
        let saved = self.call(|s| {
            let t = s.template_version(&builtin, &draft.form_id, draft.template_version)?;
            if let Some(id) = draft.record_id {
                s.edit_record(id, draft.base_version, &t, status, &draft.answers)
                    .map(|_| id)
            } else {
                // Keyed by this machine and the editor's slot: sent again after a lost
                // answer, it finds the record the first send made.
                let key = format!("{}/{}", s.machine(), draft.slot);
                s.add_record_once(&key, &t, status, &draft.answers)
            }
        });
        match saved {
            Ok(id) => Reply::Saved {
                slot,
                id,
                record: self.call(|s| s.record(id)).ok(),
            },
            Err(error) => {
                let theirs = match (&error, draft.record_id) {
                    (StoreError::Conflict { .. }, Some(id)) => {
                        self.call(|s| s.record(id)).ok().map(Box::new)
                    }
                    _ => None,
                };
                Reply::NotSaved {
                    slot,
                    error,
                    theirs,
                }
            }
        }
    }
}

/// Records per form (cancelled ones included), as the side list counts them.
fn counts(s: &mut ServerStore) -> Result<HashMap<String, usize>, StoreError> {
    s.record_counts()
}

/// The listener: on a connection of its own, waits for other sessions' commits and says
/// "changed" (several at once as one); connects again when its connection drops, and tells
/// the worker so. Ends when the window lets go of the line.
fn listen(
    server: &Server,
    reply: &Sender<Reply>,
    wake: &(dyn Fn() + Send + Sync),
    closed: &AtomicBool,
    shared: &Shared,
) {
    use postgres::fallible_iterator::FallibleIterator;
    while !closed.load(Ordering::Relaxed) {
        let Ok(mut client) = server.connect().and_then(|mut c| {
            c.batch_execute(&format!("LISTEN {}", super::records::CHANGES))
                .map_err(|e| server.error(&e))?;
            Ok(c)
        }) else {
            sleep_unless_closed(RETRY_AFTER, closed);
            continue;
        };
        while !closed.load(Ordering::Relaxed) {
            // News is told as soon as it comes; a quiet slice ends after `LISTEN_SLICE`.
            let (news, lost) = {
                let mut notes = client.notifications();
                let mut it = notes.timeout_iter(LISTEN_SLICE);
                loop {
                    match it.next() {
                        Ok(Some(n)) if n.process_id() != shared.own_pid.load(Ordering::Relaxed) => {
                            break (true, false);
                        }
                        Ok(Some(_)) => {}
                        Ok(None) => break (false, false),
                        Err(_) => break (false, true),
                    }
                }
            };
            if news {
                if reply.send(Reply::Changed).is_err() {
                    return;
                }
                wake();
            }
            if lost || client.is_closed() {
                shared.listener_lost.store(true, Ordering::Relaxed);
                sleep_unless_closed(RETRY_AFTER, closed);
                break;
            }
        }
    }
}

fn sleep_unless_closed(d: Duration, closed: &AtomicBool) {
    let until = Instant::now() + d;
    while Instant::now() < until && !closed.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
    }
}
