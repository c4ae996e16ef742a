//! Filling in one record: the form drawn like the paper, checked as the officer types, saved
//! as a draft (whatever its state) or as complete (only when every field is right).

use super::fields;
use super::inputs::{Input, answers_from_inputs, inputs_from_answers};
use crate::forms::{self, Answers, OfficeProfile, Template};
use crate::store::server::link::ServerLink;
use crate::store::{Record, Status, Store};
use crate::thai::digits;
use crate::ui::action::{Actions, AppAction};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use egui::{RichText, Ui};
use std::collections::{BTreeMap, HashMap};

/// A save on its way to the shared server: what was sent, to apply when it is answered.
#[derive(Debug, Clone)]
pub struct Sending {
    pub status: Status,
    pub answers: Answers,
    /// "บันทึกและกรอกฉบับถัดไป" was pressed.
    pub next: bool,
}

pub struct RecordEditor {
    /// `None` until first saved.
    pub record_id: Option<i64>,
    /// The form's own running number of the saved record (what the officer calls it).
    pub number: Option<i64>,
    /// The version of the record this editing started from: a save is refused when someone
    /// has saved the record since.
    pub version: Option<i64>,
    /// A save refused because someone else saved first: theirs and yours, to choose from.
    pub conflict: Option<Box<super::conflict::Conflict>>,
    pub template: Template,
    pub inputs: BTreeMap<String, Input>,
    pub status: Status,
    pub cancelled: Option<String>,
    /// Problems of the answers as typed, field id → message.
    pub errors: HashMap<String, String>,
    /// Show "required" problems too (after the first attempt to save as complete).
    pub show_required: bool,
    pub dirty: bool,
    pub message: Option<Notice>,
    header: String,
    /// Changes typed since the editor opened; the autosave keeps up with it.
    pub changes: u64,
    pub autosaved_changes: u64,
    /// When the next autosave is due (a few seconds after typing).
    pub autosave_due: Option<std::time::Instant>,
    /// Time of the last autosave, as shown.
    pub autosaved_at: Option<String>,
    /// Where the autosave keeps this editor's typing.
    pub draft_slot: String,
    /// The case this new record is filled for (attached to it when first saved).
    pub for_case: Option<i64>,
    /// The cases the saved record is attached to, read once (record id, (case id, number));
    /// cleared when cases change.
    pub case_links: Option<(i64, Vec<(i64, String)>)>,
    /// A save sent to the shared server and not yet answered.
    pub sending: Option<Sending>,
    /// A new editor opens at the top of the form, not where the last one was scrolled to.
    pub scroll_to_top: bool,
    /// After a save refused for problems: the first field with one, to scroll to.
    pub scroll_to_error: Option<String>,
    /// Saved complete with "บันทึกและกรอกฉบับถัดไป": the area opens a blank copy.
    pub next_copy: bool,
    /// Records saved this way in a row (paper surveys typed in), shown as a counter.
    pub entered: usize,
}

impl RecordEditor {
    pub fn new_record(t: &Template, profile: &OfficeProfile) -> RecordEditor {
        let today = chrono::Local::now().date_naive();
        let prefilled = profile.prefill(t, today);
        let mut e = RecordEditor::with(t.clone(), None, &prefilled, Status::Draft, profile);
        e.dirty = false;
        e
    }

    /// A new record filled for a case's step: the profile's prefill, then the requester and
    /// the case's number and title.
    pub fn new_for_case(
        t: &Template,
        profile: &OfficeProfile,
        case: &crate::cases::Case,
        today: chrono::NaiveDate,
    ) -> RecordEditor {
        let mut prefilled = profile.prefill(t, today);
        crate::cases::forms::prefill_for_case(t, case, &mut prefilled);
        let mut e = RecordEditor::with(t.clone(), None, &prefilled, Status::Draft, profile);
        e.for_case = Some(case.id);
        e.dirty = false;
        e.message = Some(Notice::ok(format!(
            "กรอกสำหรับเรื่องเลขที่ {} บันทึกแล้วจะแนบกับเรื่องนี้",
            crate::thai::to_thai_digits(&case.number)
        )));
        e
    }

