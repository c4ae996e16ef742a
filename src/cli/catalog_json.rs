//! The JSON shape of `dlict catalog --json`.

use crate::catalog::{Catalog, Duration, Numbered};
use crate::flow::NodeKind;
use serde::Serialize;

#[derive(Serialize)]
pub struct CatalogJson<'a>(Vec<ProcessJson<'a>>);

#[derive(Serialize)]
struct NumberedJson<'a> {
    number: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct ProcessJson<'a> {
    id: String,
    number: u32,
    area: &'a str,
    area_name: &'a str,
    name: &'a str,
    objectives: &'a [String],
    scope: &'a [String],
    definitions: Vec<DefinitionJson<'a>>,
    steps: Vec<NumberedJson<'a>>,
    forms: Vec<NumberedJson<'a>>,
    references: Vec<NumberedJson<'a>>,
    kpi: &'a str,
    standard: Vec<RowJson<'a>>,
    flows: Vec<FlowJson<'a>>,
}

#[derive(Serialize)]
struct DefinitionJson<'a> {
    term: &'a str,
    meaning: &'a str,
}

#[derive(Serialize)]
struct RowJson<'a> {
    flow: usize,
    order: &'a str,
    detail: &'a str,
    duration: &'a str,
    duration_parsed: Option<&'a Duration>,
    quality: &'a str,
    responsible: &'a str,
    nodes: &'a [String],
}

#[derive(Serialize)]
struct FlowJson<'a> {
    title: &'a str,
    mermaid: &'a [String],
    nodes: Vec<NodeJson<'a>>,
    edges: Vec<EdgeJson<'a>>,
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: &'a str,
    kind: NodeKind,
    label: &'a str,
}

#[derive(Serialize)]
struct EdgeJson<'a> {
    from: &'a str,
    to: &'a str,
    label: Option<&'a str>,
}

fn numbered(items: &[Numbered]) -> Vec<NumberedJson<'_>> {
    items
        .iter()
        .map(|n| NumberedJson {
            number: &n.number,
            text: &n.text,
        })
        .collect()
}

impl<'a> From<&'a Catalog> for CatalogJson<'a> {
    fn from(c: &'a Catalog) -> Self {
        CatalogJson(
            c.processes
                .iter()
                .map(|p| ProcessJson {
                    id: p.id(),
                    number: p.number,
                    area: &p.area,
                    area_name: c
                        .areas
                        .iter()
                        .find(|a| a.key == p.area)
                        .map_or("", |a| a.name.as_str()),
                    name: &p.name,
                    objectives: &p.objectives,
                    scope: &p.scope,
                    definitions: p
                        .definitions
                        .iter()
                        .map(|d| DefinitionJson {
                            term: &d.term,
                            meaning: &d.meaning,
                        })
                        .collect(),
                    steps: numbered(&p.steps),
                    forms: numbered(&p.forms),
                    references: numbered(&p.references),
                    kpi: &p.kpi,
                    standard: p
                        .flows
                        .iter()
                        .enumerate()
                        .flat_map(|(fi, f)| {
                            f.rows.iter().map(move |r| RowJson {
                                flow: fi,
                                order: &r.order,
                                detail: &r.detail,
                                duration: &r.duration,
                                duration_parsed: r.parsed_duration.as_ref(),
                                quality: &r.quality,
                                responsible: &r.responsible,
                                nodes: &r.nodes,
                            })
                        })
                        .collect(),
                    flows: p
                        .flows
                        .iter()
                        .map(|f| FlowJson {
                            title: &f.title,
                            mermaid: &f.pages,
                            nodes: f
                                .graph
                                .nodes
                                .iter()
                                .map(|n| NodeJson {
                                    id: &n.id,
                                    kind: n.kind,
                                    label: &n.label,
                                })
                                .collect(),
                            edges: f
                                .graph
                                .edges
                                .iter()
                                .map(|e| EdgeJson {
                                    from: &f.graph.nodes[e.from].id,
                                    to: &f.graph.nodes[e.to].id,
                                    label: e.label.as_deref(),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        )
    }
}
