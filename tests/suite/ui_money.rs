//! The 收款/对账 page driven headless through `egui_kittest`, on the demo station at 09:00
//! of 2026-11-23 with 张丽 (A01) on her 早班: a 现付 waybill paid by WeChat on the form
//! enters the ledger; the shift's cash book is the ledger of her shift, and its 开单 lines
//! are exactly her 现付 waybills of the shift (the handover's figure); a refund is taken
//! off; she counts 5 yuan short, signs, prints the 收款对账单, and the 交接 page shows the
//! count.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "a test fails loudly at the first surprise, and a flow reads best whole"
)]

use crate::kit::{Recorder, click, log_in, nov, type_into, window};
use chrono::NaiveDateTime;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kaidan::app::App;
use kaidan::domain::desk::waybill::{PaymentMethod, WaybillDraft};
use kaidan::domain::dispatch::pickup::PayChannel;
use kaidan::domain::money::ledger::Occasion;
use kaidan::ui::Command;
use kaidan::ui::DeskCommand;
use rust_decimal::Decimal;
use std::str::FromStr;

const DEMO_PASSWORD: &str = "123456";

fn fixed_now() -> NaiveDateTime {
    nov(23, 9, 0)
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn harness(recorder: &Recorder) -> Harness<'static, App> {
    let db = kaidan::demo::demo_copy(fixed_now().date()).unwrap();
    let app = App::with_clock(db, fixed_now)
        .unwrap()
        .with_printing(Box::new(recorder.clone()));
    window(app, 1400.0, 1000.0)
}

#[test]
fn a_shifts_cash_book_matches_its_waybills_and_is_signed_and_printed() {
    let recorder = Recorder::default();
    let mut h = harness(&recorder);
    h.run();
    log_in(&mut h, "A01 张丽", DEMO_PASSWORD);

    // The form asks how a 现付 waybill is paid; WeChat is chosen.
    assert!(h.query_by_label("收款方式").is_some());
    h.state_mut().form.pay_channel = PayChannel::WeChat;
    let view = h.state().view.clone();
    let waybill = WaybillDraft {
        pieces: "3".into(),
        weight_kg: "60".into(),
        volume_m3: "0.3".into(),
        freight: "86.50".into(),
        payment: PaymentMethod::PayNow,
        ..WaybillDraft::sample()
    }
    .validate(&view.validation())
    .unwrap();
    let total = waybill.total_yuan;
    h.state_mut()
        .handle(Command::Desk(DeskCommand::IssueWaybill {
            waybill: Box::new(waybill),
            clerk_id: "A01".into(),
            print: false,
        }));
    h.run();
    let number = h.state().form.last_saved.clone().unwrap().0;
    let ledger = h.state().db().ledger(&number).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(
        (ledger[0].channel, ledger[0].amount_yuan),
        (PayChannel::WeChat, total)
    );

    // The cash book of her shift.
    h.get_by_label("收款/对账").click();
    h.run();
    let period = h.state().money.period.clone().unwrap();
    assert_eq!(period.staff_id.as_deref(), Some("A01"));
    let (lines, expected) = h.state().money.expected.clone().unwrap();
    assert!(lines.iter().any(|l| l.number == number));
    // Its 开单 lines are her 现付 waybills of the shift, to the fen: the handover's figure.
    let summary = {
        h.get_by_label("交接/申请").click();
        h.run();
        h.state().shift.summary.clone().unwrap()
    };
    assert_eq!((summary.from, summary.to), (period.from, period.to));
    let pay_now: Decimal = lines
        .iter()
        .filter(|l| l.occasion == Occasion::Issue)
        .map(|l| l.amount_yuan)
        .sum();
    assert_eq!(pay_now, summary.cash_yuan());
    let all: Decimal = lines.iter().map(|l| l.amount_yuan).sum();
    assert_eq!(expected.total(), all);
    assert!(expected.get(PayChannel::WeChat) >= total);

    // A refund of 6.50 yuan by WeChat through the ledger.
    h.get_by_label("收款/对账").click();
    h.run();
    type_into(&mut h, "运单号", &number);
    click(&mut h, "查询");
    assert_eq!(h.state().money.ledger.as_ref().unwrap().entries.len(), 1);
    h.state_mut().money.refund_channel = PayChannel::WeChat;
    type_into(&mut h, "金额", "6.5");
    type_into(&mut h, "原因", "运费多收");
    click(&mut h, "记录退款");
    assert_eq!(
        h.state().money.ledger.as_ref().unwrap().entries.len(),
        2,
        "{:?} {:?}",
        h.state().money.message,
        h.state().status
    );
    let (_, after) = h.state().money.expected.clone().unwrap();
    assert_eq!(
        after.get(PayChannel::WeChat),
        expected.get(PayChannel::WeChat) - d("6.5")
    );

    // She counts every method as the ledger says, but 5 yuan short in cash, and signs.
    for channel in PayChannel::ALL {
        let mut amount = after.get(channel);
        if channel == PayChannel::Cash {
            amount -= d("5");
        }
        type_into(&mut h, channel.label(), &amount.to_string());
    }
    type_into(&mut h, "说明", "少 5 元");
    click(&mut h, "签字确认对账");
    let signed = h.state().money.signed.clone().unwrap();
    assert_eq!(signed.expected, after);
    assert_eq!(signed.difference().total(), d("-5"));
    assert_eq!(signed.signed_by, "A01");
    click(&mut h, "打印对账单");
    let jobs = recorder.0.lock().unwrap().clone();
    assert_eq!(jobs.len(), 1, "{:?}", h.state().status);
    assert_eq!(jobs[0].0, "收款对账单");
    assert!(jobs[0].1.starts_with(b"%PDF"));

    // The 交接 page shows the count.
    h.get_by_label("交接/申请").click();
    h.run();
    let (book, _cod, count) = h.state().shift.cash_book.clone().unwrap();
    assert_eq!(book, after);
    assert_eq!(count, Some(signed));
}

