//! งานของฉัน / งานทั้งหมด: the counts at the top (open, due today, due within three working
//! days, overdue in red, closed this month) and a virtualised list of cases (only the rows in
//! view are read, a page at a time), filtered by process, status, year and overdue, sorted by
//! due date, newest or oldest.

use crate::calendar::WorkCalendar;
use crate::cases::standing::standing;
use crate::cases::{CaseRow, CaseStatus};
use crate::catalog::Catalog;
use crate::store::{CaseCounts, CaseFilter, CaseSort, CaseStatusFilter, Store};
use crate::thai::{date, digits, to_thai_digits};
use crate::ui::action::{Actions, AppAction};
use crate::ui::style::{self, color};
use crate::ui::workspace::Workspace;
use chrono::{Datelike, NaiveDate};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;

/// Rows read from the database at a time.
const PAGE: usize = 100;

/// What the list is asked for: everything it reads depends on this.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    filter: CaseFilter,
    sort: CaseSort,
    today: NaiveDate,
    generation: u64,
}

pub struct CaseList {
    /// งานของฉัน: cases still being worked on; งานทั้งหมด: every case.
    pub mine: bool,
    pub process: Option<String>,
    pub status: Option<CaseStatus>,
    pub year: Option<i32>,
    pub overdue: bool,
    pub text: String,
    pub sort: CaseSort,
    pub count: usize,
    pub counts: CaseCounts,
    years: Vec<i32>,
    pages: HashMap<usize, Vec<CaseRow>>,
    applied: Option<Key>,
    /// What was asked of the shared server and not yet answered.
    asked: Option<Key>,
    /// On the server, a list longer than `SERVER_ROWS`: how long it is.
    pub shown_only: Option<usize>,
    pub error: Option<String>,
}

impl Default for CaseList {
    fn default() -> Self {
        CaseList {
            mine: true,
            process: None,
            status: None,
            year: None,
            overdue: false,
            text: String::new(),
            sort: CaseSort::Due,
            count: 0,
            counts: CaseCounts::default(),
            years: Vec::new(),
            pages: HashMap::new(),
            applied: None,
            asked: None,
            shown_only: None,
            error: None,
        }
    }
}

impl CaseList {
    pub fn filter(&self) -> CaseFilter {
        CaseFilter {
            process: self.process.clone(),
            status: match (self.status, self.mine) {
                (Some(s), _) => CaseStatusFilter::Only(s),
                (None, true) => CaseStatusFilter::Active,
                (None, false) => CaseStatusFilter::All,
            },
            year: self.year,
            overdue: self.overdue,
            text: self.text.clone(),
        }
    }

    /// Reads the counts and the size of the list again when what it shows changed (on the
    /// shared server: asks for them, and for its first `SERVER_ROWS` rows; they come to
    /// `arrived`).
    pub fn refresh(&mut self, ws: &Workspace, today: NaiveDate) {
        let key = Key {
            filter: self.filter(),
            sort: self.sort,
            today,
            generation: ws.cases_generation,
        };
        if self.applied.as_ref() == Some(&key) || self.asked.as_ref() == Some(&key) {
            return;
        }
        let counts_stale = self
            .applied
            .as_ref()
            .is_none_or(|k| k.today != today || k.generation != key.generation);
        if let Some(link) = &ws.server {
            self.asked = Some(key.clone());
            let cal = ws.calendar.clone();
            link.job(super::CASE_LIST, move |s| {
                let counts = s.case_counts_now(today, &cal)?;
                let rows = s.cases(&key.filter, key.sort, today, 0, SERVER_ROWS + 1)?;
                let count = s.case_total(&key.filter, today)?;
                let years = s.case_years_now()?;
                Ok(ListData {
                    key,
                    count,
                    counts,
                    years,
                    rows,
                })
            });
            return;
        }
        let Some(store) = ws.store.as_ref() else {
            return;
        };
        self.pages.clear();
        self.error = None;
        match store.case_count(&key.filter, today) {
            Ok(n) => self.count = n,
            Err(e) => self.error = Some(e.to_string()),
        }
        if counts_stale {
            match store.case_counts(today, &ws.calendar) {
                Ok(c) => self.counts = c,
                Err(e) => self.error = Some(e.to_string()),
            }
            self.years = store.case_years().unwrap_or_default();
        }
        self.applied = Some(key);
    }

