//! How text looks and where it breaks: weight, ink, alignment and [`Style`] (size, and
//! the em box's metrics in mm), and wrapping per character with the Chinese rules of
//! which punctuation may not start or end a line.

use super::fonts::{Face, Fonts, fonts};
use super::{
    BOLD_ID, IDEO_ASCENT_EM, IDEO_DESCENT_EM, LINE_PITCH_EM, PT_PER_MM, PdfError, REGULAR_ID,
};
use printpdf::{Color, Rgb};

/// Font weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Noto Sans SC Regular.
    Regular,
    /// Noto Sans SC Bold.
    Bold,
}

impl Weight {
    pub(super) fn faces(self, fonts: &Fonts) -> &Face {
        match self {
            Self::Regular => &fonts.regular,
            Self::Bold => &fonts.bold,
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Self::Regular => 0,
            Self::Bold => 1,
        }
    }

    pub(super) fn resource(self) -> &'static str {
        match self {
            Self::Regular => REGULAR_ID,
            Self::Bold => BOLD_ID,
        }
    }
}

/// Ink colour. Office and thermal printers print red as red or black; either way the
/// mark stays visible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ink {
    /// Black.
    Black,
    /// The red of a 作废 stamp.
    Red,
    /// White, for text on a filled black box.
    White,
    /// A grey, 0.0 black to 1.0 white, for rulers and guides.
    Grey(f32),
}

impl Ink {
    pub(super) fn color(self) -> Color {
        let (r, g, b) = match self {
            Self::Black => (0.0, 0.0, 0.0),
            Self::Red => (0.86, 0.08, 0.08),
            Self::White => (1.0, 1.0, 1.0),
            Self::Grey(level) => (level, level, level),
        };
        Color::Rgb(Rgb::new(r, g, b, None))
    }
}

/// Horizontal alignment of a line of text in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Vertical placement of a block of lines in its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// From the top.
    Top,
    /// Centred.
    Middle,
}

/// How text looks: size in points, weight and ink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Font size in points.
    pub size_pt: f32,
    /// Weight.
    pub weight: Weight,
    /// Ink.
    pub ink: Ink,
}

impl Style {
    /// Regular black text of this size.
    #[must_use]
    pub fn regular(size_pt: f32) -> Self {
        Self {
            size_pt,
            weight: Weight::Regular,
            ink: Ink::Black,
        }
    }

    /// Bold black text of this size.
    #[must_use]
    pub fn bold(size_pt: f32) -> Self {
        Self {
            size_pt,
            weight: Weight::Bold,
            ink: Ink::Black,
        }
    }

    /// The same style in another ink.
    #[must_use]
    pub fn ink(self, ink: Ink) -> Self {
        Self { ink, ..self }
    }

    /// The same style at another size.
    #[must_use]
    pub fn sized(self, size_pt: f32) -> Self {
        Self { size_pt, ..self }
    }

    /// The font size in millimetres (the height of the em box).
    #[must_use]
    pub fn em_mm(self) -> f32 {
        self.size_pt / PT_PER_MM
    }

    /// Distance between baselines of wrapped lines, in mm.
    #[must_use]
    pub fn line_pitch_mm(self) -> f32 {
        self.em_mm() * LINE_PITCH_EM
    }

    /// Where the baseline goes for text vertically centred on `middle_mm`.
    #[must_use]
    pub fn baseline_for_middle(self, middle_mm: f32) -> f32 {
        middle_mm + self.em_mm() * (IDEO_ASCENT_EM - IDEO_DESCENT_EM) / 2.0
    }

    /// Where the baseline goes for text whose em box starts at `top_mm`.
    #[must_use]
    pub fn baseline_for_top(self, top_mm: f32) -> f32 {
        top_mm + self.em_mm() * IDEO_ASCENT_EM
    }
}

/// Characters that may not start a line (closing punctuation, 避头).
pub(super) fn no_line_start(ch: char) -> bool {
    "，。、；：！？）》」』】”’,.;:!?)]%·…—".contains(ch)
}

/// Characters that may not end a line (opening punctuation, 避尾).
pub(super) fn no_line_end(ch: char) -> bool {
    "（《「『【“‘([".contains(ch)
}

