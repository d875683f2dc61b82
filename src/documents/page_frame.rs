//! The one page frame of every A4 list document (the manifest, the stock count list, the
//! arrival report, the cash count, the monthly statement and the ones still to come):
//! the title block on every page (company, the spaced title, an optional `No.` and a
//! boxed stamp, the fields as labelled pairs), the footer (the document's own line on the
//! left, 第 n 页 / 共 m 页 on the right), and a [`Sheet`] that flows what a document puts
//! on it — ruled tables ([`crate::documents::list_table`]), lines of text, blocks kept
//! together, the signature lines — over as many pages as it needs.
//!
//! A document says what it prints; the frame says where. The page's geometry lives in
//! [`Paper`], so a portrait and a landscape list differ only in the paper they name.

use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};

/// The outer frame of a table, in points.
pub const FRAME_PT: f32 = 1.0;
/// The inner rules, in points.
pub const RULE_PT: f32 = 0.4;
/// The shade of column titles and totals.
pub const LABEL_FILL: Ink = Ink::Grey(0.9);
/// The ink of secondary text (field labels, notes, the footer).
pub const QUIET: Ink = Ink::Grey(0.3);
/// What an empty field prints.
pub const NONE: &str = "—";

/// Where the field rows of the title block start.
const FIELDS_TOP: f32 = 28.0;
/// The pitch of the field rows.
const FIELD_PITCH: f32 = 6.5;
/// The space between the title block and what follows it.
const HEAD_GAP: f32 = 3.0;
/// The height of a signature block (a note line and the lines to sign on).
pub const SIGN_H: f32 = 22.0;

/// A sheet of paper and where things go on it, in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// The page's width.
    pub width: f32,
    /// The page's height.
    pub height: f32,
    /// Left and right margin.
    pub margin_x: f32,
    /// The lowest anything but the footer may reach.
    pub body_bottom: f32,
    /// Baseline of the footer.
    pub footer_baseline: f32,
    /// Height of a one-line table row.
    pub row_h: f32,
}

impl Paper {
    /// A4 landscape: the wide lists (manifest, stock, arrival).
    pub const A4_LANDSCAPE: Self = Self {
        width: 297.0,
        height: 210.0,
        margin_x: 12.0,
        body_bottom: 192.0,
        footer_baseline: 202.0,
        row_h: 6.2,
    };

    /// A4 portrait: the money lists (cash count, statement).
    pub const A4_PORTRAIT: Self = Self {
        width: 210.0,
        height: 297.0,
        margin_x: 12.0,
        body_bottom: 272.0,
        footer_baseline: 285.0,
        row_h: 6.5,
    };

    /// The width between the margins.
    #[must_use]
    pub fn content_w(self) -> f32 {
        self.width - 2.0 * self.margin_x
    }
}

/// One labelled value of the title block: `站点 广州白云站`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The label, printed small and grey.
    pub label: &'static str,
    /// The value, printed bold; empty prints [`NONE`].
    pub value: String,
    /// The value's ink (red for a state that needs attention).
    pub ink: Ink,
    /// The width the pair takes, in mm; 0 takes the rest of the row.
    pub width: f32,
}

impl Field {
    /// A field of `width` mm (0: the rest of the row).
    pub fn new(label: &'static str, value: impl Into<String>, width: f32) -> Self {
        Self {
            label,
            value: value.into(),
            ink: Ink::Black,
            width,
        }
    }

    /// The same field in another ink.
    #[must_use]
    pub fn ink(self, ink: Ink) -> Self {
        Self { ink, ..self }
    }
}

/// The title block printed at the top of every page.
#[derive(Debug, Clone, Default)]
pub struct Head<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// The title, spaced as printed: `发 车 清 单`.
    pub title: &'a str,
    /// The document's number, printed `No. …` at the right of the title.
    pub code: Option<String>,
    /// A state boxed like a stamp left of the title (`核对中` in red).
    pub stamp: Option<(&'a str, Ink)>,
    /// The rows of fields under the title.
    pub fields: Vec<Vec<Field>>,
}

