//! 代收货款 (issue 17) as the counter sees it: typed on the waybill form, its fee and what
//! goes back to the shipper shown in the fee card before saving, 货款扣 refused when the
//! money cannot cover the charges; its rate set in 设置, at most 10%.

use crate::kit::{click, log_in_as, next_person, nov, parcel, type_into, window};
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::domain::desk::waybill::{CodFeePayer, PaymentMethod};
use rust_decimal::Decimal;

fn fixed_now() -> chrono::NaiveDateTime {
    nov(23, 9, 30)
}

fn demo(who: &str) -> egui_kittest::Harness<'static, App> {
    let db = kaidan::demo::demo_copy(fixed_now().date()).unwrap();
    let mut app = App::with_clock(db, fixed_now).unwrap();
    log_in_as(&mut app, who, kaidan::demo::DEMO_PASSWORD);
    let mut h = window(app, 1400.0, 900.0);
    h.run();
    h
}

#[test]
fn the_form_shows_the_fee_and_the_payback_and_saves_them() {
    let mut h = demo("S01");
    h.state_mut().form.draft = parcel();
    h.state_mut().form.draft.payment = PaymentMethod::Collect;
    h.run();
    type_into(&mut h, "代收货款", "1200");
    // ¥80 freight; 1% of 1200 is 12.00; back to the shipper 1188.00.
    for shown in ["¥1200.00", "¥12.00（从货款扣）", "¥1188.00"] {
        assert!(h.query_by_label(shown).is_some(), "{shown}");
    }
    // One choice widget each (arrows or a click pick); set as a click would.
    h.state_mut().form.draft.cod_fee_payer = CodFeePayer::WithFreight;
    h.run();
    assert!(
        h.query_by_label("¥92.00").is_some(),
        "the fee joins the total"
    );
    // The fee no longer comes out of the money: all of it goes back.
    assert_eq!(h.query_all_by_label("¥1200.00").count(), 2);

    // 货款扣 of more than is collected: refused on the field, nothing saved.
    let before = h.state().view.waybill_count;
    type_into(&mut h, "代收货款", "");
    h.state_mut().form.draft.cod = "50".into();
    h.state_mut().form.draft.payment = PaymentMethod::CodDeduct;
    // The form's rows change (no 收款方式 row for 货款扣): let the grid settle.
    h.run_steps(8);
    click(&mut h, "保存并开下一张 (Ctrl+S)");
    assert_eq!(h.state().view.waybill_count, before);
    assert!(h.query_by_label_contains("扣不下").is_some());

    h.state_mut().form.draft.cod = "1200".into();
    h.run_steps(8);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(8);
    crate::kit::assert_one_more_waybill(&h, before);
    let (number, _) = h.state().form.last_saved.clone().unwrap();
    let saved = h.state().db().waybill(&number).unwrap().waybill;
    assert_eq!(
        (saved.cod_yuan, saved.payment, saved.cod_payback_yuan()),
        (
            Decimal::new(120_000, 2),
            PaymentMethod::CodDeduct,
            Decimal::new(110_800, 2)
        )
    );
}

#[test]
fn the_cod_fee_rate_is_set_in_settings_up_to_ten_percent() {
    let mut h = demo("S01");
    click(&mut h, "设置");
    type_into(&mut h, "代收手续费率（%）", "");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("12".into()));
    h.run();
    click(&mut h, "保存本站、保价与代收设置");
    assert!(
        h.query_by_label_contains("代收手续费率须为 0–10 %")
            .is_some()
    );
    assert_eq!(
        h.state().db().desk_settings().unwrap().fees.cod_rate,
        Decimal::new(1, 2)
    );
    type_into(&mut h, "代收手续费率（%）", "");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("0.8".into()));
    h.run();
    click(&mut h, "保存本站、保价与代收设置");
    assert_eq!(
        h.state().db().desk_settings().unwrap().fees.cod_rate,
        Decimal::new(8, 3),
        "{:?}",
        h.state().status
    );
}

/// The release page names the 代收货款 still to collect, in red, and asks it with the
/// freight; the supervisor's leave to release without it, with a reason, says who and
/// why, and the amount to collect falls to what is left.
#[test]
fn the_release_page_asks_the_goods_price_and_the_supervisor_may_excuse_it() {
    let mut h = demo("S01");
    click(&mut h, "发车/到货 F5");
    click(&mut h, "提货放货");
    // The demo's incoming 茶叶 waybill (现付) collects ¥1500.00 for its shipper. The
    // 运单号 field has the focus as the tab opens: its label is scanned at once.
    let number = "CS2611210036";
    // A wrong number first: refused by what was typed (not by the letters before its
    // last four digits, as if a label's), and the next scan replaces it in the field.
    crate::kit::scan_in_one_frame(&mut h, &["CS2611219999"]);
    let said = h.state().status.clone().unwrap().1;
    assert!(said.contains("找不到单号 CS2611219999"), "{said}");
    crate::kit::scan_in_one_frame(&mut h, &[number]);
    assert_eq!(h.state().dispatch.release_number, number);
    let line =
        "代收货款 ¥1500.00：待收 ¥1500.00，须与运费一并收清才能放货（此款应返发货方，不是运费）";
    assert!(
        h.query_by_label(line).is_some(),
        "{:?}",
        h.state().dispatch.message
    );
    assert_eq!(h.state().dispatch.pickup.amount, "1500.00");
    type_into(&mut h, "不收原因", "收货方已直接付给发货方");
    click(&mut h, "不收代收货款放货（主管）");
    assert!(
        h.query_by_label_contains("主管 S01 于").is_some(),
        "{:?}",
        h.state().dispatch.message
    );
    assert!(h.query_by_label(line).is_none());
    assert_eq!(h.state().dispatch.pickup.amount, "");
    assert!(h.state().db().cod_override(number).unwrap().is_some());
}

/// 返款 on the 收款/对账 page: the clerk chooses the shipper waiting, prepares the batch;
/// the supervisor approves it and it is paid by bank with a reference; nothing is left
/// to pay back.
#[test]
fn the_clerk_prepares_a_remittance_and_the_supervisor_approves_it_to_be_paid() {
    let mut h = demo("A02");
    click(&mut h, "收款/对账");
    // The demo's 永泰鞋业 pickup collected ¥2680.00, ¥26.80 of it the fee.
    assert!(h.query_by_label("¥2653.20").is_some());
    click(&mut h, "选择");
    click(&mut h, "生成返款单（待主管审批） ¥2653.20");
    let batches = h.state().money.remittances.clone();
    assert_eq!(batches.len(), 1, "{:?}", h.state().money.message);
    assert_eq!(batches[0].prepared.by, "A02");
    next_person(&mut h, "S01 刘建国", "收款/对账");
    click(&mut h, "处理 FK000001");
    click(&mut h, "审批通过（主管）");
    // Still open: the payment's fields follow.
    h.state_mut().money.remit_channel = kaidan::domain::dispatch::pickup::PayChannel::Bank;
    type_into(&mut h, "交易流水号", "6222-20261123-0001");
    click(&mut h, "确认已付款");
    let batch = &h.state().money.remittances[0];
    assert_eq!(
        batch.state(),
        kaidan::domain::money::cod::RemittanceState::Paid,
        "{:?}",
        h.state().money.message
    );
    assert_eq!(batch.paid.as_ref().unwrap().2, "6222-20261123-0001");
    assert!(h.state().db().cod_owed().unwrap().is_empty());
    assert!(h.query_by_label_contains("没有待返的代收货款").is_some());
}
