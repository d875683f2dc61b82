//! The customer files page and the 月结 rule as clerks meet them, driven headless through
//! `egui_kittest`: two files of the same shop are found by a part of the name, ticked and
//! merged (nothing lost, the merge recorded); a 月结 waybill for a shipper not approved
//! for 月结 is refused at save and passes with a supervisor's password and reason, which
//! is recorded with the waybill number and shows in rule 22's list against the clerk.

use crate::kit::{hire, log_in_as, nov, type_into, window};
use chrono::{NaiveDate, NaiveDateTime};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::domain::desk::phone::Phone;
use kaidan::domain::desk::waybill::{PaymentMethod, ValidationContext, WaybillDraft};
use kaidan::storage::Db;
use kaidan::ui::Page;

fn fixed_now() -> NaiveDateTime {
    nov(23, 10, 0)
}

fn draft(shipper: &str, shipper_phone: &str, payment: PaymentMethod) -> WaybillDraft {
    WaybillDraft {
        shipper_name: shipper.into(),
        shipper_phone: shipper_phone.into(),
        pieces: "3".into(),
        weight_kg: "100".into(),
        volume_m3: "0.5".into(),
        freight: "120".into(),
        payment,
        ..WaybillDraft::sample()
    }
}

fn desk() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    hire(
        &db,
        &[("A01", "张丽", "开单员"), ("S01", "刘建国", "主管")],
        fixed_now(),
    );
    // The same factory came in under two phones and two spellings.
    let ctx = ValidationContext::lenient();
    for (name, phone) in [("宏达服装厂", "13912345678"), ("宏达制衣", "020-87814630")] {
        let waybill = draft(name, phone, PaymentMethod::PayNow)
            .validate(&ctx)
            .unwrap();
        db.issue_waybill(&waybill, "A01", "GZ", fixed_now() - chrono::Days::new(3))
            .unwrap();
    }
    db
}

fn harness(db: Db, staff: &str) -> Harness<'static, App> {
    let mut app = App::with_clock(db, fixed_now).unwrap();
    log_in_as(&mut app, staff, "1234");
    window(app, 1500.0, 1000.0)
}

fn file_of(h: &Harness<'_, App>, phone: &str) -> i64 {
    h.state()
        .db()
        .customer_id_by_phone(&Phone::parse(phone).unwrap())
        .unwrap()
        .unwrap()
}

