//! `site.yaml`: region codes, time zone, theme, base URL.

use crate::Site;
use crate::diagnostic::Diagnostic;
use crate::model::region::RegionProblem;
use crate::model::spanned::span_of;

pub fn check_settings(site: &Site, region_problems: &[RegionProblem], out: &mut Vec<Diagnostic>) {
    let file = &site.content.config_file;
    let config = site.config();
    for p in region_problems {
        out.push(match p {
            RegionProblem::Malformed(code) => Diagnostic::error(
                "region-code-invalid",
                file,
                span_of(code),
                format!("区划代码“{}”应为 12 位数字", code.value),
            )
            .with_help("使用国家统计局 12 位统计用区划代码，如 530623101201"),
            RegionProblem::Duplicate(code) => Diagnostic::error(
                "region-code-duplicate",
                file,
                span_of(code),
                format!("区划代码“{}”重复", code.value),
            ),
        });
    }
    if let Some(d) = super::notices::too_long(
        "issuer-too-long",
        "发布单位",
        file,
        span_of(&config.issuer),
        &config.issuer.value,
        super::notices::ISSUER_MAX_CHARS,
    ) {
        out.push(d.with_help("只写单位名称，如“某某县扶贫开发领导小组办公室”"));
    }
    if let Some(tz) = &config.time_zone
        && jiff::tz::TimeZone::get(&tz.value).is_err()
    {
        out.push(
            Diagnostic::error(
                "time-zone-unknown",
                file,
                span_of(tz),
                format!("不认识的时区“{}”", tz.value),
            )
            .with_help("一般写 Asia/Shanghai"),
        );
    }
    if let Some(theme) = &config.theme {
        let dir = site.root.join("themes").join(&theme.value);
        if theme.value != "default" && !dir.is_dir() {
            out.push(
                Diagnostic::error(
                    "theme-not-found",
                    file,
                    span_of(theme),
                    format!(
                        "找不到主题“{}”（应在 themes/{}/）",
                        theme.value, theme.value
                    ),
                )
                .with_help("不写 theme 或写 default 即使用内置主题"),
            );
        }
    }
    if config.base_url.is_none() {
        out.push(
            Diagnostic::warning(
                "base-url-missing",
                file,
                crate::diagnostic::Span::default(),
                "没有填写网站发布地址 base_url，打印的公示上不会有二维码",
            )
            .with_help("在 site.yaml 中加上 base_url: https://…/（门户网站上本栏目的地址），或生成时用 --base-url 指定"),
        );
    }
    if let Some(url) = &config.base_url
        && let Err(problem) = check_base_url(&url.value)
    {
        out.push(
            Diagnostic::error("base-url-invalid", file, span_of(url), problem)
                .with_help(BASE_URL_EXAMPLE),
        );
    }
}

/// What a right portal address looks like.
pub const BASE_URL_EXAMPLE: &str = "如 https://www.example.gov.cn/fpgk/";

/// The portal address goes into every sheet's QR code and the feeds, so only web
/// addresses are let through (`javascript:`, `file:` would reach every reader). The
/// one rule for `base_url` in `site.yaml` and for `--base-url`.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let u = url.trim();
    if u.starts_with("https://") || u.starts_with("http://") {
        Ok(())
    } else {
        Err(format!("网站地址“{u}”应以 http:// 或 https:// 开头"))
    }
}
