//! รายงาน: pick a report (a form's satisfaction, the service statistics, the KPIs, the year's
//! report), the fiscal year or a date range and the filters; see its tables and charts, the
//! same numbers as the PDF; print preview and XLSX export. The numbers are computed when
//! something that changes them changes, never per frame.

mod charts;
mod views;

use crate::pdf::FontSet;
use crate::reports::annual::{self, Annual};
use crate::reports::satisfaction::has_rating;
use crate::reports::services::{CaseRow, ServiceReport};
use crate::reports::{BandSet, Bands, Filter, Period, ReportSpec, Satisfaction};
use crate::store::reports::KpiEntry;
use crate::ui::action::{Actions, AppAction};
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::{self, Notice};
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Satisfaction,
    Services,
    Kpi,
    Annual,
}

impl ReportKind {
    const ALL: [ReportKind; 4] = [
        ReportKind::Satisfaction,
        ReportKind::Services,
        ReportKind::Kpi,
        ReportKind::Annual,
    ];

    fn thai(self) -> &'static str {
        match self {
            ReportKind::Satisfaction => "ความพึงพอใจ/ความคิดเห็น",
            ReportKind::Services => "สถิติการให้บริการและเรื่อง",
            ReportKind::Kpi => "ผลตามตัวชี้วัด",
            ReportKind::Annual => "รายงานประจำปีงบประมาณ",
        }
    }
}

/// What was computed, for the parameters it was computed with.
pub enum Computed {
    Satisfaction(Box<Satisfaction>),
    Services(Vec<ServiceReport>, Vec<CaseRow>, Period),
    Year(Box<Annual>),
}

/// The hand entry of one KPI being typed.
#[derive(Debug, Clone, Default)]
pub struct KpiEdit {
    pub process_id: String,
    pub result: String,
    pub percent: String,
    pub met: bool,
    pub evidence: String,
    pub note: String,
    pub message: Option<Notice>,
}

pub struct ReportsArea {
    pub kind: ReportKind,
    pub form: String,
    /// true: a fiscal year; false: a date range.
    pub by_year: bool,
    pub year: i32,
    pub from_text: String,
    pub to_text: String,
    pub range_error: Option<String>,
    pub unit: String,
    pub respondent: Option<String>,
    pub bands: Option<Bands>,
    pub computed: Option<Computed>,
    /// Something the numbers depend on changed: compute again before drawing.
    pub stale: bool,
    pub message: Option<Notice>,
    pub kpi_edit: Option<KpiEdit>,
    /// "ดูตัวอย่างก่อนพิมพ์" was pressed this frame.
    want_preview: bool,
}

impl Default for ReportsArea {
    fn default() -> Self {
        let today = chrono::Local::now().date_naive();
        ReportsArea {
            kind: ReportKind::Satisfaction,
            form: String::new(),
            by_year: true,
            year: crate::thai::date::fiscal_year_be(today),
            from_text: String::new(),
            to_text: String::new(),
            range_error: None,
            unit: String::new(),
            respondent: None,
            bands: None,
            computed: None,
            stale: true,
            message: None,
            kpi_edit: None,
            want_preview: false,
        }
    }
}

/// The tag of a KPI result sent to the shared server's line.
pub const REPORT_KPI: &str = "report-kpi";
/// The tag of the report bands saved as the server's default.
pub const REPORT_BANDS: &str = "report-bands";

impl ReportsArea {
    /// Opens the satisfaction report of a form (from its records list).
    pub fn open_form(&mut self, form: &str) {
        self.kind = ReportKind::Satisfaction;
        if self.form != form {
            self.unit.clear();
            self.respondent = None;
        }
        self.form = form.to_owned();
        self.stale = true;
    }

    fn bands(&mut self, ws: &Workspace) -> Bands {
        self.bands
            .get_or_insert_with(|| {
                ws.store
                    .as_ref()
                    .and_then(|s| s.report_bands().ok())
                    .unwrap_or_default()
            })
            .clone()
    }

