//! One case as the process's flowchart in a step view: finished steps green with their date,
//! the current step ringed with its due date (red when late), the way the case went drawn
//! strong (loops included), steps not reached muted. Beside it: the current step's standards
//! row, why its due date is what it is, what can be done (เสร็จขั้นนี้ / ผ่าน / ไม่ผ่าน /
//! พักเรื่อง / ยกเลิก / กำหนดวันเอง), the forms to fill, the attached records, printing, and
//! the case's timeline.

use super::memo_editor::MemoEditor;
use crate::cases::engine::{one_line, outcome_labels};
use crate::cases::memo::{MemoDraft, memo_step};
use crate::cases::standing::standing;
use crate::cases::{Case, CaseStatus, Outcome, StepStatus};
use crate::catalog::{Catalog, Process};
use crate::flow::{FlowLayout, NodeKind};
use crate::store::office_store::OfficeStore;
use crate::store::{Record, StepDone, StoreError};
use crate::thai::{date, digits, to_thai_digits};
use crate::ui::action::{Actions, AppAction};
use crate::ui::flowchart::{self, ChartState, Mark, Overlay};
use crate::ui::style::{self, Notice, color};
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

/// What the officer is being asked for before an action goes ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// Why the decision did not pass.
    Fail,
    Pause,
    Cancel,
    /// A due date set by hand.
    Due,
}

pub struct CaseScreen {
    pub case: Case,
    /// The case's process, by index in the catalog.
    pub process: usize,
    layout: FlowLayout,
    pub chart: ChartState,
    /// The workspace generation the case was read at.
    generation: u64,
    pub note: String,
    pub reason: String,
    pub due_text: String,
    pub attach_text: String,
    /// The form whose record number `attach_text` names (each form numbers its own).
    pub attach_form: Option<String>,
    pub asking: Option<Asking>,
    pub message: Option<Notice>,
    pub memo: Option<MemoEditor>,
    /// A node clicked in the chart (its standards row is shown).
    pub selected: Option<usize>,
    /// The attached records as listed (id, "บันทึกเลขที่ … · form"), read with the case.
    records: Vec<(i64, String)>,
    /// A change sent to the shared server, not yet answered (the buttons wait).
    pub waiting: bool,
}

/// The server's answer about a case: a change's outcome (`None` for a plain read) and the
/// case read back with its attached records.
pub struct CaseActed {
    pub done: Option<Result<String, String>>,
    pub case: Option<Case>,
    pub records: Vec<Record>,
}

/// The case read back after a change, on the server's line.
fn read_back(s: &mut dyn OfficeStore, id: i64, done: Option<Result<String, String>>) -> CaseActed {
    let case = s.case_of(id).ok();
    let records = case
        .as_ref()
        .and_then(|c| {
            let ids: Vec<i64> = c.records.iter().map(|(r, _)| *r).collect();
            s.records(&ids).ok()
        })
        .unwrap_or_default();
    CaseActed {
        done,
        case,
        records,
    }
}

impl CaseScreen {
    /// The case screen of case `id`: read here from this PC's file; on the shared server
    /// the case is asked for and the screen made when it arrives (`with_case`).
    pub fn open(
        ctx: &egui::Context,
        catalog: &Catalog,
        ws: &Workspace,
        id: i64,
    ) -> Result<Option<CaseScreen>, String> {
        if let Some(link) = &ws.server {
            link.job(super::CASE_OPENED, move |s| {
                let case = s.case_of(id)?;
                let ids: Vec<i64> = case.records.iter().map(|(r, _)| *r).collect();
                let records = s.records(&ids)?;
                Ok((case, records))
            });
            return Ok(None);
        }
        let store = ws.store.as_ref().ok_or("ยังไม่มีฐานข้อมูล")?;
        let case = store.case(id).map_err(|e| e.to_string())?;
        let records = local_records(ws, &case);
        Self::with_case(ctx, catalog, ws, case, &records).map(Some)
    }

