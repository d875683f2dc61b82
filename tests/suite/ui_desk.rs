//! The desk as a clerk uses it, driven headless through `egui_kittest`: fields are found by
//! their labels, text is typed, Enter moves on, Ctrl+S saves, and the saved waybill is
//! then found in the list.

use crate::kit::{key_event, log_in_as, nov, stroke, type_enter, type_into, window};
use chrono::NaiveDateTime;
use egui::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::domain::desk::rates::RateTable;
use kaidan::storage::Db;
use kaidan::storage::staff::StaffMember;
use kaidan::ui::Page;

fn fixed_now() -> NaiveDateTime {
    nov(23, 9, 30)
}

fn desk() -> App {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_staff(&StaffMember {
        id: "A01".into(),
        name: "张丽".into(),
        role: "开单员".into(),
    })
    .unwrap();
    let row = |code: &str| kaidan::demo::samples::rate_row(code);
    db.replace_rate_table(&RateTable::new(vec![row("430321"), row("430302")]).unwrap())
        .unwrap();
    db.set_password("A01", "1234", fixed_now()).unwrap();
    let mut app = App::with_clock(db, fixed_now).unwrap();
    log_in_as(&mut app, "A01", "1234");
    app
}

fn harness(app: App) -> Harness<'static, App> {
    window(app, 1400.0, 900.0)
}

/// Fails unless the widget `label` of `role` has the focus, naming the one that has it.
#[allow(
    clippy::redundant_closure_for_method_calls,
    reason = "the method path does not satisfy the higher-ranked bound"
)]
fn assert_focused(h: &Harness<'_, App>, role: Role, label: &str) {
    let focused = h
        .query_by(|n| n.is_focused())
        .map(|n| format!("{n:?}"))
        .unwrap_or_default();
    assert!(
        h.get_by_role_and_label(role, label).is_focused(),
        "{label} should have the focus; it is on {focused}"
    );
}

#[test]
fn fill_by_keyboard_save_and_find() {
    let mut h = harness(desk());
    h.run();
    // The destination field has focus on start; pinyin initials pick 湘潭县.
    assert_focused(&h, Role::TextInput, "到站 *");
    type_enter(&mut h, "xtx");
    assert_eq!(h.state().form.draft.dest_code, "430321");
    // Enter moved on to the next field of the paper order.
    assert_focused(&h, Role::TextInput, "要求到货日期");
    type_enter(&mut h, "");
    type_enter(&mut h, "13912345678");
    assert_focused(&h, Role::TextInput, "发货方 *");
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
    // Volume right after weight (the rarely ticked "declared by shipper" follows it).
    assert_focused(&h, Role::TextInput, "体积(m³) *");
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

    // Find it by the consignee's phone tail: F3 and type, the query has the focus.
    h.key_press(Key::F3);
    h.run();
    assert_eq!(h.state().page, Page::Waybills);
    assert_focused(&h, Role::TextInput, "单号/电话/尾号/姓名");
    type_enter(&mut h, "3456");
    assert_eq!(h.state().list.results.len(), 1);
    assert_eq!(h.state().list.results[0].number, "GZ2611230001");
    h.get_by_label("GZ2611230001").click();
    h.run();
    let (issued, history) = h.state().list.open.clone().unwrap();
    assert_eq!(issued.waybill.consignee.name, "湘潭县易俗河李记批发部");
    assert_eq!(history.len(), 1);
}

/// Keys that come in the same frame as the Enter before them (typed fast, or on a slow
/// counter PC) go to the next field, not nowhere.
#[test]
fn what_is_typed_with_the_enter_in_one_frame_reaches_the_next_field() {
    let mut h = harness(desk());
    h.run();
    // One frame's input; a typed character comes as its key, then its text.
    let typed = |key, text: &str| [key_event(key, true), egui::Event::Text(text.into())];
    h.input_mut().events.extend(typed(Key::X, "x"));
    h.run();
    // "tx⏎" in one frame picks from all three letters, not from the list the first one
    // drew (西城区, 北京市).
    h.input_mut().events.extend(typed(Key::T, "t"));
    h.input_mut().events.extend(typed(Key::X, "x"));
    h.input_mut().events.extend(stroke(Key::Enter));
    h.input_mut().events.extend(typed(Key::Num2, "2026-11-30"));
    h.run();
    assert_eq!(h.state().form.draft.dest_code, "430321");
    h.input_mut().events.extend(stroke(Key::Enter));
    h.input_mut().events.extend(typed(Key::Num1, "139"));
    h.input_mut().events.extend(typed(Key::Num1, "12345678"));
    h.run();
    let draft = &h.state().form.draft;
    assert_eq!(
        (draft.arrival_date.as_str(), draft.shipper_phone.as_str()),
        ("2026-11-30", "13912345678")
    );
    assert_focused(&h, Role::TextInput, "发货方电话 *");
}

