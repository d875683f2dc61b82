//! Every keyboard shortcut of the window, declared once (issue 19 item 4): its keys, what
//! it does in Chinese, and where it works. The pages ask [`consume`] whether theirs was
//! pressed; F12 shows them all ([`help_ui`]); a test holds that no two clash where they
//! both work. Buttons name their shortcut with [`keys_text`].

use super::Page;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

/// Where a shortcut works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// On every page once logged in.
    Everywhere,
    /// On one page.
    On(Page),
    /// In the phone quote window (F6).
    QuoteWindow,
}

impl Reach {
    /// The Chinese heading of the help.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Everywhere => "任何页面",
            Self::On(Page::Issue) => "开单页",
            Self::On(_) => "本页",
            Self::QuoteWindow => "电话报价窗口",
        }
    }

    /// Whether a shortcut here and one at `other` can be pressed at the same moment.
    #[must_use]
    pub fn overlaps(self, other: Self) -> bool {
        match (self, other) {
            (Self::Everywhere, _) | (_, Self::Everywhere) => true,
            (a, b) => a == b,
        }
    }
}

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Go to a page.
    Go(Page),
    /// Open the phone quote window.
    OpenQuotes,
    /// Show or hide the shortcut help.
    Help,
    /// 开单: a blank form.
    ClearForm,
    /// 开单: save (and start the next).
    Save,
    /// 开单: save and print the waybill and labels.
    SavePrint,
    /// 开单: the n-th usual consignee (1–8).
    Usual(u8),
    /// Close the phone quote window.
    CloseQuotes,
    /// 开单: jump to a section of the form.
    Jump(FormSection),
}

/// The sections of the 开单 form, for the Alt jumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormSection {
    /// 到站与客户 (its 到站).
    Parties,
    /// 货物 (its 品名).
    Goods,
    /// 收货检查 (its 危险品).
    Check,
    /// 交付与付款 (its 送货方式).
    Delivery,
    /// 运费与备注 (its 运费).
    Fees,
}

/// One shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    /// What it does.
    pub action: Action,
    /// The modifiers held.
    pub modifiers: Modifiers,
    /// The key.
    pub key: Key,
    /// What it does, in Chinese, for the help.
    pub text: &'static str,
    /// Where it works.
    pub reach: Reach,
}

const fn plain(action: Action, key: Key, text: &'static str, reach: Reach) -> Shortcut {
    Shortcut {
        action,
        modifiers: Modifiers::NONE,
        key,
        text,
        reach,
    }
}

const fn alt(action: Action, key: Key, text: &'static str, reach: Reach) -> Shortcut {
    Shortcut {
        action,
        modifiers: Modifiers::ALT,
        key,
        text,
        reach,
    }
}

const fn ctrl(action: Action, key: Key, text: &'static str, reach: Reach) -> Shortcut {
    Shortcut {
        action,
        modifiers: Modifiers::COMMAND,
        key,
        text,
        reach,
    }
}

const ISSUE: Reach = Reach::On(Page::Issue);

/// Every shortcut, in the order the help lists them.
pub const ALL: [Shortcut; 23] = [
    plain(Action::Go(Page::Issue), Key::F1, "开单", Reach::Everywhere),
    plain(
        Action::Go(Page::Waybills),
        Key::F3,
        "运单查询",
        Reach::Everywhere,
    ),
    plain(
        Action::Go(Page::Rates),
        Key::F4,
        "报价表",
        Reach::Everywhere,
    ),
    plain(
        Action::Go(Page::Dispatch),
        Key::F5,
        "发车/到货",
        Reach::Everywhere,
    ),
    plain(Action::OpenQuotes, Key::F6, "电话报价", Reach::Everywhere),
    plain(
        Action::Help,
        Key::F12,
        "快捷键一览（再按关闭）",
        Reach::Everywhere,
    ),
    plain(Action::ClearForm, Key::F2, "清空，开新的一张", ISSUE),
    ctrl(
        Action::Save,
        Key::S,
        "保存并开下一张（修改时：保存修改）",
        ISSUE,
    ),
    ctrl(Action::SavePrint, Key::P, "保存并打印运单和货签", ISSUE),
    ctrl(Action::Usual(1), Key::Num1, "选第 1 个常用收货方", ISSUE),
    ctrl(Action::Usual(2), Key::Num2, "选第 2 个常用收货方", ISSUE),
    ctrl(Action::Usual(3), Key::Num3, "选第 3 个常用收货方", ISSUE),
    ctrl(Action::Usual(4), Key::Num4, "选第 4 个常用收货方", ISSUE),
    ctrl(Action::Usual(5), Key::Num5, "选第 5 个常用收货方", ISSUE),
    ctrl(Action::Usual(6), Key::Num6, "选第 6 个常用收货方", ISSUE),
    ctrl(Action::Usual(7), Key::Num7, "选第 7 个常用收货方", ISSUE),
    ctrl(Action::Usual(8), Key::Num8, "选第 8 个常用收货方", ISSUE),
    alt(
        Action::Jump(FormSection::Parties),
        Key::K,
        "跳到 到站与客户",
        ISSUE,
    ),
    alt(Action::Jump(FormSection::Goods), Key::H, "跳到 货物", ISSUE),
    alt(
        Action::Jump(FormSection::Check),
        Key::J,
        "跳到 收货检查",
        ISSUE,
    ),
    alt(
        Action::Jump(FormSection::Delivery),
        Key::F,
        "跳到 交付与付款",
        ISSUE,
    ),
    alt(
        Action::Jump(FormSection::Fees),
        Key::Y,
        "跳到 运费与备注",
        ISSUE,
    ),
    plain(
        Action::CloseQuotes,
        Key::Escape,
        "关闭电话报价窗口",
        Reach::QuoteWindow,
    ),
];

