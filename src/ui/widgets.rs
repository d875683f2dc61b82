//! Widgets shared by the panels: a labelled text field with its error underneath, a
//! one-stop choice row driven by arrow keys, the destination picker with pinyin search,
//! and the Enter-moves-on focus chain of keyboard-first forms.

use crate::domain::desk::destinations::{Division, Divisions};
use crate::domain::dispatch::pickup::PayChannel;
use egui::{
    Align2, Color32, EventFilter, FontId, Key, Modifiers, Response, RichText, Role, Sense,
    TextEdit, Ui, WidgetInfo, vec2,
};

/// Red of error messages.
pub const ERROR_RED: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// Amber of warnings (short charge, altered).
pub const WARN_AMBER: Color32 = Color32::from_rgb(0xb2, 0x6a, 0x00);
/// Green of success messages.
pub const OK_GREEN: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);

/// The widgets of a form in Tab order, so that Enter in one moves to the next.
pub struct FocusChain {
    responses: Vec<Response>,
    /// The widget that had the focus as the frame began: the one Enter was pressed in.
    start: Option<egui::Id>,
}

impl FocusChain {
    /// A chain for a form about to be drawn in `ui`.
    #[must_use]
    pub fn new(ui: &Ui) -> Self {
        Self {
            responses: Vec::new(),
            start: ui.memory(egui::Memory::focused),
        }
    }

    /// Adds the next widget of the chain and returns it, for callers that want it.
    pub fn add(&mut self, response: Response) -> Response {
        self.responses.push(response.clone());
        response
    }

    /// After the form is drawn: Enter on a widget moves focus to the next one. The widget
    /// is the one that had the focus as the frame began (a text field has given it up on
    /// Enter by now; a choice or a checkbox keeps it): not any that merely lost it, which
    /// after a jump (Ctrl+1 to 品名, typed ahead in the next frame) is the one jumped from.
    /// Returns true when Enter was pressed on the last widget.
    #[must_use]
    pub fn finish(self, ui: &Ui) -> bool {
        // The Enter's own modifiers, not the keyboard's as the frame began: a key typed
        // ahead comes in a later frame, when Ctrl may be down for the next shortcut.
        let enter = ui.input(|i| {
            i.events.iter().any(|e| {
                matches!(e, egui::Event::Key { key: Key::Enter, pressed: true, modifiers, .. }
                    if modifiers.is_none())
            })
        });
        if !enter {
            return false;
        }
        let Some(index) = self.responses.iter().position(|r| Some(r.id) == self.start) else {
            return false;
        };
        match self.responses.get(index + 1) {
            Some(next) => next.request_focus(),
            None => return true,
        }
        false
    }
}

/// Width of the label column of forms, so that the sections of a form line up.
pub const LABEL_WIDTH: f32 = 100.0;

/// A label for a field; its response names the field for screen readers and tests.
pub fn field_label(ui: &mut Ui, text: &str, required: bool) -> Response {
    let text = if required {
        format!("{text} *")
    } else {
        text.to_owned()
    };
    let color = ui.visuals().weak_text_color().gamma_multiply(1.6);
    ui.allocate_ui_with_layout(
        vec2(LABEL_WIDTH, ui.spacing().interact_size.y),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(LABEL_WIDTH);
            ui.label(RichText::new(text).color(color))
        },
    )
    .inner
}

/// A single-line text field of the given width, named by `label`, with an error message
/// under it when there is one.
pub fn text_field(
    ui: &mut Ui,
    label: &Response,
    value: &mut String,
    width: f32,
    hint: &str,
    error: Option<&str>,
) -> Response {
    let edit = TextEdit::singleline(value).hint_text(hint);
    checked_edit(ui, label, edit, width, error)
}

/// `edit` at `width`, named by `label`, in red with the message under it when `error`.
fn checked_edit(
    ui: &mut Ui,
    label: &Response,
    edit: TextEdit<'_>,
    width: f32,
    error: Option<&str>,
) -> Response {
    ui.vertical(|ui| {
        // A grid column is as wide as it was last frame: claim the width explicitly.
        ui.set_min_width(width);
        let mut edit = edit.desired_width(width);
        if error.is_some() {
            edit = edit.text_color(ERROR_RED);
        }
        let response = ui.add(edit).labelled_by(label.id);
        if let Some(message) = error {
            error_text(ui, message);
        }
        response
    })
    .inner
}

