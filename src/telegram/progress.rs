//! Where a user stands: per-stage averages over finished interviews, the running one, and a
//! chart of both, rendered to PNG with a bundled font (the container has no system fonts).

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use crate::interview::Session;
use crate::stage::Stage;

/// What the chart shows, small enough to wait in an outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Average score per stage, in stage order; `None` where nothing was answered yet.
    pub stage_averages: Vec<Option<u8>>,
    /// Overall score of each finished interview, oldest first.
    pub overall: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub interviews: usize,
    pub chart: Chart,
    pub weakest: Option<(Stage, u8)>,
    pub strongest: Option<(Stage, u8)>,
}

pub fn progress(session: &Session) -> Progress {
    let mut sums = [(0u32, 0u32); Stage::COUNT];
    let mut overall = Vec::new();
    for finished in &session.history {
        let scores: Vec<u8> = finished.stages.iter().map(|r| r.outcome.score()).collect();
        if !scores.is_empty() {
            let sum: u32 = scores.iter().map(|&s| u32::from(s)).sum();
            overall.push((sum as f64 / scores.len() as f64).round() as u8);
        }
        for record in &finished.stages {
            let (sum, n) = &mut sums[record.stage.index()];
            // Skipped stages count as 0, as in the summary.
            *sum += u32::from(record.outcome.score());
            *n += 1;
        }
    }
    let stage_averages: Vec<Option<u8>> = sums
        .iter()
        .map(|&(sum, n)| (n > 0).then(|| (sum as f64 / n as f64).round() as u8))
        .collect();
    let ranked: Vec<(Stage, u8)> = Stage::ALL
        .iter()
        .zip(&stage_averages)
        .filter_map(|(&s, a)| a.map(|a| (s, a)))
        .collect();
    let weakest = ranked.iter().rev().min_by_key(|(_, a)| *a).copied();
    let strongest = ranked
        .iter()
        .max_by_key(|(_, a)| *a)
        .copied()
        .filter(|s| ranked.len() > 1 || Some(*s) != weakest);
    Progress {
        interviews: session
            .history
            .iter()
            .filter(|f| f.kind == crate::interview::InterviewKind::Full)
            .count(),
        chart: Chart {
            stage_averages,
            overall,
        },
        weakest,
        strongest,
    }
}

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "mlsd-sans";

fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The bytes are compiled in and known to be a valid font; a failure here would only
        // make text disappear from the chart.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

/// Portrait, 2:3: a phone shows it across its full width, tall enough to read without zooming.
pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 1080;

#[derive(Debug, thiserror::Error)]
#[error("cannot draw the progress chart: {0}")]
pub struct ChartError(String);

/// Draws the chart as a PNG.
pub fn render_png(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    register_font();
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(chart, &mut rgb).map_err(|e| ChartError(e.to_string()))?;
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(png_bytes)
}

const INK: RGBColor = RGBColor(33, 37, 41);
const MUTED: RGBColor = RGBColor(120, 126, 133);
const GRID: RGBColor = RGBColor(226, 229, 233);
const TRACK: RGBColor = RGBColor(241, 243, 245);
const BAR: RGBColor = RGBColor(52, 101, 164);
const WEAK: RGBColor = RGBColor(214, 110, 40);
const TREND: RGBColor = RGBColor(160, 170, 182);

/// Left and right margin.
const SIDE: i32 = 44;
/// Room right of the longest bar for its value.
const VALUE_ROOM: i32 = 64;
/// Height of one stage row: label, bar, and the space before the next.
const ROW: i32 = 78;
const BAR_HEIGHT: i32 = 30;

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn style(size: u32, colour: &'static RGBColor) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font()).color(colour)
}

fn anchored(size: u32, colour: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    style(size, colour).pos(Pos::new(h, v))
}

fn draw(chart: &Chart, rgb: &mut [u8]) -> DrawResult {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let bottom = stage_bars(&root, &chart.stage_averages)?;
    overall_trend(&root, &chart.overall, bottom + 56)?;
    root.present()?;
    Ok(())
}

