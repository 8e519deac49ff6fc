//! A small bar chart for any page: an accessible SVG (`role="img"`, a title
//! and a description) drawn without JavaScript, with the same numbers as a
//! table below it. Templates call `v.bar_chart(…)` and insert the result
//! (it renders through `Display`) with `|safe`; the geometry is computed here so the SVG needs no script
//! and no inline style (the stylesheet colours it).

use askama::Template;

use crate::auth::Viewer;

/// Drawing area of the SVG, in its own units (it scales to the box).
const WIDTH: u32 = 600;
const HEIGHT: u32 = 160;
/// Space kept above the tallest bar.
const TOP: u32 = 8;

/// One bar with its place in the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A bar chart ready to render.
#[derive(Template, Debug, Clone)]
#[template(path = "chart_bar.html")]
pub struct BarChart {
    /// Unique within the page; prefixes the ids of title and description.
    pub id: String,
    pub title: String,
    pub desc: String,
    pub label_header: String,
    pub value_header: String,
    pub bars: Vec<Bar>,
    pub width: u32,
    pub height: u32,
}

impl BarChart {
    /// Lays out `rows` (label, value ≥ 0; negative values draw as zero) as
    /// equal-width bars scaled to the largest value.
    pub fn new(
        id: &str,
        title: String,
        desc: String,
        headers: (String, String),
        rows: &[(String, i64)],
    ) -> BarChart {
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
        let slot = f64::from(WIDTH) / rows.len().max(1) as f64;
        let gap = (slot * 0.15).min(4.0);
        let usable = f64::from(HEIGHT - TOP);
        let bars = rows
            .iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let height = (*value).max(0) as f64 / max * usable;
                Bar {
                    label: label.clone(),
                    value: *value,
                    x: round(i as f64 * slot + gap / 2.0),
                    y: round(f64::from(HEIGHT) - height),
                    width: round(slot - gap),
                    height: round(height),
                }
            })
            .collect();
        BarChart {
            id: id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect(),
            title,
            desc,
            label_header: headers.0,
            value_header: headers.1,
            bars,
            width: WIDTH,
            height: HEIGHT,
        }
    }
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl Viewer {
    /// A bar chart titled by the Fluent key `title_key`, its columns named
    /// by `label_key` and `value_key`, described in the viewer's language
    /// (how many values, first and last label, the highest).
    pub fn bar_chart(
        &self,
        title_key: &str,
        label_key: &str,
        value_key: &str,
        rows: &[(String, i64)],
    ) -> BarChart {
        let desc = match (rows.first(), rows.last(), rows.iter().max_by_key(|r| r.1)) {
            (Some(first), Some(last), Some(top)) => self.tr.a(
                "chart-desc",
                &[
                    ("count", &rows.len().to_string()),
                    ("first", &first.0),
                    ("last", &last.0),
                    ("max", &top.1.to_string()),
                    ("maxlabel", &top.0),
                ],
            ),
            _ => self.tr.t("chart-empty"),
        };
        BarChart::new(
            title_key,
            self.tr.t(title_key),
            desc,
            (self.tr.t(label_key), self.tr.t(value_key)),
            rows,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(rows: &[(&str, i64)]) -> BarChart {
        let rows: Vec<(String, i64)> = rows.iter().map(|(l, v)| (l.to_string(), *v)).collect();
        BarChart::new(
            "downloads by day",
            "Downloads".into(),
            "Two days".into(),
            ("Date".into(), "Downloads".into()),
            &rows,
        )
    }

    #[test]
    fn bars_scale_to_the_largest_value_and_share_the_width() {
        let c = chart(&[("2026-12-01", 5), ("2026-12-02", 10)]);
        assert_eq!(c.id, "downloads-by-day");
        let [a, b] = [&c.bars[0], &c.bars[1]];
        assert_eq!(b.height, f64::from(HEIGHT - TOP));
        assert_eq!(a.height, f64::from(HEIGHT - TOP) / 2.0);
        assert_eq!(a.y + a.height, f64::from(HEIGHT));
        assert!(a.x + a.width <= b.x, "bars do not overlap");
        assert!(b.x + b.width <= f64::from(WIDTH));
    }

    #[test]
    fn renders_an_accessible_svg_and_the_numbers_as_a_table() {
        let html = chart(&[("2026-12-01", 3), ("2026-12-02", 0), ("2026-12-03", -1)]).to_string();
        assert!(html.contains(r#"role="img""#));
        assert!(
            html.contains(r#"aria-labelledby="chart-downloads-by-day-t chart-downloads-by-day-d""#)
        );
        assert!(html.contains(r#"<title id="chart-downloads-by-day-t">Downloads</title>"#));
        assert!(html.contains(r#"<desc id="chart-downloads-by-day-d">Two days</desc>"#));
        assert_eq!(html.matches("<rect").count(), 3);
        // Numbers are isolated so that a right-to-left page keeps their order.
        assert!(html.contains("<td><bdi>3</bdi></td>") && html.contains("<td><bdi>-1</bdi></td>"));
        assert!(!html.contains("<script") && !html.contains("style="));
    }

    #[test]
    fn an_empty_series_draws_no_bars() {
        let c = chart(&[]);
        assert!(c.bars.is_empty());
        assert!(c.to_string().contains("<table"));
    }
}
