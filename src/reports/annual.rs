//! Everything a year's report holds, gathered from the store once: the satisfaction report
//! of every form with a rating grid that has responses, the service registers, the cases of
//! every process and the KPI of every process. The PDF, the XLSX and the window all draw
//! from this one value, so they show the same numbers.

use super::bands::Bands;
use super::kpi::{KpiInputs, KpiResult, kpi_of};
use super::period::Period;
use super::satisfaction::{Filter, Satisfaction, has_rating};
use super::services::{CaseRow, ServiceReport, case_rows, service_report};
use super::spec::ReportSpec;
use crate::calendar::WorkCalendar;
use crate::catalog::Catalog;
use crate::forms::{Answers, Template};
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use serde_json::Value;

pub struct Annual {
    pub period: Period,
    pub bands: Bands,
    pub satisfaction: Vec<Satisfaction>,
    pub services: Vec<ServiceReport>,
    pub cases: Vec<CaseRow>,
    pub kpis: Vec<KpiResult>,
}

/// The service registers of a period.
pub fn services(
    store: &Store,
    catalog: &Catalog,
    templates: &[Template],
    spec: &ReportSpec,
    cal: &WorkCalendar,
    period: &Period,
) -> Result<Vec<ServiceReport>, StoreError> {
    let mut out = Vec::new();
    for s in &spec.services {
        let Some(t) = templates.iter().find(|t| t.id == s.form) else {
            continue;
        };
        let mut records: Vec<(chrono::NaiveDate, Answers)> = Vec::new();
        store.counted_answers(&s.form, period, |d, a| records.push((d, a)))?;
        out.push(service_report(s, t, catalog, cal, period, &records));
    }
    Ok(out)
}

/// The cases of every process in a period; overdue judged at `now` or the period's end.
pub fn cases(
    store: &Store,
    catalog: &Catalog,
    cal: &WorkCalendar,
    period: &Period,
    now: NaiveDateTime,
) -> Result<Vec<CaseRow>, StoreError> {
    let (cases, steps) = store.case_facts(period)?;
    let end = period.to.and_hms_opt(23, 59, 59).unwrap_or(now);
    Ok(case_rows(
        catalog,
        cal,
        period,
        now.min(end),
        &cases,
        &steps,
    ))
}

/// (records whose `field` answer is one of `choices`, records answering `field`).
fn choice_share(
    store: &Store,
    period: &Period,
    form: &str,
    field: &str,
    choices: &[String],
) -> (u64, u64) {
    let (mut part, mut whole) = (0, 0);
    let _ = store.counted_answers(form, period, |_, a| {
        let picked: Vec<&str> = match a.get(field) {
            Some(Value::Object(o)) => match (o.get("choice"), o.get("choices")) {
                (Some(Value::String(c)), _) => vec![c.as_str()],
                (_, Some(Value::Array(cs))) => cs.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        if !picked.is_empty() {
            whole += 1;
            if picked.iter().any(|p| choices.iter().any(|c| c == p)) {
                part += 1;
            }
        }
    });
    (part, whole)
}

/// The KPIs of every process for a fiscal year.
pub fn kpis(
    store: &Store,
    catalog: &Catalog,
    fiscal_year: i32,
    bands: &Bands,
    satisfaction: &[Satisfaction],
    services: &[ServiceReport],
) -> Result<Vec<KpiResult>, StoreError> {
    let period = Period::fiscal_year(fiscal_year).map_err(StoreError::Invalid)?;
    let entries = store.kpi_entries(fiscal_year)?;
    let share = |form: &str, field: &str, choices: &[String]| {
        choice_share(store, &period, form, field, choices)
    };
    let inputs = KpiInputs {
        fiscal_year,
        bands,
        satisfaction,
        services,
        choice_share: &share,
        entries: &entries,
    };
    Ok(catalog
        .processes
        .iter()
        .map(|p| {
            let area = catalog
                .areas
                .iter()
                .find(|a| a.key == p.area)
                .map_or_else(String::new, |a| a.name.clone());
            kpi_of(p, &area, &inputs)
        })
        .collect())
}

impl Annual {
    /// Gathers a fiscal year's report.
    pub fn gather(
        store: &Store,
        catalog: &Catalog,
        templates: &[Template],
        cal: &WorkCalendar,
        fiscal_year: i32,
        bands: Bands,
        now: NaiveDateTime,
    ) -> Result<Annual, StoreError> {
        let spec = ReportSpec::load().map_err(StoreError::Invalid)?;
        let period = Period::fiscal_year(fiscal_year).map_err(StoreError::Invalid)?;
        let mut satisfaction = Vec::new();
        for t in templates.iter().filter(|t| has_rating(t)) {
            let s =
                store.satisfaction(t, &Filter::period(period), &spec.form(&t.id), bands.clone())?;
            satisfaction.push(s);
        }
        let services = services(store, catalog, templates, spec, cal, &period)?;
        let cases = cases(store, catalog, cal, &period, now)?;
        let kpis = kpis(
            store,
            catalog,
            fiscal_year,
            &bands,
            &satisfaction,
            &services,
        )?;
        Ok(Annual {
            period,
            bands,
            satisfaction,
            services,
            cases,
            kpis,
        })
    }
}