    pub fn open(t: Template, r: &Record, profile: &OfficeProfile) -> RecordEditor {
        let mut e = RecordEditor::with(t, Some(r.id), &r.answers, r.status, profile);
        e.cancelled = r.cancel_reason.clone();
        e.number = Some(r.number);
        e.version = Some(r.version);
        e
    }

    /// A new record with the answers of `r` (same template version).
    pub fn duplicate(t: Template, r: &Record, profile: &OfficeProfile) -> RecordEditor {
        let mut e = RecordEditor::with(t, None, &r.answers, Status::Draft, profile);
        e.dirty = true;
        e.message = Some(Notice::ok(format!(
            "สำเนาจากบันทึกเลขที่ {} ยังไม่ได้บันทึก",
            digits(r.number)
        )));
        e
    }

    /// Typing brought back from an autosaved draft (after a power cut or a closed window).
    pub fn from_draft(
        t: Template,
        d: &crate::store::drafts::Draft,
        profile: &OfficeProfile,
    ) -> RecordEditor {
        let mut e = RecordEditor::with(t, d.record_id, &d.answers, d.status, profile);
        e.draft_slot = d.slot.clone();
        e.version = d.base_version;
        e.dirty = true;
        e.message = Some(Notice::ok(
            "เปิดต่อจากที่กรอกค้างไว้ (จำไว้อัตโนมัติ) ยังไม่ได้บันทึก กด “บันทึกฉบับร่าง” หรือ “บันทึกฉบับสมบูรณ์” เมื่อพร้อม",
        ));
        e
    }

    /// The draft of what is on screen now, as the autosave keeps it.
    pub fn draft(&self) -> crate::store::drafts::Draft {
        crate::store::drafts::Draft {
            slot: self.draft_slot.clone(),
            form_id: self.template.id.clone(),
            template_version: self.template.version,
            record_id: self.record_id,
            base_version: self.version,
            record_number: self.number,
            status: self.status,
            answers: answers_from_inputs(&self.template, &self.inputs),
            saved_at: String::new(),
        }
    }

    fn with(
        t: Template,
        id: Option<i64>,
        a: &Answers,
        status: Status,
        profile: &OfficeProfile,
    ) -> RecordEditor {
        let today = chrono::Local::now().date_naive();
        let header = profile.fill_placeholders(&t.header, today);
        let t_id = t.id.clone();
        let mut e = RecordEditor {
            record_id: id,
            number: None,
            version: None,
            conflict: None,
            inputs: inputs_from_answers(&t, a),
            template: t,
            status,
            cancelled: None,
            errors: HashMap::new(),
            show_required: false,
            dirty: false,
            message: None,
            header,
            changes: 0,
            autosaved_changes: 0,
            autosave_due: None,
            autosaved_at: None,
            draft_slot: match id {
                Some(id) => crate::store::drafts::record_slot(id),
                None => crate::store::drafts::new_slot(&t_id),
            },
            for_case: None,
            case_links: None,
            sending: None,
            scroll_to_top: true,
            scroll_to_error: None,
            next_copy: false,
            entered: 0,
        };
        e.revalidate();
        e
    }

    /// The answers as typed, normalised, and the problems found.
    pub fn checked(&self) -> (Answers, Vec<forms::FieldError>) {
        forms::normalize(
            &self.template,
            &answers_from_inputs(&self.template, &self.inputs),
        )
    }

    fn revalidate(&mut self) {
        let (_, errors) = self.checked();
        self.errors = errors.into_iter().map(|e| (e.field, e.message)).collect();
    }

    /// Drops what was typed and shows `r` as saved now (the other officer's version).
    pub fn take(&mut self, r: &Record) {
        self.inputs = inputs_from_answers(&self.template, &r.answers);
        self.status = r.status;
        self.version = Some(r.version);
        self.number = Some(r.number);
        self.cancelled = r.cancel_reason.clone();
        self.conflict = None;
        self.dirty = false;
        self.revalidate();
        self.message = Some(Notice::ok(format!(
            "แสดงฉบับที่บันทึกแล้ว (ครั้งที่ {}) สิ่งที่ท่านแก้ถูกทิ้งแล้ว",
            digits(r.version)
        )));
    }

