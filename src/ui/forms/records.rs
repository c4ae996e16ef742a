//! The records of one form as a virtualised table (egui_extras): only the visible rows are
//! drawn, so 100,000 records scroll as smoothly as ten. Filter by text and date range, sort by
//! any column, cancel greyed out.

use crate::forms::Template;
use crate::store::RecordRow;
use crate::thai::{date, to_thai_digits};
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Id,
    Date,
    Summary(usize),
    Status,
    Updated,
}

pub struct RecordList {
    pub form_id: String,
    pub rows: Vec<RecordRow>,
    /// Indices into `rows` that pass the filter, in display order.
    pub visible: Vec<usize>,
    pub query: String,
    pub date_from: String,
    pub date_to: String,
    pub show_cancelled: bool,
    pub sort: SortKey,
    pub ascending: bool,
    pub selected: Option<i64>,
    /// Why the date filter is not applied, in Thai.
    pub filter_error: Option<String>,
    applied: (String, String, String, bool, SortKey, bool),
}

pub enum ListAction {
    None,
    Open(i64),
}

impl RecordList {
    pub fn new(form_id: &str, rows: Vec<RecordRow>) -> RecordList {
        let mut l = RecordList {
            form_id: form_id.to_string(),
            rows,
            visible: Vec::new(),
            query: String::new(),
            date_from: String::new(),
            date_to: String::new(),
            show_cancelled: true,
            sort: SortKey::Id,
            ascending: false,
            selected: None,
            filter_error: None,
            applied: Default::default(),
        };
        l.refilter();
        l
    }

    fn key(&self) -> (String, String, String, bool, SortKey, bool) {
        (
            self.query.clone(),
            self.date_from.clone(),
            self.date_to.clone(),
            self.show_cancelled,
            self.sort,
            self.ascending,
        )
    }

