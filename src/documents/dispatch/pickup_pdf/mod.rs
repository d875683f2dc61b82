//! The pickup slip (提货单) printed when goods are released at the receiving station
//! (DOMAIN.md §4, the pickup register): A5 landscape, the company and the station, the
//! waybill number with its Code 128 barcode, the consignee, the goods and the pieces
//! taken this time of the waybill's pieces (部分提货 in red when some stay), the 提付
//! freight and delivery fee due and what was collected now and how, who collected (name,
//! kind of ID and its whole number: the slip is the station's evidence of who took the
//! goods), the shipper's authorization when the goods were held for it (等通知放货), the
//! clerk and the time, and the collector's signature drawn again from its strokes, scaled
//! into the signature box; a slip without a signature prints the empty box marked 未签名.

use crate::documents::barcode::code128_modules;
use crate::documents::page_frame::or_dash;
use crate::documents::pdf::{Align, Area, Ink, Page, PdfError, Style, VAlign, measure, render};
use crate::domain::desk::idcard::IdType;
use crate::domain::dispatch::pickup::{AuthorizationMethod, Payment, Signature};
use crate::domain::money::{capital_yuan, format_yuan};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "提 货 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "提货单";
    /// The mark of a pickup that leaves pieces behind.
    pub const PARTIAL: &str = "部分提货";
    /// The signature box.
    pub const SIGNATURE: &str = "提货人签名";
    /// A blank signature.
    pub const UNSIGNED: &str = "未签名";
    /// No ID on record (a legacy row).
    pub const NO_ID: &str = "未登记证件";
    /// An empty field.
    pub const NONE: &str = "—";
    /// Nothing to collect.
    pub const NOTHING_DUE: &str = "无（运费已结清）";
    /// Money was due, but none was collected now: it was paid before.
    pub const PAID_BEFORE: &str = "此前已付清";
    /// What the collector confirms by signing.
    pub const PLEDGE: &str = "本人已当面点清上列货物件数，外包装完好（如有异常已在备注中注明），同意提货。本单为提货登记凭证，请妥善保管。";
    /// The clerk's signature line.
    pub const SIGN_CLERK: &str = "经办人（签字）：";
}

/// A5 landscape, in mm.
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 148.0;
const MARGIN_X: f32 = 10.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Top of the ruled block of fields.
const GRID_TOP: f32 = 29.0;
const ROW_H: f32 = 8.0;
/// Width of every label cell of the grid.
const LABEL_W: f32 = 18.0;
/// The barcode: module width and bar height, in mm.
const MODULE_MM: f32 = 0.3;
const BAR_H: f32 = 9.0;
/// Quiet zone either side of the bars, in modules (ISO/IEC 15417 asks for ten).
const QUIET_MODULES: f32 = 10.0;
/// Space between the fields and the signature block.
const SIGN_GAP: f32 = 4.0;
/// The signature box's size, its right edge on the right margin.
const SIGN_BOX_W: f32 = 92.0;
const SIGN_BOX_H: f32 = 40.0;
/// Room at the top of the box for its label.
const SIGN_LABEL_H: f32 = 5.5;
/// The pen of the redrawn signature, in points.
const PEN_PT: f32 = 1.1;
const FOOTER_BASELINE: f32 = 142.0;
const FRAME_PT: f32 = 1.0;
const RULE_PT: f32 = 0.4;
const LABEL_FILL: Ink = Ink::Grey(0.9);
const QUIET: Ink = Ink::Grey(0.3);
const VALUE_PT: f32 = 9.5;

/// The shipper's authorization that released controlled goods (放货授权).
#[derive(Debug, Clone, Copy)]
pub struct ReleaseAuthorization<'a> {
    /// How: 红单照片 or 电话确认.
    pub method: AuthorizationMethod,
    /// Who authorized and how they were reached: `张老板 13912345678`.
    pub shipper_contact: &'a str,
    /// When it was recorded.
    pub authorized_at: NaiveDateTime,
    /// Who recorded it: `B03 李娜`.
    pub recorded_by: &'a str,
}

