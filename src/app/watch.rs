//! The window following the other counters (issue 15): a thread holds the database's
//! [`Watcher`] and tells the window when another counter committed, or when the database
//! went away and came back. The window then reloads what the page of the moment shows —
//! the waybill list, the dispatch tab, the money, the review — never a form the clerk is
//! typing into; and says so in the status bar while the server is away.

use super::App;
use crate::storage::watch::Watcher;
use crate::ui::Page;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

/// Chinese text of the watch.
mod text {
    pub const LOST: &str = "数据库连接中断，正在重连…　已输入的内容都还在，连上后再保存";
    pub const BACK: &str = "数据库已重新连接";
}

/// How long the watcher waits for a notice before it compares the change mark.
const LOOK_EVERY: Duration = Duration::from_millis(500);
/// How long it waits after a failed look before trying the database again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What the watcher thread tells the window.
#[derive(Debug)]
pub(super) enum Signal {
    /// Another counter (or this one) committed something.
    Changed,
    /// The database cannot be reached: why.
    Lost(String),
    /// It can again.
    Back,
}

/// What the threads beside the window said must be read again from the database; the
/// frame notes it without waiting on the database, and [`App::catch_up`] reads it (on the
/// worker, in the real window).
#[derive(Debug, Default)]
pub(super) struct Due {
    /// The server is back: the window's own connection is made again if it died.
    pub(super) reconnect: bool,
    /// The page of the moment is read again.
    pub(super) reload: bool,
    /// The backups' line in the status bar is read again.
    pub(super) backup_view: bool,
}

impl Due {
    /// Whether anything is due.
    pub(super) fn any(&self) -> bool {
        self.reconnect || self.reload || self.backup_view
    }
}

/// The window's end of the watcher thread; dropping it stops the thread.
pub(super) struct Watch {
    signals: Receiver<Signal>,
    stop: Arc<AtomicBool>,
    /// The window, to wake when something changed.
    pub(super) ctx: egui::Context,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn watch(
    mut watcher: Watcher,
    send: &std::sync::mpsc::Sender<Signal>,
    ctx: &egui::Context,
    stop: &AtomicBool,
) {
    let mut lost = false;
    while !stop.load(Ordering::Relaxed) {
        let signal = match watcher.changed(LOOK_EVERY) {
            // Back: the page is reloaded then anyway.
            Ok(_) if lost => {
                lost = false;
                Some(Signal::Back)
            }
            Ok(true) => Some(Signal::Changed),
            Ok(false) => None,
            Err(error) => {
                let first = !lost;
                lost = true;
                std::thread::sleep(RETRY_AFTER);
                first.then(|| Signal::Lost(error.to_string()))
            }
        };
        if let Some(signal) = signal {
            if send.send(signal).is_err() {
                return;
            }
            ctx.request_repaint();
        }
    }
}

impl App {
    /// Starts following the other counters on this database (nothing for a database in
    /// memory). The window calls it once it has its context.
    pub fn start_watch(&mut self, ctx: &egui::Context) {
        self.watch = None;
        let watcher = match self.db.watcher() {
            Ok(Some(watcher)) => watcher,
            Ok(None) => return,
            Err(error) => {
                eprintln!("kaidan: 无法跟随其他柜台的改动：{error}");
                self.status = Some((false, text::LOST.to_owned()));
                return;
            }
        };
        let (send, signals) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_ctx, thread_stop) = (ctx.clone(), stop.clone());
        let started = std::thread::Builder::new()
            .name("kaidan-watch".into())
            .spawn(move || watch(watcher, &send, &thread_ctx, &thread_stop));
        if started.is_ok() {
            self.watch = Some(Watch {
                signals,
                stop,
                ctx: ctx.clone(),
            });
        }
    }

    /// Takes what the watcher said since the last frame; what it asks to read again is
    /// left in `due`.
    pub(super) fn poll_watch(&mut self) {
        let Some(watch) = &self.watch else {
            return;
        };
        loop {
            match watch.signals.try_recv() {
                Ok(Signal::Changed) => self.due.reload = true,
                Ok(Signal::Lost(why)) => {
                    // The detail is for IT, on the console; the clerk reads what to do.
                    eprintln!("kaidan: 数据库连接中断：{why}");
                    self.status = Some((false, text::LOST.to_owned()));
                }
                Ok(Signal::Back) => {
                    self.due.reconnect = true;
                    self.due.reload = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.watch = None;
                    break;
                }
            }
        }
    }

    /// Reads again what the threads beside the window said is due: the connection after
    /// the server came back, the backups' line, the page of the moment.
    pub(super) fn catch_up(&mut self) {
        let due = std::mem::take(&mut self.due);
        if due.reconnect {
            // The window's own connection was lost with the server's: a new one.
            let message = match self.db.reconnect_if_lost() {
                Ok(_) => (true, text::BACK.to_owned()),
                Err(_) => (false, text::LOST.to_owned()),
            };
            self.status = Some(message);
        }
        if due.backup_view {
            self.load_backup_view();
        }
        if due.reload && self.user.is_some() && self.reload_page().is_err() {
            // The window's own connection may have died with the server without noticing
            // yet: a new one, and the page again. Failing still, the page stays as it
            // was and the next change tries again.
            if matches!(self.db.reconnect_if_lost(), Ok(true)) {
                let _ = self.reload_page();
            }
        }
    }

    /// Reloads what the page of the moment shows from the database, leaving alone any
    /// form being typed (the waybill form, settings, the rate table).
    fn reload_page(&mut self) -> anyhow::Result<()> {
        self.reload_view()?;
        match self.page {
            Page::Issue | Page::Settings | Page::Rates => Ok(()),
            Page::Waybills => {
                if let Ok(q) = self.list.query()
                    && self.list.searched
                {
                    self.list.results = self.db.find_waybills(&q)?;
                }
                // The waybill open beside the list, as it is now (altered, voided, loaded
                // elsewhere), keeping what the clerk typed under it.
                if let Some(number) = self.list.open.as_ref().map(|(w, _)| w.number.clone()) {
                    self.load_open_waybill(&number)?;
                }
                Ok(())
            }
            // The money page's last line (收款已记录 …) is the clerk's, not the database's.
            Page::Money => {
                let message = self.money.message.take();
                self.open_money()?;
                self.money.message = message;
                Ok(())
            }
            page => self.navigate(page),
        }
    }
}
