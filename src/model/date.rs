//! Calendar days as written in records (`2014-03-20`) and shown to people (`2014年3月20日`).

use jiff::civil::Date;
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A calendar day in the site's time zone. Notices are dated by day, never by instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub Date);

impl Day {
    pub fn parse(text: &str) -> Result<Day, String> {
        let t = text.trim();
        let bad = || format!("日期“{text}”无法识别：应写成 YYYY-MM-DD，如 2014-03-20");
        let parts: Vec<&str> = t.split('-').collect();
        if parts.len() != 3
            || parts[0].len() != 4
            || !(1..=2).contains(&parts[1].len())
            || !(1..=2).contains(&parts[2].len())
            || !t.chars().all(|c| c.is_ascii_digit() || c == '-')
        {
            return Err(bad());
        }
        let y: i16 = parts[0].parse().map_err(|_| bad())?;
        let m: i8 = parts[1].parse().map_err(|_| bad())?;
        let d: i8 = parts[2].parse().map_err(|_| bad())?;
        Date::new(y, m, d)
            .map(Day)
            .map_err(|_| format!("日期“{text}”不存在（请核对月份和日）"))
    }

    /// Whole days from `self` to `later` (0 for the same day).
    pub fn days_until(self, later: Day) -> i64 {
        let span = self.0.until(later.0).unwrap_or_default();
        i64::from(span.get_days())
    }

    /// The day after.
    pub fn next(self) -> Day {
        Day(self.0.tomorrow().unwrap_or(self.0))
    }

    /// ISO form, for machine-readable attributes.
    pub fn iso(self) -> String {
        self.0.to_string()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}年{}月{}日",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An inclusive date range: a 公示 from 3月20日 to 3月26日 runs for 7 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: Day,
    pub to: Day,
}

impl DateRange {
    /// Number of calendar days covered, counting both ends.
    pub fn days(&self) -> i64 {
        self.from.days_until(self.to) + 1
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}至{}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_in_chinese() {
        let d = Day::parse("2014-03-20").unwrap();
        assert_eq!(d.to_string(), "2014年3月20日");
        assert!(Day::parse("2014-02-30").is_err());
        assert!(Day::parse("2014/03/20").is_err());
        assert!(Day::parse("20140320").is_err());
    }

    #[test]
    fn ranges_count_both_ends() {
        let r = DateRange {
            from: Day::parse("2014-03-20").unwrap(),
            to: Day::parse("2014-03-26").unwrap(),
        };
        assert_eq!(r.days(), 7);
        // Across a month end and a leap day.
        let r = DateRange {
            from: Day::parse("2016-02-25").unwrap(),
            to: Day::parse("2016-03-05").unwrap(),
        };
        assert_eq!(r.days(), 10);
    }
}
