//! Typing ahead of the screen. A counter PC drawing few frames a second, a fast typist or a
//! scanner can put several keystrokes into one frame: `xtx`, Enter and the first digits
//! of the next field. egui gives a frame's keys to the field that has the focus when the
//! frame starts, but Enter and Tab move the focus only for the next frame, so what came
//! after them went nowhere (after Enter: the field stops reading there) or into the
//! field just left (after Tab: `13912345678宏达` in 发货方电话).
//!
//! [`pace_raw`] runs on a frame's raw input, before egui reads it (eframe's
//! `raw_input_hook`: egui moves the focus on Tab as the frame begins): the frame keeps
//! the keys up to and with the first key that moves the focus (Enter, Tab, Esc, a
//! function key, a shortcut with Ctrl or Alt), and the rest waits for the next frame,
//! which is asked for at once. So each field gets what was typed while it had the focus,
//! in order, and nothing is lost. [`pace`] does the same inside a frame that has begun,
//! for the UI tests, which drive frames without the hook. The window's `Shell` hands the
//! keys typed while it waited for the database to the next frame ([`give_next_frame`]).

use egui::{Context, Event, Key, RawInput};

/// Where the keys held for the next frame wait: those [`pace_raw`] held apart from those
/// [`pace`] held, so that a frame paced before it began is not paced again inside.
fn held_id(raw: bool) -> egui::Id {
    egui::Id::unique(("typeahead_held", raw))
}

/// Typing: text or a key (pressed or let go), or a paste. Pointer and window events are
/// the frame's own and stay in it.
#[must_use]
pub fn is_typing(event: &Event) -> bool {
    matches!(event, Event::Text(_) | Event::Key { .. } | Event::Paste(_))
}

/// Takes out the keys [`pace`] held back inside a frame: the earliest still waiting.
#[must_use]
pub fn take_held_in_frame(ctx: &Context) -> Vec<Event> {
    take(ctx, false)
}

fn take(ctx: &Context, raw: bool) -> Vec<Event> {
    ctx.data_mut(|d| {
        let held = d.get_temp::<Vec<Event>>(held_id(raw)).unwrap_or_default();
        d.remove::<Vec<Event>>(held_id(raw));
        held
    })
}

/// Before a frame begins: gives its raw input the keys held for it, then holds back for
/// the next frame whatever was typed after the first key that moves the focus.
pub fn pace_raw(ctx: &Context, raw: &mut RawInput) {
    let held = take(ctx, true);
    raw.events.splice(0..0, held);
    hold_for_next_frame(ctx, true, after_first_move(&mut raw.events));
}

/// [`pace_raw`] for a frame that has begun, before anything in it reads the keys. Keys
/// held here come to the next frame after it began, so a Tab among them moves the focus
/// only where a panel handles it; what reaches a frame through [`pace_raw`] has been
/// paced already and is not split again.
pub fn pace(ctx: &Context) {
    let held = take(ctx, false);
    let later = ctx.input_mut(|i| {
        i.events.splice(0..0, held);
        after_first_move(&mut i.events)
    });
    hold_for_next_frame(ctx, false, later);
}

/// Gives `keys` to the next frame, before those [`pace_raw`] holds for it already (typed
/// later) and before its own: keys typed while the window waited for the database. They
/// come through [`pace_raw`], so a Tab among them moves the focus as one typed then would.
pub fn give_next_frame(ctx: &Context, mut keys: Vec<Event>) {
    keys.append(&mut take(ctx, true));
    hold_for_next_frame(ctx, true, keys);
}

fn hold_for_next_frame(ctx: &Context, raw: bool, later: Vec<Event>) {
    if !later.is_empty() {
        ctx.data_mut(|d| d.insert_temp(held_id(raw), later));
        ctx.request_repaint();
    }
}

/// Takes out of `events` the typing that follows the first pressed key that moves the
/// focus, in order; everything else stays. A shortcut (Ctrl, Alt, an F-key, Esc) that
/// comes after other typing begins the next frame itself: the panels take shortcuts
/// before their fields read the frame's keys, so Ctrl+P right after → (提付) would save
/// the waybill as it was before the →.
fn after_first_move(events: &mut Vec<Event>) -> Vec<Event> {
    let Some(at) = events.iter().position(moves_focus) else {
        return Vec::new();
    };
    let typed_before = events[..at]
        .iter()
        .any(|e| is_typing(e) && !matches!(e, Event::Key { pressed: false, .. }));
    let keep_up_to = if is_shortcut(&events[at]) && typed_before {
        at
    } else {
        at + 1
    };
    let mut later = Vec::new();
    let mut index = 0;
    events.retain(|event| {
        let keep = index < keep_up_to || !is_typing(event);
        if !keep {
            later.push(event.clone());
        }
        index += 1;
        keep
    });
    later
}

/// A pressed key after which the focus may be elsewhere: Enter, Tab, or a shortcut.
fn moves_focus(event: &Event) -> bool {
    matches!(
        event,
        Event::Key {
            key: Key::Enter | Key::Tab,
            pressed: true,
            ..
        }
    ) || is_shortcut(event)
}

/// A pressed shortcut: Esc, a function key, or any key with Ctrl, Alt or Command.
fn is_shortcut(event: &Event) -> bool {
    let Event::Key {
        key,
        pressed: true,
        modifiers,
        ..
    } = event
    else {
        return false;
    };
    modifiers.ctrl
        || modifiers.alt
        || modifiers.command
        || *key == Key::Escape
        || (Key::F1..=Key::F35).contains(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Modifiers;

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn text(t: &str) -> Event {
        Event::Text(t.to_owned())
    }

    #[test]
    fn what_follows_the_first_move_waits_for_the_next_frame() {
        let none = Modifiers::NONE;
        let pointer = Event::PointerGone;
        let mut events = vec![
            text("xtx"),
            key(Key::Enter, none),
            pointer.clone(),
            text("2026"),
            key(Key::Tab, none),
            text("139"),
        ];
        let later = after_first_move(&mut events);
        assert_eq!(events, [text("xtx"), key(Key::Enter, none), pointer]);
        assert_eq!(later, [text("2026"), key(Key::Tab, none), text("139")]);
        let mut rest = later;
        assert_eq!(after_first_move(&mut rest), [text("139")]);
        // Typing keys do not move the focus; shortcuts and function keys do.
        let mut typing = vec![key(Key::A, none), text("a"), key(Key::Backspace, none)];
        assert!(after_first_move(&mut typing).is_empty());
        for first in [
            key(Key::S, Modifiers::CTRL),
            key(Key::K, Modifiers::ALT),
            key(Key::F3, none),
            key(Key::F12, none),
            key(Key::Escape, none),
        ] {
            let mut events = vec![first.clone(), text("a")];
            assert_eq!(after_first_move(&mut events), [text("a")], "{first:?}");
            // After typing, the shortcut waits for the next frame with what follows it.
            let mut events = vec![key(Key::ArrowRight, none), first.clone(), text("a")];
            assert_eq!(
                after_first_move(&mut events),
                [first.clone(), text("a")],
                "{first:?}"
            );
            assert_eq!(events, [key(Key::ArrowRight, none)]);
        }
        let mut f = vec![key(Key::F, none), text("f")];
        assert!(after_first_move(&mut f).is_empty(), "the letter F types");
    }
}
