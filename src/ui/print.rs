//! พิมพ์ / บันทึกเป็น PDF: a preview window that draws the laid-out pages (the same page model
//! the PDF is written from, so the preview is what prints), then saves the PDF with a save
//! dialog or opens it in the system's PDF viewer for printing.

use crate::forms::{Answers, Template};
use crate::pdf::page::{Document, Item, Weight};
use crate::pdf::{self, FontSet, settings::PrintSettings};
use crate::store::Record;
use crate::thai::digits;
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::workspace::Workspace;
use egui::{Color32, FontFamily, FontId, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};
use std::path::PathBuf;

/// Where PDFs opened in the system's viewer are written: a per-user folder (owner-only), not
/// the shared temporary folder, because a printed record shows a citizen id in full.
pub fn print_folder() -> PathBuf {
    directories::ProjectDirs::from("th", "DLICT", "dlict")
        .map(|d| d.cache_dir().join("print"))
        .unwrap_or_else(|| std::env::temp_dir().join("dlict-print"))
}

/// Removes the PDFs in the print folder older than `min_age` (at start: those a viewer has
/// long finished with).
pub fn sweep_print_folder(min_age: std::time::Duration) {
    sweep(&print_folder(), min_age);
}

fn sweep(dir: &std::path::Path, min_age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let old = e
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= min_age);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

pub struct PrintPreview {
    pub doc: Document,
    /// PDFs this preview wrote for the viewer: removed when the preview closes (those the
    /// viewer may still be opening stay until the next start).
    pub temp_files: Vec<PathBuf>,
    /// Suggested file name (without folder).
    pub file_name: String,
    pub settings: PrintSettings,
    pub zoom: f32,
    pub message: Option<Notice>,
    pub open: bool,
    /// Where a copy goes when no PDF viewer can open it (the documents folder).
    pub documents: Option<PathBuf>,
    /// The folder a file went to instead of where a dialog would have put it ("เปิดโฟลเดอร์").
    pub folder: Option<PathBuf>,
}

impl PrintPreview {
    pub fn new(doc: Document, file_name: &str, settings: &PrintSettings) -> PrintPreview {
        let (_, warning) = FontSet::with_custom(settings.font());
        PrintPreview {
            doc,
            temp_files: Vec::new(),
            file_name: sanitize(file_name),
            settings: settings.clone(),
            zoom: 0.9,
            message: warning.map(|w| Notice::warning(w.to_string())),
            open: true,
            documents: None,
            folder: None,
        }
    }

    /// A process's standards sheet (section ๙ with its flowchart).
    pub fn of_process(ws: &Workspace, p: &crate::catalog::Process) -> PrintPreview {
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        let doc = pdf::process::process_sheet(p, &ws.profile, settings.digits(), fonts);
        PrintPreview::new(doc, &format!("มาตรฐานงาน-{}", p.id()), settings)
    }

    /// A case's tracking sheet (ใบติดตามเรื่อง).
    pub fn of_case(
        ws: &Workspace,
        catalog: &crate::catalog::Catalog,
        id: i64,
    ) -> Result<PrintPreview, String> {
        let store = ws.store.as_ref().ok_or("ยังไม่มีฐานข้อมูล")?;
        let case = store.case(id).map_err(|e| e.to_string())?;
        Self::of_case_read(ws, catalog, &case)
    }

    /// The tracking sheet of `case` as read (on the shared server, as its line sent it).
    pub fn of_case_read(
        ws: &Workspace,
        catalog: &crate::catalog::Catalog,
        case: &crate::cases::Case,
    ) -> Result<PrintPreview, String> {
        let p = catalog
            .process(&case.process_id)
            .ok_or_else(|| format!("ไม่พบกระบวนงาน {}", case.process_id))?;
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        let doc = pdf::case_sheet::case_sheet(
            case,
            p,
            &ws.profile,
            &ws.calendar,
            ws.clock.today(),
            settings.digits(),
            fonts,
        );
        Ok(PrintPreview::new(
            doc,
            &format!("ใบติดตามเรื่อง-{}", case.number.replace('/', "-")),
            settings,
        ))
    }

    /// A memo as edited.
    pub fn of_memo(ws: &Workspace, m: &crate::cases::memo::MemoDraft) -> PrintPreview {
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        let doc = pdf::memo::memo_document(m, settings.digits(), fonts);
        PrintPreview::new(doc, "บันทึกข้อความ", settings)
    }

    /// The whole manual.
    pub fn of_manual(ws: &Workspace, catalog: &crate::catalog::Catalog) -> PrintPreview {
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        let doc = pdf::manual::manual_document(
            catalog,
            &ws.templates,
            &ws.profile,
            chrono::Local::now().date_naive(),
            settings.digits(),
            fonts,
        );
        PrintPreview::new(doc, "คู่มือการปฏิบัติงาน", settings)
    }

