//! The drawing layer every printed document shares: the bundled Chinese fonts, parsed once
//! per process; a [`Page`] that takes positions in millimetres from the top-left corner of
//! the paper (printpdf's own origin is bottom-left, in points); text measured by glyph
//! advances and wrapped per character, since Chinese has no spaces to break at; a glyph
//! coverage check that refuses to print a character the font lacks (it would come out as
//! an empty box); lines, boxes and tick boxes; Code 128 drawn as filled bars and QR codes
//! drawn as filled modules; and [`render`], which saves with the font subset, so a PDF
//! carries only the glyphs it uses instead of two 10 MB fonts.

use crate::documents::barcode;
pub use crate::fonts::{FONT_BOLD, FONT_REGULAR};
use printpdf::{
    FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

mod fonts;
mod style;

use fonts::{Fonts, fonts, in_common_face};
use style::line_block_height;

pub use fonts::{check_coverage, first_missing_glyph, measure, warm_up};
pub use style::{Align, Ink, Style, VAlign, Weight, fit_paragraph, wrap};

/// Points per millimetre: PDF user space is 1/72 inch.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Resource names of the two fonts in every document. Fixed names let pages be built
/// before the document exists. printpdf tags a subset font's name with the first six
/// characters of its id; ISO 32000-1 (9.6.4) wants that tag to be six capital letters,
/// different for each subset, which is how readers (and `pdffonts`) know it is a subset.
const REGULAR_ID: &str = "KDSREG";
const BOLD_ID: &str = "KDSBLD";

/// Top of the ideographic em box above the baseline, in em. Noto Sans SC draws CJK
/// ideographs from 0.12 em below the baseline to 0.88 em above it; layout centres text on
/// that box, which is what the eye takes as the middle of a Chinese line.
const IDEO_ASCENT_EM: f32 = 0.88;
/// Bottom of the ideographic em box below the baseline, in em.
const IDEO_DESCENT_EM: f32 = 0.12;
/// Line pitch of wrapped text, in em.
pub const LINE_PITCH_EM: f32 = 1.25;
/// The smallest type any fitting helper shrinks to: still legible on a 9-pin printer.
pub const MIN_FONT_PT: f32 = 5.5;

/// Why a document could not be made. Messages are for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A character the bundled font has no glyph for: printed, it would be an empty box.
    #[error("字体缺少字符「{ch}」（在「{text}」中），无法打印：请改用常用字，或在备注中写明")]
    MissingGlyph {
        /// The whole text being printed.
        text: String,
        /// The first character without a glyph.
        ch: char,
    },
    /// The bundled font could not be parsed (a broken build).
    #[error("无法载入打印字体：{0}")]
    Font(String),
    /// A barcode could not be encoded.
    #[error("无法生成条码：{0}")]
    Barcode(String),
    /// A QR code could not be encoded.
    #[error("无法生成二维码：{0}")]
    Qr(String),
    /// A label reprint range outside the waybill's pieces, or empty.
    #[error(
        "件号范围 {first}–{last} 无效：本单共 {pieces} 件，请输入 1–{pieces} 之间的件号，起始件号不大于结束件号"
    )]
    PieceRange {
        /// First piece asked for.
        first: u32,
        /// Last piece asked for.
        last: u32,
        /// Pieces on the waybill.
        pieces: u32,
    },
    /// The print settings name no copy (联) to print.
    #[error("打印设置里没有任何联次：请在「设置 → 打印」中至少保留一联")]
    NoCopies,
    /// printpdf reported an error while writing the file.
    #[error("生成 PDF 时出错：{0}")]
    Render(String),
}

impl From<super::barcode::BarcodeError> for PdfError {
    fn from(error: super::barcode::BarcodeError) -> Self {
        Self::Barcode(error.0)
    }
}

/// A rectangle on the page, in mm from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Area {
    /// A rectangle from its left, top, width and height in mm.
    #[must_use]
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }

    /// Right edge.
    #[must_use]
    pub fn right(self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    #[must_use]
    pub fn bottom(self) -> f32 {
        self.y + self.h
    }

    /// Vertical middle.
    #[must_use]
    pub fn middle(self) -> f32 {
        self.y + self.h / 2.0
    }

    /// The rectangle shrunk by `dx` on the left and right and `dy` on top and bottom.
    #[must_use]
    pub fn inset(self, dx: f32, dy: f32) -> Self {
        Self::new(
            self.x + dx,
            self.y + dy,
            self.w - 2.0 * dx,
            self.h - 2.0 * dy,
        )
    }
}

