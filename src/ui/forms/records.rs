//! The records of one form as a virtualised table (egui_extras): only the visible rows are
//! drawn, so 100,000 records scroll as smoothly as ten. Filter by text and date range, sort by
//! any column, cancel greyed out.

use crate::forms::Template;
use crate::store::{RecordQuery, RecordRow, SortKey, Store};
use crate::thai::date;
use crate::thai::digits;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;

/// Rows kept for drawing; the cache is emptied past this size.
const CACHE_LIMIT: usize = 4000;

pub struct RecordList {
    pub form_id: String,
    /// Ids of the records that pass the filter, in display order.
    pub visible: Vec<i64>,
    /// Records of the form in all.
    pub total: usize,
    pub query: String,
    pub date_from: String,
    pub date_to: String,
    pub show_cancelled: bool,
    pub sort: SortKey,
    pub ascending: bool,
    pub selected: Option<i64>,
    /// Records picked with Ctrl+click, to print together.
    pub marked: std::collections::BTreeSet<i64>,
    /// Why the date filter is not applied, in Thai.
    pub filter_error: Option<String>,
    applied: (String, String, String, bool, SortKey, bool),
    cache: HashMap<i64, RecordRow>,
}

impl RecordList {
    pub fn new(form_id: &str) -> RecordList {
        RecordList {
            form_id: form_id.to_owned(),
            visible: Vec::new(),
            total: 0,
            query: String::new(),
            date_from: String::new(),
            date_to: String::new(),
            show_cancelled: true,
            sort: SortKey::Id,
            ascending: false,
            selected: None,
            marked: std::collections::BTreeSet::default(),
            filter_error: None,
            applied: Default::default(),
            cache: HashMap::new(),
        }
    }

