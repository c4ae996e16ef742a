//! The system's file dialogs, in one place: what a save, open or folder dialog is for, a
//! path a test (or a later step) can give instead of asking, and what happens when no
//! dialog can be shown at all (seen on Linux without a desktop portal): a save goes into the
//! program's documents folder under its data folder and the window says where, with
//! "เปิดโฟลเดอร์"; an open takes the newest fitting file the officer put in that folder's
//! "นำเข้า" folder, or says to put one there. Nothing fails silently.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    SaveFile(&'static str),
    PickFolder,
    OpenFile(&'static [&'static str]),
}

/// A dialog that could not be shown, and what was done instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// The file was saved here instead.
    SavedTo(PathBuf),
    /// This file from the inbox folder was used instead.
    OpenedFrom(PathBuf),
    /// Nothing to open: the officer is asked to put a file in this folder.
    PutFileIn(PathBuf),
    /// No folder could be chosen: this one was used.
    FolderUsed(PathBuf),
}

impl Fallback {
    /// The Thai sentence the window shows.
    pub fn message(&self) -> String {
        let lead = "เปิดหน้าต่างเลือกไฟล์ของระบบไม่ได้ในเครื่องนี้";
        match self {
            Fallback::SavedTo(p) => format!("{lead} จึงบันทึกไว้ที่ {}", p.display()),
            Fallback::OpenedFrom(p) => {
                format!("{lead} จึงใช้ไฟล์ล่าสุดในโฟลเดอร์นำเข้า: {}", p.display())
            }
            Fallback::PutFileIn(d) => format!(
                "{lead}: วางไฟล์ที่ต้องการไว้ในโฟลเดอร์ {} แล้วกดปุ่มเดิมอีกครั้ง",
                d.display()
            ),
            Fallback::FolderUsed(d) => format!("{lead} จึงใช้โฟลเดอร์ {}", d.display()),
        }
    }

    /// The folder "เปิดโฟลเดอร์" opens.
    pub fn folder(&self) -> Option<PathBuf> {
        match self {
            Fallback::SavedTo(p) | Fallback::OpenedFrom(p) => p.parent().map(Path::to_path_buf),
            Fallback::PutFileIn(d) | Fallback::FolderUsed(d) => Some(d.clone()),
        }
    }
}

/// A dialog that returns nothing this soon was never shown (nobody cancels that fast).
const TOO_SOON: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
pub struct Dialogs {
    /// Answers the next file dialog instead of asking (tests drive the window with it).
    pub next_path: Option<PathBuf>,
    /// Behave as where no dialog can be shown (tests drive the fallback with it).
    pub unavailable: bool,
    /// The program's documents folder (under the data folder); set by the shell.
    pub documents: Option<PathBuf>,
    /// The last fallback taken, for the shell to show until closed.
    pub fallback: Option<Fallback>,
    /// "เปิดโฟลเดอร์" failed: why.
    pub folder_error: Option<String>,
}

/// `dir/name`, or `dir/stem (2).ext` … when that name is taken: a fallback never overwrites.
pub fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let p = Path::new(name);
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("ไฟล์");
    let ext = p.extension().and_then(|s| s.to_str());
    (2..10_000)
        .map(|n| {
            dir.join(match ext {
                Some(e) => format!("{stem} ({n}).{e}"),
                None => format!("{stem} ({n})"),
            })
        })
        .find(|c| !c.exists())
        .unwrap_or(first)
}

impl Dialogs {
    /// The documents folder, made (owner-only) if needed.
    fn documents(&self) -> PathBuf {
        let dir = self
            .documents
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("dlict-เอกสาร"));
        let _ = crate::private_fs::create_dir_all(&dir);
        dir
    }

    /// A file or folder from the officer (or the path a test set); when no dialog can be
    /// shown, the fallback described in the module doc (and `fallback` says so).
    pub fn choose(&mut self, dialog: Dialog, default_name: &str) -> Option<PathBuf> {
        if let Some(p) = self.next_path.take() {
            return Some(p);
        }
        let started = Instant::now();
        let picked = if self.unavailable {
            None
        } else {
            let d = rfd::FileDialog::new().set_file_name(default_name);
            match dialog {
                Dialog::SaveFile(ext) => d
                    .add_filter(ext.to_uppercase(), &[ext])
                    .set_title("บันทึกเป็น")
                    .save_file(),
                Dialog::PickFolder => d.set_title("เลือกโฟลเดอร์").pick_folder(),
                Dialog::OpenFile(exts) => d
                    .add_filter("ไฟล์ข้อมูล", exts)
                    .set_title("เลือกไฟล์")
                    .pick_file(),
            }
        };
        if picked.is_some() || (!self.unavailable && started.elapsed() >= TOO_SOON) {
            // Chosen, or cancelled by the officer.
            return picked;
        }
        let docs = self.documents();
        let (path, fallback) = match dialog {
            Dialog::SaveFile(_) => {
                let p = free_name(&docs, default_name);
                (Some(p.clone()), Fallback::SavedTo(p))
            }
            Dialog::PickFolder => (Some(docs.clone()), Fallback::FolderUsed(docs)),
            Dialog::OpenFile(exts) => {
                let inbox = docs.join("นำเข้า");
                let _ = crate::private_fs::create_dir_all(&inbox);
                match newest_with(&inbox, exts) {
                    Some(p) => (Some(p.clone()), Fallback::OpenedFrom(p)),
                    None => (None, Fallback::PutFileIn(inbox)),
                }
            }
        };
        self.fallback = Some(fallback);
        path
    }
}

/// The most recently changed file in `dir` with one of `exts`.
fn newest_with(dir: &Path, exts: &[&str]) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.iter().any(|w| w.eq_ignore_ascii_case(x)))
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max_by_key(|(t, _)| *t)
        .map(|(_, p)| p)
}

/// The banner of a fallback: what was done, "เปิดโฟลเดอร์", "ปิด".
pub fn show_fallback(ui: &mut egui::Ui, dialogs: &mut Dialogs) {
    let Some(f) = dialogs.fallback.clone() else {
        return;
    };
    let mut close = false;
    crate::ui::style::attention(ui, |ui| {
        crate::ui::thai_text::label(ui, f.message());
        if let Some(e) = &dialogs.folder_error {
            ui.colored_label(crate::ui::style::color::ERROR, e);
        }
        ui.horizontal(|ui| {
            if let Some(dir) = f.folder()
                && ui.button("เปิดโฟลเดอร์").clicked()
            {
                dialogs.folder_error = crate::ui::print::open_and_check(&dir)
                    .err()
                    .map(|e| format!("เปิดโฟลเดอร์ไม่ได้: {e} (ที่อยู่: {})", dir.display()));
            }
            if ui.button("ปิด").clicked() {
                close = true;
            }
        });
    });
    if close {
        dialogs.fallback = None;
        dialogs.folder_error = None;
    }
}
