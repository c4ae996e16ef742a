//! Cases (เรื่อง/งาน): a request or a project run through its process's flowchart, each step
//! with a due date counted in Thai working days. `model` says what a case is, `engine` how it
//! moves and when its steps are due, `forms` how records and cases fill each other; the store keeps them (`store::cases`).

pub mod engine;
pub mod forms;
pub mod memo;
pub mod model;
pub mod standing;

pub use engine::{Next, Plan};
pub use model::{
    Case, CaseNumbering, CaseRow, CaseStatus, Event, Outcome, Requester, Step, StepStatus,
    parse_stamp, stamp,
};