/// `value`, or a dash when it is blank: a field left empty still shows it was looked at.
#[must_use]
pub fn or_dash(value: &str) -> &str {
    if value.trim().is_empty() {
        "—"
    } else {
        value
    }
}

impl<'a> Head<'a> {
    /// A head without a number or a stamp.
    #[must_use]
    pub fn new(company: &'a str, title: &'a str, fields: Vec<Vec<Field>>) -> Self {
        Self {
            company,
            title,
            code: None,
            stamp: None,
            fields,
        }
    }

    /// Where the body starts under this head.
    #[must_use]
    pub fn bottom(&self) -> f32 {
        #[allow(clippy::cast_precision_loss, reason = "a few rows")]
        let rows = self.fields.len() as f32;
        FIELDS_TOP + FIELD_PITCH * rows + HEAD_GAP
    }

    fn draw(&self, page: &mut Page, paper: Paper) -> Result<(), PdfError> {
        let (x0, w) = (paper.margin_x, paper.content_w());
        page.text_fit(
            Area::new(x0, 8.0, w, 7.0),
            Align::Center,
            Style::bold(12.0),
            9.0,
            self.company,
        )?;
        page.text_fit(
            Area::new(x0, 15.0, w, 10.0),
            Align::Center,
            Style::bold(18.0),
            12.0,
            self.title,
        )?;
        if let Some((stamp, ink)) = self.stamp {
            let area = Area::new(x0, 15.5, 24.0, 9.0);
            page.frame(area, 1.2, ink);
            page.text_fit(area, Align::Center, Style::bold(12.0).ink(ink), 9.0, stamp)?;
        }
        if let Some(code) = &self.code {
            let style = Style::bold(11.0);
            page.text_aligned(
                x0,
                w,
                style.baseline_for_middle(20.0),
                Align::Right,
                style,
                &format!("No. {code}"),
            )?;
        }
        let label = Style::regular(8.0).ink(QUIET);
        let mut y = FIELDS_TOP;
        for row in &self.fields {
            let mut x = x0;
            for field in row {
                let width = if field.width > 0.0 {
                    field.width
                } else {
                    x0 + w - x
                };
                let lw = measure(field.label, label)? + 1.5;
                page.text(x, label.baseline_for_middle(y + 3.0), label, field.label)?;
                let value = if field.value.trim().is_empty() {
                    NONE
                } else {
                    &field.value
                };
                page.text_fit(
                    Area::new(x + lw, y, width - lw - 2.0, 6.0),
                    Align::Left,
                    Style::bold(9.5).ink(field.ink),
                    6.5,
                    value,
                )?;
                x += width;
            }
            y += FIELD_PITCH;
        }
        Ok(())
    }
}

/// A line to sign on: its label and where the line under the signature ends, both from
/// the left margin, in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignLine {
    /// `司机（签字）：`.
    pub label: &'static str,
    /// Where the label starts.
    pub x: f32,
    /// Where the line ends.
    pub end: f32,
}

/// A document in the making: the pages done, the page being written and how far down.
pub struct Sheet<'a> {
    paper: Paper,
    head: Head<'a>,
    footer: String,
    pages: Vec<Page>,
    page: Page,
    y: f32,
}

impl<'a> Sheet<'a> {
    /// A first page with `head` on it; `footer` is the left of every page's footer.
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn new(paper: Paper, head: Head<'a>, footer: String) -> Result<Self, PdfError> {
        let mut page = Page::new(paper.width, paper.height);
        head.draw(&mut page, paper)?;
        let y = head.bottom();
        Ok(Self {
            paper,
            head,
            footer,
            pages: Vec::new(),
            page,
            y,
        })
    }

    /// The paper.
    #[must_use]
    pub fn paper(&self) -> Paper {
        self.paper
    }

    /// How far down the page the next thing goes.
    #[must_use]
    pub fn y(&self) -> f32 {
        self.y
    }

    /// The page being written.
    pub fn page(&mut self) -> &mut Page {
        &mut self.page
    }

