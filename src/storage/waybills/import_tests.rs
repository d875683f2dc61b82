//! The waybill import: unknown clerks added, all or nothing.

use super::*;
use crate::domain::desk::waybill::{ValidationContext, WaybillDraft};
use crate::storage::staff::StaffMember;

fn imported(number: &str, clerk_id: &str) -> IssuedWaybill {
    let draft = WaybillDraft {
        shipper_name: "宏达服装厂".into(),
        consignee_name: "李记批发部".into(),
        pieces: "12".into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        freight: "255".into(),
        ..WaybillDraft::sample()
    };
    let ctx = ValidationContext::lenient();
    IssuedWaybill {
        number: number.into(),
        issued_at: NaiveDate::from_ymd_opt(2025, 3, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        clerk_id: clerk_id.into(),
        clerk_name: String::new(),
        status: WaybillStatus::Issued,
        alter_count: 0,
        waybill: draft.validate(&ctx).unwrap(),
    }
}

fn now() -> NaiveDateTime {
    crate::testing::time(2026, 11, 23, 10, 0)
}

#[test]
fn import_adds_unknown_clerks_and_keeps_history_sound() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_staff(&StaffMember {
        id: "A01".into(),
        name: "张三".into(),
        role: "开单员".into(),
    })
    .unwrap();
    let count = db
        .import_waybills(&[imported("OLD1", "A01"), imported("OLD2", "B07")], now())
        .unwrap();
    assert_eq!(count, 2);
    let labels: Vec<String> = db.staff().unwrap().iter().map(StaffMember::label).collect();
    assert_eq!(labels, ["A01 张三", "B07"]);
    assert_eq!(db.waybill("OLD1").unwrap().clerk_name, "张三");
    assert_eq!(db.waybill("OLD2").unwrap().clerk_name, "");
    assert_eq!(db.check_history().unwrap(), Vec::<String>::new());
}

#[test]
fn import_is_all_or_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    db.import_waybills(&[imported("OLD1", "A01")], now())
        .unwrap();
    let again = [imported("OLD2", "C03"), imported("OLD1", "A01")];
    assert!(db.import_waybills(&again, now()).is_err());
    assert_eq!(db.waybill_count().unwrap(), 1);
    assert!(!db.waybill_exists("OLD2").unwrap());
    assert_eq!(db.staff().unwrap().len(), 1, "C03 rolled back too");
}
