//! Forms: templates (sections and fields, from `assets/forms/`), the answers of a record and
//! their validation, and the office profile that prefills them. No egui, no database here.

pub mod answers;
pub mod checked;
pub mod contact;
pub mod limits;
pub mod profile;
pub mod template;

pub use answers::{Answers, FieldError, display_value, normalize};
pub use checked::{Checked, check};
pub use profile::{OfficeProfile, Signer};
pub use template::{
    Choice, Field, FieldKind, RatingGroup, RatingItem, Section, Source, Template, TemplateError,
};

use crate::catalog::Catalog;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/form_files.rs"));
}

/// The built-in templates, in file-name order.
pub fn builtin() -> Result<Vec<Template>, TemplateError> {
    from_sources(embedded::FORM_FILES)
}

/// Parses every (file name, TOML) pair; the first broken file stops with its error.
pub fn from_sources(files: &[(&str, &str)]) -> Result<Vec<Template>, TemplateError> {
    let mut out: Vec<Template> = Vec::with_capacity(files.len());
    for (name, text) in files {
        let t = Template::from_toml(name, text)?;
        if out.iter().any(|o| o.id == t.id) {
            return Err(TemplateError {
                file: (*name).to_owned(),
                field: None,
                message: format!("รหัสแม่แบบ “{}” ซ้ำกับไฟล์อื่น", t.id),
            });
        }
        out.push(t);
    }
    Ok(out)
}

/// Loads what it can: the good templates and one error per broken file, so that one bad file
/// never stops the app from starting.
pub fn load_lenient(files: &[(&str, &str)]) -> (Vec<Template>, Vec<TemplateError>) {
    let mut good: Vec<Template> = Vec::new();
    let mut bad = Vec::new();
    for (name, text) in files {
        match Template::from_toml(name, text) {
            Ok(t) if good.iter().any(|o| o.id == t.id) => bad.push(TemplateError {
                file: (*name).to_owned(),
                field: None,
                message: format!("รหัสแม่แบบ “{}” ซ้ำกับไฟล์อื่น", t.id),
            }),
            Ok(t) => good.push(t),
            Err(e) => bad.push(e),
        }
    }
    (good, bad)
}

pub fn builtin_lenient() -> (Vec<Template>, Vec<TemplateError>) {
    load_lenient(embedded::FORM_FILES)
}

/// The template a process's "forms used" line names (by title or alias), if any.
pub fn template_for_title<'a>(templates: &'a [Template], title: &str) -> Option<&'a Template> {
    templates.iter().find(|t| t.is_named(title))
}

/// The templates a process uses: those its section ๗ names (by title or alias) and that are
/// meant for it, then any other template listing it. A title the manual pasted into several
/// processes (the web-design training form in ๑๘–๒๐) links only where the template belongs.
pub fn templates_for_process<'a>(
    templates: &'a [Template],
    process: &crate::catalog::Process,
) -> Vec<&'a Template> {
    let belongs = |t: &Template| t.processes.is_empty() || t.processes.contains(&process.number);
    let mut out: Vec<&Template> = Vec::new();
    for f in &process.forms {
        for t in templates
            .iter()
            .filter(|t| t.is_named(&f.text) && belongs(t))
        {
            if !out.iter().any(|o| o.id == t.id) {
                out.push(t);
            }
        }
    }
    for t in templates
        .iter()
        .filter(|t| t.processes.contains(&process.number))
    {
        if !out.iter().any(|o| o.id == t.id) {
            out.push(t);
        }
    }
    out
}

/// (process id, form line, template id) for every form line of every process that has a
/// template, and the lines that have none (documents and reports, not forms).
pub fn process_links(
    catalog: &Catalog,
    templates: &[Template],
) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for p in &catalog.processes {
        for f in &p.forms {
            let t = template_for_title(templates, &f.text).map(|t| t.id.clone());
            out.push((p.id(), f.text.clone(), t));
        }
    }
    out
}
