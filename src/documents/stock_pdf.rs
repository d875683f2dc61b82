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

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};
use crate::documents::ruled_table::{
    self, BODY_BOTTOM, BODY_PT, CONTENT_W, FOOTER_BASELINE, FRAME_PT, HEADER_H, LABEL_FILL,
    MARGIN_X, PAGE_H, PAGE_W, QUIET, ROW_H, RULE_PT, SIGN_H, TABLE_TOP, TOTAL_H,
};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use std::ops::Range;

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
    /// An empty field.
    pub const NONE: &str = "—";
    /// The note over the signature.
    pub const NOTE: &str = "清点时逐票核对件数，相符的在「清点」栏打 √，不符的写实点件数。重量、体积为整票数；合计按在库件数折算。";
    /// The one who counted.
    pub const SIGN_COUNTER: &str = "清点人（签字）：";
    /// The date line.
    pub const SIGN_DATE: &str = "日期：";
}

/// The gap over the totals row, the totals row and the signature block under it.
const TOTAL_GAP: f32 = 1.5;
/// The side of the tick box of the 清点 column.
const TICK_MM: f32 = 3.8;

/// The table's columns: title and width in mm (they add up to the content width).
const COLUMNS: [(&str, f32); 12] = [
    ("序号", 10.0),
    ("运单号", 30.0),
    ("开单日期", 21.0),
    ("库龄(天)", 15.0),
    ("到站", 32.0),
    ("收货方", 50.0),
    ("品名", 26.0),
    ("在库/总件数", 21.0),
    ("重量(kg)", 18.0),
    ("体积(m³)", 16.0),
    ("等通知", 13.0),
    ("清点", 21.0),
];

/// Where each column starts and how wide it is.
fn spans() -> [(f32, f32); 12] {
    ruled_table::spans(&COLUMNS)
}
const COL_PIECES: usize = 7;
const COL_WEIGHT: usize = 8;
const COL_VOLUME: usize = 9;
const COL_CONTROLLED: usize = 10;
const COL_COUNT: usize = 11;

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

/// How many rows each page holds: full pages, then a last one with room for the totals
/// and the signature (which may be a page of its own after a full one).
fn paginate(rows: usize) -> Vec<Range<usize>> {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a handful of rows per page"
    )]
    let per_page = ((BODY_BOTTOM - TABLE_TOP - HEADER_H) / ROW_H).floor() as usize;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a handful of rows per page"
    )]
    let last_page = ((BODY_BOTTOM - TABLE_TOP - HEADER_H - TOTAL_GAP - TOTAL_H - SIGN_H) / ROW_H)
        .floor() as usize;
    let mut pages = Vec::new();
    let mut start = 0;
    loop {
        let left = rows - start;
        if left <= last_page {
            pages.push(start..rows);
            return pages;
        }
        // Leave at least one row for the last page, so its totals are not alone.
        let take = left.min(per_page).min(left - 1);
        pages.push(start..start + take);
        start += take;
    }
}

fn or_none(value: &str) -> &str {
    if value.trim().is_empty() {
        text::NONE
    } else {
        value
    }
}

fn draw_titles(page: &mut Page, sheet: &StockSheet<'_>, totals: &Totals) -> Result<(), PdfError> {
    page.text_fit(
        Area::new(MARGIN_X, 8.0, CONTENT_W, 7.0),
        Align::Center,
        Style::bold(12.0),
        9.0,
        sheet.company,
    )?;
    page.text_fit(
        Area::new(MARGIN_X, 15.0, CONTENT_W, 10.0),
        Align::Center,
        Style::bold(18.0),
        12.0,
        text::TITLE,
    )?;
    let rows: [&[(&str, String, f32)]; 2] = [
        &[
            ("站点", or_none(sheet.station).to_owned(), 80.0),
            (
                "打印时间",
                sheet.printed_at.format("%Y-%m-%d %H:%M").to_string(),
                62.0,
            ),
            ("打印人", or_none(sheet.printed_by).to_owned(), 50.0),
            (
                "票数",
                format!("{} 票，在库 {} 件", totals.waybills, totals.pieces_left),
                CONTENT_W - 192.0,
            ),
        ],
        &[("范围", filter_text(sheet), CONTENT_W)],
    ];
    let label = Style::regular(8.0).ink(QUIET);
    let value = Style::bold(9.5);
    for (i, row) in rows.iter().enumerate() {
        let y = 28.0 + 6.5 * f32::from(u8::try_from(i).unwrap_or(0));
        let mut x = MARGIN_X;
        for (name, text, w) in *row {
            let lw = measure(name, label)? + 1.5;
            page.text(x, label.baseline_for_middle(y + 3.0), label, name)?;
            page.text_fit(
                Area::new(x + lw, y, w - lw - 2.0, 6.0),
                Align::Left,
                value,
                6.5,
                text,
            )?;
            x += w;
        }
    }
    Ok(())
}