/// What the pickup slip prints (storage's `PickupRecord` with its `StationWaybill`, the
/// money collected and the authorization on record).
#[derive(Debug, Clone, Copy)]
pub struct PickupSlip<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// The receiving station: `湘潭县易俗河站`.
    pub station: &'a str,
    /// The station's phone, empty if none.
    pub station_phone: &'a str,
    /// 运单号, printed with its barcode.
    pub number: &'a str,
    /// 收货方.
    pub consignee_name: &'a str,
    /// 收货方电话.
    pub consignee_phone: &'a str,
    /// 品名.
    pub goods_name: &'a str,
    /// 件数 on the waybill.
    pub pieces: u32,
    /// Pieces taken this time.
    pub pieces_taken: u32,
    /// Pieces released before this pickup.
    pub pieces_taken_before: u32,
    /// 提付: freight the consignee owes (zero when paid otherwise).
    pub collect_yuan: Decimal,
    /// 送货费 added when self-pickup became delivery (zero when none).
    pub delivery_fee_yuan: Decimal,
    /// 保管费 run up by the day of the pickup (zero when none or waived).
    pub storage_fee_yuan: Decimal,
    /// 代收货款 collected with this pickup for the shipper (zero for none).
    pub cod_yuan: Decimal,
    /// What was collected at this pickup and how; `None` when nothing was.
    pub payment: Option<Payment>,
    /// 提货人.
    pub collector_name: &'a str,
    /// 证件类型, `None` for a legacy record without one.
    pub id_type: Option<IdType>,
    /// 证件号码, printed in full; empty for a legacy record.
    pub id_number: &'a str,
    /// The shipper's authorization, when the goods were held for it.
    pub authorization: Option<ReleaseAuthorization<'a>>,
    /// 经办: the clerk who released the goods, `B03 李娜`.
    pub clerk: &'a str,
    /// 提货时间.
    pub picked_up_at: NaiveDateTime,
    /// The collector's signature.
    pub signature: &'a Signature,
    /// 备注, empty if none.
    pub note: &'a str,
}

impl PickupSlip<'_> {
    /// Some pieces stay for later (or were taken before): the pickup is not the whole.
    fn is_partial(&self) -> bool {
        self.pieces_taken < self.pieces
    }

    fn pieces_left(&self) -> u32 {
        self.pieces
            .saturating_sub(self.pieces_taken_before)
            .saturating_sub(self.pieces_taken)
    }
}

/// What a field of the grid holds.
enum Value {
    /// Text, shrunk to fit its cell.
    Text(String),
    /// The pieces, drawn with the partial mark after them.
    Pieces,
}

/// One field of the grid: label, value, value width and how the value looks.
struct Field<'t> {
    label: &'t str,
    value: Value,
    width: f32,
    style: Style,
}

impl<'t> Field<'t> {
    fn new(label: &'t str, value: impl Into<String>, width: f32) -> Self {
        Self {
            label,
            value: Value::Text(value.into()),
            width,
            style: Style::bold(VALUE_PT),
        }
    }

    fn pieces(label: &'t str, width: f32) -> Self {
        Self {
            value: Value::Pieces,
            ..Self::new(label, "", width)
        }
    }

    fn styled(self, style: Style) -> Self {
        Self { style, ..self }
    }
}

/// `本次提 3 件 / 共 10 件`, with what happened before and what is left.
fn pieces_text(slip: &PickupSlip<'_>) -> (String, Option<String>) {
    let main = format!("本次提 {} 件 / 共 {} 件", slip.pieces_taken, slip.pieces);
    if !slip.is_partial() {
        return (main, None);
    }
    let left = slip.pieces_left();
    let mut words = vec![text::PARTIAL.to_owned()];
    if slip.pieces_taken_before > 0 {
        words.push(format!("此前已提 {} 件", slip.pieces_taken_before));
    }
    words.push(if left > 0 {
        format!("尚余 {left} 件")
    } else {
        "本次提清".to_owned()
    });
    (main, Some(words.join("，")))
}

/// The parts of what was due that are not zero: (name alone, name in a sum, amount).
fn due_parts(slip: &PickupSlip<'_>) -> Vec<(&'static str, &'static str, Decimal)> {
    [
        ("提付运费", "提付", slip.collect_yuan),
        ("送货费", "送货费", slip.delivery_fee_yuan),
        ("保管费", "保管费", slip.storage_fee_yuan),
        ("代收货款", "代收货款", slip.cod_yuan),
    ]
    .into_iter()
    .filter(|(_, _, amount)| *amount > Decimal::ZERO)
    .collect()
}

/// What was due: `提付运费 ¥240.00`, or `提付 ¥240.00 + 送货费 ¥50.00 = ¥290.00`.
fn due_text(slip: &PickupSlip<'_>) -> String {
    match due_parts(slip).as_slice() {
        [] => text::NOTHING_DUE.to_owned(),
        [(alone, _, amount)] => format!("{alone} ¥{}", format_yuan(*amount)),
        parts => {
            let sum: Decimal = parts.iter().map(|(_, _, a)| *a).sum();
            let terms: Vec<String> = parts
                .iter()
                .map(|(_, name, a)| format!("{name} ¥{}", format_yuan(*a)))
                .collect();
            format!("{} = ¥{}", terms.join(" + "), format_yuan(sum))
        }
    }
}

