//! The desktop window: draws the catalog and dispatches the user's actions. No logic of its
//! own beyond presentation; the core modules own the data and the layout.

pub mod action;
mod app;
mod calendar_settings;
pub mod cases;
pub mod data;
pub mod dialogs;
pub mod first_start;
pub mod flowchart;
pub mod fonts;
pub mod forms;
mod legend;
pub mod manual;
mod overview;
pub mod print;
pub mod process_tab;
pub mod recovery;
pub mod renderer;
pub mod reports;
mod server_line;
mod server_settings;
mod settings;
mod sidebar;
pub mod standards;
pub mod style;
pub mod thai_text;
pub mod workspace;

pub use app::{DlictApp, Section, SettingsTab};
pub use process_tab::{View, layouts_for as process_tab_layouts};

/// Opens the main window.
/// `open`: a process (index in the catalog) to open as a tab at start.
/// `db`: the database file; a second window on the same file opens it read-only and says so.
/// `forced`: the renderer `--renderer` asks for; else wgpu, then glow when wgpu cannot start.
/// `server`: the shared server to keep the records on (`db` then keeps drafts and settings).
/// `Err` carries the message already shown to the officer.
pub fn run(
    catalog: crate::catalog::Catalog,
    open: Option<usize>,
    db: std::path::PathBuf,
    forced: Option<renderer::Renderer>,
    server: Option<crate::store::server::Server>,
) -> Result<(), String> {
    print::sweep_print_folder(std::time::Duration::from_mins(10));
    crate::store::server::snapshot::sweep(std::time::Duration::from_hours(1));
    let mut failures: Vec<(renderer::Renderer, String)> = Vec::new();
    for r in renderer::Renderer::order(forced) {
        let fell_back = failures.last().map(|(first, _)| *first);
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_with(catalog.clone(), open, &db, r, fell_back, server.clone())
        }));
        let why = match attempt {
            Ok(Ok(())) => {
                // A copy of the server's data being taken when the window closed is removed
                // by its thread once done: wait for it rather than leave the file behind.
                crate::store::server::snapshot::settle(std::time::Duration::from_secs(30));
                return Ok(());
            }
            Ok(Err(e)) => e.to_string(),
            Err(panic) => panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "หยุดทำงานกลางคัน".to_owned()),
        };
        renderer::say(&format!("ตัวแสดงผล {} เริ่มไม่ได้: {why}", r.name()));
        failures.push((r, why));
    }
    let text = renderer::none_started(&failures);
    renderer::tell(&text);
    Err(text)
}

/// One try at the window with renderer `r` (`fell_back`: the renderer that failed before).
fn run_with(
    catalog: crate::catalog::Catalog,
    open: Option<usize>,
    db: &std::path::Path,
    r: renderer::Renderer,
    fell_back: Option<renderer::Renderer>,
    server: Option<crate::store::server::Server>,
) -> eframe::Result {
    use crate::store::{InstanceLock, Store};
    let mut lock = InstanceLock::acquire(db);
    let read_only = matches!(lock, Ok(None));
    let app = DlictApp::open_database(catalog, db, read_only);
    // A file the window refused (not a database, another program's) keeps nothing of ours
    // beside it; a damaged one keeps the lock while it is restored.
    if app.ws.store.is_none()
        && app.recovery.is_none()
        && let Ok(Some(l)) = std::mem::replace(&mut lock, Ok(None))
    {
        l.release_unused();
    }
    let options = eframe::NativeOptions {
        renderer: r.eframe(),
        viewport: egui::ViewportBuilder::default()
            .with_title("dlict — คู่มือการปฏิบัติงาน กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    let db = db.to_path_buf();
    eframe::run_native(
        "dlict",
        options,
        Box::new(move |cc| {
            // The renderer started: say so when it is not the first choice.
            if let Some(first) = fell_back {
                renderer::say(&format!(
                    "เปิดหน้าต่างด้วยตัวแสดงผล {} แทน {} แล้ว",
                    r.name(),
                    first.name()
                ));
            }
            // Today's automatic backup, made beside the window on a connection of its own
            // (written to the log like any backup).
            if app.ws.store.as_ref().is_some_and(|s| !s.is_read_only()) {
                std::thread::spawn(move || {
                    if let Ok(s) = Store::open(&db) {
                        let _ = s.auto_backup(chrono::Local::now().naive_local());
                    }
                });
            }
            fonts::install(&cc.egui_ctx);
            let mut app = app;
            app.ctx = Some(cc.egui_ctx.clone());
            // On the shared server: the one named on the command line, else the one the
            // office asked to open on every time.
            let on_start = app
                .ws
                .store
                .as_ref()
                .and_then(server_settings::ServerAddress::on_start);
            match (server, on_start) {
                (Some(s), _) | (None, Some(Ok(s))) => app.connect_server(s),
                (None, Some(Err(why))) => app.toasts.push(style::Notice::error(format!(
                    "เปิดบนฐานข้อมูลกลางไม่ได้: {why} หน้าต่างนี้จึงใช้ฐานข้อมูลในเครื่อง"
                ))),
                (None, None) => {}
            }
            app.settings.renderer_info = match cc.wgpu_render_state.as_ref() {
                Some(state) => {
                    let info = state.adapter.get_info();
                    format!("{} — {} ({:?})", r.name(), info.name, info.backend)
                }
                None => format!("{} (OpenGL)", r.name()),
            };
            renderer::say(&format!("ตัวแสดงผลหน้าจอ: {}", app.settings.renderer_info));
            app.manual.pending_open = open;
            // The day starts with the work: the cases area when there are cases to do and
            // no process was asked for.
            if open.is_none() && app.has_active_cases() {
                app.section = Section::Cases;
            }
            Ok(Box::new(AppWithLock {
                app,
                _lock: lock.ok().flatten(),
            }))
        }),
    )
}

/// The app and the lock that makes it the one window writing its database.
struct AppWithLock {
    app: DlictApp,
    _lock: Option<crate::store::InstanceLock>,
}

impl eframe::App for AppWithLock {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
    }
}
