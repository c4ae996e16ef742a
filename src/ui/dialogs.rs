//! The system's file dialogs, in one place: what a save, open or folder dialog is for, and a
//! path a test (or a later step) can give instead of asking.

use std::path::PathBuf;

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    SaveFile(&'static str),
    PickFolder,
    OpenFile(&'static [&'static str]),
}

#[derive(Debug, Default)]
pub struct Dialogs {
    /// Answers the next file dialog instead of asking (tests drive the window with it).
    pub next_path: Option<PathBuf>,
}

impl Dialogs {
    /// A file or folder from the officer (or the path a test set).
    pub fn choose(&mut self, dialog: Dialog, default_name: &str) -> Option<PathBuf> {
        if let Some(p) = self.next_path.take() {
            return Some(p);
        }
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
    }
}
