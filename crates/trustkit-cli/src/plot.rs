//! SVG charts with plotters.

use crate::CliResult;
use plotters::prelude::*;

/// One line of a chart.
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub colour: RGBColor,
    pub dashed: bool,
}

pub const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(120, 120, 120),
];

/// Title, axes and legend of a chart.
pub struct Frame<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub legend: SeriesLabelPosition,
}

/// Draws line series (with markers) and text marks into an SVG file.
pub fn lines(
    path: &std::path::Path,
    frame: &Frame<'_>,
    series: &[Series],
    marks: &[(f64, f64, String)],
) -> CliResult<()> {
    let Frame {
        title,
        x_label,
        y_label,
        x,
        y,
        ref legend,
    } = *frame;
    let err = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!("{}: cannot draw the chart: {e}", path.display())
    };
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    // Label decimals follow the axis span: a 0–1 axis needs tenths (one formatter for every chart
    // printed "0 0 0 … 1 1"), a trial or day axis whole numbers.
    let span = (x.1 - x.0).abs();
    let x_decimals = if span <= 2.0 { 1 } else { 0 };
    // Short integer axes (trials, rounds) get a label on every step, so trial 1 is named too.
    let x_labels = if x_decimals == 0 && span <= 20.0 {
        span as usize + 1
    } else {
        10
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .x_labels(x_labels)
        .x_label_formatter(&|v| format!("{v:.x_decimals$}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| err(&e))?;
    for s in series {
        let style = ShapeStyle {
            color: s.colour.to_rgba(),
            filled: false,
            stroke_width: 2,
        };
        let points = s.points.clone();
        let drawn = if s.dashed {
            chart.draw_series(DashedLineSeries::new(points.clone(), 6, 4, style))
        } else {
            chart.draw_series(LineSeries::new(points.clone(), style))
        }
        .map_err(|e| err(&e))?;
        let (colour, dashed) = (s.colour, s.dashed);
        // The legend swatch is dashed like its line: two short strokes instead of one.
        drawn.label(s.label.clone()).legend(move |(lx, ly)| {
            let stroke = colour.stroke_width(2);
            let (first, second) = if dashed {
                ((lx, lx + 8), (lx + 12, lx + 20))
            } else {
                ((lx, lx + 10), (lx + 10, lx + 20))
            };
            EmptyElement::at((lx, ly))
                + PathElement::new(vec![(first.0 - lx, 0), (first.1 - lx, 0)], stroke)
                + PathElement::new(vec![(second.0 - lx, 0), (second.1 - lx, 0)], stroke)
        });
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&(px, py)| Circle::new((px, py), 3, s.colour.filled())),
            )
            .map_err(|e| err(&e))?;
    }
    for (mx, my, text) in marks {
        chart
            .draw_series(std::iter::once(Text::new(
                text.clone(),
                (*mx, *my),
                ("sans-serif", 13).into_font().color(&BLACK),
            )))
            .map_err(|e| err(&e))?;
    }
    chart
        .configure_series_labels()
        .position(match legend {
            SeriesLabelPosition::UpperLeft => SeriesLabelPosition::UpperLeft,
            SeriesLabelPosition::MiddleLeft => SeriesLabelPosition::MiddleLeft,
            _ => SeriesLabelPosition::UpperRight,
        })
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
