//! Where a user stands: per-stage averages over finished interviews, the running one, and a
//! chart of both, rendered to PNG with a bundled font (the container has no system fonts).

use plotters::prelude::*;
use plotters::style::FontStyle;
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

const WIDTH: u32 = 900;
const HEIGHT: u32 = 600;

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

fn draw(chart: &Chart, rgb: &mut [u8]) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, bottom) = root.split_vertically(if chart.overall.len() >= 2 {
        380
    } else {
        HEIGHT
    });
    let labels = ["Req", "Frame", "Data", "Model", "Eval", "Serve", "Monitor"];
    let mut bars = ChartBuilder::on(&top)
        .caption("Average score by stage", (FAMILY, 26))
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d((0..Stage::COUNT).into_segmented(), 0u32..100u32)?;
    bars.configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => labels.get(*i).copied().unwrap_or("").to_owned(),
            _ => String::new(),
        })
        .label_style((FAMILY, 16))
        .draw()?;
    let colour = RGBColor(52, 101, 164);
    bars.draw_series(
        chart
            .stage_averages
            .iter()
            .enumerate()
            .filter_map(|(i, avg)| {
                avg.map(|a| {
                    Rectangle::new(
                        [
                            (SegmentValue::Exact(i), 0),
                            (SegmentValue::Exact(i + 1), u32::from(a)),
                        ],
                        colour.mix(0.85).filled(),
                    )
                })
            }),
    )?;
    if chart.overall.len() >= 2 {
        let n = chart.overall.len();
        let mut line = ChartBuilder::on(&bottom)
            .caption("Overall score per interview", (FAMILY, 22))
            .margin(14)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d(1..n, 0u32..100u32)?;
        line.configure_mesh().label_style((FAMILY, 14)).draw()?;
        let points: Vec<(usize, u32)> = chart
            .overall
            .iter()
            .enumerate()
            .map(|(i, &s)| (i + 1, u32::from(s)))
            .collect();
        line.draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))?;
        line.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 5, colour.filled())),
        )?;
    }
    root.present()?;
    Ok(())
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
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
        // Text was drawn with the bundled font: the image is not blank.
        let empty = render_png(&Chart {
            stage_averages: vec![None; 7],
            overall: vec![],
        })
        .expect("png");
        assert_ne!(png.len(), empty.len());
    }
}