/// What was collected now: `¥290.00 微信（贰佰玖拾元整）`.
fn paid_text(slip: &PickupSlip<'_>) -> String {
    match slip.payment {
        Some(payment) => format!(
            "¥{} {}（{}）",
            format_yuan(payment.amount_yuan),
            payment.channel.label(),
            capital_yuan(payment.amount_yuan)
        ),
        None if !due_parts(slip).is_empty() => text::PAID_BEFORE.to_owned(),
        None => text::NONE.to_owned(),
    }
}

/// The ID as printed: `居民身份证 430321199001011234`, or 未登记证件 for a legacy record.
fn id_text(slip: &PickupSlip<'_>) -> Option<String> {
    let number = slip.id_number.trim();
    if number.is_empty() {
        return None;
    }
    Some(match slip.id_type {
        Some(kind) => format!("{} {number}", kind.label()),
        None => number.to_owned(),
    })
}

/// The authorization line: `等通知放货 · 红单照片 · 发货方 张老板 … · 2026-11-24 10:05 B03 李娜 登记`.
fn authorization_text(authorization: &ReleaseAuthorization<'_>) -> String {
    format!(
        "等通知放货 · {} · 发货方 {} · {} {} 登记",
        authorization.method.label(),
        or_dash(authorization.shipper_contact),
        authorization.authorized_at.format("%Y-%m-%d %H:%M"),
        authorization.recorded_by
    )
    .trim_end()
    .to_owned()
}

