//! Thai text helpers shared by screen and paper: word-boundary line breaking, numerals,
//! Buddhist-era dates, citizen ids and the order of vowel and tone marks.

pub mod citizen_id;
pub mod date;
pub mod linebreak;
pub mod marks;
pub mod numerals;

pub use linebreak::{break_opportunities, wrap_lines};
pub use numerals::{parse_thai_number, to_thai_digits};
