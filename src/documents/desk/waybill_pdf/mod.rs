//! The waybill (托运单) as a PDF: one page per copy (联), laid out like the road-freight
//! waybills Chinese stations print on 241 × 140 mm continuous forms — company and station
//! at the top, the number as text and Code 128, a ruled grid with every field of
//! DOMAIN.md §2, fees itemized with the total in capital numerals, payment and delivery as
//! tick boxes, remarks, signature lines and the terms. The same layout fits A5 landscape
//! and A4 (on the upper part of the sheet).
//!
//! Overlay mode (套打) prints only the values, at the positions the full layout gives
//! them, shifted by the calibration offset, onto pre-printed forms; [`overlay_test_pdf`]
//! prints a calibration page. A voided waybill carries a red 作废 stamp on every page and
//! in its title; an altered one says 已修改 N 次 beside its number.

mod values;

use crate::documents::pdf::{
    Align, Area, Ink, MIN_FONT_PT, Page, PdfError, Style, VAlign, measure, render,
};
use crate::domain::desk::waybill::{DeliveryMode, IssuedWaybill, PaymentMethod, WaybillStatus};
use crate::domain::settings::TermFigures;
use crate::domain::settings::{DeskSettings, PrintSettings, WaybillPaper};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use values::{FormValues, chinese_ordinal};

/// Narrow bar of the number's barcode, in mm: wide enough for a 180 dpi dot-matrix head.
const NUMBER_MODULE_MM: f32 = 0.35;
/// Style of the small labels of the grid (发货方, 件数 …).
const LABEL_PT: f32 = 7.5;
/// Style of ordinary values.
const VALUE_PT: f32 = 10.0;
/// Thickness of the grid's outer frame and inner rules, in points.
const FRAME_PT: f32 = 1.0;
const RULE_PT: f32 = 0.5;

/// Paper and the part of it the form uses, in mm.
struct Sheet {
    width: f32,
    height: f32,
    content: Area,
}

fn sheet(paper: WaybillPaper) -> Sheet {
    let (width, height) = paper.size_mm();
    let content = match paper {
        // The tractor strips of a 241 mm continuous form take about 12 mm a side.
        WaybillPaper::Continuous241x140 => Area::new(12.0, 6.0, width - 24.0, height - 11.0),
        WaybillPaper::A5Landscape => Area::new(8.0, 7.0, width - 16.0, height - 14.0),
        // The upper part of the sheet: a form twice as tall helps nobody.
        WaybillPaper::A4 => Area::new(10.0, 10.0, width - 20.0, 150.0),
    };
    Sheet {
        width,
        height,
        content,
    }
}

/// Draws the form, or only its values for 套打. Rules, labels and titles are skipped
/// in overlay mode; values are drawn at the same places either way.
struct Form<'a> {
    page: &'a mut Page,
    overlay: bool,
}

impl Form<'_> {
    fn rule_h(&mut self, x1: f32, x2: f32, y: f32) {
        if !self.overlay {
            self.page.hline(x1, x2, y, RULE_PT);
        }
    }

    fn rule_v(&mut self, x: f32, y1: f32, y2: f32) {
        if !self.overlay {
            self.page.vline(x, y1, y2, RULE_PT);
        }
    }

    fn label(&mut self, area: Area, align: Align, text: &str) -> Result<(), PdfError> {
        if !self.overlay {
            self.page
                .text_fit(area, align, Style::regular(LABEL_PT), MIN_FONT_PT, text)?;
        }
        Ok(())
    }

    /// A value on one line, shrunk to fit; wrapped when shrinking alone would go below a
    /// legible size.
    fn value(
        &mut self,
        area: Area,
        align: Align,
        style: Style,
        text: &str,
    ) -> Result<(), PdfError> {
        self.page
            .text_fit(area.inset(1.2, 0.3), align, style, 7.0, text)
    }

    /// A tick box; in overlay mode only the tick, since the pre-printed form has the box.
    fn choice(&mut self, x: f32, middle: f32, ticked: bool, label: &str) -> Result<f32, PdfError> {
        let style = Style::regular(LABEL_PT + 0.5);
        if self.overlay {
            let size = style.em_mm() * 0.9;
            if ticked {
                self.page.tick_mark(x, middle - size / 2.0, size);
            }
            Ok(x + size + style.em_mm() * 0.25 + measure(label, style)?)
        } else {
            self.page.choice(x, middle, style, ticked, label)
        }
    }
}