fn fields(slip: &PickupSlip<'_>) -> Vec<Vec<Field<'static>>> {
    let value_w = CONTENT_W - LABEL_W;
    // Two parts or more need the room of a sum.
    let due_w = if due_parts(slip).len() > 1 {
        84.0
    } else {
        52.0
    };
    let mut rows = vec![
        vec![
            Field::new("运单号", slip.number, 52.0).styled(Style::bold(11.0)),
            Field::new("收货方", or_dash(slip.consignee_name), 54.0),
            Field::new(
                "电话",
                or_dash(slip.consignee_phone),
                value_w - 52.0 - 54.0 - 2.0 * LABEL_W,
            ),
        ],
        vec![
            Field::new("品名", or_dash(slip.goods_name), 52.0),
            Field::pieces("件数", value_w - 52.0 - LABEL_W),
        ],
        vec![
            Field::new("应收", due_text(slip), due_w),
            Field::new("本次收款", paid_text(slip), value_w - due_w - LABEL_W),
        ],
        vec![
            Field::new("提货人", or_dash(slip.collector_name), 52.0),
            match id_text(slip) {
                Some(id) => {
                    Field::new("证件", id, value_w - 52.0 - LABEL_W).styled(Style::bold(10.5))
                }
                None => Field::new("证件", text::NO_ID, value_w - 52.0 - LABEL_W)
                    .styled(Style::bold(VALUE_PT).ink(Ink::Red)),
            },
        ],
    ];
    if let Some(authorization) = &slip.authorization {
        rows.push(vec![Field::new(
            "放货授权",
            authorization_text(authorization),
            value_w,
        )]);
    }
    rows.push(vec![
        Field::new("经办", or_dash(slip.clerk), 52.0),
        Field::new(
            "提货时间",
            slip.picked_up_at.format("%Y-%m-%d %H:%M").to_string(),
            value_w - 52.0 - LABEL_W,
        ),
    ]);
    if !slip.note.trim().is_empty() {
        rows.push(vec![
            Field::new("备注", slip.note.trim(), value_w).styled(Style::regular(VALUE_PT)),
        ]);
    }
    rows
}

fn draw_header(page: &mut Page, slip: &PickupSlip<'_>) -> Result<(), PdfError> {
    page.text_fit(
        Area::new(MARGIN_X + 40.0, 6.0, CONTENT_W - 80.0, 6.5),
        Align::Center,
        Style::bold(11.0),
        8.0,
        slip.company,
    )?;
    page.text_fit(
        Area::new(MARGIN_X + 50.0, 13.0, CONTENT_W - 100.0, 10.0),
        Align::Center,
        Style::bold(18.0),
        12.0,
        text::TITLE,
    )?;
    let quiet = Style::regular(8.0).ink(QUIET);
    page.text_fit(
        Area::new(MARGIN_X, 6.0, 52.0, 5.0),
        Align::Left,
        Style::bold(9.0),
        6.5,
        slip.station,
    )?;
    if !slip.station_phone.trim().is_empty() {
        page.text_fit(
            Area::new(MARGIN_X, 11.0, 52.0, 4.5),
            Align::Left,
            quiet,
            6.0,
            &format!("电话 {}", slip.station_phone),
        )?;
    }
    if slip.is_partial() {
        let stamp = Area::new(MARGIN_X, 16.5, 26.0, 8.0);
        page.frame(stamp, 1.2, Ink::Red);
        page.text_fit(
            stamp,
            Align::Center,
            Style::bold(12.0).ink(Ink::Red),
            9.0,
            text::PARTIAL,
        )?;
    }
    // The number's barcode at the top right, its quiet zone inside the margin.
    let modules = code128_modules(slip.number)?;
    #[allow(clippy::cast_precision_loss, reason = "a symbol has < 1000 modules")]
    let bars_w = modules.len() as f32 * MODULE_MM;
    let right = MARGIN_X + CONTENT_W - QUIET_MODULES * MODULE_MM * 0.5;
    let bar_x = right - bars_w;
    page.code128(bar_x, 6.0, MODULE_MM, BAR_H, slip.number)?;
    let hri = Style::bold(9.0);
    page.text_aligned(
        bar_x,
        bars_w,
        hri.baseline_for_top(6.0 + BAR_H + 1.0),
        Align::Center,
        hri,
        slip.number,
    )?;
    Ok(())
}

/// Every field's label cell and value cell, row by row.
fn cells<'f>(rows: &'f [Vec<Field<'_>>]) -> impl Iterator<Item = (Area, Area, &'f Field<'f>)> {
    rows.iter().enumerate().flat_map(|(i, row)| {
        let y = GRID_TOP + ROW_H * f32::from(u16::try_from(i).unwrap_or(u16::MAX));
        let mut x = MARGIN_X;
        row.iter().map(move |field| {
            let label = Area::new(x, y, LABEL_W, ROW_H);
            let value = Area::new(x + LABEL_W, y, field.width, ROW_H);
            x += LABEL_W + field.width;
            (label, value, field)
        })
    })
}

/// The ruled grid of fields; returns its bottom. The label fills go first and the rules
/// last, so that no fill covers a rule.
fn draw_fields(page: &mut Page, slip: &PickupSlip<'_>) -> Result<f32, PdfError> {
    let rows = fields(slip);
    let label_style = Style::regular(8.5);
    let bottom = GRID_TOP + ROW_H * f32::from(u16::try_from(rows.len()).unwrap_or(u16::MAX));
    for (label, _, _) in cells(&rows) {
        page.fill(label, LABEL_FILL);
    }
    for (label, value, field) in cells(&rows) {
        page.text_fit(
            label.inset(0.5, 0.0),
            Align::Center,
            label_style,
            6.0,
            field.label,
        )?;
        let inner = value.inset(1.5, 0.0);
        match &field.value {
            Value::Pieces => draw_pieces(page, slip, inner)?,
            Value::Text(text) => page.text_fit(inner, Align::Left, field.style, 6.0, text)?,
        }
    }
    for (label, value, _) in cells(&rows) {
        page.vline(label.right(), label.y, label.bottom(), RULE_PT);
        if value.right() < MARGIN_X + CONTENT_W - 0.1 {
            page.vline(value.right(), value.y, value.bottom(), RULE_PT);
        }
        if label.bottom() < bottom - 0.1 {
            page.hline(label.x, value.right(), label.bottom(), RULE_PT);
        }
    }
    page.frame(
        Area::new(MARGIN_X, GRID_TOP, CONTENT_W, bottom - GRID_TOP),
        FRAME_PT,
        Ink::Black,
    );
    Ok(bottom)
}

/// The pieces cell: the count in bold, then the partial mark in red.
fn draw_pieces(page: &mut Page, slip: &PickupSlip<'_>, area: Area) -> Result<(), PdfError> {
    let (main, partial) = pieces_text(slip);
    let bold = Style::bold(10.5);
    let w = measure(&main, bold)?;
    page.text(area.x, bold.baseline_for_middle(area.middle()), bold, &main)?;
    if let Some(partial) = partial {
        let x = area.x + w + 4.0;
        page.text_fit(
            Area::new(x, area.y, area.right() - x, area.h),
            Align::Left,
            Style::bold(VALUE_PT).ink(Ink::Red),
            6.0,
            &partial,
        )?;
    }
    Ok(())
}

/// The strokes of `signature` in page millimetres, scaled to fit `area` with their
/// aspect ratio kept and centred in it; `None` for a blank signature.
fn fit_strokes(signature: &Signature, area: Area) -> Option<Vec<Vec<(f32, f32)>>> {
    if signature.is_blank() {
        return None;
    }
    let (x0, y0, x1, y1) = signature.bounds()?;
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w.is_finite() && h.is_finite()) {
        return None;
    }
    let flat = f32::EPSILON;
    let scale = match (w > flat, h > flat) {
        (true, true) => (area.w / w).min(area.h / h),
        (true, false) => area.w / w,
        (false, true) => area.h / h,
        (false, false) => return None,
    };
    let ox = area.x + (area.w - w * scale) / 2.0;
    let oy = area.y + (area.h - h * scale) / 2.0;
    Some(
        signature
            .0
            .iter()
            .map(|stroke| {
                stroke
                    .iter()
                    .filter(|(x, y)| x.is_finite() && y.is_finite())
                    .map(|(x, y)| (ox + (x - x0) * scale, oy + (y - y0) * scale))
                    .collect()
            })
            .collect(),
    )
}