/// A red message under a field.
pub fn error_text(ui: &mut Ui, message: &str) {
    ui.label(RichText::new(message).small().color(ERROR_RED));
}

/// A row of choices that is one Tab stop: Left/Right or the digit keys change the choice,
/// a click picks one. Faster at a counter than a drop-down and readable at a glance.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &Response,
    current: &mut T,
    options: &[T],
    text: impl Fn(T) -> &'static str,
) -> Response {
    let font = FontId::proportional(15.0);
    let pad = vec2(9.0, 4.0);
    let galleys: Vec<_> = options
        .iter()
        .map(|o| {
            ui.painter()
                .layout_no_wrap(text(*o).to_owned(), font.clone(), Color32::PLACEHOLDER)
        })
        .collect();
    let width: f32 = galleys.iter().map(|g| g.size().x + 2.0 * pad.x).sum();
    let height = ui.spacing().interact_size.y;
    let (rect, mut response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    let id = response.id;

    let mut index = options.iter().position(|o| o == current).unwrap_or(0);
    let before = index;
    if response.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                EventFilter {
                    horizontal_arrows: true,
                    ..EventFilter::default()
                },
            );
        });
        ui.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                index = (index + 1) % options.len();
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                index = (index + options.len() - 1) % options.len();
            }
            for (k, key) in [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
                Key::Num8,
                Key::Num9,
            ]
            .into_iter()
            .enumerate()
            {
                if k < options.len() && i.consume_key(Modifiers::NONE, key) {
                    index = k;
                }
            }
        });
    }
    // Where each option sits, for clicks and painting.
    let mut x = rect.left();
    let mut cells = Vec::with_capacity(options.len());
    for galley in &galleys {
        let w = galley.size().x + 2.0 * pad.x;
        cells.push(egui::Rect::from_min_size(
            egui::pos2(x, rect.top()),
            vec2(w, height),
        ));
        x += w;
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && let Some(k) = cells.iter().position(|c| c.contains(pos))
    {
        index = k;
        response.request_focus();
    }
    if index != before {
        *current = options[index];
        response.mark_changed();
    }

    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals().clone();
        let painter = ui.painter();
        let rounding = 4.0;
        painter.rect_filled(rect, rounding, visuals.extreme_bg_color);
        for (k, (cell, galley)) in cells.iter().zip(galleys).enumerate() {
            let selected = k == index;
            if selected {
                painter.rect_filled(cell.shrink(1.0), rounding, visuals.selection.bg_fill);
            }
            let color = if selected {
                visuals.strong_text_color()
            } else {
                visuals.text_color()
            };
            painter.galley(cell.center() - galley.size() / 2.0, galley, color);
        }
        let stroke = if response.has_focus() {
            visuals.selection.stroke
        } else {
            visuals.widgets.inactive.bg_stroke
        };
        painter.rect_stroke(rect, rounding, stroke, egui::StrokeKind::Inside);
    }
    let value = text(options[index]).to_owned();
    response.widget_info(|| {
        let mut info = WidgetInfo::labeled(Role::ComboBox, true, value.clone());
        info.current_text_value = Some(value.clone());
        info
    });
    response.labelled_by(label.id)
}

/// The row of payment methods (现金 微信 支付宝 银行), the chosen one marked.
pub fn channel_choice(ui: &mut Ui, label: &Response, channel: &mut PayChannel) -> Response {
    choice(ui, label, channel, &PayChannel::ALL, PayChannel::label)
}

/// A checkbox that is part of a form (named by its own text). Space toggles it; Enter
/// only moves on, as everywhere else in the form.
pub fn check(ui: &mut Ui, value: &mut bool, text: &str) -> Response {
    let before = *value;
    let mut response = ui.checkbox(value, text);
    if response.changed() && ui.input(|i| i.key_pressed(Key::Enter)) {
        *value = before;
        response.flags.remove(egui::response::Flags::CHANGED);
    }
    response
}

