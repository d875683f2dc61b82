//! The bundled font, compiled into the program once and shared by the window and the PDFs:
//! Noto Sans SC Regular and Bold (SIL Open Font License 1.1, `fonts/OFL.txt`). Nothing
//! falls back to system fonts, so every counter PC shows and prints the same glyphs.

/// The regular weight.
pub static FONT_REGULAR: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.ttf");
/// The bold weight.
pub static FONT_BOLD: &[u8] = include_bytes!("../fonts/NotoSansSC-Bold.ttf");

/// Whether both weights have a glyph for `ch` (whitespace always prints): the waybill form
/// and the imports refuse what would never print. Reads only the fonts' character maps,
/// so it costs nothing like the PDFs' full parse of the faces.
#[must_use]
pub fn printable(ch: char) -> bool {
    use skrifa::{FontRef, MetadataProvider};
    ch.is_whitespace()
        || [FONT_REGULAR, FONT_BOLD]
            .iter()
            .all(|bytes| FontRef::new(bytes).is_ok_and(|font| font.charmap().map(ch).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_print_chinese_and_latin_but_not_emoji() {
        for ch in ['湘', '潭', 'A', '9', '（', '¥', '、', ' '] {
            assert!(printable(ch), "{ch}");
        }
        for ch in ['🙂', '\u{E000}', '\u{10FFFD}'] {
            assert!(!printable(ch), "{ch:?}");
        }
    }
}
