//! Tests of `documents::desk::waybill_pdf`.

use super::values::is_internal_copy;
use super::*;

#[test]
fn copies_are_named_in_order() {
    assert_eq!(chinese_ordinal(1), "一");
    assert_eq!(chinese_ordinal(4), "四");
    assert_eq!(chinese_ordinal(12), "12");
    assert!(is_internal_copy("存根联"));
    assert!(is_internal_copy("财务联"));
    assert!(!is_internal_copy("收货人联"));
    assert!(!is_internal_copy("发货人联"));
}

#[test]
fn columns_split_by_weight() {
    let cols = columns(10.0, 100.0, &[1.0, 3.0]);
    assert_eq!(cols, vec![(10.0, 25.0), (35.0, 75.0)]);
}
