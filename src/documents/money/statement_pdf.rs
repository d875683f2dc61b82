//! The 月结 statement (月结对账单) as a PDF for the customer: A4 portrait, the company, the
//! customer with their phones, the month; a ruled table of every 月结 waybill of the month
//! (number, issue day, destination, consignee, pieces, freight, premium, delivery fee,
//! total), running over as many pages as it needs with the header repeated; the totals
//! line, which is the sum of the lines; the amount in capitals; the payments against it
//! (回款记录: time, amount, method, who took it, note) and the balance (应收合计, 已回款,
//! 未结余额); and the lines where both sides sign. Every page says which of how many it is.

use crate::documents::list_table::{Cell, Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, QUIET, SIGN_H, Sheet, SignLine};
use crate::documents::pdf::{Align, PdfError, Style};
use crate::domain::money::statements::{AccountPayment, Statement, StatementLine};
use crate::domain::money::{capital_yuan, format_yuan};
use chrono::NaiveDateTime;

/// The printed words.
mod text {
    /// The customer's 代收货款 of the month, apart from what they owe.
    pub const COD: &str = "代收货款（本月，属发货方，不在上列应付之内）：{l}";
    /// The title, spaced as printed.
    pub const TITLE: &str = "月 结 对 账 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "月结对账单";
    /// Heads of the table.
    pub const HEADS: [&str; 10] = [
        "序号",
        "运单号",
        "开单日期",
        "到站",
        "收货方",
        "件数",
        "运费",
        "保价费",
        "送货费",
        "合计",
    ];
    /// The total line.
    pub const TOTAL: &str = "合计";
    /// No waybills.
    pub const NONE: &str = "本月没有月结运单。";
    /// The amount in capitals.
    pub const CAPITAL: &str = "本月应付合计（大写）：";
    /// The customer's signature.
    pub const SIGN_CUSTOMER: &str = "客户确认（签章）：";
    /// The company's signature.
    pub const SIGN_COMPANY: &str = "对账人（签字）：";
    /// The payments' title.
    pub const PAYMENTS: &str = "回款记录";
    /// Heads of the payments' table.
    pub const PAYMENT_HEADS: [&str; 6] = ["序号", "回款时间", "金额", "方式", "经办", "备注"];
    /// No payments yet.
    pub const NO_PAYMENTS: &str = "尚无回款。";
    /// What the month's waybills come to.
    pub const DUE: &str = "应收合计";
    /// What was paid against them.
    pub const PAID: &str = "已回款";
    /// What is still owed.
    pub const BALANCE: &str = "未结余额";
    /// A month before payments were recorded here.
    pub const SETTLED: &str = "该月在登记月结回款之前已视为结清，无未结余额。";
}

/// The body text size.
const BODY_PT: f32 = 8.5;
/// The line of the amount in capitals under the totals.
const CAPITAL_H: f32 = 12.0;
/// The gap over the balance lines.
const GAP: f32 = 4.0;

/// The waybills' table (its widths add up to the content width of A4 portrait).
const COLUMNS: [Column; 10] = [
    Column::new(text::HEADS[0], 10.0, Align::Center),
    Column::new(text::HEADS[1], 28.0, Align::Left),
    Column::new(text::HEADS[2], 19.0, Align::Center),
    Column::new(text::HEADS[3], 25.0, Align::Left),
    Column::new(text::HEADS[4], 32.0, Align::Left),
    Column::new(text::HEADS[5], 10.0, Align::Right),
    Column::new(text::HEADS[6], 17.0, Align::Right),
    Column::new(text::HEADS[7], 14.0, Align::Right),
    Column::new(text::HEADS[8], 14.0, Align::Right),
    Column::new(text::HEADS[9], 17.0, Align::Right),
];

/// The payments' table.
const PAYMENT_COLUMNS: [Column; 6] = [
    Column::new(text::PAYMENT_HEADS[0], 10.0, Align::Center),
    Column::new(text::PAYMENT_HEADS[1], 30.0, Align::Center),
    Column::new(text::PAYMENT_HEADS[2], 24.0, Align::Right),
    Column::new(text::PAYMENT_HEADS[3], 18.0, Align::Center),
    Column::new(text::PAYMENT_HEADS[4], 28.0, Align::Left),
    Column::new(text::PAYMENT_HEADS[5], 76.0, Align::Left),
];

