//! The desktop window: draws the catalog and dispatches the user's actions. No logic of its
//! own beyond presentation; the core modules own the data and the layout.

mod app;
pub mod flowchart;
pub mod fonts;
mod legend;
mod overview;
mod process_tab;
mod sidebar;
mod standards;
pub mod thai_text;

pub use app::DlictApp;
pub use process_tab::{View, layouts_for as process_tab_layouts};

/// Opens the main window.
/// `open`: a process (index in the catalog) to open as a tab at start.
pub fn run(catalog: crate::catalog::Catalog, open: Option<usize>) -> eframe::Result {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("dlict — คู่มือการปฏิบัติงาน กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "dlict",
        options,
        Box::new(|cc| {
            fonts::install(&cc.egui_ctx);
            let mut app = DlictApp::new(catalog);
            app.pending_open = open;
            Ok(Box::new(app))
        }),
    )
}