    /// What the server sent for the list (an answer to an older ask is dropped).
    pub fn arrived(&mut self, d: ListData) {
        if self.asked.as_ref() != Some(&d.key) {
            return;
        }
        self.asked = None;
        self.error = None;
        self.counts = d.counts;
        self.years = d.years;
        self.shown_only = (d.count > SERVER_ROWS).then_some(d.count);
        self.count = d.count.min(SERVER_ROWS);
        self.pages.clear();
        for (i, chunk) in d.rows.chunks(PAGE).enumerate() {
            self.pages.insert(i, chunk.to_vec());
        }
        self.applied = Some(d.key);
    }

    /// The server could not answer: said once, the list as it was.
    pub fn not_arrived(&mut self, e: &crate::store::StoreError) {
        self.asked = None;
        self.error = Some(e.to_string());
    }

    /// The row at `index` of the list (its page read once; on the server, as sent).
    pub fn row(&mut self, store: Option<&Store>, index: usize) -> Option<&CaseRow> {
        let page = index / PAGE;
        if !self.pages.contains_key(&page) {
            let (Some(key), Some(store)) = (&self.applied, store) else {
                return None;
            };
            if self.pages.len() > 40 {
                self.pages.clear();
            }
            let rows = store
                .case_page(&key.filter, key.sort, key.today, page * PAGE, PAGE)
                .unwrap_or_default();
            self.pages.insert(page, rows);
        }
        self.pages.get(&page).and_then(|p| p.get(index % PAGE))
    }
}

/// How many cases of a list the window shows when it works on the shared server.
pub const SERVER_ROWS: usize = 1000;

/// A list as the server sent it.
pub struct ListData {
    key: Key,
    count: usize,
    counts: CaseCounts,
    years: Vec<i32>,
    rows: Vec<CaseRow>,
}

/// The label of a listed case's current node.
fn current_label(catalog: &Catalog, r: &CaseRow) -> String {
    catalog
        .process(&r.process_id)
        .map(|p| crate::cases::engine::node_label(p, r.flow, &r.current))
        .unwrap_or_default()
}

fn count_card(ui: &mut Ui, title: &str, n: usize, tint: Option<egui::Color32>) -> bool {
    let mut clicked = false;
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_min_width(150.0);
            ui.vertical(|ui| {
                let number = RichText::new(digits(n)).font(crate::ui::fonts::bold(26.0));
                let number = match tint {
                    Some(c) if n > 0 => number.color(c),
                    _ => number,
                };
                let r = ui
                    .add(egui::Button::new(number).frame(false))
                    .on_hover_text("กดเพื่อแสดงเฉพาะเรื่องเหล่านี้");
                let label = RichText::new(title).size(style::size::BODY);
                let label = match tint {
                    Some(c) if n > 0 => label.color(c).strong(),
                    _ => label,
                };
                ui.label(label);
                clicked = r.clicked();
            });
        });
    clicked
}