    /// The screen of `case` as read (`records`: its attached records).
    pub fn with_case(
        ctx: &egui::Context,
        catalog: &Catalog,
        ws: &Workspace,
        case: Case,
        records: &[Record],
    ) -> Result<CaseScreen, String> {
        let process = catalog
            .processes
            .iter()
            .position(|p| p.id() == case.process_id)
            .ok_or_else(|| format!("ไม่พบกระบวนงาน {} ของเรื่องนี้", case.process_id))?;
        let layout = crate::ui::process_tab::layouts_for(ctx, &catalog.processes[process])
            .into_iter()
            .nth(case.flow)
            .ok_or("ไม่พบผังงานของเรื่องนี้")?;
        let records = record_lines(ws, &case, records);
        Ok(CaseScreen {
            records,
            case,
            process,
            layout,
            chart: ChartState::default(),
            generation: ws.cases_generation,
            note: String::new(),
            reason: String::new(),
            due_text: String::new(),
            attach_text: String::new(),
            attach_form: None,
            asking: None,
            message: None,
            memo: None,
            selected: None,
            waiting: false,
        })
    }

    /// Reads the case again (after a change here, or when another part of the window
    /// changed cases or the calendar); on the server the answer comes to `acted`.
    fn reload(&mut self, ws: &Workspace) {
        self.generation = ws.cases_generation;
        if let Some(link) = &ws.server {
            let id = self.case.id;
            link.job(super::CASE_ACTED, move |s| Ok(read_back(s, id, None)));
            return;
        }
        if let Some(Ok(c)) = ws.store.as_ref().map(|s| s.case(self.case.id)) {
            self.case = c;
        }
        let records = local_records(ws, &self.case);
        self.records = record_lines(ws, &self.case, &records);
    }

    /// Runs a change of this case: at once on this PC's file, or through the shared
    /// server's line (its answer then comes to `acted`, and the buttons wait).
    fn act(
        &mut self,
        ws: &mut Workspace,
        job: impl FnOnce(&mut dyn OfficeStore) -> Result<String, StoreError> + Send + 'static,
    ) {
        if let Some(link) = &ws.server {
            let id = self.case.id;
            self.waiting = true;
            link.job(super::CASE_ACTED, move |s| {
                let done = job(s).map_err(|e| e.to_string());
                Ok(read_back(s, id, Some(done)))
            });
            return;
        }
        let r = match ws.store.as_mut() {
            Some(s) => job(s).map_err(|e| e.to_string()),
            None => Err("ยังไม่มีฐานข้อมูล".to_owned()),
        };
        self.after(ws, r);
        self.reload(ws);
    }

    /// What the server answered about this case: the change's outcome (if one was made)
    /// and the case as it is now.
    pub fn acted(&mut self, ws: &mut Workspace, a: CaseActed) {
        self.waiting = false;
        if let Some(c) = a.case {
            self.case = c;
            self.records = record_lines(ws, &self.case, &a.records);
        }
        if let Some(r) = a.done {
            self.after(ws, r);
        }
        self.generation = ws.cases_generation;
    }

