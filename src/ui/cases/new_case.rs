//! เริ่มเรื่องใหม่: the process (and its flow, where it has two), the title, who asked and
//! when it came in; from a record, its requester and a title come prefilled. A field that is
//! wrong says so beside itself.

use crate::cases::Requester;
use crate::catalog::Catalog;
use crate::store::NewCase;
use crate::thai::date;
use crate::ui::style::{self, Notice, color};
use crate::ui::workspace::Workspace;
use chrono::NaiveTime;
use egui::{RichText, Ui};
use std::collections::HashMap;

pub struct NewCaseForm {
    pub process: Option<usize>,
    pub flow: usize,
    pub title: String,
    pub requester: Requester,
    pub date: String,
    pub time: String,
    /// The record the case starts from.
    pub record: Option<i64>,
    /// How the officer names that record: "แบบ… เลขที่ ๓".
    pub record_name: String,
    /// Field → message.
    pub errors: HashMap<&'static str, String>,
    pub message: Option<Notice>,
    /// Sent to the shared server, not yet answered.
    pub waiting: bool,
}

impl NewCaseForm {
    /// A blank form received now (of `process`, from `record`).
    pub fn new(
        catalog: &Catalog,
        ws: &Workspace,
        process: Option<usize>,
        record: Option<i64>,
    ) -> NewCaseForm {
        let now = ws.clock.now();
        let mut f = NewCaseForm {
            process,
            flow: 0,
            title: String::new(),
            requester: Requester::default(),
            date: date::format_input(now.date()),
            time: now.format("%H:%M").to_string(),
            record,
            record_name: String::new(),
            errors: HashMap::new(),
            message: None,
            waiting: false,
        };
        if let Some(rid) = record
            && let Ok((r, t)) = ws.record_template(rid)
        {
            f.requester = crate::cases::forms::requester_of(&t, &r.answers);
            f.title = crate::cases::forms::title_of(&t, &r.answers);
            f.record_name = format!("{} เลขที่ {}", t.title, crate::thai::digits(r.number));
            if f.process.is_none() {
                // The first process the form belongs to.
                f.process = t
                    .processes
                    .iter()
                    .find_map(|n| catalog.processes.iter().position(|p| p.number == *n));
            }
        }
        f
    }

    /// Checks the fields; the case to start, or the problems (beside their fields).
    fn checked(&mut self, catalog: &Catalog) -> Option<(usize, NewCase)> {
        self.errors.clear();
        if self.process.is_none() {
            self.errors.insert("process", "กรุณาเลือกกระบวนงาน".into());
        }
        if self.title.trim().is_empty() {
            self.errors.insert("title", "กรุณาระบุชื่อเรื่อง".into());
        }
        let day = match date::parse(&self.date) {
            Ok(d) => Some(d),
            Err(e) => {
                self.errors.insert("date", e.0);
                None
            }
        };
        let time_text = crate::thai::numerals::to_arabic_digits(self.time.trim()).replace('.', ":");
        let time = match NaiveTime::parse_from_str(&time_text, "%H:%M") {
            Ok(t) => Some(t),
            Err(_not_a_time) => {
                self.errors
                    .insert("time", "เวลาไม่ถูกต้อง ใช้ ชั่วโมง:นาที เช่น ๐๙:๓๐".into());
                None
            }
        };
        let (Some(process), Some(day), Some(time)) = (self.process, day, time) else {
            return None;
        };
        if !self.errors.is_empty() {
            return None;
        }
        let flows = catalog.processes.get(process).map_or(1, |p| p.flows.len());
        Some((
            process,
            NewCase {
                flow: self.flow.min(flows.saturating_sub(1)),
                title: self.title.trim().to_owned(),
                requester: self.requester.clone(),
                received_at: day.and_time(time),
                record: self.record,
            },
        ))
    }