/// Splits a paragraph into units that must stay together: a run of ASCII letters and
/// digits (a phone number, a street number, a waybill number), or a single character.
pub(super) fn units(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in paragraph.char_indices() {
        // A time (08:30), a date (2026-11-02), a number with its point stay one word.
        let word = ch.is_ascii_alphanumeric() || ("-_/.#:".contains(ch) && start.is_some());
        match (word, start) {
            (true, None) => start = Some(i),
            (true, Some(_)) => {}
            (false, Some(s)) => {
                out.push(&paragraph[s..i]);
                start = None;
                out.push(&paragraph[i..i + ch.len_utf8()]);
            }
            (false, None) => out.push(&paragraph[i..i + ch.len_utf8()]),
        }
    }
    if let Some(s) = start {
        out.push(&paragraph[s..]);
    }
    out
}

/// Wraps `text` into lines no wider than `width_mm` in `style`. Chinese breaks between
/// any two characters; runs of ASCII letters and digits are kept whole when they fit on
/// a line; closing punctuation never starts a line and opening punctuation never ends
/// one. `\n` forces a break. Spaces at the start of a wrapped line are dropped.
pub fn wrap(text: &str, width_mm: f32, style: Style) -> Result<Vec<String>, PdfError> {
    let face = style.weight.faces(fonts()?);
    let em = style.em_mm();
    let width_of = |s: &str| face.advance(s) * em;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Vec<&str> = Vec::new();
        let mut line_width = 0.0_f32;
        for unit in units(paragraph) {
            let unit_width = width_of(unit);
            if line.is_empty() && unit.trim().is_empty() && !lines.is_empty() {
                continue;
            }
            if line_width + unit_width <= width_mm + 1e-3 || line.is_empty() {
                if unit_width > width_mm && unit.chars().count() > 1 {
                    // A run wider than the whole line: break it by character.
                    for (i, ch) in unit.char_indices() {
                        let piece = &unit[i..i + ch.len_utf8()];
                        let w = width_of(piece);
                        if line_width + w > width_mm + 1e-3 && !line.is_empty() {
                            lines.push(line.concat());
                            line.clear();
                            line_width = 0.0;
                        }
                        line.push(piece);
                        line_width += w;
                    }
                } else {
                    line.push(unit);
                    line_width += unit_width;
                }
                continue;
            }
            // Break before `unit`; carry units down so that punctuation rules hold.
            let mut carried: Vec<&str> = vec![unit];
            let starts_bad = |u: &str| u.chars().next().is_some_and(no_line_start);
            let ends_bad = |l: &[&str]| {
                l.last()
                    .and_then(|u| u.chars().last())
                    .is_some_and(no_line_end)
            };
            while line.len() > 1 && (starts_bad(carried[0]) || ends_bad(&line)) {
                if let Some(last) = line.pop() {
                    carried.insert(0, last);
                }
            }
            lines.push(line.concat().trim_end().to_owned());
            line = carried;
            line_width = line.iter().map(|u| width_of(u)).sum();
        }
        lines.push(line.concat().trim_end().to_owned());
    }
    Ok(lines)
}

/// The largest size from `style.size_pt` down to `min_pt` (in half points) at which
/// `text` wraps into `width_mm` × `height_mm`, with its lines. At `min_pt` the lines are
/// returned even if they overflow; the caller decides what then.
pub fn fit_paragraph(
    text: &str,
    width_mm: f32,
    height_mm: f32,
    style: Style,
    min_pt: f32,
) -> Result<(Style, Vec<String>), PdfError> {
    let mut size = style.size_pt;
    loop {
        let sized = style.sized(size);
        let lines = wrap(text, width_mm, sized)?;
        let needed = line_block_height(lines.len(), sized);
        if needed <= height_mm + 1e-3 || size - 0.5 < min_pt {
            return Ok((sized, lines));
        }
        size -= 0.5;
    }
}

/// Height of `n` wrapped lines in `style`: full pitch between lines, the ideographic em
/// box for the last.
pub(super) fn line_block_height(n: usize, style: Style) -> f32 {
    #[allow(clippy::cast_precision_loss, reason = "line counts are tiny")]
    let gaps = n.saturating_sub(1) as f32;
    gaps * style.line_pitch_mm() + style.em_mm()
}
