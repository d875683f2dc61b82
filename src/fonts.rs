//! The bundled font, compiled into the program once and shared by the window and the PDFs:
//! Noto Sans SC Regular and Bold (SIL Open Font License 1.1, `fonts/OFL.txt`). Nothing
//! falls back to system fonts, so every counter PC shows and prints the same glyphs.

/// The regular weight.
pub static FONT_REGULAR: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.ttf");
/// The bold weight.
pub static FONT_BOLD: &[u8] = include_bytes!("../fonts/NotoSansSC-Bold.ttf");
