//! Cargo labels (货签): one page per piece, the page the size of the thermal label stock.
//! A label is read from across the warehouse and scanned at loading and arrival, so it
//! carries the destination county in large bold type with its city, the piece as k/N,
//! the consignee with a masked phone, the goods, the handling marks in reversed boxes,
//! and a Code 128 of the waybill number followed by the four-digit piece
//! (`GZ26112300070001`). Bars are whole multiples of a 203 dpi printer dot so a thermal
//! printer prints them true. A torn label can be reprinted alone: [`labels_pdf`] takes
//! the range of pieces.

use crate::documents::barcode::code128_modules;
use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, measure, render};
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::waybill::{IssuedWaybill, Orientation, WaybillStatus};
use crate::domain::settings::{DeskSettings, LabelSize, PrintSettings};
use std::ops::RangeInclusive;

/// One dot of a 203 dpi thermal printer, in mm.
pub const DOT_203_MM: f32 = 25.4 / 203.0;
/// Quiet zone either side of the bars, in modules (ISO/IEC 15417 asks for ten).
const QUIET_MODULES: f32 = 10.0;

/// The code a label's barcode carries: the waybill number followed by the piece as four
/// digits, `GZ2611230007` + 1 → `GZ26112300070001`.
#[must_use]
pub fn label_code(number: &str, piece: u32) -> String {
    format!("{number}{piece:04}")
}

/// Sizes and type of one label stock, in mm and points.
struct Layout {
    margin: f32,
    band_h: f32,
    band_pt: f32,
    dest_h: f32,
    city_pt: f32,
    county_pt: f32,
    piece_w: f32,
    line_h: f32,
    line_pt: f32,
    /// Tall stock has room for the delivery address and the shipper.
    extra_lines: bool,
    marks_pt: f32,
    max_bar_h: f32,
    hri_pt: f32,
    qr_mm: f32,
    /// The QR code sits beside the barcode (wide stock) or beside the text lines.
    qr_beside_barcode: bool,
}

fn layout(size: LabelSize) -> Layout {
    match size {
        LabelSize::S100x100 => Layout {
            margin: 3.0,
            band_h: 8.0,
            band_pt: 11.0,
            dest_h: 27.0,
            city_pt: 13.0,
            county_pt: 44.0,
            piece_w: 25.0,
            line_h: 7.0,
            line_pt: 10.5,
            extra_lines: false,
            marks_pt: 12.0,
            max_bar_h: 22.0,
            hri_pt: 10.0,
            qr_mm: 20.0,
            qr_beside_barcode: true,
        },
        LabelSize::S100x150 => Layout {
            margin: 4.0,
            band_h: 10.0,
            band_pt: 13.0,
            dest_h: 38.0,
            city_pt: 16.0,
            county_pt: 64.0,
            piece_w: 30.0,
            line_h: 8.5,
            line_pt: 12.0,
            extra_lines: true,
            marks_pt: 15.0,
            max_bar_h: 30.0,
            hri_pt: 12.0,
            qr_mm: 24.0,
            qr_beside_barcode: true,
        },
        LabelSize::S76x130 => Layout {
            margin: 3.0,
            band_h: 9.0,
            band_pt: 11.0,
            dest_h: 32.0,
            city_pt: 13.0,
            county_pt: 48.0,
            piece_w: 22.0,
            line_h: 7.5,
            line_pt: 10.5,
            extra_lines: true,
            marks_pt: 12.0,
            max_bar_h: 26.0,
            hri_pt: 10.0,
            qr_mm: 20.0,
            qr_beside_barcode: false,
        },
        LabelSize::S80x60 => Layout {
            margin: 2.5,
            band_h: 5.5,
            band_pt: 8.5,
            dest_h: 15.5,
            city_pt: 8.5,
            county_pt: 28.0,
            piece_w: 17.0,
            line_h: 5.0,
            line_pt: 8.0,
            extra_lines: false,
            marks_pt: 8.0,
            max_bar_h: 13.0,
            hri_pt: 7.5,
            qr_mm: 12.0,
            qr_beside_barcode: true,
        },
    }
}

/// Everything printed on the labels of one waybill, the same for every piece.
struct LabelValues {
    station: String,
    date: String,
    city: String,
    county: String,
    number: String,
    pieces: u32,
    consignee: String,
    consignee_phone: String,
    shipper: String,
    goods: String,
    address: String,
    marks: Vec<String>,
    void: bool,
}

