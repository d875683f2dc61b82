//! Claims (理赔) on the 中转/回单/异常 tab, driven headless through `egui_kittest`: the
//! supervisor registers a loss claim on an insured waybill and sees it paid up to the
//! declared value, then a damage claim on the same waybill falls to the freight-multiple
//! terms (保丢不保损); a clerk's decision is refused.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "a test fails loudly at the first surprise, and a flow reads best whole"
)]

use crate::kit::{click, hire, log_in_as, nov, type_into, window};
use chrono::NaiveDateTime;
use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::cue::Silent;
use kaidan::domain::desk::waybill::{
    IssuedWaybill, PaymentMethod, ValidationContext, WaybillDraft,
};
use kaidan::domain::dispatch::pickup::PayChannel;
use kaidan::domain::service::claims::{ClaimKind, ClaimOutcome};
use kaidan::storage::Db;
use kaidan::ui::dispatch::DispatchTab;
use rust_decimal::Decimal;

const XIANGTAN: &str = "430321";

fn fixed_now() -> NaiveDateTime {
    nov(24, 9, 0)
}

fn station() -> Db {
    let db = Db::open_in_memory().unwrap();
    hire(
        &db,
        &[("S01", "王主管", "主管"), ("A01", "张丽", "开单员")],
        fixed_now(),
    );
    db
}

fn issue_insured(db: &mut Db) -> IssuedWaybill {
    let waybill = WaybillDraft {
        dest_code: XIANGTAN.into(),
        pieces: "2".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        declared_value: "5000".into(),
        freight: "120".into(),
        payment: PaymentMethod::PayNow,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    db.issue_waybill(
        &waybill,
        "A01",
        "GZ",
        fixed_now() - chrono::Duration::hours(6),
    )
    .unwrap()
}

fn harness(db: Db, staff: &str) -> Harness<'static, App> {
    let mut app = App::with_clock(db, fixed_now)
        .unwrap()
        .with_cue(Box::new(Silent));
    log_in_as(&mut app, staff, "1234");
    window(app, 1500.0, 1000.0)
}

fn open_registers(h: &mut Harness<'_, App>, number: &str) {
    h.run();
    h.key_press(Key::F5);
    h.run();
    h.get_by_label(DispatchTab::Registers.label()).click();
    h.run();
    type_into(h, "运单号", number);
    h.key_press(Key::Enter);
    h.run();
    h.run();
    assert!(h.state().dispatch.register.is_some());
}

#[test]
fn insured_loss_is_paid_up_to_the_declared_value_and_damage_by_the_freight_terms() {
    let mut db = station();
    let w = issue_insured(&mut db);
    let mut h = harness(db, "S01");
    open_registers(&mut h, &w.number);
    assert!(h.query_by_label("该运单没有理赔").is_some());

    // Loss, asking more than the declared value: the preview says what the rules pay.
    type_into(&mut h, "索赔金额 *", "8000");
    assert!(
        h.query_by_label_contains("按规定可赔 ¥5000.00：保价货物丢失")
            .is_some()
    );
    click(&mut h, "登记理赔");
    let claims = h.state().dispatch.claims.clone();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].kind, ClaimKind::Loss);
    assert_eq!(claims[0].asked_yuan, Decimal::from(8000));
    assert!(claims[0].decision.is_none());

    click(&mut h, "决定赔付（主管）");
    let decision = h.state().dispatch.claims[0].decision.clone().unwrap();
    assert_eq!(decision.amount_yuan, Decimal::from(5000));
    assert!(decision.rule.contains("保价金额"), "{}", decision.rule);
    assert_eq!(decision.decided_by, "S01");
    assert_eq!(decision.decided_at, fixed_now());

    click(&mut h, "已赔付");
    assert!(matches!(
        h.state().dispatch.claims[0].outcome,
        Some(ClaimOutcome::Paid {
            channel: PayChannel::Cash,
            ..
        })
    ));

    // Damage of the same insured goods: 保丢不保损, so 3 × 120 freight = 360.
    h.get_by_role_and_label(Role::ComboBox, "理赔类型 *")
        .focus();
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().dispatch.claim.kind, ClaimKind::Damage);
    type_into(&mut h, "索赔金额 *", "2000");
    assert!(h.query_by_label_contains("按规定可赔 ¥360.00").is_some());
    click(&mut h, "登记理赔");
    click(&mut h, "决定赔付（主管）");
    let damage = h.state().dispatch.claims[1].clone();
    assert_eq!(damage.kind, ClaimKind::Damage);
    let decision = damage.decision.unwrap();
    assert_eq!(decision.amount_yuan, Decimal::from(360));
    assert!(decision.rule.contains("保丢不保损"), "{}", decision.rule);

    // Rejected needs a reason; with one it is closed.
    type_into(&mut h, "拒赔原因", "包装不当");
    click(&mut h, "拒赔（主管）");
    assert!(matches!(
        h.state().dispatch.claims[1].outcome,
        Some(ClaimOutcome::Rejected { ref reason, .. }) if reason == "包装不当"
    ));
}