    /// Opens the list of a form: the ids of its records, newest first.
    pub fn open(form_id: &str, store: &Store) -> RecordList {
        let mut l = RecordList::new(form_id);
        l.refilter(store);
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

    /// Applies the text and date filters and the sort order (in the database), and forgets
    /// cached rows so changed records are read again.
    pub fn refilter(&mut self, store: &Store) {
        self.applied = self.key();
        self.cache.clear();
        let mut err = None;
        let mut parse = |s: &str, what: &str| -> Option<String> {
            if s.trim().is_empty() {
                return None;
            }
            match date::parse(s) {
                Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
                Err(e) => {
                    err = Some(format!("{what}: {}", e.0));
                    None
                }
            }
        };
        let q = RecordQuery {
            words: self.query.split_whitespace().map(str::to_owned).collect(),
            from: parse(&self.date_from, "ตั้งแต่วันที่"),
            to: parse(&self.date_to, "ถึงวันที่"),
            include_cancelled: self.show_cancelled,
            sort: self.sort,
            ascending: self.ascending,
        };
        self.filter_error = err;
        match store.record_ids(&self.form_id, &q) {
            Ok(ids) => self.visible = ids,
            Err(e) => self.filter_error = Some(e.to_string()),
        }
        self.total = store.record_count(&self.form_id).unwrap_or(0);
    }

    /// The row of a record, read once and cached.
    pub fn row(&mut self, store: &Store, id: i64) -> Option<&RecordRow> {
        if !self.cache.contains_key(&id) {
            if self.cache.len() > CACHE_LIMIT {
                self.cache.clear();
            }
            let row = store.record_rows_by_id(&[id]).ok()?.into_iter().next()?;
            self.cache.insert(id, row);
        }
        self.cache.get(&id)
    }

    /// Draws the list; a double click pushes `OpenRecord`.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        t: &Template,
        store: &Store,
        out: &mut crate::ui::action::Actions,
    ) {
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("ค้นหาในบันทึก");
            ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("คำใดก็ได้ในคำตอบ")
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            let l = ui.label("ตั้งแต่วันที่");
            ui.add(
                egui::TextEdit::singleline(&mut self.date_from)
                    .hint_text("วว/ดด/ปปปป")
                    .desired_width(120.0),
            )
            .labelled_by(l.id);
            let l = ui.label("ถึง");
            ui.add(
                egui::TextEdit::singleline(&mut self.date_to)
                    .hint_text("วว/ดด/ปปปป")
                    .desired_width(120.0),
            )
            .labelled_by(l.id);
            ui.checkbox(&mut self.show_cancelled, "แสดงบันทึกที่ยกเลิก");
        });
        if self.key() != self.applied {
            self.refilter(store);
        }
        if let Some(e) = &self.filter_error {
            ui.label(RichText::new(e.as_str()).color(crate::ui::style::color::ERROR));
        }
        ui.label(
            RichText::new(format!(
                "แสดง {} จาก {} บันทึก",
                digits(self.visible.len()),
                digits(self.total)
            ))
            .weak(),
        );
        // A narrow window (1024 × 600) scrolls the columns sideways rather than losing
        // them; the filters above stay in place.
        egui::ScrollArea::horizontal()
            .id_salt("records_list_columns")
            .show(ui, |ui| {
                let summary_names: Vec<String> = t
                    .summary
                    .iter()
                    .map(|id| {
                        t.field(id)
                            .map(|f| f.label.clone())
                            .unwrap_or_else(|| id.clone())
                    })
                    .collect();
                let mut sort_click = None;
                let header = |ui: &mut Ui,
                              text: &str,
                              key: SortKey,
                              current: SortKey,
                              asc: bool,
                              click: &mut Option<SortKey>| {
                    let arrow = if key == current {
                        if asc { " ▲" } else { " ▼" }
                    } else {
                        ""
                    };
                    if ui
                        .add(
                            egui::Button::new(RichText::new(format!("{text}{arrow}")).strong())
                                .frame(false),
                        )
                        .clicked()
                    {
                        *click = Some(key);
                    }
                };
                let row_h = 26.0;
                let fixed = 70.0 + 120.0 + 110.0 + 190.0;
                let summary_w =
                    ((ui.available_width() - fixed) / summary_names.len().max(1) as f32 - 12.0)
                        .max(120.0);
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
                            h.col(|ui| {
                                header(ui, n, SortKey::Summary(i), sort, asc, &mut sort_click);
                            });
                        }
                        h.col(|ui| {
                            header(ui, "สถานะ", SortKey::Status, sort, asc, &mut sort_click);
                        });
                        h.col(|ui| {
                            header(ui, "แก้ไขล่าสุด", SortKey::Updated, sort, asc, &mut sort_click);
                        });
                    })
                    .body(|body| {
                        body.rows(row_h, self.visible.len(), |mut row| {
                            let Some(&id) = self.visible.get(row.index()) else {
                                return;
                            };
                            let Some(r) = self.row(store, id).cloned() else {
                                return;
                            };
                            row.set_selected(
                                self.selected == Some(r.id) || self.marked.contains(&r.id),
                            );
                            let grey = |s: String| {
                                if r.cancelled {
                                    RichText::new(s)
                                        .color(crate::ui::style::color::CANCELLED)
                                        .strikethrough()
                                } else {
                                    RichText::new(s)
                                }
                            };
                            let mut clicked = false;
                            let (_, resp) = row.col(|ui| {
                                ui.add(egui::Label::new(grey(digits(r.number))).selectable(false));
                            });
                            clicked |= resp.clicked();
                            let (_, resp) = row.col(|ui| {
                                let d = r
                                    .record_date
                                    .as_deref()
                                    .and_then(|s| {
                                        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
                                    })
                                    .map(date::format_short)
                                    .unwrap_or_default();
                                ui.add(egui::Label::new(grey(d)).selectable(false));
                            });
                            clicked |= resp.clicked();
                            for i in 0..summary_names.len() {
                                let (_, resp) = row.col(|ui| {
                                    ui.add(
                                        egui::Label::new(grey(
                                            r.summary.get(i).cloned().unwrap_or_default(),
                                        ))
                                        .truncate()
                                        .selectable(false),
                                    );
                                });
                                clicked |= resp.clicked();
                            }
                            let (_, resp) = row.col(|ui| {
                                let s = if r.cancelled {
                                    "ยกเลิกแล้ว"
                                } else {
                                    r.status.thai()
                                };
                                ui.add(egui::Label::new(grey(s.to_owned())).selectable(false));
                            });
                            clicked |= resp.clicked();
                            let (_, resp) = row.col(|ui| {
                                ui.add(
                                    egui::Label::new(grey(updated_text(&r.updated_at)))
                                        .selectable(false),
                                );
                            });
                            clicked |= resp.clicked();
                            let resp = row.response();
                            if clicked || resp.clicked() {
                                // Ctrl+click picks several records (to print them as one PDF).
                                if ui_command_held(&resp) {
                                    if let Some(prev) = self.selected
                                        && self.marked.is_empty()
                                    {
                                        self.marked.insert(prev);
                                    }
                                    if !self.marked.remove(&r.id) {
                                        self.marked.insert(r.id);
                                    }
                                } else {
                                    self.marked.clear();
                                }
                                self.selected = Some(r.id);
                            }
                            if resp.double_clicked() {
                                out.push(crate::ui::action::AppAction::OpenRecord(r.id));
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
            });
    }
}

/// "24 พ.ย. 2569 10:05" from a stored timestamp.
pub fn updated_text(at: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S") {
        Ok(t) => format!(
            "{} {}",
            date::format_short(t.date()),
            digits(t.format("%H:%M"))
        ),
        Err(_) => at.to_owned(),
    }
}

/// Whether Ctrl (⌘ on a Mac) was held for this click (the release event carries it).
fn ui_command_held(resp: &egui::Response) -> bool {
    resp.ctx.input(|i| {
        i.modifiers.command
            || i.events.iter().any(|e| {
                matches!(e, egui::Event::PointerButton { pressed: false, modifiers, .. } if modifiers.command)
            })
    })
}

impl RecordList {
    /// The records to print: the Ctrl+clicked ones in list order, else the selected one.
    pub fn to_print(&self) -> Vec<i64> {
        if self.marked.is_empty() {
            return self.selected.into_iter().collect();
        }
        self.visible
            .iter()
            .copied()
            .filter(|id| self.marked.contains(id))
            .collect()
    }
}
