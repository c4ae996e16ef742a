//! Flowcharts: the manual's Mermaid subset, joined page continuations, validation and the
//! layered top-down layout shared by the screen (and later the PDF).

pub mod geometry;
pub mod graph;
pub mod layout;
pub mod mermaid;

pub use graph::{Edge, FlowGraph, Node, NodeKind};
pub use layout::{EdgePath, FlowLayout, NodeBox, TextMeasure, layout};
