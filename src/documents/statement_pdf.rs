//! The 月结 statement (月结对账单) as a PDF for the customer: A4 portrait, the company, the
//! customer with their phones, the month; a ruled table of every 月结 waybill of the month
//! (number, issue day, destination, consignee, pieces, freight, premium, delivery fee,
//! total), running over as many pages as it needs with the header repeated; the totals
//! line, which is the sum of the lines; the amount in capitals; the payments against it
//! (回款记录: time, amount, method, who took it, note) and the balance (应收合计, 已回款,
//! 未结余额); and the lines where both sides sign. Every page says which of how many it is.

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};
use crate::domain::money::{capital_yuan, format_yuan};
use crate::domain::statements::{AccountPayment, Statement, StatementLine};
use chrono::NaiveDateTime;

/// The printed words.
mod text {
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

/// A4 portrait, in mm.
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN_X: f32 = 12.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const ROW_H: f32 = 6.5;
const RULE_PT: f32 = 0.4;
const LABEL_FILL: Ink = Ink::Grey(0.9);
const QUIET: Ink = Ink::Grey(0.3);
const BODY_PT: f32 = 8.5;
const TABLE_TOP: f32 = 46.0;
const BODY_BOTTOM: f32 = 272.0;
/// The totals line and the amount in capitals under it.
const TOTALS_H: f32 = ROW_H + 12.0;
/// The payments' title above their table.
const PAYMENTS_TITLE_H: f32 = 8.0;
/// The three balance lines and the space under them.
const SUMMARY_H: f32 = 3.0 * ROW_H + 4.0;
/// The signature lines.
const SIGN_H: f32 = 24.0;
/// Where a continued page starts.
const CONTINUED_TOP: f32 = 15.0;
const FOOTER_BASELINE: f32 = 285.0;
/// Column widths (they add up to the content width).
const WIDTHS: [f32; 10] = [10.0, 28.0, 19.0, 25.0, 32.0, 10.0, 17.0, 14.0, 14.0, 17.0];
/// Column widths of the payments (they add up to the content width).
const PAYMENT_WIDTHS: [f32; 6] = [10.0, 30.0, 24.0, 18.0, 28.0, 76.0];
/// Column widths of the balance lines: label and amount.
const SUMMARY_WIDTHS: [f32; 2] = [36.0, 30.0];

fn spans(widths: &[f32]) -> Vec<(f32, f32)> {
    let mut x = MARGIN_X;
    widths
        .iter()
        .map(|w| {
            let span = (x, *w);
            x += w;
            span
        })
        .collect()
}

fn row(
    page: &mut Page,
    widths: &[f32],
    y: f32,
    cells: &[(String, Align)],
    style: Style,
    fill: bool,
) -> Result<(), PdfError> {
    let width: f32 = widths.iter().sum();
    let area = Area::new(MARGIN_X, y, width, ROW_H);
    if fill {
        page.fill(area, LABEL_FILL);
    }
    for ((x, w), (text, align)) in spans(widths).into_iter().zip(cells) {
        if !text.is_empty() {
            page.text_fit(
                Area::new(x + 1.5, y, w - 3.0, ROW_H),
                *align,
                style,
                6.0,
                text,
            )?;
        }
        if x > MARGIN_X {
            page.vline(x, y, y + ROW_H, RULE_PT);
        }
    }
    page.frame(area, RULE_PT, Ink::Black);
    Ok(())
}

fn cells(index: usize, line: &StatementLine) -> Vec<(String, Align)> {
    vec![
        ((index + 1).to_string(), Align::Center),
        (line.number.clone(), Align::Left),
        (line.issued_at.format("%Y-%m-%d").to_string(), Align::Center),
        (line.dest_name.clone(), Align::Left),
        (line.consignee_name.clone(), Align::Left),
        (line.pieces.to_string(), Align::Right),
        (format_yuan(line.freight_yuan), Align::Right),
        (format_yuan(line.premium_yuan), Align::Right),
        (format_yuan(line.delivery_fee_yuan), Align::Right),
        (format_yuan(line.total_yuan), Align::Right),
    ]
}

fn draw_head(page: &mut Page, statement: &Statement, company: &str) -> Result<(), PdfError> {
    page.text_fit(
        Area::new(MARGIN_X, 10.0, CONTENT_W, 7.0),
        Align::Center,
        Style::bold(12.0),
        9.0,
        company,
    )?;
    page.text_fit(
        Area::new(MARGIN_X, 17.0, CONTENT_W, 10.0),
        Align::Center,
        Style::bold(18.0),
        12.0,
        text::TITLE,
    )?;
    let label = Style::regular(8.5).ink(QUIET);
    let value = Style::bold(10.0);
    for (i, (name, text)) in [
        ("客户", statement.customer_name.clone()),
        ("电话", statement.phones.join("、")),
        ("月份", statement.month.to_string()),
    ]
    .iter()
    .enumerate()
    {
        let y = 31.0 + 7.0 * f32::from(u8::try_from(i / 2).unwrap_or(0));
        let x = MARGIN_X + if i % 2 == 0 { 0.0 } else { CONTENT_W / 2.0 };
        let lw = measure(name, label)? + 2.0;
        page.text(x, label.baseline_for_middle(y + 3.0), label, name)?;
        page.text_fit(
            Area::new(x + lw, y, CONTENT_W / 2.0 - lw - 2.0, 6.0),
            Align::Left,
            value,
            7.0,
            text,
        )?;
    }
    Ok(())
}

/// The pages written so far, the page being written and how far down it is.
struct Flow {
    pages: Vec<Page>,
    page: Page,
    y: f32,
}

impl Flow {
    /// Starts a new page when `needed` mm no longer fit above the page's bottom; says
    /// whether it did.
    fn make_room(&mut self, needed: f32) -> bool {
        if self.y + needed <= BODY_BOTTOM {
            return false;
        }
        self.pages
            .push(std::mem::replace(&mut self.page, Page::new(PAGE_W, PAGE_H)));
        self.y = CONTINUED_TOP;
        true
    }

