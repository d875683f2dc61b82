//! The arrival report (到货清单, 到货核对报告) of one received truck as printed at the
//! receiving station: A4 landscape, the company and the manifest's header (code, origin,
//! plate, driver, departure, the receiving station, who checked and when the check was
//! closed — or 核对中 while it is still open), then a ruled table of every waybill loaded
//! or scanned — number, consignee, goods, pieces loaded on this truck, pieces received,
//! the missing (少件) and extra (多件) pieces by number and the damage notes (破损) — with
//! the problem text in red, and under it the totals and the lines where the one who
//! checked the unloading (卸货核对人) and the driver (司机) sign. Rows grow to hold long
//! notes; a long report runs over as many pages as it needs, the header repeated on each,
//! the totals and signatures on the last, and every page says which of how many it is.

use crate::documents::pdf::{
    Align, Area, Ink, Page, PdfError, Style, VAlign, measure, render, wrap,
};
use crate::documents::ruled_table::{
    self, BODY_BOTTOM, BODY_PT, CONTENT_W, FOOTER_BASELINE, FRAME_PT, HEADER_H, LABEL_FILL,
    MARGIN_X, PAGE_H, PAGE_W, QUIET, ROW_H, RULE_PT, SIGN_H, TABLE_TOP, TOTAL_H,
};
use crate::domain::dispatch::{Discrepancy, PieceCheck, piece_ranges};
use chrono::NaiveDateTime;
use std::ops::Range;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "到 货 清 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "到货清单";
    /// The stamp of a closed check.
    pub const CLOSED: &str = "已核对";
    /// The stamp and the status of a check still open.
    pub const CHECKING: &str = "核对中";
    /// An empty field.
    pub const NONE: &str = "—";
    /// A waybill scanned off the truck that this station has no record of.
    pub const UNKNOWN_WAYBILL: &str = "本站无此运单资料";
    /// Before the count of missing pieces (少件).
    pub const MISSING: &str = "少";
    /// Before the count of extra pieces (多件).
    pub const EXTRA: &str = "多";
    /// Every piece as loaded, no damage.
    pub const ALL_MATCH: &str = "全部相符";
    /// The note over the signatures.
    pub const NOTE: &str =
        "件号为标签上的第几件。少件、多件、破损须当场报告并拍照；核对人与司机签字确认后交主管。";
    /// The signature lines.
    pub const SIGN_CHECKER: &str = "卸货核对人（签字）：";
    /// The driver's signature.
    pub const SIGN_DRIVER: &str = "司机（签字）：";
    /// The date line.
    pub const SIGN_DATE: &str = "日期：";
}

/// Space above and below the text of a grown row.
const ROW_PAD: f32 = 1.2;
/// The most lines a cell wraps into before its text is shrunk (and cut at the minimum).
const MAX_CELL_LINES: usize = 6;
/// The gap over the totals row, the totals row and the signature block under it.
const TOTAL_GAP: f32 = 1.5;
/// The tint under a line with something to report, so it stands out in black and white.
const PROBLEM_FILL: Ink = Ink::Grey(0.95);

/// The table's columns: title and width in mm (they add up to the content width).
const COLUMNS: [(&str, f32); 9] = [
    ("序号", 10.0),
    ("运单号", 30.0),
    ("收货方", 44.0),
    ("品名", 24.0),
    ("件数（装/总）", 22.0),
    ("实收", 16.0),
    ("少件", 36.0),
    ("多件", 30.0),
    ("破损", 61.0),
];

/// Where each column starts and how wide it is.
fn spans() -> [(f32, f32); 9] {
    ruled_table::spans(&COLUMNS)
}
const COL_INDEX: usize = 0;
const COL_NUMBER: usize = 1;
const COL_CONSIGNEE: usize = 2;
const COL_GOODS: usize = 3;
const COL_LOADED: usize = 4;
const COL_RECEIVED: usize = 5;
const COL_MISSING: usize = 6;
const COL_EXTRA: usize = 7;
const COL_DAMAGED: usize = 8;

/// One damage note of the check, as printed.
#[derive(Debug, Clone, Copy)]
pub struct ArrivalDamage<'a> {
    /// The damaged pieces, in order; empty when the note is about the waybill as a whole.
    pub pieces: &'a [u32],
    /// What is wrong: `外箱压坏，内物完好`.
    pub note: &'a str,
}

