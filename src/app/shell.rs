//! The real window around the [`App`] (issue 15): the App draws on the UI thread, and
//! whatever may wait on the database — a command a panel returned, the page read again
//! after another counter's write — runs on a worker thread the App is handed to. The frame
//! that asked waits for it at most [`QUICK`], which a healthy database answers well within,
//! so the clerk sees the result at once; a slow or lost server leaves the window drawing a
//! waiting page (what is happening, that nothing typed is lost) instead of freezing, and
//! the keys typed meanwhile are kept and given to the page when the App comes back.
//!
//! The App moves whole: nothing else can touch its state while the worker has it, so
//! the handlers stay the plain sequential code they are, and the UI tests drive
//! [`App::frame`] (the same steps on one thread) directly.

use super::{App, dialogs};
use crate::ui::typeahead;
use egui::{Event, RichText};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Chinese text of the waiting page.
mod text {
    pub const WORKING: &str = "正在处理…";
    pub const WAITING: &str = "数据库没有回应，正在等待（已等 {s} 秒）…";
    pub const DIALOG: &str = "请在打开的文件窗口中选择或取消";
    pub const KEPT: &str = "已输入的内容都还在，不用重新填写；数据库连上后会自动继续";
}

/// How long a frame waits for the worker before it draws the waiting page instead: well
/// under the 100 ms a frame may take, and far more than a save takes on a healthy server.
pub const QUICK: Duration = Duration::from_millis(60);

/// After how long the waiting page says the database is not answering.
const SLOW: Duration = Duration::from_secs(2);

/// What the worker does with the App: something that may wait on the database.
type Job = Box<dyn FnOnce(&mut App) + Send>;

/// The App on the worker, and when it left.
struct Away {
    back: Receiver<std::thread::Result<Box<App>>>,
    since: Instant,
}

/// The window: the App when it is here, or the worker that has it.
pub struct Shell {
    app: Option<Box<App>>,
    away: Option<Away>,
    /// Keys and text typed while the App was away, given to it when it is back.
    held: Vec<Event>,
}

impl Shell {
    /// The window around an app.
    #[must_use]
    pub fn new(app: App) -> Self {
        Self {
            app: Some(Box::new(app)),
            away: None,
            held: Vec::new(),
        }
    }

    /// The app, unless the worker has it now (tests).
    #[must_use]
    pub fn app(&self) -> Option<&App> {
        self.app.as_deref()
    }

    /// Whether the worker has the app now: the window shows the waiting page.
    #[must_use]
    pub fn waiting(&self) -> bool {
        self.away.is_some()
    }

    /// Draws one frame: the page when the App is here, the waiting page when the worker
    /// still has it; hands the worker what the panels asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let was_away = self.away.is_some();
        if !self.come_back(Duration::ZERO) {
            self.waiting_page(ui);
            return;
        }
        let ctx = ui.ctx().clone();
        let app = self.app_here();
        app.poll_background();
        if app.due.any() && !self.send(&ctx, Box::new(App::catch_up)) {
            self.waiting_page(ui);
            return;
        }
        if was_away {
            // Back: this frame draws the page as it is now (the field to type into takes
            // the focus), and the next one is given the keys, in the order typed: those
            // the page held back before the App went away, those typed meanwhile, this
            // frame's own, and what pacing held back of them — paced like any typed ahead.
            let mut keys = typeahead::take_held_in_frame(&ctx);
            keys.append(&mut self.held);
            ctx.input_mut(|i| i.events.retain(|e| !hold(e, &mut keys)));
            typeahead::give_next_frame(&ctx, keys);
        }
        let app = self.app_here();
        let command = app.draw(ui);
        app.trace_frame();
        if let Some(command) = command {
            // Whether it came back now or later, the next frame shows its result.
            self.send(&ctx, Box::new(move |app: &mut App| app.handle(command)));
            ctx.request_repaint();
        }
    }

    fn app_here(&mut self) -> &mut App {
        self.app
            .as_deref_mut()
            .expect("the app is here when it is not away")
    }

    /// Hands the App to a worker for `job`; says whether it is back within [`QUICK`].
    fn send(&mut self, ctx: &egui::Context, job: Job) -> bool {
        let mut app = self.app.take().expect("one job at a time");
        let (done, back) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("kaidan-work".into())
            .spawn(move || {
                let finished = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                    job(&mut app);
                    app
                }));
                // The window may be closed already: nobody to give it to.
                let _ = done.send(finished);
                ctx.request_repaint();
            })
            .expect("the system starts a thread");
        self.away = Some(Away {
            back,
            since: Instant::now(),
        });
        self.come_back(QUICK)
    }

    /// Takes the App back from the worker if it is done within `wait`; says whether the
    /// App is here. A panic on the worker is the window's, as it was on its thread.
    fn come_back(&mut self, wait: Duration) -> bool {
        let Some(away) = &self.away else {
            return true;
        };
        match away.back.recv_timeout(wait) {
            Ok(Ok(app)) => {
                self.app = Some(app);
                self.away = None;
                true
            }
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => unreachable!("the worker always answers"),
        }
    }

    /// The page while the worker has the App: what it is waiting for, and that nothing
    /// typed is lost. Keys typed now are held for the page.
    fn waiting_page(&mut self, ui: &mut egui::Ui) {
        ui.input(|i| {
            for event in &i.events {
                hold(event, &mut self.held);
            }
        });
        let waited = self
            .away
            .as_ref()
            .map_or(Duration::ZERO, |a| a.since.elapsed());
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() / 3.0);
                ui.spinner();
                ui.add_space(8.0);
                let line = if dialogs::open() {
                    text::DIALOG.to_owned()
                } else if waited < SLOW {
                    text::WORKING.to_owned()
                } else {
                    text::WAITING.replace("{s}", &waited.as_secs().to_string())
                };
                ui.label(RichText::new(line).heading());
                if waited >= SLOW {
                    ui.label(text::KEPT);
                }
            });
        });
        ui.ctx().request_repaint_after(Duration::from_millis(250));
    }
}

/// Keeps `event` in `held` if it is typing (text or a key); says whether it was.
fn hold(event: &Event, held: &mut Vec<Event>) -> bool {
    let typing = typeahead::is_typing(event);
    if typing {
        held.push(event.clone());
    }
    typing
}
