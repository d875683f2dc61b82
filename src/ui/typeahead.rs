//! Typing ahead of the screen. A counter PC drawing few frames a second, a fast typist or a
//! scanner can put several keystrokes into one frame: `xtx`, Enter and the first digits
//! of the next field. egui gives a frame's keys to the field that has the focus when the
//! frame starts, but Enter and Tab move the focus only for the next frame, so what came
//! after them went nowhere (after Enter: the field stops reading there) or into the
//! field just left (after Tab: `13912345678宏达` in 发货方电话).
//!
//! [`pace`] runs at the start of every frame: the frame keeps the keys up to and with the
//! first key that moves the focus (Enter, Tab, Esc, a function key, a shortcut with
//! Ctrl or Alt), and the rest waits for the next frame, which is asked for at once. So
//! each field gets what was typed while it had the focus, in order, and nothing is lost.

use egui::{Context, Event, Key};

/// Where the keys held for the next frame wait.
fn held_id() -> egui::Id {
    egui::Id::unique("typeahead_held")
}

/// Typing: text or a key (pressed or let go), or a paste. Pointer and window events are
/// the frame's own and stay in it.
#[must_use]
pub fn is_typing(event: &Event) -> bool {
    matches!(event, Event::Text(_) | Event::Key { .. } | Event::Paste(_))
}

/// Takes the keys held for the next frame out of the context (the window hands them on
/// when it waits for the database in between).
#[must_use]
pub fn take_held(ctx: &Context) -> Vec<Event> {
    ctx.data_mut(|d| {
        let held = d.get_temp::<Vec<Event>>(held_id()).unwrap_or_default();
        d.remove::<Vec<Event>>(held_id());
        held
    })
}

/// At the start of a frame, before anything reads the input: gives the frame the keys
/// held for it, then holds back for the next frame whatever was typed after the first
/// key that moves the focus.
pub fn pace(ctx: &Context) {
    let held = take_held(ctx);
    let later = ctx.input_mut(|i| {
        i.events.splice(0..0, held);
        after_first_move(&mut i.events)
    });
    if !later.is_empty() {
        ctx.data_mut(|d| d.insert_temp(held_id(), later));
        ctx.request_repaint();
    }
}

/// Takes out of `events` the typing that follows the first pressed key that moves the
/// focus, in order; everything else stays.
fn after_first_move(events: &mut Vec<Event>) -> Vec<Event> {
    let Some(at) = events.iter().position(moves_focus) else {
        return Vec::new();
    };
    let mut later = Vec::new();
    let mut index = 0;
    events.retain(|event| {
        let keep = index <= at || !is_typing(event);
        if !keep {
            later.push(event.clone());
        }
        index += 1;
        keep
    });
    later
}

/// A pressed key after which the focus may be elsewhere: Enter, Tab, Esc, a function
/// key, or any key with Ctrl, Alt or Command (the shortcuts).
fn moves_focus(event: &Event) -> bool {
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
        || matches!(key, Key::Enter | Key::Tab | Key::Escape)
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
        }
        let mut f = vec![key(Key::F, none), text("f")];
        assert!(after_first_move(&mut f).is_empty(), "the letter F types");
    }
}
