//! **The desk area**: the counter's pages: the waybill form, the waybill list and its
//! detail, quotes, the rate table, the customers, and refusals with box inspections.

pub mod customers;
pub mod fee_card;
pub mod form_state;
pub mod quote;
pub mod rates;
pub mod refusals;
pub mod waybill_form;
pub mod waybill_list;
