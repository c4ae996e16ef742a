//! The satisfaction (or opinion) report of a form with a rating grid: per item the count at
//! each level, mean, sample S.D. and level; per aspect (the grid's groups) and overall the
//! mean and S.D. of every answer in it; the share of respondents satisfied at "มาก" or
//! above (the default KPI measure); the respondents' profile from the choice questions, and
//! the open answers without personal data.
//!
//! Counting is one pass over the records' facts lines (see `facts`), accumulated here; the
//! band set only changes words, so the share satisfied is counted for both sets at once and
//! switching bands needs no second pass.

use super::bands::{BandSet, Bands};
use super::facts::entries;
use super::period::Period;
use super::stats::{Stat, rounded_hundredths};
use crate::forms::{FieldKind, Template};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Which records count: the period, and optionally a school/unit (text contained in the
/// form's unit field) and a respondent type (a choice of its respondent field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub period: Period,
    pub unit: Option<String>,
    pub respondent: Option<String>,
}

impl Filter {
    pub fn period(period: Period) -> Filter {
        Filter {
            period,
            unit: None,
            respondent: None,
        }
    }

    /// The filters besides the period, as printed under a report's title.
    pub fn lines(&self) -> Vec<String> {
        let mut v = Vec::new();
        if let Some(u) = self.unit.as_deref().filter(|u| !u.trim().is_empty()) {
            v.push(format!("โรงเรียน/หน่วยงาน: {u}"));
        }
        if let Some(r) = &self.respondent {
            v.push(format!("ประเภทผู้ตอบ: {r}"));
        }
        v
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: String,
    pub number: String,
    pub label: String,
    pub group: String,
    /// Level 5 first.
    pub counts: [u64; 5],
    pub stat: Stat,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub label: String,
    pub stat: Stat,
}

/// Counts of one choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceTable {
    pub label: String,
    pub multi: bool,
    /// Respondents who answered it.
    pub answered: u64,
    /// (choice label, count) in the template's order.
    pub rows: Vec<(String, u64)>,
    /// The texts written after "อื่น ๆ ระบุ", with how often each was written.
    pub others: Vec<(String, u64)>,
}

/// The answers to one open question, identical texts counted together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenList {
    pub label: String,
    pub answers: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Satisfaction {
    pub form_id: String,
    pub title: String,
    pub filter: Filter,
    pub bands: Bands,
    /// Records counted (complete, not cancelled, in the period and filters).
    pub n: u64,
    pub items: Vec<ItemRow>,
    pub groups: Vec<GroupRow>,
    pub overall: Stat,
    /// Respondents with at least one rating.
    pub rated: u64,
    /// Respondents whose own mean is at "มาก" or above, per band set (`BandSet::ALL` order).
    pub satisfied: [u64; 2],
    pub profile: Vec<ChoiceTable>,
    pub open: Vec<OpenList>,
}

/// Says how the aspect and overall figures are computed, printed with the tables.
pub const GROUP_DEFINITION: &str = "ค่าเฉลี่ยและส่วนเบี่ยงเบนมาตรฐานรายด้านและภาพรวม คำนวณจากคำตอบทุกข้อของผู้ตอบทุกคนในด้านนั้นรวมกัน (แต่ละคำตอบนับเป็นหนึ่งค่า) ส่วนเบี่ยงเบนมาตรฐานเป็นแบบตัวอย่าง (หารด้วย n − 1)";

impl Satisfaction {
    pub fn level(&self, s: &Stat) -> Option<&str> {
        s.hundredths().map(|h| self.bands.label(h))
    }

    pub fn satisfied_now(&self) -> u64 {
        let i = BandSet::ALL
            .iter()
            .position(|b| *b == self.bands.set)
            .unwrap_or(0);
        self.satisfied[i]
    }

