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
    } else if let Some(url) = &config.base_url
        && is_example_address(&url.value)
    {
        // A value from `--base-url` has no place in the file (line 0).
        let whence = if span_of(url).line == 0 {
            "生成时用 --base-url 指定的网站地址"
        } else {
            "base_url"
        };
        out.push(
            Diagnostic::warning(
                "base-url-example",
                file,
                span_of(url),
                format!(
                    "{whence}“{}”还是 gongshi init 写入的示例地址，打印张贴版上的二维码、订阅和站点地图会指向一个不存在的网站",
                    url.value.trim()
                ),
            )
            .with_help("改成本县门户网站上公示栏目的真实地址：在浏览器里打开那个栏目，从地址栏复制，如 base_url: https://www.本县域名.gov.cn/fpgk/；还没有地址时删去 base_url 这一行（打印版上就不印二维码）"),
        );
    }
    if let Some(url) = &config.base_url
        && url.value.trim().to_ascii_lowercase().starts_with("http://")
    {
        let whence = if span_of(url).line == 0 {
            "生成时用 --base-url 指定的网站地址"
        } else {
            "base_url"
        };
        let https = format!("https://{}", &url.value.trim()["http://".len()..]);
        out.push(
            Diagnostic::warning(
                "base-url-http",
                file,
                span_of(url),
                format!(
                    "{whence}“{}”用的是不加密的 http://：政府网站应当使用 https，二维码、订阅、站点地图和页面元数据里的网址都会是 http 地址",
                    url.value.trim()
                ),
            )
            .with_help(format!("门户网站已启用 HTTPS 时改为 base_url: {https}（在浏览器里打开栏目，地址栏显示 https:// 即已启用）；还没有启用时请联系门户网站管理员")),
        );
    }
    check_portal(site, out);
}

/// The fields the footer of a government site must show (政府网站发展指引: 网站标识码
/// and ICP 备案号 on every page), and portal addresses that are web addresses.
fn check_portal(site: &Site, out: &mut Vec<Diagnostic>) {
    let file = &site.content.config_file;
    let Some(portal) = &site.config().portal else {
        return;
    };
    let p = &portal.value;
    let required = [
        (
            &p.site_code,
            "site_code",
            "网站标识码",
            "，页面元数据（SiteIDCode）里也会缺少它",
            "site_code: \"5306230001\"（全国政府网站信息报送系统分配给本县门户网站的 10 位网站标识码，可在门户网站页脚找到）",
        ),
        (
            &p.icp,
            "icp",
            "ICP备案号",
            "",
            "icp: 滇ICP备05001234号（门户网站的 ICP 备案号，可在门户网站页脚找到）",
        ),
    ];
    for (value, key, label, also, example) in required {
        let blank = value.as_ref().is_none_or(|v| v.value.trim().is_empty());
        if blank {
            let span = value.as_ref().map_or(span_of(portal), span_of);
            out.push(
                Diagnostic::warning(
                    "portal-field-missing",
                    file,
                    span,
                    format!("portal 下没有填写{label}（{key}）：政府网站每个页面的页脚都应标明{label}{also}"),
                )
                .with_help(format!("在 portal 下加上 {example}")),
            );
        }
    }
    for (value, key) in [
        (&p.conac_url, "conac_url"),
        (&p.conac_script, "conac_script"),
        (&p.error_report_url, "error_report_url"),
    ] {
        if let Some(v) = value
            && check_base_url(&v.value).is_err()
        {
            out.push(
                Diagnostic::error(
                    "portal-url-invalid",
                    file,
                    span_of(v),
                    format!("portal 的 {key}“{}”不是网址，应以 https:// 或 http:// 开头", v.value.trim()),
                )
                .with_help("从浏览器地址栏复制完整的网址，如 https://bszs.conac.cn/sitename?method=show&id=…"),
            );
        }
    }
}

/// Is `url` an address on the example domain `gongshi init` writes into a new
/// `site.yaml` (`https://www.example.gov.cn/fpgk/`), or any other address on
/// `example.gov.cn`? Nobody publishes there: a site still carrying it was never told
/// where it lives.
fn is_example_address(url: &str) -> bool {
    let u = url.trim();
    let rest = u.split_once("://").map_or(u, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = host_port
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    host == INIT_EXAMPLE_DOMAIN || host.ends_with(&format!(".{INIT_EXAMPLE_DOMAIN}"))
}

/// The domain of the address `gongshi init` writes (`src/scaffold/site.yaml`).
const INIT_EXAMPLE_DOMAIN: &str = "example.gov.cn";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_init_example_domain_is_recognised_and_nothing_else() {
        let init = include_str!("../scaffold/site.yaml");
        let line = init.lines().find(|l| l.starts_with("base_url:")).unwrap();
        assert!(is_example_address(line.trim_start_matches("base_url:")));
        for example in [
            "https://www.example.gov.cn/fpgk/",
            "http://EXAMPLE.gov.cn",
            "https://fp.example.gov.cn:8443/x?y#z",
            "https://user@www.example.gov.cn./",
        ] {
            assert!(is_example_address(example), "{example}");
        }
        for real in [
            "https://www.mzx.gov.cn/fpgk/",
            "https://fupin.example-county.test/",
            "https://notexample.gov.cn/",
            "https://www.mzx.gov.cn/example.gov.cn/",
            "https://example.gov.cn.evil.test/",
        ] {
            assert!(!is_example_address(real), "{real}");
        }
    }
}