/// Splits `width` from `x` into columns by weight; returns (left, width) pairs.
fn columns(x: f32, width: f32, weights: &[f32]) -> Vec<(f32, f32)> {
    let total: f32 = weights.iter().sum();
    let mut left = x;
    weights
        .iter()
        .map(|w| {
            let col = (left, width * w / total);
            left += col.1;
            col
        })
        .collect()
}

/// A row of `label | value` pairs, the label cell just wide enough for its text.
fn pair_row(
    form: &mut Form<'_>,
    x: f32,
    width: f32,
    y: f32,
    h: f32,
    items: &[(&str, &str, f32, Style)],
) -> Result<(), PdfError> {
    let weights: Vec<f32> = items.iter().map(|i| i.2).collect();
    let cols = columns(x, width, &weights);
    for (i, ((label, value, _, style), (cx, cw))) in items.iter().zip(cols).enumerate() {
        let label_w = measure(label, Style::regular(LABEL_PT))? + 3.0;
        if i > 0 {
            form.rule_v(cx, y, y + h);
        }
        form.label(Area::new(cx, y, label_w, h), Align::Center, label)?;
        form.rule_v(cx + label_w, y, y + h);
        form.value(
            Area::new(cx + label_w, y, cw - label_w, h),
            Align::Left,
            *style,
            value,
        )?;
    }
    Ok(())
}

/// A row of columns: labels in a header strip, values centred below.
fn column_row(
    form: &mut Form<'_>,
    x: f32,
    width: f32,
    y: f32,
    header_h: f32,
    value_h: f32,
    items: &[(&str, &str, f32, Style)],
) -> Result<(), PdfError> {
    let weights: Vec<f32> = items.iter().map(|i| i.2).collect();
    let cols = columns(x, width, &weights);
    form.rule_h(x, x + width, y + header_h);
    for (i, ((label, value, _, style), (cx, cw))) in items.iter().zip(cols).enumerate() {
        if i > 0 {
            form.rule_v(cx, y, y + header_h + value_h);
        }
        form.label(Area::new(cx, y, cw, header_h), Align::Center, label)?;
        form.value(
            Area::new(cx, y + header_h, cw, value_h),
            Align::Center,
            *style,
            value,
        )?;
    }
    Ok(())
}

