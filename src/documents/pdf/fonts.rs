//! The bundled fonts as the documents use them: parsed once per process, each weight
//! twice (whole, and cut down to the common characters so subsetting is quick), with the
//! glyph coverage check and the measuring of text by glyph advances.

use super::{PdfError, Style, Weight};
use crate::domain::desk::destinations::Divisions;
pub use crate::fonts::{FONT_BOLD, FONT_REGULAR};
use printpdf::Codepoint;
use printpdf::ParsedFont;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

/// One weight of the font, parsed twice: whole, and cut down to the characters almost
/// every document uses. printpdf subsets the embedded font of every document by walking
/// the whole character map of the face it is given, which costs about 3.3 ms for the
/// 30,000 characters of Noto Sans SC and 0.5 ms for the 7,800 of the common face. A
/// document whose text fits the common face (nearly all) embeds from it; any other falls
/// back to the whole face, which prints every character the font has.
pub(super) struct Face {
    pub(super) full: ParsedFont,
    pub(super) common: ParsedFont,
    /// What layout asks of each character, looked up once: the font's own character map
    /// is searched segment by segment, and fitting text measures it many times over.
    pub(super) glyphs: Mutex<HashMap<char, Glyph>>,
}

/// A character as layout sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glyph {
    /// The whole face has it.
    pub(super) printable: bool,
    /// The common face has it too.
    pub(super) common: bool,
    /// Its glyph in the whole face (0, .notdef, when not printable).
    pub(super) full_gid: u16,
    /// Its glyph in the common face.
    pub(super) common_gid: u16,
    /// Advance width in em (0 when not printable).
    pub(super) advance_em: f32,
}

impl Face {
    pub(super) fn new(full: ParsedFont, chars: &[char]) -> Self {
        Self {
            common: common_face(&full, chars),
            full,
            glyphs: Mutex::new(HashMap::new()),
        }
    }

    pub(super) fn lookup(&self, ch: char) -> Glyph {
        let gid = self.full.lookup_glyph_index(u32::from(ch));
        let common_gid = self.common.lookup_glyph_index(u32::from(ch));
        Glyph {
            printable: gid.is_some() || ch.is_whitespace(),
            common: ch.is_whitespace() || common_gid.is_some(),
            full_gid: gid.unwrap_or(0),
            common_gid: common_gid.unwrap_or(0),
            advance_em: gid.map_or(0.0, |gid| advance_em(&self.full, gid)),
        }
    }

    /// Runs `f` over the glyphs of `text`, with the cache locked once.
    pub(super) fn each_glyph(&self, text: &str, mut f: impl FnMut(char, Glyph)) {
        let mut cache = self.glyphs.lock().unwrap_or_else(PoisonError::into_inner);
        for ch in text.chars() {
            let glyph = *cache.entry(ch).or_insert_with(|| self.lookup(ch));
            f(ch, glyph);
        }
    }

    /// Sum of the advances of `text`, in em.
    pub(super) fn advance(&self, text: &str) -> f32 {
        let mut sum = 0.0;
        self.each_glyph(text, |_, g| sum += g.advance_em);
        sum
    }

    pub(super) fn first_missing(&self, text: &str) -> Option<char> {
        let mut missing = None;
        self.each_glyph(text, |ch, g| {
            if !g.printable && missing.is_none() {
                missing = Some(ch);
            }
        });
        missing
    }

    /// The glyphs of `text` in the whole or the common face, each carrying its character
    /// for the `ToUnicode` map (so the text can be searched and copied).
    pub(super) fn glyph_ids(&self, text: &str, full: bool) -> Vec<Codepoint> {
        let mut out = Vec::with_capacity(text.len());
        self.each_glyph(text, |ch, g| {
            let gid = if full { g.full_gid } else { g.common_gid };
            out.push(Codepoint::with_cid(gid, 0.0, ch.to_string()));
        });
        out
    }

    pub(super) fn all_common(&self, text: &str) -> bool {
        let mut all = true;
        self.each_glyph(text, |_, g| all &= g.common);
        all
    }
}

/// The two weights, shared by every document of the process.
pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();

pub(super) fn parse_font(bytes: &[u8], name: &str) -> Result<ParsedFont, String> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| format!("{name}：{warnings:?}"))
}