fn cell(
    page: &mut Page,
    (x, w): (f32, f32),
    y: f32,
    align: Align,
    style: Style,
    text: &str,
) -> Result<(), PdfError> {
    if text.is_empty() {
        return Ok(());
    }
    page.text_fit(
        Area::new(x + 1.0, y, w - 2.0, ROW_H),
        align,
        style,
        5.5,
        text,
    )
}

fn measure_text(value: Decimal) -> String {
    value.normalize().to_string()
}

fn draw_line(
    page: &mut Page,
    index: usize,
    line: &StockSheetLine<'_>,
    y: f32,
) -> Result<(), PdfError> {
    let s = spans();
    let body = Style::regular(BODY_PT);
    let texts = [
        (index + 1).to_string(),
        line.number.to_owned(),
        line.issued_at.format("%Y-%m-%d").to_string(),
        line.age_days.to_string(),
        line.dest_name.to_owned(),
        line.consignee_name.to_owned(),
        line.goods_name.to_owned(),
    ];
    let aligns = [
        Align::Center,
        Align::Left,
        Align::Center,
        Align::Right,
        Align::Left,
        Align::Left,
        Align::Left,
    ];
    for (i, (text, align)) in texts.iter().zip(aligns).enumerate() {
        cell(page, s[i], y, align, body, text)?;
    }
    // Some pieces are on a truck already: the count in bold, so it is counted as such.
    let count_style = if line.pieces_left < line.pieces {
        Style::bold(BODY_PT)
    } else {
        body
    };
    cell(
        page,
        s[COL_PIECES],
        y,
        Align::Center,
        count_style,
        &format!("{}/{}", line.pieces_left, line.pieces),
    )?;
    cell(
        page,
        s[COL_WEIGHT],
        y,
        Align::Right,
        body,
        &measure_text(line.weight_kg),
    )?;
    cell(
        page,
        s[COL_VOLUME],
        y,
        Align::Right,
        body,
        &measure_text(line.volume_m3),
    )?;
    if line.controlled_release {
        cell(
            page,
            s[COL_CONTROLLED],
            y,
            Align::Center,
            Style::bold(BODY_PT),
            text::CONTROLLED,
        )?;
    }
    let (x, _) = s[COL_COUNT];
    page.tick_box(x + 2.0, y + (ROW_H - TICK_MM) / 2.0, TICK_MM, false);
    Ok(())
}

fn draw_totals(page: &mut Page, totals: &Totals, y: f32) -> Result<(), PdfError> {
    let s = spans();
    let bold = Style::bold(BODY_PT + 0.5);
    page.fill(Area::new(MARGIN_X, y, CONTENT_W, TOTAL_H), LABEL_FILL);
    let text_cell = |page: &mut Page, (x, w): (f32, f32), align, style, text: &str| {
        page.text_fit(
            Area::new(x + 1.0, y, w - 2.0, TOTAL_H),
            align,
            style,
            5.5,
            text,
        )
    };
    text_cell(
        page,
        (s[0].0, s[0].1 + s[1].1),
        Align::Center,
        bold,
        &format!("合计 {} 票", totals.waybills),
    )?;
    text_cell(
        page,
        s[COL_PIECES],
        Align::Center,
        bold,
        &format!("{}/{}", totals.pieces_left, totals.pieces),
    )?;
    text_cell(
        page,
        s[COL_WEIGHT],
        Align::Right,
        bold,
        &measure_text(totals.weight_kg),
    )?;
    text_cell(
        page,
        s[COL_VOLUME],
        Align::Right,
        bold,
        &measure_text(totals.volume_m3),
    )?;
    if totals.controlled > 0 {
        text_cell(
            page,
            s[COL_CONTROLLED],
            Align::Center,
            bold,
            &format!("{} 票", totals.controlled),
        )?;
    }
    page.frame(
        Area::new(MARGIN_X, y, CONTENT_W, TOTAL_H),
        FRAME_PT,
        Ink::Black,
    );
    for i in [
        COL_PIECES,
        COL_WEIGHT,
        COL_VOLUME,
        COL_CONTROLLED,
        COL_COUNT,
    ] {
        page.vline(s[i].0, y, y + TOTAL_H, RULE_PT);
    }
    Ok(())
}