/// One waybill of the report (storage's `ArrivalLine`).
#[derive(Debug, Clone)]
pub struct ArrivalSheetLine<'a> {
    /// 运单号.
    pub number: &'a str,
    /// 收货方; empty when the waybill is unknown here.
    pub consignee_name: &'a str,
    /// 品名.
    pub goods_name: &'a str,
    /// 件数 on the waybill; 0 when the waybill is unknown here.
    pub pieces: u32,
    /// The pieces loaded on this truck against the pieces scanned off it.
    pub check: &'a PieceCheck,
    /// The damage notes (破损), in the order recorded.
    pub damaged: Vec<ArrivalDamage<'a>>,
}

impl ArrivalSheetLine<'_> {
    /// Nothing to report: every piece as loaded, and no damage.
    fn is_clean(&self) -> bool {
        self.check.matches() && self.damaged.is_empty()
    }
}

/// What the arrival report prints: the manifest's header as shown and one line per
/// waybill, in the order to print (storage's `ArrivalReport`, number order).
#[derive(Debug, Clone)]
pub struct ArrivalSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 清单号 of the manifest the truck came with.
    pub manifest_code: &'a str,
    /// 起运站: the loading station.
    pub origin: &'a str,
    /// 到达站: this, the receiving station.
    pub station: &'a str,
    /// 车牌号.
    pub plate: &'a str,
    /// 司机.
    pub driver_name: &'a str,
    /// 司机电话.
    pub driver_phone: &'a str,
    /// 发车时间, `None` when the loading station did not record it.
    pub departed_at: Option<NaiveDateTime>,
    /// 核对人: who checked the unloading and closed the check, `B03 李娜`; may be empty
    /// while the check is open.
    pub checked_by: &'a str,
    /// When the check was closed; `None` prints 核对中.
    pub closed_at: Option<NaiveDateTime>,
    /// The waybills, in the order to print.
    pub lines: &'a [ArrivalSheetLine<'a>],
}

/// The totals under the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Totals {
    waybills: usize,
    loaded: usize,
    received: usize,
    missing: usize,
    extra: usize,
    damaged_lines: usize,
    problem_lines: usize,
}

