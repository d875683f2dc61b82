//! The signature pad of the pickup form: the collector signs with the mouse or a pen
//! tablet (which the system presents as a pointer). Strokes are kept in the pad's own
//! units — x from 0 to 1 across, y in the same unit down — so a signature keeps its shape
//! whatever size it is printed at.

use crate::domain::dispatch::pickup::Signature;
use egui::{Color32, Pos2, Response, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

/// The accessible name of the pad (tests find it by this).
pub const PAD_LABEL: &str = "签名板";

/// Draws the pad and records what is drawn on it into `signature`.
pub fn signature_pad(ui: &mut Ui, signature: &mut Signature, size: Vec2) -> Response {
    let (rect, response) = ui.allocate_exact_size(size, Sense::drag());
    response.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, PAD_LABEL));
    let unit = rect.width().max(1.0);
    let to_pad = |p: Pos2| ((p.x - rect.min.x) / unit, (p.y - rect.min.y) / unit);
    let to_screen = |(x, y): (f32, f32)| Pos2::new(rect.min.x + x * unit, rect.min.y + y * unit);

    if response.drag_started() {
        signature.0.push(Vec::new());
    }
    if response.dragged()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let pos = rect.clamp(pos);
        if let Some(stroke) = signature.0.last_mut() {
            let point = to_pad(pos);
            if stroke.last() != Some(&point) {
                stroke.push(point);
            }
        }
    }

    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, Color32::WHITE);
    painter.rect_stroke(
        rect,
        4.0,
        Stroke::new(1.0, ui.visuals().widgets.inactive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    // A baseline to sign on, as on paper.
    let base = rect.bottom() - rect.height() * 0.25;
    painter.line_segment(
        [
            Pos2::new(rect.left() + 12.0, base),
            Pos2::new(rect.right() - 12.0, base),
        ],
        Stroke::new(1.0, Color32::from_gray(215)),
    );
    let ink = Stroke::new(2.2, Color32::from_rgb(0x10, 0x2a, 0x6b));
    for stroke in &signature.0 {
        if stroke.len() == 1 {
            painter.circle_filled(to_screen(stroke[0]), 1.2, ink.color);
        }
        for pair in stroke.windows(2) {
            painter.line_segment([to_screen(pair[0]), to_screen(pair[1])], ink);
        }
    }
    response
}
