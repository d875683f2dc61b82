//! The one table builder of the A4 list documents: columns with titles, widths and
//! alignment; rows of cells (a cell may span columns, be bold or red, or be a box to
//! tick by hand); rows that grow to wrapped text where a column wraps; an optional
//! caption, a line for an empty table and a shaded totals row. [`Sheet::table`] lays it
//! on the pages: the column titles repeat at the top of every page the table runs onto,
//! the rules frame each page's part, and the last row never leaves the totals (and what
//! must follow them) alone on a page.

use crate::documents::page_frame::{FRAME_PT, LABEL_FILL, QUIET, RULE_PT, Sheet};
use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, VAlign, measure, wrap};

/// Height of the column titles' row and of the totals row.
pub const HEADER_H: f32 = 7.5;
/// Space above and below the text of a grown row.
const ROW_PAD: f32 = 1.2;
/// The most lines a wrapping cell grows to before its text is shrunk (and cut).
const MAX_CELL_LINES: usize = 6;
/// The smallest size a cell's text shrinks to before it wraps.
const MIN_CELL_PT: f32 = 5.5;
/// The side of a box to tick.
const TICK_MM: f32 = 3.8;
/// The caption's height over the column titles.
const CAPTION_H: f32 = 7.0;

/// One column: its title, width in mm, how its cells align, whether long text wraps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The title in the shaded row.
    pub title: &'static str,
    /// Width in mm.
    pub width: f32,
    /// How the column's cells align unless a cell says otherwise.
    pub align: Align,
    /// Long text wraps onto more lines and the row grows; otherwise it shrinks to fit.
    pub wrap: bool,
}

impl Column {
    /// A column whose long text shrinks to fit.
    #[must_use]
    pub const fn new(title: &'static str, width: f32, align: Align) -> Self {
        Self {
            title,
            width,
            align,
            wrap: false,
        }
    }

    /// The same column, its long text wrapped.
    #[must_use]
    pub const fn wrapping(self) -> Self {
        Self { wrap: true, ..self }
    }
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
enum Content {
    Text(String),
    Tick,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    content: Content,
    style: Option<Style>,
    align: Option<Align>,
    span: usize,
}

impl Cell {
    /// A cell of text in the table's body style.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            content: Content::Text(text.into()),
            style: None,
            align: None,
            span: 1,
        }
    }

    /// An empty cell.
    #[must_use]
    pub fn empty() -> Self {
        Self::text(String::new())
    }

    /// An empty box to tick by hand.
    #[must_use]
    pub fn tick() -> Self {
        Self {
            content: Content::Tick,
            ..Self::empty()
        }
    }

    /// The cell in its own style.
    #[must_use]
    pub fn style(self, style: Style) -> Self {
        Self {
            style: Some(style),
            ..self
        }
    }

    /// The cell aligned otherwise than its column.
    #[must_use]
    pub fn align(self, align: Align) -> Self {
        Self {
            align: Some(align),
            ..self
        }
    }

    /// The cell across `columns` columns.
    #[must_use]
    pub fn span(self, columns: usize) -> Self {
        Self {
            span: columns.max(1),
            ..self
        }
    }

    fn text_of(&self) -> &str {
        match &self.content {
            Content::Text(text) => text,
            Content::Tick => "",
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::text(text)
    }
}

/// One row: its cells, left to right, and an optional tint under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The cells; their spans add up to the columns (missing ones are empty).
    pub cells: Vec<Cell>,
    /// A tint under the row (a line with something to report).
    pub fill: Option<Ink>,
}

impl Row {
    /// A row of these cells.
    #[must_use]
    pub fn new(cells: Vec<Cell>) -> Self {
        Self { cells, fill: None }
    }

    /// The same row, tinted.
    #[must_use]
    pub fn tinted(self, ink: Ink) -> Self {
        Self {
            fill: Some(ink),
            ..self
        }
    }
}

/// A table to lay on a [`Sheet`].
#[derive(Debug, Clone)]
pub struct Table<'a> {
    /// A bold line over the column titles (`收款明细`), kept with them.
    pub caption: Option<&'a str>,
    /// The columns, left to right from the margin.
    pub columns: &'a [Column],
    /// Whether the shaded row of column titles is printed.
    pub titles: bool,
    /// The rows.
    pub rows: Vec<Row>,
    /// What an empty table says, in one quiet row.
    pub empty: Option<&'a str>,
    /// The shaded totals row under the last row.
    pub totals: Option<Row>,
    /// The body text size.
    pub body_pt: f32,
    /// How much of what follows the table must stay on the page of its last row.
    pub keep_after: f32,
}

impl<'a> Table<'a> {
    /// A table of these columns with titles, at the body size of 8.5 pt.
    #[must_use]
    pub fn new(columns: &'a [Column]) -> Self {
        Self {
            caption: None,
            columns,
            titles: true,
            rows: Vec::new(),
            empty: None,
            totals: None,
            body_pt: 8.5,
            keep_after: 0.0,
        }
    }

