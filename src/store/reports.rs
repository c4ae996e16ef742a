//! What the reports read from the database: the facts of a form's counted records (complete,
//! not cancelled, dated in a period), their answers for the service registers, the cases and
//! steps of a period, and the KPI results the office enters by hand.

use super::query::{Failure, Lite, QueryError, Sql, vals};
use super::{Store, StoreError, now};
use crate::forms::{Answers, Template};
use crate::reports::period::Period;
use crate::reports::satisfaction::{Accumulator, Filter, Satisfaction};
use crate::reports::{Bands, FormSpec};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;

/// The counted records of a form in a period (the partial index `records_counted_by_day`).
const COUNTED: &str = "r.form_id = ?1 AND r.status = 'complete' AND r.cancelled_at IS NULL AND coalesce(r.record_date, substr(r.created_at, 1, 10)) BETWEEN ?2 AND ?3";

/// Migration 006: the facts of every record already there, from the template version it
/// was filled with (kept in `templates`; the built-in copy when it is not).
pub(crate) fn backfill_facts(tx: &Transaction<'_>) -> rusqlite_migration::HookResult {
    let builtin = crate::forms::builtin().unwrap_or_default();
    let mut templates: HashMap<(String, u32), Option<Template>> = HashMap::new();
    let mut read = tx.prepare("SELECT id, form_id, template_version, data FROM records")?;
    let mut write =
        tx.prepare("INSERT INTO record_facts (id, facts, texts) VALUES (?1, ?2, ?3)")?;
    let mut body = tx.prepare("SELECT body FROM templates WHERE form_id = ?1 AND version = ?2")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (id, form, version, data): (i64, String, u32, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let key = (form.clone(), version);
        if !templates.contains_key(&key) {
            let stored: Option<String> = body
                .query_row(params![form, version], |r| r.get(0))
                .optional()?;
            let t = stored
                .and_then(|b| Template::from_json(&form, &b).ok())
                .or_else(|| {
                    builtin
                        .iter()
                        .find(|t| t.id == form && t.version == version)
                        .cloned()
                });
            templates.insert(key.clone(), t);
        }
        let answers: Answers = serde_json::from_str(&data).unwrap_or_default();
        let (facts, texts) = match templates.get(&key).and_then(Option::as_ref) {
            Some(t) => crate::reports::facts::derive(t, &answers),
            None => (String::new(), None),
        };
        write.execute(params![id, facts, texts])?;
    }
    Ok(())
}

/// A case as the reports count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    pub process_id: String,
    pub received_at: String,
    pub status: String,
    pub changed_at: Option<String>,
    pub due_at: Option<String>,
}

/// A finished step with its due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFact {
    pub process_id: String,
    pub row_order: String,
    pub started_at: String,
    pub finished_at: String,
    pub due_at: Option<String>,
}

/// A KPI result the office states, with its evidence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KpiEntry {
    pub result: String,
    pub percent: Option<f64>,
    pub met: bool,
    pub note: String,
    pub evidence: String,
    pub updated_at: String,
}

fn day(p: NaiveDate) -> String {
    p.format("%Y-%m-%d").to_string()
}