/// Tab, like Enter: what is typed in the frame of the Tab goes to the next field, once.
#[test]
fn what_is_typed_with_a_tab_in_one_frame_reaches_the_next_field() {
    let mut h = harness(desk());
    h.run();
    type_enter(&mut h, "xtx");
    type_enter(&mut h, "");
    let events = &mut h.input_mut().events;
    events.push(egui::Event::Text("13912345678".into()));
    events.extend(stroke(Key::Tab));
    events.push(egui::Event::Text("宏达".into()));
    h.run();
    h.run();
    let draft = &h.state().form.draft;
    assert_eq!(
        (draft.shipper_phone.as_str(), draft.shipper_name.as_str()),
        ("13912345678", "宏达")
    );
}

/// Tab out of 到站 takes the highlighted destination as Enter does (the clerk leaves
/// the field by either): after Down to the second candidate, and with the letters and
/// the Tab in one frame. Shift+Tab back leaves a chosen destination as it is.
#[test]
fn a_tab_out_of_the_destination_picks_it_like_enter() {
    let mut h = harness(desk());
    h.run();
    h.event(egui::Event::Text("xt".into()));
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let second = kaidan::ui::widgets::dest_candidates(
        kaidan::domain::desk::destinations::Divisions::bundled(),
        "xt",
        &|code| h.state().view.rates.has_destination(code),
    )[1]
    .code
    .clone();
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(h.state().form.draft.dest_code, second);
    assert_focused(&h, Role::TextInput, "要求到货日期");
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    h.run();
    assert_focused(&h, Role::TextInput, "到站 *");
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    h.run();
    assert_eq!(h.state().form.draft.dest_code, second, "kept");

    let mut h = harness(desk());
    h.run();
    let events = &mut h.input_mut().events;
    events.push(egui::Event::Text("xtx".into()));
    events.extend(stroke(Key::Tab));
    h.run();
    assert_eq!(h.state().form.draft.dest_code, "430321");
    assert_focused(&h, Role::TextInput, "要求到货日期");
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
    assert_focused(&h, Role::TextInput, "到站 *");
}

