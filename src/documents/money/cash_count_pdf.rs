//! The reconciliation printout (收款对账单) of a shift's or a day's money: A4 portrait, the
//! company, the station, whose money and which period, when it was signed and by whom;
//! the table by payment method — 账面 (what the payments ledger says was taken), 实点
//! (what was counted), 差额 — with its total; the note; then every ledger line of the
//! period (time, waybill, occasion, method, amount, who), running over as many pages as
//! it needs; and the signature lines of the one who hands the money over and the one who
//! checks it. Every page says which of how many it is.

use crate::documents::list_table::{Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, SIGN_H, Sheet, SignLine};
use crate::documents::pdf::{Align, PdfError, Style};
use crate::domain::dispatch::pickup::PayChannel;
use crate::domain::money::format_yuan;
use crate::domain::money::ledger::{CashCount, LedgerEntry};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "收 款 对 账 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "收款对账单";
    /// Heads of the table by method.
    pub const BY_METHOD: [&str; 5] = ["收款方式", "账面（收款记录）", "代收货款", "实点", "差额"];
    /// Under the table when 代收货款 was taken.
    pub const COD_NOTE: &str = "代收货款应返发货方，不是本站收入；差额 = 实点 − 账面 − 代收货款。";
    /// The total line.
    pub const TOTAL: &str = "合计";
    /// Heads of the lines table.
    pub const LINES: [&str; 7] = ["序号", "时间", "运单号", "事由", "方式", "金额", "经手"];
    /// Title over the lines.
    pub const LINES_TITLE: &str = "收款明细";
    /// No lines.
    pub const NO_LINES: &str = "本期间没有收款记录。";
    /// The balanced mark.
    pub const BALANCED: &str = "账实相符";
    /// The unbalanced mark.
    pub const UNBALANCED: &str = "账实不符：差额见上表";
    /// The note's label.
    pub const NOTE: &str = "说明：";
    /// The one handing over.
    pub const SIGN_CLERK: &str = "交款人（签字）：";
    /// The one checking.
    pub const SIGN_CHECK: &str = "复核人（签字）：";
    /// Before the records' short code in the footer.
    pub const RECORD_CODE: &str = "数据校验码 ";
}

/// The body text size.
const BODY_PT: f32 = 9.0;

/// The table by method (its widths add up to the content width of A4 portrait).
const METHOD_COLUMNS: [Column; 5] = [
    Column::new(text::BY_METHOD[0], 34.0, Align::Center),
    Column::new(text::BY_METHOD[1], 42.0, Align::Right),
    Column::new(text::BY_METHOD[2], 38.0, Align::Right),
    Column::new(text::BY_METHOD[3], 36.0, Align::Right),
    Column::new(text::BY_METHOD[4], 36.0, Align::Right),
];

/// The ledger lines' table.
const LINE_COLUMNS: [Column; 7] = [
    Column::new(text::LINES[0], 12.0, Align::Center),
    Column::new(text::LINES[1], 30.0, Align::Center),
    Column::new(text::LINES[2], 36.0, Align::Left),
    Column::new(text::LINES[3], 20.0, Align::Left),
    Column::new(text::LINES[4], 18.0, Align::Center),
    Column::new(text::LINES[5], 32.0, Align::Right),
    Column::new(text::LINES[6], 38.0, Align::Left),
];

/// Where the signatures go, from the left margin.
const SIGN_LINES: [SignLine; 2] = [
    SignLine {
        label: text::SIGN_CLERK,
        x: 0.0,
        end: 80.0,
    },
    SignLine {
        label: text::SIGN_CHECK,
        x: 95.0,
        end: 186.0,
    },
];

