//! The ruled A4-landscape table that the dispatch manifest, the stock count list and the
//! arrival report share: the page's geometry, the column spans, the shaded header row and
//! the grid of rules. Each document keeps its own columns, rows and totals.

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style};

/// A4 landscape, in mm.
pub const PAGE_W: f32 = 297.0;
/// A4 landscape height, in mm.
pub const PAGE_H: f32 = 210.0;
/// Left and right margin.
pub const MARGIN_X: f32 = 12.0;
/// Width between the margins: the columns add up to it.
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Top of the table on every page (under the header block).
pub const TABLE_TOP: f32 = 44.0;
/// Height of the column titles' row.
pub const HEADER_H: f32 = 7.5;
/// Height of a one-line row.
pub const ROW_H: f32 = 6.2;
/// The lowest a row may reach on a page that does not end the document.
pub const BODY_BOTTOM: f32 = 192.0;
/// The totals row under the last row.
pub const TOTAL_H: f32 = 7.5;
/// The signature block under the totals.
pub const SIGN_H: f32 = 22.0;
/// Baseline of the page footer (document name, page x of y).
pub const FOOTER_BASELINE: f32 = 202.0;
/// The outer frame, in points.
pub const FRAME_PT: f32 = 1.0;
/// The inner rules, in points.
pub const RULE_PT: f32 = 0.4;
/// The shade of the header row and of field labels.
pub const LABEL_FILL: Ink = Ink::Grey(0.9);
/// The ink of secondary text (footer, notes).
pub const QUIET: Ink = Ink::Grey(0.3);
/// Body text size, in points.
pub const BODY_PT: f32 = 8.5;

/// Where each column starts and how wide it is, from the left margin.
#[must_use]
pub fn spans<const N: usize>(columns: &[(&str, f32); N]) -> [(f32, f32); N] {
    let mut x = MARGIN_X;
    columns.map(|(_, w)| {
        let span = (x, w);
        x += w;
        span
    })
}

/// The shaded row of column titles at [`TABLE_TOP`].
pub fn draw_header<const N: usize>(
    page: &mut Page,
    columns: &[(&str, f32); N],
) -> Result<(), PdfError> {
    let header = Area::new(MARGIN_X, TABLE_TOP, CONTENT_W, HEADER_H);
    page.fill(header, LABEL_FILL);
    for ((title, _), (x, w)) in columns.iter().zip(spans(columns)) {
        page.text_fit(
            Area::new(x + 0.5, header.y, w - 1.0, header.h),
            Align::Center,
            Style::bold(8.5),
            6.0,
            title,
        )?;
    }
    Ok(())
}

/// The rules of a table block from `top` to the last row's bottom: the column rules, the
/// rule under the header, the rules between rows and the frame.
pub fn draw_grid<const N: usize>(
    page: &mut Page,
    columns: &[(&str, f32); N],
    top: f32,
    row_bottoms: &[f32],
) {
    let bottom = row_bottoms.last().copied().unwrap_or(top + HEADER_H);
    for (x, _) in spans(columns).iter().skip(1) {
        page.vline(*x, top, bottom, RULE_PT);
    }
    page.hline(
        MARGIN_X,
        MARGIN_X + CONTENT_W,
        top + HEADER_H,
        FRAME_PT * 0.8,
    );
    for y in row_bottoms.iter().take(row_bottoms.len().saturating_sub(1)) {
        page.hline(MARGIN_X, MARGIN_X + CONTENT_W, *y, RULE_PT);
    }
    page.frame(
        Area::new(MARGIN_X, top, CONTENT_W, bottom - top),
        FRAME_PT,
        Ink::Black,
    );
}