    /// Share (0–1) of respondents satisfied at "มาก" or above with the current bands.
    pub fn kpi_share(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.satisfied_now() as f64 / self.rated as f64)
    }

    /// How the share is computed, printed with it.
    pub fn kpi_formula(&self) -> String {
        format!(
            "ร้อยละของผู้ตอบที่ค่าเฉลี่ยของตนเองจากทุกข้อในตารางระดับความพึงพอใจ (ปัดเป็นทศนิยมสองตำแหน่ง) ตั้งแต่ {} ขึ้นไป (ระดับ{}ขึ้นไป ตาม{}) = จำนวนผู้ตอบที่ถึงเกณฑ์ × ๑๐๐ ÷ จำนวนผู้ตอบที่ให้คะแนน",
            crate::thai::to_thai_digits(&super::stats::two_decimals(
                self.bands.set.satisfied_floor()
            )),
            self.bands.labels[1],
            self.bands.set.thai()
        )
    }

    /// The shape `dlict report satisfaction --json` prints: means and S.D. unrounded.
    pub fn to_json(&self) -> Value {
        let stat = |s: &Stat| {
            json!({
                "n": s.n,
                "mean": s.mean(),
                "sd": s.sd(),
                "level": self.level(s),
            })
        };
        json!({
            "form": self.form_id,
            "title": self.title,
            "from": self.filter.period.from.to_string(),
            "to": self.filter.period.to.to_string(),
            "fiscal_year": self.filter.period.fiscal_year,
            "n": self.n,
            "bands": self.bands.set.code(),
            "items": self.items.iter().map(|i| {
                let mut v = stat(&i.stat);
                v["id"] = json!(i.id);
                v["label"] = json!(i.label);
                v["group"] = json!(i.group);
                v["counts"] = json!(i.counts);
                v
            }).collect::<Vec<_>>(),
            "groups": self.groups.iter().map(|g| {
                let mut v = stat(&g.stat);
                v["label"] = json!(g.label);
                v
            }).collect::<Vec<_>>(),
            "overall": stat(&self.overall),
            "kpi_share_satisfied": self.kpi_share(),
            "kpi_satisfied": {"satisfied": self.satisfied_now(), "of": self.rated},
            "profile": self.profile.iter().map(|c| json!({
                "label": c.label,
                "answered": c.answered,
                "rows": c.rows.iter().map(|(l, n)| json!({"label": l, "count": n})).collect::<Vec<_>>(),
                "others": c.others.iter().map(|(l, n)| json!({"text": l, "count": n})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "open": self.open.iter().map(|o| json!({
                "label": o.label,
                "answers": o.answers.iter().map(|(l, n)| json!({"text": l, "count": n})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Whether a template has a rating grid (a satisfaction report can be made of it).
pub fn has_rating(t: &Template) -> bool {
    t.answer_fields().any(|f| f.kind == FieldKind::Rating)
}

/// A JSON string, borrowed from the input when it has no escapes.
struct Text<'a>(std::borrow::Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

struct ChoiceAcc {
    field: String,
    label: String,
    multi: bool,
    ids: Vec<String>,
    counts: Vec<u64>,
    answered: u64,
    others: HashMap<String, u64>,
}

struct OpenAcc {
    field: String,
    label: String,
    answers: HashMap<String, u64>,
}

/// Where a record's grid positions go, for one template version: per rating field of that
/// version, the current item slot of each of its items (`None`: an item the current
/// template no longer has).
struct VersionMap {
    version: u32,
    grids: Vec<(String, Vec<Option<usize>>)>,
}

/// Counts records one at a time (`add`), then gives the report (`finish`).
pub struct Accumulator {
    t: Template,
    filter: Filter,
    respondent_field: Option<String>,
    /// ("field", "item") of every current rating item, in order: the slots.
    slots: Vec<(String, String)>,
    counts: Vec<[u64; 5]>,
    versions: Vec<VersionMap>,
    choices: Vec<ChoiceAcc>,
    open: Vec<OpenAcc>,
    n: u64,
    rated: u64,
    satisfied: [u64; 2],
}

impl Accumulator {
    /// `respondent_field`: the single-choice field the respondent filter looks at.
    pub fn new(t: &Template, filter: Filter, respondent_field: Option<String>) -> Accumulator {
        let mut slots = Vec::new();
        let mut choices = Vec::new();
        let mut open = Vec::new();
        for s in &t.sections {
            for f in &s.fields {
                match f.kind {
                    FieldKind::Rating => {
                        for item in f.rating_items() {
                            slots.push((f.id.clone(), item.id.clone()));
                        }
                    }
                    FieldKind::Single | FieldKind::Multi if !s.office_use => {
                        choices.push(ChoiceAcc {
                            field: f.id.clone(),
                            label: f.display_name().to_owned(),
                            multi: f.kind == FieldKind::Multi,
                            ids: f.choices.iter().map(|c| c.id.clone()).collect(),
                            counts: vec![0; f.choices.len()],
                            answered: 0,
                            others: HashMap::new(),
                        });
                    }
                    FieldKind::LongText if !s.office_use => open.push(OpenAcc {
                        field: f.id.clone(),
                        label: f.display_name().to_owned(),
                        answers: HashMap::new(),
                    }),
                    _ => {}
                }
            }
        }
        let counts = vec![[0; 5]; slots.len()];
        let mut acc = Accumulator {
            t: t.clone(),
            filter,
            respondent_field,
            slots,
            counts,
            versions: Vec::new(),
            choices,
            open,
            n: 0,
            rated: 0,
            satisfied: [0; 2],
        };
        acc.learn_version(&t.clone());
        acc
    }

    /// Whether records of this template version can be read yet (`learn_version` first).
    pub fn knows_version(&self, version: u32) -> bool {
        self.versions.iter().any(|v| v.version == version)
    }

    /// Learns how a template version's grids map onto the current items.
    pub fn learn_version(&mut self, tv: &Template) {
        if self.knows_version(tv.version) {
            return;
        }
        let grids = tv
            .answer_fields()
            .filter(|f| f.kind == FieldKind::Rating)
            .map(|f| {
                let map = f
                    .rating_items()
                    .map(|item| {
                        self.slots
                            .iter()
                            .position(|(fid, iid)| *fid == f.id && *iid == item.id)
                    })
                    .collect();
                (f.id.clone(), map)
            })
            .collect();
        self.versions.push(VersionMap {
            version: tv.version,
            grids,
        });
    }

    /// Counts one record, filled with template `version`, from its facts line and open
    /// answers (JSON object). A version never learnt is read as the current one.
    pub fn add(&mut self, version: u32, line: &str, texts: Option<&str>) {
        if let (Some(want), Some(field)) = (&self.filter.respondent, &self.respondent_field)
            && !entries(line).any(|(k, v)| k == field && v == want)
        {
            return;
        }
        self.n += 1;
        let vi = self
            .versions
            .iter()
            .position(|v| v.version == version)
            .unwrap_or(0);
        let (mut sum, mut k) = (0u64, 0u64);
        for (key, value) in entries(line) {
            if let Some((_, map)) = self.versions[vi].grids.iter().find(|(f, _)| f == key) {
                for (pos, b) in value.bytes().enumerate() {
                    if let (b'1'..=b'5', Some(Some(slot))) = (b, map.get(pos)) {
                        let x = u64::from(b - b'0');
                        self.counts[*slot][5 - x as usize] += 1;
                        sum += x;
                        k += 1;
                    }
                }
            } else if let Some(c) = self.choices.iter_mut().find(|c| c.field == key) {
                c.answered += 1;
                for id in value.split('|') {
                    if let Some(j) = c.ids.iter().position(|x| x == id) {
                        c.counts[j] += 1;
                    }
                }
            }
        }
        if k > 0 {
            self.rated += 1;
            let h = rounded_hundredths(sum, k);
            for (i, set) in BandSet::ALL.iter().enumerate() {
                if h >= set.satisfied_floor() {
                    self.satisfied[i] += 1;
                }
            }
        }
        if let Some(texts) = texts {
            self.add_texts(texts);
        }
    }

    /// Counts the open answers of one record (a JSON object of strings), read straight from
    /// the text: no map is built per record.
    fn add_texts(&mut self, texts: &str) {
        struct Each<'a>(&'a mut Accumulator);
        impl<'de> serde::de::Visitor<'de> for Each<'_> {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<(), M::Error> {
                while let Some((k, v)) = m.next_entry::<Text<'de>, Text<'de>>()? {
                    self.0.add_text(&k.0, &v.0);
                }
                Ok(())
            }
        }
        let mut de = serde_json::Deserializer::from_str(texts);
        let _ = serde::Deserializer::deserialize_map(&mut de, Each(self));
    }

    fn add_text(&mut self, key: &str, text: &str) {
        let counter = if let Some((field, _choice)) = key.split_once('#') {
            match self.choices.iter_mut().find(|c| c.field == field) {
                Some(c) => &mut c.others,
                None => return,
            }
        } else {
            match self.open.iter_mut().find(|o| o.field == key) {
                Some(o) => &mut o.answers,
                None => return,
            }
        };
        match counter.get_mut(text) {
            Some(n) => *n += 1,
            None => {
                counter.insert(text.to_owned(), 1);
            }
        }
    }

    pub fn finish(self, bands: Bands) -> Satisfaction {
        let sorted = |m: HashMap<String, u64>| {
            let mut v: Vec<(String, u64)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let ratings: Vec<_> = self
            .t
            .answer_fields()
            .filter(|f| f.kind == FieldKind::Rating)
            .collect();
        let several = ratings.len() > 1;
        let mut items = Vec::new();
        let mut groups = Vec::new();
        let mut overall = Stat::default();
        for f in &ratings {
            for g in &f.groups {
                let mut gs = Stat::default();
                for (j, item) in g.items.iter().enumerate() {
                    let counts = self
                        .slots
                        .iter()
                        .position(|(fid, iid)| *fid == f.id && *iid == item.id)
                        .and_then(|i| self.counts.get(i))
                        .copied()
                        .unwrap_or_default();
                    let stat = Stat::from_counts(&counts);
                    gs.merge(&stat);
                    items.push(ItemRow {
                        id: item.id.clone(),
                        number: crate::thai::digits(j + 1),
                        label: item.label.clone(),
                        group: g.title.clone(),
                        counts,
                        stat,
                    });
                }
                overall.merge(&gs);
                let label = match (several, g.title.is_empty()) {
                    (true, false) => format!("{}: {}", f.display_name(), g.title),
                    (true | false, true) => f.display_name().to_owned(),
                    (false, false) => g.title.clone(),
                };
                groups.push(GroupRow { label, stat: gs });
            }
        }
        let profile = self
            .choices
            .into_iter()
            .map(|c| {
                let field = self.t.field(&c.field);
                ChoiceTable {
                    label: c.label,
                    multi: c.multi,
                    answered: c.answered,
                    rows: c
                        .ids
                        .iter()
                        .zip(&c.counts)
                        .map(|(id, n)| {
                            let label = field
                                .and_then(|f| f.choice(id))
                                .map(|ch| ch.label.clone())
                                .unwrap_or_else(|| id.clone());
                            (label, *n)
                        })
                        .collect(),
                    others: sorted(c.others),
                }
            })
            .collect();
        let open = self
            .open
            .into_iter()
            .map(|o| OpenList {
                label: o.label,
                answers: sorted(o.answers),
            })
            .collect();
        Satisfaction {
            form_id: self.t.id.clone(),
            title: self.t.title.clone(),
            filter: self.filter,
            bands,
            n: self.n,
            items,
            groups,
            overall,
            rated: self.rated,
            satisfied: self.satisfied,
            profile,
            open,
        }
    }
}