    /// The case's marks on its chart.
    pub fn overlay(&self, p: &Process, ws: &Workspace) -> Overlay {
        let Some(flow) = p.flows.get(self.case.flow) else {
            return Overlay::default();
        };
        let g = &flow.graph;
        let n = g.nodes.len();
        let mut o = Overlay {
            marks: vec![Some(Mark::Ahead); n],
            captions: vec![None; n],
            spoken: vec![None; n],
            taken: Vec::new(),
            late: false,
        };
        let today = ws.clock.today();
        let idx: Vec<Option<usize>> = self
            .case
            .steps
            .iter()
            .map(|s| g.index_of(&s.node))
            .collect();
        for (s, i) in self.case.steps.iter().zip(&idx) {
            let Some(i) = *i else { continue };
            match s.status {
                StepStatus::Done => {
                    if o.marks[i] != Some(Mark::Current) {
                        o.marks[i] = Some(Mark::Done);
                    }
                    if let Some(f) = s.finished_at {
                        let text = format!("เสร็จ {}", date::format_day_month(f.date()));
                        o.spoken[i] = Some(format!("เสร็จแล้ว {}", date::format_long(f.date())));
                        o.captions[i] = Some(text);
                    }
                }
                StepStatus::Current if self.case.status.is_active() => {
                    o.marks[i] = Some(Mark::Current);
                    let st = standing(CaseStatus::Open, s.due_at, today, &ws.calendar);
                    o.late = st.overdue && self.case.status == CaseStatus::Open;
                    let due = s.due_at.map_or_else(
                        || "ไม่มีกำหนด".to_owned(),
                        |d| format!("ครบกำหนด {}", date::format_day_month(d.date())),
                    );
                    let standing_text = if self.case.status == CaseStatus::Paused {
                        "พักเรื่องอยู่".to_owned()
                    } else {
                        st.thai()
                    };
                    o.captions[i] = Some(
                        [due.clone(), standing_text.clone()]
                            .into_iter()
                            .filter(|x| !x.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · "),
                    );
                    o.spoken[i] = Some(format!("ขั้นปัจจุบัน {due} {standing_text}"));
                }
                StepStatus::Current => {}
            }
        }
        for w in idx.windows(2) {
            if let [Some(a), Some(b)] = w {
                o.taken.push((*a, *b));
            }
        }
        o
    }

    pub fn show(&mut self, ui: &mut Ui, catalog: &Catalog, ws: &mut Workspace, out: &mut Actions) {
        if self.generation != ws.cases_generation {
            self.reload(ws);
        }
        let Some(p) = catalog.processes.get(self.process) else {
            return;
        };
        if let Some(m) = &mut self.memo
            && !m.show(ui.ctx(), out)
        {
            self.memo = None;
        }
        let width = 430.0_f32.min(ui.available_width() * 0.45);
        egui::Panel::right("case_detail")
            .resizable(true)
            .default_size(width)
            .size_range(320.0..=720.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.detail(ui, p, ws, out));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button("← รายการเรื่อง").clicked() {
                    out.push(AppAction::ShowCases);
                }
                ui.label(
                    RichText::new(format!("เรื่องเลขที่ {}", to_thai_digits(&self.case.number)))
                        .font(crate::ui::fonts::bold(style::size::PAGE_TITLE)),
                );
                status_badge(ui, self.case.status);
            });
            thai_text::label_with(
                ui,
                &self.case.title,
                crate::ui::fonts::bold(style::size::SECTION),
                None,
            );
            ui.label(RichText::new(p.title()).weak());
            let overlay = self.overlay(p, ws);
            if let Some(flow) = p.flows.get(self.case.flow)
                && let Some(clicked) = flowchart::show_with(
                    ui,
                    &self.layout,
                    &flow.graph,
                    &mut self.chart,
                    self.selected,
                    &[],
                    Some(&overlay),
                )
            {
                self.selected = Some(clicked);
            }
        });
    }

    fn detail(&mut self, ui: &mut Ui, p: &Process, ws: &mut Workspace, out: &mut Actions) {
        let r = &self.case.requester;
        let who: Vec<&str> = [r.name.as_str(), r.unit.as_str(), r.contact.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if !who.is_empty() {
            thai_text::label(ui, format!("ผู้ขอ: {}", who.join(" · ")));
        }
        ui.label(format!(
            "รับเรื่อง {} {} น.",
            date::format_long(self.case.received_at.date()),
            digits(self.case.received_at.format("%H:%M"))
        ));
        if let Some(reason) = &self.case.reason {
            let what = match self.case.status {
                CaseStatus::Paused => "เหตุที่พักเรื่อง",
                _ => "เหตุที่ยกเลิก",
            };
            thai_text::label_with(
                ui,
                &format!("{what}: {reason}"),
                egui::FontId::proportional(style::size::BODY),
                Some(color::WARNING),
            );
        }
        ui.separator();
        self.current_step(ui, p, ws);
        if let Some(sel) = self.selected
            && let Some(flow) = p.flows.get(self.case.flow)
            && let Some(node) = flow.graph.nodes.get(sel)
            && self.case.current().map(|s| s.node.as_str()) != Some(node.id.as_str())
        {
            ui.separator();
            ui.label(RichText::new("ขั้นที่เลือกในผัง").weak());
            thai_text::label_strong(ui, one_line(&node.label));
            if let Some(row) = flow.row_of_node(&node.id).and_then(|i| flow.rows.get(i)) {
                row_compact(ui, row);
            }
            for s in self.case.steps.iter().filter(|s| s.node == node.id) {
                let mut t = format!("เริ่ม {}", date::format_short(s.started_at.date()));
                if let Some(f) = s.finished_at {
                    t.push_str(&format!(" · เสร็จ {}", date::format_short(f.date())));
                }
                if let Some(res) = s.result {
                    t.push_str(&format!(" · {}", res.thai()));
                }
                if !s.note.is_empty() {
                    t.push_str(&format!(" · {}", s.note));
                }
                thai_text::label_weak(ui, t);
            }
        }
        ui.separator();
        self.forms_and_records(ui, p, ws, out);
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            if ui.button("พิมพ์ใบติดตามเรื่อง…").clicked() {
                out.push(AppAction::PrintCase(self.case.id));
            }
            let memo_node = memo_step(&self.case, p);
            let label = if memo_node.is_some() {
                RichText::new("บันทึกข้อความเสนอ ผอ.สพท.…").strong()
            } else {
                RichText::new("บันทึกข้อความ…")
            };
            if ui
                .button(label)
                .on_hover_text("ร่างบันทึกข้อความจากข้อมูลของเรื่อง แก้ไขได้ก่อนพิมพ์")
                .clicked()
            {
                let node = memo_node
                    .or_else(|| self.case.current().map(|s| s.node.clone()))
                    .or_else(|| self.case.steps.last().map(|s| s.node.clone()))
                    .unwrap_or_default();
                self.memo = Some(MemoEditor::new(MemoDraft::for_case(
                    &self.case,
                    p,
                    &node,
                    &ws.profile,
                    ws.clock.today(),
                )));
            }
        });
        ui.separator();
        ui.label(RichText::new("ลำดับเหตุการณ์").font(crate::ui::fonts::bold(style::size::HEADING)));
        for e in self.case.events.iter().rev() {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        date::format_short(e.at.date()),
                        digits(e.at.format("%H:%M"))
                    ))
                    .weak()
                    .size(style::size::LIST),
                );
                ui.label(RichText::new(&e.actor).weak().size(style::size::LIST));
            });
            thai_text::label(ui, &e.text);
            ui.add_space(2.0);
        }
    }

    fn current_step(&mut self, ui: &mut Ui, p: &Process, ws: &mut Workspace) {
        let writable = ws.writable() && !self.waiting;
        if self.waiting {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("กำลังบันทึกที่ฐานข้อมูลกลาง…");
            });
        }
        let Some(flow) = p.flows.get(self.case.flow) else {
            return;
        };
        match self.case.status {
            CaseStatus::Closed | CaseStatus::Cancelled => {
                ui.label(
                    RichText::new(if self.case.status == CaseStatus::Closed {
                        "เรื่องนี้เสร็จสิ้นแล้ว"
                    } else {
                        "เรื่องนี้ถูกยกเลิกแล้ว"
                    })
                    .strong(),
                );
                if ui
                    .add_enabled(writable, egui::Button::new("เปิดเรื่องอีกครั้ง"))
                    .clicked()
                {
                    let now = ws.clock.now();
                    let (id, v) = (self.case.id, self.case.version);
                    let p = p.clone();
                    self.act(ws, move |s| {
                        s.reopen(&p, id, now, Some(v))
                            .map(|()| "เปิดเรื่องอีกครั้งแล้ว".to_owned())
                    });
                }
                style::notice(ui, &self.message);
                return;
            }
            CaseStatus::Open | CaseStatus::Paused => {}
        }
        let Some(cur) = self.case.current().cloned() else {
            return;
        };
        let node = flow.graph.index_of(&cur.node);
        let label = node
            .and_then(|i| flow.graph.nodes.get(i))
            .map(|n| one_line(&n.label))
            .unwrap_or_else(|| cur.node.clone());
        ui.label(RichText::new("ขั้นปัจจุบัน").weak());
        thai_text::label_with(
            ui,
            &label,
            crate::ui::fonts::bold(style::size::SECTION),
            None,
        );
        let today = ws.clock.today();
        let st = standing(CaseStatus::Open, cur.due_at, today, &ws.calendar);
        let due_line = match cur.due_at {
            Some(d) => format!("ครบกำหนด {}", date::format_long(d.date())),
            None => "ไม่มีวันครบกำหนด".to_owned(),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(due_line).strong());
            if self.case.status == CaseStatus::Paused {
                ui.label(RichText::new("พักเรื่องอยู่ (วันที่พักไม่นับ)").color(color::WARNING));
            } else if st.overdue {
                ui.label(RichText::new(st.thai()).color(color::ERROR).strong());
            } else if !st.thai().is_empty() {
                ui.label(RichText::new(st.thai()).color(color::OK));
            }
        });
        ui.add_space(4.0);
        if self.case.status == CaseStatus::Paused {
            if ui
                .add_enabled(writable, egui::Button::new("ดำเนินการต่อ"))
                .clicked()
            {
                let now = ws.clock.now();
                let (id, v) = (self.case.id, self.case.version);
                self.act(ws, move |s| {
                    s.resume(id, now, Some(v))
                        .map(|()| "ดำเนินการต่อแล้ว วันที่พักเลื่อนวันครบกำหนดออกไป".to_owned())
                });
            }
        } else {
            let l = ui.label("บันทึกการดำเนินการ (ถ้ามี)");
            ui.add(
                egui::TextEdit::multiline(&mut self.note)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .char_limit(crate::store::cases::MAX_CASE_TEXT),
            )
            .labelled_by(l.id);
            let is_decision = node
                .and_then(|i| flow.graph.nodes.get(i))
                .is_some_and(|n| n.kind == NodeKind::Decision);
            ui.horizontal_wrapped(|ui| {
                if is_decision {
                    let (pass, fail) = node
                        .map(|i| outcome_labels(&flow.graph, i))
                        .unwrap_or_default();
                    if ui
                        .add_enabled(writable, egui::Button::new(RichText::new(pass).strong()))
                        .clicked()
                    {
                        self.finish(p, ws, Some(Outcome::Pass));
                    }
                    if ui
                        .add_enabled(writable, egui::Button::new(format!("{fail}…")))
                        .clicked()
                    {
                        self.asking = Some(Asking::Fail);
                        self.reason = self.note.clone();
                    }
                } else if ui
                    .add_enabled(
                        writable,
                        egui::Button::new(RichText::new("เสร็จขั้นนี้").strong()),
                    )
                    .clicked()
                {
                    self.finish(p, ws, None);
                }
                if ui
                    .add_enabled(writable, egui::Button::new("พักเรื่อง…"))
                    .clicked()
                {
                    self.asking = Some(Asking::Pause);
                    self.reason.clear();
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(writable, egui::Button::new("ยกเลิกเรื่อง…"))
                .clicked()
            {
                self.asking = Some(Asking::Cancel);
                self.reason.clear();
            }
            if ui
                .add_enabled(writable, egui::Button::new("กำหนดวันครบกำหนดเอง…"))
                .clicked()
            {
                self.asking = Some(Asking::Due);
                self.due_text = cur
                    .due_at
                    .map(|d| date::format_input(d.date()))
                    .unwrap_or_default();
            }
        });
        self.ask(ui, p, ws, cur.due_manual);
        style::notice(ui, &self.message);
        ui.add_space(4.0);
        thai_text::label_with(
            ui,
            &format!("ทำไมจึงเป็นวันนี้: {}", cur.due_why),
            egui::FontId::proportional(style::size::SMALL),
            Some(ui.visuals().weak_text_color()),
        );
        if let Some(row) = flow.row_of_node(&cur.node).and_then(|i| flow.rows.get(i)) {
            ui.add_space(4.0);
            ui.label(RichText::new("มาตรฐานงานของขั้นนี้").weak());
            row_compact(ui, row);
        }
    }

    /// The reason (or date) asked for before pausing, cancelling, failing a decision or
    /// setting a due date.
    fn ask(&mut self, ui: &mut Ui, p: &Process, ws: &mut Workspace, manual: bool) {
        let Some(asking) = self.asking else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let (prompt, confirm) = match asking {
                Asking::Fail => ("เหตุผลที่ไม่ผ่าน", "ยืนยันไม่ผ่าน"),
                Asking::Pause => ("เหตุผลที่พักเรื่อง (เช่น รอเอกสารจากผู้ขอ)", "ยืนยันพักเรื่อง"),
                Asking::Cancel => ("เหตุผลที่ยกเลิกเรื่อง", "ยืนยันยกเลิกเรื่อง"),
                Asking::Due => ("วันครบกำหนดใหม่ (วว/ดด/ปปปป)", "ใช้วันนี้"),
            };
            let l = ui.label(prompt);
            let text = if asking == Asking::Due {
                &mut self.due_text
            } else {
                &mut self.reason
            };
            ui.add(
                egui::TextEdit::singleline(text)
                    .desired_width(f32::INFINITY)
                    .char_limit(crate::store::cases::MAX_CASE_TEXT),
            )
            .labelled_by(l.id);
            ui.horizontal_wrapped(|ui| {
                if ui.button(confirm).clicked() {
                    let now = ws.clock.now();
                    let (id, v) = (self.case.id, self.case.version);
                    let reason = self.reason.clone();
                    match asking {
                        Asking::Fail => {
                            if reason.trim().is_empty() {
                                self.after(ws, Err("กรุณาระบุเหตุผลที่ไม่ผ่าน".to_owned()));
                            } else {
                                self.note = reason;
                                self.finish(p, ws, Some(Outcome::Fail));
                            }
                        }
                        Asking::Pause => self.act(ws, move |s| {
                            s.pause(id, &reason, now, Some(v))
                                .map(|()| "พักเรื่องแล้ว".to_owned())
                        }),
                        Asking::Cancel => self.act(ws, move |s| {
                            s.cancel(id, &reason, now, Some(v))
                                .map(|()| "ยกเลิกเรื่องแล้ว (เลขที่นี้จะไม่ถูกใช้ซ้ำ)".to_owned())
                        }),
                        Asking::Due => match date::parse(&self.due_text) {
                            Ok(d) => self.act(ws, move |s| {
                                s.set_due(id, Some(d), now, Some(v)).map(|()| {
                                    format!("กำหนดวันครบกำหนดเป็น {} แล้ว", date::format_long(d))
                                })
                            }),
                            Err(e) => self.after(ws, Err(e.0)),
                        },
                    }
                }
                if asking == Asking::Due && manual && ui.button("กลับไปใช้ตามตารางมาตรฐาน").clicked()
                {
                    let now = ws.clock.now();
                    let (id, v) = (self.case.id, self.case.version);
                    self.act(ws, move |s| {
                        s.set_due(id, None, now, Some(v))
                            .map(|()| "ใช้วันครบกำหนดตามตารางมาตรฐานแล้ว".to_owned())
                    });
                }
                if ui.button("ไม่ทำ").clicked() {
                    self.asking = None;
                }
            });
        });
    }

    /// Finishes the current step (its office-use sections filled in attached records).
    fn finish(&mut self, p: &Process, ws: &mut Workspace, outcome: Option<Outcome>) {
        let now = ws.clock.now();
        let (id, v, flow) = (self.case.id, self.case.version, self.case.flow);
        let note = std::mem::take(&mut self.note);
        let builtin = ws.builtin.clone();
        let p = p.clone();
        self.act(ws, move |s| {
            let next = s.finish(
                &p,
                &builtin,
                id,
                &StepDone::new(outcome, &note, now),
                Some(v),
            )?;
            Ok(match next {
                Some(n) => {
                    let label = crate::cases::engine::node_label(&p, flow, &n);
                    format!("บันทึกแล้ว ขั้นถัดไป: {label}")
                }
                None => "บันทึกแล้ว เรื่องนี้เสร็จสิ้น".to_owned(),
            })
        });
    }

    /// After an action: the case read again, the lists told, the officer told how it went.
    fn after(&mut self, ws: &mut Workspace, r: Result<String, String>) {
        match r {
            Ok(text) => {
                self.asking = None;
                self.reason.clear();
                self.message = Some(Notice::ok(text));
                ws.cases_changed();
                ws.recount();
            }
            // Another window may have moved the case: show it as it is now, with the reason.
            Err(e) => {
                self.message = Some(Notice::error(e));
                ws.cases_changed();
            }
        }
        // This screen is read already (or being read): the change of generation is the lists'.
        self.generation = ws.cases_generation;
    }

    fn forms_and_records(
        &mut self,
        ui: &mut Ui,
        p: &Process,
        ws: &mut Workspace,
        out: &mut Actions,
    ) {
        ui.label(
            RichText::new("แบบฟอร์มของกระบวนงาน").font(crate::ui::fonts::bold(style::size::HEADING)),
        );
        let writable = ws.writable() && self.case.status.is_active();
        let forms: Vec<(String, String)> = ws
            .templates
            .iter()
            .filter(|t| t.processes.contains(&p.number))
            .map(|t| (t.id.clone(), t.title.clone()))
            .collect();
        if forms.is_empty() {
            thai_text::label_weak(ui, "กระบวนงานนี้ไม่มีแบบฟอร์ม");
        }
        if self.attach_form.is_none() {
            self.attach_form = forms.first().map(|(id, _)| id.clone());
        }
        for (id, title) in forms {
            if ui
                .add_enabled(
                    writable,
                    egui::Button::new(format!("กรอก {}", thai_text::shorten(&title, 48))),
                )
                .on_hover_text(format!(
                    "{title}: กรอกล่วงหน้าด้วยผู้ขอและเลขที่เรื่อง บันทึกแล้วแนบกับเรื่องนี้"
                ))
                .clicked()
            {
                out.push(AppAction::FillFormForCase {
                    case: self.case.id,
                    form: id,
                });
            }
        }
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("แนบบันทึกของ");
            let chosen = self
                .attach_form
                .as_deref()
                .and_then(|f| ws.template(f))
                .map(|t| thai_text::shorten(&t.title, 36))
                .unwrap_or_else(|| "เลือกแบบฟอร์ม".to_owned());
            egui::ComboBox::from_id_salt("attach-form")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for t in &ws.templates {
                        ui.selectable_value(
                            &mut self.attach_form,
                            Some(t.id.clone()),
                            thai_text::shorten(&t.title, 60),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("เลขที่");
            ui.add(egui::TextEdit::singleline(&mut self.attach_text).desired_width(80.0))
                .labelled_by(l.id);
            if ui
                .add_enabled(ws.writable(), egui::Button::new("แนบ"))
                .clicked()
            {
                match (
                    crate::thai::parse_thai_number(&self.attach_text),
                    self.attach_form.clone(),
                ) {
                    (_, None) => self.after(ws, Err("กรุณาเลือกแบบฟอร์มของบันทึกที่จะแนบ".to_owned())),
                    (Some(n), Some(form)) => {
                        let now = ws.clock.now();
                        let id = self.case.id;
                        self.attach_text.clear();
                        self.act(ws, move |s| {
                            let rid = s.record_numbered(&form, i64::from(n))?;
                            s.attach(id, rid, now)
                                .map(|()| format!("แนบบันทึกเลขที่ {} แล้ว", digits(n)))
                        });
                    }
                    (None, _) => self.after(ws, Err("กรุณาใส่เลขที่บันทึกเป็นตัวเลข".to_owned())),
                }
            }
        });
        if !self.case.records.is_empty() {
            ui.label(RichText::new("บันทึกที่แนบ").weak());
        }
        for (rid, line) in &self.records {
            if ui.link(line).clicked() {
                out.push(AppAction::OpenRecord(*rid));
            }
        }
    }
}