/// A 要求到货日期 before today (last month's date left in) is refused next to the field
/// and nothing is saved; today's date is taken.
#[test]
fn an_arrival_date_before_today_is_refused_at_the_field() {
    let mut h = harness(desk());
    h.run();
    let view = h.state().view.clone();
    h.state_mut().form.draft = kaidan::domain::desk::waybill::WaybillDraft {
        dest_code: "430321".into(),
        arrival_date: "2026-11-20".into(),
        ..crate::kit::parcel()
    };
    assert!(h.state().form.draft.validate(&view.validation()).is_ok());
    h.run();
    h.get_by_label("保存并开下一张 (Ctrl+S)").click();
    h.run();
    assert_eq!(h.state().view.waybill_count, 0);
    assert!(
        h.query_by_label("要求到货日期 2026-11-20 早于开单日 2026-11-23")
            .is_some()
    );
    assert_focused(&h, Role::TextInput, "要求到货日期");
    h.state_mut().form.draft.arrival_date = "2026-11-23".into();
    h.run();
    h.get_by_label("保存并开下一张 (Ctrl+S)").click();
    h.run();
    assert_eq!(h.state().view.waybill_count, 1, "{:?}", h.state().status);

    // An alteration that sets the date holds it to the issue day as well.
    let number = h.state().form.last_saved.clone().unwrap().0;
    open_to_alter(&mut h, &number);
    h.state_mut().form.draft.arrival_date = "2026-11-22".into();
    type_into(&mut h, "修改原因 *", "客户改到货日期");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(
        h.query_by_label("要求到货日期 2026-11-22 早于开单日 2026-11-23")
            .is_some()
    );
    assert_eq!(h.state().db().waybill(&number).unwrap().alter_count, 0);
    h.state_mut().form.draft.arrival_date = "2026-11-25".into();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let altered = h.state().db().waybill(&number).unwrap();
    assert_eq!(
        (altered.alter_count, altered.waybill.arrival_date),
        (1, chrono::NaiveDate::from_ymd_opt(2026, 11, 25))
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

/// A desk with one waybill already issued, its number returned.
fn desk_with_waybill() -> (App, String) {
    desk_with_waybill_from("广州市白云区宏达服装厂")
}

/// A desk with one waybill from `shipper_name` (phone 13912345678), its number returned.
fn desk_with_waybill_from(shipper_name: &str) -> (App, String) {
    let mut app = desk();
    let draft = kaidan::domain::desk::waybill::WaybillDraft {
        dest_code: "430321".into(),
        shipper_name: shipper_name.into(),
        shipper_phone: "13912345678".into(),
        consignee_name: "湘潭县易俗河李记批发部".into(),
        consignee_phone: "0731-57123456".into(),
        goods_name: "服装".into(),
        pieces: "12".into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        ..Default::default()
    };
    let view = app.view.clone();
    let waybill = draft.validate(&view.validation()).unwrap();
    app.handle(kaidan::ui::Command::Desk(
        kaidan::ui::DeskCommand::IssueWaybill {
            print: false,
            waybill: Box::new(waybill),
            clerk_id: "A01".into(),
        },
    ));
    let number = app.form.last_saved.clone().unwrap().0;
    (app, number)
}

/// From 运单查询 (F3), opens `number` on the form to alter it.
fn open_to_alter(h: &mut Harness<'_, App>, number: &str) {
    h.key_press(Key::F3);
    h.run();
    h.get_by_label(number).click();
    h.run();
    h.get_by_label("修改").click();
    h.run();
}

#[test]
fn alter_with_reason_records_old_and_new() {
    let (app, number) = desk_with_waybill();
    let mut h = harness(app);
    h.run();
    open_to_alter(&mut h, &number);
    assert_eq!(h.state().page, Page::Issue);
    // Change the pieces from 12 to 10.
    h.get_by_role_and_label(Role::TextInput, "件数 *").focus();
    h.run();
    h.key_press(Key::Backspace);
    h.key_press(Key::Backspace);
    h.event(egui::Event::Text("10".into()));
    h.run();
    // Without a reason nothing is saved.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("请写明修改原因").is_some());
    assert_eq!(h.state().db().waybill(&number).unwrap().waybill.pieces, 12);
    h.get_by_role_and_label(Role::TextInput, "修改原因 *")
        .focus();
    h.run();
    h.event(egui::Event::Text("客户更正件数".into()));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let issued = h.state().db().waybill(&number).unwrap();
    assert_eq!((issued.waybill.pieces, issued.alter_count), (10, 1));
    let history = h.state().db().waybill_history(&number).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].reason, "客户更正件数");
    assert_eq!(history[1].changes[0].field, "件数");
    assert_eq!(
        (
            history[1].changes[0].old.as_str(),
            history[1].changes[0].new.as_str()
        ),
        ("12", "10")
    );
    assert_eq!(h.state().page, Page::Waybills);
    assert!(h.state().db().check_history().unwrap().is_empty());
}

#[test]
fn void_needs_a_reason_and_keeps_the_waybill() {
    let (app, number) = desk_with_waybill();
    let mut h = harness(app);
    h.run();
    h.key_press(Key::F3);
    h.run();
    h.get_by_label(number.as_str()).click();
    h.run();
    h.get_by_label("作废").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "作废原因").focus();
    h.run();
    h.event(egui::Event::Text("客户取消托运".into()));
    h.run();
    h.get_by_label("确认作废").click();
    h.run();
    let issued = h.state().db().waybill(&number).unwrap();
    assert_eq!(
        issued.status,
        kaidan::domain::desk::waybill::WaybillStatus::Void
    );
    assert_eq!(
        h.state().db().waybill_history(&number).unwrap()[1].reason,
        "客户取消托运"
    );
    // A void waybill offers no alteration.
    assert!(h.query_by_label("修改").is_none());
}

#[test]
fn enter_on_a_checkbox_moves_on_without_ticking_it() {
    let mut h = harness(desk());
    h.run();
    h.get_by_label("易碎品").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().form.draft.fragile);
    assert_focused(&h, Role::ComboBox, "放置朝向");
    h.key_press(Key::Space);
    h.run();
    // Space on the choice row is not a checkbox toggle either: Right changes it.
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().form.draft.orientation.label(), "向上");
}

#[test]
fn a_known_phone_fills_the_name_and_offers_usual_consignees() {
    let (app, _) = desk_with_waybill();
    let mut h = harness(app);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "发货方电话 *")
        .focus();
    h.run();
    h.event(egui::Event::Text("139 1234 5678".into()));
    h.run();
    assert_eq!(h.state().form.draft.shipper_name, "广州市白云区宏达服装厂");
    assert_eq!(h.state().form.usual_consignees.len(), 1);
    // Ctrl+1 takes the first usual consignee with its destination.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    let draft = &h.state().form.draft;
    assert_eq!(draft.consignee_name, "湘潭县易俗河李记批发部");
    assert_eq!(draft.dest_code, "430321");
}

