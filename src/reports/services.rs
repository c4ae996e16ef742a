//! Service statistics: the registers the group keeps (IT service requests, consultations,
//! access requests) counted per month of the period and per category, unit and result, the
//! working days from received to done against the process's standard; and the cases of
//! every process: opened, closed, overdue, steps finished within their due date.

use super::period::{Period, month_label};
use super::spec::ServiceSpec;
use crate::calendar::WorkCalendar;
use crate::catalog::Catalog;
use crate::forms::{Answers, FieldKind, Template, display_value};
use crate::store::reports::{CaseFact, StepFact};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Text values beyond this many rows are summed into one "อื่น ๆ" row.
const TEXT_ROWS: usize = 15;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub label: String,
    pub rows: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DurationStats {
    /// "๗ - ๑๐ วันทำการ (ขั้นที่ ๑๐ ของกระบวนงานที่ ๑๑)".
    pub standard_text: String,
    /// The standard's upper bound in working days.
    pub standard: Option<u32>,
    /// Records with both dates.
    pub n: u64,
    pub median: Option<f64>,
    pub mean: Option<f64>,
    pub within: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceReport {
    pub form_id: String,
    pub process: u32,
    pub title: String,
    pub n: u64,
    /// One row per month of the period.
    pub monthly: Vec<(String, u64)>,
    pub tables: Vec<CountTable>,
    pub stages: Option<CountTable>,
    pub duration: Option<DurationStats>,
}

/// Working days after `from` up to and including `to` (the day received is not counted,
/// as a due date does not count it).
pub fn working_days(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> u32 {
    match (from.succ_opt(), to.succ_opt()) {
        (Some(a), Some(b)) if to > from => cal.working_days_between(a, b),
        _ => 0,
    }
}

fn median(v: &mut [u32]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        f64::from(v[m])
    } else {
        f64::from(v[m - 1] + v[m]) / 2.0
    })
}