/// The shortcut of `action`.
///
/// # Panics
/// Never for an action of [`ALL`] (a test holds every action has one).
#[must_use]
pub fn of(action: Action) -> &'static Shortcut {
    ALL.iter()
        .find(|s| s.action == action)
        .unwrap_or(&ALL[ALL.len() - 1])
}

/// Whether `action`'s keys were pressed this frame; the press is used up.
#[must_use]
pub fn consume(ui: &Ui, action: Action) -> bool {
    let s = of(action);
    ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(s.modifiers, s.key)))
}

/// The keys of `action` as people write them: `F2`, `Ctrl+S`.
#[must_use]
pub fn keys_text(action: Action) -> String {
    let s = of(action);
    let key = match s.key {
        Key::Escape => "Esc".to_owned(),
        Key::Num1 => "1".to_owned(),
        Key::Num2 => "2".to_owned(),
        Key::Num3 => "3".to_owned(),
        Key::Num4 => "4".to_owned(),
        Key::Num5 => "5".to_owned(),
        Key::Num6 => "6".to_owned(),
        Key::Num7 => "7".to_owned(),
        Key::Num8 => "8".to_owned(),
        other => other.name().to_owned(),
    };
    if s.modifiers.command {
        format!("Ctrl+{key}")
    } else if s.modifiers.alt {
        format!("Alt+{key}")
    } else {
        key
    }
}

/// A button's text with its shortcut: `保存 (Ctrl+S)`.
#[must_use]
pub fn with_keys(text: &str, action: Action) -> String {
    format!("{text} ({})", keys_text(action))
}

/// The help (F12): every shortcut by where it works.
pub fn help_ui(ui: &mut Ui) {
    let mut reaches: Vec<Reach> = Vec::new();
    for s in &ALL {
        if !reaches.contains(&s.reach) {
            reaches.push(s.reach);
        }
    }
    for reach in reaches {
        ui.label(RichText::new(reach.label()).strong());
        egui::Grid::new(("shortcuts", reach.label()))
            .num_columns(2)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for s in ALL.iter().filter(|s| s.reach == reach) {
                    ui.label(RichText::new(keys_text(s.action)).monospace());
                    ui.label(s.text);
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_shortcuts_clash_where_both_work() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(
                    !(a.key == b.key && a.modifiers == b.modifiers && a.reach.overlaps(b.reach)),
                    "{} and {} share {}",
                    a.text,
                    b.text,
                    keys_text(a.action)
                );
                assert_ne!(a.action, b.action, "{} is declared twice", a.text);
            }
        }
    }

    #[test]
    fn the_page_tabs_name_the_keys_that_open_them() {
        for page in Page::ALL {
            let key = ALL
                .iter()
                .find(|s| s.action == Action::Go(page))
                .map(|s| keys_text(s.action));
            match key {
                Some(k) => assert!(page.label().ends_with(&k), "{} / {k}", page.label()),
                None => assert!(!page.label().contains(" F"), "{}", page.label()),
            }
        }
        assert_eq!(keys_text(Action::Save), "Ctrl+S");
        assert_eq!(with_keys("清空", Action::ClearForm), "清空 (F2)");
        assert_eq!(keys_text(Action::CloseQuotes), "Esc");
    }
}