fn draw_signature(page: &mut Page, top: f32) -> Result<(), PdfError> {
    let style = Style::regular(10.5);
    let note = Style::regular(8.0).ink(QUIET);
    page.text(MARGIN_X, note.baseline_for_top(top + 2.0), note, text::NOTE)?;
    let middle = top + 14.0;
    for (x, label, end) in [
        (MARGIN_X, text::SIGN_COUNTER, MARGIN_X + 100.0),
        (MARGIN_X + 130.0, text::SIGN_DATE, MARGIN_X + 230.0),
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
    sheet: &StockSheet<'_>,
    number: usize,
    count: usize,
) -> Result<(), PdfError> {
    let style = Style::regular(7.5).ink(QUIET);
    page.text(
        MARGIN_X,
        FOOTER_BASELINE,
        style,
        &format!(
            "{} {} {}",
            text::NAME,
            sheet.station,
            sheet.printed_at.format("%Y-%m-%d %H:%M")
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

/// The stock count list as a PDF: A4 landscape, as many pages as the lines need.
pub fn stock_pdf(sheet: &StockSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let totals = Totals::of(sheet.lines);
    let pages_of_rows = paginate(sheet.lines.len());
    let count = pages_of_rows.len();
    let mut pages = Vec::with_capacity(count);
    for (page_index, rows) in pages_of_rows.into_iter().enumerate() {
        let mut page = Page::new(PAGE_W, PAGE_H);
        draw_titles(&mut page, sheet, &totals)?;
        ruled_table::draw_header(&mut page, &COLUMNS)?;
        let mut y = TABLE_TOP + HEADER_H;
        let mut bottoms = Vec::with_capacity(rows.len());
        for index in rows {
            draw_line(&mut page, index, &sheet.lines[index], y)?;
            y += ROW_H;
            bottoms.push(y);
        }
        ruled_table::draw_grid(&mut page, &COLUMNS, TABLE_TOP, &bottoms);
        if page_index + 1 == count {
            draw_totals(&mut page, &totals, y + TOTAL_GAP)?;
            draw_signature(&mut page, y + TOTAL_GAP + TOTAL_H)?;
        }
        draw_footer(&mut page, sheet, page_index + 1, count)?;
        pages.push(page);
    }
    render(
        &format!(
            "{} {} {}",
            text::NAME,
            sheet.station,
            sheet.printed_at.format("%Y-%m-%d")
        ),
        pages,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn day(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    const DESTS: [&str; 4] = [
        "湘潭市 湘潭县",
        "湘潭市 雨湖区",
        "湘潭市 岳塘区",
        "湘潭市 湘乡市",
    ];
    const CONSIGNEES: [&str; 6] = [
        "湘潭县易俗河李记批发部",
        "雨湖区宏发五金经营部",
        "岳塘区美佳服饰店",
        "湘乡市金源汽配商行",
        "韶山市红星日用百货批发部",
        "湘潭县花石镇老王茶行",
    ];
    const GOODS: [&str; 6] = ["服装", "五金配件", "鞋子", "汽车配件", "日用百货", "茶叶"];

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
                    dest_name: DESTS[i % 4],
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

    fn page_texts(bytes: &[u8]) -> Vec<String> {
        crate::documents::test_support::pdf_page_texts(bytes)
    }

    #[test]
    fn columns_fill_the_width() {
        let total: f32 = COLUMNS.iter().map(|(_, w)| w).sum();
        assert!((total - CONTENT_W).abs() < 0.01, "{total}");
    }

    #[test]
    fn pages_leave_room_for_totals_and_signature() {
        assert_eq!(paginate(0), vec![0..0]);
        assert_eq!(paginate(5), vec![0..5]);
        let pages = paginate(500);
        assert_eq!(pages.first().map(|r| r.start), Some(0));
        assert_eq!(pages.last().map(|r| r.end), Some(500));
        for pair in pages.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        assert!(pages.iter().all(|r| !r.is_empty()));
        // A count that exactly fills a page still gets a last page with a row on it.
        let full = paginate(pages[0].len());
        assert_eq!(full.len(), 2);
        assert!(!full[1].is_empty());
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
        let texts = page_texts(&bytes);
        let count = texts.len();
        assert!(count >= 10, "{count} pages");
        let mut all = String::new();
        for (i, text) in texts.iter().enumerate() {
            assert!(
                text.contains("运单号") && text.contains("清点"),
                "header on {i}"
            );
            assert!(text.contains("到站：全部"), "filter on {i}");
            assert!(text.contains("只看等通知放货"), "filter on {i}");
            assert!(text.contains(&format!("第{}页/共{count}页", i + 1)));
            assert_eq!(text.contains("清点人（签字）"), i + 1 == count, "page {i}");
            all.push_str(text);
        }
        for number in &numbers {
            assert_eq!(all.matches(number.as_str()).count(), 1, "{number}");
        }
        assert!(all.contains("合计300票"));
        assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    }

    /// Writes sample lists to `$KAIDAN_PDF_OUT` (default `target/pdfcheck`) for looking
    /// at: `cargo test --lib documents::stock_pdf -- --ignored`, then `pdftoppm -png`.
    #[test]
    #[ignore = "writes files for inspection"]
    fn write_stock_samples() {
        let out = std::env::var_os("KAIDAN_PDF_OUT")
            .map_or_else(|| std::path::PathBuf::from("target/pdfcheck"), Into::into);
        std::fs::create_dir_all(&out).unwrap();
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