#[test]
fn a_clerk_registers_a_claim_but_cannot_decide_it() {
    let mut db = station();
    let w = issue_insured(&mut db);
    let mut h = harness(db, "A01");
    open_registers(&mut h, &w.number);
    type_into(&mut h, "索赔金额 *", "300");
    click(&mut h, "登记理赔");
    assert_eq!(h.state().dispatch.claims.len(), 1);
    click(&mut h, "决定赔付（主管）");
    assert!(h.state().dispatch.claims[0].decision.is_none());
    let status = format!("{:?}", h.state().status);
    assert!(status.contains("主管"), "{status}");
}

/// M1: on a waybill marked 货损由发货方自负 the claim form says so before anything is
/// typed; a damage claim previews and is decided at ¥0 with the reason; a loss claim on
/// the same waybill is judged by the terms as on any other.
#[test]
fn damage_at_the_shippers_risk_is_not_paid_and_loss_still_is() {
    let mut db = station();
    let waybill = WaybillDraft {
        dest_code: XIANGTAN.into(),
        pieces: "1".into(),
        weight_kg: "80".into(),
        volume_m3: "0.4".into(),
        freight: "120".into(),
        shipper_bears_damage: true,
        payment: PaymentMethod::PayNow,
        ..WaybillDraft::sample()
    }
    .validate(&ValidationContext::lenient())
    .unwrap();
    let w = db
        .issue_waybill(
            &waybill,
            "A01",
            "GZ",
            fixed_now() - chrono::Duration::hours(6),
        )
        .unwrap();
    let mut h = harness(db, "S01");
    open_registers(&mut h, &w.number);
    assert!(
        h.query_by_label_contains("本单注明「货损由发货方自负」")
            .is_some()
    );

    claim_2000(
        &mut h,
        Key::ArrowRight,
        ClaimKind::Damage,
        "按规定可赔 ¥0.00：运单注明「货损由发货方自负」",
    );
    click(&mut h, "登记理赔");
    click(&mut h, "决定赔付（主管）");
    let decision = h.state().dispatch.claims[0].decision.clone().unwrap();
    assert_eq!(decision.amount_yuan, Decimal::ZERO);
    assert!(decision.rule.contains("不予赔付"), "{}", decision.rule);

    // A loss on the same waybill: three times the 120 freight.
    h.get_by_role_and_label(Role::ComboBox, "理赔类型 *")
        .scroll_to_me();
    h.run();
    claim_2000(
        &mut h,
        Key::Num1,
        ClaimKind::Loss,
        "按规定可赔 ¥360.00：未保价",
    );
}

/// Picks the claim's kind by keyboard (`key` on the focused 理赔类型), asks ¥2,000 and
/// checks the rule's answer the form shows.
fn claim_2000(h: &mut Harness<'static, App>, key: Key, kind: ClaimKind, allowed: &str) {
    h.get_by_role_and_label(Role::ComboBox, "理赔类型 *")
        .focus();
    h.run();
    h.key_press(key);
    h.run();
    assert_eq!(h.state().dispatch.claim.kind, kind);
    type_into(h, "索赔金额 *", "2000");
    assert!(h.query_by_label_contains(allowed).is_some(), "{allowed}");
}

/// 复秤 (issue 16 rule 9) on the same tab: a bad weight is refused on the page, a good
/// one recorded and, more than 10% off the waybill's, shown in red.
#[test]
fn a_re_weigh_is_recorded_and_a_big_difference_marked() {
    let mut db = station();
    let w = issue_insured(&mut db);
    let mut h = harness(db, "A01");
    open_registers(&mut h, &w.number);
    type_into(&mut h, "实测重量(kg)", "-3");
    type_into(&mut h, "实测体积(m³)", "0.5");
    click(&mut h, "登记复秤");
    assert!(
        h.state()
            .dispatch
            .register_error
            .as_deref()
            .is_some_and(|e| e.contains("实测重量不能为负数")),
        "{:?}",
        h.state().dispatch.register_error
    );
    h.state_mut().dispatch.reweigh.weight = "130".into();
    h.run();
    click(&mut h, "登记复秤");
    let reweighs = h.state().db().reweighs(&w.number).unwrap();
    assert_eq!(reweighs.len(), 1, "{:?}", h.state().dispatch.register_error);
    assert_eq!(reweighs[0].by, "A01");
    assert!(h.query_by_label_contains("复秤 130 kg / 0.5 m³").is_some());
    assert!(h.query_by_label_contains("（超出 10%）").is_some());
}
