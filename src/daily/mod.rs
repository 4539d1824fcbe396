//! Daily practice, decided without any I/O: when a prompt is due in the user's time zone,
//! what it asks, how missed concepts come back, and how streaks count.

pub mod choose;
pub mod review;
pub mod schedule;
pub mod settings;
pub mod streak;

pub use choose::{Prompt, Why, choose};
pub use review::{LADDER, Review};
pub use schedule::{GRACE, Plan, instant, local_day, next_due, plan};
pub use settings::{Problem, Request, parse};
pub use streak::Streak;