/// Counts one register over its records (date, answers) in `period`.
pub fn service_report(
    spec: &ServiceSpec,
    t: &Template,
    catalog: &Catalog,
    cal: &WorkCalendar,
    period: &Period,
    records: &[(NaiveDate, Answers)],
) -> ServiceReport {
    let months = period.months();
    let mut monthly = vec![0u64; months.len()];
    let mut tables: Vec<(String, BTreeMap<String, u64>, Vec<String>)> = spec
        .by
        .iter()
        .filter_map(|id| t.field(id))
        .map(|f| {
            let order = f.choices.iter().map(|c| c.label.clone()).collect();
            (f.id.clone(), BTreeMap::new(), order)
        })
        .collect();
    let mut stages: BTreeMap<String, u64> = BTreeMap::new();
    let mut days = Vec::new();
    for (d, a) in records {
        use chrono::Datelike;
        if let Some(i) = months.iter().position(|m| *m == (d.year(), d.month())) {
            monthly[i] += 1;
        }
        for (id, counts, _) in &mut tables {
            let Some(f) = t.field(id) else { continue };
            match (f.kind.clone(), a.get(id.as_str())) {
                (FieldKind::Multi, Some(v)) => {
                    for c in v
                        .get("choices")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        let label = c
                            .as_str()
                            .and_then(|c| f.choice(c))
                            .map_or_else(|| "ไม่ระบุ".to_owned(), |c| c.label.clone());
                        *counts.entry(label).or_default() += 1;
                    }
                }
                (FieldKind::Single, Some(v)) => {
                    let label = v
                        .get("choice")
                        .and_then(Value::as_str)
                        .and_then(|c| f.choice(c))
                        .map_or_else(|| "ไม่ระบุ".to_owned(), |c| c.label.clone());
                    *counts.entry(label).or_default() += 1;
                }
                (_, Some(v)) => {
                    let text = display_value(f, v, false).trim().to_owned();
                    let text = if text.is_empty() {
                        "ไม่ระบุ".into()
                    } else {
                        text
                    };
                    *counts.entry(text).or_default() += 1;
                }
                (_, None) => *counts.entry("ไม่ระบุ".into()).or_default() += 1,
            }
        }
        if !spec.stages.is_empty() {
            let filled = |id: &str| {
                a.get(id)
                    .is_some_and(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()))
            };
            let label = spec
                .stages
                .iter()
                .find(|s| filled(&s.field))
                .map_or_else(|| spec.stage_else.clone(), |s| s.label.clone());
            *stages.entry(label).or_default() += 1;
        }
        if let Some(du) = &spec.duration {
            let date = |id: &str| {
                a.get(id)
                    .and_then(Value::as_str)
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            };
            if let (Some(from), Some(to)) = (date(&du.from), date(&du.to))
                && to >= from
            {
                days.push(working_days(cal, from, to));
            }
        }
    }
    let tables = tables
        .into_iter()
        .filter_map(|(id, counts, order)| {
            let f = t.field(&id)?;
            let mut rows: Vec<(String, u64)> = if order.is_empty() {
                let mut v: Vec<_> = counts.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                if v.len() > TEXT_ROWS {
                    let rest: u64 = v[TEXT_ROWS..].iter().map(|r| r.1).sum();
                    let others = v.len() - TEXT_ROWS;
                    v.truncate(TEXT_ROWS);
                    v.push((
                        format!("อื่น ๆ ({} รายการ)", crate::thai::digits(others)),
                        rest,
                    ));
                }
                v
            } else {
                let mut v: Vec<(String, u64)> = order
                    .iter()
                    .map(|l| (l.clone(), counts.get(l).copied().unwrap_or(0)))
                    .collect();
                if let Some(n) = counts.get("ไม่ระบุ") {
                    v.push(("ไม่ระบุ".into(), *n));
                }
                v
            };
            rows.retain(|r| r.1 > 0 || !f.choices.is_empty());
            Some(CountTable {
                label: f.display_name().to_owned(),
                rows,
            })
        })
        .collect();
    let stages = (!spec.stages.is_empty()).then(|| {
        let mut order: Vec<String> = spec.stages.iter().map(|s| s.label.clone()).collect();
        order.push(spec.stage_else.clone());
        CountTable {
            label: "สถานะ".into(),
            rows: order
                .into_iter()
                .map(|l| {
                    let n = stages.get(&l).copied().unwrap_or(0);
                    (l, n)
                })
                .collect(),
        }
    });
    let duration = spec.duration.as_ref().map(|du| {
        let row = catalog
            .processes
            .iter()
            .find(|p| p.number == du.process)
            .and_then(|p| {
                p.flows
                    .iter()
                    .flat_map(|f| &f.rows)
                    .find(|r| r.order == du.row)
            });
        let standard = row
            .and_then(|r| r.parsed_duration.as_ref())
            .and_then(|d| d.max.or(d.min));
        let standard_text = row.map_or_else(String::new, |r| {
            format!(
                "{} (ขั้นที่ {} ของกระบวนงานที่ {})",
                r.duration,
                r.order,
                crate::thai::digits(du.process)
            )
        });
        let within = standard.map_or(0, |s| days.iter().filter(|d| **d <= s).count() as u64);
        let n = days.len() as u64;
        let mean = (n > 0).then(|| days.iter().map(|d| f64::from(*d)).sum::<f64>() / n as f64);
        DurationStats {
            standard_text,
            standard,
            n,
            median: median(&mut days),
            mean,
            within,
        }
    });
    ServiceReport {
        form_id: t.id.clone(),
        process: spec.process,
        title: spec.title.clone(),
        n: records.len() as u64,
        monthly: months
            .iter()
            .zip(monthly)
            .map(|((y, m), n)| (month_label(*y, *m), n))
            .collect(),
        tables,
        stages,
        duration,
    }
}

/// The cases of one process in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub process_id: String,
    pub process: String,
    pub opened: u64,
    pub closed: u64,
    pub overdue: u64,
    pub steps: u64,
    pub steps_within: u64,
    /// Mean working days a finished step took, and the mean its due date allowed.
    pub avg_days: Option<f64>,
    pub avg_standard: Option<f64>,
}