    /// Applies the text and date filters and the sort order.
    pub fn refilter(&mut self) {
        self.applied = self.key();
        self.filter_error = None;
        let parse = |s: &str, what: &str, err: &mut Option<String>| -> Option<String> {
            if s.trim().is_empty() {
                return None;
            }
            match date::parse(s) {
                Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
                Err(e) => {
                    *err = Some(format!("{what}: {}", e.0));
                    None
                }
            }
        };
        let mut err = None;
        let from = parse(&self.date_from, "ตั้งแต่วันที่", &mut err);
        let to = parse(&self.date_to, "ถึงวันที่", &mut err);
        self.filter_error = err;
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| self.show_cancelled || !r.cancelled)
            .filter(|(_, r)| words.iter().all(|w| r.search.contains(w.as_str()) || r.id.to_string() == *w))
            .filter(|(_, r)| {
                let d = r.record_date.as_deref().unwrap_or(&r.updated_at[..10.min(r.updated_at.len())]);
                from.as_deref().is_none_or(|f| d >= f) && to.as_deref().is_none_or(|t| d <= t)
            })
            .map(|(i, _)| i)
            .collect();
        let rows = &self.rows;
        let sort = self.sort;
        self.visible.sort_by(|&a, &b| {
            let (x, y) = (&rows[a], &rows[b]);
            match sort {
                SortKey::Id => x.id.cmp(&y.id),
                SortKey::Date => x.record_date.cmp(&y.record_date).then(x.id.cmp(&y.id)),
                SortKey::Summary(i) => x.summary.get(i).cmp(&y.summary.get(i)).then(x.id.cmp(&y.id)),
                SortKey::Status => (x.cancelled, x.status.as_str()).cmp(&(y.cancelled, y.status.as_str())).then(x.id.cmp(&y.id)),
                SortKey::Updated => x.updated_at.cmp(&y.updated_at).then(x.id.cmp(&y.id)),
            }
        });
        if !self.ascending {
            self.visible.reverse();
        }
    }

    pub fn show(&mut self, ui: &mut Ui, t: &Template) -> ListAction {
        let mut action = ListAction::None;
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("ค้นหาในบันทึก");
            ui.add(egui::TextEdit::singleline(&mut self.query).hint_text("คำใดก็ได้ในคำตอบ").desired_width(220.0))
                .labelled_by(l.id);
            let l = ui.label("ตั้งแต่วันที่");
            ui.add(egui::TextEdit::singleline(&mut self.date_from).hint_text("วว/ดด/ปปปป").desired_width(120.0))
                .labelled_by(l.id);
            let l = ui.label("ถึง");
            ui.add(egui::TextEdit::singleline(&mut self.date_to).hint_text("วว/ดด/ปปปป").desired_width(120.0))
                .labelled_by(l.id);
            ui.checkbox(&mut self.show_cancelled, "แสดงบันทึกที่ยกเลิก");
        });
        if self.key() != self.applied {
            self.refilter();
        }
        if let Some(e) = &self.filter_error {
            ui.label(RichText::new(format!("{e}")).color(super::fields::ERROR_RED));
        }
        ui.label(
            RichText::new(format!(
                "แสดง {} จาก {} บันทึก",
                to_thai_digits(&self.visible.len().to_string()),
                to_thai_digits(&self.rows.len().to_string())
            ))
            .weak(),
        );
        let summary_names: Vec<String> = t
            .summary
            .iter()
            .map(|id| t.field(id).map(|f| f.label.clone()).unwrap_or_else(|| id.clone()))
            .collect();
        let mut sort_click = None;
        let header = |ui: &mut Ui, text: &str, key: SortKey, current: SortKey, asc: bool, click: &mut Option<SortKey>| {
            let arrow = if key == current { if asc { " ▲" } else { " ▼" } } else { "" };
            if ui.add(egui::Button::new(RichText::new(format!("{text}{arrow}")).strong()).frame(false)).clicked() {
                *click = Some(key);
            }
        };
        let row_h = 26.0;
        let fixed = 70.0 + 120.0 + 110.0 + 150.0;
        let summary_w = ((ui.available_width() - fixed) / summary_names.len().max(1) as f32 - 12.0).max(120.0);
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(70.0))
            .column(Column::exact(120.0));
        for _ in &summary_names {
            table = table.column(Column::initial(summary_w).clip(true));
        }
        table = table
            .column(Column::exact(110.0))
            .column(Column::remainder().at_least(140.0));
        let (sort, asc) = (self.sort, self.ascending);
        table
            .header(28.0, |mut h| {
                h.col(|ui| header(ui, "เลขที่", SortKey::Id, sort, asc, &mut sort_click));
                h.col(|ui| header(ui, "วันที่", SortKey::Date, sort, asc, &mut sort_click));
                for (i, n) in summary_names.iter().enumerate() {
                    h.col(|ui| header(ui, n, SortKey::Summary(i), sort, asc, &mut sort_click));
                }
                h.col(|ui| header(ui, "สถานะ", SortKey::Status, sort, asc, &mut sort_click));
                h.col(|ui| header(ui, "แก้ไขล่าสุด", SortKey::Updated, sort, asc, &mut sort_click));
            })
            .body(|body| {
                body.rows(row_h, self.visible.len(), |mut row| {
                    let Some(r) = self.visible.get(row.index()).and_then(|&i| self.rows.get(i)) else {
                        return;
                    };
                    row.set_selected(self.selected == Some(r.id));
                    let grey = |s: String| {
                        if r.cancelled {
                            RichText::new(s).color(Color32::GRAY).strikethrough()
                        } else {
                            RichText::new(s)
                        }
                    };
                    let mut clicked = false;
                    let (_, resp) = row.col(|ui| {
                        ui.add(egui::Label::new(grey(to_thai_digits(&r.id.to_string()))).selectable(false));
                    });
                    clicked |= resp.clicked();
                    let (_, resp) = row.col(|ui| {
                        let d = r
                            .record_date
                            .as_deref()
                            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                            .map(date::format_short)
                            .unwrap_or_default();
                        ui.add(egui::Label::new(grey(d)).selectable(false));
                    });
                    clicked |= resp.clicked();
                    for i in 0..summary_names.len() {
                        let (_, resp) = row.col(|ui| {
                            ui.add(egui::Label::new(grey(r.summary.get(i).cloned().unwrap_or_default())).truncate().selectable(false));
                        });
                        clicked |= resp.clicked();
                    }
                    let (_, resp) = row.col(|ui| {
                        let s = if r.cancelled { "ยกเลิกแล้ว" } else { r.status.thai() };
                        ui.add(egui::Label::new(grey(s.to_string())).selectable(false));
                    });
                    clicked |= resp.clicked();
                    let (_, resp) = row.col(|ui| {
                        ui.add(egui::Label::new(grey(updated_text(&r.updated_at))).selectable(false));
                    });
                    clicked |= resp.clicked();
                    let resp = row.response();
                    if clicked || resp.clicked() {
                        self.selected = Some(r.id);
                    }
                    if resp.double_clicked() {
                        action = ListAction::Open(r.id);
                    }
                });
            });
        if let Some(k) = sort_click {
            if self.sort == k {
                self.ascending = !self.ascending;
            } else {
                self.sort = k;
                self.ascending = true;
            }
        }
        action
    }
}

/// "24 พ.ย. 2569 10:05" from a stored timestamp.
pub fn updated_text(at: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S") {
        Ok(t) => format!("{} {}", date::format_short(t.date()), to_thai_digits(&t.format("%H:%M").to_string())),
        Err(_) => at.to_string(),
    }
}