    /// A shaded row of column heads.
    fn heads(&mut self, widths: &[f32], heads: &[&str]) -> Result<(), PdfError> {
        let cells: Vec<(String, Align)> = heads
            .iter()
            .map(|t| ((*t).to_owned(), Align::Center))
            .collect();
        row(
            &mut self.page,
            widths,
            self.y,
            &cells,
            Style::bold(BODY_PT),
            true,
        )?;
        self.y += ROW_H;
        Ok(())
    }

    /// A quiet line of text in a row's height.
    fn quiet_line(&mut self, line: &str) -> Result<(), PdfError> {
        self.page.text(
            MARGIN_X + 2.0,
            Style::regular(BODY_PT).baseline_for_middle(self.y + ROW_H / 2.0),
            Style::regular(BODY_PT).ink(QUIET),
            line,
        )?;
        self.y += ROW_H;
        Ok(())
    }
}

/// The totals line and the amount in capitals.
fn draw_totals(page: &mut Page, statement: &Statement, top: f32) -> Result<(), PdfError> {
    let t = &statement.totals;
    let total = vec![
        (text::TOTAL.to_owned(), Align::Center),
        (format!("{} 票", t.waybills), Align::Left),
        (String::new(), Align::Left),
        (String::new(), Align::Left),
        (String::new(), Align::Left),
        (t.pieces.to_string(), Align::Right),
        (format_yuan(t.freight_yuan), Align::Right),
        (format_yuan(t.premium_yuan), Align::Right),
        (format_yuan(t.delivery_fee_yuan), Align::Right),
        (format_yuan(t.total_yuan), Align::Right),
    ];
    row(page, &WIDTHS, top, &total, Style::bold(BODY_PT), true)?;
    let style = Style::regular(10.0);
    page.text(
        MARGIN_X,
        style.baseline_for_top(top + ROW_H + 4.0),
        style,
        &format!(
            "{}{}（¥{}）",
            text::CAPITAL,
            capital_yuan(t.total_yuan),
            format_yuan(t.total_yuan)
        ),
    )
}

fn payment_cells(
    index: usize,
    payment: &AccountPayment,
    names: &dyn Fn(&str) -> String,
) -> Vec<(String, Align)> {
    let staff = format!("{} {}", payment.staff_id, names(&payment.staff_id));
    vec![
        ((index + 1).to_string(), Align::Center),
        (
            payment.at.format("%Y-%m-%d %H:%M").to_string(),
            Align::Center,
        ),
        (format_yuan(payment.amount_yuan), Align::Right),
        (payment.channel.label().to_owned(), Align::Center),
        (staff.trim().to_owned(), Align::Left),
        (payment.note().to_owned(), Align::Left),
    ]
}

/// The payments' title and table, continued over pages with its heads repeated.
fn draw_payments(
    flow: &mut Flow,
    statement: &Statement,
    names: &dyn Fn(&str) -> String,
) -> Result<(), PdfError> {
    // The title never ends a page alone: it goes with the heads and the first row.
    flow.make_room(PAYMENTS_TITLE_H + 2.0 * ROW_H);
    let title = Style::bold(10.0);
    flow.page.text(
        MARGIN_X,
        title.baseline_for_middle(flow.y + PAYMENTS_TITLE_H / 2.0),
        title,
        text::PAYMENTS,
    )?;
    flow.y += PAYMENTS_TITLE_H;
    flow.heads(&PAYMENT_WIDTHS, &text::PAYMENT_HEADS)?;
    if statement.payments.is_empty() {
        return flow.quiet_line(text::NO_PAYMENTS);
    }
    for (index, payment) in statement.payments.iter().enumerate() {
        if flow.make_room(ROW_H) {
            flow.heads(&PAYMENT_WIDTHS, &text::PAYMENT_HEADS)?;
        }
        row(
            &mut flow.page,
            &PAYMENT_WIDTHS,
            flow.y,
            &payment_cells(index, payment, names),
            Style::regular(BODY_PT),
            false,
        )?;
        flow.y += ROW_H;
    }
    Ok(())
}

/// 应收合计, 已回款 and 未结余额, then the lines where both sides sign.
fn draw_balance_and_signatures(flow: &mut Flow, statement: &Statement) -> Result<(), PdfError> {
    flow.make_room(4.0 + SUMMARY_H + SIGN_H);
    flow.y += 4.0;
    let top = flow.y;
    for (label, amount, style) in [
        (
            text::DUE,
            statement.totals.total_yuan,
            Style::regular(BODY_PT),
        ),
        (text::PAID, statement.paid_yuan(), Style::regular(BODY_PT)),
        (
            text::BALANCE,
            statement.balance_yuan(),
            Style::bold(BODY_PT),
        ),
    ] {
        row(
            &mut flow.page,
            &SUMMARY_WIDTHS,
            flow.y,
            &[
                (label.to_owned(), Align::Left),
                (format!("¥{}", format_yuan(amount)), Align::Right),
            ],
            style,
            false,
        )?;
        flow.y += ROW_H;
    }
    if statement.taken_as_settled {
        let quiet = Style::regular(BODY_PT).ink(QUIET);
        let x = MARGIN_X + SUMMARY_WIDTHS.iter().sum::<f32>() + 4.0;
        flow.page.text(
            x,
            quiet.baseline_for_middle(top + 2.5 * ROW_H),
            quiet,
            text::SETTLED,
        )?;
    }
    flow.y += 4.0;
    let style = Style::regular(10.0);
    let middle = flow.y + 12.0;
    for (x, label, end) in [
        (MARGIN_X, text::SIGN_CUSTOMER, MARGIN_X + 85.0),
        (MARGIN_X + 100.0, text::SIGN_COMPANY, MARGIN_X + CONTENT_W),
    ] {
        let w = flow.page.text_aligned(
            x,
            0.0,
            style.baseline_for_middle(middle),
            Align::Left,
            style,
            label,
        )?;
        flow.page.hline(x + w + 1.0, end, middle + 3.0, 0.6);
    }
    flow.y += SIGN_H;
    Ok(())
}

/// The statement as a PDF: A4 portrait, as many pages as its waybills and payments
/// need. `names` gives a staff member's name for their 工号 (empty when unknown).
pub fn statement_pdf(
    statement: &Statement,
    company: &str,
    names: &dyn Fn(&str) -> String,
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let mut flow = Flow {
        pages: Vec::new(),
        page: Page::new(PAGE_W, PAGE_H),
        y: TABLE_TOP,
    };
    draw_head(&mut flow.page, statement, company)?;
    flow.heads(&WIDTHS, &text::HEADS)?;
    if statement.lines.is_empty() {
        flow.quiet_line(text::NONE)?;
    }
    for (index, line) in statement.lines.iter().enumerate() {
        // The last line keeps the totals under it on its page.
        let last = index + 1 == statement.lines.len();
        let needed = if last { ROW_H + TOTALS_H } else { ROW_H };
        if flow.make_room(needed) {
            flow.heads(&WIDTHS, &text::HEADS)?;
        }
        row(
            &mut flow.page,
            &WIDTHS,
            flow.y,
            &cells(index, line),
            Style::regular(BODY_PT),
            false,
        )?;
        flow.y += ROW_H;
    }
    flow.make_room(TOTALS_H);
    draw_totals(&mut flow.page, statement, flow.y)?;
    flow.y += TOTALS_H;
    draw_payments(&mut flow, statement, names)?;
    draw_balance_and_signatures(&mut flow, statement)?;
    let Flow {
        mut pages, page, ..
    } = flow;
    pages.push(page);
    let count = pages.len();
    let footer = Style::regular(7.5).ink(QUIET);
    for (i, page) in pages.iter_mut().enumerate() {
        page.text(
            MARGIN_X,
            FOOTER_BASELINE,
            footer,
            &format!(
                "{} {} {} 打印于 {}",
                text::NAME,
                statement.customer_name,
                statement.month,
                printed_at.format("%Y-%m-%d %H:%M")
            ),
        )?;
        page.text_aligned(
            MARGIN_X,
            CONTENT_W,
            FOOTER_BASELINE,
            Align::Right,
            footer,
            &format!("第 {} 页 / 共 {count} 页", i + 1),
        )?;
    }
    render(
        &format!(
            "{} {} {}",
            text::NAME,
            statement.customer_name,
            statement.month
        ),
        pages,
    )
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
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
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

    fn page_texts(bytes: &[u8]) -> Vec<String> {
        crate::documents::test_support::pdf_page_texts(bytes)
    }

    fn payment(day: u32, amount: &str, staff_id: &str, reason: &str) -> AccountPayment {
        AccountPayment {
            id: 0,
            at: chrono::NaiveDate::from_ymd_opt(2026, 12, day)
                .unwrap()
                .and_hms_opt(10, 30, 0)
                .unwrap(),
            staff_id: staff_id.into(),
            amount_yuan: Decimal::from_str(amount).unwrap(),
            channel: crate::domain::pickup::PayChannel::Bank,
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