/// Horizontal bars, one row per stage with its full name above and its value beside it; the
/// weakest stage in a warm colour. Returns the y below the last row.
fn stage_bars(root: &Area<'_>, averages: &[Option<u8>]) -> Result<i32, Box<dyn std::error::Error>> {
    let width = WIDTH as i32;
    root.draw(&Text::new(
        "Average score by stage",
        (SIDE, 36),
        style(34, &INK),
    ))?;
    let top = 104;
    let full = width - 2 * SIDE - VALUE_ROOM;
    let x_of = |score: u32| SIDE + (full * score as i32) / 100;
    let rows = Stage::ALL.len() as i32;
    let bars_bottom = top + rows * ROW - (ROW - BAR_HEIGHT - 30);
    // The quarters, labelled once at the top; their grid lines run only through the bar
    // tracks, so they never cross a stage's name.
    for q in [0u32, 25, 50, 75, 100] {
        let x = x_of(q);
        root.draw(&Text::new(
            q.to_string(),
            (x, top - 10),
            anchored(18, &MUTED, HPos::Center, VPos::Bottom),
        ))?;
    }
    // The weakest stage stands out only when it is really below the others.
    let lowest = averages.iter().flatten().min().copied();
    let highest = averages.iter().flatten().max().copied();
    let weakest = averages
        .iter()
        .position(|a| a.is_some() && *a == lowest)
        .filter(|_| lowest < highest);
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let y = top + i as i32 * ROW;
        root.draw(&Text::new(stage.title(), (SIDE, y + 4), style(24, &INK)))?;
        let bar_top = y + 34;
        let bar_bottom = bar_top + BAR_HEIGHT;
        root.draw(&Rectangle::new(
            [(x_of(0), bar_top), (x_of(100), bar_bottom)],
            TRACK.filled(),
        ))?;
        for q in [25u32, 50, 75, 100] {
            root.draw(&PathElement::new(
                vec![(x_of(q), bar_top), (x_of(q), bar_bottom)],
                GRID.stroke_width(1),
            ))?;
        }
        let centre = (bar_top + bar_bottom) / 2;
        match averages.get(i).copied().flatten() {
            Some(score) => {
                let colour: &'static RGBColor = if weakest == Some(i) { &WEAK } else { &BAR };
                let end = x_of(u32::from(score)).max(x_of(0) + 3);
                root.draw(&Rectangle::new(
                    [(x_of(0), bar_top), (end, bar_bottom)],
                    colour.filled(),
                ))?;
                root.draw(&Text::new(
                    score.to_string(),
                    (end + 10, centre),
                    anchored(26, colour, HPos::Left, VPos::Center),
                ))?;
            }
            None => {
                root.draw(&Text::new(
                    "not answered yet",
                    (x_of(0) + 12, centre),
                    anchored(20, &MUTED, HPos::Left, VPos::Center),
                ))?;
            }
        }
    }
    Ok(bars_bottom)
}

/// The overall score of each interview (the last 20), with the least-squares trend.
fn overall_trend(root: &Area<'_>, overall: &[u8], top: i32) -> DrawResult {
    const SHOWN: usize = 20;
    let width = WIDTH as i32;
    let height = HEIGHT as i32;
    root.draw(&Text::new(
        "Overall score per interview",
        (SIDE, top),
        style(30, &INK),
    ))?;
    let first = overall.len().saturating_sub(SHOWN);
    let shown = &overall[first..];
    let subtitle = match trend(shown) {
        _ if shown.is_empty() => "No finished interview yet.".to_owned(),
        None => "One interview so far: the trend appears after the next.".to_owned(),
        Some(slope) if slope.abs() < 0.5 => "Trend: steady.".to_owned(),
        Some(slope) if slope.abs() < 1.5 => format!("Trend: {slope:+.0} point per interview."),
        Some(slope) => format!("Trend: {slope:+.0} points per interview."),
    };
    root.draw(&Text::new(subtitle, (SIDE, top + 42), style(22, &MUTED)))?;
    let plot_left = SIDE + 44;
    let plot_right = width - SIDE - 16;
    let plot_top = top + 104;
    let plot_bottom = height - 70;
    let y_of = |score: f64| plot_bottom - ((plot_bottom - plot_top) as f64 * score / 100.0) as i32;
    for q in [0u32, 25, 50, 75, 100] {
        let y = y_of(f64::from(q));
        root.draw(&PathElement::new(
            vec![(plot_left, y), (plot_right, y)],
            GRID.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            q.to_string(),
            (plot_left - 12, y),
            anchored(18, &MUTED, HPos::Right, VPos::Center),
        ))?;
    }
    if shown.is_empty() {
        return Ok(());
    }
    let n = shown.len();
    // One interview sits in the middle; more spread from edge to edge with a little inset.
    let inset = 24;
    let x_of = |i: usize| {
        if n == 1 {
            (plot_left + plot_right) / 2
        } else {
            plot_left + inset + ((plot_right - plot_left - 2 * inset) * i as i32) / (n as i32 - 1)
        }
    };
    let points: Vec<(i32, i32)> = shown
        .iter()
        .enumerate()
        .map(|(i, &s)| (x_of(i), y_of(f64::from(s))))
        .collect();
    if let Some(slope) = trend(shown) {
        let mean_x = (n as f64 - 1.0) / 2.0;
        let mean_y = shown.iter().map(|&s| f64::from(s)).sum::<f64>() / n as f64;
        let at = |i: usize| (mean_y + slope * (i as f64 - mean_x)).clamp(0.0, 100.0);
        root.draw(&DashedPathElement::new(
            vec![(x_of(0), y_of(at(0))), (x_of(n - 1), y_of(at(n - 1)))],
            10,
            8,
            TREND.stroke_width(3),
        ))?;
    }
    root.draw(&PathElement::new(points.clone(), BAR.stroke_width(4)))?;
    // Values above the points when they fit; with many interviews every other one, counted
    // back from the latest so it always has its value.
    let every = if n > 10 { 2 } else { 1 };
    let labelled = |i: usize| (n - 1 - i).is_multiple_of(every);
    for (i, &(x, y)) in points.iter().enumerate() {
        root.draw(&Circle::new((x, y), 7, BAR.filled()))?;
        root.draw(&Circle::new((x, y), 3, WHITE.filled()))?;
        if labelled(i) {
            root.draw(&Text::new(
                shown[i].to_string(),
                (x, y - 14),
                anchored(20, &INK, HPos::Center, VPos::Bottom),
            ))?;
        }
        if labelled(i) {
            root.draw(&Text::new(
                format!("#{}", first + i + 1),
                (x, plot_bottom + 14),
                anchored(18, &MUTED, HPos::Center, VPos::Top),
            ))?;
        }
    }
    Ok(())
}

