//! The stock count list (库存清点表) printed before a truck is loaded (DOMAIN.md §3: count
//! the stock, separate what is loaded from what stays): A4 landscape, the company, the
//! station, when it was printed and by whom, and the filter it was printed with in words
//! (到站, 开单日期, 只看等通知放货); then a ruled table of every waybill still (partly) in
//! the warehouse — number, issue day, days in stock (库龄), destination, consignee, goods,
//! pieces in stock of pieces, weight, volume, the 等通知放货 mark — with an empty 清点
//! column holding a box to tick by hand; the totals under it and the line where the one
//! who counted (清点人) signs and dates. A long list runs over as many pages as it needs,
//! the header repeated on each, the totals and signature on the last, and every page says
//! which of how many it is.

use crate::documents::list_table::{Cell, Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, SIGN_H, Sheet, SignLine, or_dash};
use crate::documents::pdf::{Align, PdfError, Style};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "库 存 清 点 表";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "库存清点表";
    /// The destination filter when there is none.
    pub const ALL: &str = "全部";
    /// The controlled-release filter.
    pub const CONTROLLED_ONLY: &str = "只看等通知放货";
    /// The mark of a controlled-release waybill.
    pub const CONTROLLED: &str = "控货";
    /// The note over the signature.
    pub const NOTE: &str = "清点时逐票核对件数，相符的在「清点」栏打 √，不符的写实点件数。重量、体积为整票数；合计按在库件数折算。";
    /// The one who counted.
    pub const SIGN_COUNTER: &str = "清点人（签字）：";
    /// The date line.
    pub const SIGN_DATE: &str = "日期：";
}

/// The table's columns (their widths add up to the content width of A4 landscape).
const COLUMNS: [Column; 12] = [
    Column::new("序号", 10.0, Align::Center),
    Column::new("运单号", 30.0, Align::Left),
    Column::new("开单日期", 21.0, Align::Center),
    Column::new("库龄(天)", 15.0, Align::Right),
    Column::new("到站", 32.0, Align::Left),
    Column::new("收货方", 50.0, Align::Left),
    Column::new("品名", 26.0, Align::Left),
    Column::new("在库/总件数", 21.0, Align::Center),
    Column::new("重量(kg)", 18.0, Align::Right),
    Column::new("体积(m³)", 16.0, Align::Right),
    Column::new("等通知", 13.0, Align::Center),
    Column::new("清点", 21.0, Align::Center),
];

/// Where the signature goes, from the left margin.
const SIGN_LINES: [SignLine; 2] = [
    SignLine {
        label: text::SIGN_COUNTER,
        x: 0.0,
        end: 100.0,
    },
    SignLine {
        label: text::SIGN_DATE,
        x: 130.0,
        end: 230.0,
    },
];

/// The body text size.
const BODY_PT: f32 = 8.5;

/// One waybill still (partly) in the warehouse (storage's `StockLine`).
#[derive(Debug, Clone, Copy)]
pub struct StockSheetLine<'a> {
    /// 运单号.
    pub number: &'a str,
    /// When the waybill was issued (开单日期; the day is printed).
    pub issued_at: NaiveDateTime,
    /// 库龄: days in the warehouse (today minus the issue day).
    pub age_days: i64,
    /// 到站 as printed: `湘潭市 湘潭县`.
    pub dest_name: &'a str,
    /// 收货方.
    pub consignee_name: &'a str,
    /// 品名.
    pub goods_name: &'a str,
    /// 件数 on the waybill.
    pub pieces: u32,
    /// Pieces still here (the rest are on some manifest).
    pub pieces_left: u32,
    /// 重量 of the whole waybill.
    pub weight_kg: Decimal,
    /// 体积 of the whole waybill.
    pub volume_m3: Decimal,
    /// 等通知放货 (controlled release).
    pub controlled_release: bool,
}

/// What the stock count list prints: the station, when and by whom, the filter the list
/// was made with (storage's `StockQuery`), and the lines in the order to print.
#[derive(Debug, Clone, Copy)]
pub struct StockSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 站点: the station whose warehouse this is.
    pub station: &'a str,
    /// 打印时间.
    pub printed_at: NaiveDateTime,
    /// 打印人: `A01 张丽`.
    pub printed_by: &'a str,
    /// The destination filter as printed (`湘潭市 湘潭县`); `None` prints 全部.
    pub dest_filter: Option<&'a str>,
    /// Only waybills issued on or after this day.
    pub issued_since: Option<NaiveDate>,
    /// Only controlled-release (等通知放货) waybills.
    pub controlled_only: bool,
    /// The waybills, in the order to print.
    pub lines: &'a [StockSheetLine<'a>],
}

/// The totals under the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Totals {
    waybills: usize,
    pieces_left: u64,
    pieces: u64,
    /// Weight and volume of the pieces in stock.
    weight_kg: Decimal,
    volume_m3: Decimal,
    controlled: usize,
}

/// The part of `whole` carried by `part` pieces of `of`, rounded to `dp` decimals (as
/// the manifest shares a partly loaded waybill's weight).
fn share(whole: Decimal, part: u32, of: u32, dp: u32) -> Decimal {
    if part >= of || of == 0 {
        whole
    } else {
        (whole * Decimal::from(part) / Decimal::from(of)).round_dp(dp)
    }
}