    /// The answers to save with `status`, or `None` (and the problems shown) when a
    /// complete save is asked of a form with errors.
    pub fn ready(&mut self, status: Status) -> Option<Answers> {
        let (answers, errors) = self.checked();
        if status == Status::Complete && !errors.is_empty() {
            self.show_required = true;
            // The first problem in the order the form reads.
            self.scroll_to_error = self
                .template
                .answer_fields()
                .find(|f| errors.iter().any(|e| e.field == f.id))
                .map(|f| f.id.clone());
            self.message = Some(Notice::error(format!(
                "ยังบันทึกเป็นฉบับสมบูรณ์ไม่ได้: มี {} ช่องที่ต้องแก้ไข (ดูข้อความสีแดง) หรือกด “บันทึกฉบับร่าง” เพื่อเก็บไว้ก่อน",
                digits(errors.len())
            )));
            return None;
        }
        Some(answers)
    }

    /// Saves: as a draft always; as complete only when nothing is wrong.
    pub fn save(&mut self, store: &mut Store, status: Status) -> Option<i64> {
        let answers = self.ready(status)?;
        let result = match self.record_id {
            Some(id) => store
                .update_record_from(id, self.version, &self.template, status, &answers)
                .map(|_| id),
            None => store.insert_record(&self.template, status, &answers),
        };
        match result {
            Ok(id) => {
                self.saved(id, store.record(id).ok().as_ref(), status, &answers);
                Some(id)
            }
            Err(e) => {
                let theirs = match (&e, self.record_id) {
                    (crate::store::StoreError::Conflict { .. }, Some(id)) => store.record(id).ok(),
                    _ => None,
                };
                self.refused(&e, theirs, answers, status);
                None
            }
        }
    }

    /// Sends the save to the shared server; what was typed is kept as a draft in the office's
    /// file (`local`) until the server answers that it committed.
    fn send(&mut self, link: &ServerLink, local: Option<&Store>, status: Status, next: bool) {
        let Some(answers) = self.ready(status) else {
            return;
        };
        let mut d = self.draft();
        d.answers = answers.clone();
        d.status = status;
        let kept = if let Some(local) = local {
            link.save(local, d, status)
        } else {
            link.ask(crate::store::server::link::Ask::Save { draft: d, status });
            Ok(())
        };
        self.sending = Some(Sending {
            status,
            answers,
            next,
        });
        self.message = kept.err().map(|e| {
            Notice::error(format!(
                "เก็บฉบับร่างในเครื่องนี้ไม่ได้ ({e}) กำลังส่งไปบันทึกที่ฐานข้อมูลกลาง อย่าเพิ่งปิดหน้าต่าง"
            ))
        });
    }

    /// The record was saved as `id` (`r`: as read back, when it could be).
    pub fn saved(&mut self, id: i64, r: Option<&Record>, status: Status, answers: &Answers) {
        self.record_id = Some(id);
        self.conflict = None;
        if let Some(r) = r {
            self.number = Some(r.number);
            self.version = Some(r.version);
        }
        self.status = status;
        self.dirty = false;
        self.inputs = inputs_from_answers(&self.template, answers);
        self.revalidate();
        self.message = Some(Notice::ok(format!(
            "บันทึกแล้ว: บันทึกเลขที่ {} ({})",
            digits(self.number.unwrap_or(id)),
            status.thai()
        )));
    }

    /// The save was refused: why, and when another officer saved first, both versions side
    /// by side to choose from.
    pub fn refused(
        &mut self,
        e: &crate::store::StoreError,
        theirs: Option<Record>,
        answers: Answers,
        status: Status,
    ) {
        if let (crate::store::StoreError::Conflict { by, .. }, Some(theirs)) = (e, theirs) {
            self.conflict = Some(Box::new(super::conflict::Conflict::new(
                &self.template,
                theirs,
                answers,
                status,
                by.clone(),
            )));
        }
        self.message = Some(Notice::error(e.to_string()));
    }

