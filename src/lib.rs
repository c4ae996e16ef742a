//! dlict — the operations manual of the DLICT group as a desktop app.
//!
//! The core (`catalog`, `flow`, `forms`, `store`, `pdf`, `transfer`, `thai`) has no egui dependency so that the CLI,
//! the benchmarks and the tests run headless; `ui` only draws and dispatches.

pub mod atomic_file;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod cli;
pub mod flow;
pub mod forms;
pub mod pdf;
pub mod private_fs;
pub mod reports;
pub mod store;
pub mod text_file;
pub mod thai;
pub mod transfer;
pub mod ui;