/// Draws one copy of the waybill (or its values only) on `page`; returns the outer frame
/// of the grid, whose corners are the calibration points of 套打.
fn draw_form(
    page: &mut Page,
    sheet: &Sheet,
    values: &FormValues,
    overlay: bool,
) -> Result<Area, PdfError> {
    let content = sheet.content;
    // The copy name runs down a strip at the right; the grid takes the rest.
    let strip_w = 7.0;
    let gx = content.x;
    let gw = content.w - strip_w - 1.0;
    let value = Style::regular(VALUE_PT);
    let strong = Style::bold(VALUE_PT + 1.0);

    let mut form = Form { page, overlay };

    // Header: company, title and station on the left; barcode and number on the right.
    let header_h = 17.0;
    let code_w = barcode_width(&values.number)?;
    let right_x = gx + gw - code_w;
    if !overlay {
        let company = Style::bold(15.0);
        form.page.text_fit(
            Area::new(gx, content.y, right_x - gx - 4.0, 8.0),
            Align::Left,
            company,
            9.0,
            &values.company,
        )?;
        let title = if values.void {
            "公路货物托运单（作废）"
        } else {
            "公路货物托运单"
        };
        let title_style = Style::bold(11.5).ink(if values.void { Ink::Red } else { Ink::Black });
        let title_w = measure(title, title_style)?;
        form.page.text(gx, content.y + 13.0, title_style, title)?;
        let mut station = format!("起运站：{}", values.station);
        if !values.station_phone.trim().is_empty() {
            station.push_str("　电话：");
            station.push_str(values.station_phone.trim());
        }
        form.page.text_fit(
            Area::new(
                gx + title_w + 4.0,
                content.y + 9.0,
                right_x - gx - title_w - 8.0,
                5.0,
            ),
            Align::Left,
            Style::regular(8.5),
            6.0,
            &station,
        )?;
    }
    // The number and its barcode are printed in overlay mode too: the form has no number.
    form.page
        .code128(right_x, content.y, NUMBER_MODULE_MM, 8.5, &values.number)?;
    let number_style = Style::bold(11.0);
    let number_text = format!("No. {}", values.number);
    form.page.text_aligned(
        right_x,
        code_w,
        content.y + 13.5,
        Align::Right,
        number_style,
        &number_text,
    )?;
    if values.alter_count > 0 {
        let mark = format!("已修改 {} 次", values.alter_count);
        let style = Style::bold(8.5).ink(Ink::Red);
        let w = measure(&mark, style)? + 2.4;
        let number_w = measure(&number_text, number_style)?;
        let area = Area::new(
            right_x + code_w - number_w - w - 2.0,
            content.y + 9.6,
            w,
            5.0,
        );
        form.page.frame(area, 0.8, Ink::Red);
        form.page.text_fit(area, Align::Center, style, 6.0, &mark)?;
    }

    // The grid. Eight rows of `row`, two header strips, the signature row and the terms
    // are fixed; rows grow (7 to 9 mm) until the remarks box is down to its target size.
    let top = content.y + header_h;
    let head = 4.6;
    let sign_h = 9.0;
    let terms_style = Style::regular(6.5);
    let terms_lines = if values.terms.is_empty() {
        0
    } else {
        crate::documents::pdf::wrap(&values.terms, gw, terms_style)?
            .len()
            .min(4)
    };
    #[allow(clippy::cast_precision_loss, reason = "at most four lines")]
    let terms_h = if terms_lines == 0 {
        0.0
    } else {
        terms_lines as f32 * terms_style.line_pitch_mm() + 1.0
    };
    let remarks_target = 17.0;
    let free = content.bottom() - terms_h - top - sign_h - 2.0 * head - remarks_target;
    let row = (free / 8.0).clamp(7.0, 9.0);
    let mut y = top;

    // The parties' rows: label and value pairs across the form, each ruled under.
    let destination = format!("{}（{}）", values.dest, values.dest_code);
    let party_rows: [&[(&str, &str, f32, Style)]; 3] = [
        &[
            ("到站", &destination, 2.2, Style::bold(12.0)),
            ("起运站", &values.station, 1.1, value),
            ("开单时间", &values.issued_at, 1.35, value),
            ("要求到货", &values.arrival_date, 1.05, value),
        ],
        &[
            ("发货方", &values.shipper_name, 1.0, value),
            ("收货方", &values.consignee_name, 1.0, value),
        ],
        &[
            ("发货方电话", &values.shipper_phone, 1.0, value),
            ("收货方电话", &values.consignee_phone, 1.0, value),
        ],
    ];
    for cells in party_rows {
        pair_row(&mut form, gx, gw, y, row, cells)?;
        y += row;
        form.rule_h(gx, gx + gw, y);
    }

    // The goods and the fees: titled columns, each row ruled under.
    let fragile = if values.fragile { "是" } else { "否" };
    let column_rows: [&[(&str, &str, f32, Style)]; 2] = [
        &[
            ("品名", &values.goods_name, 2.0, value),
            ("包装", &values.packaging, 1.0, value),
            ("件数", &values.pieces, 0.8, strong),
            ("重量(kg)", &values.weight_kg, 1.0, value),
            ("体积(m³)", &values.volume_m3, 1.0, value),
            ("易碎品", fragile, 0.8, value),
            ("放置朝向", &values.orientation, 1.0, value),
            ("收货状况", &values.condition, 1.4, value),
            ("保价金额", &values.declared_value, 1.2, value),
        ],
        &[
            ("运费", &values.freight, 1.0, value),
            ("保价费", &values.premium, 1.0, value),
            ("送货费", &values.delivery_fee, 1.0, value),
            ("中转回扣", &values.transfer_rebate, 1.0, value),
            ("合计(元)", &values.total, 1.2, Style::bold(12.0)),
        ],
    ];
    for cells in column_rows {
        column_row(&mut form, gx, gw, y, head, row, cells)?;
        y += head + row;
        form.rule_h(gx, gx + gw, y);
    }
    // 代收货款 beside the total, in red: the arriving station must collect it before the
    // goods go.
    let total_words = format!("人民币 {}　（¥{}）", values.total_capital, values.total);
    let total_item = ("合计大写", total_words.as_str(), 1.25, Style::bold(11.0));
    if values.cod.is_empty() {
        pair_row(&mut form, gx, gw, y, row, &[total_item])?;
    } else {
        pair_row(
            &mut form,
            gx,
            gw,
            y,
            row,
            &[
                total_item,
                (
                    "代收货款",
                    &values.cod,
                    1.0,
                    Style::bold(11.0).ink(Ink::Red),
                ),
            ],
        )?;
    }
    y += row;
    form.rule_h(gx, gx + gw, y);

    // Payment and delivery as tick boxes.
    let mid = y + row / 2.0;
    let label_style = Style::regular(LABEL_PT);
    let pay_label_w = measure("付款方式", label_style)? + 3.0;
    form.label(
        Area::new(gx, y, pay_label_w, row),
        Align::Center,
        "付款方式",
    )?;
    form.rule_v(gx + pay_label_w, y, y + row);
    let mut x = gx + pay_label_w + 2.0;
    for method in PaymentMethod::ALL {
        x = form.choice(x, mid, *method == values.payment, method.label())? + 3.0;
    }
    let split = gx + gw * 0.42;
    form.rule_v(split, y, y + row);
    let delivery_label_w = measure("送货方式", label_style)? + 3.0;
    form.label(
        Area::new(split, y, delivery_label_w, row),
        Align::Center,
        "送货方式",
    )?;
    form.rule_v(split + delivery_label_w, y, y + row);
    let mut x = split + delivery_label_w + 2.0;
    for mode in DeliveryMode::ALL {
        x = form.choice(x, mid, *mode == values.delivery, mode.label())? + 2.6;
    }
    y += row;
    form.rule_h(gx, gx + gw, y);

    // Address, receipt and controlled release.
    let cols = columns(gx, gw, &[3.3, 1.0, 1.0]);
    pair_row(
        &mut form,
        cols[0].0,
        cols[0].1,
        y,
        row,
        &[("送货地址", &values.delivery_address, 1.0, value)],
    )?;
    form.rule_v(cols[1].0, y, y + row);
    pair_row(
        &mut form,
        cols[1].0,
        cols[1].1,
        y,
        row,
        &[("签回单", &values.receipt_copies, 1.0, value)],
    )?;
    form.rule_v(cols[2].0, y, y + row);
    let release_label_w = measure("控货", label_style)? + 3.0;
    form.label(
        Area::new(cols[2].0, y, release_label_w, row),
        Align::Center,
        "控货",
    )?;
    form.rule_v(cols[2].0 + release_label_w, y, y + row);
    form.choice(
        cols[2].0 + release_label_w + 2.0,
        y + row / 2.0,
        values.controlled_release,
        "等通知放货",
    )?;
    y += row;
    form.rule_h(gx, gx + gw, y);

    // Signatures sit at the bottom, the terms under the grid; remarks take what is left.
    let grid_bottom_max = content.bottom() - terms_h;
    let remarks_h = (grid_bottom_max - y - sign_h).clamp(10.0, 40.0);
    let remarks_label_w = measure("备注", label_style)? + 3.0;
    form.label(
        Area::new(gx, y, remarks_label_w, remarks_h),
        Align::Center,
        "备注",
    )?;
    form.rule_v(gx + remarks_label_w, y, y + remarks_h);
    let remarks_area =
        Area::new(gx + remarks_label_w, y, gw - remarks_label_w, remarks_h).inset(1.2, 1.0);
    let mut remarks_text_area = remarks_area;
    if let Some(short) = &values.short_charge {
        let style = Style::regular(7.0);
        let w = measure(short, style)?;
        form.page.text(
            remarks_area.right() - w,
            remarks_area.bottom() - 0.3,
            style,
            short,
        )?;
        remarks_text_area.h -= style.em_mm() + 0.5;
    }
    form.page.paragraph(
        remarks_text_area,
        Align::Left,
        VAlign::Top,
        Style::regular(VALUE_PT),
        6.0,
        &values.remarks,
    )?;
    y += remarks_h;
    form.rule_h(gx, gx + gw, y);

    // Signature lines: the shipper signs the printed waybill; the clerk is printed.
    let sign_mid = y + sign_h / 2.0 + 1.0;
    let cols = columns(gx, gw, &[1.0, 1.0, 1.0, 0.8]);
    let signatures: [(&str, Option<&str>); 4] = [
        ("发货人签字", None),
        ("开单员", Some(&values.clerk)),
        ("收货人签字", None),
        ("签收日期", None),
    ];
    for ((label, printed), (cx, cw)) in signatures.iter().zip(cols) {
        let lw = measure(label, label_style)? + 1.5;
        form.label(
            Area::new(cx + 1.5, sign_mid - 3.0, lw, 6.0),
            Align::Left,
            &format!("{label}："),
        )?;
        let line_x = cx + 1.5 + lw + 2.0;
        form.rule_h(line_x, cx + cw - 3.0, sign_mid + 2.0);
        if let Some(text) = printed {
            form.value(
                Area::new(line_x - 1.2, sign_mid - 3.6, cx + cw - line_x - 1.8, 6.0),
                Align::Left,
                value,
                text,
            )?;
        }
    }
    y += sign_h;

    if !overlay {
        form.page
            .frame(Area::new(gx, top, gw, y - top), FRAME_PT, Ink::Black);
        if terms_lines > 0 {
            form.page.paragraph(
                Area::new(gx, y + 1.0, gw, terms_h - 0.5),
                Align::Left,
                VAlign::Top,
                terms_style,
                5.0,
                &values.terms,
            )?;
        }
        // The copy name, one character a line, down the strip at the right.
        let copy = format!(
            "第{}联{}",
            chinese_ordinal(values.copy_ordinal),
            values.copy_name
        );
        let strip = Area::new(content.right() - strip_w, top, strip_w, y - top);
        form.page.frame(strip, 0.6, Ink::Black);
        let chars: Vec<char> = copy.chars().collect();
        #[allow(
            clippy::cast_precision_loss,
            reason = "a copy name is a few characters"
        )]
        let n = chars.len() as f32;
        let size = (strip.h / n / 1.15 * crate::documents::pdf::PT_PER_MM).min(10.0);
        let style = Style::bold(size);
        let pitch = style.em_mm() * 1.15;
        let mut cy = strip.middle() - pitch * n / 2.0 + pitch / 2.0;
        for ch in chars {
            let mut buf = [0; 4];
            form.page.text_aligned(
                strip.x,
                strip.w,
                style.baseline_for_middle(cy),
                Align::Center,
                style,
                ch.encode_utf8(&mut buf),
            )?;
            cy += pitch;
        }
    }
    let grid = Area::new(gx, top, gw, y - top);
    if values.void {
        void_stamp(form.page, sheet, grid, right_x)?;
    }
    Ok(grid)
}

