//! The desk as a clerk uses it, driven headless through `egui_kittest`: fields are found by
//! their labels, text is typed, Enter moves on, Ctrl+S saves, and the saved waybill is
//! then found in the list.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly at the first surprise"
)]

use chrono::{NaiveDate, NaiveDateTime};
use egui::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::{App, setup_context};
use kaidan::domain::rates::{RateRow, RateTable};
use kaidan::storage::Db;
use kaidan::storage::staff::StaffMember;
use kaidan::ui::Page;
use rust_decimal::Decimal;

fn fixed_now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn desk() -> App {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_staff(&StaffMember {
        id: "A01".into(),
        name: "张丽".into(),
        role: "开单员".into(),
    })
    .unwrap();
    let row = |code: &str| RateRow {
        dest_code: code.into(),
        from_weight_kg: Decimal::ZERO,
        heavy_yuan_per_kg: Decimal::new(85, 2),
        light_yuan_per_m3: Decimal::new(180, 0),
        minimum_yuan: Decimal::new(30, 0),
        delivery_fee_yuan: Decimal::new(50, 0),
    };
    db.replace_rate_table(&RateTable::new(vec![row("430321"), row("430302")]).unwrap())
        .unwrap();
    App::with_clock(db, fixed_now).unwrap()
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(setup_context)
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app)
}

/// Types into the focused field and presses Enter, as a clerk does.
fn type_enter(h: &mut Harness<'_, App>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

#[allow(
    clippy::redundant_closure_for_method_calls,
    reason = "the method path does not satisfy the higher-ranked bound"
)]
fn focused_label(h: &Harness<'_, App>) -> String {
    h.query_by(|n| n.is_focused())
        .map(|n| format!("{n:?}"))
        .unwrap_or_default()
}

#[test]
fn fill_by_keyboard_save_and_find() {
    let mut h = harness(desk());
    h.run();
    // The destination field has focus on start; pinyin initials pick 湘潭县.
    assert!(
        h.get_by_role_and_label(Role::TextInput, "到站 *")
            .is_focused()
    );
    type_enter(&mut h, "xtx");
    assert_eq!(h.state().form.draft.dest_code, "430321");
    // Enter moved on to the next field of the paper order.
    assert!(
        h.get_by_role_and_label(Role::TextInput, "要求到货日期")
            .is_focused(),
        "{}",
        focused_label(&h)
    );
    type_enter(&mut h, "");
    type_enter(&mut h, "13912345678");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "发货方 *")
            .is_focused()
    );
    type_enter(&mut h, "广州市白云区宏达服装厂");
    type_enter(&mut h, "0731-57123456");
    type_enter(&mut h, "湘潭县易俗河李记批发部");
    type_enter(&mut h, "服装");
    type_enter(&mut h, "12");
    // Packaging is a one-stop choice: Right moves to 木箱, Enter moves on.
    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().form.draft.packaging.label(), "木箱");
    type_enter(&mut h, "300");
    // The "declared by shipper" checkbox, then volume.
    h.key_press(Key::Enter);
    h.run();
    type_enter(&mut h, "1.2");
    assert_eq!(h.state().form.draft.weight_kg, "300");
    assert_eq!(h.state().form.draft.volume_m3, "1.2");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let app = h.state();
    assert_eq!(app.view.waybill_count, 1, "status: {:?}", app.status);
    let (number, total) = app.form.last_saved.clone().unwrap();
    assert_eq!(number, "GZ2611230001");
    assert_eq!(total, "255.00");
    // The form is blank for the next consignment.
    assert!(app.form.draft.goods_name.is_empty());

    // Find it by the consignee's phone tail.
    h.key_press(Key::F3);
    h.run();
    assert_eq!(h.state().page, Page::Waybills);
    let query = h.get_by_role_and_label(Role::TextInput, "单号/电话/尾号/姓名");
    query.focus();
    h.run();
    type_enter(&mut h, "3456");
    assert_eq!(h.state().list.results.len(), 1);
    assert_eq!(h.state().list.results[0].number, "GZ2611230001");
    h.get_by_label("GZ2611230001").click();
    h.run();
    let (issued, history) = h.state().list.open.clone().unwrap();
    assert_eq!(issued.waybill.consignee.name, "湘潭县易俗河李记批发部");
    assert_eq!(history.len(), 1);
}

#[test]
fn errors_show_next_to_fields_and_nothing_is_saved() {
    let mut h = harness(desk());
    h.run();
    h.get_by_label("保存并开下一张 (Ctrl+S)").click();
    h.run();
    assert_eq!(h.state().view.waybill_count, 0);
    for message in [
        "请选择到站（县级：区/县/县级市）",
        "请填写发货方全名",
        "请填写件数",
        "请填写重量",
    ] {
        assert!(h.query_by_label(message).is_some(), "{message} shown");
    }
    // Focus went to the first wrong field.
    assert!(
        h.get_by_role_and_label(Role::TextInput, "到站 *")
            .is_focused()
    );
}

#[test]
fn prohibited_goods_are_refused_and_recorded() {
    let mut h = harness(desk());
    h.run();
    let goods = h.get_by_role_and_label(Role::TextInput, "品名 *");
    goods.focus();
    h.run();
    type_enter(&mut h, "汽油");
    assert!(
        h.query_by_label("品名含「汽油」（易燃易爆），不予托运")
            .is_some()
    );
    h.get_by_label("登记拒收").click();
    h.run();
    let refusals = h.state().db().refusals().unwrap();
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].goods_name, "汽油");
    assert_eq!(refusals[0].clerk_id, "A01");
}
