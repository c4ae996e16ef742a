//! The operations manual as data: the 21 processes, their work areas, steps, standards tables
//! and flows, parsed from the TOML files embedded from `assets/processes/`.

pub mod duration;
pub mod measure;
pub mod search;

use crate::flow::FlowGraph;
use serde::Deserialize;
use std::fmt;

pub use duration::{Duration, DurationUnit};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/process_files.rs"));
}

static AREAS_FILE: &str = include_str!("../../assets/processes/areas.toml");

/// A work area (งาน) of the group.
#[derive(Debug, Clone, Deserialize)]
pub struct Area {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Definition {
    pub term: String,
    pub meaning: String,
}

/// A numbered line of a section ("๕.๕.๑ …", "๗.๑ …", "๘.๒ …").
#[derive(Debug, Clone, Deserialize)]
pub struct Numbered {
    pub number: String,
    #[serde(alias = "title")]
    pub text: String,
}

impl Numbered {
    /// Nesting depth from the numbering: "๕.๑" → 0, "๕.๕.๑" → 1; a bare "๑." under a heading → 1.
    pub fn depth(&self) -> usize {
        let n = self.number.trim_end_matches('.');
        if n.is_empty() {
            return 0;
        }
        let dots = n.matches('.').count();
        if dots == 0 { 1 } else { dots - 1 }
    }
}

/// One row of the standards table (๙. รายละเอียด โครงสร้างส่วนประกอบมาตรฐานงาน).
#[derive(Debug, Clone, Deserialize)]
pub struct StandardRow {
    pub order: String,
    pub detail: String,
    /// As written in the manual.
    pub duration: String,
    pub quality: String,
    pub responsible: String,
    /// Ids of the flowchart nodes this row describes.
    #[serde(default)]
    pub nodes: Vec<String>,
    #[serde(skip)]
    pub parsed_duration: Option<Duration>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Flow {
    pub title: String,
    /// The manual's Mermaid, one string per page: the source of truth for the chart.
    pub pages: Vec<String>,
    pub rows: Vec<StandardRow>,
    /// Steps where the group proposes something to the director in writing (เสนอ ผอ.สพท.):
    /// a case at one of them offers a บันทึกข้อความ to print.
    #[serde(default)]
    pub memo_nodes: Vec<String>,
    #[serde(skip)]
    pub graph: FlowGraph,
}

impl Flow {
    /// Index of the standards row that describes a node.
    pub fn row_of_node(&self, node_id: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.nodes.iter().any(|n| n == node_id))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Process {
    pub number: u32,
    pub area: String,
    pub name: String,
    pub objectives: Vec<String>,
    pub scope: Vec<String>,
    pub kpi: String,
    #[serde(default)]
    pub document_code: String,
    #[serde(default)]
    pub definitions: Vec<Definition>,
    pub steps: Vec<Numbered>,
    pub forms: Vec<Numbered>,
    pub references: Vec<Numbered>,
    pub flows: Vec<Flow>,
    /// How the KPI is measured (ours, not the manual's: see `measure`).
    #[serde(default)]
    pub measure: Option<measure::Measure>,
    /// Lower-cased text of every field, for search.
    #[serde(skip)]
    pub search_text: String,
}

impl Process {
    /// Stable id used by the CLI and later by forms and runs: "p01" … "p21".
    pub fn id(&self) -> String {
        format!("p{:02}", self.number)
    }

    /// "๑. ชื่องาน" style heading with Thai digits.
    pub fn title(&self) -> String {
        format!("{}. {}", crate::thai::digits(self.number), self.name)
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub areas: Vec<Area>,
    pub processes: Vec<Process>,
}

/// Why the embedded catalog could not be loaded (a data file is wrong).
#[derive(Debug, Clone)]
pub struct CatalogError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CatalogError {}

#[derive(Deserialize)]
struct AreasFile {
    areas: Vec<Area>,
}

impl Catalog {
    /// Parses the catalog embedded in the binary.
    pub fn load() -> Result<Catalog, CatalogError> {
        Catalog::from_sources(AREAS_FILE, embedded::PROCESS_FILES)
    }

    /// Parses a catalog from (file name, TOML text) pairs.
    pub fn from_sources(areas: &str, files: &[(&str, &str)]) -> Result<Catalog, CatalogError> {
        let areas: AreasFile = toml::from_str(areas).map_err(|e| CatalogError {
            file: "areas.toml".into(),
            message: e.to_string(),
        })?;
        let mut processes = Vec::with_capacity(files.len());
        for (name, text) in files {
            let err = |message: String| CatalogError {
                file: (*name).to_owned(),
                message,
            };
            let mut p: Process = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            if !areas.areas.iter().any(|a| a.key == p.area) {
                return Err(err(format!("ไม่รู้จักกลุ่มงาน \"{}\"", p.area)));
            }
            for flow in &mut p.flows {
                flow.graph = FlowGraph::from_pages(&flow.pages).map_err(|e| err(e.to_string()))?;
                for row in &mut flow.rows {
                    row.parsed_duration = Duration::parse(&row.duration);
                }
            }
            p.search_text = search::index_text(&p);
            processes.push(p);
        }
        processes.sort_by_key(|p| p.number);
        Ok(Catalog {
            areas: areas.areas,
            processes,
        })
    }

    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id() == id)
    }
}
