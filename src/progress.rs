//! How far a long build has got, for whoever shows it (the terminal's progress bar).

/// The stages of a build a user waits through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing notices and record files.
    Reading,
    /// Checking the whole site.
    Checking,
    /// Rendering notices and the pages around them.
    Rendering,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "读取文件",
            Stage::Checking => "检查内容",
            Stage::Rendering => "生成页面",
        }
    }
}

/// Told of progress from any thread.
pub trait Progress: Sync {
    /// A stage begins with `total` steps (0 when it cannot be counted).
    fn stage(&self, stage: Stage, total: usize);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: usize);
    /// The build is over, successful or not.
    fn finish(&self) {}
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: Stage, _: usize) {}
    fn advance(&self, _: usize) {}
}