/// One page being drawn. Positions are mm from the top-left corner of the paper, shifted
/// by the page's offset (the overlay calibration of 套打). Text is placed with an absolute
/// text matrix for every run, never by relative cursor moves, so one misplaced field
/// cannot drag the next.
#[derive(Debug)]
pub struct Page {
    width_mm: f32,
    height_mm: f32,
    offset_x_mm: f32,
    offset_y_mm: f32,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(Weight, f32)>,
    fill: Option<Ink>,
    stroke: Option<(Ink, f32)>,
    /// Per weight: some text needs a character outside the common face.
    needs_full_face: [bool; 2],
}

impl Page {
    /// An empty page of this paper size in mm.
    #[must_use]
    pub fn new(width_mm: f32, height_mm: f32) -> Self {
        Self {
            width_mm,
            height_mm,
            offset_x_mm: 0.0,
            offset_y_mm: 0.0,
            ops: Vec::with_capacity(256),
            in_text: false,
            font: None,
            fill: None,
            stroke: None,
            needs_full_face: [false; 2],
        }
    }

    /// Shifts everything drawn from now on right by `right_mm` and down by `down_mm`.
    pub fn set_offset(&mut self, right_mm: f32, down_mm: f32) {
        self.offset_x_mm = right_mm;
        self.offset_y_mm = down_mm;
    }

    /// Paper width in mm.
    #[must_use]
    pub fn width_mm(&self) -> f32 {
        self.width_mm
    }

    /// Paper height in mm.
    #[must_use]
    pub fn height_mm(&self) -> f32 {
        self.height_mm
    }

    fn px(&self, x_mm: f32) -> Pt {
        Pt((x_mm + self.offset_x_mm) * PT_PER_MM)
    }

    fn py(&self, y_mm: f32) -> Pt {
        Pt((self.height_mm - y_mm - self.offset_y_mm) * PT_PER_MM)
    }

    fn point(&self, x_mm: f32, y_mm: f32) -> LinePoint {
        LinePoint {
            p: Point {
                x: self.px(x_mm),
                y: self.py(y_mm),
            },
            bezier: false,
        }
    }

    fn note_faces(&mut self, text: &str, weight: Weight) {
        if !self.needs_full_face[weight.index()] && !in_common_face(text, weight) {
            self.needs_full_face[weight.index()] = true;
        }
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
            // A text object starts without a font; Tf must be repeated in each.
            self.font = None;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, ink: Ink) {
        if self.fill != Some(ink) {
            self.ops.push(Op::SetFillColor { col: ink.color() });
            self.fill = Some(ink);
        }
    }