    /// A form: blank when `answers` is `None`, else as filled (record `record_id`).
    pub fn of_form(
        ws: &Workspace,
        t: &Template,
        answers: Option<&Answers>,
        record_id: Option<i64>,
    ) -> PrintPreview {
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        let doc = pdf::form::form_document(
            &pdf::form::FormPrint {
                template: t,
                answers,
                record_id,
                profile: &ws.profile,
                today: chrono::Local::now().date_naive(),
                digits: settings.digits(),
                office_blank: settings.office_blank,
            },
            fonts,
        );
        let name = match record_id {
            Some(id) => format!("{}-{id}", t.id),
            None => format!("{}-ฉบับเปล่า", t.id),
        };
        PrintPreview::new(doc, &name, settings)
    }

    /// Saved records as one document, each with the template version it was filled with.
    /// The preview shows citizen ids in full, so it is written to the log first (and not
    /// shown when it cannot be).
    pub fn of_records(ws: &Workspace, ids: &[i64]) -> Result<PrintPreview, String> {
        let read = ids
            .iter()
            .map(|&id| ws.record_template(id))
            .collect::<Result<Vec<_>, String>>()?;
        if let Some(store) = ws.store.as_ref().filter(|s| !s.is_read_only()) {
            store
                .audit_database_event("print", print_entry(ids))
                .map_err(|e| format!("พิมพ์ไม่ได้: บันทึกการพิมพ์ลงบันทึกการใช้งานไม่ได้ ({e})"))?;
        }
        Ok(Self::of_records_read(ws, &read))
    }

    /// Records as read (on the shared server, as its line sent them, the printing logged
    /// there), each with the template version it was filled with, as one document.
    pub fn of_records_read(ws: &Workspace, read: &[(Record, Template)]) -> PrintPreview {
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        let mut docs = Vec::new();
        let mut form_id = String::new();
        for (r, t) in read {
            form_id.clone_from(&t.id);
            docs.push(pdf::form::form_document(
                &pdf::form::FormPrint {
                    template: t,
                    answers: Some(&r.answers),
                    record_id: Some(r.id),
                    profile: &ws.profile,
                    today: chrono::Local::now().date_naive(),
                    digits: settings.digits(),
                    office_blank: settings.office_blank,
                },
                fonts,
            ));
        }
        let title = docs.first().map(|d| d.title.clone()).unwrap_or_default();
        let name = match read {
            [(one, _)] => format!("{form_id}-{}", one.id),
            _ => format!("{form_id}-{}-รายการ", read.len()),
        };
        PrintPreview::new(pdf::form::concat(docs, &title), &name, settings)
    }

    fn bytes(&self) -> Vec<u8> {
        let (fonts, _) = FontSet::with_custom(self.settings.font());
        pdf::write(&self.doc, fonts)
    }

    fn save_as(&mut self, dialogs: &mut Dialogs) {
        let Some(path) = dialogs.choose(Dialog::SaveFile("pdf"), &self.file_name) else {
            return;
        };
        let path = if path.extension().is_none() {
            path.with_extension("pdf")
        } else {
            path
        };
        let fallback = dialogs.fallback.take();
        self.message = Some(match pdf::write_file_atomically(&path, &self.bytes()) {
            Ok(()) => match &fallback {
                Some(f) => Notice::warning(f.message()),
                None => Notice::ok(format!("บันทึกไฟล์ {} แล้ว", path.display())),
            },
            Err(e) => Notice::error(crate::atomic_file::io_message(&path, &e)),
        });
        self.folder = fallback.and_then(|f| f.folder());
    }