fn draw_signature_box(page: &mut Page, signature: &Signature, area: Area) -> Result<(), PdfError> {
    page.frame(area, 0.8, Ink::Black);
    let label = Style::regular(8.0).ink(QUIET);
    page.text(
        area.x + 2.0,
        label.baseline_for_top(area.y + 1.5),
        label,
        text::SIGNATURE,
    )?;
    let inner = Area::new(
        area.x + 5.0,
        area.y + SIGN_LABEL_H,
        area.w - 10.0,
        area.h - SIGN_LABEL_H - 3.0,
    );
    match fit_strokes(signature, inner) {
        Some(strokes) => {
            for stroke in &strokes {
                for pair in stroke.windows(2) {
                    let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
                    page.line(ax, ay, bx, by, PEN_PT, Ink::Black);
                }
            }
        }
        None => {
            page.text_fit(
                inner,
                Align::Center,
                Style::bold(16.0).ink(Ink::Red),
                10.0,
                text::UNSIGNED,
            )?;
        }
    }
    Ok(())
}

fn draw_bottom(page: &mut Page, slip: &PickupSlip<'_>, top: f32) -> Result<(), PdfError> {
    let box_area = Area::new(
        MARGIN_X + CONTENT_W - SIGN_BOX_W,
        top,
        SIGN_BOX_W,
        SIGN_BOX_H,
    );
    draw_signature_box(page, slip.signature, box_area)?;
    let left_w = CONTENT_W - SIGN_BOX_W - 6.0;
    page.paragraph(
        Area::new(MARGIN_X, top + 1.0, left_w, 16.0),
        Align::Left,
        VAlign::Top,
        Style::regular(8.5),
        6.5,
        text::PLEDGE,
    )?;
    let style = Style::regular(10.0);
    let middle = top + SIGN_BOX_H - 5.0;
    let w = page.text_aligned(
        MARGIN_X,
        0.0,
        style.baseline_for_middle(middle),
        Align::Left,
        style,
        text::SIGN_CLERK,
    )?;
    page.hline(MARGIN_X + w + 1.0, MARGIN_X + left_w, middle + 3.0, 0.6);
    Ok(())
}

fn draw_footer(page: &mut Page, slip: &PickupSlip<'_>) -> Result<(), PdfError> {
    let style = Style::regular(7.5).ink(QUIET);
    page.text(
        MARGIN_X,
        FOOTER_BASELINE,
        style,
        &format!("{} {} · {}", text::NAME, slip.number, slip.station),
    )?;
    page.text_aligned(
        MARGIN_X,
        CONTENT_W,
        FOOTER_BASELINE,
        Align::Right,
        style,
        &format!("提货时间 {}", slip.picked_up_at.format("%Y-%m-%d %H:%M")),
    )?;
    Ok(())
}

/// The pickup slip as a PDF: one A5 landscape page.
pub fn pickup_pdf(slip: &PickupSlip<'_>) -> Result<Vec<u8>, PdfError> {
    let mut page = Page::new(PAGE_W, PAGE_H);
    draw_header(&mut page, slip)?;
    let bottom = draw_fields(&mut page, slip)?;
    draw_bottom(&mut page, slip, bottom + SIGN_GAP)?;
    draw_footer(&mut page, slip)?;
    render(&format!("{} {}", text::NAME, slip.number), vec![page])
}

#[cfg(test)]
mod tests;
