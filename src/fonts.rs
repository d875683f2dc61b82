//! The bundled font, compiled into the program once and shared by the window and the PDFs:
//! Noto Sans SC Regular and Bold (SIL Open Font License 1.1, `fonts/OFL.txt`). Nothing
//! falls back to system fonts, so every counter PC shows and prints the same glyphs.

/// The regular weight.
pub static FONT_REGULAR: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.ttf");
/// The bold weight.
pub static FONT_BOLD: &[u8] = include_bytes!("../fonts/NotoSansSC-Bold.ttf");

/// Whether both weights have a glyph for `ch` (whitespace always prints): the waybill form
/// (every frame) and the imports refuse what would never print. Reads only the fonts'
/// character maps, found once, so it costs nothing like the PDFs' full parse of the faces.
#[must_use]
pub fn printable(ch: char) -> bool {
    ch.is_whitespace()
        || charmaps().is_some_and(|maps| maps.iter().all(|map| map.map(ch).is_some()))
}

/// The character maps of both weights; `None` when a font cannot be read (then nothing
/// prints, and nothing is taken as printable).
fn charmaps() -> Option<&'static [skrifa::charmap::Charmap<'static>]> {
    use skrifa::{FontRef, MetadataProvider};
    static MAPS: std::sync::OnceLock<Option<Vec<skrifa::charmap::Charmap<'static>>>> =
        std::sync::OnceLock::new();
    MAPS.get_or_init(|| {
        [FONT_REGULAR, FONT_BOLD]
            .iter()
            .map(|bytes| FontRef::new(bytes).ok().map(|font| font.charmap()))
            .collect()
    })
    .as_deref()
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
