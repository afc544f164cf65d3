//! The `gongshi` command: parses arguments, calls the library, maps outcomes to exit
//! codes (0 fine, 1 content problems, 2 usage or I/O).

use clap::{Args, Parser, Subcommand};
use gongshi::content::LoadFailure;
use gongshi::diagnostic::{Diagnostic, SourceMap, render_diagnostics};
use gongshi::model::date::Day;
use gongshi::{BuildFailure, BuildOptions, Site};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(Parser)]
#[command(
    name = "gongshi",
    version,
    about = "gongshi（公示）：把扶贫公示公告的 YAML/Markdown 记录检查后生成门户网站页面",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    next_help_heading = "选项",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "退出码：0 成功，1 内容有问题，2 用法或读写错误。"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help = "显示帮助")]
    help: Option<bool>,
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help = "显示版本")]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// 新建站点：写入 site.yaml 和一份示例公示、示例名单
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi init [目录]")]
    Init {
        /// 站点目录（默认当前目录）
        #[arg(value_name = "目录")]
        dir: Option<PathBuf>,
    },
    /// 检查全部内容，列出所有问题，不写任何文件
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi check [选项]")]
    Check(Common),
    /// 检查后生成网站到输出目录（默认 public/）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi build [选项]")]
    Build(Common),
    /// 生成并在本机预览网站：保存文件后自动重新生成，浏览器自动刷新
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "选项",
        override_usage = "gongshi serve [选项]",
        mut_arg("output", |a| a.help("预览页面生成到哪个目录（默认用临时目录，停止时删除；不会改动 public/）"))
    )]
    Serve(ServeArgs),
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    common: Common,
    /// 端口（默认 1111；0 表示自动选一个空闲端口）
    #[arg(
        long,
        value_name = "端口",
        default_value_t = 1111,
        hide_default_value = true
    )]
    port: u16,
    /// 监听的 IP 地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 让局域网也能访问）
    #[arg(
        long,
        value_name = "地址",
        default_value = "127.0.0.1",
        hide_default_value = true
    )]
    bind: IpAddr,
}

#[derive(Args)]
struct Common {
    /// 站点根目录（默认当前目录）
    #[arg(
        long,
        value_name = "目录",
        default_value = ".",
        hide_default_value = true
    )]
    root: PathBuf,
    /// 输出目录（默认为站点根目录下的 public）
    #[arg(long, value_name = "目录")]
    output: Option<PathBuf>,
    /// 以哪一天判断“公示中/已结束”，格式 YYYY-MM-DD（默认按站点时区的今天）
    #[arg(long, value_name = "日期")]
    today: Option<String>,
    /// 网站发布地址（用于打印版上的二维码），覆盖 site.yaml 中的 base_url
    #[arg(long, value_name = "网址")]
    base_url: Option<String>,
    /// 有警告也视为失败
    #[arg(long)]
    deny_warnings: bool,
    /// 同时把每个打印页用 Chromium 打印成 print.pdf（需要已安装 Chromium）
    #[arg(long)]
    pdf: bool,
    /// 同时为每份公示生成单个文件 notice.html（样式内嵌），便于上传到只收单个文件的门户系统
    #[arg(long)]
    single_file: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match cli.command {
        Command::Init { dir } => init(dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::Check(common) => check(&common),
        Command::Build(common) => build(&common),
        Command::Serve(args) => serve(&args),
    }
}

/// clap words its errors in English; say what kind of mistake it was in Chinese and
/// keep clap's detail (it names the offending argument).
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::InvalidSubcommand => "没有这个命令",
        ErrorKind::UnknownArgument => "不认识的选项",
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        ErrorKind::MissingSubcommand => "缺少命令（init、check、build 或 serve）",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数值不正确",
        _ => "命令行参数不正确",
    };
    let detail = e.to_string();
    let detail = detail
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ");
    eprintln!("错误：{what}（{detail}）\n提示：运行 gongshi --help 查看用法。");
    ExitCode::from(2)
}

fn init(dir: PathBuf) -> ExitCode {
    match gongshi::init::init_site(&dir) {
        Ok(files) => {
            for f in files {
                println!("已写入 {}", f.display());
            }
            println!(
                "\n下一步：cd {} && gongshi build，然后用浏览器打开 public/index.html",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

fn load(root: &Path) -> Result<Site, ExitCode> {
    Site::load(root).map_err(|failure| match failure {
        LoadFailure::NotASite(dir) => {
            eprintln!(
                "错误：{} 不是 gongshi 站点（找不到 site.yaml 或 content/site.yaml）。\n提示：用 gongshi init 新建站点，或用 --root 指定站点目录。",
                dir.display()
            );
            ExitCode::from(2)
        }
        LoadFailure::BadSettings(diags, sources) => report(&diags, &sources),
        LoadFailure::Io(path, e) => {
            eprintln!("错误：读取 {} 失败：{e}", path.display());
            ExitCode::from(2)
        }
    })
}

fn report(diags: &[Diagnostic], sources: &SourceMap) -> ExitCode {
    eprint!("{}", render_diagnostics(diags, sources));
    ExitCode::from(1)
}

fn today(site: &Site, given: Option<&str>) -> Result<Day, ExitCode> {
    if let Some(text) = given {
        return Day::parse(text).map_err(|e| {
            eprintln!("错误：--today {e}");
            ExitCode::from(2)
        });
    }
    Ok(site.today())
}

fn check(common: &Common) -> ExitCode {
    let site = match load(&common.root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let diags = site.check();
    let failing = diags
        .iter()
        .any(|d| d.severity == gongshi::diagnostic::Severity::Error || common.deny_warnings);
    if diags.is_empty() {
        println!(
            "检查通过：{} 个公告，{} 个记录文件，没有发现问题。",
            site.notices().len(),
            site.content.records.len()
        );
        return ExitCode::SUCCESS;
    }
    eprint!("{}", render_diagnostics(&diags, site.sources()));
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(common: &Common) -> ExitCode {
    let site = match load(&common.root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let today = match today(&site, common.today.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let output = common
        .output
        .clone()
        .unwrap_or_else(|| common.root.join("public"));
    let opts = BuildOptions {
        output: output.clone(),
        today,
        base_url: common.base_url.clone(),
        deny_warnings: common.deny_warnings,
    };
    let extras = gongshi::BuildExtras {
        pdf: common.pdf,
        single_file: common.single_file,
    };
    let built = site.build_with(&opts, &extras);
    match built {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", render_diagnostics(&report.warnings, site.sources()));
            }
            println!(
                "已生成 {} 个页面到 {}（以 {} 为准判断公示状态）",
                report.pages,
                output.display(),
                today
            );
            ExitCode::SUCCESS
        }
        Err(BuildFailure::Content(diags)) => {
            eprint!("{}", render_diagnostics(&diags, site.sources()));
            eprintln!(
                "未生成网站：请先改正上述错误。原有的 {} 没有改动。",
                output.display()
            );
            ExitCode::from(1)
        }
        Err(BuildFailure::Output(e)) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

fn serve(args: &ServeArgs) -> ExitCode {
    let common = &args.common;
    let today = match common.today.as_deref().map(Day::parse).transpose() {
        Ok(day) => day,
        Err(e) => {
            eprintln!("错误：--today {e}");
            return ExitCode::from(2);
        }
    };
    let opts = gongshi::serve::ServeOptions {
        root: common.root.clone(),
        output: common.output.clone(),
        bind: args.bind,
        port: args.port,
        today,
        base_url: common.base_url.clone(),
        deny_warnings: common.deny_warnings,
    };
    match gongshi::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}