    /// Writes the PDF to the print folder and hands it to the system's PDF viewer.
    fn open_in_viewer(&mut self) {
        let dir = print_folder();
        let path: PathBuf = dir.join(&self.file_name);
        let written = crate::private_fs::create_dir_all(&dir)
            .and_then(|()| pdf::write_file_atomically(&path, &self.bytes()));
        if written.is_ok() {
            self.temp_files.push(path.clone());
        }
        if let Err(e) = written {
            self.message = Some(Notice::error(format!(
                "เปิดโปรแกรมอ่าน PDF ไม่ได้: {}",
                crate::atomic_file::io_message(&path, &e)
            )));
            return;
        }
        self.message = Some(match open_and_check(&path) {
            Ok(()) => Notice::ok("เปิดไฟล์ในโปรแกรมอ่าน PDF แล้ว สั่งพิมพ์จากโปรแกรมนั้นได้เลย"),
            Err(why) => {
                // The file stays where the officer can find it: a copy in the documents
                // folder (the print folder is emptied when the preview closes).
                let docs = self
                    .documents
                    .clone()
                    .unwrap_or_else(|| std::env::temp_dir().join("dlict-เอกสาร"));
                let kept = crate::private_fs::create_dir_all(&docs).and_then(|()| {
                    let target = crate::ui::dialogs::free_name(&docs, &self.file_name);
                    pdf::write_file_atomically(&target, &self.bytes()).map(|()| target)
                });
                match kept {
                    Ok(target) => Notice::error(format!(
                        "เปิดโปรแกรมอ่าน PDF ไม่ได้: {why} — บันทึกไฟล์ไว้ที่ {} แล้ว เปิดจากโปรแกรมอื่นหรือคัดลอกไปพิมพ์ได้",
                        target.display()
                    )),
                    Err(e) => Notice::error(format!(
                        "เปิดโปรแกรมอ่าน PDF ไม่ได้: {why} และบันทึกสำเนาไม่ได้: {}",
                        crate::atomic_file::io_message(&docs, &e)
                    )),
                }
            }
        });
    }
}

impl Drop for PrintPreview {
    fn drop(&mut self) {
        for f in &self.temp_files {
            let old = std::fs::metadata(f)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() >= 20);
            if old {
                let _ = std::fs::remove_file(f);
            }
        }
    }
}

fn sanitize(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "\\/:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if clean.to_lowercase().ends_with(".pdf") {
        clean
    } else {
        format!("{clean}.pdf")
    }
}

/// Opens a file with the program the system has for it. On Windows through Explorer, not
/// `cmd /C start`: cmd would read `&`, `^` or `%` in a file name as its own syntax (Thai names
/// and spaces pass through `CreateProcessW` whole either way).
pub fn open_with_system(path: &std::path::Path) -> std::io::Result<()> {
    use std::process::Command;
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("explorer");
        c.arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    cmd.spawn().map(|_| ())
}

/// Opens a file or folder with the system's program and says whether that worked: the
/// opener's exit status is waited for up to 3 s (an opener still running by then has
/// started a program). "xdg-open" exits non-zero when nothing can open the file.
pub fn open_and_check(path: &std::path::Path) -> Result<(), String> {
    use std::process::Command;
    if cfg!(windows) || cfg!(target_os = "macos") {
        return open_with_system(path).map_err(|e| e.to_string());
    }
    let mut child = Command::new("xdg-open")
        .arg(path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("ไม่พบคำสั่ง xdg-open ({e})"))?;
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(3) {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => return Err("ไม่มีโปรแกรมในเครื่องนี้ที่เปิดไฟล์นี้ได้".into()),
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(())
}

/// Shows the preview window while there is one; closes it when the officer is done.
pub fn show(ctx: &egui::Context, preview: &mut Option<PrintPreview>, dialogs: &mut Dialogs) {
    let Some(p) = preview else { return };
    p.documents.clone_from(&dialogs.documents);
    let mut open = p.open;
    let pages = p.doc.pages.len();
    egui::Window::new("ตัวอย่างก่อนพิมพ์")
        .open(&mut open)
        .default_size(vec2(720.0, 760.0))
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui.button("บันทึกเป็น PDF…").clicked() {
                    p.save_as(dialogs);
                }
                if ui.button("เปิดในโปรแกรมอ่าน PDF เพื่อพิมพ์").clicked()
                {
                    p.open_in_viewer();
                }
                ui.separator();
                ui.label(format!("{} หน้า (A4)", digits(pages)));
                ui.separator();
                if ui.button("ย่อ").clicked() {
                    p.zoom = (p.zoom / 1.2).max(0.3);
                }
                if ui.button("ขยาย").clicked() {
                    p.zoom = (p.zoom * 1.2).min(2.5);
                }
            });
            ui.label(egui::RichText::new(&p.doc.title).strong());
            crate::ui::style::notice(ui, &p.message);
            if let Some(dir) = p.folder.clone()
                && ui.button("เปิดโฟลเดอร์").clicked()
                && let Err(e) = open_and_check(&dir)
            {
                p.message = Some(Notice::error(format!(
                    "เปิดโฟลเดอร์ไม่ได้: {e} (ที่อยู่: {})",
                    dir.display()
                )));
            }
            ui.separator();
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for (i, page) in p.doc.pages.iter().enumerate() {
                        draw_page(ui, page, p.zoom, i + 1);
                        ui.add_space(12.0);
                    }
                });
        });
    if !open {
        *preview = None;
    }
}

