//! The sound after a scan: at a loading dock the clerk looks at the goods, not the
//! screen, so an accepted label gives a short tone and a refused one (wrong destination,
//! duplicate) a warning sound, beside the green or red band on screen. The system's own
//! sound player is used — PulseAudio/PipeWire's `paplay` or libcanberra on Linux, the
//! system sounds on Windows — so no audio library is built in; with none available the
//! screen's cue stays and nothing fails.

use std::process::{Command, Stdio};

/// Plays the cue of a scan.
pub trait CuePlayer: Send {
    /// `ok`: the scan was accepted.
    fn play(&self, ok: bool);
}

/// The system's sound player, started in the background.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemCue;

impl CuePlayer for SystemCue {
    fn play(&self, ok: bool) {
        for mut command in commands(ok) {
            command
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if let Ok(mut child) = command.spawn() {
                // Reap the player when it ends, without holding up the window.
                std::thread::spawn(move || child.wait().ok());
                return;
            }
        }
    }
}

/// A player that plays nothing (tests, or a station that wants silence).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl CuePlayer for Silent {
    fn play(&self, _ok: bool) {}
}

#[cfg(windows)]
fn commands(ok: bool) -> Vec<Command> {
    use std::os::windows::process::CommandExt;
    /// Windows' CREATE_NO_WINDOW: no console window flashes up at every scan.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let sound = if ok { "Asterisk" } else { "Hand" };
    let mut command = Command::new("powershell");
    command.creation_flags(CREATE_NO_WINDOW);
    command.args([
        "-NoProfile",
        "-NonInteractive",
        "-Command",
        &format!("[System.Media.SystemSounds]::{sound}.Play(); Start-Sleep -Milliseconds 600"),
    ]);
    vec![command]
}

#[cfg(not(windows))]
fn commands(ok: bool) -> Vec<Command> {
    let (file, id) = if ok {
        ("complete", "complete")
    } else {
        ("dialog-error", "dialog-error")
    };
    let mut out = Vec::new();
    let path = format!("/usr/share/sounds/freedesktop/stereo/{file}.oga");
    if std::path::Path::new(&path).exists() {
        let mut paplay = Command::new("paplay");
        paplay.arg(path);
        out.push(paplay);
    }
    let mut canberra = Command::new("canberra-gtk-play");
    canberra.args(["-i", id]);
    out.push(canberra);
    out
}