    fn period(&mut self) -> Option<Period> {
        self.range_error = None;
        if self.by_year {
            return match Period::fiscal_year(self.year) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.range_error = Some(e);
                    None
                }
            };
        }
        let parse = |s: &str, what: &str| {
            crate::thai::date::parse(s).map_err(|e| format!("{what}: {}", e.0))
        };
        let r = parse(&self.from_text, "วันเริ่ม")
            .and_then(|f| parse(&self.to_text, "วันสิ้นสุด").map(|t| (f, t)))
            .and_then(|(f, t)| Period::range(f, t));
        match r {
            Ok(p) => Some(p),
            Err(e) => {
                self.range_error = Some(e);
                None
            }
        }
    }

    fn compute(&mut self, ws: &Workspace, catalog: &crate::catalog::Catalog) {
        self.stale = false;
        self.computed = None;
        let Some(period) = self.period() else {
            return;
        };
        let Some(store) = ws.store.as_ref() else {
            self.message = Some(Notice::error("ยังไม่มีฐานข้อมูล จึงทำรายงานไม่ได้"));
            return;
        };
        let bands = self.bands(ws);
        let spec = match ReportSpec::load() {
            Ok(s) => s,
            Err(e) => {
                self.message = Some(Notice::error(e));
                return;
            }
        };
        let now = ws.clock.now();
        let result = match self.kind {
            ReportKind::Satisfaction => {
                let Some(t) = ws.templates.iter().find(|t| t.id == self.form) else {
                    return;
                };
                let filter = Filter {
                    period,
                    unit: Some(self.unit.clone()).filter(|u| !u.trim().is_empty()),
                    respondent: self.respondent.clone(),
                };
                store
                    .satisfaction(t, &filter, &spec.form(&t.id), bands)
                    .map(|s| Computed::Satisfaction(Box::new(s)))
            }
            ReportKind::Services => {
                annual::services(store, catalog, &ws.templates, spec, &ws.calendar, &period)
                    .and_then(|s| {
                        annual::cases(store, catalog, &ws.calendar, &period, now)
                            .map(|c| Computed::Services(s, c, period))
                    })
            }
            ReportKind::Kpi | ReportKind::Annual => {
                let year = period
                    .fiscal_year
                    .unwrap_or_else(|| crate::thai::date::fiscal_year_be(period.to));
                Annual::gather(
                    store,
                    catalog,
                    &ws.templates,
                    &ws.calendar,
                    year,
                    bands,
                    now,
                )
                .map(|a| Computed::Year(Box::new(a)))
            }
        };
        match result {
            Ok(c) => self.computed = Some(c),
            Err(e) => self.message = Some(Notice::error(format!("ทำรายงานไม่ได้: {e}"))),
        }
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        catalog: &crate::catalog::Catalog,
        ws: &mut Workspace,
        dialogs: &mut Dialogs,
        out: &mut Actions,
    ) {
        let rating_forms: Vec<(String, String)> = ws
            .templates
            .iter()
            .filter(|t| has_rating(t))
            .map(|t| (t.id.clone(), t.title.clone()))
            .collect();
        if self.form.is_empty() {
            // The first form that has records, else the first one.
            let with_records = rating_forms
                .iter()
                .find(|(id, _)| ws.counts.get(id).is_some_and(|n| *n > 0));
            if let Some((id, _)) = with_records.or_else(|| rating_forms.first()) {
                self.form = id.clone();
            }
        }
        egui::Panel::top("report_controls").show(ui, |ui| {
            self.controls(ui, ws, &rating_forms, dialogs);
        });
        if self.stale {
            self.compute(ws, catalog);
        }
        if std::mem::take(&mut self.want_preview) {
            self.preview(ws, catalog, out);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            style::notice(ui, &self.message);
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .id_salt("report_body")
                .show(ui, |ui| {
                    let digits = ws.print_settings.digits();
                    match &self.computed {
                        Some(Computed::Satisfaction(s)) => views::satisfaction(ui, s, digits),
                        Some(Computed::Services(s, c, p)) => views::services(ui, s, c, p, digits),
                        Some(Computed::Year(a)) => {
                            let saved = views::year(ui, a, self.kind, &mut self.kpi_edit, digits);
                            if let Some(edit) = saved {
                                self.save_kpi(ws, edit);
                            }
                        }
                        None => {
                            if self.range_error.is_none() {
                                crate::ui::thai_text::label_weak(ui, "ไม่มีข้อมูล");
                            }
                        }
                    }
                });
        });
    }

    fn save_kpi(&mut self, ws: &mut Workspace, edit: KpiEdit) {
        let year = self.year;
        let percent = if edit.percent.trim().is_empty() {
            Ok(None)
        } else {
            crate::thai::numerals::to_arabic_digits(edit.percent.trim())
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..=100.0).contains(v))
                .map(Some)
                .ok_or("ร้อยละต้องเป็นตัวเลข ๐–๑๐๐")
        };
        if let (Ok(percent), Some(link)) = (&percent, &ws.server) {
            // On the shared server: saved there; the answer comes as `REPORT_KPI`.
            let entry = KpiEntry {
                result: edit.result.clone(),
                percent: *percent,
                met: edit.met,
                note: edit.note.clone(),
                evidence: edit.evidence.clone(),
                updated_at: String::new(),
            };
            let process = edit.process_id.clone();
            link.job(REPORT_KPI, move |s| s.save_kpi(year, &process, &entry));
            return;
        }
        let res = match percent {
            Ok(percent) => ws.store_mut().and_then(|s| {
                s.save_kpi_entry(
                    year,
                    &edit.process_id,
                    &KpiEntry {
                        result: edit.result.clone(),
                        percent,
                        met: edit.met,
                        note: edit.note.clone(),
                        evidence: edit.evidence.clone(),
                        updated_at: String::new(),
                    },
                )
                .map_err(|e| e.to_string())
            }),
            Err(e) => Err(e.to_owned()),
        };
        match res {
            Ok(()) => {
                self.kpi_edit = None;
                self.message = Some(Notice::ok("บันทึกผลตัวชี้วัดแล้ว"));
                self.stale = true;
            }
            Err(e) => {
                let mut edit = edit;
                edit.message = Some(Notice::error(e));
                self.kpi_edit = Some(edit);
            }
        }
    }

    /// What the numbers depend on in the controls: a change means computing again.
    fn params(&self) -> (ReportKind, String, bool, i32, String, Option<String>) {
        (
            self.kind,
            self.form.clone(),
            self.by_year,
            self.year,
            self.unit.clone(),
            self.respondent.clone(),
        )
    }

    fn controls(
        &mut self,
        ui: &mut Ui,
        ws: &mut Workspace,
        rating_forms: &[(String, String)],
        dialogs: &mut Dialogs,
    ) {
        let before = self.params();
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("รายงาน").size(style::size::TITLE).strong());
            for k in ReportKind::ALL {
                if ui
                    .selectable_label(
                        self.kind == k,
                        RichText::new(k.thai()).size(style::size::NAV),
                    )
                    .clicked()
                {
                    self.kind = k;
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            if self.kind == ReportKind::Satisfaction {
                let l = ui.label("แบบฟอร์ม");
                let current = rating_forms
                    .iter()
                    .find(|(id, _)| *id == self.form)
                    .map_or_else(String::new, |(_, t)| crate::ui::thai_text::shorten(t, 60));
                egui::ComboBox::from_id_salt("report_form")
                    .selected_text(current)
                    .width(420.0)
                    .show_ui(ui, |ui| {
                        for (id, title) in rating_forms {
                            if ui
                                .selectable_label(
                                    self.form == *id,
                                    crate::ui::thai_text::shorten(title, 80),
                                )
                                .clicked()
                            {
                                self.form = id.clone();
                                self.unit.clear();
                                self.respondent = None;
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
            }
            let year_only = matches!(self.kind, ReportKind::Kpi | ReportKind::Annual);
            if year_only {
                self.by_year = true;
            }
            ui.radio_value(&mut self.by_year, true, "ปีงบประมาณ");
            if self.by_year {
                let mut y = self.year;
                ui.add(
                    egui::DragValue::new(&mut y)
                        .range(2500..=2700)
                        .custom_formatter(|v, _| crate::thai::digits(v as i64)),
                )
                .on_hover_text("๑ ต.ค. – ๓๐ ก.ย. ตั้งชื่อตามปี พ.ศ. ที่สิ้นสุด");
                self.year = y;
            }
            if !year_only {
                let r = ui.radio_value(&mut self.by_year, false, "ช่วงวันที่");
                if r.clicked() {
                    self.stale = true;
                }
                if !self.by_year {
                    let a = ui.add(
                        egui::TextEdit::singleline(&mut self.from_text)
                            .hint_text("วว/ดด/ปปปป")
                            .desired_width(100.0),
                    );
                    ui.label("ถึง");
                    let b = ui.add(
                        egui::TextEdit::singleline(&mut self.to_text)
                            .hint_text("วว/ดด/ปปปป")
                            .desired_width(100.0),
                    );
                    if a.lost_focus() || b.lost_focus() {
                        self.stale = true;
                    }
                }
            }
        });
        if let Some(e) = &self.range_error {
            ui.colored_label(style::color::ERROR, e);
        }
        if self.kind == ReportKind::Satisfaction {
            self.filters(ui, ws);
        }
        if matches!(
            self.kind,
            ReportKind::Satisfaction | ReportKind::Kpi | ReportKind::Annual
        ) {
            self.band_controls(ui, ws);
        }
        ui.horizontal(|ui| {
            if ui.button("ดูตัวอย่างก่อนพิมพ์ / บันทึกเป็น PDF").clicked()
            {
                self.want_preview = true;
            }
            if ui.button("ส่งออก XLSX…").clicked() {
                self.export_xlsx(dialogs);
            }
            if ui
                .button("คำนวณใหม่")
                .on_hover_text("อ่านข้อมูลล่าสุดจากฐานข้อมูล")
                .clicked()
            {
                self.stale = true;
            }
        });
        ui.add_space(4.0);
        let after = self.params();
        if before != after {
            self.stale = true;
            self.message = None;
        }
    }

    fn filters(&mut self, ui: &mut Ui, ws: &Workspace) {
        let Ok(spec) = ReportSpec::load() else { return };
        let fs = spec.form(&self.form);
        let t = ws.templates.iter().find(|t| t.id == self.form);
        ui.horizontal_wrapped(|ui| {
            if let Some(field) = fs.unit.as_deref().and_then(|f| t.and_then(|t| t.field(f))) {
                let l = ui.label(field.display_name());
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.unit)
                            .hint_text("ทั้งหมด")
                            .desired_width(200.0),
                    )
                    .labelled_by(l.id);
                if r.lost_focus() {
                    self.stale = true;
                }
            }
            if let Some(field) = fs
                .respondent
                .as_deref()
                .and_then(|f| t.and_then(|t| t.field(f)))
            {
                let l = ui.label(field.display_name());
                let shown = self
                    .respondent
                    .as_deref()
                    .and_then(|c| field.choice(c))
                    .map_or("ทั้งหมด", |c| c.label.as_str())
                    .to_owned();
                egui::ComboBox::from_id_salt("report_respondent")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.respondent, None, "ทั้งหมด");
                        for c in &field.choices {
                            ui.selectable_value(&mut self.respondent, Some(c.id.clone()), &c.label);
                        }
                    })
                    .response
                    .labelled_by(l.id);
            }
        });
    }

    fn band_controls(&mut self, ui: &mut Ui, ws: &mut Workspace) {
        let mut bands = self.bands(ws);
        let before = bands.clone();
        ui.horizontal_wrapped(|ui| {
            ui.label("เกณฑ์แปลความหมาย");
            for set in BandSet::ALL {
                ui.radio_value(&mut bands.set, set, set.thai());
            }
            ui.menu_button("แก้คำแปลความหมาย…", |ui| {
                for (i, l) in bands.labels.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        ui.label(crate::thai::digits(5 - i));
                        ui.text_edit_singleline(l);
                    });
                }
            });
            if ui
                .button("ใช้เป็นค่าเริ่มต้น")
                .on_hover_text("บันทึกเกณฑ์และคำแปลความหมายนี้สำหรับรายงานครั้งต่อไป")
                .clicked()
            {
                if let Some(link) = &ws.server {
                    // On the shared server: the office's default there (the answer comes
                    // as `REPORT_BANDS`).
                    let shared = bands.clone();
                    link.job(REPORT_BANDS, move |s| s.save_bands(&shared));
                    self.message = Some(Notice::ok("กำลังบันทึกที่ฐานข้อมูลกลาง…"));
                } else {
                    let r = ws
                        .store_mut()
                        .and_then(|s| s.save_report_bands(&bands).map_err(|e| e.to_string()));
                    self.message = Some(match r {
                        Ok(()) => Notice::ok("บันทึกเกณฑ์แปลความหมายแล้ว"),
                        Err(e) => Notice::error(e),
                    });
                }
            }
        });
        if bands != before {
            // Only words change: the satisfied counts were taken for both sets at once.
            match &mut self.computed {
                Some(Computed::Satisfaction(s)) => s.bands = bands.clone(),
                _ => self.stale = true,
            }
            self.bands = Some(bands);
        }
    }

    /// The document of what is on screen.
    fn document(
        &self,
        ws: &Workspace,
        catalog: &crate::catalog::Catalog,
    ) -> Option<(crate::pdf::Document, String)> {
        let settings = &ws.print_settings;
        let (fonts, _) = FontSet::with_custom(settings.font());
        match &self.computed {
            Some(Computed::Satisfaction(s)) => Some((
                crate::pdf::report::satisfaction::satisfaction_report(
                    s,
                    &ws.profile,
                    &s.filter.lines(),
                    settings.digits(),
                    fonts,
                ),
                format!("รายงานความพึงพอใจ-{}", s.form_id),
            )),
            Some(Computed::Year(a)) => Some((
                crate::pdf::report::annual::annual_report(
                    a,
                    catalog,
                    &ws.profile,
                    settings.digits(),
                    fonts,
                ),
                format!(
                    "รายงานประจำปีงบประมาณ-{}",
                    a.period.fiscal_year.unwrap_or_default()
                ),
            )),
            Some(Computed::Services(s, cases, p)) => Some((
                crate::pdf::report::annual::services_report(
                    s,
                    cases,
                    p,
                    &ws.profile,
                    settings.digits(),
                    fonts,
                ),
                "สถิติการให้บริการ".to_owned(),
            )),
            None => None,
        }
    }

    fn preview(&mut self, ws: &Workspace, catalog: &crate::catalog::Catalog, out: &mut Actions) {
        match self.document(ws, catalog) {
            Some((doc, name)) => out.push(AppAction::ShowPreview {
                doc: Box::new(doc),
                name,
            }),
            None => {
                self.message = Some(Notice::error("ยังไม่มีรายงานให้พิมพ์: เลือกรายงานและช่วงเวลาก่อน"));
            }
        }
    }

    fn export_xlsx(&mut self, dialogs: &mut Dialogs) {
        use crate::transfer::xlsx_report as x;
        let (tables, name) = match &self.computed {
            Some(Computed::Satisfaction(s)) => (
                x::satisfaction_tables(s),
                format!("รายงานความพึงพอใจ-{}.xlsx", s.form_id),
            ),
            Some(Computed::Services(s, c, _)) => {
                (x::service_tables(s, c), "สถิติการให้บริการ.xlsx".to_owned())
            }
            Some(Computed::Year(a)) if self.kind == ReportKind::Kpi => {
                (vec![x::kpi_table(&a.kpis)], "ผลตามตัวชี้วัด.xlsx".to_owned())
            }
            Some(Computed::Year(a)) => (x::annual_tables(a), "รายงานประจำปี.xlsx".to_owned()),
            None => {
                self.message = Some(Notice::error("ยังไม่มีรายงานให้ส่งออก: เลือกรายงานและช่วงเวลาก่อน"));
                return;
            }
        };
        let Some(path) = dialogs.choose(Dialog::SaveFile("xlsx"), &name) else {
            return;
        };
        self.message = Some(match x::write(&tables, &path) {
            Ok(p) => Notice::ok(format!("ส่งออกแล้ว: {}", p.display())),
            Err(e) => Notice::error(e.to_string()),
        });
    }
}