/// Draws the dashboard and its list; a row click pushes `OpenCase`.
pub fn show(
    list: &mut CaseList,
    ui: &mut Ui,
    catalog: &Catalog,
    ws: &mut Workspace,
    out: &mut Actions,
) {
    let today = ws.clock.today();
    if ws.store.is_none() && ws.server.is_none() {
        ui.label(RichText::new("ยังไม่มีฐานข้อมูล").color(color::ERROR));
        return;
    }
    list.refresh(ws, today);
    ui.horizontal(|ui| {
        ui.label(RichText::new("งาน / เรื่อง").font(crate::ui::fonts::bold(style::size::PAGE_TITLE)));
        ui.separator();
        for (mine, text) in [(true, "งานของฉัน"), (false, "งานทั้งหมด")]
        {
            if ui
                .selectable_label(
                    list.mine == mine,
                    RichText::new(text).size(style::size::NAV),
                )
                .on_hover_text(if mine {
                    "เรื่องที่ยังดำเนินการอยู่ (รวมที่พักไว้)"
                } else {
                    "ทุกเรื่อง รวมที่เสร็จสิ้นและยกเลิก"
                })
                .clicked()
            {
                list.mine = mine;
                list.status = None;
            }
        }
        ui.separator();
        if ui
            .add_enabled(ws.writable(), egui::Button::new("เริ่มเรื่องใหม่…"))
            .clicked()
        {
            out.push(AppAction::NewCase {
                process: None,
                record: None,
            });
        }
        ui.label(
            RichText::new(format!("วันนี้ {}", date::format_long(today)))
                .weak()
                .size(style::size::BODY),
        );
    });
    december_reminder(ui, ws, today, out);
    ui.add_space(6.0);
    let c = list.counts;
    ui.horizontal_wrapped(|ui| {
        if count_card(ui, "เปิดอยู่", c.open, None) {
            list.mine = true;
            list.status = None;
            list.overdue = false;
        }
        if count_card(ui, "ครบกำหนดวันนี้", c.due_today, Some(color::WARNING))
        {
            list.mine = true;
            list.overdue = false;
            list.sort = CaseSort::Due;
        }
        if count_card(ui, "ภายใน ๓ วันทำการ", c.due_soon, None) {
            list.mine = true;
            list.overdue = false;
            list.sort = CaseSort::Due;
        }
        if count_card(ui, "เกินกำหนด", c.overdue, Some(color::ERROR)) {
            list.overdue = true;
        }
        if count_card(ui, "ปิดแล้วเดือนนี้", c.closed_this_month, Some(color::OK))
        {
            list.mine = false;
            list.status = Some(CaseStatus::Closed);
            list.overdue = false;
        }
    });
    ui.add_space(4.0);
    filters(list, ui, catalog);
    if let Some(e) = &list.error {
        ui.label(RichText::new(e.as_str()).color(color::ERROR));
    }
    ui.label(
        RichText::new(format!("{} เรื่อง", digits(list.count)))
            .weak()
            .size(style::size::BODY),
    );
    if let Some(n) = list.shown_only {
        ui.label(
            RichText::new(format!(
                "แสดง {} เรื่องแรกจาก {} เรื่อง (ฐานข้อมูลกลาง) กรองด้วยกระบวนงานหรือปีเพื่อดูเรื่องอื่น",
                digits(SERVER_ROWS),
                digits(n)
            ))
            .weak(),
        );
    }
    let store = if ws.server.is_some() {
        None
    } else {
        ws.store.as_ref()
    };
    table(list, ui, catalog, store, &ws.calendar, today, out);
}

fn december_reminder(ui: &mut Ui, ws: &Workspace, today: NaiveDate, out: &mut Actions) {
    let next = today.year() + 1;
    if today.month() == 12 && ws.calendar.unannounced(next) {
        style::attention(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "ถึงเดือนธันวาคมแล้ว: ตรวจประกาศวันหยุดราชการเพิ่มเติมของปี {} ตามมติคณะรัฐมนตรี แล้วเพิ่มลงในปฏิทินวันทำการ เพื่อให้วันครบกำหนดถูกต้อง",
                            digits(next + date::BE_OFFSET)
                        ))
                        .color(color::ATTENTION_TEXT),
                    );
                    if ui.button("ไปที่ปฏิทินวันทำการ").clicked() {
                        out.push(AppAction::ShowCalendar);
                    }
                });
        });
    }
}

