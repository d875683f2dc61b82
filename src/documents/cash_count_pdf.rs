//! The reconciliation printout (收款对账单) of a shift's or a day's money: A4 portrait, the
//! company, the station, whose money and which period, when it was signed and by whom;
//! the table by payment method — 账面 (what the payments ledger says was taken), 实点
//! (what was counted), 差额 — with its total; the note; then every ledger line of the
//! period (time, waybill, occasion, method, amount, who), running over as many pages as
//! it needs; and the signature lines of the one who hands the money over and the one who
//! checks it. Every page says which of how many it is.

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};
use crate::domain::money::format_yuan;
use crate::domain::money_ledger::{CashCount, LedgerEntry};
use crate::domain::pickup::PayChannel;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "收 款 对 账 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "收款对账单";
    /// Heads of the table by method.
    pub const BY_METHOD: [&str; 4] = ["收款方式", "账面（收款记录）", "实点", "差额"];
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
    /// An empty field.
    pub const NONE: &str = "—";
    /// Before the records' short code in the footer.
    pub const RECORD_CODE: &str = "数据校验码 ";
}

/// A4 portrait, in mm.
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN_X: f32 = 15.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const ROW_H: f32 = 6.5;
const FRAME_PT: f32 = 1.0;
const RULE_PT: f32 = 0.4;
const LABEL_FILL: Ink = Ink::Grey(0.9);
const QUIET: Ink = Ink::Grey(0.3);
const BODY_PT: f32 = 9.0;
const BODY_BOTTOM: f32 = 272.0;
const SIGN_H: f32 = 22.0;
const FOOTER_BASELINE: f32 = 285.0;

/// The widths of the table by method.
const METHOD_W: [f32; 4] = [45.0, 50.0, 42.5, 42.5];
/// The widths of the lines table.
const LINE_W: [f32; 7] = [12.0, 30.0, 34.0, 18.0, 18.0, 30.0, 38.0];

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

fn signed(amount: Decimal) -> String {
    if amount > Decimal::ZERO {
        format!("+{}", format_yuan(amount))
    } else {
        format_yuan(amount)
    }
}

fn draw_head(page: &mut Page, sheet: &CashCountSheet<'_>) -> Result<f32, PdfError> {
    page.text_fit(
        Area::new(MARGIN_X, 10.0, CONTENT_W, 7.0),
        Align::Center,
        Style::bold(12.0),
        9.0,
        sheet.company,
    )?;
    page.text_fit(
        Area::new(MARGIN_X, 17.0, CONTENT_W, 10.0),
        Align::Center,
        Style::bold(18.0),
        12.0,
        text::TITLE,
    )?;
    let count = sheet.count;
    let rows: [[(&str, String); 2]; 3] = [
        [
            ("站点", sheet.station.to_owned()),
            ("交款人", sheet.whose.to_owned()),
        ],
        [
            ("期间", count.period.clone()),
            (
                "时段",
                format!(
                    "{} 至 {}",
                    count.from.format("%Y-%m-%d %H:%M"),
                    count.to.format("%m-%d %H:%M")
                ),
            ),
        ],
        [
            ("签字", sheet.signed_by.to_owned()),
            (
                "签字时间",
                count.signed_at.format("%Y-%m-%d %H:%M").to_string(),
            ),
        ],
    ];
    let label = Style::regular(8.5).ink(QUIET);
    let value = Style::bold(10.0);
    let mut y = 32.0;
    for pair in &rows {
        let mut x = MARGIN_X;
        for (name, text) in pair {
            let lw = measure(name, label)? + 2.0;
            page.text(x, label.baseline_for_middle(y + 3.0), label, name)?;
            let shown = if text.trim().is_empty() {
                text::NONE
            } else {
                text
            };
            page.text_fit(
                Area::new(x + lw, y, CONTENT_W / 2.0 - lw - 2.0, 6.0),
                Align::Left,
                value,
                7.0,
                shown,
            )?;
            x += CONTENT_W / 2.0;
        }
        y += 7.0;
    }
    Ok(y + 3.0)
}

fn draw_by_method(page: &mut Page, count: &CashCount, top: f32) -> Result<f32, PdfError> {
    let head: Vec<(String, Align)> = text::BY_METHOD
        .iter()
        .map(|t| ((*t).to_owned(), Align::Center))
        .collect();
    row(page, &METHOD_W, top, &head, Style::bold(BODY_PT), true)?;
    let mut y = top + ROW_H;
    let difference = count.difference();
    for channel in PayChannel::ALL {
        let cells = [
            (channel.label().to_owned(), Align::Center),
            (format_yuan(count.expected.get(channel)), Align::Right),
            (format_yuan(count.counted.get(channel)), Align::Right),
            (signed(difference.get(channel)), Align::Right),
        ];
        row(
            page,
            &METHOD_W,
            y,
            &cells,
            Style::regular(BODY_PT + 0.5),
            false,
        )?;
        y += ROW_H;
    }
    let total = [
        (text::TOTAL.to_owned(), Align::Center),
        (format_yuan(count.expected.total()), Align::Right),
        (format_yuan(count.counted.total()), Align::Right),
        (signed(difference.total()), Align::Right),
    ];
    row(page, &METHOD_W, y, &total, Style::bold(BODY_PT + 0.5), true)?;
    page.frame(
        Area::new(MARGIN_X, top, CONTENT_W, y + ROW_H - top),
        FRAME_PT,
        Ink::Black,
    );
    y += ROW_H + 2.0;
    let mark = if count.balances() {
        text::BALANCED
    } else {
        text::UNBALANCED
    };
    page.text(
        MARGIN_X,
        Style::bold(10.0).baseline_for_top(y),
        Style::bold(10.0),
        mark,
    )?;
    y += 6.0;
    if !count.note.trim().is_empty() {
        let style = Style::regular(9.0);
        page.text_fit(
            Area::new(MARGIN_X, y, CONTENT_W, 6.0),
            Align::Left,
            style,
            6.0,
            &format!("{}{}", text::NOTE, count.note),
        )?;
        y += 7.0;
    }
    Ok(y + 2.0)
}