    /// The table's width.
    #[must_use]
    pub fn width(&self) -> f32 {
        self.columns.iter().map(|c| c.width).sum()
    }

    fn body(&self) -> Style {
        Style::regular(self.body_pt)
    }
}

/// A row placed on a page: where each cell goes.
struct Placed<'r> {
    cells: Vec<(&'r Cell, f32, f32, Align, bool)>,
}

fn place<'r>(row: &'r Row, columns: &[Column], left: f32) -> Placed<'r> {
    let mut cells = Vec::with_capacity(row.cells.len());
    let mut column = 0;
    let mut x = left;
    for cell in &row.cells {
        if column >= columns.len() {
            break;
        }
        let end = (column + cell.span).min(columns.len());
        let w: f32 = columns[column..end].iter().map(|c| c.width).sum();
        let align = cell.align.unwrap_or(columns[column].align);
        let wraps = columns[column..end].iter().any(|c| c.wrap);
        cells.push((cell, x, w, align, wraps));
        x += w;
        column = end;
    }
    Placed { cells }
}

impl Table<'_> {
    /// The height of a row: one line, or as many as its wrapping cells need.
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn row_height(&self, row: &Row, one_line: f32) -> Result<f32, PdfError> {
        let mut lines = 1;
        for (cell, _, w, _, wraps) in place(row, self.columns, 0.0).cells {
            if wraps && !cell.text_of().is_empty() {
                let style = cell.style.unwrap_or_else(|| self.body());
                let wrapped = wrap(cell.text_of(), w - 2.0, style)?;
                lines = lines.max(wrapped.len().min(MAX_CELL_LINES));
            }
        }
        if lines == 1 {
            return Ok(one_line);
        }
        let style = self.body();
        #[allow(clippy::cast_precision_loss, reason = "a handful of lines")]
        let gaps = (lines - 1) as f32;
        Ok((gaps * style.line_pitch_mm() + style.em_mm() + 2.0 * ROW_PAD).max(one_line))
    }

    fn draw_titles(&self, page: &mut Page, left: f32, y: f32) -> Result<(), PdfError> {
        page.fill(Area::new(left, y, self.width(), HEADER_H), LABEL_FILL);
        let mut x = left;
        for column in self.columns {
            page.text_fit(
                Area::new(x + 0.5, y, column.width - 1.0, HEADER_H),
                Align::Center,
                Style::bold(8.5),
                6.0,
                column.title,
            )?;
            if x > left {
                page.vline(x, y, y + HEADER_H, RULE_PT);
            }
            x += column.width;
        }
        page.hline(left, left + self.width(), y + HEADER_H, FRAME_PT * 0.8);
        Ok(())
    }

    fn draw_row(
        &self,
        page: &mut Page,
        row: &Row,
        (left, y, h): (f32, f32, f32),
        default: Style,
    ) -> Result<(), PdfError> {
        if let Some(ink) = row.fill {
            page.fill(Area::new(left, y, self.width(), h), ink);
        }
        for (cell, x, w, align, wraps) in place(row, self.columns, left).cells {
            if x > left {
                page.vline(x, y, y + h, RULE_PT);
            }
            let style = cell.style.unwrap_or(default);
            match &cell.content {
                Content::Tick => page.tick_box(x + 2.0, y + (h - TICK_MM) / 2.0, TICK_MM, false),
                Content::Text(text) if text.is_empty() => {}
                Content::Text(text) => {
                    let area = Area::new(x + 1.0, y, w - 2.0, h);
                    if wraps && measure(text, style)? > area.w {
                        page.paragraph(
                            area.inset(0.0, ROW_PAD * 0.5),
                            align,
                            VAlign::Middle,
                            style,
                            MIN_CELL_PT,
                            text,
                        )?;
                    } else {
                        page.text_fit(area, align, style, MIN_CELL_PT, text)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The part of a table on one page: where it starts and where its rows end.
struct Part {
    top: f32,
    bottoms: Vec<f32>,
}

impl Sheet<'_> {
    /// Lays `table` on the pages from here down, over as many pages as it needs.
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn table(&mut self, table: &Table<'_>) -> Result<(), PdfError> {
        let one_line = self.paper().row_h;
        let left = self.paper().margin_x;
        let titles_h = if table.titles { HEADER_H } else { 0.0 };
        let mut rows: Vec<(Row, f32, Style)> = Vec::with_capacity(table.rows.len() + 1);
        for row in &table.rows {
            rows.push((row.clone(), table.row_height(row, one_line)?, table.body()));
        }
        if rows.is_empty()
            && let Some(empty) = table.empty
        {
            let row = Row::new(vec![
                Cell::text(empty)
                    .style(table.body().ink(QUIET))
                    .align(Align::Left)
                    .span(table.columns.len()),
            ]);
            rows.push((row, one_line, table.body()));
        }
        let totals_h = if table.totals.is_some() {
            HEADER_H
        } else {
            0.0
        };
        let caption_h = if table.caption.is_some() {
            CAPTION_H
        } else {
            0.0
        };
        // The caption and titles never end a page alone: they go with the first row.
        let first = rows.first().map_or(0.0, |(_, h, _)| *h);
        let alone = rows.len() <= 1;
        let tail = if alone {
            totals_h + table.keep_after
        } else {
            0.0
        };
        self.make_room(caption_h + titles_h + first + tail)?;
        if let Some(caption) = table.caption {
            let style = Style::bold(10.5);
            let y = self.y();
            self.page().text(
                left,
                style.baseline_for_middle(y + CAPTION_H / 2.0),
                style,
                caption,
            )?;
            self.advance(CAPTION_H);
        }
        let mut part = self.start_part(table, left)?;
        let count = rows.len();
        for (i, (row, h, style)) in rows.iter().enumerate() {
            let needed = if i + 1 == count {
                h + totals_h + table.keep_after
            } else {
                *h
            };
            if self.y() + needed > self.paper().body_bottom + 1e-3 && !part.bottoms.is_empty() {
                self.end_part(table, left, &part);
                self.new_page()?;
                part = self.start_part(table, left)?;
            }
            let y = self.y();
            table.draw_row(self.page(), row, (left, y, *h), *style)?;
            // The rule over the row goes on after its tint, so the tint does not hide it.
            if !part.bottoms.is_empty() {
                self.page().hline(left, left + table.width(), y, RULE_PT);
            }
            self.advance(*h);
            part.bottoms.push(self.y());
        }
        if let Some(totals) = &table.totals {
            let y = self.y();
            let row = totals.clone().tinted(LABEL_FILL);
            let bold = Style::bold(table.body_pt + 0.5);
            table.draw_row(self.page(), &row, (left, y, totals_h), bold)?;
            self.page()
                .hline(left, left + table.width(), y, FRAME_PT * 0.8);
            self.advance(totals_h);
            part.bottoms.push(self.y());
        }
        self.end_part(table, left, &part);
        Ok(())
    }

    fn start_part(&mut self, table: &Table<'_>, left: f32) -> Result<Part, PdfError> {
        let top = self.y();
        if table.titles {
            table.draw_titles(self.page(), left, top)?;
            self.advance(HEADER_H);
        }
        Ok(Part {
            top,
            bottoms: Vec::new(),
        })
    }

    fn end_part(&mut self, table: &Table<'_>, left: f32, part: &Part) {
        let bottom = part.bottoms.last().copied().unwrap_or(self.y());
        self.page().frame(
            Area::new(left, part.top, table.width(), bottom - part.top),
            FRAME_PT,
            Ink::Black,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::page_frame::{Head, Paper};

    const COLUMNS: [Column; 3] = [
        Column::new("序号", 20.0, Align::Center),
        Column::new("运单号", 60.0, Align::Left),
        Column::new("备注", 100.0, Align::Left).wrapping(),
    ];

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| Row::new(vec![(i + 1).to_string().into(), format!("GZ{i:06}").into()]))
            .collect()
    }

    fn texts(bytes: &[u8]) -> Vec<String> {
        crate::documents::test_support::pdf_page_texts(bytes)
    }

    fn sheet() -> Sheet<'static> {
        let head = Head {
            company: "公司",
            title: "清 单",
            ..Head::default()
        };
        Sheet::new(Paper::A4_PORTRAIT, head, "清单".into()).unwrap()
    }

    #[test]
    fn a_long_table_repeats_its_titles_and_keeps_the_totals_with_a_row() {
        let mut sheet = sheet();
        let mut table = Table::new(&COLUMNS);
        table.rows = rows(100);
        table.totals = Some(Row::new(vec![Cell::text("合计 100 票").span(2)]));
        table.keep_after = 22.0;
        sheet.table(&table).unwrap();
        sheet.signatures("", &[]).unwrap();
        let pages = texts(&sheet.finish("清单").unwrap());
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains("运单号"), "titles on page {i}");
            assert!(page.contains(&format!("第{}页/共{}页", i + 1, pages.len())));
            assert_eq!(page.contains("合计100票"), i + 1 == pages.len());
        }
        // The last page has a row with its totals.
        assert!(pages.last().unwrap().contains("GZ000099"));
        let all: String = pages.concat();
        for i in 0..100 {
            assert_eq!(all.matches(&format!("GZ{i:06}")).count(), 1, "{i}");
        }
    }

    #[test]
    fn an_empty_table_says_so_and_wrapping_rows_grow() {
        let mut table = Table::new(&COLUMNS);
        table.empty = Some("没有记录。");
        let mut sheet = sheet();
        sheet.table(&table).unwrap();
        let text = texts(&sheet.finish("清单").unwrap()).concat();
        assert!(text.contains("没有记录。"));
        let long = Row::new(vec![
            "1".into(),
            "GZ1".into(),
            "外箱压坏，内物完好；".repeat(12).into(),
        ]);
        let one = Paper::A4_PORTRAIT.row_h;
        assert!(table.row_height(&long, one).unwrap() > 2.0 * one);
        assert!((table.row_height(&rows(1)[0], one).unwrap() - one).abs() < 1e-3);
    }
}