/// The characters of the common face: ASCII and Latin-1, general punctuation, arrows,
/// CJK and full-width punctuation, all of GB 2312 (the 6,763 hanzi of everyday use and
/// its symbols), and every character of the bundled destination names.
fn common_chars() -> Vec<char> {
    let ranges = [
        0x20..0x7F,
        0xA0..0x100,
        0x2000..0x2070,
        0x2190..0x2200,
        0x2460..0x2500,
        0x3000..0x3040,
        0xFF00..0xFFF0,
    ];
    let mut chars: Vec<char> = ranges
        .into_iter()
        .flatten()
        .filter_map(char::from_u32)
        .collect();
    // GB 2312 is rows 0xA1–0xF7 by columns 0xA1–0xFE of EUC-CN, which GBK decodes.
    for row in 0xA1_u8..=0xF7 {
        for column in 0xA1_u8..=0xFE {
            let bytes = [row, column];
            let (text, _, malformed) = encoding_rs::GBK.decode(&bytes);
            if !malformed {
                chars.extend(text.chars());
            }
        }
    }
    for division in Divisions::bundled() {
        chars.extend(division.name.chars());
        chars.extend(division.city.chars());
        chars.extend(division.province.chars());
    }
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// The common face cut from `full`, or `full` again if cutting fails (slower, as right).
fn common_face(full: &ParsedFont, chars: &[char]) -> ParsedFont {
    let glyphs: BTreeMap<u16, String> = chars
        .iter()
        .filter_map(|c| {
            full.lookup_glyph_index(u32::from(*c))
                .map(|gid| (gid, c.to_string()))
        })
        .collect();
    printpdf::subset_font(full, &glyphs)
        .ok()
        .and_then(|subset| parse_font(&subset.bytes, "common").ok())
        .unwrap_or_else(|| full.clone())
}

pub(super) fn load_fonts() -> Result<Fonts, String> {
    let chars = common_chars();
    Ok(Fonts {
        regular: Face::new(parse_font(FONT_REGULAR, "NotoSansSC-Regular")?, &chars),
        bold: Face::new(parse_font(FONT_BOLD, "NotoSansSC-Bold")?, &chars),
    })
}

pub(super) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS
        .get_or_init(load_fonts)
        .as_ref()
        .map_err(|message| PdfError::Font(message.clone()))
}

/// Loads (once) and returns the fonts; call at startup to pay the parse cost early
/// (about 90 ms in a release build: two 10 MB faces parsed and cut to their common
/// characters).
pub fn warm_up() -> Result<(), PdfError> {
    fonts().map(|_| ())
}

/// Checks that the font has a glyph for every character of `text` (whitespace aside).
pub fn check_coverage(text: &str, weight: Weight) -> Result<(), PdfError> {
    match weight.faces(fonts()?).first_missing(text) {
        Some(ch) => Err(PdfError::MissingGlyph {
            text: text.to_owned(),
            ch,
        }),
        None => Ok(()),
    }
}

/// The first character of `text` the bundled fonts cannot print, if any: for forms that
/// want to warn while the clerk types.
#[must_use]
pub fn first_missing_glyph(text: &str) -> Option<char> {
    let fonts = fonts().ok()?;
    fonts
        .regular
        .first_missing(text)
        .or_else(|| fonts.bold.first_missing(text))
}

/// Whether every character of `text` is in the common face of `weight`.
pub(super) fn in_common_face(text: &str, weight: Weight) -> bool {
    fonts().is_ok_and(|fonts| weight.faces(fonts).all_common(text))
}

/// Advance width of a glyph in em.
pub(super) fn advance_em(face: &ParsedFont, gid: u16) -> f32 {
    let units_per_em = f32::from(face.font_metrics.units_per_em.max(1));
    f32::from(face.get_horizontal_advance(gid)) / units_per_em
}

/// Width of `text` set in `style`, in mm, from the glyph advances (the same widths the
/// PDF's /W array gives the viewer, so measured and printed widths agree).
pub fn measure(text: &str, style: Style) -> Result<f32, PdfError> {
    Ok(style.weight.faces(fonts()?).advance(text) * style.em_mm())
}