fn line_cells(
    index: usize,
    line: &LedgerEntry,
    sheet: &CashCountSheet<'_>,
) -> Vec<(String, Align)> {
    let mut occasion = line.occasion.label().to_owned();
    if !line.reason.is_empty() {
        occasion = format!("{occasion}：{}", line.reason);
    }
    vec![
        ((index + 1).to_string(), Align::Center),
        (line.at.format("%m-%d %H:%M").to_string(), Align::Center),
        (line.number.clone(), Align::Left),
        (occasion, Align::Left),
        (line.channel.label().to_owned(), Align::Center),
        (format_yuan(line.amount_yuan), Align::Right),
        (
            format!("{} {}", line.staff_id, (sheet.names)(&line.staff_id)),
            Align::Left,
        ),
    ]
}

fn draw_signature(page: &mut Page, top: f32) -> Result<(), PdfError> {
    let style = Style::regular(10.5);
    let middle = top + 10.0;
    for (x, label, end) in [
        (MARGIN_X, text::SIGN_CLERK, MARGIN_X + 80.0),
        (MARGIN_X + 95.0, text::SIGN_CHECK, MARGIN_X + CONTENT_W),
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

fn draw_footer(
    page: &mut Page,
    sheet: &CashCountSheet<'_>,
    number: usize,
    count: usize,
) -> Result<(), PdfError> {
    let style = Style::regular(7.5).ink(QUIET);
    page.text(
        MARGIN_X,
        FOOTER_BASELINE,
        style,
        &format!(
            "{} {} {} 打印于 {}  {}{}",
            text::NAME,
            sheet.station,
            sheet.count.period,
            sheet.printed_at.format("%Y-%m-%d %H:%M"),
            text::RECORD_CODE,
            sheet.record_code
        ),
    )?;
    page.text_aligned(
        MARGIN_X,
        CONTENT_W,
        FOOTER_BASELINE,
        Align::Right,
        style,
        &format!("第 {number} 页 / 共 {count} 页"),
    )?;
    Ok(())
}

/// The reconciliation printout as a PDF: A4 portrait, as many pages as the lines need.
pub fn cash_count_pdf(sheet: &CashCountSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let mut pages = Vec::new();
    let mut page = Page::new(PAGE_W, PAGE_H);
    let y = draw_head(&mut page, sheet)?;
    let mut y = draw_by_method(&mut page, sheet.count, y)?;
    let title = Style::bold(10.5);
    page.text(
        MARGIN_X,
        title.baseline_for_top(y),
        title,
        text::LINES_TITLE,
    )?;
    y += 7.0;
    let head: Vec<(String, Align)> = text::LINES
        .iter()
        .map(|t| ((*t).to_owned(), Align::Center))
        .collect();
    row(&mut page, &LINE_W, y, &head, Style::bold(BODY_PT), true)?;
    y += ROW_H;
    if sheet.lines.is_empty() {
        page.text(
            MARGIN_X + 2.0,
            Style::regular(BODY_PT).baseline_for_middle(y + ROW_H / 2.0),
            Style::regular(BODY_PT).ink(QUIET),
            text::NO_LINES,
        )?;
        y += ROW_H;
    }
    for (index, line) in sheet.lines.iter().enumerate() {
        // The last two lines go over with the signature rather than leave it alone.
        let left = sheet.lines.len() - index;
        #[allow(clippy::cast_precision_loss, reason = "two lines at most")]
        let tail = left <= 2 && y + left as f32 * ROW_H + 4.0 + SIGN_H > BODY_BOTTOM;
        if y + ROW_H > BODY_BOTTOM || tail {
            pages.push(std::mem::replace(&mut page, Page::new(PAGE_W, PAGE_H)));
            y = 15.0;
            row(&mut page, &LINE_W, y, &head, Style::bold(BODY_PT), true)?;
            y += ROW_H;
        }
        let cells = line_cells(index, line, sheet);
        row(
            &mut page,
            &LINE_W,
            y,
            &cells,
            Style::regular(BODY_PT),
            false,
        )?;
        y += ROW_H;
    }
    if y + 4.0 + SIGN_H > BODY_BOTTOM {
        pages.push(std::mem::replace(&mut page, Page::new(PAGE_W, PAGE_H)));
        y = 15.0;
    }
    draw_signature(&mut page, y + 4.0)?;
    pages.push(page);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        draw_footer(page, sheet, i + 1, count)?;
    }
    render(
        &format!("{} {} {}", text::NAME, sheet.station, sheet.count.period),
        pages,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money_ledger::{ByChannel, Occasion};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
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
        let mut counted = expected;
        counted.0[0] -= d("5");
        let count = CashCount {
            id: 1,
            staff_id: "A01".into(),
            period: "A01 11-23 早班".into(),
            from: at(7, 30),
            to: at(16, 30),
            expected,
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