/// The attached records of `case` read from this PC's file.
fn local_records(ws: &Workspace, case: &Case) -> Vec<Record> {
    case.records
        .iter()
        .filter_map(|(rid, _)| ws.store.as_ref().and_then(|s| s.record(*rid).ok()))
        .collect()
}

/// The attached records of `case` as the panel lists them (made once per read, not per
/// frame); `records`: those read with it.
fn record_lines(ws: &Workspace, case: &Case, records: &[Record]) -> Vec<(i64, String)> {
    case.records
        .iter()
        .map(|(rid, _)| {
            let r = records.iter().find(|r| r.id == *rid);
            let title = r
                .and_then(|r| ws.template(&r.form_id).map(|t| t.title.clone()))
                .unwrap_or_default();
            let number = r.map_or(*rid, |r| r.number);
            (*rid, format!("บันทึกเลขที่ {} · {title}", digits(number)))
        })
        .collect()
}

/// A standards row in a few lines: its order and detail, duration, quality and who.
fn row_compact(ui: &mut Ui, row: &crate::catalog::StandardRow) {
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_owned()
        } else {
            s.trim().to_owned()
        }
    };
    for (title, text) in [
        (format!("ลำดับที่ {}", row.order), dash(&row.detail)),
        ("เวลาดำเนินงาน".to_owned(), dash(&row.duration)),
        ("มาตรฐานคุณภาพงาน".to_owned(), dash(&row.quality)),
        ("ผู้รับผิดชอบ".to_owned(), dash(&row.responsible)),
    ] {
        thai_text::label_with(
            ui,
            &format!("{title}: {text}"),
            egui::FontId::proportional(style::size::LIST),
            None,
        );
    }
}

fn status_badge(ui: &mut Ui, s: CaseStatus) {
    let c = match s {
        CaseStatus::Open | CaseStatus::Closed => color::OK,
        CaseStatus::Paused => color::WARNING,
        CaseStatus::Cancelled => color::CANCELLED,
    };
    ui.label(RichText::new(s.thai()).color(c).strong());
}