/// State of a destination picker: what is typed, which candidate is highlighted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DestPickerState {
    /// The text in the field.
    pub query: String,
    /// Highlighted candidate.
    pub highlighted: usize,
    /// Whether the pointer was over the candidate list last frame.
    pub list_hovered: bool,
}

impl DestPickerState {
    /// Shows a chosen division in the field.
    pub fn show_division(&mut self, division: Option<&Division>) {
        self.query = division.map(Division::label).unwrap_or_default();
        self.highlighted = 0;
    }
}

/// Candidates for a query: destinations the rate table prices come first, so a station's
/// real routes win over same-initial counties elsewhere in China.
#[must_use]
pub fn dest_candidates<'a>(
    divisions: &'a Divisions,
    query: &str,
    priced: &dyn Fn(&str) -> bool,
) -> Vec<&'a Division> {
    let mut found = divisions.search(query, 40);
    found.sort_by_key(|d| !priced(&d.code)); // stable: keeps search ranking within each group
    found.truncate(8);
    found
}

/// The destination (到站) field: type a name, pinyin, initials or code, pick with
/// Up/Down and Enter (or Tab) or a click. Only a county-level division can be chosen; `code` is
/// empty until one is. Returns the text field's response.
pub fn dest_picker(
    ui: &mut Ui,
    label: &Response,
    state: &mut DestPickerState,
    code: &mut String,
    priced: &dyn Fn(&str) -> bool,
    width: f32,
    error: Option<&str>,
) -> Response {
    let divisions = Divisions::bundled();
    let field_id = ui.next_auto_id();
    let focused = ui.memory(|m| m.has_focus(field_id));
    let candidates = if code.is_empty() && !state.query.trim().is_empty() {
        dest_candidates(divisions, &state.query, priced)
    } else {
        Vec::new()
    };
    if focused && !candidates.is_empty() {
        ui.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                state.highlighted = (state.highlighted + 1).min(candidates.len() - 1);
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                state.highlighted = state.highlighted.saturating_sub(1);
            }
        });
    }
    let edit = TextEdit::singleline(&mut state.query)
        .id(field_id)
        .hint_text("拼音首字母 / 名称 / 代码，如 xtx");
    let response = checked_edit(ui, label, edit, width, error);
    if response.changed() {
        code.clear();
        state.highlighted = 0;
    }
    let mut pick: Option<&Division> = None;
    // Had the focus as it was drawn (given it this frame too, as a new form does) and
    // gave it up on Enter or Tab: leaving the field takes the highlighted candidate, as
    // Enter does, rather than leaving letters that are no destination.
    let left = focused
        && !response.has_focus()
        && ui.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Tab));
    if left {
        // Typed and Enter in one frame (fast, or a slow PC): the list drawn last frame is
        // of the query before this frame's letters, so "xtx⏎" would pick the first "x".
        // Pick from what is typed now.
        pick = if response.changed() {
            dest_candidates(divisions, &state.query, priced)
                .first()
                .copied()
        } else {
            candidates.get(state.highlighted).copied()
        };
    }
    let show_list = !candidates.is_empty() && (response.has_focus() || state.list_hovered);
    state.list_hovered = false;
    if show_list && pick.is_none() {
        let area = egui::Area::new(field_id.with("candidates"))
            .order(egui::Order::Foreground)
            .fixed_pos(response.rect.left_bottom() + vec2(0.0, 2.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_min_width(width.max(280.0));
                    for (k, division) in candidates.iter().enumerate() {
                        let text = format!("{}  {}", division.label(), division.code);
                        let row = ui.selectable_label(k == state.highlighted, text);
                        if row.clicked() {
                            pick = Some(division);
                        }
                    }
                    ui.label(RichText::new("↑↓ 选择，回车或 Tab 确定").small().weak());
                });
            });
        state.list_hovered = area.response.contains_pointer();
    }
    if let Some(division) = pick {
        code.clone_from(&division.code);
        state.show_division(Some(division));
        state.list_hovered = false;
    }
    response
}

/// The hint of a date field: its format, not a date, which would read as one filled in
/// (or, gone by, as wrong).
pub const DATE_HINT: &str = "年-月-日";
/// The hint of a date-and-time field.
pub const DATE_TIME_HINT: &str = "年-月-日 时:分";

