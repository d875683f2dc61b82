//! Changing the database the window works on (登录页 and 设置 → 数据库): another SQLite
//! file, or the station's PostgreSQL server. The window starts over on the new one
//! (logged out, every page empty) and remembers it for the next start.

use super::App;
use crate::storage::{Db, Location, location};

/// Chinese text of the change.
mod text {
    pub const CONNECTED: &str = "已连接数据库 {d}，请登录";
    pub const NOT_KEPT: &str = "已连接数据库 {d}，但没能记住它（{e}）：下次打开程序时请重新选择";
    pub const FAILED: &str = "没有连接 {d}：{e}";
}

impl App {
    /// Opens `typed` (a path or a URL) and, when it opens, starts the window over on it;
    /// when it does not, stays on the database in use and says why.
    pub(super) fn switch_database(&mut self, typed: &str) {
        let target = Location::parse(typed);
        let opened = Db::open_at(&target).and_then(|db| App::with_clock(db, self.clock));
        match opened {
            Ok(mut fresh) => {
                std::mem::swap(&mut fresh.printing, &mut self.printing);
                std::mem::swap(&mut fresh.cue, &mut self.cue);
                fresh.start_of_day_backup();
                if let Some(watch) = &self.watch {
                    fresh.start_watch(&watch.ctx.clone());
                }
                fresh.remember_choice = self.remember_choice;
                let shown = target.shown();
                let kept = if self.remember_choice {
                    location::remember(typed)
                } else {
                    Ok(())
                };
                let message = match kept {
                    Ok(()) => text::CONNECTED.replace("{d}", &shown),
                    Err(e) => text::NOT_KEPT
                        .replace("{d}", &shown)
                        .replace("{e}", crate::domain::os::io_reason(&e)),
                };
                fresh.status = Some((true, message));
                *self = fresh;
            }
            Err(error) => {
                let message = text::FAILED
                    .replace("{d}", &target.shown())
                    .replace("{e}", &error.to_string());
                self.login.error = Some(message.clone());
                self.settings.message = Some((false, message));
            }
        }
    }
}
