//! The 月结 statement (月结对账单) as a PDF for the customer: A4 portrait, the company, the
//! customer with their phones, the month; a ruled table of every 月结 waybill of the month
//! (number, issue day, destination, consignee, pieces, freight, premium, delivery fee,
//! total), running over as many pages as it needs with the header repeated; the totals
//! line, which is the sum of the lines; the amount in capitals; and the lines where both
//! sides sign. Every page says which of how many it is.

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};
use crate::domain::money::{capital_yuan, format_yuan};
use crate::domain::statements::{Statement, StatementLine};
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
const END_H: f32 = 36.0;
const FOOTER_BASELINE: f32 = 285.0;
/// Column widths (they add up to the content width).
const WIDTHS: [f32; 10] = [10.0, 28.0, 19.0, 25.0, 32.0, 10.0, 17.0, 14.0, 14.0, 17.0];

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

fn draw_end(page: &mut Page, statement: &Statement, top: f32) -> Result<(), PdfError> {
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
    let y = top + ROW_H + 4.0;
    page.text(
        MARGIN_X,
        style.baseline_for_top(y),
        style,
        &format!(
            "{}{}（¥{}）",
            text::CAPITAL,
            capital_yuan(t.total_yuan),
            format_yuan(t.total_yuan)
        ),
    )?;
    let middle = y + 18.0;
    for (x, label, end) in [
        (MARGIN_X, text::SIGN_CUSTOMER, MARGIN_X + 85.0),
        (MARGIN_X + 100.0, text::SIGN_COMPANY, MARGIN_X + CONTENT_W),
    ] {
        let w = page.text_aligned(
            x,
            0.0,
            style.baseline_for_middle(middle),
            Align::Left,
            style,
            label,
        )?;
        page.hline(x + w + 1.0, end, middle + 3.0, 0.6);
    }
    Ok(())
}

/// The statement as a PDF: A4 portrait, as many pages as its waybills need.
pub fn statement_pdf(
    statement: &Statement,
    company: &str,
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let head: Vec<(String, Align)> = text::HEADS
        .iter()
        .map(|t| ((*t).to_owned(), Align::Center))
        .collect();
    let mut pages = Vec::new();
    let mut page = Page::new(PAGE_W, PAGE_H);
    draw_head(&mut page, statement, company)?;
    let mut y = TABLE_TOP;
    row(&mut page, &WIDTHS, y, &head, Style::bold(BODY_PT), true)?;
    y += ROW_H;
    if statement.lines.is_empty() {
        page.text(
            MARGIN_X + 2.0,
            Style::regular(BODY_PT).baseline_for_middle(y + ROW_H / 2.0),
            Style::regular(BODY_PT).ink(QUIET),
            text::NONE,
        )?;
        y += ROW_H;
    }
    for (index, line) in statement.lines.iter().enumerate() {
        let last = index + 1 == statement.lines.len();
        let needed = if last { ROW_H + END_H } else { ROW_H };
        if y + needed > BODY_BOTTOM {
            pages.push(std::mem::replace(&mut page, Page::new(PAGE_W, PAGE_H)));
            y = 15.0;
            row(&mut page, &WIDTHS, y, &head, Style::bold(BODY_PT), true)?;
            y += ROW_H;
        }
        row(
            &mut page,
            &WIDTHS,
            y,
            &cells(index, line),
            Style::regular(BODY_PT),
            false,
        )?;
        y += ROW_H;
    }
    draw_end(&mut page, statement, y)?;
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

    fn pages(n: usize) -> usize {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let bytes = statement_pdf(&statement(n), "广州市每地达物流有限公司", at).unwrap();
        std::fs::create_dir_all("target").ok();
        std::fs::write(format!("target/statement-{n}.pdf"), &bytes).ok();
        lopdf::Document::load_mem(&bytes).unwrap().get_pages().len()
    }

    #[test]
    fn a_statement_lists_every_waybill_over_as_many_pages_as_it_needs() {
        assert_eq!(pages(0), 1);
        assert_eq!(pages(8), 1);
        assert!(pages(70) >= 2);
    }
}