#[test]
fn a_monthly_statement_lists_every_waybill_and_reconciles_to_the_fen() {
    let recorder = Recorder::default();
    let mut h = harness(&recorder);
    h.run();
    log_in(&mut h, "A01 张丽", DEMO_PASSWORD);
    let month = kaidan::domain::people::Month::of(fixed_now().date());
    // A demo shipper on 月结 with waybills this month.
    let statement = (1..500)
        .filter_map(|id| h.state().db().monthly_statement(id, month).ok())
        .find(|s| s.lines.len() >= 2)
        .unwrap();
    h.get_by_label("收款/对账").click();
    h.run();
    type_into(&mut h, "客户电话", &statement.phones[0]);
    click(&mut h, "生成对账单");
    let shown = h.state().money.statement.clone().unwrap();
    assert_eq!(shown, statement, "{:?}", h.state().money.message);
    let summed: Decimal = shown.lines.iter().map(|l| l.total_yuan).sum();
    assert_eq!(shown.totals.total_yuan, summed);
    assert_eq!(shown.totals.waybills, shown.lines.len());
    assert!(
        shown
            .lines
            .iter()
            .all(|l| l.issued_at.date() <= fixed_now().date())
    );
    // The money owed and not paid, by aging bracket: the brackets add up to the list.
    click(&mut h, "刷新应收");
    let (owed, today) = h.state().money.receivables.clone().unwrap();
    assert!(!owed.is_empty());
    for payment in [PaymentMethod::Collect, PaymentMethod::OnReceipt] {
        let bracketed: Decimal = kaidan::domain::money::statements::aging(&owed, payment, today)
            .iter()
            .map(|l| l.open_yuan)
            .sum();
        let listed: Decimal = owed
            .iter()
            .filter(|r| r.payment == payment)
            .map(|r| r.open_yuan)
            .sum();
        assert_eq!(bracketed, listed);
    }
}

/// A demo shipper on 月结 with waybills this month, owing something on the statement.
fn monthly_customer(h: &Harness<'_, App>) -> kaidan::domain::money::statements::Statement {
    let month = kaidan::domain::people::Month::of(fixed_now().date());
    (1..500)
        .filter_map(|id| h.state().db().monthly_statement(id, month).ok())
        .find(|s| !s.lines.is_empty() && s.balance_yuan() > d("1"))
        .unwrap()
}

