//! A form's template as a file: exported for another office (TOML, as `assets/forms/` holds
//! them), or imported as the next version of its form (or a new form).

use super::FormsArea;
use crate::forms::Template;
use crate::thai::digits;
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::workspace::Workspace;

/// Writes the template to a file the officer chooses; what happened, or `None` when the
/// officer closed the dialog.
pub fn export(t: &Template, dialogs: &mut Dialogs) -> Option<Notice> {
    let path = dialogs.choose(
        Dialog::SaveFile("toml"),
        &format!("{}-v{}.toml", t.id, t.version),
    )?;
    Some(
        match crate::atomic_file::write(&path, t.to_toml().as_bytes()) {
            Ok(()) => Notice::ok(format!("ส่งออกแม่แบบไปที่ {} แล้ว", path.display())),
            Err(e) => Notice::error(crate::atomic_file::io_message(&path, &e)),
        },
    )
}

/// Asks for a template file and saves it as the next version of its form.
pub fn import(area: &mut FormsArea, ws: &mut Workspace, dialogs: &mut Dialogs) {
    let Some(path) = dialogs.choose(Dialog::OpenFile(&["toml"]), "") else {
        return;
    };
    let result = import_file(ws, &path);
    area.message = Some(match result {
        Ok(t) => {
            let id = t.id.clone();
            area.select(ws, &id);
            Notice::ok(format!(
                "นำเข้า “{}” เป็นรุ่น {} แล้ว",
                t.title,
                digits(t.version)
            ))
        }
        Err(e) => Notice::error(e),
    });
}

/// Reads a template file and saves it as the next version of its form (or a new form).
pub fn import_file(ws: &mut Workspace, path: &std::path::Path) -> Result<Template, String> {
    let text = crate::text_file::read(path, crate::forms::limits::MAX_DATA_FILE_BYTES)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let t = Template::from_toml(&name, &text).map_err(|e| e.to_string())?;
    let builtin = ws.builtin.clone();
    let saved = ws
        .store_mut()?
        .save_template_version(&builtin, &t, "imported")
        .map_err(|e| e.to_string())?;
    ws.reload();
    Ok(saved)
}