/// Paints one page of the page model at `zoom` (1.0 = one point per egui point).
fn draw_page(ui: &mut Ui, page: &crate::pdf::Page, zoom: f32, number: usize) {
    let size = vec2(page.width * zoom, page.height * zoom);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, format!("หน้า {}", digits(number)))
    });
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    painter.rect_stroke(
        rect,
        0.0,
        Stroke::new(1.0, crate::ui::style::color::PAGE_EDGE),
        egui::StrokeKind::Outside,
    );
    let at = |x: f32, y: f32| -> Pos2 { pos2(rect.left() + x * zoom, rect.top() + y * zoom) };
    let fonts = FontSet::bundled();
    for item in &page.items {
        match item {
            Item::Text {
                x,
                y,
                size,
                weight,
                text,
                ..
            } => {
                let face = match weight {
                    Weight::Regular => &fonts.regular,
                    Weight::Bold => &fonts.bold,
                };
                let family = match weight {
                    Weight::Regular => FontFamily::Proportional,
                    Weight::Bold => FontFamily::Name(super::fonts::BOLD.into()),
                };
                let top = *y - face.ascent(*size);
                let font = FontId::new((*size * zoom).max(1.0), family);
                let pos = at(*x, top);
                if rect.expand(50.0).contains(pos) {
                    painter.text(pos, egui::Align2::LEFT_TOP, text, font, Color32::BLACK);
                }
            }
            Item::Line {
                from,
                to,
                width,
                dotted,
            } => {
                let (a, b) = (at(from.0, from.1), at(to.0, to.1));
                let stroke = Stroke::new((width * zoom).max(0.5), Color32::BLACK);
                if *dotted {
                    painter.extend(Shape::dotted_line(
                        &[a, b],
                        crate::ui::style::color::PAPER_DOTS,
                        (2.6 * zoom).max(2.0),
                        (0.5 * zoom).max(0.5),
                    ));
                } else {
                    painter.line_segment([a, b], stroke);
                }
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                stroke,
                fill,
            } => {
                let r = Rect::from_min_max(at(*x, *y), at(x + w, y + h));
                if let Some(level) = fill {
                    painter.rect_filled(r, 0.0, grey(*level));
                }
                if let Some(width) = stroke {
                    painter.rect_stroke(
                        r,
                        0.0,
                        Stroke::new((width * zoom).max(0.5), Color32::BLACK),
                        egui::StrokeKind::Middle,
                    );
                }
            }
            Item::Image { x, y, w, h, path } => {
                if let Some(tex) = picture_texture(ui.ctx(), path) {
                    let [pw, ph] = tex.size();
                    let (fw, fh) = crate::pdf::picture::fit(
                        u32::try_from(pw).unwrap_or(0),
                        u32::try_from(ph).unwrap_or(0),
                        *w,
                        *h,
                    );
                    let r = Rect::from_min_size(at(*x, *y), vec2(fw * zoom, fh * zoom));
                    painter.image(
                        tex.id(),
                        r,
                        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
            }
            Item::Path {
                points,
                closed,
                stroke,
                fill,
            } => {
                let pts: Vec<Pos2> = points.iter().map(|(x, y)| at(*x, *y)).collect();
                let s = stroke.map_or(Stroke::NONE, |w| {
                    Stroke::new((w * zoom).max(0.5), Color32::BLACK)
                });
                if *closed {
                    let fill = fill.map_or(Color32::TRANSPARENT, grey);
                    painter.add(Shape::convex_polygon(pts, fill, s));
                } else {
                    painter.add(Shape::line(pts, s));
                }
            }
        }
    }
}

/// A picture file as a texture, read once per path (a file that cannot be read: `None`, and
/// the page keeps its space blank as the PDF does).
fn picture_texture(ctx: &egui::Context, path: &str) -> Option<egui::TextureHandle> {
    let id = egui::Id::unique(("picture", path));
    if let Some(t) = ctx.data(|d| d.get_temp::<Option<egui::TextureHandle>>(id)) {
        return t;
    }
    let t = crate::pdf::picture::load(path).ok().map(|p| {
        let size = [p.width as usize, p.height as usize];
        ctx.load_texture(
            path,
            egui::ColorImage::from_rgb(size, &p.rgb),
            egui::TextureOptions::LINEAR,
        )
    });
    ctx.data_mut(|d| d.insert_temp(id, t.clone()));
    t
}

fn grey(level: f32) -> Color32 {
    Color32::from_gray((level.clamp(0.0, 1.0) * 255.0) as u8)
}

/// The log entry of records printed (their citizen ids are on the paper).
pub fn print_entry(ids: &[i64]) -> serde_json::Value {
    serde_json::json!({"records": ids, "citizen_ids": "included"})
}
