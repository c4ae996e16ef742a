//! The forms area: pick a form, fill it in, keep and find its records, adapt its template.

pub mod editor;
pub mod fields;
pub mod history;
pub mod inputs;
pub mod records;
pub mod template_editor;

use crate::forms::{self, OfficeProfile, Source, Template, TemplateError};
use crate::pdf::settings::PrintSettings;
use crate::store::{AuditEntry, Store};
use crate::thai::digits;
use crate::ui::print::PrintPreview;
use crate::ui::style::Notice;
use crate::ui::thai_text;
use editor::{EditorAction, RecordEditor};
use egui::{RichText, Ui};
use records::{ListAction, RecordList};
use std::collections::HashMap;
use template_editor::{TemplateAction, TemplateEditor};

pub enum FormsView {
    List,
    Edit(Box<RecordEditor>),
    /// A record's history, with the template version it was filled with (read once).
    History(i64, Vec<AuditEntry>, Box<Template>),
    Template(Box<TemplateEditor>),
}

pub struct FormsArea {
    pub builtin: Vec<Template>,
    /// Newest version of every form.
    pub templates: Vec<Template>,
    /// Template files that could not be loaded (the app still runs without them).
    pub template_errors: Vec<TemplateError>,
    pub store: Option<Store>,
    /// Why there is no store, or why it is read-only, in Thai.
    pub store_notice: Option<String>,
    pub profile: OfficeProfile,
    pub selected: Option<String>,
    pub view: FormsView,
    pub list: Option<RecordList>,
    pub counts: HashMap<String, usize>,
    pub message: Option<Notice>,
    pub cancel_reason: String,
    pub cancelling: bool,
    pub print_settings: PrintSettings,
    /// The print preview window, when open.
    pub preview: Option<PrintPreview>,
    /// Typing autosaved and not yet saved as a record (from this run or one that ended
    /// without saving: a power cut, a closed window).
    pub drafts: Vec<crate::store::drafts::Draft>,
}

/// How long after the last keystroke the typing is autosaved.
pub const AUTOSAVE_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

impl FormsArea {
    pub fn new(store: Result<Store, String>) -> FormsArea {
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
        let mut area = FormsArea {
            templates: builtin.clone(),
            builtin,
            template_errors,
            store,
            store_notice,
            profile: OfficeProfile::default(),
            selected: None,
            view: FormsView::List,
            list: None,
            counts: HashMap::new(),
            message: None,
            cancel_reason: String::new(),
            cancelling: false,
            print_settings: PrintSettings::default(),
            preview: None,
            drafts: Vec::new(),
        };
        area.reload();
        area
    }

    /// Re-reads templates, profile and counts from the store.
    pub fn reload(&mut self) {
        if let Some(s) = &self.store {
            if let Ok(t) = s.current_templates(&self.builtin) {
                self.templates = t;
            }
            if let Ok(p) = s.profile() {
                self.profile = p;
            }
            if let Ok(p) = s.print_settings() {
                self.print_settings = p;
            }
            self.counts = s.record_counts().unwrap_or_default();
            self.drafts = s.drafts().unwrap_or_default();
        }
    }

    /// Keeps the editor's typing as a draft a few seconds after the last change, so that a
    /// power cut loses at most that much. Returns when to look again.
    pub fn autosave(&mut self) -> Option<std::time::Duration> {
        let FormsView::Edit(ed) = &mut self.view else {
            return None;
        };
        let store = self.store.as_ref().filter(|s| !s.is_read_only())?;
        if !ed.dirty || ed.changes == ed.autosaved_changes {
            ed.autosave_due = None;
            return None;
        }
        let now = std::time::Instant::now();
        let due = *ed.autosave_due.get_or_insert(now + AUTOSAVE_AFTER);
        if now < due {
            return Some(due - now);
        }
        ed.autosave_due = None;
        match store.save_draft(&ed.draft()) {
            Ok(()) => {
                ed.autosaved_changes = ed.changes;
                ed.autosaved_at = Some(crate::thai::to_thai_digits(
                    &chrono::Local::now().format("%H:%M:%S").to_string(),
                ));
            }
            // The form stays on screen; the next change tries again.
            Err(e) => ed.message = Some(Notice::error(format!("จำข้อมูลที่กรอกอัตโนมัติไม่ได้: {e}"))),
        }
        None
    }

