//! `hub tui`: the client overview dashboard.
//!
//! State / update / view: [`app::App`] is plain data; [`update::update`] turns a message into a
//! new state and a list of effects; [`view::draw`] only draws. The loop here is the only place
//! with I/O: it reads terminal events, runs effects on the blocking pool through
//! [`effects::Runner`], and redraws after every message. Spinners tick only while something
//! loads, so an idle dashboard costs nothing.

pub mod app;
pub mod effects;
pub mod rows;
pub mod theme;
pub mod update;
pub mod view;

use std::io;
use std::time::Duration;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

use app::App;
use effects::Runner;
use update::{Msg, update};

/// Everything the dashboard needs to start.
pub struct Options {
    pub runner: Runner,
    pub theme: theme::Theme,
    /// The signed-in user's group refs, when someone is signed in: the default scope.
    pub my_teams: Option<Vec<String>>,
}

/// Runs the dashboard until the user quits. The terminal is restored on every way out,
/// including a panic.
pub fn run(options: Options) -> io::Result<()> {
    let runtime = crate::runtime::current_thread()?;
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook restores the screen on panic; mouse capture is ours to undo first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let result = crossterm::execute!(io::stdout(), EnableMouseCapture)
        .and_then(|()| runtime.block_on(event_loop(&mut terminal, options)));
    let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

async fn event_loop<B: Backend>(terminal: &mut Terminal<B>, options: Options) -> io::Result<()>
where
    io::Error: From<B::Error>,
{
    let mut app = App::new(options.theme, options.my_teams, crate::catalog::history::now());
    let size = terminal.size()?;
    update(&mut app, Msg::Resize(size.width, size.height));
    let (results, mut incoming) = mpsc::unbounded_channel();
    for effect in update::start() {
        options.runner.spawn(effect, results.clone());
    }
    let mut events = EventStream::new();
    let mut ticks = tokio::time::interval(Duration::from_millis(100));
    loop {
        terminal.draw(|frame| view::draw(&app, frame))?;
        if app.quit {
            return Ok(());
        }
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => Msg::Key(key),
                Some(Ok(Event::Mouse(mouse))) => Msg::Mouse(mouse),
                Some(Ok(Event::Resize(width, height))) => Msg::Resize(width, height),
                Some(Ok(_)) => continue,
                Some(Err(error)) => return Err(error),
                // The terminal went away.
                None => return Ok(()),
            },
            Some(msg) = incoming.recv() => msg,
            _ = ticks.tick(), if app.busy() => Msg::Tick(crate::catalog::history::now()),
        };
        for effect in update(&mut app, msg) {
            options.runner.spawn(effect, results.clone());
        }
    }
}
