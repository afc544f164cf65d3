//! How a notice is printed for the board: paper, orientation, large print. Set for the
//! whole site in `site.yaml` and per notice in its front matter.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    #[serde(default)]
    pub paper: Paper,
    #[serde(default)]
    pub orientation: Orientation,
    #[serde(default)]
    pub large_print: bool,
}

/// A notice's own print settings; what it leaves out comes from `site.yaml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PrintOverride {
    #[serde(default)]
    pub paper: Option<Paper>,
    #[serde(default)]
    pub orientation: Option<Orientation>,
    #[serde(default)]
    pub large_print: Option<bool>,
}
