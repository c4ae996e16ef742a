//! The KPIs of the processes for a fiscal year: each process's KPI text with the result its
//! measure gives (computed from the records, or entered by the office with its evidence),
//! the target and whether it was met.

use super::bands::Bands;
use super::satisfaction::{Filter, Satisfaction};
use super::services::ServiceReport;
use crate::catalog::Process;
use crate::catalog::measure::{Measure, target_in_text};
use crate::store::reports::KpiEntry;
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub struct KpiResult {
    pub process_id: String,
    pub process: String,
    pub area: String,
    pub text: String,
    /// How the figure is computed (the formula), or why it is entered by hand.
    pub how: String,
    pub computed: bool,
    /// The result in percent.
    pub value: Option<f64>,
    /// (part, whole) behind a computed value.
    pub counts: Option<(u64, u64)>,
    pub target: Option<f64>,
    /// Where the target comes from.
    pub target_source: String,
    pub met: Option<bool>,
    /// The office's statement, for a KPI entered by hand.
    pub entry: Option<KpiEntry>,
}

impl KpiResult {
    /// "ร้อยละ 86.67 (52/60)", "ไม่มีข้อมูล", or the office's words.
    pub fn result_text(&self) -> String {
        match (&self.entry, self.value, self.counts) {
            (Some(e), _, _) => e.result.clone(),
            (None, Some(v), Some((a, b))) => format!("ร้อยละ {v:.2} ({a}/{b})"),
            (None, Some(v), None) => format!("ร้อยละ {v:.2}"),
            (None, None, _) if self.computed => "ไม่มีข้อมูล".into(),
            (None, None, _) => "รอสำนักงานบันทึกผล".into(),
        }
    }

    pub fn met_text(&self) -> &'static str {
        match self.met {
            Some(true) => "บรรลุ",
            Some(false) => "ไม่บรรลุ",
            None => "-",
        }
    }
}

/// (form, field, choices) → (records with one of the choices, records answering the field).
pub type ChoiceShare<'a> = dyn Fn(&str, &str, &[String]) -> (u64, u64) + 'a;

/// What the KPI computation needs of the year's data, gathered by the caller.
pub struct KpiInputs<'a> {
    pub fiscal_year: i32,
    pub bands: &'a Bands,
    /// Satisfaction reports of the year, one per form that has a rating grid.
    pub satisfaction: &'a [Satisfaction],
    pub services: &'a [ServiceReport],
    /// (form, field, choice) → (records with that choice, records answering the field).
    pub choice_share: &'a ChoiceShare<'a>,
    pub entries: &'a std::collections::HashMap<String, KpiEntry>,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// The KPI result of one process.
pub fn kpi_of(p: &Process, area: &str, inp: &KpiInputs<'_>) -> KpiResult {
    let id = p.id();
    let (target, target_source) = match (target_in_text(&p.kpi), &p.measure) {
        (Some(t), _) => (Some(t), "ตามตัวชี้วัดในคู่มือ".to_owned()),
        (None, Some(m)) if m.target().is_some() => (
            m.target(),
            "ค่าเป้าหมายตั้งต้นของสำนักงาน (คู่มือไม่ได้ระบุตัวเลข)".to_owned(),
        ),
        _ => (None, "ไม่ได้กำหนด".to_owned()),
    };
    let mut r = KpiResult {
        process_id: id.clone(),
        process: p.title(),
        area: area.to_owned(),
        text: p.kpi.clone(),
        how: String::new(),
        computed: true,
        value: None,
        counts: None,
        target,
        target_source,
        met: None,
        entry: None,
    };
    match &p.measure {
        Some(Measure::Satisfied { forms, .. }) => {
            let (mut part, mut whole) = (0, 0);
            let mut names = Vec::new();
            for f in forms {
                if let Some(s) = inp.satisfaction.iter().find(|s| &s.form_id == f) {
                    part += s.satisfied_now();
                    whole += s.rated;
                    names.push(s.title.clone());
                }
            }
            let floor = super::stats::two_decimals(inp.bands.set.satisfied_floor());
            r.how = format!(
                "ร้อยละของผู้ตอบ{} ที่ค่าเฉลี่ยของตนเองจากทุกข้อ ≥ {} (ระดับ{}ขึ้นไป) = ผู้ตอบที่ถึงเกณฑ์ × ๑๐๐ ÷ ผู้ตอบทั้งหมด",
                if names.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", names.join(", "))
                },
                crate::thai::to_thai_digits(&floor),
                inp.bands.labels[1]
            );
            r.value = share(part, whole);
            r.counts = (whole > 0).then_some((part, whole));
        }
        Some(Measure::WithinStandard { form, .. }) => {
            let s = inp.services.iter().find(|s| &s.form_id == form);
            let d = s.and_then(|s| s.duration.as_ref());
            r.how = format!(
                "ร้อยละของรายการ ({}) ที่ดำเนินการแล้วเสร็จภายในมาตรฐาน {} นับวันทำการตั้งแต่วันถัดจากวันรับเรื่องถึงวันแล้วเสร็จ",
                s.map_or(form.as_str(), |s| s.title.as_str()),
                d.map_or("", |d| d.standard_text.as_str())
            );
            if let Some(d) = d {
                r.value = share(d.within, d.n);
                r.counts = (d.n > 0).then_some((d.within, d.n));
            }
        }
        Some(Measure::ChoiceShare {
            form,
            field,
            choices,
            ..
        }) => {
            let (part, whole) = (inp.choice_share)(form, field, choices);
            r.how = format!(
                "ร้อยละของรายการในแบบ {form} ที่ช่อง “{field}” ตอบ {} = จำนวนที่ตอบ × ๑๐๐ ÷ จำนวนที่ตอบช่องนั้น",
                choices.join(", ")
            );
            r.value = share(part, whole);
            r.counts = (whole > 0).then_some((part, whole));
        }
        Some(Measure::Manual { .. }) | None => {
            r.computed = false;
            r.how = match &p.measure {
                Some(Measure::Manual { why, .. }) => why.clone(),
                _ => "ยังไม่ได้กำหนดวิธีวัด: สำนักงานบันทึกผลเอง".into(),
            };
            if let Some(e) = inp.entries.get(&id) {
                r.value = e.percent;
                r.met = Some(e.met);
                r.entry = Some(e.clone());
            }
            return r;
        }
    }
    r.met = match (r.value, r.target) {
        (Some(v), Some(t)) => Some(v + 1e-9 >= t),
        _ => None,
    };
    r
}

pub fn kpi_json(fiscal_year: i32, bands: &Bands, rows: &[KpiResult]) -> Value {
    json!({
        "fiscal_year": fiscal_year,
        "bands": bands.set.code(),
        "kpis": rows.iter().map(|k| json!({
            "process": k.process_id,
            "name": k.process,
            "kpi": k.text,
            "computed": k.computed,
            "how": k.how,
            "value_percent": k.value,
            "counts": k.counts.map(|(a, b)| json!({"part": a, "whole": b})),
            "target_percent": k.target,
            "target_source": k.target_source,
            "met": k.met,
            "result": k.result_text(),
            "evidence": k.entry.as_ref().map(|e| e.evidence.clone()),
            "note": k.entry.as_ref().map(|e| e.note.clone()),
        })).collect::<Vec<_>>(),
    })
}

/// A filter over a whole fiscal year.
pub fn year_filter(fiscal_year: i32) -> Result<Filter, String> {
    super::period::Period::fiscal_year(fiscal_year).map(Filter::period)
}