/// What the printout shows (not `Debug`: it holds the names look-up).
#[derive(Clone, Copy)]
pub struct CashCountSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 站点.
    pub station: &'a str,
    /// The signed count.
    pub count: &'a CashCount,
    /// Whose money, as printed: `A01 张丽`, or 全站.
    pub whose: &'a str,
    /// Who signed, as printed: `A01 张丽`.
    pub signed_by: &'a str,
    /// The ledger lines of the period, in the order recorded.
    pub lines: &'a [LedgerEntry],
    /// Names by 工号 for the lines' 经手 column.
    pub names: &'a dyn Fn(&str) -> String,
    /// When printed.
    pub printed_at: NaiveDateTime,
    /// The short code of the records' head when printed (`storage::anchors`): written on
    /// paper, `kaidan check --anchor CODE` later proves the records up to it unchanged.
    pub record_code: &'a str,
}

fn signed(amount: Decimal) -> String {
    if amount > Decimal::ZERO {
        format!("+{}", format_yuan(amount))
    } else {
        format_yuan(amount)
    }
}

fn head<'a>(sheet: &CashCountSheet<'a>) -> Head<'a> {
    let count = sheet.count;
    let half = Paper::A4_PORTRAIT.content_w() / 2.0;
    Head::new(
        sheet.company,
        text::TITLE,
        vec![
            vec![
                Field::new("站点", sheet.station, half),
                Field::new("交款人", sheet.whose, 0.0),
            ],
            vec![
                Field::new("期间", count.period.as_str(), half),
                Field::new(
                    "时段",
                    format!(
                        "{} 至 {}",
                        count.from.format("%Y-%m-%d %H:%M"),
                        count.to.format("%m-%d %H:%M")
                    ),
                    0.0,
                ),
            ],
            vec![
                Field::new("签字", sheet.signed_by, half),
                Field::new(
                    "签字时间",
                    count.signed_at.format("%Y-%m-%d %H:%M").to_string(),
                    0.0,
                ),
            ],
        ],
    )
}

/// The table by method, its total, whether it balances and the note.
fn by_method(pages: &mut Sheet<'_>, count: &CashCount) -> Result<(), PdfError> {
    let difference = count.difference();
    let mut table = Table::new(&METHOD_COLUMNS);
    table.body_pt = BODY_PT + 0.5;
    table.rows = PayChannel::ALL
        .iter()
        .map(|&channel| {
            Row::new(vec![
                channel.label().into(),
                format_yuan(count.expected.get(channel)).into(),
                format_yuan(count.cod.get(channel)).into(),
                format_yuan(count.counted.get(channel)).into(),
                signed(difference.get(channel)).into(),
            ])
        })
        .collect();
    table.totals = Some(Row::new(vec![
        text::TOTAL.into(),
        format_yuan(count.expected.total()).into(),
        format_yuan(count.cod.total()).into(),
        format_yuan(count.counted.total()).into(),
        signed(difference.total()).into(),
    ]));
    pages.table(&table)?;
    pages.advance(2.0);
    let mark = if count.balances() {
        text::BALANCED
    } else {
        text::UNBALANCED
    };
    pages.line(Style::bold(10.0), mark, 6.0, 0.0)?;
    if !count.cod.total().is_zero() {
        pages.line(Style::regular(9.0), text::COD_NOTE, 6.0, 0.0)?;
    }
    if !count.note.trim().is_empty() {
        let note = format!("{}{}", text::NOTE, count.note);
        pages.line(Style::regular(9.0), &note, 7.0, 0.0)?;
    }
    pages.advance(2.0);
    Ok(())
}

fn line_row(index: usize, line: &LedgerEntry, sheet: &CashCountSheet<'_>) -> Row {
    let mut occasion = line.occasion.label().to_owned();
    if !line.reason.is_empty() {
        occasion = format!("{occasion}：{}", line.reason);
    }
    Row::new(vec![
        (index + 1).to_string().into(),
        line.at.format("%m-%d %H:%M").to_string().into(),
        line.number.as_str().into(),
        occasion.into(),
        line.channel.label().into(),
        format_yuan(line.amount_yuan).into(),
        format!("{} {}", line.staff_id, (sheet.names)(&line.staff_id)).into(),
    ])
}

