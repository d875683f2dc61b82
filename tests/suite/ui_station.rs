//! Two counters of one station on one database, each a window: what one issues shows in
//! the other's waybill list, and what one voids in the other's open waybill, within two
//! seconds without a manual refresh (issue 15).

use crate::kit::{PASSWORD, hire, log_in_as, nov, window};
use chrono::NaiveDateTime;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::domain::desk::waybill::WaybillStatus;
use kaidan::domain::desk::waybill::{ValidationContext, WaybillDraft};
use kaidan::storage::Db;
use kaidan::ui::{Command, DeskCommand, Page};
use std::time::{Duration, Instant};

fn fixed_now() -> NaiveDateTime {
    nov(23, 10, 0)
}

#[test]
fn a_waybill_issued_at_one_counter_shows_at_the_other_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let first = Db::open(&path).unwrap();
    hire(
        &first,
        &[("A01", "张丽", "开单员"), ("A02", "王强", "开单员")],
        fixed_now(),
    );
    let mut app = App::with_clock(Db::open(&path).unwrap(), fixed_now).unwrap();
    log_in_as(&mut app, "A02", PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    let ctx = h.ctx.clone();
    h.state_mut().start_watch(&ctx);
    h.state_mut().handle(Command::Navigate(Page::Waybills));
    h.run();
    assert!(h.state().list.results.is_empty());
    // The other counter issues a waybill.
    let draft = WaybillDraft {
        shipper_name: "宏达服装厂".into(),
        consignee_name: "李记批发部".into(),
        pieces: "3".into(),
        weight_kg: "60".into(),
        volume_m3: "0.3".into(),
        freight: "80".into(),
        ..WaybillDraft::sample()
    };
    let ctx_rules = ValidationContext::lenient();
    let waybill = draft.validate(&ctx_rules).unwrap();
    let mut other = first;
    let issued = other
        .issue_waybill(&waybill, "A01", "GZ", fixed_now())
        .unwrap();
    let start = Instant::now();
    while h.state().list.results.is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the other counter's waybill did not show within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.run();
    }
    assert!(h.query_by_label_contains(&issued.number).is_some());
    // Open beside the list, it follows the other counter's void.
    h.state_mut().handle(Command::Desk(DeskCommand::OpenWaybill(
        issued.number.clone(),
    )));
    h.run();
    other
        .void_waybill(&issued.number, "A01", "客户取消", fixed_now())
        .unwrap();
    let voided = |h: &Harness<'_, App>| {
        h.state()
            .list
            .open
            .as_ref()
            .is_some_and(|(w, _)| w.status == WaybillStatus::Void)
    };
    let start = Instant::now();
    while !voided(&h) {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the other counter's void did not show within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.run();
    }
}
