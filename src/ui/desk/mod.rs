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

use crate::storage::staff::StaffMember;

/// How the clerk `id` is shown among `staff` (`A01 张丽`); `none` when no one is chosen
/// or the 工号 is not on the list.
fn clerk_label(staff: &[StaffMember], id: &str, none: &str) -> String {
    staff
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| none.to_owned(), StaffMember::label)
}
