//! `dlict forms` and `dlict record …`: the headless twins of the forms area.

use super::out;
use crate::forms::{self, Answers, FieldKind, Template};
use crate::store::office_store::OfficeStore;
use crate::store::{Status, Store};
use crate::thai::citizen_id;
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

/// Built-in templates plus the office's newer versions when a database is at hand.
pub fn templates(store: Option<&Store>) -> Result<(Vec<Template>, Vec<Template>), ExitCode> {
    let builtin = forms::builtin().map_err(|e| {
        eprintln!("แม่แบบแบบฟอร์มเสียหาย: {e}");
        ExitCode::from(1)
    })?;
    let current = match store {
        Some(s) => s.current_templates(&builtin).map_err(|e| {
            eprintln!("{e}");
            ExitCode::from(1)
        })?,
        None => builtin.clone(),
    };
    Ok((builtin, current))
}

/// `templates` of a store of either kind: the built-in ones and the newest of every form.
fn record_templates(
    store: &mut dyn OfficeStore,
) -> Result<(Vec<Template>, Vec<Template>), ExitCode> {
    let (builtin, _) = templates(None)?;
    let current = store.templates_now(&builtin).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })?;
    Ok((builtin, current))
}

fn field_json(f: &forms::Field) -> Value {
    let mut o = json!({
        "id": f.id,
        "label": if f.kind == FieldKind::Note { &f.text } else { &f.label },
        "type": f.kind.name(),
        "required": f.required,
    });
    if f.kind.has_choices() {
        o["choices"] = json!(
            f.choices
                .iter()
                .map(|c| json!({"id": c.id, "label": c.label, "specify": c.specify}))
                .collect::<Vec<_>>()
        );
    }
    if f.kind == FieldKind::Rating {
        o["scale"] = json!(f.scale());
        o["items"] = json!(
            f.groups
                .iter()
                .flat_map(|g| g
                    .items
                    .iter()
                    .map(move |i| json!({"id": i.id, "label": i.label, "group": g.title})))
                .collect::<Vec<_>>()
        );
    }
    if let Some(m) = f.max_len {
        o["max_len"] = json!(m);
    }
    o
}

