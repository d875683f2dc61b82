//! **The desk area**: the counter's own business: the waybill and its validation, fees from
//! the rate table, goods screening, destinations and their pinyin, customers, ID cards,
//! phones, limits, the record of alterations and re-weighs (复秤).

pub mod alteration;
pub mod customers;
pub mod destinations;
pub mod idcard;
pub mod inspection;
pub mod limits;
pub mod phone;
pub mod rates;
pub mod reweigh;
pub mod screening;
pub mod waybill;