    /// Draws the form; returns the new case's id once it is started.
    pub fn show(&mut self, ui: &mut Ui, catalog: &Catalog, ws: &mut Workspace) -> Option<i64> {
        let mut started = None;
        ui.label(RichText::new("เริ่มเรื่องใหม่").font(crate::ui::fonts::bold(style::size::PAGE_TITLE)));
        if self.record.is_some() {
            crate::ui::thai_text::label_weak(
                ui,
                format!("เปิดเรื่องจาก{} (ผู้ขอและชื่อเรื่องกรอกให้แล้ว)", self.record_name),
            );
        }
        ui.separator();
        let err = |ui: &mut Ui, errors: &HashMap<&'static str, String>, key: &str| {
            if let Some(e) = errors.get(key) {
                ui.label(RichText::new(e.as_str()).color(color::ERROR));
            }
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(720.0);
            let l = ui.label(RichText::new("กระบวนงาน").strong());
            let chosen = self
                .process
                .and_then(|i| catalog.processes.get(i))
                .map_or_else(
                    || "เลือกกระบวนงาน".to_owned(),
                    crate::catalog::Process::title,
                );
            egui::ComboBox::from_id_salt("new_case_process")
                .selected_text(crate::ui::thai_text::shorten(&chosen, 70))
                .width(640.0)
                .show_ui(ui, |ui| {
                    for (i, p) in catalog.processes.iter().enumerate() {
                        if ui
                            .selectable_value(&mut self.process, Some(i), p.title())
                            .clicked()
                        {
                            self.flow = 0;
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            err(ui, &self.errors, "process");
            if let Some(p) = self.process.and_then(|i| catalog.processes.get(i))
                && p.flows.len() > 1
            {
                ui.horizontal_wrapped(|ui| {
                    ui.label("ผังงาน");
                    for (i, f) in p.flows.iter().enumerate() {
                        let t = if f.title.is_empty() {
                            format!("ผังที่ {}", crate::thai::digits(i + 1))
                        } else {
                            f.title.clone()
                        };
                        ui.radio_value(&mut self.flow, i, t);
                    }
                });
            }
            ui.add_space(style::space::FIELD);
            let row = |ui: &mut Ui, label: &str, s: &mut String, hint: &str| {
                let l = ui.label(RichText::new(label).strong());
                ui.add(
                    egui::TextEdit::singleline(s)
                        .hint_text(hint)
                        .desired_width(f32::INFINITY)
                        .char_limit(crate::store::cases::MAX_CASE_TEXT),
                )
                .labelled_by(l.id);
            };
            row(
                ui,
                "ชื่อเรื่อง",
                &mut self.title,
                "เช่น ขอเปิดสิทธิ์ระบบ e-Office ของโรงเรียน…",
            );
            err(ui, &self.errors, "title");
            ui.add_space(style::space::FIELD);
            row(ui, "ผู้ขอ", &mut self.requester.name, "ชื่อ-สกุล");
            row(ui, "โรงเรียน / หน่วยงาน", &mut self.requester.unit, "");
            row(ui, "การติดต่อ", &mut self.requester.contact, "โทรศัพท์ หรืออีเมล");
            ui.add_space(style::space::FIELD);
            ui.horizontal(|ui| {
                let l = ui.label(RichText::new("รับเรื่องวันที่").strong());
                ui.add(egui::TextEdit::singleline(&mut self.date).desired_width(130.0))
                    .labelled_by(l.id);
                let l = ui.label(RichText::new("เวลา").strong());
                ui.add(egui::TextEdit::singleline(&mut self.time).desired_width(70.0))
                    .labelled_by(l.id);
                ui.label(RichText::new("น.").weak());
            });
            err(ui, &self.errors, "date");
            err(ui, &self.errors, "time");
            thai_hint(ui);
            ui.add_space(style::space::FIELD);
            if self.waiting {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("กำลังเปิดเรื่องที่ฐานข้อมูลกลาง…");
                });
            }
            if ui
                .add_enabled(
                    ws.writable() && !self.waiting,
                    egui::Button::new(RichText::new("เปิดเรื่อง").strong()),
                )
                .clicked()
            {
                if let Some((pi, new)) = self.checked(catalog)
                    && let Some(link) = &ws.server
                {
                    // On the shared server: the case opens when the answer comes.
                    let p = catalog.processes[pi].clone();
                    self.waiting = true;
                    self.message = None;
                    link.job(super::CASE_STARTED, move |s| s.open_case(&p, &new));
                } else if let Some((pi, new)) = self.checked(catalog) {
                    let p = &catalog.processes[pi];
                    match ws
                        .store_mut()
                        .and_then(|s| s.start_case(p, &new).map_err(|e| e.to_string()))
                    {
                        Ok(id) => {
                            ws.cases_changed();
                            started = Some(id);
                        }
                        Err(e) => self.message = Some(Notice::error(e)),
                    }
                } else {
                    self.message = Some(Notice::error("ยังเปิดเรื่องไม่ได้: แก้ไขช่องที่มีข้อความสีแดงก่อน"));
                }
            }
            style::notice(ui, &self.message);
        });
        started
    }
}

fn thai_hint(ui: &mut Ui) {
    ui.label(
        RichText::new("วันที่รับเรื่องไม่นับ ถ้ารับในเวลาราชการ; รับนอกเวลาหรือวันหยุด เริ่มนับวันทำการถัดไป")
            .weak()
            .size(style::size::SMALL),
    );
}