/// Gives the text field `id` the focus before it is drawn this frame, so it reads this
/// frame's keys (what is typed or scanned straight after the page or tab opened), with
/// its text selected, so that what comes replaces it.
pub fn focus_selected(ui: &Ui, id: egui::Id, text: &str) {
    let mut edit = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    edit.cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    edit.store(ui.ctx(), id);
    ui.memory_mut(|m| m.request_focus(id));
}

/// A page's message line: what the last action said, green or red. Drawn above the
/// page's scrolled part, so it is seen wherever the page is scrolled to, and its line is
/// kept when there is no message, so that a message coming never moves the page under
/// the pointer between two clicks.
pub fn message_line(ui: &mut Ui, message: Option<&(bool, String)>) {
    ui.scope(|ui| {
        ui.set_min_height(ui.text_style_height(&egui::TextStyle::Body));
        if let Some((ok, text)) = message {
            ui.label(RichText::new(text).color(if *ok { OK_GREEN } else { ERROR_RED }));
        }
    });
}

/// A heading for a group of fields, like the ruled sections of a paper form.
pub fn section(ui: &mut Ui, text: &str) {
    ui.label(
        RichText::new(text)
            .strong()
            .color(ui.visuals().hyperlink_color),
    );
}

/// A big figure with a caption (the total on the fee card).
pub fn figure(ui: &mut Ui, caption: &str, value: &str, big: bool) {
    ui.horizontal(|ui| {
        ui.label(caption);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let size = if big { 26.0 } else { 17.0 };
            ui.label(RichText::new(value).size(size).strong());
        });
    });
}

/// Paints a centred notice in an empty area.
pub fn empty_notice(ui: &mut Ui, text: &str) {
    let rect = ui.available_rect_before_wrap();
    ui.painter().text(
        rect.center_top() + vec2(0.0, 40.0),
        Align2::CENTER_CENTER,
        text,
        FontId::proportional(16.0),
        ui.visuals().weak_text_color(),
    );
}

/// A grid's row of column titles, in bold; the row is ended.
pub fn grid_titles(ui: &mut Ui, titles: &[&str]) {
    for title in titles {
        ui.strong(*title);
    }
    ui.end_row();
}

/// A table's header row of column titles, in bold.
pub fn table_titles(header: &mut egui_extras::TableRow<'_, '_>, titles: &[&str]) {
    for title in titles {
        header.col(|ui| {
            ui.strong(*title);
        });
    }
}

/// The fill of a panel that stops the clerk: the goods are refused.
pub const REFUSED_FILL: egui::Color32 = egui::Color32::from_rgb(0xfd, 0xec, 0xea);
/// The fill of a panel that waits for a supervisor.
pub const SUPERVISOR_FILL: egui::Color32 = egui::Color32::from_rgb(0xff, 0xf4, 0xe5);

/// A panel on the fee card that stops the clerk: a box of `fill`, spaced from what is
/// above, its title in red; `body` draws the rest.
pub fn notice_panel<R>(
    ui: &mut Ui,
    fill: egui::Color32,
    title: &str,
    body: impl FnOnce(&mut Ui) -> R,
) -> R {
    ui.add_space(8.0);
    egui::Frame::new()
        .fill(fill)
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.label(RichText::new(title).strong().color(ERROR_RED));
            body(ui)
        })
        .inner
}

/// A [`notice_panel`] asking for a supervisor: why under the title in small type, then
/// `body`.
pub fn supervisor_panel<R>(
    ui: &mut Ui,
    title: &str,
    why: &str,
    body: impl FnOnce(&mut Ui) -> R,
) -> R {
    notice_panel(ui, SUPERVISOR_FILL, title, |ui| {
        ui.label(RichText::new(why).small());
        body(ui)
    })
}

/// A row of a form grid: the field's name, its 300-point box with `hint` greyed in it;
/// the row is ended.
pub fn grid_field(ui: &mut Ui, label: &str, required: bool, value: &mut String, hint: &str) {
    let l = field_label(ui, label, required);
    ui.add(
        TextEdit::singleline(value)
            .desired_width(300.0)
            .hint_text(hint),
    )
    .labelled_by(l.id);
    ui.end_row();
}