impl Totals {
    fn of(lines: &[StockSheetLine<'_>]) -> Self {
        lines.iter().fold(Self::default(), |t, line| Self {
            waybills: t.waybills + 1,
            pieces_left: t.pieces_left + u64::from(line.pieces_left),
            pieces: t.pieces + u64::from(line.pieces),
            weight_kg: t.weight_kg + share(line.weight_kg, line.pieces_left, line.pieces, 1),
            volume_m3: t.volume_m3 + share(line.volume_m3, line.pieces_left, line.pieces, 3),
            controlled: t.controlled + usize::from(line.controlled_release),
        })
    }
}

/// The filter in words: `到站：湘潭市 湘潭县；开单日期 2026-09-01 起；只看等通知放货`.
fn filter_text(sheet: &StockSheet<'_>) -> String {
    let dest = sheet
        .dest_filter
        .filter(|d| !d.trim().is_empty())
        .unwrap_or(text::ALL);
    let mut parts = vec![format!("到站：{dest}")];
    if let Some(day) = sheet.issued_since {
        parts.push(format!("开单日期 {} 起", day.format("%Y-%m-%d")));
    }
    if sheet.controlled_only {
        parts.push(text::CONTROLLED_ONLY.to_owned());
    }
    parts.join("；")
}

fn head<'a>(sheet: &StockSheet<'a>, totals: &Totals) -> Head<'a> {
    Head::new(
        sheet.company,
        text::TITLE,
        vec![
            vec![
                Field::new("站点", or_dash(sheet.station), 80.0),
                Field::new(
                    "打印时间",
                    sheet.printed_at.format("%Y-%m-%d %H:%M").to_string(),
                    62.0,
                ),
                Field::new("打印人", or_dash(sheet.printed_by), 50.0),
                Field::new(
                    "票数",
                    format!("{} 票，在库 {} 件", totals.waybills, totals.pieces_left),
                    0.0,
                ),
            ],
            vec![Field::new("范围", filter_text(sheet), 0.0)],
        ],
    )
}

fn measure_text(value: Decimal) -> String {
    value.normalize().to_string()
}

fn row(index: usize, line: &StockSheetLine<'_>) -> Row {
    let count = Cell::text(format!("{}/{}", line.pieces_left, line.pieces));
    Row::new(vec![
        (index + 1).to_string().into(),
        line.number.into(),
        line.issued_at.format("%Y-%m-%d").to_string().into(),
        line.age_days.to_string().into(),
        line.dest_name.into(),
        line.consignee_name.into(),
        line.goods_name.into(),
        // Some pieces are on a truck already: the count in bold, so it is counted as such.
        if line.pieces_left < line.pieces {
            count.style(Style::bold(BODY_PT))
        } else {
            count
        },
        measure_text(line.weight_kg).into(),
        measure_text(line.volume_m3).into(),
        if line.controlled_release {
            Cell::text(text::CONTROLLED).style(Style::bold(BODY_PT))
        } else {
            Cell::empty()
        },
        Cell::tick(),
    ])
}

fn totals_row(totals: &Totals) -> Row {
    Row::new(vec![
        Cell::text(format!("合计 {} 票", totals.waybills))
            .align(Align::Center)
            .span(2),
        Cell::empty().span(5),
        format!("{}/{}", totals.pieces_left, totals.pieces).into(),
        measure_text(totals.weight_kg).into(),
        measure_text(totals.volume_m3).into(),
        if totals.controlled > 0 {
            format!("{} 票", totals.controlled).into()
        } else {
            Cell::empty()
        },
        Cell::empty(),
    ])
}

