//! Demo data: a rate table, staff, customers and a week of waybills, so that a new user
//! sees a living desk at once.
