//! **The people area**: the pages of staff: logging in, shifts and handovers, and the
//! monthly review.

pub mod login;
pub mod review;
pub mod review_state;
pub mod review_tools;
pub mod shift;
