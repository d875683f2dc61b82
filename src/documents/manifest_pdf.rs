//! The dispatch manifest (发车清单) as printed for the truck: A4 landscape, the company
//! and the manifest's header (code, origin, plate, driver and phone, route, departure,
//! who made it), then a ruled table of every waybill on the truck — number, destination,
//! consignee, goods, pieces loaded of pieces, the 单票未装完 mark in red when pieces stay
//! behind, weight, volume, 提付 to collect and the 等通知放货 mark — with the totals under
//! it and the lines where the clerk (开单员) and the driver (司机) sign. A long manifest
//! runs over as many pages as it needs, the table header repeated on each; the totals and
//! signatures come on the last, and every page says which of how many it is.

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, render};
use crate::documents::ruled_table::{
    self, BODY_BOTTOM, BODY_PT, CONTENT_W, FOOTER_BASELINE, FRAME_PT, HEADER_H, LABEL_FILL,
    MARGIN_X, PAGE_H, PAGE_W, QUIET, ROW_H, RULE_PT, SIGN_H, TABLE_TOP, TOTAL_H,
};
use crate::domain::dispatch::{ManifestLine, ManifestTotals};
use crate::domain::money::format_yuan;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// The table's columns: title and width in mm (they add up to the content width).
const COLUMNS: [(&str, f32); 11] = [
    ("序号", 10.0),
    ("运单号", 30.0),
    ("到站", 33.0),
    ("收货方", 52.0),
    ("品名", 27.0),
    ("件数（装/总）", 22.0),
    ("单票未装完", 27.0),
    ("重量(kg)", 19.0),
    ("体积(m³)", 18.0),
    ("提付(元)", 22.0),
    ("等通知", 13.0),
];

/// Where each column starts and how wide it is.
fn spans() -> [(f32, f32); 11] {
    ruled_table::spans(&COLUMNS)
}

/// What the manifest sheet prints: the header fields as shown, the lines and totals as
/// [`crate::domain::dispatch`] makes them (storage's `Db::manifest` gives both).
#[derive(Debug, Clone, Copy)]
pub struct ManifestSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 清单号.
    pub code: &'a str,
    /// 起运站.
    pub origin: &'a str,
    /// 车牌号.
    pub plate: &'a str,
    /// 司机.
    pub driver_name: &'a str,
    /// 司机电话.
    pub driver_phone: &'a str,
    /// 线路到站 as printed: `湘潭市 湘潭县、湘潭市 雨湖区`.
    pub route: &'a str,
    /// 发车时间: the departure, or the planned one before the truck leaves.
    pub departure_at: NaiveDateTime,
    /// The truck has left (the sheet says 已发车 rather than 计划).
    pub departed: bool,
    /// 制单: `A01 张丽`.
    pub created_by: &'a str,
    /// The waybills, in the order to print.
    pub lines: &'a [ManifestLine],
    /// The totals.
    pub totals: &'a ManifestTotals,
}

/// How many rows each page holds: full pages, then a last one with room for the totals
/// and the signatures (which may be a page of its own after a full one).
fn paginate(rows: usize) -> Vec<std::ops::Range<usize>> {
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
    let last_page =
        ((BODY_BOTTOM - TABLE_TOP - HEADER_H - TOTAL_H - SIGN_H) / ROW_H).floor() as usize;
    let mut pages = Vec::new();
    let mut start = 0;
    loop {
        let left = rows - start;
        if left <= last_page {
            pages.push(start..rows);
            return pages;
        }
        let take = left.min(per_page);
        pages.push(start..start + take);
        start += take;
    }
}

