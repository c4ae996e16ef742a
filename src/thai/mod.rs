//! Thai text helpers shared by screen and paper: word-boundary line breaking and numerals.

pub mod linebreak;
pub mod numerals;

pub use linebreak::{break_opportunities, wrap_lines};
pub use numerals::{parse_thai_number, to_thai_digits};