pub fn template_json(t: &Template) -> Value {
    json!({
        "id": t.id,
        "title": t.title,
        "version": t.version,
        "source": t.source,
        "processes": t.processes,
        "aliases": t.aliases,
        "sections": t.sections.iter().map(|s| json!({
            "title": s.title,
            "office_use": s.office_use,
            "fields": s.fields.iter().map(field_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// `dlict forms --json`
pub fn forms_json(db: Option<&Path>) -> ExitCode {
    let store = match db.map(|db| super::open_db(db, super::Open::Reading)) {
        Some(Ok(s)) => Some(s),
        Some(Err(code)) => return code,
        None => None,
    };
    let (_, current) = match templates(store.as_ref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let list: Vec<Value> = current.iter().map(template_json).collect();
    out(&serde_json::to_string_pretty(&list).unwrap_or_default());
    ExitCode::SUCCESS
}

/// `dlict forms --check`: every built-in template loads; every process form line is linked.
pub fn forms_check() -> ExitCode {
    let (good, bad) = forms::builtin_lenient();
    for e in &bad {
        out(&e.to_string());
    }
    if bad.is_empty() {
        out(&format!("แม่แบบแบบฟอร์มถูกต้อง ({} แบบ)", good.len()));
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A data file: a JSON object, field id → answer (UTF-8, a byte order mark accepted), of at
/// most `MAX_DATA_FILE_BYTES`.
fn read_data(file: &Path) -> Result<Answers, String> {
    let text = crate::text_file::read(file, crate::forms::limits::MAX_DATA_FILE_BYTES)
        .map_err(|e| format!("อ่านไฟล์ข้อมูลไม่ได้: {e}"))?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(format!(
            "ไฟล์ข้อมูล {} ต้องเป็น JSON object ที่จับคู่ รหัสช่อง → คำตอบ",
            file.display()
        )),
        Err(e) => Err(format!(
            "ไฟล์ข้อมูล {} ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {} ตำแหน่ง {})",
            file.display(),
            crate::thai::digits(e.line()),
            crate::thai::digits(e.column())
        )),
    }
}

/// Checks a data file against a form: canonical answers or one Thai line per bad field.
pub fn check_data(t: &Template, file: &Path) -> Result<Answers, Vec<String>> {
    let input = read_data(file).map_err(|e| vec![e])?;
    let (answers, errors) = forms::normalize(t, &input);
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors
            .iter()
            .map(|e| {
                let name = t
                    .field(&e.field)
                    .map(|f| f.display_name())
                    .unwrap_or(&e.field);
                format!("ช่อง “{name}” ({}): {}", e.field, e.message)
            })
            .collect())
    }
}

/// The answers of a data file for template `t`: complete when every field is right; with
/// `--draft`, the problems are printed and the answers kept as a draft; else the problems are
/// printed and nothing is saved (exit 2).
fn answers_of(t: &Template, data: &Path, draft: bool) -> Result<(Answers, Status), ExitCode> {
    match check_data(t, data) {
        Ok(a) => Ok((a, Status::Complete)),
        Err(lines) => {
            for l in &lines {
                eprintln!("{l}");
            }
            match read_data(data) {
                Ok(input) if draft => Ok((forms::normalize(t, &input).0, Status::Draft)),
                _ => {
                    eprintln!("ไม่ได้บันทึก: แก้ไขข้อมูลตามข้างต้น หรือใช้ --draft เพื่อบันทึกเป็นฉบับร่าง");
                    Err(ExitCode::from(2))
                }
            }
        }
    }
}

/// Opens the database for a command that reads, refusing `--reveal-citizen-id` on a
/// read-only one (the reveal could not be logged).
fn open_to_read(db: &Path, reveal: bool) -> Result<Box<dyn OfficeStore>, ExitCode> {
    let store = super::open_records(db, super::Open::Reading)?;
    if reveal && !store.can_write() {
        eprintln!(
            "ฐานข้อมูลเป็นแบบอ่านอย่างเดียว จึงบันทึกการแสดงเลขประจำตัวประชาชนลงบันทึกการใช้งานไม่ได้ ไม่ได้แสดงข้อมูล (ใช้โดยไม่ระบุ --reveal-citizen-id ได้)"
        );
        return Err(ExitCode::from(1));
    }
    Ok(store)
}

/// `dlict record add FORM_ID --data FILE.json [--draft]`
pub fn record_add(db: &Path, form: &str, data: &Path, draft: bool) -> ExitCode {
    // The data file is read before the database is opened (or created).
    if let Err(e) = read_data(data) {
        eprintln!("{e}");
        eprintln!("ไม่ได้บันทึก");
        return ExitCode::from(2);
    }
    let mut store = match super::open_records(db, super::Open::Create) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let (_, current) = match record_templates(store.as_mut()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let Some(t) = current.iter().find(|t| t.id == form) else {
        eprintln!("ไม่พบแบบฟอร์ม “{form}” (ดูรายการด้วย dlict forms --json)");
        return ExitCode::from(2);
    };
    let (answers, status) = match answers_of(t, data, draft) {
        Ok(x) => x,
        Err(c) => return c,
    };
    match store.add_record(t, status, &answers) {
        Ok(id) => {
            out(&id.to_string());
            ExitCode::SUCCESS
        }
        // The data itself is refused (over the limits): exit 2, as for any bad data.
        Err(e @ crate::store::StoreError::Invalid(_)) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

/// Answers with every citizen id masked (PDPA), unless `reveal`.
pub fn mask_answers(t: &Template, answers: &Answers, reveal: bool) -> Answers {
    let mut a = answers.clone();
    if !reveal {
        for f in t.fields().filter(|f| f.kind == FieldKind::CitizenId) {
            if let Some(Value::String(s)) = a.get(&f.id) {
                let masked = citizen_id::mask(s);
                a.insert(f.id.clone(), json!(masked));
            }
        }
    }
    a
}

/// A record as the CLI prints it (citizen ids masked unless `reveal`).
fn record_json(t: Option<&Template>, r: &crate::store::Record, reveal: bool) -> Value {
    let answers = match t {
        Some(t) => mask_answers(t, &r.answers, reveal),
        None => r.answers.clone(),
    };
    json!({
        "id": r.id,
        "number": r.number,
        "version": r.version,
        "form_id": r.form_id,
        "template_version": r.template_version,
        "status": r.status.as_str(),
        "cancelled": r.cancelled_at.is_some(),
        "cancel_reason": r.cancel_reason,
        "record_date": r.record_date,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "answers": answers,
    })
}

/// A record id as typed (Thai or Arabic digits).
fn record_id(text: &str) -> Result<i64, ExitCode> {
    crate::thai::parse_thai_number(text)
        .map(i64::from)
        .ok_or_else(|| {
            eprintln!("เลขที่บันทึก “{text}” ไม่ใช่ตัวเลข");
            ExitCode::from(2)
        })
}

/// `dlict record show RECORD_ID --json [--reveal-citizen-id]`
pub fn record_show(db: &Path, id: &str, reveal: bool) -> ExitCode {
    let id = match record_id(id) {
        Ok(id) => id,
        Err(c) => return c,
    };
    let mut store = match open_to_read(db, reveal) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let (builtin, _) = match record_templates(store.as_mut()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let r = match store.record(id) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if reveal
        && let Err(e) = store.log_event("reveal", json!({"command": "record show", "record": id}))
    {
        eprintln!("บันทึกการแสดงเลขประจำตัวประชาชนลงบันทึกการใช้งานไม่ได้ จึงไม่แสดงข้อมูล: {e}");
        return ExitCode::from(1);
    }
    out(&serde_json::to_string_pretty(&record_json(
        store
            .template_version(&builtin, &r.form_id, r.template_version)
            .ok()
            .as_ref(),
        &r,
        reveal,
    ))
    .unwrap_or_default());
    ExitCode::SUCCESS
}

/// `dlict record update RECORD_ID --data FILE.json [--version N] [--draft]`: replaces the
/// record's answers; with `--version`, refused (exit 2, nothing written) when someone has
/// changed the record since that version.
pub fn record_update(
    db: &Path,
    id: &str,
    data: &Path,
    version: Option<&str>,
    draft: bool,
) -> ExitCode {
    let id = match record_id(id) {
        Ok(id) => id,
        Err(c) => return c,
    };
    let seen = match version.map(|v| crate::thai::parse_thai_number(v).map(i64::from)) {
        Some(None) => {
            eprintln!("--version ต้องเป็นตัวเลข (ดูได้จาก dlict record show {id} --json)");
            return ExitCode::from(2);
        }
        Some(Some(v)) => Some(v),
        None => None,
    };
    if let Err(e) = read_data(data) {
        eprintln!("{e}");
        eprintln!("ไม่ได้บันทึก");
        return ExitCode::from(2);
    }
    let mut store = match super::open_records(db, super::Open::Reading) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let (builtin, _) = match record_templates(store.as_mut()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let old = match store.record(id) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let t = match store.template_version(&builtin, &old.form_id, old.template_version) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let (answers, status) = match answers_of(&t, data, draft) {
        Ok(x) => x,
        Err(c) => return c,
    };
    match store.edit_record(id, seen, &t, status, &answers) {
        Ok(changed) => {
            let now = store.record(id).map(|r| r.version).unwrap_or_default();
            out(&json!({"id": id, "changed": changed, "version": now}).to_string());
            ExitCode::SUCCESS
        }
        Err(
            e @ (crate::store::StoreError::Conflict { .. } | crate::store::StoreError::Invalid(_)),
        ) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

/// `dlict record list FORM_ID --json [--reveal-citizen-id]`
pub fn record_list(db: &Path, form: &str, reveal: bool) -> ExitCode {
    let mut store = match open_to_read(db, reveal) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let (builtin, current) = match record_templates(store.as_mut()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    if !current.iter().any(|t| t.id == form) {
        eprintln!("ไม่พบแบบฟอร์ม “{form}” (ดูรายการด้วย dlict forms --json)");
        return ExitCode::from(2);
    }
    let ids = match store.form_record_ids(form) {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let records = match store.records(&ids) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // Each template version read once (on a server, one query each).
    let mut versions: std::collections::HashMap<u32, Option<Template>> =
        std::collections::HashMap::new();
    let mut list = Vec::with_capacity(records.len());
    for r in &records {
        let t = versions.entry(r.template_version).or_insert_with(|| {
            store
                .template_version(&builtin, &r.form_id, r.template_version)
                .ok()
        });
        list.push(record_json(t.as_ref(), r, reveal));
    }
    if reveal
        && let Err(e) = store.log_event(
            "reveal",
            json!({"command": "record list", "form": form, "records": list.len()}),
        )
    {
        eprintln!("บันทึกการแสดงเลขประจำตัวประชาชนลงบันทึกการใช้งานไม่ได้ จึงไม่แสดงข้อมูล: {e}");
        return ExitCode::from(1);
    }
    out(&serde_json::to_string_pretty(&list).unwrap_or_default());
    ExitCode::SUCCESS
}