    /// Whether nothing has been put under the head of this page yet.
    #[must_use]
    pub fn page_is_empty(&self) -> bool {
        (self.y - self.head.bottom()).abs() < 1e-3
    }

    /// Moves down by `mm`.
    pub fn advance(&mut self, mm: f32) {
        self.y += mm;
    }

    /// Starts a new page (the head drawn on it).
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn new_page(&mut self) -> Result<(), PdfError> {
        let mut page = Page::new(self.paper.width, self.paper.height);
        self.head.draw(&mut page, self.paper)?;
        self.pages.push(std::mem::replace(&mut self.page, page));
        self.y = self.head.bottom();
        Ok(())
    }

    /// Starts a new page when `needed` mm no longer fit on this one (and this one has
    /// something on it); says whether it did.
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn make_room(&mut self, needed: f32) -> Result<bool, PdfError> {
        if self.y + needed <= self.paper.body_bottom + 1e-3 || self.page_is_empty() {
            return Ok(false);
        }
        self.new_page()?;
        Ok(true)
    }

    /// A block of `height` mm kept on one page, drawn by `draw` into its area.
    ///
    /// # Errors
    /// What `draw` fails with.
    pub fn block(
        &mut self,
        height: f32,
        draw: impl FnOnce(&mut Page, Area) -> Result<(), PdfError>,
    ) -> Result<(), PdfError> {
        self.make_room(height)?;
        let area = Area::new(self.paper.margin_x, self.y, self.paper.content_w(), height);
        draw(&mut self.page, area)?;
        self.y += height;
        Ok(())
    }

    /// One line of text, `height` mm high, kept with `keep` mm of what follows it.
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn line(
        &mut self,
        style: Style,
        text: &str,
        height: f32,
        keep: f32,
    ) -> Result<(), PdfError> {
        self.make_room(height + keep)?;
        let area = Area::new(self.paper.margin_x, self.y, self.paper.content_w(), height);
        self.page
            .text_fit(area, Align::Left, style, style.size_pt * 0.7, text)?;
        self.y += height;
        Ok(())
    }

    /// The signature block: a quiet note (may be empty), then the lines to sign on.
    ///
    /// # Errors
    /// A character the font lacks.
    pub fn signatures(&mut self, note: &str, lines: &[SignLine]) -> Result<(), PdfError> {
        self.block(SIGN_H, |page, area| {
            let quiet = Style::regular(8.0).ink(QUIET);
            if !note.is_empty() {
                page.text(area.x, quiet.baseline_for_top(area.y + 2.0), quiet, note)?;
            }
            let style = Style::regular(10.5);
            let middle = area.y + if note.is_empty() { 10.0 } else { 14.0 };
            for line in lines {
                let x = area.x + line.x;
                let w = page.text_aligned(
                    x,
                    0.0,
                    style.baseline_for_middle(middle),
                    Align::Left,
                    style,
                    line.label,
                )?;
                page.hline(x + w + 1.0, area.x + line.end, middle + 3.0, 0.6);
            }
            Ok(())
        })
    }

    /// The document: every page's footer written, `title` as the file's title.
    ///
    /// # Errors
    /// A character the font lacks, or the PDF not written.
    pub fn finish(mut self, title: &str) -> Result<Vec<u8>, PdfError> {
        self.pages.push(self.page);
        let count = self.pages.len();
        let style = Style::regular(7.5).ink(QUIET);
        let (x, w, baseline) = (
            self.paper.margin_x,
            self.paper.content_w(),
            self.paper.footer_baseline,
        );
        for (i, page) in self.pages.iter_mut().enumerate() {
            page.text(x, baseline, style, &self.footer)?;
            page.text_aligned(
                x,
                w,
                baseline,
                Align::Right,
                style,
                &format!("第 {} 页 / 共 {count} 页", i + 1),
            )?;
        }
        render(title, self.pages)
    }

    /// How many pages so far, the one being written included.
    #[must_use]
    pub fn page_count(&self) -> usize {
        self.pages.len() + 1
    }
}
