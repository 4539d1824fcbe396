//! A fake Bot API server on loopback, for driving the real `mlsd bot` binary.
//!
//! It refuses what Telegram refuses — texts over 4096 characters after entity parsing,
//! malformed or unsupported HTML, empty texts, captions over 1024 characters — so escaping
//! and splitting bugs fail the tests. Faults (429, 403, 5xx) can be injected per method, and
//! a global rate limit makes it answer 429 like Telegram under load.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const TOKEN: &str = "123456:TEST-token-never-log-me";
pub const BOT_USERNAME: &str = "mlsd_test_bot";

/// A message the bot sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub chat: i64,
    /// Text or caption.
    pub text: String,
    pub parse_mode: Option<String>,
    pub markup: Option<Value>,
    pub file: Option<Vec<u8>>,
}

impl Sent {
    /// The callback data of every button, row by row.
    pub fn buttons(&self) -> Vec<String> {
        self.markup
            .as_ref()
            .and_then(|m| m["inline_keyboard"].as_array())
            .map(|rows| {
                rows.iter()
                    .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                    .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A scripted failure for the next call of a method.
#[derive(Debug, Clone)]
pub enum Fault {
    RetryAfter(u32),
    Forbidden,
    ServerError,
}

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    next_update: u32,
    /// The highest offset the bot confirmed.
    confirmed: i64,
    sent: Vec<Sent>,
    callback_answers: Vec<(String, Option<String>)>,
    commands: Option<Value>,
    faults: HashMap<String, VecDeque<Fault>>,
    blocked_chats: Vec<i64>,
    tokens_seen: Vec<String>,
    /// Messages per second across all chats before answering 429.
    rate_limit: Option<u32>,
    window: VecDeque<Instant>,
    rejected_429: usize,
    next_message_id: i64,
    /// While set, getUpdates hangs before applying its offset, as if the bot died before
    /// confirming what it handled.
    frozen: bool,
    /// The webhook URL and secret token the bot registered.
    webhook: Option<(String, String)>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    news: Arc<Notify>,
}

pub struct FakeTelegram {
    shared: Shared,
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl FakeTelegram {
    pub fn start() -> FakeTelegram {
        Self::start_on("127.0.0.1:0".parse().expect("addr"))
    }

    /// Starts on a given address (to come up where a bot is already knocking).
    pub fn start_on(addr: SocketAddr) -> FakeTelegram {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let shared = Shared {
            inner: Arc::new(Mutex::new(Inner {
                next_update: 1000,
                next_message_id: 1,
                ..Inner::default()
            })),
            news: Arc::new(Notify::new()),
        };
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(addr))
            .expect("bind fake Bot API");
        let addr = listener.local_addr().expect("addr");
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(shared.clone());
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeTelegram {
            shared,
            addr,
            runtime: Some(runtime),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut inner = self.shared.inner.lock().expect("lock");
        f(&mut inner)
    }

    fn push(&self, make: impl FnOnce(u32) -> Value) -> u32 {
        let id = self.with(|s| {
            let id = s.next_update;
            s.next_update += 1;
            s.updates.push_back(make(id));
            id
        });
        self.shared.news.notify_waiters();
        id
    }

    /// A private text message from `user`.
    pub fn text(&self, user: i64, text: &str) -> u32 {
        self.push(|id| {
            json!({"update_id": id, "message": {
                "message_id": id, "date": 1_700_000_000, "text": text,
                "chat": {"id": user, "type": "private", "first_name": "Ada"},
                "from": {"id": user, "is_bot": false, "first_name": "Ada"}
            }})
        })
    }

    /// A raw message payload (sticker, photo…) from `user` in private.
    pub fn message(&self, user: i64, fields: Value) -> u32 {
        self.push(|id| {
            let mut message = json!({
                "message_id": id, "date": 1_700_000_000,
                "chat": {"id": user, "type": "private", "first_name": "Ada"},
                "from": {"id": user, "is_bot": false, "first_name": "Ada"}
            });
            for (k, v) in fields.as_object().expect("object") {
                message[k] = v.clone();
            }
            json!({"update_id": id, "message": message})
        })
    }

    pub fn edited(&self, user: i64, text: &str) -> u32 {
        self.push(|id| {
            json!({"update_id": id, "edited_message": {
                "message_id": 1, "date": 1_700_000_000, "edit_date": 1_700_000_100, "text": text,
                "chat": {"id": user, "type": "private", "first_name": "Ada"},
                "from": {"id": user, "is_bot": false, "first_name": "Ada"}
            }})
        })
    }

    pub fn group_text(&self, group: i64, user: i64, text: &str) -> u32 {
        self.push(|id| {
            json!({"update_id": id, "message": {
                "message_id": id, "date": 1_700_000_000, "text": text,
                "chat": {"id": group, "type": "group", "title": "team"},
                "from": {"id": user, "is_bot": false, "first_name": "Ada"}
            }})
        })
    }

    /// A button press with `data` by `user`.
    pub fn button(&self, user: i64, data: &str) -> u32 {
        self.push(|id| {
            json!({"update_id": id, "callback_query": {
                "id": format!("q{id}"), "chat_instance": "c", "data": data,
                "from": {"id": user, "is_bot": false, "first_name": "Ada"},
                "message": {
                    "message_id": 1, "date": 1_700_000_000, "text": "…",
                    "chat": {"id": user, "type": "private", "first_name": "Ada"}
                }
            }})
        })
    }

    /// Makes the next calls of `method` fail.
    pub fn fail(&self, method: &str, faults: &[Fault]) {
        self.with(|s| {
            s.faults
                .entry(method.to_owned())
                .or_default()
                .extend(faults.iter().cloned())
        });
    }

    /// Answers 429 beyond this many messages per second across all chats, like Telegram.
    pub fn rate_limit(&self, per_second: u32) {
        self.with(|s| s.rate_limit = Some(per_second));
    }

    /// How many sends were refused by the rate limit.
    pub fn rejected_429(&self) -> usize {
        self.with(|s| s.rejected_429)
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.with(|s| s.sent.clone())
    }

    pub fn sent_to(&self, chat: i64) -> Vec<Sent> {
        self.with(|s| s.sent.iter().filter(|m| m.chat == chat).cloned().collect())
    }

    pub fn callback_answers(&self) -> Vec<(String, Option<String>)> {
        self.with(|s| s.callback_answers.clone())
    }

    pub fn commands(&self) -> Option<Value> {
        self.with(|s| s.commands.clone())
    }

    pub fn tokens_seen(&self) -> Vec<String> {
        self.with(|s| s.tokens_seen.clone())
    }

    /// Waits until a message to `chat` satisfies `pred`, returning it. Only messages sent
    /// after the first `skip` ones to that chat are considered.
    pub fn wait_for(
        &self,
        chat: i64,
        skip: usize,
        what: &str,
        pred: impl Fn(&Sent) -> bool,
    ) -> Sent {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(m) = self.sent_to(chat).into_iter().skip(skip).find(|m| pred(m)) {
                return m;
            }
            if Instant::now() > deadline {
                let texts: Vec<String> =
                    self.sent_to(chat).iter().map(|m| m.text.clone()).collect();
                panic!("no message to {chat} {what} within 30 s; got: {texts:#?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn webhook(&self) -> Option<(String, String)> {
        self.with(|s| s.webhook.clone())
    }

    /// A private text message, as the JSON Telegram would POST to a webhook.
    pub fn text_update(&self, user: i64, text: &str) -> String {
        let id = self.with(|s| {
            let id = s.next_update;
            s.next_update += 1;
            id
        });
        json!({"update_id": id, "message": {
            "message_id": id, "date": 1_700_000_000, "text": text,
            "chat": {"id": user, "type": "private", "first_name": "Ada"},
            "from": {"id": user, "is_bot": false, "first_name": "Ada"}
        }})
        .to_string()
    }

    pub fn freeze_confirmations(&self) {
        self.with(|s| s.frozen = true);
    }

    pub fn thaw_confirmations(&self) {
        self.with(|s| s.frozen = false);
    }

    /// Waits until the bot has confirmed every update pushed so far.
    pub fn wait_confirmed(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (confirmed, next) = self.with(|s| (s.confirmed, s.next_update));
            if confirmed >= i64::from(next) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "updates not confirmed: {confirmed} < {next}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn error(status: StatusCode, description: &str, retry_after: Option<u32>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(r) = retry_after {
        body["parameters"] = json!({"retry_after": r});
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok(result: Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"ok": true, "result": result}).to_string(),
    )
        .into_response()
}

/// The request's fields, from JSON or multipart, plus an uploaded file if any.
async fn fields(request: Request) -> (Value, Option<Vec<u8>>) {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    if multipart {
        let mut form = json!({});
        let mut file = None;
        if let Ok(mut parts) = Multipart::from_request(request, &()).await {
            while let Ok(Some(field)) = parts.next_field().await {
                let name = field.name().unwrap_or_default().to_owned();
                let is_file = field.file_name().is_some();
                let data = field.bytes().await.unwrap_or_default();
                if is_file {
                    file = Some(data.to_vec());
                } else {
                    let text = String::from_utf8_lossy(&data).into_owned();
                    form[name] = serde_json::from_str(&text).unwrap_or(Value::String(text));
                }
            }
        }
        return (form, file);
    }
    let body = Bytes::from_request(request, &()).await.unwrap_or_default();
    (serde_json::from_slice(&body).unwrap_or(json!({})), None)
}

async fn handle(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    let Some(token) = bot.strip_prefix("bot") else {
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    // Telegram matches method names case-insensitively; teloxide capitalises them.
    let method = match method.to_ascii_lowercase().as_str() {
        "getme" => "getMe",
        "deletewebhook" => "deleteWebhook",
        "setmycommands" => "setMyCommands",
        "answercallbackquery" => "answerCallbackQuery",
        "getupdates" => "getUpdates",
        "sendmessage" => "sendMessage",
        "sendphoto" => "sendPhoto",
        "senddocument" => "sendDocument",
        "setwebhook" => "setWebhook",
        "getwebhookinfo" => "getWebhookInfo",
        _ => "unknown",
    }
    .to_owned();
    let (body, file) = fields(request).await;
    {
        let mut s = shared.inner.lock().expect("lock");
        s.tokens_seen.push(token.to_owned());
        if token != TOKEN {
            return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
        }
        if let Some(fault) = s.faults.get_mut(&method).and_then(VecDeque::pop_front) {
            return match fault {
                Fault::RetryAfter(secs) => error(
                    StatusCode::TOO_MANY_REQUESTS,
                    &format!("Too Many Requests: retry after {secs}"),
                    Some(secs),
                ),
                Fault::Forbidden => error(
                    StatusCode::FORBIDDEN,
                    "Forbidden: bot was blocked by the user",
                    None,
                ),
                Fault::ServerError => error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    None,
                ),
            };
        }
    }
    match method.as_str() {
        "getMe" => ok(json!({
            "id": 4242, "is_bot": true, "first_name": "mlsd", "username": BOT_USERNAME,
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "deleteWebhook" => ok(json!(true)),
        "setWebhook" => {
            let mut s = shared.inner.lock().expect("lock");
            s.webhook = Some((
                body["url"].as_str().unwrap_or_default().to_owned(),
                body["secret_token"].as_str().unwrap_or_default().to_owned(),
            ));
            ok(json!(true))
        }
        "getWebhookInfo" => {
            let s = shared.inner.lock().expect("lock");
            let url = s
                .webhook
                .as_ref()
                .map(|(u, _)| u.clone())
                .unwrap_or_default();
            ok(json!({"url": url, "has_custom_certificate": false, "pending_update_count": 0}))
        }
        "setMyCommands" => {
            let commands = body["commands"].as_array().cloned().unwrap_or_default();
            let valid = commands.iter().all(|c| {
                let name = c["command"].as_str().unwrap_or_default();
                let description = c["description"].as_str().unwrap_or_default();
                (1..=32).contains(&name.len())
                    && name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                    && (1..=256).contains(&description.chars().count())
            });
            if !valid {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: BOT_COMMAND_INVALID",
                    None,
                );
            }
            shared.inner.lock().expect("lock").commands = Some(Value::Array(commands));
            ok(json!(true))
        }
        "answerCallbackQuery" => {
            let mut s = shared.inner.lock().expect("lock");
            let id = body["callback_query_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let text = body["text"].as_str().map(str::to_owned);
            s.callback_answers.push((id, text));
            ok(json!(true))
        }
        "getUpdates" => get_updates(&shared, &body).await,
        "sendMessage" | "sendPhoto" | "sendDocument" => send(&shared, &method, &body, file),
        _ => error(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let timeout = body["timeout"].as_u64().unwrap_or(0).min(10);
    let limit = body["limit"].as_u64().unwrap_or(100) as usize;
    if offset > 0 {
        while shared.inner.lock().expect("lock").frozen {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = shared.news.notified();
        {
            let mut s = shared.inner.lock().expect("lock");
            if offset > s.confirmed {
                s.confirmed = offset;
            }
            s.updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !s.updates.is_empty() || tokio::time::Instant::now() >= deadline {
                let batch: Vec<Value> = s.updates.iter().take(limit).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

fn send(shared: &Shared, method: &str, body: &Value, file: Option<Vec<u8>>) -> Response {
    let chat = body["chat_id"].as_i64().unwrap_or(0);
    let parse_mode = body["parse_mode"].as_str().map(str::to_owned);
    let (text, limit) = match method {
        "sendMessage" => (body["text"].as_str().unwrap_or_default().to_owned(), 4096),
        _ => (
            body["caption"].as_str().unwrap_or_default().to_owned(),
            1024,
        ),
    };
    let visible = if parse_mode.as_deref() == Some("HTML") {
        match check_html(&text) {
            Ok(visible) => visible,
            Err(reason) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!("Bad Request: can't parse entities: {reason}"),
                    None,
                );
            }
        }
    } else {
        text.clone()
    };
    let units: usize = visible.chars().map(char::len_utf16).sum();
    if method == "sendMessage" && visible.trim().is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message text is empty",
            None,
        );
    }
    if units > limit {
        let what = if method == "sendMessage" {
            "Bad Request: message is too long"
        } else {
            "Bad Request: message caption is too long"
        };
        return error(StatusCode::BAD_REQUEST, what, None);
    }
    let mut s = shared.inner.lock().expect("lock");
    if s.blocked_chats.contains(&chat) {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: bot was blocked by the user",
            None,
        );
    }
    if let Some(per_second) = s.rate_limit {
        let now = Instant::now();
        while s
            .window
            .front()
            .is_some_and(|&t| now.duration_since(t) >= Duration::from_secs(1))
        {
            s.window.pop_front();
        }
        if s.window.len() >= per_second as usize {
            s.rejected_429 += 1;
            return error(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests: retry after 1",
                Some(1),
            );
        }
        s.window.push_back(now);
    }
    let message_id = s.next_message_id;
    s.next_message_id += 1;
    s.sent.push(Sent {
        method: method.to_owned(),
        chat,
        text: text.clone(),
        parse_mode,
        markup: body.get("reply_markup").cloned(),
        file,
    });
    let mut message = json!({
        "message_id": message_id, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "Ada"},
    });
    match method {
        "sendPhoto" => {
            message["photo"] =
                json!([{"file_id": "p", "file_unique_id": "p", "width": 900, "height": 600}]);
            message["caption"] = json!(text);
        }
        "sendDocument" => {
            message["document"] = json!({"file_id": "d", "file_unique_id": "d", "file_name": "f"});
            message["caption"] = json!(text);
        }
        _ => message["text"] = json!(visible),
    }
    ok(message)
}

/// Checks Telegram HTML the way the Bot API does and returns the visible text.
pub fn check_html(html: &str) -> Result<String, String> {
    const TAGS: [&str; 15] = [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
    ];
    let mut visible = String::new();
    let mut open: Vec<String> = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        match bytes[i] {
            b'<' => {
                let end = html[i..]
                    .find('>')
                    .ok_or_else(|| format!("unclosed start tag at byte offset {i}"))?;
                let tag = &html[i + 1..i + end];
                if let Some(name) = tag.strip_prefix('/') {
                    let name = name.trim();
                    match open.pop() {
                        Some(top) if top == name => {}
                        _ => return Err(format!("unexpected end tag at byte offset {i}")),
                    }
                } else {
                    let name = tag.split_whitespace().next().unwrap_or("");
                    if !TAGS.contains(&name) {
                        return Err(format!(
                            "unsupported start tag \"{name}\" at byte offset {i}"
                        ));
                    }
                    open.push(name.to_owned());
                }
                i += end + 1;
            }
            b'&' => {
                let end = html[i..]
                    .find(';')
                    .filter(|&e| e <= 10)
                    .ok_or_else(|| format!("unescaped & at byte offset {i}"))?;
                let entity = &html[i + 1..i + end];
                let c = match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    e if e.starts_with('#') => e[1..]
                        .parse::<u32>()
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("bad entity at byte offset {i}"))?,
                    _ => return Err(format!("unsupported entity at byte offset {i}")),
                };
                visible.push(c);
                i += end + 1;
            }
            b'>' => return Err(format!("unescaped > at byte offset {i}")),
            _ => {
                let c = html[i..].chars().next().unwrap_or(' ');
                visible.push(c);
                i += c.len_utf8();
            }
        }
    }
    if let Some(tag) = open.pop() {
        return Err(format!(
            "can't find end tag corresponding to start tag \"{tag}\""
        ));
    }
    Ok(visible)
}