/// The stock count list as a PDF: A4 landscape, as many pages as the lines need.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn stock_pdf(sheet: &StockSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let totals = Totals::of(sheet.lines);
    let footer = format!(
        "{} {} {}",
        text::NAME,
        sheet.station,
        sheet.printed_at.format("%Y-%m-%d %H:%M")
    );
    let mut pages = Sheet::new(Paper::A4_LANDSCAPE, head(sheet, &totals), footer)?;
    let mut table = Table::new(&COLUMNS);
    table.rows = sheet
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| row(i, line))
        .collect();
    table.totals = Some(totals_row(&totals));
    table.keep_after = SIGN_H;
    pages.table(&table)?;
    pages.signatures(text::NOTE, &SIGN_LINES)?;
    pages.finish(&format!(
        "{} {} {}",
        text::NAME,
        sheet.station,
        sheet.printed_at.format("%Y-%m-%d")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::samples::{DESTS, GOODS, SHOPS as CONSIGNEES};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn day(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn numbers(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("GZ2611{i:06}")).collect()
    }

    /// Every fifth waybill partly loaded already, every seventh controlled.
    fn lines(numbers: &[String]) -> Vec<StockSheetLine<'_>> {
        numbers
            .iter()
            .enumerate()
            .map(|(i, number)| {
                let k = u32::try_from(i).unwrap();
                let pieces = 1 + (k * 7) % 23;
                let issued = day(1 + k % 23);
                StockSheetLine {
                    number,
                    issued_at: issued.and_hms_opt(9 + k % 9, 15, 0).unwrap(),
                    age_days: (day(24) - issued).num_days(),
                    dest_name: DESTS[i % 4].1,
                    consignee_name: CONSIGNEES[i % 6],
                    goods_name: GOODS[i % 6],
                    pieces,
                    pieces_left: if i % 5 == 3 && pieces > 1 {
                        pieces / 2
                    } else {
                        pieces
                    },
                    weight_kg: Decimal::from(pieces) * d("25.5"),
                    volume_m3: Decimal::from(pieces) * d("0.12"),
                    controlled_release: i % 7 == 4,
                }
            })
            .collect()
    }

    fn sheet<'a>(lines: &'a [StockSheetLine<'a>]) -> StockSheet<'a> {
        StockSheet {
            company: "广州市每地达物流有限公司",
            station: "广州白云站",
            printed_at: day(24).and_hms_opt(16, 30, 0).unwrap(),
            printed_by: "A01 张丽",
            dest_filter: Some("湘潭市 湘潭县"),
            issued_since: Some(day(1)),
            controlled_only: false,
            lines,
        }
    }

    use crate::documents::test_support::pdf_page_texts as page_texts;

    #[test]
    fn columns_fill_the_width() {
        crate::documents::test_support::assert_fills(&COLUMNS, Paper::A4_LANDSCAPE);
    }

    #[test]
    fn the_filter_is_said_in_words() {
        let lines = [];
        let all = StockSheet {
            dest_filter: None,
            issued_since: None,
            ..sheet(&lines)
        };
        assert_eq!(filter_text(&all), "到站：全部");
        let narrow = StockSheet {
            controlled_only: true,
            ..sheet(&lines)
        };
        assert_eq!(
            filter_text(&narrow),
            "到站：湘潭市 湘潭县；开单日期 2026-11-01 起；只看等通知放货"
        );
    }

    #[test]
    fn totals_count_the_pieces_in_stock() {
        let numbers = numbers(2);
        let mut lines = lines(&numbers);
        lines[0].pieces = 10;
        lines[0].pieces_left = 4;
        lines[0].weight_kg = d("255");
        lines[0].volume_m3 = d("1.2");
        lines[1].pieces = 3;
        lines[1].pieces_left = 3;
        lines[1].weight_kg = d("30.5");
        lines[1].volume_m3 = d("0.3");
        let totals = Totals::of(&lines);
        assert_eq!((totals.pieces_left, totals.pieces), (7, 13));
        assert_eq!(totals.weight_kg, d("132.5"));
        assert_eq!(totals.volume_m3, d("0.78"));
    }

    #[test]
    fn a_stock_list_reads_back() {
        let numbers = numbers(12);
        let lines = lines(&numbers);
        let bytes = stock_pdf(&sheet(&lines)).unwrap();
        let texts = page_texts(&bytes);
        assert_eq!(texts.len(), 1);
        let text = &texts[0];
        let totals = Totals::of(&lines);
        for expected in [
            "广州市每地达物流有限公司",
            "库存清点表",
            "广州白云站",
            "2026-11-2416:30",
            "A01张丽",
            "到站：湘潭市湘潭县；开单日期2026-11-01起",
            "开单日期",
            "库龄(天)",
            "在库/总件数",
            "清点",
            "2026-11-01",
            "控货",
            "11/22",
            &format!("合计{}票", totals.waybills),
            &format!("{}/{}", totals.pieces_left, totals.pieces),
            &measure_text(totals.weight_kg),
            "清点人（签字）",
            "日期：",
            "第1页/共1页",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        for number in &numbers {
            assert_eq!(text.matches(number.as_str()).count(), 1, "{number}");
        }
        assert!(!text.contains(text::CONTROLLED_ONLY));
        assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    }

    #[test]
    fn a_long_stock_list_runs_over_pages() {
        let numbers = numbers(300);
        let lines = lines(&numbers);
        let bytes = stock_pdf(&StockSheet {
            dest_filter: None,
            controlled_only: true,
            ..sheet(&lines)
        })
        .unwrap();
        assert!(page_texts(&bytes).len() >= 10);
        let all = crate::documents::test_support::check_long_list(
            &bytes,
            &["运单号", "清点", "到站：全部", "只看等通知放货"],
            "清点人（签字）",
            &numbers,
        );
        assert!(all.contains("合计300票"));
    }

    /// Writes sample lists to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
    /// at: `cargo test --lib documents::dispatch::stock_pdf -- --ignored`, then `pdftoppm -png`.
    #[test]
    #[ignore = "writes files for inspection"]
    fn write_stock_samples() {
        let out = crate::documents::test_support::sample_dir();
        for count in [15, 60] {
            let numbers = numbers(count);
            let lines = lines(&numbers);
            let bytes = stock_pdf(&StockSheet {
                dest_filter: None,
                ..sheet(&lines)
            })
            .unwrap();
            std::fs::write(out.join(format!("stock-{count}.pdf")), bytes).unwrap();
        }
    }
}