    fn set_stroke(&mut self, ink: Ink, width_pt: f32) {
        if self.stroke.map(|(i, _)| i) != Some(ink) {
            self.ops.push(Op::SetOutlineColor { col: ink.color() });
        }
        if self.stroke.map(|(_, w)| w) != Some(width_pt) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        }
        self.stroke = Some((ink, width_pt));
    }

    /// Writes one line of text with its baseline at (`x_mm`, `baseline_mm`). Fails, and
    /// draws nothing, if the font lacks a character.
    pub fn text(
        &mut self,
        x_mm: f32,
        baseline_mm: f32,
        style: Style,
        text: &str,
    ) -> Result<(), PdfError> {
        check_coverage(text, style.weight)?;
        if text.trim().is_empty() {
            return Ok(());
        }
        self.note_faces(text, style.weight);
        self.begin_text();
        self.set_fill(style.ink);
        if self.font != Some((style.weight, style.size_pt)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(style.weight.resource().to_owned())),
                size: Pt(style.size_pt),
            });
            self.font = Some((style.weight, style.size_pt));
        }
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(self.px(x_mm), self.py(baseline_mm)),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        });
        Ok(())
    }

    /// Writes one line aligned in the span `x_mm .. x_mm + width_mm`; returns its width.
    pub fn text_aligned(
        &mut self,
        x_mm: f32,
        width_mm: f32,
        baseline_mm: f32,
        align: Align,
        style: Style,
        text: &str,
    ) -> Result<f32, PdfError> {
        let w = measure(text, style)?;
        let x = match align {
            Align::Left => x_mm,
            Align::Center => x_mm + (width_mm - w) / 2.0,
            Align::Right => x_mm + width_mm - w,
        };
        self.text(x, baseline_mm, style, text)?;
        Ok(w)
    }

    /// Writes `text` wrapped into `area`, shrinking from `style` down to `min_pt` until it
    /// fits, each line aligned by `align`, the block at the top of the area or centred in
    /// it. Returns whether it fitted; at `min_pt` the lines that fit are written and the
    /// last one ends in `…`, so the page never prints over its frame.
    pub fn paragraph(
        &mut self,
        area: Area,
        align: Align,
        valign: VAlign,
        style: Style,
        min_pt: f32,
        text: &str,
    ) -> Result<bool, PdfError> {
        let (style, mut lines) = fit_paragraph(text, area.w, area.h, style, min_pt)?;
        let mut fitted = true;
        let mut fit_count = lines.len();
        while fit_count > 1 && line_block_height(fit_count, style) > area.h + 1e-3 {
            fit_count -= 1;
        }
        if fit_count < lines.len() {
            fitted = false;
            lines.truncate(fit_count);
            if let Some(last) = lines.last_mut() {
                let mut chars: Vec<char> = last.chars().collect();
                chars.pop();
                *last = chars.into_iter().collect::<String>() + "…";
            }
        }
        let top = match valign {
            VAlign::Top => area.y,
            VAlign::Middle => area.middle() - line_block_height(lines.len(), style) / 2.0,
        };
        let mut baseline = style.baseline_for_top(top);
        for line in &lines {
            self.text_aligned(area.x, area.w, baseline, align, style, line)?;
            baseline += style.line_pitch_mm();
        }
        Ok(fitted)
    }

    /// Writes `text` as one line vertically centred in `area`, shrunk down to `min_pt` to
    /// fit its width; text too long even then is wrapped into the area instead (down to
    /// [`MIN_FONT_PT`]), so a long name never runs over the next field.
    pub fn text_fit(
        &mut self,
        area: Area,
        align: Align,
        style: Style,
        min_pt: f32,
        text: &str,
    ) -> Result<(), PdfError> {
        let natural = measure(text, style)?;
        let one_line = if natural <= area.w || natural <= 0.0 {
            Some(style)
        } else {
            let shrunk = (style.size_pt * area.w / natural * 2.0).floor() / 2.0;
            (shrunk >= min_pt).then(|| style.sized(shrunk))
        };
        if let Some(style) = one_line {
            let baseline = style.baseline_for_middle(area.middle());
            self.text_aligned(area.x, area.w, baseline, align, style, text)?;
            return Ok(());
        }
        self.paragraph(
            area,
            align,
            VAlign::Middle,
            style.sized(min_pt.max(MIN_FONT_PT)),
            MIN_FONT_PT,
            text,
        )?;
        Ok(())
    }

    /// Writes text turned `angle_deg` counter-clockwise about its own centre, centred
    /// on (`cx_mm`, `cy_mm`).
    #[allow(clippy::similar_names, reason = "the two coordinates of the centre")]
    pub fn rotated_text(
        &mut self,
        cx_mm: f32,
        cy_mm: f32,
        angle_deg: f32,
        style: Style,
        text: &str,
    ) -> Result<(), PdfError> {
        check_coverage(text, style.weight)?;
        self.note_faces(text, style.weight);
        let w = measure(text, style)? * PT_PER_MM;
        let em = style.size_pt;
        let (sin, cos) = angle_deg.to_radians().sin_cos();
        // Offset from the centre to the start of the baseline, in the rotated frame.
        let (dx, dy) = (-w / 2.0, -em * (IDEO_ASCENT_EM - IDEO_DESCENT_EM) / 2.0);
        let x = self.px(cx_mm).0 + dx * cos - dy * sin;
        let y = self.py(cy_mm).0 + dx * sin + dy * cos;
        self.begin_text();
        self.set_fill(style.ink);
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(style.weight.resource().to_owned())),
            size: Pt(style.size_pt),
        });
        self.font = Some((style.weight, style.size_pt));
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        });
        Ok(())
    }

    /// A straight line from (`x1`, `y1`) to (`x2`, `y2`), `width_pt` thick.
    #[allow(clippy::similar_names, reason = "coordinates of the two ends")]
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32, ink: Ink) {
        self.end_text();
        self.set_stroke(ink, width_pt);
        let points = vec![self.point(x1, y1), self.point(x2, y2)];
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A horizontal line at `y` from `x1` to `x2`.
    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width_pt: f32) {
        self.line(x1, y, x2, y, width_pt, Ink::Black);
    }

    /// A vertical line at `x` from `y1` to `y2`.
    pub fn vline(&mut self, x: f32, y1: f32, y2: f32, width_pt: f32) {
        self.line(x, y1, x, y2, width_pt, Ink::Black);
    }

    fn rect_op(&mut self, area: Area, mode: PaintMode) {
        let rect = Rect {
            x: self.px(area.x),
            y: self.py(area.bottom()),
            width: Pt(area.w * PT_PER_MM),
            height: Pt(area.h * PT_PER_MM),
            mode: Some(mode),
            winding_order: None,
        };
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }

    /// The outline of `area`, `width_pt` thick.
    pub fn frame(&mut self, area: Area, width_pt: f32, ink: Ink) {
        self.end_text();
        self.set_stroke(ink, width_pt);
        self.rect_op(area, PaintMode::Stroke);
    }

    /// `area` filled with `ink`.
    pub fn fill(&mut self, area: Area, ink: Ink) {
        self.end_text();
        self.set_fill(ink);
        self.rect_op(area, PaintMode::Fill);
    }

    /// A square tick box of side `size_mm` with its top-left corner at (`x`, `y`),
    /// ticked with a check mark when `ticked`.
    pub fn tick_box(&mut self, x: f32, y: f32, size_mm: f32, ticked: bool) {
        self.frame(Area::new(x, y, size_mm, size_mm), 0.6, Ink::Black);
        if ticked {
            self.tick_mark(x, y, size_mm);
        }
    }

    /// The check mark of a tick box alone (for pre-printed forms, whose box is there).
    pub fn tick_mark(&mut self, x: f32, y: f32, size_mm: f32) {
        self.end_text();
        self.set_stroke(Ink::Black, 1.3);
        let s = size_mm;
        let points = vec![
            self.point(x + 0.18 * s, y + 0.52 * s),
            self.point(x + 0.42 * s, y + 0.78 * s),
            self.point(x + 0.86 * s, y + 0.16 * s),
        ];
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A tick box followed by its label, vertically centred on `middle_mm`; returns the x
    /// just after the label.
    pub fn choice(
        &mut self,
        x: f32,
        middle_mm: f32,
        style: Style,
        ticked: bool,
        label: &str,
    ) -> Result<f32, PdfError> {
        let size = style.em_mm() * 0.9;
        self.tick_box(x, middle_mm - size / 2.0, size, ticked);
        let lx = x + size + style.em_mm() * 0.25;
        self.text(lx, style.baseline_for_middle(middle_mm), style, label)?;
        Ok(lx + measure(label, style)?)
    }

    /// Draws the Code 128 symbol of `data` with its left edge at `x_mm` and top at `y_mm`,
    /// `module_mm` per narrow bar and `height_mm` tall, as filled bars; returns its width
    /// without quiet zones. The caller leaves ten modules clear on either side.
    pub fn code128(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        module_mm: f32,
        height_mm: f32,
        data: &str,
    ) -> Result<f32, PdfError> {
        let modules = barcode::code128_modules(data)?;
        self.end_text();
        self.set_fill(Ink::Black);
        let mut i = 0;
        while i < modules.len() {
            if modules[i] == 1 {
                let start = i;
                while i < modules.len() && modules[i] == 1 {
                    i += 1;
                }
                #[allow(clippy::cast_precision_loss, reason = "a symbol has < 1000 modules")]
                let (bar_x, bar_w) = (start as f32 * module_mm, (i - start) as f32 * module_mm);
                self.rect_op(
                    Area::new(x_mm + bar_x, y_mm, bar_w, height_mm),
                    PaintMode::Fill,
                );
            } else {
                i += 1;
            }
        }
        #[allow(clippy::cast_precision_loss, reason = "a symbol has < 1000 modules")]
        let width = modules.len() as f32 * module_mm;
        Ok(width)
    }

    /// Draws a QR code of `data` (error correction M) with its top-left corner at
    /// (`x_mm`, `y_mm`), `size_mm` wide including no quiet zone; dark modules are filled
    /// rectangles, merged along each row.
    pub fn qr(&mut self, x_mm: f32, y_mm: f32, size_mm: f32, data: &str) -> Result<(), PdfError> {
        let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
            .map_err(|e| PdfError::Qr(e.to_string()))?;
        let n = code.width();
        let dark: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        #[allow(
            clippy::cast_precision_loss,
            reason = "a QR code has < 200 modules a side"
        )]
        let module = size_mm / n as f32;
        self.end_text();
        self.set_fill(Ink::Black);
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if dark[row * n + col] {
                    let start = col;
                    while col < n && dark[row * n + col] {
                        col += 1;
                    }
                    #[allow(clippy::cast_precision_loss, reason = "small module counts")]
                    let area = Area::new(
                        x_mm + start as f32 * module,
                        y_mm + row as f32 * module,
                        (col - start) as f32 * module,
                        module,
                    );
                    self.rect_op(area, PaintMode::Fill);
                } else {
                    col += 1;
                }
            }
        }
        Ok(())
    }

    /// The page for printpdf. Text is turned into glyph ids of the faces the document
    /// embeds (`full[weight]`), from the layout cache: printpdf would otherwise search the
    /// font's character map for every character, twice.
    fn finish(mut self, fonts: &Fonts, full: [bool; 2]) -> PdfPage {
        self.end_text();
        let mut weight = Weight::Regular;
        for op in &mut self.ops {
            match op {
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    ..
                } => {
                    weight = if id.0 == BOLD_ID {
                        Weight::Bold
                    } else {
                        Weight::Regular
                    };
                }
                Op::ShowText { items } => {
                    for item in items.iter_mut() {
                        if let TextItem::Text(text) = item {
                            let ids = weight.faces(fonts).glyph_ids(text, full[weight.index()]);
                            *item = TextItem::GlyphIds(ids);
                        }
                    }
                }
                _ => {}
            }
        }
        PdfPage::new(Mm(self.width_mm), Mm(self.height_mm), self.ops)
    }
}