/// The least-squares slope of the scores in points per interview; `None` below two.
fn trend(scores: &[u8]) -> Option<f64> {
    let n = scores.len();
    if n < 2 {
        return None;
    }
    let mean_x = (n as f64 - 1.0) / 2.0;
    let mean_y = scores.iter().map(|&s| f64::from(s)).sum::<f64>() / n as f64;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, &s) in scores.iter().enumerate() {
        let dx = i as f64 - mean_x;
        num += dx * (f64::from(s) - mean_y);
        den += dx * dx;
    }
    Some(num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_real_png() {
        let chart = Chart {
            stage_averages: vec![Some(80), Some(40), None, Some(10), Some(100), Some(0), None],
            overall: vec![20, 45, 61],
        };
        let png = render_png(&chart).expect("png");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().expect("decodable");
        // Portrait 2:3, so it fills a phone's width and most of its height.
        assert_eq!((reader.info().width, reader.info().height), (720, 1080));
        // Text was drawn with the bundled font: the image is not blank.
        let empty = render_png(&Chart {
            stage_averages: vec![None; 7],
            overall: vec![],
        })
        .expect("png");
        assert_ne!(png.len(), empty.len());
    }

    #[test]
    fn the_trend_is_the_least_squares_slope() {
        assert_eq!(trend(&[]), None);
        assert_eq!(trend(&[50]), None);
        assert_eq!(trend(&[20, 40, 60]), Some(20.0));
        assert_eq!(trend(&[70, 70]), Some(0.0));
    }

    /// Writes sample charts to look at: `cargo test -- --ignored sample_charts`.
    #[test]
    #[ignore]
    fn sample_charts() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        let samples = [
            (
                "chart-typical.png",
                Chart {
                    stage_averages: vec![
                        Some(82),
                        Some(64),
                        Some(48),
                        Some(71),
                        None,
                        Some(35),
                        Some(57),
                    ],
                    overall: vec![38, 45, 43, 56, 61, 66],
                },
            ),
            (
                "chart-one.png",
                Chart {
                    stage_averages: vec![Some(100), Some(0), Some(5), None, None, None, None],
                    overall: vec![54],
                },
            ),
            (
                "chart-many.png",
                Chart {
                    stage_averages: vec![Some(90); 7],
                    overall: (0..30).map(|i| (40 + i + (i % 5) * 3) as u8).collect(),
                },
            ),
        ];
        for (name, chart) in samples {
            std::fs::write(dir.join(name), render_png(&chart).expect("png")).expect("write");
        }
    }
}