    /// Draws the editor; pushes `RecordSaved`, `CloseEditor` and `PrintForm`.
    /// `server`: the window keeps its records on the shared server; a save goes there (as a
    /// draft in `store`, the office's file, until the server commits it).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        store: Option<&mut Store>,
        server: Option<&ServerLink>,
        out: &mut Actions,
    ) {
        ui.horizontal_wrapped(|ui| {
            let title = match (self.record_id, self.number) {
                (Some(_), Some(n)) => format!("บันทึกเลขที่ {}", digits(n)),
                (Some(id), None) => format!("บันทึกเลขที่ {}", digits(id)),
                (None, _) => "บันทึกใหม่".into(),
            };
            ui.label(
                RichText::new(title).font(crate::ui::fonts::bold(crate::ui::style::size::SECTION)),
            );
            ui.label(RichText::new(format!("({})", self.status.thai())).weak());
            ui.label(RichText::new(format!("แบบฟอร์มรุ่น {}", digits(self.template.version))).weak());
            if self.dirty {
                ui.label(RichText::new("ยังไม่ได้บันทึก").color(crate::ui::style::color::ERROR));
                if let Some(at) = &self.autosaved_at {
                    ui.label(RichText::new(format!("(กันข้อมูลหาย: จำไว้อัตโนมัติเมื่อ {at} น.)")).weak())
                        .on_hover_text("ถ้าไฟดับหรือปิดหน้าต่าง เปิดโปรแกรมใหม่แล้วกด “เปิดต่อ” ได้");
                }
            }
        });
        if let Some(reason) = &self.cancelled {
            ui.label(
                RichText::new(format!("บันทึกนี้ถูกยกเลิก: {reason}"))
                    .color(crate::ui::style::color::ERROR),
            );
        }
        if let (Some(rid), Some(s), None) = (self.record_id, store.as_ref(), server) {
            if self.case_links.as_ref().is_none_or(|(r, _)| *r != rid) {
                self.case_links = Some((rid, s.cases_of_record(rid).unwrap_or_default()));
            }
            let cases = self
                .case_links
                .as_ref()
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            ui.horizontal_wrapped(|ui| {
                for (cid, number) in &cases {
                    if ui
                        .link(format!("เรื่องเลขที่ {}", crate::thai::to_thai_digits(number)))
                        .on_hover_text("ดูเรื่องที่บันทึกนี้แนบอยู่")
                        .clicked()
                    {
                        out.push(AppAction::OpenCase(*cid));
                    }
                }
                if cases.is_empty()
                    && !self.template.processes.is_empty()
                    && ui
                        .add_enabled(!s.is_read_only(), egui::Button::new("เปิดเรื่องจากบันทึกนี้…"))
                        .on_hover_text("เริ่มเรื่อง (งาน) ตามกระบวนงานของแบบฟอร์มนี้ ผู้ขอกรอกให้จากบันทึก")
                        .clicked()
                {
                    out.push(AppAction::NewCase {
                        process: None,
                        record: Some(rid),
                    });
                }
            });
        }
        let mut save = None;
        ui.horizontal(|ui| {
            let enabled = match server {
                Some(_) => self.sending.is_none(),
                None => store.as_ref().is_some_and(|s| !s.is_read_only()),
            };
            if ui
                .add_enabled(enabled, egui::Button::new("บันทึกฉบับร่าง"))
                .on_hover_text("เก็บไว้ก่อน แม้ยังกรอกไม่ครบหรือมีช่องที่ต้องแก้ไข")
                .clicked()
            {
                save = Some(Status::Draft);
            }
            if ui
                .add_enabled(enabled, egui::Button::new("บันทึกฉบับสมบูรณ์"))
                .clicked()
            {
                save = Some(Status::Complete);
            }
            // Paper surveys typed in one after another: save and start the next blank copy
            // (Ctrl+Enter from anywhere in the form).
            let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Enter);
            let next = ui
                .add_enabled(
                    enabled && self.record_id.is_none(),
                    egui::Button::new("บันทึกและกรอกฉบับถัดไป"),
                )
                .on_hover_text("บันทึกฉบับสมบูรณ์แล้วเปิดฉบับใหม่ของแบบฟอร์มเดียวกัน (Ctrl+Enter)")
                .clicked();
            let by_key = enabled
                && self.record_id.is_none()
                && ui.input_mut(|i| i.consume_shortcut(&shortcut));
            if next || by_key {
                save = Some(Status::Complete);
                self.next_copy = true;
            }
            if self.entered > 0 {
                ui.label(
                    RichText::new(format!("กรอกแล้ว {} ฉบับในรอบนี้", digits(self.entered))).strong(),
                );
            }
            if ui
                .button("พิมพ์ / บันทึกเป็น PDF")
                .on_hover_text("พิมพ์ตามที่กรอกบนหน้าจอ (รวมส่วนที่ยังไม่ได้บันทึก)")
                .clicked()
            {
                let (answers, _) = self.checked();
                out.push(AppAction::PrintForm {
                    template: Box::new(self.template.clone()),
                    answers: Some(answers),
                    record_id: self.record_id,
                });
            }
            if ui.button("ปิด").clicked() {
                out.push(AppAction::CloseEditor);
            }
        });
        if let Some(c) = &self.conflict {
            match c.show(ui) {
                Some(super::conflict::Choice::KeepYours) => {
                    // Saved over theirs knowingly: the edit now counts as made on their version.
                    self.version = Some(c.theirs.version);
                    save = Some(c.your_status);
                }
                Some(super::conflict::Choice::TakeTheirs) => {
                    let theirs = c.theirs.clone();
                    self.take(&theirs);
                }
                None => {}
            }
        }
        let wants_next = std::mem::take(&mut self.next_copy);
        match (save, server, store) {
            (Some(status), Some(link), store) => {
                self.send(link, store.as_deref(), status, wants_next);
            }
            (Some(status), None, Some(store)) => {
                if let Some(id) = self.save(store, status) {
                    self.next_copy = wants_next;
                    out.push(AppAction::RecordSaved(id));
                }
            }
            _ => {}
        }
        if self.sending.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("กำลังบันทึกลงฐานข้อมูลกลาง…");
            });
        }
        crate::ui::style::notice(ui, &self.message);
        ui.separator();
        let mut changed = false;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("record-form")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.scroll_to_top) {
            area = area.vertical_scroll_offset(0.0);
        }
        let scroll_to = self.scroll_to_error.take();
        area.show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(900.0));
                ui.vertical_centered(|ui| {
                    thai_text::label_with(ui, &self.template.title, crate::ui::fonts::bold(crate::ui::style::size::PAGE_TITLE), None);
                    if !self.header.is_empty() {
                        thai_text::label_with(ui, &self.header, crate::ui::fonts::bold(crate::ui::style::size::SECTION), None);
                    }
                });
                for section in &self.template.sections {
                    ui.add_space(10.0);
                    let frame = if section.framed {
                        egui::Frame::group(ui.style()).inner_margin(10.0)
                    } else {
                        egui::Frame::NONE
                    };
                    frame.show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new(&section.title).font(crate::ui::fonts::bold(crate::ui::style::size::SECTION)));
                            if section.office_use {
                                ui.label(RichText::new("(สำหรับเจ้าหน้าที่)").weak());
                            }
                        });
                        for f in &section.fields {
                            let Some(input) = self.inputs.get_mut(&f.id) else { continue };
                            let err = self.errors.get(&f.id).map(String::as_str);
                            let raw_missing = matches!(input, Input::Text(s) if s.trim().is_empty())
                                || matches!(input, Input::Choice { selected, .. } if selected.is_empty())
                                || matches!(input, Input::Rating(r) if r.is_empty());
                            let shown = if raw_missing && !self.show_required { None } else { err };
                            let top = ui.cursor().min;
                            if fields::show(ui, f, input, shown) {
                                changed = true;
                            }
                            if scroll_to.as_deref() == Some(f.id.as_str()) {
                                let rect = egui::Rect::from_min_max(top, egui::pos2(top.x + 10.0, ui.cursor().min.y));
                                ui.scroll_to_rect(rect, Some(egui::Align::TOP));
                            }
                        }
                    });
                }
                ui.add_space(30.0);
            });
        if changed {
            self.dirty = true;
            self.changes += 1;
            self.revalidate();
        }
    }
}