fn filters(list: &mut CaseList, ui: &mut Ui, catalog: &Catalog) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("กระบวนงาน");
        let chosen = list
            .process
            .as_deref()
            .and_then(|id| catalog.process(id))
            .map_or_else(
                || "ทุกกระบวนงาน".to_owned(),
                |p| crate::ui::thai_text::shorten(&p.title(), 40),
            );
        egui::ComboBox::from_id_salt("case_process")
            .selected_text(chosen)
            .width(230.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut list.process, None, "ทุกกระบวนงาน");
                for p in &catalog.processes {
                    ui.selectable_value(&mut list.process, Some(p.id()), p.title());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("สถานะ");
        let status_text = |s: Option<CaseStatus>, mine: bool| match s {
            Some(s) => s.thai().to_owned(),
            None if mine => "ยังดำเนินการอยู่".to_owned(),
            None => "ทุกสถานะ".to_owned(),
        };
        egui::ComboBox::from_id_salt("case_status")
            .selected_text(status_text(list.status, list.mine))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut list.status, None, status_text(None, list.mine));
                for s in [
                    CaseStatus::Open,
                    CaseStatus::Paused,
                    CaseStatus::Closed,
                    CaseStatus::Cancelled,
                ] {
                    ui.selectable_value(&mut list.status, Some(s), s.thai());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("ปี");
        egui::ComboBox::from_id_salt("case_year")
            .selected_text(list.year.map_or_else(|| "ทุกปี".to_owned(), digits))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut list.year, None, "ทุกปี");
                for y in list.years.clone() {
                    ui.selectable_value(&mut list.year, Some(y), digits(y));
                }
            })
            .response
            .labelled_by(l.id);
        ui.checkbox(&mut list.overdue, "เฉพาะที่เกินกำหนด");
        let l = ui.label("ค้นหา");
        ui.add(
            egui::TextEdit::singleline(&mut list.text)
                .hint_text("เลขที่ ชื่อเรื่อง หรือผู้ขอ")
                .desired_width(200.0),
        )
        .labelled_by(l.id);
        let l = ui.label("เรียงตาม");
        egui::ComboBox::from_id_salt("case_sort")
            .selected_text(sort_text(list.sort))
            .show_ui(ui, |ui| {
                for s in [CaseSort::Due, CaseSort::Newest, CaseSort::Received] {
                    ui.selectable_value(&mut list.sort, s, sort_text(s));
                }
            })
            .response
            .labelled_by(l.id);
    });
}

fn sort_text(s: CaseSort) -> &'static str {
    match s {
        CaseSort::Due => "ครบกำหนดก่อน",
        CaseSort::Newest => "เรื่องใหม่ก่อน",
        CaseSort::Received => "รับเรื่องก่อน",
    }
}

fn table(
    list: &mut CaseList,
    ui: &mut Ui,
    catalog: &Catalog,
    store: Option<&Store>,
    cal: &WorkCalendar,
    today: NaiveDate,
    out: &mut Actions,
) {
    let row_h = 28.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(90.0))
        .column(Column::initial(170.0).clip(true))
        .column(Column::initial(270.0).clip(true))
        .column(Column::initial(230.0).clip(true))
        .column(Column::exact(110.0))
        .column(Column::exact(175.0))
        .column(Column::remainder().at_least(90.0))
        .header(28.0, |mut h| {
            for t in [
                "เลขที่",
                "กระบวนงาน",
                "เรื่อง",
                "ขั้นปัจจุบัน",
                "ครบกำหนด",
                "เหลือ / เกิน",
                "สถานะ",
            ] {
                h.col(|ui| {
                    ui.label(RichText::new(t).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_h, list.count, |mut row| {
                let Some(r) = list.row(store, row.index()).cloned() else {
                    return;
                };
                let st = standing(r.status, r.due_at, today, cal);
                let red = |t: String| {
                    if st.overdue {
                        RichText::new(t).color(color::ERROR)
                    } else {
                        RichText::new(t)
                    }
                };
                let mut clicked = false;
                let cells = [
                    red(to_thai_digits(&r.number)),
                    RichText::new(
                        catalog
                            .process(&r.process_id)
                            .map(|p| p.title())
                            .unwrap_or_else(|| r.process_id.clone()),
                    ),
                    RichText::new(r.title.clone()),
                    RichText::new(current_label(catalog, &r)),
                    red(r
                        .due_at
                        .map(|d| date::format_short(d.date()))
                        .unwrap_or_default()),
                    if st.overdue {
                        RichText::new(st.thai()).color(color::ERROR).strong()
                    } else {
                        RichText::new(st.thai())
                    },
                    match r.status {
                        CaseStatus::Open => RichText::new(r.status.thai()),
                        CaseStatus::Paused => RichText::new(r.status.thai()).color(color::WARNING),
                        CaseStatus::Closed => RichText::new(r.status.thai()).color(color::OK),
                        CaseStatus::Cancelled => {
                            RichText::new(r.status.thai()).color(color::CANCELLED)
                        }
                    },
                ];
                for cell in cells {
                    let (_, resp) = row.col(|ui| {
                        ui.add(egui::Label::new(cell).truncate().selectable(false));
                    });
                    clicked |= resp.clicked();
                }
                let resp = row.response();
                if clicked || resp.clicked() {
                    out.push(AppAction::OpenCase(r.id));
                }
            });
        });
}