/// Opens the statement of this customer for this month on the 收款/对账 page.
fn open_statement(
    h: &mut Harness<'_, App>,
    statement: &kaidan::domain::money::statements::Statement,
) {
    h.get_by_label("收款/对账").click();
    h.run();
    type_into(h, "客户电话", &statement.phones[0]);
    click(h, "生成对账单");
    assert_eq!(
        h.state().money.statement.as_ref(),
        Some(statement),
        "{:?}",
        h.state().money.message
    );
}

/// Types into the 月结回款 amount: the page's last field labelled 金额.
fn type_account_amount(h: &mut Harness<'_, App>, text: &str) {
    h.get_all_by_role_and_label(Role::TextInput, "金额")
        .last()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "金额")
        .last()
        .unwrap()
        .focus();
    h.run();
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// The 月结 lines of the ledger on the demo day.
fn account_lines(h: &Harness<'_, App>) -> Vec<kaidan::domain::money::ledger::LedgerEntry> {
    let day = fixed_now().date();
    h.state()
        .db()
        .ledger_between(
            day.and_hms_opt(0, 0, 0).unwrap(),
            day.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap(),
            None,
        )
        .unwrap()
        .into_iter()
        .filter(|e| e.occasion == Occasion::Account)
        .collect()
}

#[test]
fn a_monthly_customer_pays_part_of_the_statement() {
    let recorder = Recorder::default();
    let mut h = harness(&recorder);
    h.run();
    log_in(&mut h, "A01 张丽", DEMO_PASSWORD);
    let statement = monthly_customer(&h);
    let balance = statement.balance_yuan();
    assert!(account_lines(&h).is_empty());
    open_statement(&mut h, &statement);
    assert!(h.query_by_label("月结回款").is_some());

    // Part of the balance, by bank transfer.
    let part = (balance / d("2")).round_dp(2);
    type_account_amount(&mut h, &part.to_string());
    h.state_mut().money.account_channel = PayChannel::Bank;
    click(&mut h, "记录回款");
    let message = h.state().money.message.clone();
    assert!(
        matches!(&message, Some((true, m)) if m.contains("月结回款")),
        "{message:?} {:?}",
        h.state().status
    );

    // The records: the statement's balance is reduced by the part; one 月结 ledger line.
    let after = h
        .state()
        .db()
        .monthly_statement(statement.customer_id, statement.month)
        .unwrap();
    assert_eq!(after.paid_yuan(), part);
    assert_eq!(after.balance_yuan(), balance - part);
    assert_eq!(after.payments.len(), 1);
    assert_eq!(after.payments[0].channel, PayChannel::Bank);
    assert_eq!(after.payments[0].staff_id, "A01");
    let lines = account_lines(&h);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (
            lines[0].amount_yuan,
            lines[0].channel,
            lines[0].number.as_str()
        ),
        (part, PayChannel::Bank, "")
    );

    // The page: the statement shown is the one after, with what was paid and what is owed.
    assert_eq!(h.state().money.statement.as_ref(), Some(&after));
    h.run();
    let paid = format!(
        "已回款 ¥{}，未结 ¥{}",
        kaidan::domain::money::format_yuan(part),
        kaidan::domain::money::format_yuan(balance - part)
    );
    assert!(h.query_by_label(&paid).is_some(), "{paid}");
}

#[test]
fn a_monthly_payment_above_the_balance_is_refused() {
    let recorder = Recorder::default();
    let mut h = harness(&recorder);
    h.run();
    log_in(&mut h, "A01 张丽", DEMO_PASSWORD);
    let statement = monthly_customer(&h);
    let balance = statement.balance_yuan();
    open_statement(&mut h, &statement);

    let too_much = balance + d("0.01");
    type_account_amount(&mut h, &too_much.to_string());
    click(&mut h, "记录回款");
    h.run();
    // Refused in Chinese, shown on the page.
    let refusal = format!(
        "超过未付金额 {} 元",
        kaidan::domain::money::format_yuan(balance)
    );
    assert!(
        h.query_by_label_contains(&refusal).is_some(),
        "{refusal} {:?} {:?}",
        h.state().money.message,
        h.state().status
    );
    // Nothing recorded.
    assert!(account_lines(&h).is_empty());
    let after = h
        .state()
        .db()
        .monthly_statement(statement.customer_id, statement.month)
        .unwrap();
    assert!(after.payments.is_empty());
    assert_eq!(after.balance_yuan(), balance);
}