/// Saves pages as one PDF document titled `title`, with both fonts subset to the glyphs
/// used. Subsetting needs printpdf's `text_layout` feature: without it printpdf embeds
/// each whole 10 MB font and says nothing, so a test checks the file size.
pub fn render(title: &str, pages: Vec<Page>) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let mut doc = PdfDocument::new(title);
    "kaidan".clone_into(&mut doc.metadata.info.creator);
    "kaidan (printpdf)".clone_into(&mut doc.metadata.info.producer);
    let fonts_map = &mut doc.resources.fonts.map;
    let mut full = [false; 2];
    for weight in [Weight::Regular, Weight::Bold] {
        let faces = weight.faces(fonts);
        full[weight.index()] = pages.iter().any(|p| p.needs_full_face[weight.index()]);
        let face = if full[weight.index()] {
            &faces.full
        } else {
            &faces.common
        };
        fonts_map.insert(
            FontId(weight.resource().to_owned()),
            PdfFont::new(face.clone()),
        );
    }
    doc.with_pages(pages.into_iter().map(|p| p.finish(fonts, full)).collect());
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let bytes = doc.save(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Render(error.msg.clone()));
    }
    true_document_info(&bytes, chrono::Local::now().fixed_offset())
}

/// printpdf writes 1970-01-01 as the creation and change dates, and an empty
/// `/GTS_PDFXVersion` that makes readers call the file PDF/X: the document information gets
/// the time it was made, and no conformance claim.
fn true_document_info(
    bytes: &[u8],
    made: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Vec<u8>, PdfError> {
    let render = |e: lopdf::Error| PdfError::Render(e.to_string());
    let mut doc = lopdf::Document::load_mem(bytes).map_err(render)?;
    let offset = made.format("%z").to_string();
    let stamp = format!(
        "D:{}{}'{}'",
        made.format("%Y%m%d%H%M%S"),
        &offset[..3],
        &offset[3..]
    );
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .map_err(render)?;
    let dict = doc
        .get_object_mut(info)
        .and_then(lopdf::Object::as_dict_mut)
        .map_err(render)?;
    dict.remove(b"GTS_PDFXVersion");
    for key in ["CreationDate", "ModDate"] {
        dict.set(
            key,
            lopdf::Object::String(stamp.clone().into_bytes(), lopdf::StringFormat::Literal),
        );
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Render(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests;
