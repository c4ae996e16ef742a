//! What time it is for the app: the system clock, or a fixed moment (tests set "today" past
//! a case's due date to see it late).

use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn now(self) -> NaiveDateTime {
        match self {
            Clock::System => chrono::Local::now().naive_local(),
            Clock::Fixed(t) => t,
        }
    }

    pub fn today(self) -> NaiveDate {
        self.now().date()
    }
}