fn draw_titles(page: &mut Page, sheet: &ManifestSheet<'_>) -> Result<(), PdfError> {
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
        "发 车 清 单",
    )?;
    page.text_aligned(
        MARGIN_X,
        CONTENT_W,
        Style::bold(11.0).baseline_for_middle(20.0),
        Align::Right,
        Style::bold(11.0),
        &format!("No. {}", sheet.code),
    )?;
    let when = format!(
        "{}{}",
        sheet.departure_at.format("%Y-%m-%d %H:%M"),
        if sheet.departed { "" } else { "（计划）" }
    );
    let rows: [[(&str, String, f32); 4]; 2] = [
        [
            ("起运站", sheet.origin.to_owned(), 58.0),
            ("车牌号", sheet.plate.to_owned(), 50.0),
            (
                "司机",
                format!("{}  {}", sheet.driver_name, sheet.driver_phone),
                80.0,
            ),
            ("发车时间", when, CONTENT_W - 188.0),
        ],
        [
            ("线路到站", sheet.route.to_owned(), 188.0),
            ("制单", sheet.created_by.to_owned(), 45.0),
            (
                "票数",
                format!("{} 票", sheet.totals.waybills),
                CONTENT_W - 233.0,
            ),
            ("", String::new(), 0.0),
        ],
    ];
    let label = Style::regular(8.0).ink(QUIET);
    let value = Style::bold(9.5);
    for (i, row) in rows.iter().enumerate() {
        let y = 28.0 + 6.5 * f32::from(u8::try_from(i).unwrap_or(0));
        let mut x = MARGIN_X;
        for (name, text, w) in row.iter().filter(|(_, _, w)| *w > 0.0) {
            let lw = crate::documents::pdf::measure(name, label)? + 1.5;
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

fn draw_line(page: &mut Page, index: usize, line: &ManifestLine, y: f32) -> Result<(), PdfError> {
    let s = spans();
    let body = Style::regular(BODY_PT);
    let partial = line.is_partial();
    cell(page, s[0], y, Align::Center, body, &(index + 1).to_string())?;
    cell(page, s[1], y, Align::Left, body, &line.number)?;
    cell(page, s[2], y, Align::Left, body, &line.dest_name)?;
    cell(page, s[3], y, Align::Left, body, &line.consignee_name)?;
    cell(page, s[4], y, Align::Left, body, &line.goods_name)?;
    let count_style = if partial {
        Style::bold(BODY_PT).ink(Ink::Red)
    } else {
        body
    };
    cell(
        page,
        s[5],
        y,
        Align::Center,
        count_style,
        &format!("{}/{}", line.pieces_loaded, line.pieces),
    )?;
    if partial {
        cell(
            page,
            s[6],
            y,
            Align::Center,
            Style::bold(BODY_PT).ink(Ink::Red),
            &format!("余 {} 件", line.pieces_left()),
        )?;
    }
    cell(
        page,
        s[7],
        y,
        Align::Right,
        body,
        &measure_text(line.weight_kg),
    )?;
    cell(
        page,
        s[8],
        y,
        Align::Right,
        body,
        &measure_text(line.volume_m3),
    )?;
    if line.collect_yuan > Decimal::ZERO {
        cell(
            page,
            s[9],
            y,
            Align::Right,
            body,
            &format_yuan(line.collect_yuan),
        )?;
    }
    if line.controlled_release {
        cell(page, s[10], y, Align::Center, Style::bold(BODY_PT), "控货")?;
    }
    Ok(())
}

fn draw_totals(page: &mut Page, totals: &ManifestTotals, y: f32) -> Result<(), PdfError> {
    let s = spans();
    let bold = Style::bold(BODY_PT + 0.5);
    page.fill(Area::new(MARGIN_X, y, CONTENT_W, TOTAL_H), LABEL_FILL);
    let at = |i: usize| (s[i].0, s[i].1);
    let text_cell = |page: &mut Page, span: (f32, f32), align, style, text: &str| {
        page.text_fit(
            Area::new(span.0 + 1.0, y, span.1 - 2.0, TOTAL_H),
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
    if totals.partial_waybills > 0 {
        text_cell(
            page,
            (s[2].0, s[2].1 + s[3].1 + s[4].1),
            Align::Left,
            Style::regular(BODY_PT).ink(Ink::Red),
            &format!("其中单票未装完 {} 票", totals.partial_waybills),
        )?;
    }
    text_cell(
        page,
        at(5),
        Align::Center,
        bold,
        &format!("{}/{}", totals.pieces_loaded, totals.pieces),
    )?;
    text_cell(
        page,
        at(7),
        Align::Right,
        bold,
        &measure_text(totals.weight_kg),
    )?;
    text_cell(
        page,
        at(8),
        Align::Right,
        bold,
        &measure_text(totals.volume_m3),
    )?;
    text_cell(
        page,
        at(9),
        Align::Right,
        bold,
        &format_yuan(totals.collect_yuan),
    )?;
    page.frame(
        Area::new(MARGIN_X, y, CONTENT_W, TOTAL_H),
        FRAME_PT,
        Ink::Black,
    );
    for i in [5, 7, 8, 9, 10] {
        page.vline(s[i].0, y, y + TOTAL_H, RULE_PT);
    }
    Ok(())
}

fn draw_signatures(page: &mut Page, top: f32) -> Result<(), PdfError> {
    let style = Style::regular(10.5);
    let note = Style::regular(8.0).ink(QUIET);
    page.text(
        MARGIN_X,
        note.baseline_for_top(top + 2.0),
        note,
        "重量、体积为整票数；单票未装完的运单，余下件数留库随后车发出。合计重量、体积按实装件数折算。",
    )?;
    let middle = top + 14.0;
    let columns = [
        (MARGIN_X, "开单员（签字）："),
        (MARGIN_X + 92.0, "司机（签字）："),
        (MARGIN_X + 184.0, "日期："),
    ];
    for (x, label) in columns {
        let w = page.text_aligned(
            x,
            0.0,
            style.baseline_for_middle(middle),
            Align::Left,
            style,
            label,
        )?;
        page.hline(x + w + 1.0, x + 80.0, middle + 3.0, 0.6);
    }
    Ok(())
}

fn draw_footer(page: &mut Page, code: &str, number: usize, count: usize) -> Result<(), PdfError> {
    let style = Style::regular(7.5).ink(QUIET);
    page.text(
        MARGIN_X,
        FOOTER_BASELINE,
        style,
        &format!("发车清单 {code}"),
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

/// The manifest as a PDF: A4 landscape, as many pages as the lines need.
pub fn manifest_pdf(sheet: &ManifestSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let pages_of_rows = paginate(sheet.lines.len());
    let count = pages_of_rows.len();
    let mut pages = Vec::with_capacity(count);
    for (page_index, rows) in pages_of_rows.into_iter().enumerate() {
        let mut page = Page::new(PAGE_W, PAGE_H);
        draw_titles(&mut page, sheet)?;
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
            draw_totals(&mut page, sheet.totals, y + 1.5)?;
            draw_signatures(&mut page, y + 1.5 + TOTAL_H)?;
        }
        draw_footer(&mut page, sheet.code, page_index + 1, count)?;
        pages.push(page);
    }
    render(&format!("发车清单 {}", sheet.code), pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width() {
        let total: f32 = COLUMNS.iter().map(|(_, w)| w).sum();
        assert!((total - CONTENT_W).abs() < 0.01, "{total}");
    }

    #[test]
    fn pages_leave_room_for_totals_and_signatures() {
        assert_eq!(paginate(0).len(), 1);
        assert!(paginate(0)[0].is_empty());
        assert_eq!(paginate(5).len(), 1);
        assert_eq!(paginate(5)[0].len(), 5);
        let pages = paginate(500);
        assert_eq!(pages.first().map(|r| r.start), Some(0));
        assert_eq!(pages.last().map(|r| r.end), Some(500));
        for pair in pages.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        // A count that exactly fills a page still gets a last page for the signatures.
        let full = paginate(pages[0].len());
        assert_eq!(full.len(), 2);
    }
}
