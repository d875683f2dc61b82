//! Tests of `documents::pdf`.

use super::fonts::advance_em;
use super::*;

#[test]
fn fonts_load_once_and_cover_the_form() {
    warm_up().unwrap();
    check_coverage(
        "托运单壹仟叁佰玖拾陆元整¥1396.00湘潭县139****4321（）：",
        Weight::Bold,
    )
    .unwrap();
    check_coverage("作废已修改次存根联财务联收货人联发货人联", Weight::Regular).unwrap();
}

#[test]
fn a_missing_glyph_fails_loudly() {
    // U+E000 is in the private use area: no font has it.
    let err = check_coverage("李\u{E000}", Weight::Regular).unwrap_err();
    assert!(matches!(err, PdfError::MissingGlyph { ch: '\u{E000}', .. }));
    assert!(err.to_string().contains("字体缺少字符"));
    let mut page = Page::new(100.0, 100.0);
    assert!(
        page.text(10.0, 10.0, Style::regular(10.0), "\u{E000}")
            .is_err()
    );
    assert_eq!(first_missing_glyph("王\u{E000}"), Some('\u{E000}'));
    assert_eq!(first_missing_glyph("王小明"), None);
}

#[test]
fn the_common_face_keeps_glyphs_and_widths() {
    let fonts = fonts().unwrap();
    for face in [&fonts.regular, &fonts.bold] {
        assert!(face.common.num_glyphs < face.full.num_glyphs / 3);
        for ch in "托运单湘潭县壹仟¥m³0123456789ABCxyz（）：，。…→".chars() {
            let full = face.full.lookup_glyph_index(u32::from(ch)).unwrap();
            let common = face.common.lookup_glyph_index(u32::from(ch));
            let common = common.unwrap_or_else(|| panic!("{ch} not in the common face"));
            assert!(
                (advance_em(&face.full, full) - advance_em(&face.common, common)).abs() < 1e-6,
                "{ch}: gid {full} vs {common}"
            );
        }
    }
    // Place names of the destination list are all in it.
    assert!(in_common_face("濉溪县 亳州市 郯城县 沭阳县", Weight::Bold));
    // A rare name character is not, but the whole face prints it.
    assert!(!in_common_face("李喆", Weight::Regular));
    check_coverage("李喆", Weight::Regular).unwrap();
}

#[test]
fn a_rare_character_embeds_from_the_whole_face() {
    let mut page = Page::new(50.0, 20.0);
    page.text(5.0, 10.0, Style::regular(10.0), "李喆").unwrap();
    assert_eq!(page.needs_full_face, [true, false]);
    let bytes = render("rare", vec![page]).unwrap();
    assert!(bytes.len() < 30_000, "{}", bytes.len());
}

#[test]
fn ideographs_are_one_em_wide() {
    let style = Style::regular(10.0);
    let w = measure("托运单", style).unwrap();
    assert!((w - 3.0 * style.em_mm()).abs() < 0.01, "{w}");
    assert!(measure("1", style).unwrap() < style.em_mm() * 0.7);
}

#[test]
fn wraps_per_character_with_punctuation_rules() {
    let style = Style::regular(10.0);
    let em = style.em_mm();
    // Five ideographs a line.
    let lines = wrap("一二三四五六七八九十甲乙", em * 5.0 + 0.01, style).unwrap();
    assert_eq!(lines, vec!["一二三四五", "六七八九十", "甲乙"]);
    // A comma that would start line two is carried down with the character before.
    let lines = wrap("一二三四五，六七", em * 5.0 + 0.01, style).unwrap();
    assert_eq!(lines, vec!["一二三四", "五，六七"]);
    // An opening bracket never ends a line.
    let lines = wrap("一二三四（五六）", em * 5.0 + 0.01, style).unwrap();
    assert_eq!(lines, vec!["一二三四", "（五六）"]);
    // Digits stay together when they fit.
    let lines = wrap("电话13912345678", em * 6.0, style).unwrap();
    assert_eq!(lines, vec!["电话", "13912345678"]);
    // So does a time: never "08:" at a line's end and "30" on the next.
    for tenths in 30_u8..90 {
        let width = em * f32::from(tenths) / 10.0;
        let lines = wrap("11-02 上班打卡 08:30 到站", width, style).unwrap();
        assert!(
            lines.iter().any(|l| l.contains("08:30")),
            "{width}: {lines:?}"
        );
    }
    // Forced breaks.
    assert_eq!(wrap("甲\n乙", 100.0, style).unwrap(), vec!["甲", "乙"]);
}

#[test]
fn fitting_shrinks_then_gives_up() {
    let style = Style::regular(12.0);
    // Ten ideographs in 20 × 5 mm: two lines (2.25 em high) fit once the em is at
    // most 2.22 mm, at 6 pt (2.12 mm, nine a line).
    let (used, lines) = fit_paragraph("一二三四五六七八九十", 20.0, 5.0, style, 5.0).unwrap();
    assert!((used.size_pt - 6.0).abs() < f32::EPSILON, "{used:?}");
    assert_eq!(lines, vec!["一二三四五六七八九", "十"]);
    let (used, _) = fit_paragraph(&"字".repeat(500), 20.0, 5.0, style, 6.0).unwrap();
    assert!((used.size_pt - 6.0).abs() < f32::EPSILON);
}

#[test]
fn a_page_renders_with_subset_fonts() {
    let mut page = Page::new(100.0, 50.0);
    page.text(10.0, 10.0, Style::bold(12.0), "湘潭县").unwrap();
    page.frame(Area::new(5.0, 5.0, 90.0, 40.0), 1.0, Ink::Black);
    page.code128(10.0, 20.0, 0.375, 10.0, "GZ26112300070001")
        .unwrap();
    page.qr(70.0, 20.0, 20.0, "GZ26112300070001").unwrap();
    let bytes = render("test", vec![page]).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
    for tag in [REGULAR_ID, BOLD_ID] {
        assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()));
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains(&format!("/{BOLD_ID}+")),
        "the subset is tagged"
    );
}

#[test]
fn the_forms_check_of_a_character_agrees_with_the_pdfs() {
    for ch in ['湘', '潭', 'A', '¥', '🙂', '\u{E000}', '\u{10FFFD}'] {
        assert_eq!(
            crate::fonts::printable(ch),
            first_missing_glyph(&ch.to_string()).is_none(),
            "{ch:?}"
        );
    }
}

#[test]
fn the_document_information_has_the_real_time_and_no_pdfx_claim() {
    let mut page = Page::new(100.0, 50.0);
    page.text(10.0, 10.0, Style::regular(12.0), "湘潭县")
        .unwrap();
    let bytes = render("test", vec![page]).unwrap();
    let made = chrono::DateTime::parse_from_rfc3339("2026-12-05T16:20:07+08:00").unwrap();
    let bytes = true_document_info(&bytes, made).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_object(info).unwrap().as_dict().unwrap();
    for key in [&b"CreationDate"[..], b"ModDate"] {
        assert_eq!(
            info.get(key).unwrap().as_str().unwrap(),
            b"D:20261205162007+08'00'"
        );
    }
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "no PDF/X claim");
    // And what render itself writes: this year, not 1970.
    let doc =
        lopdf::Document::load_mem(&render("t", vec![Page::new(10.0, 10.0)]).unwrap()).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let created = doc
        .get_object(info)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"CreationDate")
        .unwrap();
    assert!(!created.as_str().unwrap().starts_with(b"D:1970"));
}
