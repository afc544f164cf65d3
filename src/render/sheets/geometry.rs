//! Paper, margins and type sizes of a sheet, in millimetres and points.
//!
//! After GB/T 9704-2012 where it fits a poster: A4 210×297 mm, the title in a Song/Hei
//! face at 二号 (22 pt), body text at 三号 (16 pt). Margins are narrower than a filed
//! document's, because a notice board needs the room. A3 is A4 enlarged by √2, and so
//! is everything on it — type, margins, QR code, seal — so an A3 sheet reads from
//! further away rather than holding more rows in small type.

use super::measure::MM_PER_PT;
use crate::config::{Orientation, Paper};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Typography {
    pub title_pt: f64,
    pub body_pt: f64,
    pub table_pt: f64,
    pub foot_pt: f64,
}

impl Typography {
    pub fn normal() -> Typography {
        Typography {
            title_pt: 22.0,
            body_pt: 16.0,
            // Read at a metre from the board: 12 pt at least.
            table_pt: 12.0,
            foot_pt: 12.0,
        }
    }

    /// For elderly readers: every size up by about a half.
    pub fn large() -> Typography {
        Typography {
            title_pt: 28.0,
            body_pt: 22.0,
            table_pt: 16.0,
            foot_pt: 15.0,
        }
    }

    /// Every size times `scale`, to the half point.
    fn scaled(self, scale: f64) -> Typography {
        let s = |pt: f64| (pt * scale * 2.0).round() / 2.0;
        Typography {
            title_pt: s(self.title_pt),
            body_pt: s(self.body_pt),
            table_pt: s(self.table_pt),
            foot_pt: s(self.foot_pt),
        }
    }
}

/// Line heights as multiples of the font size; fixed, so the browser's lines are the
/// model's lines.
pub const TITLE_LEADING: f64 = 1.35;
pub const BODY_LEADING: f64 = 1.6;
pub const TABLE_LEADING: f64 = 1.35;
pub const FOOT_LEADING: f64 = 1.45;

/// Cell padding and rule width.
pub const CELL_PAD_X: f64 = 1.2;
pub const CELL_PAD_Y: f64 = 0.8;
pub const RULE: f64 = 0.3;

/// QR code on A4 (25 mm at least, to scan from a step back) and seal area.
const QR_MM: f64 = 26.0;
const SEAL_MM: f64 = 38.0;
/// Page margin on A4.
const MARGIN_MM: f64 = 15.0;

/// Room kept free at the bottom of the content area, for rounding in the browser.
pub const SAFETY_MM: f64 = 4.0;
/// Widths are measured against this share of a cell, for the same reason.
pub const WIDTH_SAFETY: f64 = 0.97;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetGeometry {
    pub paper: Paper,
    pub orientation: Orientation,
    pub large_print: bool,
    /// Page size.
    pub width: f64,
    pub height: f64,
    pub margin: f64,
    pub type_: Typography,
    /// How much larger than A4 the paper is (1 or √2): type, QR code and seal grow
    /// with it.
    pub scale: f64,
}

impl SheetGeometry {
    pub fn new(paper: Paper, orientation: Orientation, large_print: bool) -> SheetGeometry {
        let (short, long, scale) = match paper {
            Paper::A4 => (210.0, 297.0, 1.0),
            Paper::A3 => (297.0, 420.0, std::f64::consts::SQRT_2),
        };
        let (width, height) = match orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        };
        SheetGeometry {
            paper,
            orientation,
            large_print,
            width,
            height,
            margin: (MARGIN_MM * scale).round(),
            type_: if large_print {
                Typography::large()
            } else {
                Typography::normal()
            }
            .scaled(scale),
            scale,
        }
    }

    pub fn qr_mm(&self) -> f64 {
        (QR_MM * self.scale).round()
    }

    pub fn seal_mm(&self) -> f64 {
        (SEAL_MM * self.scale).round()
    }

    pub fn content_width(&self) -> f64 {
        self.width - 2.0 * self.margin
    }

    pub fn content_height(&self) -> f64 {
        // The sheet box is 1 mm shorter than the paper so it never spills onto a
        // second page through rounding.
        self.height - 1.0 - 2.0 * self.margin
    }

    pub fn line(&self, pt: f64, leading: f64) -> f64 {
        pt * MM_PER_PT * leading
    }

    pub fn title_line(&self) -> f64 {
        self.line(self.type_.title_pt, TITLE_LEADING)
    }

    pub fn body_line(&self) -> f64 {
        self.line(self.type_.body_pt, BODY_LEADING)
    }

    pub fn table_line(&self) -> f64 {
        self.line(self.type_.table_pt, TABLE_LEADING)
    }

    pub fn foot_line(&self) -> f64 {
        self.line(self.type_.foot_pt, FOOT_LEADING)
    }

    /// The CSS name of the page box this sheet prints on.
    pub fn page_name(&self) -> &'static str {
        match (self.paper, self.orientation) {
            (Paper::A4, Orientation::Portrait) => "a4p",
            (Paper::A4, Orientation::Landscape) => "a4l",
            (Paper::A3, Orientation::Portrait) => "a3p",
            (Paper::A3, Orientation::Landscape) => "a3l",
        }
    }
}
