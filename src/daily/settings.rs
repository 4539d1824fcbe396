//! Reading `/daily 08:30 Europe/Berlin`: a local time and a time zone, typed loosely.

use chrono::NaiveTime;
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// `/daily`: show the setting.
    Show,
    /// `/daily off`.
    Off,
    /// `/daily 08:30 [zone]`.
    Set { time: NaiveTime, zone: Option<Tz> },
    /// Something we could not read, with what was wrong.
    Invalid(Problem),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Time(String),
    Zone(String),
}

pub fn parse(args: &str) -> Request {
    let args = args.trim();
    if args.is_empty() {
        return Request::Show;
    }
    if matches!(
        args.to_lowercase().as_str(),
        "off" | "stop" | "no" | "none" | "disable"
    ) {
        return Request::Off;
    }
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    // "8:30 pm Berlin": the am/pm may be a word of its own.
    let (first, rest) = match rest.trim_start().split_once(char::is_whitespace) {
        Some((ampm, more)) if is_ampm(ampm) => (format!("{first}{ampm}"), more),
        None if is_ampm(rest.trim()) => (format!("{first}{}", rest.trim()), ""),
        _ => (first.to_owned(), rest),
    };
    let Some(time) = parse_time(&first) else {
        return Request::Invalid(Problem::Time(first));
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return Request::Set { time, zone: None };
    }
    match parse_zone(rest) {
        Some(zone) => Request::Set {
            time,
            zone: Some(zone),
        },
        None => Request::Invalid(Problem::Zone(rest.to_owned())),
    }
}

fn is_ampm(s: &str) -> bool {
    matches!(s.to_lowercase().as_str(), "am" | "pm" | "a.m." | "p.m.")
}

/// "8:30", "08:30", "8.30", "8h30", "0830", "8am", "8:30pm", "20:30".
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s
        .trim()
        .to_lowercase()
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .replace('.', ":")
        .replace(' ', "");
    let (s, ampm) = if let Some(t) = s.strip_suffix("am") {
        (t.to_owned(), Some(false))
    } else if let Some(t) = s.strip_suffix("pm") {
        (t.to_owned(), Some(true))
    } else {
        (s, None)
    };
    let (h, m) = if let Some((h, m)) = s.split_once([':', 'h']) {
        (
            h.to_owned(),
            if m.is_empty() {
                "0".to_owned()
            } else {
                m.to_owned()
            },
        )
    } else if s.len() == 4 && ampm.is_none() {
        (s[..2].to_owned(), s[2..].to_owned())
    } else if s.len() <= 2 {
        (s.clone(), "0".to_owned())
    } else {
        return None;
    };
    let mut hour: u32 = h.parse().ok()?;
    let minute: u32 = m.parse().ok()?;
    if m.len() > 2 {
        return None;
    }
    match ampm {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
        }
        None if h.len() > 2 => return None,
        None => {}
    }
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// An IANA zone ("Europe/Berlin", case-insensitive), a city it is named after ("Berlin",
/// "new york", "São Paulo"), or a common alias ("Bangalore", "SF", "UTC").
pub fn parse_zone(s: &str) -> Option<Tz> {
    let wanted = simplify(s);
    if wanted.is_empty() {
        return None;
    }
    let alias = match wanted.as_str() {
        "utc" | "gmt" | "z" | "zulu" => Some("UTC"),
        "bangalore" | "bengaluru" | "mumbai" | "delhi" | "newdelhi" | "india" | "hyderabad"
        | "chennai" | "pune" | "ist" => Some("Asia/Kolkata"),
        "sanfrancisco" | "sf" | "bayarea" | "seattle" | "mountainview" | "sanjose" | "pst"
        | "pdt" | "pacific" => Some("America/Los_Angeles"),
        "nyc" | "boston" | "washington" | "est" | "edt" | "eastern" => Some("America/New_York"),
        "austin" | "dallas" | "houston" | "cst" | "cdt" | "central" => Some("America/Chicago"),
        "beijing" | "shenzhen" | "hangzhou" | "china" => Some("Asia/Shanghai"),
        "munich" | "frankfurt" | "hamburg" | "cologne" => Some("Europe/Berlin"),
        "zurich" | "geneva" => Some("Europe/Zurich"),
        "cambridge" | "manchester" | "edinburgh" | "uk" => Some("Europe/London"),
        "telaviv" | "israel" => Some("Asia/Jerusalem"),
        _ => None,
    };
    if let Some(name) = alias {
        return name.parse().ok();
    }
    chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| {
        let name = tz.name();
        simplify(name) == wanted
            || name
                .rsplit('/')
                .next()
                .is_some_and(|city| simplify(city) == wanted)
    })
}

/// Lower case, letters and digits only, common accents folded: "São_Paulo" → "saopaulo".
fn simplify(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn times_are_read_the_way_people_type_them() {
        for (text, want) in [
            ("08:30", t(8, 30)),
            ("8:30", t(8, 30)),
            ("8.30", t(8, 30)),
            ("8h30", t(8, 30)),
            ("0830", t(8, 30)),
            ("20:05", t(20, 5)),
            ("8am", t(8, 0)),
            ("8:30pm", t(20, 30)),
            ("12am", t(0, 0)),
            ("12pm", t(12, 0)),
            ("7", t(7, 0)),
        ] {
            assert_eq!(parse_time(text), Some(want), "{text}");
        }
        for bad in ["25:00", "8:60", "13pm", "tomorrow", "8:300", "123456"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn zones_by_iana_name_city_or_alias() {
        let zone = |s| parse_zone(s).map(|z: Tz| z.name());
        assert_eq!(zone("Europe/Berlin"), Some("Europe/Berlin"));
        assert_eq!(zone("europe/berlin"), Some("Europe/Berlin"));
        assert_eq!(zone("Berlin"), Some("Europe/Berlin"));
        assert_eq!(zone("new york"), Some("America/New_York"));
        assert_eq!(zone("São Paulo"), Some("America/Sao_Paulo"));
        assert_eq!(zone("Bangalore"), Some("Asia/Kolkata"));
        assert_eq!(zone("UTC"), Some("UTC"));
        assert_eq!(zone("Atlantis"), None);
    }

    #[test]
    fn whole_commands() {
        assert_eq!(parse(""), Request::Show);
        assert_eq!(parse(" OFF "), Request::Off);
        assert_eq!(
            parse("08:30 Europe/Berlin"),
            Request::Set {
                time: t(8, 30),
                zone: Some(chrono_tz::Europe::Berlin)
            }
        );
        assert_eq!(
            parse("8:30 pm Tokyo"),
            Request::Set {
                time: t(20, 30),
                zone: Some(chrono_tz::Asia::Tokyo)
            }
        );
        assert_eq!(
            parse("8:30"),
            Request::Set {
                time: t(8, 30),
                zone: None
            }
        );
        assert_eq!(
            parse("half past eight"),
            Request::Invalid(Problem::Time("half".into()))
        );
        assert_eq!(
            parse("08:30 Mars/Olympus"),
            Request::Invalid(Problem::Zone("Mars/Olympus".into()))
        );
    }
}
