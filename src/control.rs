//! The running bot's control socket, `mlsd.sock` in the data directory: how `mlsd health`
//! and `mlsd backup` reach a bot that holds the database.
//!
//! Protocol: the client sends one line, `health` or `backup`. The answer to `health` is
//! `ok ` followed by a JSON [`Status`] and a newline; to `backup`, `ok <bytes>` and a newline
//! followed by the backup itself. Errors are `error <message>`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::{Deserialize, Serialize};

use crate::store::Store;

pub const SOCKET: &str = "mlsd.sock";

/// The bot is unhealthy when it has not reached the Bot API for this long.
pub const STALE_AFTER: i64 = 300;

pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SOCKET)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub mode: String,
    /// Unix seconds.
    pub started: i64,
    /// Unix seconds of the last successful call to the Bot API (or update received).
    pub last_api_ok: i64,
}

/// Shared by the bot's tasks; read by the control socket.
#[derive(Debug)]
pub struct Health {
    pub mode: &'static str,
    pub started: i64,
    last_api_ok: AtomicI64,
}

impl Health {
    pub fn new(mode: &'static str, now: i64) -> Arc<Health> {
        Arc::new(Health {
            mode,
            started: now,
            last_api_ok: AtomicI64::new(0),
        })
    }

    pub fn api_ok(&self, now: i64) {
        self.last_api_ok.store(now, Ordering::SeqCst);
    }

    pub fn status(&self) -> Status {
        Status {
            mode: self.mode.to_owned(),
            started: self.started,
            last_api_ok: self.last_api_ok.load(Ordering::SeqCst),
        }
    }
}

impl Status {
    /// `Ok(summary)` when healthy, `Err(reason)` otherwise.
    pub fn verdict(&self, now: i64) -> Result<String, String> {
        if self.last_api_ok == 0 {
            return Err(format!(
                "the bot has been running for {} s but has not reached the Bot API yet",
                now - self.started
            ));
        }
        let ago = now - self.last_api_ok;
        if ago > STALE_AFTER {
            return Err(format!(
                "no successful contact with the Bot API for {ago} s"
            ));
        }
        Ok(format!(
            "{}, last contact with the Bot API {ago} s ago",
            self.mode
        ))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("the bot is not running (no control socket at {0})")]
    NotRunning(PathBuf),
    #[error("cannot talk to the bot at {path}: {detail}")]
    Io { path: PathBuf, detail: String },
    #[error("the bot answered: {0}")]
    Refused(String),
}

#[cfg(unix)]
fn connect(data_dir: &Path) -> Result<std::os::unix::net::UnixStream, ControlError> {
    let path = socket_path(data_dir);
    std::os::unix::net::UnixStream::connect(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
            ControlError::NotRunning(path.clone())
        }
        _ => ControlError::Io {
            path: path.clone(),
            detail: e.to_string(),
        },
    })
}

#[cfg(unix)]
fn ask(
    data_dir: &Path,
    request: &str,
) -> Result<(String, BufReader<std::os::unix::net::UnixStream>), ControlError> {
    let path = socket_path(data_dir);
    let io = |e: std::io::Error| ControlError::Io {
        path: path.clone(),
        detail: e.to_string(),
    };
    let mut stream = connect(data_dir)?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .map_err(io)?;
    writeln!(stream, "{request}").map_err(io)?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(io)?;
    let line = line.trim_end().to_owned();
    match line.strip_prefix("ok") {
        Some(rest) => Ok((rest.trim().to_owned(), reader)),
        None => Err(ControlError::Refused(
            line.strip_prefix("error ").unwrap_or(&line).to_owned(),
        )),
    }
}

/// Asks the running bot how it is.
#[cfg(unix)]
pub fn health(data_dir: &Path) -> Result<Status, ControlError> {
    let (json, _) = ask(data_dir, "health")?;
    serde_json::from_str(&json).map_err(|e| ControlError::Refused(e.to_string()))
}

/// Asks the running bot for a backup and writes it to `out`; returns its size.
#[cfg(unix)]
pub fn backup(data_dir: &Path, out: &mut impl Write) -> Result<u64, ControlError> {
    let (len, mut reader) = ask(data_dir, "backup")?;
    let len: u64 = len
        .parse()
        .map_err(|_| ControlError::Refused(format!("unexpected answer `{len}`")))?;
    let copied =
        std::io::copy(&mut (&mut reader).take(len), out).map_err(|e| ControlError::Io {
            path: socket_path(data_dir),
            detail: e.to_string(),
        })?;
    if copied != len {
        return Err(ControlError::Refused(format!(
            "the backup stopped after {copied} of {len} bytes"
        )));
    }
    Ok(len)
}

/// Serves the control socket until `stop` turns true.
#[cfg(unix)]
pub async fn serve(
    data_dir: PathBuf,
    store: Store,
    health: Arc<Health>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let path = socket_path(&data_dir);
    // A socket left by a crash: nothing else can be using it, since we hold the database.
    let _ = std::fs::remove_file(&path);
    let listener = match tokio::net::UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "no control socket: `mlsd health` and `mlsd backup` cannot reach this bot");
            return;
        }
    };
    // Whoever can connect can take a backup of every user's data: owner only.
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!(path = %path.display(), error = %e, "cannot make the control socket owner-only");
        }
    }
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => break,
        };
        let Ok((stream, _)) = accepted else { continue };
        let store = store.clone();
        let health = Arc::clone(&health);
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut line = String::new();
            let mut reader = tokio::io::BufReader::new(read);
            if reader.read_line(&mut line).await.is_err() {
                return;
            }
            let answer: Vec<u8> = match line.trim() {
                "health" => {
                    let json = serde_json::to_string(&health.status()).unwrap_or_default();
                    format!("ok {json}\n").into_bytes()
                }
                "backup" => {
                    let exported = tokio::task::spawn_blocking(move || {
                        let mut bytes = Vec::new();
                        store.export(&mut bytes).map(|()| bytes)
                    })
                    .await;
                    match exported {
                        Ok(Ok(bytes)) => {
                            tracing::info!(bytes = bytes.len(), "wrote a backup");
                            let mut out = format!("ok {}\n", bytes.len()).into_bytes();
                            out.extend_from_slice(&bytes);
                            out
                        }
                        Ok(Err(e)) => format!("error {e}\n").into_bytes(),
                        Err(e) => format!("error {e}\n").into_bytes(),
                    }
                }
                other => format!("error unknown request `{other}`\n").into_bytes(),
            };
            let _ = write.write_all(&answer).await;
            let _ = write.shutdown().await;
        });
    }
    let _ = std::fs::remove_file(&path);
}