fn moment(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// Per process (in catalog order, only those with cases): cases and steps of the period.
/// `as_of`: the day overdue is judged on (the period's end, or today if earlier).
pub fn case_rows(
    catalog: &Catalog,
    cal: &WorkCalendar,
    period: &Period,
    as_of: NaiveDateTime,
    cases: &[CaseFact],
    steps: &[StepFact],
) -> Vec<CaseRow> {
    let in_period = |s: &str| moment(s).is_some_and(|m| period.contains(m.date()));
    catalog
        .processes
        .iter()
        .filter_map(|p| {
            let id = p.id();
            let mine: Vec<&CaseFact> = cases.iter().filter(|c| c.process_id == id).collect();
            let my_steps: Vec<&StepFact> = steps.iter().filter(|s| s.process_id == id).collect();
            if mine.is_empty() && my_steps.is_empty() {
                return None;
            }
            let opened = mine.iter().filter(|c| in_period(&c.received_at)).count() as u64;
            let closed = mine
                .iter()
                .filter(|c| c.status == "closed" && c.changed_at.as_deref().is_some_and(in_period))
                .count() as u64;
            let overdue = mine
                .iter()
                .filter(|c| {
                    (c.status == "open" || c.status == "paused")
                        && c.due_at
                            .as_deref()
                            .and_then(moment)
                            .is_some_and(|d| d < as_of)
                })
                .count() as u64;
            let (mut took, mut allowed, mut with_due, mut within) = (0u64, 0u64, 0u64, 0u64);
            for s in &my_steps {
                let (Some(start), Some(end)) = (moment(&s.started_at), moment(&s.finished_at))
                else {
                    continue;
                };
                if let Some(due) = s.due_at.as_deref().and_then(moment) {
                    with_due += 1;
                    if end <= due {
                        within += 1;
                    }
                    took += u64::from(working_days(cal, start.date(), end.date()));
                    allowed += u64::from(working_days(cal, start.date(), due.date()));
                }
            }
            Some(CaseRow {
                process_id: id,
                process: p.title(),
                opened,
                closed,
                overdue,
                steps: with_due,
                steps_within: within,
                avg_days: (with_due > 0).then(|| took as f64 / with_due as f64),
                avg_standard: (with_due > 0).then(|| allowed as f64 / with_due as f64),
            })
        })
        .collect()
}

pub fn services_json(services: &[ServiceReport], cases: &[CaseRow]) -> Value {
    json!({
        "services": services.iter().map(|s| json!({
            "form": s.form_id,
            "process": s.process,
            "title": s.title,
            "n": s.n,
            "monthly": s.monthly.iter().map(|(m, n)| json!({"month": m, "count": n})).collect::<Vec<_>>(),
            "tables": s.tables.iter().chain(s.stages.iter()).map(|t| json!({
                "label": t.label,
                "rows": t.rows.iter().map(|(l, n)| json!({"label": l, "count": n})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "duration": s.duration.as_ref().map(|d| json!({
                "standard": d.standard_text,
                "standard_days": d.standard,
                "n": d.n,
                "median_days": d.median,
                "mean_days": d.mean,
                "within_standard": d.within,
                "share_within_standard": (d.n > 0).then(|| d.within as f64 / d.n as f64),
            })),
        })).collect::<Vec<_>>(),
        "cases": cases.iter().map(|c| json!({
            "process": c.process_id,
            "opened": c.opened,
            "closed": c.closed,
            "overdue": c.overdue,
            "steps_finished": c.steps,
            "steps_within_standard": c.steps_within,
            "share_steps_within_standard": (c.steps > 0).then(|| c.steps_within as f64 / c.steps as f64),
            "avg_working_days": c.avg_days,
            "avg_standard_days": c.avg_standard,
        })).collect::<Vec<_>>(),
    })
}