/// The reconciliation printout as a PDF: A4 portrait, as many pages as the lines need.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn cash_count_pdf(sheet: &CashCountSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let footer = format!(
        "{} {} {} 打印于 {}  {}{}",
        text::NAME,
        sheet.station,
        sheet.count.period,
        sheet.printed_at.format("%Y-%m-%d %H:%M"),
        text::RECORD_CODE,
        sheet.record_code
    );
    let mut pages = Sheet::new(Paper::A4_PORTRAIT, head(sheet), footer)?;
    by_method(&mut pages, sheet.count)?;
    let mut lines = Table::new(&LINE_COLUMNS);
    lines.caption = Some(text::LINES_TITLE);
    lines.body_pt = BODY_PT;
    lines.empty = Some(text::NO_LINES);
    lines.rows = sheet
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| line_row(i, line, sheet))
        .collect();
    lines.keep_after = 4.0 + SIGN_H;
    pages.table(&lines)?;
    pages.advance(4.0);
    pages.signatures("", &SIGN_LINES)?;
    pages.finish(&format!(
        "{} {} {}",
        text::NAME,
        sheet.station,
        sheet.count.period
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::ledger::{ByChannel, Occasion};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        crate::testing::time(2026, 11, 23, h, m)
    }

    /// A shift's count and its lines, `n` of them; written to `target/cash-count-N.pdf`
    /// to look at.
    fn render_count(n: usize) -> Vec<u8> {
        let lines: Vec<LedgerEntry> = (0..n)
            .map(|i| {
                let k = u32::try_from(i).unwrap();
                let refund = i % 9 == 8;
                LedgerEntry {
                    id: i64::from(k),
                    number: format!("GZ261123{:04}", k + 1),
                    at: at(8 + (k / 12) % 8, (k * 5) % 60),
                    staff_id: "A01".into(),
                    amount_yuan: if refund {
                        d("-20")
                    } else {
                        d("255") + Decimal::from(k)
                    },
                    channel: PayChannel::ALL[i % 4],
                    occasion: if refund {
                        Occasion::Refund
                    } else {
                        Occasion::ALL[i % 5]
                    },
                    reason: if refund {
                        "多收运费".into()
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let expected = ByChannel::of(&lines);
        let cod = ByChannel([d("1500"), d("0"), d("0"), d("0")]);
        let mut counted = expected + cod;
        counted.0[0] -= d("5");
        let count = CashCount {
            id: 1,
            staff_id: "A01".into(),
            period: "A01 11-23 早班".into(),
            from: at(7, 30),
            to: at(16, 30),
            expected,
            cod,
            counted,
            note: "少 5 元，已由交款人补齐".into(),
            signed_by: "A01".into(),
            signed_at: at(16, 20),
        };
        let names = |_: &str| "张丽".to_owned();
        let bytes = cash_count_pdf(&CashCountSheet {
            company: "广州市每地达物流有限公司",
            station: "广州白云站",
            count: &count,
            whose: "A01 张丽",
            signed_by: "A01 张丽",
            lines: &lines,
            names: &names,
            printed_at: at(16, 21),
            record_code: "336-1a2b3c4d",
        })
        .unwrap();
        std::fs::create_dir_all("target").ok();
        std::fs::write(format!("target/cash-count-{n}.pdf"), &bytes).ok();
        bytes
    }

    fn page_count(bytes: &[u8]) -> usize {
        lopdf::Document::load_mem(bytes).unwrap().get_pages().len()
    }

    #[test]
    fn a_short_count_is_one_page_a_long_one_runs_over() {
        assert_eq!(page_count(&render_count(6)), 1);
        assert_eq!(page_count(&render_count(0)), 1);
        assert!(page_count(&render_count(60)) >= 2);
    }
}