/// The balance lines: label and amount.
const SUMMARY_COLUMNS: [Column; 2] = [
    Column::new("", 36.0, Align::Left),
    Column::new("", 30.0, Align::Right),
];

/// Where the signatures go, from the left margin.
const SIGN_LINES: [SignLine; 2] = [
    SignLine {
        label: text::SIGN_CUSTOMER,
        x: 0.0,
        end: 85.0,
    },
    SignLine {
        label: text::SIGN_COMPANY,
        x: 100.0,
        end: 186.0,
    },
];

fn row(index: usize, line: &StatementLine) -> Row {
    Row::new(vec![
        (index + 1).to_string().into(),
        line.number.as_str().into(),
        line.issued_at.format("%Y-%m-%d").to_string().into(),
        line.dest_name.as_str().into(),
        line.consignee_name.as_str().into(),
        line.pieces.to_string().into(),
        format_yuan(line.freight_yuan).into(),
        format_yuan(line.premium_yuan).into(),
        format_yuan(line.delivery_fee_yuan).into(),
        format_yuan(line.total_yuan).into(),
    ])
}

fn totals_row(statement: &Statement) -> Row {
    let t = &statement.totals;
    Row::new(vec![
        text::TOTAL.into(),
        Cell::text(format!("{} 票", t.waybills)).span(4),
        t.pieces.to_string().into(),
        format_yuan(t.freight_yuan).into(),
        format_yuan(t.premium_yuan).into(),
        format_yuan(t.delivery_fee_yuan).into(),
        format_yuan(t.total_yuan).into(),
    ])
}

fn head<'a>(statement: &Statement, company: &'a str) -> Head<'a> {
    let half = Paper::A4_PORTRAIT.content_w() / 2.0;
    Head::new(
        company,
        text::TITLE,
        vec![
            vec![
                Field::new("客户", statement.customer_name.as_str(), half),
                Field::new("电话", statement.phones.join("、"), 0.0),
            ],
            vec![Field::new("月份", statement.month.to_string(), half)],
        ],
    )
}

fn payment_row(index: usize, payment: &AccountPayment, names: &dyn Fn(&str) -> String) -> Row {
    let staff = format!("{} {}", payment.staff_id, names(&payment.staff_id));
    Row::new(vec![
        (index + 1).to_string().into(),
        payment.at.format("%Y-%m-%d %H:%M").to_string().into(),
        format_yuan(payment.amount_yuan).into(),
        payment.channel.label().into(),
        staff.trim().into(),
        payment.note().into(),
    ])
}

/// 应收合计, 已回款 and 未结余额, then the lines where both sides sign, on one page.
fn balance_and_signatures(pages: &mut Sheet<'_>, statement: &Statement) -> Result<(), PdfError> {
    let mut summary = Table::new(&SUMMARY_COLUMNS);
    summary.titles = false;
    summary.rows = [
        (text::DUE, statement.totals.total_yuan, false),
        (text::PAID, statement.paid_yuan(), false),
        (text::BALANCE, statement.balance_yuan(), true),
    ]
    .into_iter()
    .map(|(label, amount, bold)| {
        let row = Row::new(vec![
            label.into(),
            format!("¥{}", format_yuan(amount)).into(),
        ]);
        if bold {
            Row::new(
                row.cells
                    .into_iter()
                    .map(|c| c.style(Style::bold(BODY_PT)))
                    .collect(),
            )
        } else {
            row
        }
    })
    .collect();
    let row_h = pages.paper().row_h;
    #[allow(clippy::cast_precision_loss, reason = "three rows")]
    let summary_h = row_h * summary.rows.len() as f32;
    pages.make_room(GAP + summary_h + GAP + SIGN_H)?;
    pages.advance(GAP);
    let top = pages.y();
    pages.table(&summary)?;
    if statement.taken_as_settled {
        let quiet = Style::regular(BODY_PT).ink(QUIET);
        let x = pages.paper().margin_x + summary.width() + 4.0;
        pages.page().text(
            x,
            quiet.baseline_for_middle(top + 2.5 * row_h),
            quiet,
            text::SETTLED,
        )?;
    }
    pages.advance(GAP);
    if !statement.cod.is_empty() {
        let line = text::COD.replace("{l}", &statement.cod.line());
        pages.line(Style::regular(BODY_PT), &line, 6.0, 0.0)?;
        pages.advance(GAP);
    }
    pages.signatures("", &SIGN_LINES)
}