/// Splits the destination into the county and what goes above it (its city, or the
/// province where there is no city): from the division list, else from the printed name.
fn destination(dest_code: &str, dest_name: &str) -> (String, String) {
    if let Some(division) = Divisions::bundled().by_code(dest_code) {
        let full = division.city_and_name();
        let city = full
            .strip_suffix(division.name.as_str())
            .unwrap_or_default()
            .trim()
            .to_owned();
        return (city, division.name.clone());
    }
    match dest_name.trim().rsplit_once(' ') {
        Some((city, county)) => (city.trim().to_owned(), county.trim().to_owned()),
        None => (String::new(), dest_name.trim().to_owned()),
    }
}

impl LabelValues {
    fn new(issued: &IssuedWaybill, desk: &DeskSettings) -> Self {
        let w = &issued.waybill;
        let (city, county) = destination(&w.dest_code, &w.dest_name);
        let mut marks = Vec::new();
        // First, so the arriving station cannot miss it: the goods go only against it.
        if w.collects_cod() {
            marks.push(format!(
                "代收货款 ¥{}",
                crate::domain::money::format_yuan(w.cod_yuan)
            ));
        }
        if w.fragile {
            marks.push("易碎".to_owned());
        }
        if w.orientation != Orientation::Any {
            marks.push(w.orientation.label().to_owned());
        }
        if w.controlled_release {
            marks.push("等通知放货".to_owned());
        }
        marks.push(if w.delivery.is_delivery() {
            format!("送货：{}", w.delivery.label())
        } else {
            "自提".to_owned()
        });
        Self {
            station: desk.station_name.clone(),
            date: issued.issued_at.format("%Y-%m-%d").to_string(),
            city,
            county,
            number: issued.number.clone(),
            pieces: w.pieces,
            consignee: w.consignee.name.clone(),
            consignee_phone: w.consignee.phone.masked(),
            shipper: w.shipper.name.clone(),
            goods: format!("{}（{}）", w.goods_name, w.packaging.label()),
            address: if w.delivery.is_delivery() {
                w.delivery_address.clone()
            } else {
                String::new()
            },
            marks,
            void: issued.status == WaybillStatus::Void,
        }
    }
}

/// Rounds a position to the 203 dpi dot grid, so that every bar starts on a dot.
fn snap(mm: f32) -> f32 {
    (mm / DOT_203_MM).round() * DOT_203_MM
}