/// Width of the number's barcode, without quiet zones.
fn barcode_width(number: &str) -> Result<f32, PdfError> {
    let modules = crate::documents::barcode::code128_modules(number)?;
    #[allow(clippy::cast_precision_loss, reason = "a symbol has < 1000 modules")]
    let width = modules.len() as f32 * NUMBER_MODULE_MM;
    Ok(width)
}

/// The 作废 stamp: 作废 large and red across the grid, and boxed in the header left of
/// the barcode, so no copy can pass as valid.
fn void_stamp(page: &mut Page, sheet: &Sheet, grid: Area, barcode_x: f32) -> Result<(), PdfError> {
    let angle = (grid.h / grid.w).atan().to_degrees();
    let style =
        Style::bold((grid.h * 0.55 * crate::documents::pdf::PT_PER_MM).min(110.0)).ink(Ink::Red);
    page.rotated_text(grid.x + grid.w / 2.0, grid.middle(), angle, style, "作　废")?;
    let boxed = Style::bold(16.0).ink(Ink::Red);
    let w = measure("作废", boxed)? + 6.0;
    let area = Area::new(barcode_x - w - 5.0, sheet.content.y, w, 9.0);
    page.frame(area, 2.0, Ink::Red);
    page.text_fit(area, Align::Center, boxed, 10.0, "作废")?;
    Ok(())
}