impl Store {
    /// The satisfaction report of form `t` (its current template) over the records that
    /// `filter` selects.
    pub fn satisfaction(
        &self,
        t: &Template,
        filter: &Filter,
        spec: &FormSpec,
        bands: Bands,
    ) -> Result<Satisfaction, StoreError> {
        let mut acc = Accumulator::new(t, filter.clone(), spec.respondent.clone());
        let mut sql = format!(
            "SELECT r.template_version, f.facts, f.texts FROM records r JOIN record_facts f ON f.id = r.id WHERE {COUNTED}"
        );
        let unit = filter
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let mut args: Vec<String> =
            vec![t.id.clone(), day(filter.period.from), day(filter.period.to)];
        if let (Some(u), Some(field)) = (unit, &spec.unit) {
            sql.push_str(
                " AND instr(lower(coalesce(json_extract(r.data, ?4), '')), lower(?5)) > 0",
            );
            args.push(format!("$.{field}"));
            args.push(u.to_owned());
        }
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let version: u32 = r.get(0).map_err(|e| self.err(e))?;
            if !acc.knows_version(version) {
                // Every version a record was filled with is kept in `templates`.
                if let Ok(tv) = self.template(&[], &t.id, version) {
                    acc.learn_version(&tv);
                }
            }
            let facts = r.get_ref(1).map_err(|e| self.err(e))?;
            let texts = r.get_ref(2).map_err(|e| self.err(e))?;
            acc.add(
                version,
                facts.as_str().unwrap_or_default(),
                texts.as_str_or_null().ok().flatten(),
            );
        }
        Ok(acc.finish(bands))
    }

    /// Every counted record of a form in a period: its date and answers.
    pub fn counted_answers(
        &self,
        form_id: &str,
        period: &Period,
        mut f: impl FnMut(NaiveDate, Answers),
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT coalesce(r.record_date, substr(r.created_at, 1, 10)), r.data FROM records r WHERE {COUNTED}"
        );
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![form_id, day(period.from), day(period.to)])
            .map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let d: String = r.get(0).map_err(|e| self.err(e))?;
            let data = r.get_ref(1).map_err(|e| self.err(e))?;
            let Ok(d) = NaiveDate::parse_from_str(&d, "%Y-%m-%d") else {
                continue;
            };
            let answers: Answers =
                serde_json::from_str(data.as_str().unwrap_or("{}")).unwrap_or_default();
            f(d, answers);
        }
        Ok(())
    }

    /// Cases received in the period or still open during it (not cancelled ones), and the
    /// steps finished in it.
    pub fn case_facts(
        &self,
        period: &Period,
    ) -> Result<(Vec<CaseFact>, Vec<StepFact>), StoreError> {
        let (from, to) = (day(period.from), format!("{}T23:59:59", day(period.to)));
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT process_id, received_at, status, changed_at, due_at FROM cases
                 WHERE status != 'cancelled' AND received_at <= ?2
                   AND (received_at >= ?1 OR status IN ('open', 'paused') OR changed_at >= ?1)",
            )
            .map_err(|e| self.err(e))?;
        let cases = stmt
            .query_map(params![from, to], |r| {
                Ok(CaseFact {
                    process_id: r.get(0)?,
                    received_at: r.get(1)?,
                    status: r.get(2)?,
                    changed_at: r.get(3)?,
                    due_at: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT c.process_id, s.row_order, s.started_at, s.finished_at, s.due_at
                 FROM case_steps s JOIN cases c ON c.id = s.case_id
                 WHERE s.status = 'done' AND s.finished_at BETWEEN ?1 AND ?2 AND c.status != 'cancelled'",
            )
            .map_err(|e| self.err(e))?;
        let steps = stmt
            .query_map(params![from, to], |r| {
                Ok(StepFact {
                    process_id: r.get(0)?,
                    row_order: r.get(1)?,
                    started_at: r.get(2)?,
                    finished_at: r.get(3)?,
                    due_at: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok((cases, steps))
    }

    /// The KPI results entered for a fiscal year, by process id.
    pub fn kpi_entries(&self, fiscal_year: i32) -> Result<HashMap<String, KpiEntry>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT process_id, result, percent, met, note, evidence, updated_at FROM kpi_entries WHERE fiscal_year = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([fiscal_year], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    KpiEntry {
                        result: r.get(1)?,
                        percent: r.get(2)?,
                        met: r.get::<_, i64>(3)? != 0,
                        note: r.get(4)?,
                        evidence: r.get(5)?,
                        updated_at: r.get(6)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<HashMap<_, _>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Saves (or replaces) the office's KPI result of a process for a fiscal year, audited.
    pub fn save_kpi_entry(
        &mut self,
        fiscal_year: i32,
        process_id: &str,
        entry: &KpiEntry,
    ) -> Result<(), StoreError> {
        let who = self.who().clone();
        let path = self.path().to_path_buf();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        save_kpi_on(&mut Lite(&tx), &who, fiscal_year, process_id, entry)
            .map_err(|f| f.into_store(&path))?;
        tx.commit().map_err(e)
    }
}

/// `Store::save_kpi_entry` in the caller's transaction, on either backend.
pub(crate) fn save_kpi_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    fiscal_year: i32,
    process_id: &str,
    entry: &KpiEntry,
) -> Result<(), Failure> {
    if entry.result.trim().is_empty() {
        return Err(Failure::Store(StoreError::Invalid(
            "กรุณากรอกผลการดำเนินงานของตัวชี้วัด".into(),
        )));
    }
    let at = now();
    let before = tx
        .row(
            "SELECT result, percent, met, note, evidence FROM kpi_entries WHERE fiscal_year = ?1 AND process_id = ?2",
            vals![fiscal_year, process_id],
        )?
        .map(|r| {
            Ok::<_, QueryError>(
                serde_json::json!({
                    "result": r.text(0)?,
                    "percent": match r.0.get(1) {
                        Some(rusqlite::types::Value::Real(f)) => serde_json::json!(f),
                        _ => serde_json::Value::Null,
                    },
                    "met": r.int(2)?,
                    "note": r.text(3)?,
                    "evidence": r.text(4)?,
                })
                .to_string(),
            )
        })
        .transpose()?;
    tx.run(
        "INSERT INTO kpi_entries (fiscal_year, process_id, result, percent, met, note, evidence, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (fiscal_year, process_id) DO UPDATE SET result = excluded.result,
           percent = excluded.percent, met = excluded.met, note = excluded.note,
           evidence = excluded.evidence, updated_at = excluded.updated_at",
        vals![
            fiscal_year,
            process_id,
            entry.result.trim(),
            entry.percent,
            i64::from(entry.met),
            entry.note.trim(),
            entry.evidence.trim(),
            at
        ],
    )?;
    let after = serde_json::json!({
        "result": entry.result.trim(), "percent": entry.percent, "met": entry.met,
        "note": entry.note.trim(), "evidence": entry.evidence.trim(),
    })
    .to_string();
    super::audit::insert_any(
        tx,
        who,
        &at,
        "kpi",
        "kpi",
        &format!("{fiscal_year}/{process_id}"),
        None,
        before.as_deref(),
        Some(&after),
    )?;
    Ok(())
}

pub(crate) const BANDS_KEY: &str = "report_bands";

impl Store {
    /// The office's band set and level words for reports (0.50 bands by default).
    pub fn report_bands(&self) -> Result<Bands, StoreError> {
        self.setting(BANDS_KEY)
    }

    /// Saves the band set and words, audited; empty words are refused.
    pub fn save_report_bands(&mut self, b: &Bands) -> Result<(), StoreError> {
        if b.labels.iter().any(|l| l.trim().is_empty()) {
            return Err(StoreError::Invalid(
                "กรุณากรอกคำแปลความหมายให้ครบทั้งห้าระดับ".into(),
            ));
        }
        let actor = self.actor().to_owned();
        self.save_setting(BANDS_KEY, b, &actor)
    }
}