impl Totals {
    fn of(lines: &[ArrivalSheetLine<'_>]) -> Self {
        lines.iter().fold(Self::default(), |t, line| Self {
            waybills: t.waybills + 1,
            loaded: t.loaded + line.check.loaded.len(),
            received: t.received + line.check.received.len(),
            missing: t.missing + line.check.missing().len(),
            extra: t.extra + line.check.extra().len(),
            damaged_lines: t.damaged_lines + usize::from(!line.damaged.is_empty()),
            problem_lines: t.problem_lines + usize::from(!line.is_clean()),
        })
    }
}

/// One line of the table as printed: the text of every cell and the row's height.
#[derive(Debug, Clone)]
struct Row {
    cells: [String; 9],
    problem: bool,
    unknown: bool,
    count_differs: bool,
    height: f32,
}

fn body() -> Style {
    Style::regular(BODY_PT)
}

fn alarm() -> Style {
    Style::bold(BODY_PT).ink(Ink::Red)
}

/// `少 3 件：第 4–6 件` (`word` is 少 or 多), empty when there are none.
fn pieces_text(word: &str, pieces: &[u32]) -> String {
    if pieces.is_empty() {
        return String::new();
    }
    format!("{word} {} 件：第 {} 件", pieces.len(), piece_ranges(pieces))
}

/// The damage notes of a line: `第 3 件：外箱压坏；受潮` (a note without pieces is about the
/// whole waybill).
fn damage_text(damaged: &[ArrivalDamage<'_>]) -> String {
    damaged
        .iter()
        .map(|d| {
            let note = if d.note.trim().is_empty() {
                Discrepancy::Damaged.label()
            } else {
                d.note.trim()
            };
            if d.pieces.is_empty() {
                note.to_owned()
            } else {
                format!("第 {} 件：{note}", piece_ranges(d.pieces))
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The height of `n` wrapped lines at the body size, padded.
fn rows_height(n: usize) -> f32 {
    let style = body();
    #[allow(clippy::cast_precision_loss, reason = "a handful of lines")]
    let gaps = n.saturating_sub(1) as f32;
    (gaps * style.line_pitch_mm() + style.em_mm() + 2.0 * ROW_PAD).max(ROW_H)
}

fn lay_out(index: usize, line: &ArrivalSheetLine<'_>) -> Result<Row, PdfError> {
    let unknown = line.pieces == 0;
    let loaded = line.check.loaded.len();
    let received = line.check.received.len();
    let loaded_text = if unknown {
        format!("{loaded}/?")
    } else {
        format!("{loaded}/{}", line.pieces)
    };
    let consignee = if unknown && line.consignee_name.trim().is_empty() {
        text::UNKNOWN_WAYBILL.to_owned()
    } else {
        line.consignee_name.to_owned()
    };
    let cells = [
        (index + 1).to_string(),
        line.number.to_owned(),
        consignee,
        line.goods_name.to_owned(),
        loaded_text,
        received.to_string(),
        pieces_text(text::MISSING, &line.check.missing()),
        pieces_text(text::EXTRA, &line.check.extra()),
        damage_text(&line.damaged),
    ];
    let mut lines = 1;
    for column in [
        COL_CONSIGNEE,
        COL_GOODS,
        COL_MISSING,
        COL_EXTRA,
        COL_DAMAGED,
    ] {
        let style = if column >= COL_MISSING {
            alarm()
        } else {
            body()
        };
        let wrapped = wrap(&cells[column], COLUMNS[column].1 - 2.0, style)?;
        lines = lines.max(wrapped.len().min(MAX_CELL_LINES));
    }
    Ok(Row {
        problem: !line.is_clean(),
        unknown,
        count_differs: loaded != received,
        height: rows_height(lines),
        cells,
    })
}

/// Which rows each page holds: as many as fit, the last page with room for the totals
/// and the signatures under its rows (a last row moves to a page of its own if they
/// would not fit).
fn paginate(heights: &[f32]) -> Vec<Range<usize>> {
    let room = BODY_BOTTOM - TABLE_TOP - HEADER_H;
    let tail = TOTAL_GAP + TOTAL_H + SIGN_H;
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (i, h) in heights.iter().enumerate() {
        if used + h > room + 1e-3 && i > start {
            pages.push(start..i);
            start = i;
            used = 0.0;
        }
        used += h;
    }
    let end = heights.len();
    if used + tail <= room + 1e-3 {
        pages.push(start..end);
    } else if end - start > 1 {
        pages.push(start..end - 1);
        pages.push(end - 1..end);
    } else {
        pages.push(start..end);
        pages.push(end..end);
    }
    pages
}

fn time_text(at: Option<NaiveDateTime>) -> String {
    at.map_or_else(
        || text::NONE.to_owned(),
        |at| at.format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn or_none(value: &str) -> &str {
    if value.trim().is_empty() {
        text::NONE
    } else {
        value
    }
}

/// A field of the header block: label, value and its ink, width in mm.
type HeaderField = (&'static str, (String, Ink), f32);

fn draw_titles(page: &mut Page, sheet: &ArrivalSheet<'_>, totals: &Totals) -> Result<(), PdfError> {
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
    // The state of the check, boxed like a stamp left of the title.
    let (stamp, ink) = if sheet.closed_at.is_some() {
        (text::CLOSED, Ink::Black)
    } else {
        (text::CHECKING, Ink::Red)
    };
    let stamp_area = Area::new(MARGIN_X, 15.5, 24.0, 9.0);
    page.frame(stamp_area, 1.2, ink);
    page.text_fit(
        stamp_area,
        Align::Center,
        Style::bold(12.0).ink(ink),
        9.0,
        stamp,
    )?;
    page.text_aligned(
        MARGIN_X,
        CONTENT_W,
        Style::bold(11.0).baseline_for_middle(20.0),
        Align::Right,
        Style::bold(11.0),
        &format!("No. {}", sheet.manifest_code),
    )?;
    let closed = match sheet.closed_at {
        Some(at) => (at.format("%Y-%m-%d %H:%M").to_string(), Ink::Black),
        None => (text::CHECKING.to_owned(), Ink::Red),
    };
    let black = |s: String| (s, Ink::Black);
    let rows: [[HeaderField; 4]; 2] = [
        [
            ("起运站", black(or_none(sheet.origin).to_owned()), 62.0),
            ("车牌号", black(or_none(sheet.plate).to_owned()), 50.0),
            (
                "司机",
                black(
                    format!("{}  {}", sheet.driver_name, sheet.driver_phone)
                        .trim()
                        .to_owned(),
                ),
                76.0,
            ),
            (
                "发车时间",
                black(time_text(sheet.departed_at)),
                CONTENT_W - 188.0,
            ),
        ],
        [
            ("到达站", black(or_none(sheet.station).to_owned()), 62.0),
            ("核对人", black(or_none(sheet.checked_by).to_owned()), 50.0),
            ("核对完成", closed, 76.0),
            (
                "票数",
                black(format!("{} 票，装车 {} 件", totals.waybills, totals.loaded)),
                CONTENT_W - 188.0,
            ),
        ],
    ];
    let label = Style::regular(8.0).ink(QUIET);
    for (i, row) in rows.iter().enumerate() {
        let y = 28.0 + 6.5 * f32::from(u8::try_from(i).unwrap_or(0));
        let mut x = MARGIN_X;
        for (name, (value, ink), w) in row {
            let lw = measure(name, label)? + 1.5;
            page.text(x, label.baseline_for_middle(y + 3.0), label, name)?;
            page.text_fit(
                Area::new(x + lw, y, w - lw - 2.0, 6.0),
                Align::Left,
                Style::bold(9.5).ink(*ink),
                6.5,
                value,
            )?;
            x += w;
        }
    }
    Ok(())
}

/// One cell: a single line shrunk to fit, or wrapped lines centred in the row.
fn cell(
    page: &mut Page,
    (x, w): (f32, f32),
    (y, h): (f32, f32),
    align: Align,
    style: Style,
    text: &str,
) -> Result<(), PdfError> {
    if text.is_empty() {
        return Ok(());
    }
    let area = Area::new(x + 1.0, y, w - 2.0, h);
    if measure(text, style)? <= area.w {
        return page.text_fit(area, align, style, 5.5, text);
    }
    page.paragraph(
        area.inset(0.0, ROW_PAD * 0.5),
        align,
        VAlign::Middle,
        style,
        5.5,
        text,
    )?;
    Ok(())
}

fn draw_row(page: &mut Page, row: &Row, y: f32) -> Result<(), PdfError> {
    let s = spans();
    let rows = (y, row.height);
    if row.problem {
        page.fill(Area::new(MARGIN_X, y, CONTENT_W, row.height), PROBLEM_FILL);
    }
    let body = body();
    let plain = [
        (COL_INDEX, Align::Center),
        (COL_NUMBER, Align::Left),
        (COL_GOODS, Align::Left),
        (COL_LOADED, Align::Center),
    ];
    for (column, align) in plain {
        cell(page, s[column], rows, align, body, &row.cells[column])?;
    }
    let consignee_style = if row.unknown { alarm() } else { body };
    cell(
        page,
        s[COL_CONSIGNEE],
        rows,
        Align::Left,
        consignee_style,
        &row.cells[COL_CONSIGNEE],
    )?;
    let received_style = if row.count_differs { alarm() } else { body };
    cell(
        page,
        s[COL_RECEIVED],
        rows,
        Align::Center,
        received_style,
        &row.cells[COL_RECEIVED],
    )?;
    for column in [COL_MISSING, COL_EXTRA, COL_DAMAGED] {
        cell(
            page,
            s[column],
            rows,
            Align::Left,
            alarm(),
            &row.cells[column],
        )?;
    }
    Ok(())
}

fn draw_totals(page: &mut Page, totals: &Totals, y: f32) -> Result<(), PdfError> {
    let s = spans();
    let bold = Style::bold(BODY_PT + 0.5);
    let red = bold.ink(Ink::Red);
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
    let join = |a: usize, b: usize| (s[a].0, s[b].0 + s[b].1 - s[a].0);
    text_cell(
        page,
        join(COL_INDEX, COL_NUMBER),
        Align::Center,
        bold,
        &format!("合计 {} 票", totals.waybills),
    )?;
    if totals.problem_lines > 0 {
        text_cell(
            page,
            join(COL_CONSIGNEE, COL_GOODS),
            Align::Left,
            Style::regular(BODY_PT).ink(Ink::Red),
            &format!("其中有异常 {} 票", totals.problem_lines),
        )?;
    } else if totals.waybills > 0 {
        text_cell(
            page,
            join(COL_CONSIGNEE, COL_GOODS),
            Align::Left,
            Style::regular(BODY_PT),
            text::ALL_MATCH,
        )?;
    }
    text_cell(
        page,
        s[COL_LOADED],
        Align::Center,
        bold,
        &format!("装 {}", totals.loaded),
    )?;
    let received_style = if totals.received == totals.loaded {
        bold
    } else {
        red
    };
    text_cell(
        page,
        s[COL_RECEIVED],
        Align::Center,
        received_style,
        &format!("收 {}", totals.received),
    )?;
    let counted = [
        (
            COL_MISSING,
            format!("少件 {} 件", totals.missing),
            totals.missing,
        ),
        (COL_EXTRA, format!("多件 {} 件", totals.extra), totals.extra),
        (
            COL_DAMAGED,
            format!("破损 {} 票", totals.damaged_lines),
            totals.damaged_lines,
        ),
    ];
    for (column, words, count) in counted {
        let style = if count > 0 { red } else { bold };
        text_cell(page, s[column], Align::Left, style, &words)?;
    }
    page.frame(
        Area::new(MARGIN_X, y, CONTENT_W, TOTAL_H),
        FRAME_PT,
        Ink::Black,
    );
    for column in [
        COL_LOADED,
        COL_RECEIVED,
        COL_MISSING,
        COL_EXTRA,
        COL_DAMAGED,
    ] {
        page.vline(s[column].0, y, y + TOTAL_H, RULE_PT);
    }
    Ok(())
}

fn draw_signatures(page: &mut Page, top: f32) -> Result<(), PdfError> {
    let style = Style::regular(10.5);
    let note = Style::regular(8.0).ink(QUIET);
    page.text(MARGIN_X, note.baseline_for_top(top + 2.0), note, text::NOTE)?;
    let middle = top + 14.0;
    let columns = [
        (MARGIN_X, text::SIGN_CHECKER),
        (MARGIN_X + 100.0, text::SIGN_DRIVER),
        (MARGIN_X + 192.0, text::SIGN_DATE),
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
        let end = if x > MARGIN_X + 150.0 {
            MARGIN_X + CONTENT_W
        } else {
            x + 88.0
        };
        page.hline(x + w + 1.0, end, middle + 3.0, 0.6);
    }
    Ok(())
}

fn draw_footer(page: &mut Page, code: &str, number: usize, count: usize) -> Result<(), PdfError> {
    let style = Style::regular(7.5).ink(QUIET);
    page.text(
        MARGIN_X,
        FOOTER_BASELINE,
        style,
        &format!("{} {code}", text::NAME),
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

/// The arrival report as a PDF: A4 landscape, as many pages as the lines need.
pub fn arrival_pdf(sheet: &ArrivalSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let rows = sheet
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| lay_out(i, line))
        .collect::<Result<Vec<_>, _>>()?;
    let totals = Totals::of(sheet.lines);
    let heights: Vec<f32> = rows.iter().map(|r| r.height).collect();
    let pages_of_rows = paginate(&heights);
    let count = pages_of_rows.len();
    let mut pages = Vec::with_capacity(count);
    for (page_index, range) in pages_of_rows.into_iter().enumerate() {
        let mut page = Page::new(PAGE_W, PAGE_H);
        draw_titles(&mut page, sheet, &totals)?;
        ruled_table::draw_header(&mut page, &COLUMNS)?;
        let mut y = TABLE_TOP + HEADER_H;
        let mut bottoms = Vec::with_capacity(range.len());
        for row in &rows[range] {
            draw_row(&mut page, row, y)?;
            y += row.height;
            bottoms.push(y);
        }
        ruled_table::draw_grid(&mut page, &COLUMNS, TABLE_TOP, &bottoms);
        if page_index + 1 == count {
            draw_totals(&mut page, &totals, y + TOTAL_GAP)?;
            draw_signatures(&mut page, y + TOTAL_GAP + TOTAL_H)?;
        }
        draw_footer(&mut page, sheet.manifest_code, page_index + 1, count)?;
        pages.push(page);
    }
    render(&format!("{} {}", text::NAME, sheet.manifest_code), pages)
}

#[cfg(test)]
mod tests;