/// The statement as a PDF: A4 portrait, as many pages as its waybills and payments
/// need. `names` gives a staff member's name for their 工号 (empty when unknown).
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn statement_pdf(
    statement: &Statement,
    company: &str,
    names: &dyn Fn(&str) -> String,
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let title = format!(
        "{} {} {}",
        text::NAME,
        statement.customer_name,
        statement.month
    );
    let footer = format!("{title} 打印于 {}", printed_at.format("%Y-%m-%d %H:%M"));
    let mut pages = Sheet::new(Paper::A4_PORTRAIT, head(statement, company), footer)?;
    let mut waybills = Table::new(&COLUMNS);
    waybills.body_pt = BODY_PT;
    waybills.empty = Some(text::NONE);
    waybills.rows = statement
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| row(i, line))
        .collect();
    waybills.totals = Some(totals_row(statement));
    waybills.keep_after = CAPITAL_H;
    pages.table(&waybills)?;
    let total = statement.totals.total_yuan;
    let capital = format!(
        "{}{}（¥{}）",
        text::CAPITAL,
        capital_yuan(total),
        format_yuan(total)
    );
    pages.line(Style::regular(10.0), &capital, CAPITAL_H, 0.0)?;
    let mut payments = Table::new(&PAYMENT_COLUMNS);
    payments.caption = Some(text::PAYMENTS);
    payments.body_pt = BODY_PT;
    payments.empty = Some(text::NO_PAYMENTS);
    payments.rows = statement
        .payments
        .iter()
        .enumerate()
        .map(|(i, payment)| payment_row(i, payment, names))
        .collect();
    pages.table(&payments)?;
    balance_and_signatures(&mut pages, statement)?;
    pages.finish(&title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Month;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn statement(n: usize) -> Statement {
        let lines = (0..n)
            .map(|i| {
                let k = u32::try_from(i).unwrap();
                let freight = Decimal::from(200 + k) + Decimal::new(55, 2);
                StatementLine {
                    number: format!("GZ2611{:02}{:04}", 1 + k % 28, k + 1),
                    issued_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 1 + k % 28)
                        .unwrap()
                        .and_hms_opt(9, 0, 0)
                        .unwrap(),
                    dest_name: "湘潭市 湘潭县".into(),
                    consignee_name: "湘潭县易俗河李记批发部".into(),
                    pieces: 1 + k % 9,
                    freight_yuan: freight,
                    premium_yuan: Decimal::from(10),
                    delivery_fee_yuan: Decimal::ZERO,
                    total_yuan: freight + Decimal::from(10),
                }
            })
            .collect();
        Statement::new(
            7,
            "广州市白云区宏达服装厂".into(),
            vec!["13912345678".into(), "020-86123456".into()],
            Month::from_str("2026-11").unwrap(),
            lines,
        )
    }

    fn at() -> NaiveDateTime {
        crate::testing::time(2026, 12, 1, 10, 0)
    }

    fn names(id: &str) -> String {
        if id == "A01" {
            "张丽".into()
        } else {
            String::new()
        }
    }

    fn pdf(statement: &Statement, name: &str) -> Vec<u8> {
        let bytes = statement_pdf(statement, "广州市每地达物流有限公司", &names, at()).unwrap();
        std::fs::create_dir_all("target").ok();
        std::fs::write(format!("target/statement-{name}.pdf"), &bytes).ok();
        bytes
    }

    fn pages(n: usize) -> usize {
        let bytes = pdf(&statement(n), &n.to_string());
        lopdf::Document::load_mem(&bytes).unwrap().get_pages().len()
    }

    use crate::documents::test_support::pdf_page_texts as page_texts;

    fn payment(day: u32, amount: &str, staff_id: &str, reason: &str) -> AccountPayment {
        AccountPayment {
            id: 0,
            at: chrono::NaiveDate::from_ymd_opt(2026, 12, day)
                .unwrap()
                .and_hms_opt(10, 30, 0)
                .unwrap(),
            staff_id: staff_id.into(),
            amount_yuan: Decimal::from_str(amount).unwrap(),
            channel: crate::domain::dispatch::pickup::PayChannel::Bank,
            reason: reason.into(),
        }
    }

    #[test]
    fn a_statement_lists_every_waybill_over_as_many_pages_as_it_needs() {
        assert_eq!(pages(0), 1);
        assert_eq!(pages(8), 1);
        assert!(pages(70) >= 2);
    }

    #[test]
    fn the_payments_and_the_balance_follow_the_totals() {
        let mut paid = statement(3);
        // 200.55 + 201.55 + 202.55 freight and 10 premium each.
        assert_eq!(paid.totals.total_yuan, Decimal::from_str("634.65").unwrap());
        paid.payments = vec![
            payment(
                5,
                "300",
                "A01",
                "广州市白云区宏达服装厂 2026-11 月结款：工行转账 0931",
            ),
            payment(9, "95.01", "B07", "广州市白云区宏达服装厂 2026-11 月结款"),
        ];
        let texts = page_texts(&pdf(&paid, "paid"));
        assert_eq!(texts.len(), 1);
        let page = &texts[0];
        for expected in [
            "回款记录",
            "2026-12-0510:30",
            "300.00",
            "银行",
            "A01张丽",
            "工行转账0931",
            "2026-12-0910:30",
            "95.01",
            "B07",
            "应收合计¥634.65",
            "已回款¥395.01",
            "未结余额¥239.64",
        ] {
            assert!(page.contains(expected), "{expected} not in {page}");
        }
        // The totals come first, then the payments, then the balance and the signatures.
        let position = |t: &str| page.find(t).unwrap();
        assert!(position("634.65") < position("回款记录"));
        assert!(position("回款记录") < position("未结余额"));
        assert!(position("未结余额") < position("客户确认"));
        assert!(!page.contains("尚无回款"));
    }

    #[test]
    fn a_statement_without_payments_says_so_and_owes_its_total() {
        let texts = page_texts(&pdf(&statement(3), "unpaid"));
        let page = &texts[0];
        for expected in [
            "回款记录",
            "尚无回款",
            "应收合计¥634.65",
            "已回款¥0.00",
            "未结余额¥634.65",
        ] {
            assert!(page.contains(expected), "{expected} not in {page}");
        }
        let mut settled = statement(1);
        settled.taken_as_settled = true;
        let texts = page_texts(&pdf(&settled, "settled"));
        assert!(texts[0].contains("未结余额¥0.00"), "{}", texts[0]);
        assert!(texts[0].contains("已视为结清"), "{}", texts[0]);
    }

    #[test]
    fn many_payments_run_over_to_the_next_page_and_the_balance_ends_the_last() {
        let mut paid = statement(30);
        paid.payments = (0..40)
            .map(|i| payment(1 + i % 28, "1.01", "A01", "宏达 2026-11 月结款"))
            .collect();
        let texts = page_texts(&pdf(&paid, "many-payments"));
        assert!(texts.len() >= 2, "{}", texts.len());
        let last = texts.last().unwrap();
        assert!(last.contains("未结余额"), "{last}");
        // A page the payments continue on repeats their heads.
        for page in &texts[1..] {
            assert!(
                !page.contains("1.01") || page.contains("回款时间"),
                "{page}"
            );
        }
        let rows: usize = texts.iter().map(|t| t.matches("1.01").count()).sum();
        assert_eq!(rows, 40);
        let paid_text = format!("已回款¥{}", format_yuan(paid.paid_yuan()));
        assert!(last.contains(&paid_text), "{last}");
    }
}