#[test]
fn merge_two_files_of_the_same_customer() {
    let mut h = harness(desk(), "A01");
    h.run();
    h.get_by_label("客户档案").click();
    h.run();
    assert_eq!(h.state().page, Page::Customers);
    // The search has the focus as the page opens: typed and Enter.
    h.event(egui::Event::Text("宏达".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    let kept = file_of(&h, "13912345678");
    let merged = file_of(&h, "020-87814630");
    assert_eq!(h.state().customers.results.len(), 2);
    h.get_by_label(&format!("#{kept}")).click();
    h.run();
    h.get_by_label(&format!("#{merged}")).click();
    h.run();
    h.get_by_label(&format!("保留 #{kept} 宏达服装厂")).click();
    h.run();
    h.get_by_label("合并：另一个档案的电话、地址、备注并入保留的档案")
        .click();
    h.run();
    h.run();
    assert_eq!(
        h.state().customers.message.as_ref().map(|m| m.0),
        Some(true),
        "{:?}",
        h.state().customers.message
    );
    // Both phones are now the one file's, and the look-up of either gives its name.
    assert_eq!(file_of(&h, "020-87814630"), kept);
    let known = h
        .state()
        .db()
        .customer_by_phone(&Phone::parse("020-87814630").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(known.name, "宏达服装厂");
    let detail = h.state().customers.open.clone().unwrap();
    assert_eq!(detail.id, kept);
    assert_eq!(detail.phones.len(), 2);
    assert_eq!(detail.note, "又名：宏达制衣");
    assert_eq!(detail.totals.count, 2, "both waybills in the history");
    assert_eq!(detail.merges[0].merged_by, "A01");
    // The search lists the one file left.
    assert_eq!(h.state().customers.results.len(), 1);
    // A waybill of the history opens in 运单查询.
    let number = detail.waybills[0].number.clone();
    h.get_by_label(&number).click();
    h.run();
    assert_eq!(h.state().page, Page::Waybills);
    assert_eq!(h.state().list.open.as_ref().unwrap().0.number, number);
}

#[test]
fn monthly_waybill_for_an_unapproved_shipper_is_refused_then_allowed_by_a_supervisor() {
    let mut h = harness(desk(), "A01");
    h.run();
    h.state_mut().form.draft = draft("宏达服装厂", "13912345678", PaymentMethod::Monthly);
    h.state_mut().form.looked_up_shipper = "13912345678".into();
    h.state_mut().form.looked_up_consignee = "0731-57123456".into();
    h.run();
    h.get_by_label("保存并开下一张 (Ctrl+S)").click();
    h.run();
    h.run();
    let (ok, message) = h.state().status.clone().unwrap();
    assert!(!ok);
    assert!(message.contains("未经主管批准月结"), "{message}");
    assert_eq!(h.state().db().waybill_count().unwrap(), 2, "nothing saved");
    assert!(h.state().form.credit_hold.is_some());

    // A wrong password is refused; the right one with a reason saves and records it.
    type_into(&mut h, "授权主管工号", "S01");
    type_into(&mut h, "授权主管密码", "0000");
    type_into(&mut h, "月结授权原因", "老客户，月底结清");
    h.get_by_label("主管授权月结并保存").click();
    h.run();
    h.run();
    assert!(h.state().status.as_ref().unwrap().1.contains("未授权"));
    assert_eq!(h.state().db().waybill_count().unwrap(), 2);
    type_into(&mut h, "授权主管密码", "1234");
    h.get_by_label("主管授权月结并保存").click();
    h.run();
    h.run();
    let (ok, message) = h.state().status.clone().unwrap();
    assert!(ok, "{message}");
    assert!(message.contains("月结由主管 S01 授权"), "{message}");
    assert_eq!(h.state().db().waybill_count().unwrap(), 3);
    assert!(h.state().form.credit_hold.is_none(), "a blank form");
    // The debt is the clerk's (rule 22), allowed by the supervisor, on the page.
    let debts = h
        .state()
        .db()
        .clerk_debts(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
        .unwrap();
    assert_eq!(debts.len(), 1);
    assert_eq!(
        (debts[0].clerk_id.as_str(), debts[0].allowed_by.as_deref()),
        ("A01", Some("S01"))
    );
    h.get_by_label("客户档案").click();
    h.run();
    assert_eq!(h.state().customers.debts.len(), 1);
    h.get_by_label("A01 张丽：1 票 ¥120.00");
}

#[test]
fn supervisor_approves_monthly_account_and_the_limit_holds() {
    let mut h = harness(desk(), "S01");
    h.run();
    h.get_by_label("客户档案").click();
    h.run();
    type_into(&mut h, "搜索客户", "5678");
    h.get_by_label("查找").click();
    h.run();
    h.get_by_label("宏达服装厂").click();
    h.run();
    type_into(&mut h, "信用额度（元）", "200");
    h.get_by_label("批准月结").click();
    h.run();
    h.run();
    let detail = h.state().customers.open.clone().unwrap();
    assert_eq!(detail.approval().unwrap().approved_by, "S01");
    // 120 within 200 passes; a second 120 would make 240 and is refused.
    for expected_ok in [true, false] {
        h.get_by_label("开单 F1").click();
        h.run();
        h.state_mut().form.draft = draft("宏达服装厂", "13912345678", PaymentMethod::Monthly);
        h.state_mut().form.clerk_id = "A01".into();
        h.state_mut().form.looked_up_shipper = "13912345678".into();
        h.state_mut().form.looked_up_consignee = "0731-57123456".into();
        h.run();
        h.get_by_label("保存并开下一张 (Ctrl+S)").click();
        h.run();
        h.run();
        let (ok, message) = h.state().status.clone().unwrap();
        assert_eq!(ok, expected_ok, "{message}");
        if !ok {
            assert!(message.contains("超出信用额度"), "{message}");
        }
    }
    assert_eq!(h.state().db().waybill_count().unwrap(), 3);
}

#[test]
fn altering_a_waybill_to_monthly_follows_the_same_rule() {
    let mut db = desk();
    let ctx = ValidationContext::lenient();
    let cash = draft("宏达服装厂", "13912345678", PaymentMethod::PayNow)
        .validate(&ctx)
        .unwrap();
    let issued = db.issue_waybill(&cash, "A01", "GZ", fixed_now()).unwrap();
    let monthly = draft("宏达服装厂", "13912345678", PaymentMethod::Monthly)
        .validate(&ctx)
        .unwrap();
    let mut app = App::with_clock(db, fixed_now).unwrap();
    log_in_as(&mut app, "S01", "1234");
    let alter = kaidan::ui::Command::Desk(kaidan::ui::DeskCommand::AlterWaybill {
        number: issued.number.clone(),
        seen: 0,
        waybill: Box::new(monthly),
        reason: "客户要求月结".into(),
        staff_id: "S01".into(),
    });
    app.handle(alter.clone());
    let (ok, message) = app.status.clone().unwrap();
    assert!(!ok && message.contains("不能改为月结"), "{message}");
    assert_eq!(app.db().waybill(&issued.number).unwrap().alter_count, 0);
    let id = app
        .db()
        .customer_id_by_phone(&Phone::parse("13912345678").unwrap())
        .unwrap()
        .unwrap();
    app.handle(kaidan::ui::Command::Customers(
        kaidan::ui::desk::customers::CustomersCommand::ApproveCredit {
            id,
            limit_yuan: rust_decimal::Decimal::from(1000),
        },
    ));
    app.handle(alter);
    assert!(app.status.as_ref().unwrap().0, "{:?}", app.status);
    assert_eq!(app.db().waybill(&issued.number).unwrap().alter_count, 1);
}
