//! What the bot needs from a Bot API client, in one bound: the real `Throttle<Bot>`, or any
//! adaptor around it.

use teloxide::RequestError;
use teloxide::prelude::Requester;

/// A Bot API client whose requests can be awaited from spawned tasks.
pub trait Api:
    Requester<
        Err = RequestError,
        GetUpdates: Send,
        SendMessage: Send,
        SendPhoto: Send,
        SendDocument: Send,
        AnswerCallbackQuery: Send,
        SetWebhook: Send,
        GetWebhookInfo: Send,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<B> Api for B where
    B: Requester<
            Err = RequestError,
            GetUpdates: Send,
            SendMessage: Send,
            SendPhoto: Send,
            SendDocument: Send,
            AnswerCallbackQuery: Send,
            SetWebhook: Send,
            GetWebhookInfo: Send,
        > + Clone
        + Send
        + Sync
        + 'static
{
}