/// Draws the label of one piece.
fn draw_label(
    page: &mut Page,
    lay: &Layout,
    values: &LabelValues,
    piece: u32,
    qr: bool,
) -> Result<(), PdfError> {
    let (page_w, page_h) = (page.width_mm(), page.height_mm());
    let margin = lay.margin;
    let inner_w = page_w - 2.0 * margin;
    let mut y = margin;

    // Band: origin station and date.
    let band = Area::new(margin, y, inner_w, lay.band_h);
    let band_style = Style::bold(lay.band_pt);
    let date_style = Style::regular(lay.band_pt * 0.8);
    let date_w = measure(&values.date, date_style)?;
    page.text_fit(
        Area::new(margin, y, inner_w - date_w - 2.0, lay.band_h),
        Align::Left,
        band_style,
        6.0,
        &format!("{} 发", values.station),
    )?;
    page.text_aligned(
        margin,
        inner_w,
        date_style.baseline_for_middle(band.middle()),
        Align::Right,
        date_style,
        &values.date,
    )?;
    y += lay.band_h;
    page.hline(margin, page_w - margin, y, 1.2);

    // Destination: city above, county large; the piece in a box at the right.
    let dest = Area::new(margin, y, inner_w - lay.piece_w - 1.5, lay.dest_h);
    let city_style = Style::bold(lay.city_pt);
    let city_h = city_style.em_mm() * 1.3;
    if !values.city.is_empty() {
        page.text_fit(
            Area::new(dest.x, dest.y + 0.8, dest.w, city_h),
            Align::Left,
            city_style,
            6.0,
            &values.city,
        )?;
    }
    let county_area = Area::new(dest.x, dest.y + city_h + 0.4, dest.w, dest.h - city_h - 0.8);
    let county_pt = lay
        .county_pt
        .min(county_area.h * 0.98 * crate::documents::pdf::PT_PER_MM);
    page.text_fit(
        county_area,
        Align::Left,
        Style::bold(county_pt),
        10.0,
        &values.county,
    )?;
    let piece_box = Area::new(
        page_w - margin - lay.piece_w,
        y + 1.2,
        lay.piece_w,
        lay.dest_h - 2.4,
    );
    page.frame(piece_box, 1.5, Ink::Black);
    let caption = Style::regular(lay.line_pt * 0.75);
    let caption_h = caption.em_mm() * 1.4;
    page.text_fit(
        Area::new(piece_box.x, piece_box.y + 0.4, piece_box.w, caption_h),
        Align::Center,
        caption,
        5.0,
        "件号",
    )?;
    page.text_fit(
        Area::new(
            piece_box.x + 1.0,
            piece_box.y + caption_h,
            piece_box.w - 2.0,
            piece_box.h - caption_h - 0.6,
        ),
        Align::Center,
        Style::bold(lay.county_pt * 0.5),
        7.0,
        &format!("{piece}/{}", values.pieces),
    )?;
    y += lay.dest_h;
    page.hline(margin, page_w - margin, y, 1.2);

    // Text lines, full width.
    let line_style = Style::regular(lay.line_pt);
    let line = |page: &mut Page, y: &mut f32, label: &str, text: &str| {
        let area = Area::new(margin, *y, inner_w, lay.line_h);
        *y += lay.line_h;
        page.text_fit(
            area,
            Align::Left,
            line_style,
            7.0,
            &format!("{label}{text}"),
        )
    };
    // The consignee in bold with the masked phone at the right; a long name wraps.
    let phone_style = Style::bold(lay.line_pt);
    let phone_w = measure(&values.consignee_phone, phone_style)?;
    page.text_fit(
        Area::new(margin, y, inner_w - phone_w - 2.0, lay.line_h),
        Align::Left,
        Style::bold(lay.line_pt),
        7.0,
        &format!("收货：{}", values.consignee),
    )?;
    page.text_aligned(
        margin,
        inner_w,
        phone_style.baseline_for_middle(y + lay.line_h / 2.0),
        Align::Right,
        phone_style,
        &values.consignee_phone,
    )?;
    y += lay.line_h;
    if lay.extra_lines && !values.address.is_empty() {
        line(page, &mut y, "地址：", &values.address)?;
    }
    line(page, &mut y, "货物：", &values.goods)?;
    if lay.extra_lines {
        line(page, &mut y, "发货：", &values.shipper)?;
    }
    line(page, &mut y, "单号：", &values.number)?;

    // Handling marks, reversed out of black boxes, wrapping to more rows if needed; on
    // narrow stock the QR code stands at the right of them.
    let qr_by_marks = qr && !lay.qr_beside_barcode;
    let marks_w = if qr_by_marks {
        inner_w - lay.qr_mm - 2.0
    } else {
        inner_w
    };
    let marks_style = Style::bold(lay.marks_pt).ink(Ink::White);
    let mark_h = marks_style.em_mm() * 1.45;
    let pad = marks_style.em_mm() * 0.35;
    let gap = 1.5;
    let mut x = margin;
    y += 0.8;
    let marks_top = y;
    for mark in &values.marks {
        let mw = (measure(mark, marks_style)? + 2.0 * pad).min(marks_w);
        if x > margin && x + mw > margin + marks_w {
            x = margin;
            y += mark_h + gap;
        }
        let area = Area::new(x, y, mw, mark_h);
        page.fill(area, Ink::Black);
        page.text_fit(
            area.inset(pad * 0.5, 0.0),
            Align::Center,
            marks_style,
            5.0,
            mark,
        )?;
        x += mw + gap;
    }
    y += mark_h;
    if qr_by_marks {
        page.qr(
            page_w - margin - lay.qr_mm,
            marks_top,
            lay.qr_mm,
            &label_code(&values.number, piece),
        )?;
        y = y.max(marks_top + lay.qr_mm);
    }

    // The barcode with its human-readable code, in the space left at the bottom.
    let code = label_code(&values.number, piece);
    let hri_style = Style::regular(lay.hri_pt);
    let hri_h = hri_style.em_mm() * 1.3;
    let space = page_h - margin - y - 1.5;
    let bar_h = (space - hri_h).clamp(6.0, lay.max_bar_h);
    let bar_y = y + 1.5 + (space - bar_h - hri_h) / 2.0;
    if values.void {
        let style = Style::bold(lay.marks_pt * 1.2).ink(Ink::Red);
        let area = Area::new(margin, bar_y, inner_w, bar_h + hri_h);
        page.frame(area, 2.0, Ink::Red);
        page.text_fit(area, Align::Center, style, 8.0, "作废 · 不得装车")?;
        let stamp =
            Style::bold((page_h * 0.3 * crate::documents::pdf::PT_PER_MM).min(90.0)).ink(Ink::Red);
        page.rotated_text(
            page_w / 2.0,
            page_h / 2.0,
            (page_h / page_w).atan().to_degrees(),
            stamp,
            "作废",
        )?;
        return Ok(());
    }
    let modules = code128_modules(&code)?;
    #[allow(clippy::cast_precision_loss, reason = "a symbol has < 1000 modules")]
    let count = modules.len() as f32;
    let qr_side = if qr && lay.qr_beside_barcode {
        lay.qr_mm.min(bar_h + hri_h) + 1.0
    } else {
        0.0
    };
    let room = inner_w - qr_side;
    // Three dots a module where it fits, else two: both scan from a 203 dpi print.
    let module = if (count + 2.0 * QUIET_MODULES) * 3.0 * DOT_203_MM <= room + 2.0 * margin {
        3.0 * DOT_203_MM
    } else {
        2.0 * DOT_203_MM
    };
    let bars_w = count * module;
    let bar_x = snap(margin + (room - bars_w) / 2.0).max(snap(QUIET_MODULES * module));
    page.code128(bar_x, bar_y, module, bar_h, &code)?;
    // Human-readable code: the number, then the piece in bold.
    let piece_text = format!("{piece:04}");
    let bold_hri = Style::bold(lay.hri_pt);
    let total_w = measure(&values.number, hri_style)? + measure(&piece_text, bold_hri)?;
    let hx = bar_x + (bars_w - total_w) / 2.0;
    let baseline = hri_style.baseline_for_top(bar_y + bar_h + 0.6);
    page.text(hx, baseline, hri_style, &values.number)?;
    page.text(
        hx + measure(&values.number, hri_style)?,
        baseline,
        bold_hri,
        &piece_text,
    )?;
    if qr && lay.qr_beside_barcode {
        let size = qr_side - 1.0;
        page.qr(page_w - margin - size, bar_y, size, &code)?;
    }
    Ok(())
}