fn offset_mm(print: &PrintSettings) -> (f32, f32) {
    let to_f32 = |d: Decimal| d.to_f32().unwrap_or(0.0).clamp(-50.0, 50.0);
    (to_f32(print.offset_x_mm), to_f32(print.offset_y_mm))
}

/// The waybill as a PDF, one page per copy (联) of `print.copies`, each naming its copy.
/// In overlay mode (套打) only the values are printed, shifted by the calibration offset.
/// The terms print with `figures`: the freight multiple claims are paid
/// by and the storage fee the release page charges.
pub fn waybill_pdf(
    issued: &IssuedWaybill,
    desk: &DeskSettings,
    print: &PrintSettings,
    figures: &TermFigures,
) -> Result<Vec<u8>, PdfError> {
    let copies: Vec<&str> = print
        .copies
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if copies.is_empty() {
        return Err(PdfError::NoCopies);
    }
    let sheet = sheet(print.paper);
    let mut pages = Vec::with_capacity(copies.len());
    for (index, copy) in copies.iter().enumerate() {
        let values = FormValues::from_issued(issued, desk, print, figures, index + 1, copy);
        let mut page = Page::new(sheet.width, sheet.height);
        if print.overlay {
            let (dx, dy) = offset_mm(print);
            page.set_offset(dx, dy);
        }
        draw_form(&mut page, &sheet, &values, print.overlay)?;
        pages.push(page);
    }
    let title = format!(
        "托运单 {}{}",
        issued.number,
        if issued.status == WaybillStatus::Void {
            "（作废）"
        } else {
            ""
        }
    );
    render(&title, pages)
}

