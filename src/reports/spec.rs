//! `assets/reports/reports.toml`: what the reports read of each form beyond its template
//! (the unit and respondent-type fields the filters use) and how the service registers are
//! counted. Embedded at build time; `cargo test` checks every id against the templates.

use serde::Deserialize;
use std::collections::BTreeMap;

static SPEC_FILE: &str = include_str!("../../assets/reports/reports.toml");

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    /// A text field naming the school or unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// A single-choice field saying who answered.
    #[serde(default)]
    pub respondent: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationSpec {
    pub from: String,
    pub to: String,
    pub process: u32,
    /// The standards row ("๑๐") whose duration is the standard.
    pub row: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub field: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    pub form: String,
    pub process: u32,
    pub title: String,
    #[serde(default)]
    pub by: Vec<String>,
    #[serde(default)]
    pub duration: Option<DurationSpec>,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub stage_else: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    #[serde(default)]
    pub forms: BTreeMap<String, FormSpec>,
    #[serde(default)]
    pub services: Vec<ServiceSpec>,
}

impl ReportSpec {
    /// The embedded spec, parsed once; a broken file says where in Thai.
    pub fn load() -> Result<&'static ReportSpec, String> {
        static SPEC: std::sync::OnceLock<Result<ReportSpec, String>> = std::sync::OnceLock::new();
        SPEC.get_or_init(|| {
            toml::from_str(SPEC_FILE)
                .map_err(|e| format!("assets/reports/reports.toml เสียหาย: {}", e.message()))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    pub fn form(&self, id: &str) -> FormSpec {
        self.forms.get(id).cloned().unwrap_or_default()
    }
}