    /// Opens an autosaved draft in the editor.
    pub fn resume_draft(&mut self, slot: &str) {
        let Some(d) = self.drafts.iter().find(|d| d.slot == slot).cloned() else {
            return;
        };
        let Some(store) = self.store.as_ref() else {
            return;
        };
        let template = store.template(&self.builtin, &d.form_id, d.template_version);
        let cancelled = d
            .record_id
            .and_then(|id| store.record(id).ok())
            .and_then(|r| r.cancel_reason);
        match template {
            Ok(t) => {
                self.select(&d.form_id);
                let mut ed = RecordEditor::from_draft(t, &d, &self.profile);
                ed.cancelled = cancelled;
                self.view = FormsView::Edit(Box::new(ed));
            }
            Err(e) => self.message = Some(Notice::error(e.to_string())),
        }
    }

    pub fn discard_draft(&mut self, slot: &str) {
        if let Some(s) = &self.store
            && s.discard_draft(slot).is_ok()
        {
            self.drafts.retain(|d| d.slot != slot);
        }
    }

    /// The drafts waiting to be reopened, with open and discard buttons.
    fn drafts_banner(&mut self, ui: &mut Ui) {
        let open_slot = match &self.view {
            FormsView::Edit(ed) => Some(ed.draft_slot.clone()),
            _ => None,
        };
        let waiting: Vec<crate::store::drafts::Draft> = self
            .drafts
            .iter()
            .filter(|d| Some(&d.slot) != open_slot.as_ref())
            .cloned()
            .collect();
        if waiting.is_empty() {
            return;
        }
        let (mut resume, mut discard) = (None, None);
        egui::Frame::group(ui.style())
            .fill(crate::ui::style::color::ATTENTION_FILL)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(format!(
                        "แบบฟอร์มที่กรอกค้างไว้ ยังไม่ได้บันทึก ({})",
                        digits(waiting.len())
                    ))
                    .strong(),
                );
                for d in &waiting {
                    let title = self
                        .template(&d.form_id)
                        .map(|t| thai_text::shorten(&t.title, 50))
                        .unwrap_or_else(|| d.form_id.clone());
                    let what = match d.record_id {
                        Some(id) => format!("แก้ไขบันทึกเลขที่ {}", digits(id)),
                        None => "บันทึกใหม่".into(),
                    };
                    let when =
                        chrono::NaiveDateTime::parse_from_str(&d.saved_at, "%Y-%m-%dT%H:%M:%S")
                            .map(|t| {
                                format!(
                                    "{} {} น.",
                                    crate::thai::date::format_short(t.date()),
                                    digits(t.format("%H:%M"))
                                )
                            })
                            .unwrap_or_default();
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{title} — {what} — จำไว้เมื่อ {when}"));
                        if ui.button("เปิดต่อ").clicked() {
                            resume = Some(d.slot.clone());
                        }
                        if ui.button("ทิ้ง").on_hover_text("ลบข้อมูลที่กรอกค้างนี้").clicked()
                        {
                            discard = Some(d.slot.clone());
                        }
                    });
                }
            });
        if let Some(s) = resume {
            self.resume_draft(&s);
        }
        if let Some(s) = discard {
            self.discard_draft(&s);
        }
    }

    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// Selects a form and shows its records.
    pub fn select(&mut self, id: &str) {
        self.selected = Some(id.to_string());
        self.view = FormsView::List;
        self.message = None;
        self.cancelling = false;
        self.reload_list();
    }

    pub fn reload_list(&mut self) {
        let Some(id) = self.selected.clone() else {
            return;
        };
        let Some(store) = self.store.as_ref() else {
            return;
        };
        let keep = self.list.take().filter(|l| l.form_id == id);
        let mut l = RecordList::new(&id);
        if let Some(old) = keep {
            l.query = old.query;
            l.date_from = old.date_from;
            l.date_to = old.date_to;
            l.show_cancelled = old.show_cancelled;
            l.sort = old.sort;
            l.ascending = old.ascending;
            l.selected = old.selected;
        }
        l.refilter(store);
        self.list = Some(l);
        self.counts = self
            .store
            .as_ref()
            .and_then(|s| s.record_counts().ok())
            .unwrap_or_default();
    }

    /// Starts a new record of a form.
    pub fn new_record(&mut self, id: &str) {
        if let Some(t) = self.template(id).cloned() {
            self.select(id);
            self.view = FormsView::Edit(Box::new(RecordEditor::new_record(&t, &self.profile)));
        }
    }

    fn record_template(&self, record_id: i64) -> Result<(crate::store::Record, Template), String> {
        let s = self.store.as_ref().ok_or("ยังไม่มีฐานข้อมูล")?;
        let r = s.record(record_id).map_err(|e| e.to_string())?;
        let t = s
            .template(&self.builtin, &r.form_id, r.template_version)
            .map_err(|e| e.to_string())?;
        Ok((r, t))
    }

    pub fn open_record(&mut self, record_id: i64) {
        match self.record_template(record_id) {
            Ok((r, t)) => {
                self.view = FormsView::Edit(Box::new(RecordEditor::open(t, &r, &self.profile)))
            }
            Err(e) => self.message = Some(Notice::error(e)),
        }
    }

    /// The forms list in the side panel.
    pub fn sidebar(&mut self, ui: &mut Ui) {
        ui.add_space(4.0);
        ui.label(
            RichText::new("แบบฟอร์ม").font(crate::ui::fonts::bold(crate::ui::style::size::NAV)),
        );
        for e in &self.template_errors {
            thai_text::label_with(
                ui,
                &e.to_string(),
                egui::FontId::proportional(crate::ui::style::size::SMALL),
                Some(crate::ui::style::color::ERROR),
            );
        }
        let mut chosen = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (heading, appendix) in
                    [("ภาคผนวก ก (ตามคู่มือ)", true), ("แบบฟอร์มตามกระบวนงาน", false)]
                {
                    ui.add_space(6.0);
                    thai_text::label_with(
                        ui,
                        heading,
                        crate::ui::fonts::bold(crate::ui::style::size::HEADING),
                        None,
                    );
                    // A form adapted by the office stays in the group of the form it came from.
                    let is_appendix = |t: &Template| {
                        self.builtin
                            .iter()
                            .find(|b| b.id == t.id)
                            .map_or(t.source, |b| b.source)
                            == Source::Appendix
                    };
                    let mut list: Vec<&Template> = self
                        .templates
                        .iter()
                        .filter(|t| is_appendix(t) == appendix)
                        .collect();
                    list.sort_by_key(|t| {
                        (t.processes.first().copied().unwrap_or(99), t.id.clone())
                    });
                    for t in list {
                        let n = self.counts.get(&t.id).copied().unwrap_or(0);
                        let procs: Vec<String> = t.processes.iter().map(|p| digits(p)).collect();
                        let mut text = t.title.clone();
                        if !procs.is_empty() {
                            text = format!("{text} (กระบวนงาน {})", procs.join(", "));
                        }
                        if n > 0 {
                            text = format!("{text} — {} บันทึก", digits(n));
                        }
                        let w = ui.available_width();
                        if thai_text::selectable(
                            ui,
                            self.selected.as_deref() == Some(&t.id),
                            &text,
                            w,
                        )
                        .clicked()
                        {
                            chosen = Some(t.id.clone());
                        }
                    }
                }
            });
        if let Some(id) = chosen {
            self.select(&id);
        }
    }

    /// A form (blank when `answers` is `None`) laid out for the preview.
    pub fn preview_form(
        &mut self,
        t: &Template,
        answers: Option<&forms::Answers>,
        record_id: Option<i64>,
    ) {
        let (fonts, _) = crate::pdf::FontSet::with_custom(self.print_settings.font());
        let doc = crate::pdf::form::form_document(
            &crate::pdf::form::FormPrint {
                template: t,
                answers,
                record_id,
                profile: &self.profile,
                today: chrono::Local::now().date_naive(),
                digits: self.print_settings.digits(),
            },
            fonts,
        );
        let name = match record_id {
            Some(id) => format!("{}-{id}", t.id),
            None => format!("{}-ฉบับเปล่า", t.id),
        };
        self.preview = Some(PrintPreview::new(doc, &name, &self.print_settings));
    }

    /// Several records printed as one PDF, each with the template version it was filled with.
    pub fn preview_records(&mut self, ids: &[i64]) {
        if self.store.is_none() {
            return;
        }
        let (fonts, _) = crate::pdf::FontSet::with_custom(self.print_settings.font());
        let mut docs = Vec::new();
        for &id in ids {
            match self.record_template(id) {
                Ok((r, t)) => docs.push(crate::pdf::form::form_document(
                    &crate::pdf::form::FormPrint {
                        template: &t,
                        answers: Some(&r.answers),
                        record_id: Some(id),
                        profile: &self.profile,
                        today: chrono::Local::now().date_naive(),
                        digits: self.print_settings.digits(),
                    },
                    fonts,
                )),
                Err(e) => {
                    self.message = Some(Notice::error(e));
                    return;
                }
            }
        }
        let title = docs.first().map(|d| d.title.clone()).unwrap_or_default();
        let name = match ids {
            [one] => format!("{}-{one}", self.selected.clone().unwrap_or_default()),
            _ => format!(
                "{}-{}-รายการ",
                self.selected.clone().unwrap_or_default(),
                ids.len()
            ),
        };
        let doc = crate::pdf::form::concat(docs, &title);
        // The preview shows citizen ids in full: the log says who printed which.
        if let Some(store) = self.store.as_ref().filter(|s| !s.is_read_only())
            && let Err(e) = store.audit_database_event(
                "print",
                serde_json::json!({"records": ids, "citizen_ids": "included"}),
            )
        {
            self.message = Some(Notice::error(format!(
                "พิมพ์ไม่ได้: บันทึกการพิมพ์ลงบันทึกการใช้งานไม่ได้ ({e})"
            )));
            return;
        }
        self.preview = Some(PrintPreview::new(doc, &name, &self.print_settings));
    }

    pub fn show(&mut self, ui: &mut Ui) {
        crate::ui::print::show(ui.ctx(), &mut self.preview);
        if let Some(n) = &self.store_notice {
            thai_text::label_with(
                ui,
                n,
                egui::FontId::proportional(crate::ui::style::size::BODY),
                Some(crate::ui::style::color::ERROR),
            );
        }
        self.drafts_banner(ui);
        let Some(id) = self.selected.clone() else {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                ui.heading("แบบฟอร์มและบันทึก");
                ui.label(format!(
                    "แบบฟอร์ม {} แบบ เลือกจากรายการด้านซ้ายเพื่อดูบันทึกหรือกรอกแบบฟอร์มใหม่",
                    digits(self.templates.len())
                ));
            });
            return;
        };
        let Some(t) = self.template(&id).cloned() else {
            return;
        };
        match &mut self.view {
            FormsView::Edit(ed) => {
                match ed.show(ui, self.store.as_mut()) {
                    EditorAction::Saved(rid) => {
                        // Saved as a record: its draft is no longer needed.
                        let old_slot = std::mem::replace(
                            &mut ed.draft_slot,
                            crate::store::drafts::record_slot(rid),
                        );
                        ed.autosaved_at = None;
                        if let Some(s) = &self.store {
                            let _ = s.discard_draft(&old_slot);
                            let _ = s.discard_draft(&ed.draft_slot);
                        }
                        self.drafts
                            .retain(|d| d.slot != old_slot && d.slot != ed.draft_slot);
                        self.reload_list();
                        if let Some(l) = &mut self.list {
                            l.selected = Some(rid);
                        }
                    }
                    EditorAction::Close => {
                        // Closing with unsaved typing keeps it as a draft to reopen.
                        if ed.dirty
                            && let Some(s) = self.store.as_ref().filter(|s| !s.is_read_only())
                        {
                            match s.save_draft(&ed.draft()) {
                                Ok(()) => {
                                    self.message = Some(Notice::ok(
                                        "ยังไม่ได้บันทึก: เก็บสิ่งที่กรอกไว้ในรายการ “แบบฟอร์มที่กรอกค้างไว้” ด้านบน กด “เปิดต่อ” เพื่อกรอกต่อ",
                                    ));
                                }
                                Err(e) => {
                                    ed.message = Some(Notice::error(format!(
                                        "เก็บสิ่งที่กรอกไม่ได้ จึงยังไม่ปิด: {e}"
                                    )));
                                    return;
                                }
                            }
                        } else if let Some(s) = &self.store {
                            let _ = s.discard_draft(&ed.draft_slot);
                        }
                        self.view = FormsView::List;
                        self.reload();
                        self.reload_list();
                    }
                    EditorAction::Print => {
                        let (answers, _) = ed.checked();
                        let (rt, rid) = (ed.template.clone(), ed.record_id);
                        self.preview_form(&rt, Some(&answers), rid);
                    }
                    EditorAction::None => {}
                }
                if let Some(after) = self.autosave() {
                    ui.ctx().request_repaint_after(after);
                }
                return;
            }
            FormsView::History(rid, entries, rt) => {
                if history::show(ui, rt, *rid, entries) {
                    self.view = FormsView::List;
                }
                return;
            }
            FormsView::Template(te) => {
                match te.show(ui, &self.profile) {
                    TemplateAction::Save => {
                        let draft = te.draft.clone();
                        let res = match self.store.as_mut() {
                            Some(s) => s
                                .save_template_version(&self.builtin, &draft, "adapted")
                                .map_err(|e| e.to_string()),
                            None => Err("ยังไม่มีฐานข้อมูล".into()),
                        };
                        match res {
                            Ok(saved) => {
                                self.reload();
                                self.view = FormsView::List;
                                self.message = Some(Notice::ok(format!(
                                    "บันทึกแบบฟอร์มรุ่น {} แล้ว บันทึกใหม่จะใช้รุ่นนี้",
                                    digits(saved.version)
                                )));
                            }
                            Err(e) => te.message = Some(Notice::error(e)),
                        }
                    }
                    TemplateAction::Close => self.view = FormsView::List,
                    TemplateAction::None => {}
                }
                return;
            }
            FormsView::List => {}
        }
        self.list_view(ui, &t);
    }

    fn list_view(&mut self, ui: &mut Ui, t: &Template) {
        thai_text::label_with(
            ui,
            &t.title,
            crate::ui::fonts::bold(crate::ui::style::size::TITLE),
            None,
        );
        ui.label(
            RichText::new(format!(
                "รุ่น {} · {}",
                digits(t.version),
                match t.source {
                    Source::Appendix => "ตามภาคผนวก ก ของคู่มือ",
                    Source::Designed => "ออกแบบตามขั้นตอนของกระบวนงาน",
                    Source::Adapted => "ปรับโดยสำนักงาน",
                }
            ))
            .weak(),
        );
        let writable = self.store.as_ref().is_some_and(|s| !s.is_read_only());
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(writable, egui::Button::new("กรอกแบบฟอร์มใหม่"))
                .clicked()
            {
                self.view = FormsView::Edit(Box::new(RecordEditor::new_record(t, &self.profile)));
            }
            if ui
                .add_enabled(writable, egui::Button::new("ปรับแบบฟอร์ม"))
                .on_hover_text("แก้ไขคำถามและตัวเลือก แล้วบันทึกเป็นรุ่นใหม่")
                .clicked()
            {
                self.view = FormsView::Template(Box::new(TemplateEditor::new(t)));
            }
            if ui.button("พิมพ์ฟอร์มเปล่า…").clicked() {
                self.preview_form(t, None, None);
            }
            if ui.button("ส่งออกแม่แบบ…").clicked() {
                self.export_template(t);
            }
            if ui
                .add_enabled(writable, egui::Button::new("นำเข้าแม่แบบ…"))
                .clicked()
            {
                self.import_template();
            }
        });
        let selected = self.list.as_ref().and_then(|l| l.selected);
        // From the list's row cache: no database read per frame.
        let selected_cancelled = match (selected, self.store.as_ref(), self.list.as_mut()) {
            (Some(id), Some(s), Some(l)) => l.row(s, id).is_some_and(|r| r.cancelled),
            _ => false,
        };
        ui.horizontal_wrapped(|ui| {
            let has = selected.is_some();
            if ui
                .add_enabled(has, egui::Button::new("เปิด / แก้ไข"))
                .clicked()
                && let Some(id) = selected
            {
                self.open_record(id);
            }
            if ui
                .add_enabled(has && writable, egui::Button::new("ทำสำเนา"))
                .clicked()
                && let Some(id) = selected
            {
                match self.record_template(id) {
                    Ok((r, rt)) => {
                        self.view = FormsView::Edit(Box::new(RecordEditor::duplicate(
                            rt,
                            &r,
                            &self.profile,
                        )))
                    }
                    Err(e) => self.message = Some(Notice::error(e)),
                }
            }
            if selected_cancelled {
                if ui.add_enabled(writable, egui::Button::new("กู้คืน")).clicked()
                    && let (Some(id), Some(s)) = (selected, self.store.as_mut())
                {
                    self.message = Some(match s.restore_record(id) {
                        Ok(()) => Notice::ok(format!("กู้คืนบันทึกเลขที่ {} แล้ว", digits(id))),
                        Err(e) => Notice::error(e.to_string()),
                    });
                    self.reload_list();
                }
            } else if ui
                .add_enabled(has && writable, egui::Button::new("ยกเลิกบันทึก…"))
                .clicked()
            {
                self.cancelling = true;
            }
            let to_print = self.list.as_ref().map(|l| l.to_print()).unwrap_or_default();
            let label = if to_print.len() > 1 {
                format!("พิมพ์ / บันทึกเป็น PDF ({} รายการ)", digits(to_print.len()))
            } else {
                "พิมพ์ / บันทึกเป็น PDF".to_owned()
            };
            if ui
                .add_enabled(!to_print.is_empty(), egui::Button::new(label))
                .on_hover_text("กด Ctrl ค้างแล้วคลิกหลายแถว เพื่อพิมพ์หลายบันทึกเป็นไฟล์เดียว")
                .clicked()
            {
                self.preview_records(&to_print);
            }
            if ui
                .add_enabled(has, egui::Button::new("ประวัติการแก้ไข"))
                .clicked()
                && let (Some(id), Some(s)) = (selected, self.store.as_ref())
            {
                let found = s
                    .history("record", &id.to_string())
                    .map_err(|e| e.to_string())
                    .and_then(|h| Ok((h, self.record_template(id)?.1)));
                match found {
                    Ok((h, rt)) => self.view = FormsView::History(id, h, Box::new(rt)),
                    Err(e) => self.message = Some(Notice::error(e)),
                }
            }
        });
        if self.cancelling
            && let Some(id) = selected
        {
            ui.horizontal(|ui| {
                let l = ui.label(format!("เหตุผลที่ยกเลิกบันทึกเลขที่ {}", digits(id)));
                ui.add(egui::TextEdit::singleline(&mut self.cancel_reason).desired_width(300.0))
                    .labelled_by(l.id);
                if ui.button("ยืนยันยกเลิก").clicked()
                    && let Some(s) = self.store.as_mut()
                {
                    match s.cancel_record(id, &self.cancel_reason) {
                        Ok(()) => {
                            self.message = Some(Notice::ok(format!(
                                "ยกเลิกบันทึกเลขที่ {} แล้ว (ยังกู้คืนได้)",
                                digits(id)
                            )));
                            self.cancelling = false;
                            self.cancel_reason.clear();
                            self.reload_list();
                        }
                        Err(e) => self.message = Some(Notice::error(e.to_string())),
                    }
                }
                if ui.button("ไม่ยกเลิก").clicked() {
                    self.cancelling = false;
                }
            });
        }
        crate::ui::style::notice(ui, &self.message);
        ui.separator();
        let mut open = None;
        if let (Some(l), Some(store)) = (&mut self.list, self.store.as_ref())
            && let ListAction::Open(id) = l.show(ui, t, store)
        {
            open = Some(id);
        }
        if let Some(id) = open {
            self.open_record(id);
        }
    }

    fn export_template(&mut self, t: &Template) {
        let Some(path) = rfd::FileDialog::new()
            .set_title("ส่งออกแม่แบบแบบฟอร์ม")
            .set_file_name(format!("{}-v{}.toml", t.id, t.version))
            .add_filter("แม่แบบแบบฟอร์ม (TOML)", &["toml"])
            .save_file()
        else {
            return;
        };
        self.message = Some(match std::fs::write(&path, t.to_toml()) {
            Ok(()) => Notice::ok(format!("ส่งออกแม่แบบไปที่ {} แล้ว", path.display())),
            Err(e) => Notice::error(format!("เขียนไฟล์ {} ไม่ได้: {e}", path.display())),
        });
    }

    fn import_template(&mut self) {
        let Some(path) = rfd::FileDialog::new()
            .set_title("นำเข้าแม่แบบแบบฟอร์ม")
            .add_filter("แม่แบบแบบฟอร์ม (TOML)", &["toml"])
            .pick_file()
        else {
            return;
        };
        self.message = Some(match self.import_template_file(&path) {
            Ok(t) => {
                let id = t.id.clone();
                self.select(&id);
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
    pub fn import_template_file(&mut self, path: &std::path::Path) -> Result<Template, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("อ่านไฟล์ {} ไม่ได้: {e}", path.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let t = Template::from_toml(&name, &text).map_err(|e| e.to_string())?;
        let s = self.store.as_mut().ok_or("ยังไม่มีฐานข้อมูล")?;
        let saved = s
            .save_template_version(&self.builtin, &t, "imported")
            .map_err(|e| e.to_string())?;
        self.reload();
        Ok(saved)
    }
}