/// The calibration page of overlay mode: sample values at their overlay positions, a
/// millimetre ruler along the top and left edges, and crosshairs at known points, all
/// shifted by the current offset. Printed on a blank pre-printed form, the distance
/// between a crosshair and where it should be is the correction to enter. `figures` fill
/// the terms as on a waybill, so the grid sits where a waybill's does.
pub fn overlay_test_pdf(
    desk: &DeskSettings,
    print: &PrintSettings,
    figures: &TermFigures,
) -> Result<Vec<u8>, PdfError> {
    let sheet = sheet(print.paper);
    let (dx, dy) = offset_mm(print);
    let mut page = Page::new(sheet.width, sheet.height);
    page.set_offset(dx, dy);
    let values = FormValues::sample(desk, print, figures);
    let grid = draw_form(&mut page, &sheet, &values, true)?;

    let guide = Ink::Grey(0.35);
    // Rulers: a tick every mm, longer every 5, numbered every 10.
    let small = Style::regular(5.0).ink(guide);
    let mut mm = 0_u16;
    while f32::from(mm) <= sheet.width {
        let x = f32::from(mm);
        let len = if mm.is_multiple_of(10) {
            3.0
        } else if mm.is_multiple_of(5) {
            2.0
        } else {
            1.0
        };
        page.line(x, 0.0, x, len, 0.3, guide);
        if mm.is_multiple_of(10) && mm > 0 {
            page.text(x + 0.4, 4.6, small, &mm.to_string())?;
        }
        mm += 1;
    }
    let mut mm = 0_u16;
    while f32::from(mm) <= sheet.height {
        let y = f32::from(mm);
        let len = if mm.is_multiple_of(10) {
            3.0
        } else if mm.is_multiple_of(5) {
            2.0
        } else {
            1.0
        };
        page.line(0.0, y, len, y, 0.3, guide);
        if mm.is_multiple_of(10) && mm > 0 {
            page.text(3.4, y + 0.8, small, &mm.to_string())?;
        }
        mm += 1;
    }
    // Crosshairs on the corners of the grid's frame: on a well-set printer they land on
    // the corners of the pre-printed form's frame.
    let corners = [
        (grid.x, grid.y, "表格左上角"),
        (grid.right(), grid.bottom(), "表格右下角"),
    ];
    for (i, (x, y, name)) in corners.into_iter().enumerate() {
        page.line(x - 8.0, y, x + 8.0, y, 0.4, Ink::Black);
        page.line(x, y - 8.0, x, y + 8.0, 0.4, Ink::Black);
        page.frame(Area::new(x - 2.0, y - 2.0, 4.0, 4.0), 0.4, Ink::Black);
        let label = format!("{name} X{x:.1} Y{y:.1}");
        let style = Style::regular(6.0);
        let (lx, ly) = if i == 0 {
            (x + 2.5, y - 2.5)
        } else {
            (x - 2.5 - measure(&label, style)?, y + 2.5 + style.em_mm())
        };
        page.text(lx, ly, style, &label)?;
    }
    let note = format!(
        "套打校准页　当前偏移：X {dx:+.1} mm，Y {dy:+.1} mm。把本页打在空白预印单上：十字中心应落在\
         预印单表格外框的左上角和右下角（离纸边的距离见标注）。量出十字偏了多少，加到「设置 → 打印」\
         的偏移上（向右、向下为正），再打印本页核对。"
    );
    page.paragraph(
        Area::new(grid.x + 4.0, 5.0, grid.w * 0.62, 11.0),
        Align::Left,
        VAlign::Top,
        Style::bold(7.0),
        5.5,
        &note,
    )?;
    render("套打校准页", vec![page])
}

#[cfg(test)]
mod tests;
