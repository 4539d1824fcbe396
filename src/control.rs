//! The running bot's control socket, `mlsd.sock` in the data directory: how `mlsd health`
//! and `mlsd backup` reach a bot that holds the database.
//!
//! Protocol: the client sends one line: `health`, `backup`, `disputes` or `dismiss <id>...`.
//! The answer to `health` is `ok ` followed by a JSON [`Status`] and a newline; to `backup`
//! and `disputes`, `ok <bytes>` and a newline followed by the backup or the JSON list; to
//! `dismiss`, `ok <count>`. Errors are `error <message>`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::{Deserialize, Serialize};

use crate::dispute::{Dispute, DisputeKey};
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
    body(data_dir, "backup", out)
}

/// Sends `request`, whose answer is `ok <bytes>` and that many bytes, copied to `out`.
#[cfg(unix)]
fn body(data_dir: &Path, request: &str, out: &mut impl Write) -> Result<u64, ControlError> {
    let (len, mut reader) = ask(data_dir, request)?;
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
            "the {request} stopped after {copied} of {len} bytes"
        )));
    }
    Ok(len)
}

/// Asks the running bot for every stored dispute.
#[cfg(unix)]
pub fn disputes(data_dir: &Path) -> Result<Vec<(DisputeKey, Dispute)>, ControlError> {
    let mut json = Vec::new();
    body(data_dir, "disputes", &mut json)?;
    let entries: Vec<KeyedDispute> =
        serde_json::from_slice(&json).map_err(|e| ControlError::Refused(e.to_string()))?;
    Ok(entries.into_iter().map(|e| (e.key, e.dispute)).collect())
}

/// Asks the running bot to dismiss disputes; returns how many it found.
#[cfg(unix)]
pub fn dismiss(data_dir: &Path, keys: &[DisputeKey]) -> Result<usize, ControlError> {
    let list: Vec<String> = keys.iter().map(|k| k.hex()).collect();
    let (count, _) = ask(data_dir, &format!("dismiss {}", list.join(" ")))?;
    count
        .parse()
        .map_err(|_| ControlError::Refused(format!("unexpected answer `{count}`")))
}

#[derive(Serialize, Deserialize)]
struct KeyedDispute {
    key: DisputeKey,
    dispute: Dispute,
}

/// The answer to `disputes`: a length line, then the JSON.
fn disputes_answer(store: &Store) -> Result<Vec<u8>, String> {
    let all = store.disputes().map_err(|e| e.to_string())?;
    let keyed: Vec<KeyedDispute> = all
        .entries
        .into_iter()
        .map(|(key, dispute)| KeyedDispute { key, dispute })
        .collect();
    let json = serde_json::to_vec(&keyed).map_err(|e| e.to_string())?;
    Ok(sized(&json))
}

/// `ok <bytes>`, a newline, then the bytes: the answer to a request with a body.
fn sized(body: &[u8]) -> Vec<u8> {
    let mut out = format!("ok {}\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Runs a request's store work off the runtime; its error, or a panic, becomes `error …`.
#[cfg(unix)]
async fn blocking(work: impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static) -> Vec<u8> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => format!("error {e}\n").into_bytes(),
        Err(e) => format!("error {e}\n").into_bytes(),
    }
}

fn dismiss_answer(store: &Store, keys: &str) -> Result<Vec<u8>, String> {
    let keys: Vec<DisputeKey> = keys
        .split_whitespace()
        .map(|k| DisputeKey::parse_hex(k).ok_or_else(|| format!("`{k}` is not a dispute id")))
        .collect::<Result<_, _>>()?;
    let n = store.dismiss_disputes(&keys).map_err(|e| e.to_string())?;
    Ok(format!("ok {n}\n").into_bytes())
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
                    blocking(move || {
                        let mut bytes = Vec::new();
                        store.export(&mut bytes).map_err(|e| e.to_string())?;
                        tracing::info!(bytes = bytes.len(), "wrote a backup");
                        Ok(sized(&bytes))
                    })
                    .await
                }
                "disputes" => blocking(move || disputes_answer(&store)).await,
                request if request.starts_with("dismiss") => {
                    let keys = request.trim_start_matches("dismiss").to_owned();
                    blocking(move || dismiss_answer(&store, &keys)).await
                }
                other => format!("error unknown request `{other}`\n").into_bytes(),
            };
            let _ = write.write_all(&answer).await;
            let _ = write.shutdown().await;
        });
    }
    let _ = std::fs::remove_file(&path);
}