#[test]
fn a_customer_file_name_finds_the_waybill_typed_otherwise() {
    let (mut app, number) = desk_with_waybill_from("宏达厂");
    // The clerk later names the shipper's file in full (客户档案).
    let phone = kaidan::domain::desk::phone::Phone::parse("13912345678").unwrap();
    let id = app.db().customer_id_by_phone(&phone).unwrap().unwrap();
    app.handle(kaidan::ui::Command::Customers(
        kaidan::ui::desk::customers::CustomersCommand::Save {
            id: Some(id),
            file: kaidan::domain::desk::customers::CustomerFile {
                name: "广州市白云区宏达服装厂".into(),
                phones: vec![phone],
                addresses: Vec::new(),
                note: String::new(),
            },
            seen: None,
        },
    ));
    let mut h = harness(app);
    h.run();
    h.key_press(Key::F3);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "单号/电话/尾号/姓名")
        .focus();
    h.run();
    type_enter(&mut h, "宏达服装厂");
    let results = &h.state().list.results;
    assert_eq!(results.len(), 1, "status: {:?}", h.state().status);
    assert_eq!(results[0].number, number);
    assert_eq!(results[0].shipper_name, "宏达厂");
    // The row says which name found it.
    assert!(
        h.query_by_label("（又名 广州市白云区宏达服装厂）")
            .is_some()
    );
    h.get_by_label(number.as_str()).click();
    h.run();
    assert_eq!(
        h.state().list.open.as_ref().unwrap().0.waybill.shipper.name,
        "宏达厂"
    );
}

/// Issue 19 item 4: F12 shows every shortcut from the one registry, grouped by where it
/// works, and F12 again closes it; the buttons name the same keys.
#[test]
fn f12_lists_the_shortcuts_from_the_registry() {
    let mut h = harness(desk());
    h.run();
    assert!(h.query_by_label("保存并开下一张 (Ctrl+S)").is_some());
    assert!(h.query_by_label("清空 (F2)").is_some());
    h.key_press(Key::F12);
    h.run();
    assert!(h.state().help_open);
    assert!(h.query_by_label("开单页").is_some());
    assert!(h.query_by_label("选第 8 个常用收货方").is_some());
    assert!(h.query_by_label("Ctrl+8").is_some());
    assert!(h.query_by_label("关闭电话报价窗口").is_some());
    h.key_press(Key::F12);
    h.run();
    assert!(!h.state().help_open);
    assert!(h.query_by_label("选第 8 个常用收货方").is_none());
}

/// Issue 19 item 3: Ctrl+1 takes the returning shipper's usual consignee and puts the
/// focus on 品名; Alt+F jumps to 交付与付款 past the inspection rows.
#[test]
fn a_usual_consignee_leads_to_the_goods_and_alt_jumps_to_a_section() {
    let mut h = harness(desk());
    h.run();
    h.state_mut().form.usual_consignees = vec![kaidan::storage::waybills::UsualConsignee {
        name: "湘潭县易俗河李记批发部".into(),
        phone: "07315712345".into(),
        dest_code: "430321".into(),
        dest_name: "湘潭县".into(),
        delivery_address: String::new(),
        count: 3,
    }];
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    h.run();
    assert_eq!(h.state().form.draft.dest_code, "430321");
    assert_focused(&h, Role::TextInput, "品名 *");
    h.key_press_modifiers(Modifiers::ALT, Key::F);
    h.run();
    h.run();
    assert_focused(&h, Role::ComboBox, "送货方式");
}

/// Issue 19 item 3: the inspection rows, rarely changed, are passed over — Tab (or Enter)
/// from the last field of 货物 goes to 送货方式; Shift+Tab goes back to 体积; Alt+J still
/// reaches them.
#[test]
fn tab_passes_over_the_inspection_rows_which_stay_reachable() {
    let mut h = harness(desk());
    h.run();
    crate::kit::type_into(&mut h, "体积(m³) *", "1.2");
    h.key_press(Key::Tab);
    h.run();
    assert_focused(&h, Role::CheckBox, "件重体按发货方申报");
    h.key_press(Key::Tab);
    h.run();
    h.run();
    assert_focused(&h, Role::ComboBox, "送货方式");
    h.key_press_modifiers(Modifiers::ALT, Key::J);
    h.run();
    h.run();
    assert_focused(&h, Role::CheckBox, "危险品（易燃易爆/腐蚀/有毒/放射性）");
}
