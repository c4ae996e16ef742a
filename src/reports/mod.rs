//! Reports: what the office reports each fiscal year, computed from its own records and
//! cases. Statistics of the satisfaction grids (`stats`, `bands`, `satisfaction`), the
//! service registers and cases (`services`), the KPIs of the processes (`kpi`), and the
//! year's report gathered in one value (`annual`). No egui and no PDF here; the store reads
//! the data (`store::reports`), `pdf::report` prints it, `transfer::xlsx_report` exports it.

pub mod annual;
pub mod bands;
pub mod facts;
pub mod kpi;
pub mod period;
pub mod satisfaction;
pub mod services;
pub mod spec;
pub mod stats;

pub use bands::{BandSet, Bands};
pub use period::Period;
pub use satisfaction::{Filter, Satisfaction};
pub use spec::{FormSpec, ReportSpec};
