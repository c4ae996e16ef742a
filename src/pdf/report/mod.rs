//! Reports on paper: the satisfaction report of a form, the year's report, and the vector
//! charts both draw.

pub mod annual;
pub mod charts;
pub mod satisfaction;