/// Labels for the pieces in `pieces` (1-based, inclusive) of a waybill, one page each,
/// the page the size of `print.label_size`. A voided waybill's labels say 作废 and carry
/// no barcode, so they cannot be scanned onto a truck.
pub fn labels_pdf(
    issued: &IssuedWaybill,
    desk: &DeskSettings,
    print: &PrintSettings,
    pieces: RangeInclusive<u32>,
) -> Result<Vec<u8>, PdfError> {
    let total = issued.waybill.pieces;
    let (first, last) = (*pieces.start(), *pieces.end());
    if first == 0 || first > last || last > total {
        return Err(PdfError::PieceRange {
            first,
            last,
            pieces: total,
        });
    }
    let lay = layout(print.label_size);
    let (w, h) = print.label_size.size_mm();
    let values = LabelValues::new(issued, desk);
    let mut pages = Vec::with_capacity(usize::try_from(last - first + 1).unwrap_or(0));
    for piece in pieces {
        let mut page = Page::new(w, h);
        draw_label(&mut page, &lay, &values, piece, print.label_qr)?;
        pages.push(page);
    }
    render(&format!("货签 {} {first}-{last}", issued.number), pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_codes_append_four_digit_pieces() {
        assert_eq!(label_code("GZ2611230007", 1), "GZ26112300070001");
        assert_eq!(label_code("GZ2611230007", 12), "GZ26112300070012");
        assert_eq!(label_code("GZ2611230007", 9999), "GZ26112300079999");
    }

    #[test]
    fn destination_names_county_and_city() {
        assert_eq!(
            destination("430321", ""),
            ("湘潭市".to_owned(), "湘潭县".to_owned())
        );
        // Unknown code: fall back to the printed name.
        assert_eq!(
            destination("999999", "某市 某县"),
            ("某市".to_owned(), "某县".to_owned())
        );
    }

    #[test]
    fn bars_start_on_printer_dots() {
        let x = snap(7.31);
        let dots = x / DOT_203_MM;
        assert!((dots - dots.round()).abs() < 1e-3);
    }
}
