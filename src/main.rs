//! The `gongshi` command: parses arguments, calls the library, maps outcomes to exit
//! codes (0 fine, 1 content problems, 2 usage or I/O).

mod progress_bar;

use clap::{Args, Parser, Subcommand};
use gongshi::content::LoadFailure;
use gongshi::diagnostic::{Diagnostic, SourceMap, render_diagnostics};
use gongshi::import::{ImportFailure, ImportKind, ImportRequest};
use gongshi::model::date::Day;
use gongshi::progress::{Progress, Silent, Stage};
use gongshi::{BuildFailure, BuildOptions, Site};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Rendering a big site is thousands of small strings per page; mimalloc's per-thread
// free lists keep that off the system allocator's locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// 把 Excel 表格（.xlsx、.xls）或 CSV 文件导入为名单文件（content/records/ 下的 YAML）
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "选项",
        override_usage = "gongshi import 文件 --kind 类型 [选项]",
        after_help = "表格中任何一行有错误时不写入文件，而是列出所有问题（行号和列字母），改正表格后重新导入即可。\n退出码：0 成功，1 表格内容有问题，2 用法或读写错误。"
    )]
    Import(ImportArgs),
    /// 生成网站，并把上次发布以来新增、修改的文件打成更新包，列出要删除的文件
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "选项",
        override_usage = "gongshi publish [选项]",
        mut_arg("quiet", |a| a.help("不显示进度条和生成网站的完成提示（发布结果照常显示）")),
        after_help = "先像 gongshi build 一样检查并生成网站，再和上次发布时的清单（publish/manifest.tsv）比较，\n\
            把新增和修改的文件打成 publish/更新包-日期-序号.zip，要删除的文件列在旁边的 publish/删除清单-日期-序号.txt，\n\
            然后更新发布清单，在 publish/log.tsv 里记一笔。没有变化时不写更新包。生成失败时什么都不写。\n\
            退出码：0 成功，1 内容有问题，2 用法或读写错误。"
    )]
    Publish(PublishArgs),
    /// 核对生成（或从门户网站下载）的网站与版本记录是否一致
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "选项",
        override_usage = "gongshi verify [选项]",
        after_help = "核对每一份发布过的公示公告：网站上的内容和摘要与版本记录（content/published/）一致，\n\
            更正前的各版页面都在；用 gongshi publish 发布过的站点，还逐个核对网站文件与上次发布时（publish/manifest.tsv）相同。\n\
            退出码：0 一致，1 发现不一致，2 用法或读写错误。"
    )]
    Verify(VerifyArgs),
}

#[derive(Args)]
struct VerifyArgs {
    #[command(flatten)]
    dirs: SiteDirs,
}

/// The site and its output folder, as every command that builds or reads a build
/// names them.
#[derive(Args)]
struct SiteDirs {
    /// 站点根目录（默认当前目录）
    #[arg(
        long,
        value_name = "目录",
        default_value = ".",
        hide_default_value = true
    )]
    root: PathBuf,
    /// 生成的网站所在的目录（默认为站点根目录下的 public）
    #[arg(long, value_name = "目录")]
    output: Option<PathBuf>,
}

impl SiteDirs {
    fn output(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

impl Command {
    fn base_url(&self) -> Option<&str> {
        match self {
            Command::Check(common) | Command::Build(common) => common.base_url.as_deref(),
            Command::Serve(args) => args.common.base_url.as_deref(),
            Command::Publish(args) => args.common.base_url.as_deref(),
            Command::Init { .. } | Command::Import(_) | Command::Verify(_) => None,
        }
    }
}

#[derive(Args)]
struct ImportArgs {
    /// 要导入的表格：.xlsx、.xls 或 .csv（CSV 可以是 Excel/WPS 保存的 GBK/GB18030 或 UTF-8 编码）
    #[arg(value_name = "文件")]
    file: PathBuf,
    /// 表格内容：households 贫困户、villages 贫困村、projects 项目、funds 资金台账、beneficiaries 补助对象（也可以直接写中文）
    #[arg(long, value_name = "类型", hide_possible_values = true)]
    kind: KindArg,
    /// 写到哪个文件（默认 content/records/类型/表格文件名.yaml；写 - 则输出到屏幕）
    #[arg(short = 'o', long, value_name = "文件")]
    output: Option<PathBuf>,
    /// 年度，如 2014（贫困户、贫困村、项目、资金台账必填）
    #[arg(long, value_name = "年份")]
    year: Option<i32>,
    /// 补助项目名称，如 农村危房改造（补助对象名单必填）
    #[arg(long, value_name = "名称")]
    program: Option<String>,
    /// 补助标准，如 1万元/户（补助对象名单可填）
    #[arg(long, value_name = "标准")]
    standard: Option<String>,
    /// 表中没有“所在村”一列时，每一行都属于这个村（村名或 12 位区划代码）
    #[arg(long, value_name = "村")]
    region: Option<String>,
    /// 读取哪个工作表（默认第一个）
    #[arg(long, value_name = "工作表")]
    sheet: Option<String>,
    /// 输出文件已存在时覆盖它
    #[arg(long)]
    force: bool,
    /// 站点根目录（默认当前目录；用来把村名换成区划代码。不在站点中时，表中要写 12 位区划代码）
    #[arg(long, value_name = "目录")]
    root: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    #[value(aliases = ["贫困户", "贫困户名单"])]
    Households,
    #[value(aliases = ["贫困村", "贫困村名单"])]
    Villages,
    #[value(alias = "项目")]
    Projects,
    #[value(aliases = ["资金", "资金台账"])]
    Funds,
    #[value(aliases = ["补助对象", "补助对象名单"])]
    Beneficiaries,
}

impl From<KindArg> for ImportKind {
    fn from(k: KindArg) -> ImportKind {
        match k {
            KindArg::Households => ImportKind::Households,
            KindArg::Villages => ImportKind::Villages,
            KindArg::Projects => ImportKind::Projects,
            KindArg::Funds => ImportKind::Funds,
            KindArg::Beneficiaries => ImportKind::Beneficiaries,
        }
    }
}

#[derive(Args)]
struct PublishArgs {
    #[command(flatten)]
    common: Common,
    /// 只列出会放进更新包和删除清单的文件：网站生成到临时目录，不改动输出目录、更新包、发布清单和记录
    #[arg(long)]
    dry_run: bool,
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
    #[command(flatten)]
    dirs: SiteDirs,
    /// 以哪一天判断“公示中/已结束”，格式 YYYY-MM-DD（默认按站点时区的今天）
    #[arg(long, value_name = "日期")]
    today: Option<String>,
    /// 网站发布地址（用于打印版上的二维码），覆盖 site.yaml 中的 base_url
    #[arg(long, value_name = "网址")]
    base_url: Option<String>,
    /// 有警告也视为失败
    #[arg(long)]
    deny_warnings: bool,
    /// 不显示进度条和完成提示（错误和警告照常显示）
    #[arg(short, long)]
    quiet: bool,
    /// 同时把每个打印页用 Chromium 打印成 print.pdf（需要已安装 Chromium）
    #[arg(long)]
    pdf: bool,
    /// 同时为每份公示生成单个文件 notice.html（样式内嵌），便于上传到只收单个文件的门户系统
    #[arg(long)]
    single_file: bool,
    /// 连日期在 --today 之后（尚未发布）的公告也一起生成（默认不生成，到日期再发布）
    #[arg(long)]
    include_future: bool,
}

fn main() -> ExitCode {
    if gongshi::output::remove_old_output_if_asked() {
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    if let Some(url) = cli.command.base_url()
        && let Err(problem) = gongshi::check::check_base_url(url)
    {
        eprintln!(
            "错误：--base-url {problem}\n提示：{}",
            gongshi::check::BASE_URL_EXAMPLE
        );
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Init { dir } => init(dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::Check(common) => check(&common),
        Command::Build(common) => build(&common),
        Command::Serve(args) => serve(&args),
        Command::Import(args) => import(&args),
        Command::Publish(args) => publish(&args),
        Command::Verify(args) => verify(&args),
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
        ErrorKind::MissingSubcommand => {
            "缺少命令（init、check、build、serve、import、publish 或 verify）"
        }
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数值不正确",
        _ => "命令行参数不正确",
    };
    let text = e.to_string();
    let mut lines = text.lines();
    let mut detail = lines
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string();
    // "the following required arguments were not provided:" names them below.
    if detail.ends_with(':') {
        let named: Vec<&str> = lines
            .take_while(|l| l.starts_with(' '))
            .map(str::trim)
            .collect();
        detail = format!("{} {}", detail, named.join(", "));
    }
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

fn load(root: &Path, progress: &dyn Progress) -> Result<Site, ExitCode> {
    Site::load_reporting(root, progress).map_err(|failure| match failure {
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

/// The notices a build left out, and when each will be published.
fn print_held_back(held_back: &[gongshi::HeldBack], today: Day) {
    if held_back.is_empty() {
        return;
    }
    println!(
        "暂不发布 {} 份公示公告（日期在 {today} 之后，到日期重新生成时才会发布；要提前看效果请用 gongshi serve）：",
        held_back.len()
    );
    let mut by_day: Vec<&gongshi::HeldBack> = held_back.iter().collect();
    by_day.sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
    // The soonest first; a county entering a year ahead would otherwise scroll
    // hundreds of lines past the one that matters.
    for h in by_day.iter().take(HELD_BACK_SHOWN) {
        println!("  {}  {}（{} 发布）", h.file.display(), h.title, h.date);
    }
    if let Some(last) = by_day.last().filter(|_| by_day.len() > HELD_BACK_SHOWN) {
        println!(
            "  ……另有 {} 份，最晚的 {} 发布",
            by_day.len() - HELD_BACK_SHOWN,
            last.date
        );
    }
}

/// How many held-back notices a build or check names one by one.
const HELD_BACK_SHOWN: usize = 20;

fn check(common: &Common) -> ExitCode {
    let bar = progress_bar::TerminalProgress::new(common.quiet);
    let progress: &dyn Progress = bar.as_ref().map_or(&Silent, |b| b);
    let mut site = match load(&common.dirs.root, progress) {
        Ok(s) => s,
        Err(code) => {
            progress.finish();
            return code;
        }
    };
    if let Some(url) = &common.base_url {
        site.use_base_url(url);
    }
    progress.stage(Stage::Checking, 0);
    let Ok(today) = today(&site, common.today.as_deref()) else {
        progress.finish();
        return ExitCode::from(2);
    };
    let diags = site.check_published(today);
    progress.finish();
    if !common.include_future && !common.quiet {
        let held_back: Vec<gongshi::HeldBack> = site
            .notices()
            .iter()
            .filter(|n| !gongshi::model::publication::is_issued(n, today))
            .map(gongshi::HeldBack::of)
            .collect();
        print_held_back(&held_back, today);
    }
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
    match run_build(common, &common.dirs.output(), !common.quiet) {
        Ok(built) => {
            built.report.old_output.remove_in_background();
            // The process ends now: freeing a province's records one by one would only
            // make the clerk wait longer.
            std::mem::forget(built.site);
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// A build that succeeded.
struct Built {
    site: Site,
    report: gongshi::BuildReport,
    today: Day,
}

/// Loads, checks and builds the site into `output`, saying what it did as `build`
/// does; the exit code when it fails (its reasons said).
fn run_build(common: &Common, output: &Path, announce: bool) -> Result<Built, ExitCode> {
    clean_up_on_stop_signals(output.to_path_buf());
    let bar = progress_bar::TerminalProgress::new(common.quiet);
    let progress: &dyn Progress = bar.as_ref().map_or(&Silent, |b| b);
    let mut site = match load(&common.dirs.root, progress) {
        Ok(s) => s,
        Err(code) => {
            progress.finish();
            return Err(code);
        }
    };
    if let Some(url) = &common.base_url {
        site.use_base_url(url);
    }
    let today = today(&site, common.today.as_deref())?;
    let opts = BuildOptions {
        output: output.to_path_buf(),
        today,
        base_url: common.base_url.clone(),
        deny_warnings: common.deny_warnings,
        include_future: common.include_future,
    };
    let extras = gongshi::BuildExtras {
        pdf: common.pdf,
        single_file: common.single_file,
    };
    let built = site.build_reporting(&opts, &extras, progress);
    progress.finish();
    match built {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", render_diagnostics(&report.warnings, site.sources()));
            }
            if announce {
                println!(
                    "已生成 {} 个页面到 {}（以 {} 为准判断公示状态）",
                    report.pages,
                    output.display(),
                    today
                );
                print_held_back(&report.held_back, today);
                match report.next_rebuild {
                    Some(day) => println!(
                        "页面上的公示状态在 {day} 会变化（剩余天数、新公告发布、公示开始或结束），请在那天重新生成；最好每天定时生成一次"
                    ),
                    None => println!("以后的日期里公示状态都不会再变化，内容不改就不必重新生成"),
                }
            }
            Ok(Built {
                site,
                report,
                today,
            })
        }
        Err(BuildFailure::Content(diags)) => {
            eprint!("{}", render_diagnostics(&diags, site.sources()));
            eprintln!(
                "未生成网站：请先改正上述错误。原有的 {} 没有改动。",
                output.display()
            );
            Err(ExitCode::from(1))
        }
        Err(BuildFailure::Output(e)) => {
            eprintln!("错误：{e}");
            Err(ExitCode::from(2))
        }
    }
}

fn publish(args: &PublishArgs) -> ExitCode {
    use gongshi::publish::Records;
    let common = &args.common;
    let output = common.dirs.output();
    let records = match Records::open(&common.dirs.root, &output, !args.dry_run) {
        Ok(records) => records,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    if args.dry_run {
        return publish_dry_run(common, &records);
    }
    let built = match run_build(common, &output, !common.quiet) {
        Ok(built) => built,
        Err(code) => {
            eprintln!("没有发布：更新包、发布清单、发布记录和版本记录都没有改动。");
            return code;
        }
    };
    if refuse_taking_down(&records, &output, "没有发布") {
        eprintln!("更新包、发布清单、发布记录和版本记录都没有改动。");
        return ExitCode::from(1);
    }
    // The ledger first: a notice is on record before its files are handed over.
    let recorded = match gongshi::publish::ledger::record_versions(
        &built.site,
        &output,
        &built.report.unrecorded,
        built.today,
    ) {
        Ok(recorded) => recorded,
        Err(e) => {
            eprintln!("错误：发布没有完成：{e}");
            return ExitCode::from(2);
        }
    };
    say_recorded(&recorded);
    let now = jiff::Timestamp::now().to_zoned_datetime(built.site.time_zone());
    let published = records.publish(&output, built.today, &now);
    built.report.old_output.remove_in_background();
    std::mem::forget(built.site);
    let p = match published {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：发布没有完成：{e}");
            return ExitCode::from(2);
        }
    };
    let c = &p.changes;
    let log = shown(&p.log);
    if c.is_empty() {
        eprintln!("没有变化，不需要上传。（已记入 {log}）");
        return ExitCode::SUCCESS;
    }
    if p.first {
        eprintln!(
            "首次发布：网站的全部 {} 个文件都在更新包里。",
            c.added.len()
        );
    }
    eprintln!("{}。", c.counts());
    let mut steps = Vec::new();
    if let Some(bundle) = &p.bundle {
        eprintln!(
            "更新包：{}（{} 个文件）",
            shown(bundle),
            c.added.len() + c.changed.len()
        );
        steps.push(
            "把更新包解压到门户网站的公示栏目目录（保留其中的文件夹，覆盖同名文件），或用 FTP、内容管理系统上传其中的文件",
        );
    } else {
        eprintln!("没有需要上传的文件。");
    }
    if let Some(list) = &p.deleted_list {
        eprintln!("删除清单：{}（{} 个文件）", shown(list), c.deleted.len());
        steps.push("在门户网站上删除删除清单里列出的文件");
    }
    eprintln!(
        "上传后请：{}。每次的更新包都要按顺序上传，不能跳过；已记入 {log}。",
        steps.join("；再")
    );
    ExitCode::SUCCESS
}

fn verify(args: &VerifyArgs) -> ExitCode {
    let output = args.dirs.output();
    let v = match gongshi::verify::verify(&args.dirs.root, &output) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    if !v.problems.is_empty() {
        eprint!("{}", render_diagnostics(&v.problems, &v.sources));
    }
    if v.notices == 0 {
        eprintln!(
            "版本记录（content/published/）里还没有公示公告：用 gongshi publish 发布后才有记录可以核对。"
        );
    }
    if v.manifest {
        eprintln!(
            "核对了 {} 份发布过的公示公告和 {} 个网站文件。",
            v.notices, v.files
        );
    } else {
        eprintln!(
            "核对了 {} 份发布过的公示公告（还没有用 gongshi publish 发布过，没有逐个核对网站文件）。",
            v.notices
        );
    }
    if !v.unpublished.is_empty() {
        eprintln!(
            "另有 {} 个文件是上次发布之后生成的，还没有发布（如 {}）。",
            v.unpublished.len(),
            v.unpublished[0]
        );
    }
    if v.problems.is_empty() {
        eprintln!("一致：网站与版本记录相符。");
        ExitCode::SUCCESS
    } else {
        eprintln!("不一致：见上面的 {} 处问题。", v.problems.len());
        ExitCode::from(1)
    }
}

/// What the ledger now holds that it did not.
fn say_recorded(recorded: &[gongshi::publish::ledger::Recorded]) {
    let (first, corrected): (Vec<_>, Vec<_>) = recorded.iter().partition(|r| r.number == 1);
    if !first.is_empty() {
        eprintln!(
            "版本记录：新记下 {} 份公示公告（content/published/，请和内容一起保存、提交）。",
            first.len()
        );
    }
    for r in corrected {
        eprintln!(
            "版本记录：{} 更正为第 {} 版（摘要 {}），原版本仍可在网上查看。",
            r.slug, r.number, r.short_digest
        );
    }
}

/// Says so and returns true when `output` lacks a notice the last publication handed
/// over: a published notice is corrected, never taken down.
fn refuse_taking_down(records: &gongshi::publish::Records, output: &Path, outcome: &str) -> bool {
    let taken_down = records.notices_taken_down(output);
    if !taken_down.is_empty() {
        eprintln!(
            "错误：{outcome}：上次发布过的 {} 份公示公告在这次生成的网站里没有了：{}。\n\
             已发布的公示公告不能撤下：把 content/notices/ 下的文件（文件名就是网址，不能改）和 \
             content/published/ 下的版本记录恢复回来；内容有错的，写更正说明改正它。",
            taken_down.len(),
            taken_down.join("、")
        );
    }
    !taken_down.is_empty()
}

/// `publish --dry-run`: builds into a temporary folder and lists what a publication
/// would bundle and delete; writes nothing of the site's.
fn publish_dry_run(common: &Common, records: &gongshi::publish::Records) -> ExitCode {
    let Ok(temp) = tempfile::tempdir() else {
        eprintln!("错误：无法创建临时目录");
        return ExitCode::from(2);
    };
    let output = temp.path().join("public");
    let built = match run_build(common, &output, false) {
        Ok(built) => built,
        Err(code) => return code,
    };
    std::mem::forget(built.site);
    if refuse_taking_down(records, &output, "（试运行）发布时会被拒绝") {
        return ExitCode::from(1);
    }
    let changes = match records.compare(&output) {
        Ok((_, changes)) => changes,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    for (word, paths) in [
        ("新增", &changes.added),
        ("修改", &changes.changed),
        ("删除", &changes.deleted),
    ] {
        for path in paths {
            let _ = writeln!(out, "{word}\t{path}");
        }
    }
    drop(out);
    if changes.is_empty() {
        eprintln!("（试运行）没有变化，不需要上传。");
    } else {
        eprintln!(
            "（试运行）{}。没有写更新包，发布清单和记录都没有改动。",
            changes.counts()
        );
    }
    ExitCode::SUCCESS
}

/// A path as the clerk typed its start: without a leading `./`.
fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// From here on, Ctrl-C, SIGTERM and SIGHUP stop the build the same way: a thread
/// waiting for them removes the unfinished output (see [`gongshi::output::stop_writing`])
/// and ends the process with the status a shell gives a process killed by that signal
/// (128 + its number). Without a handler the process would die at once, leaving the
/// staging folder with every page written so far.
fn clean_up_on_stop_signals(output: PathBuf) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
        else {
            return;
        };
        // Listened for here, before the build goes on, not once the thread runs.
        let listening = {
            let _context = runtime.enter();
            (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            )
        };
        let (Ok(mut int), Ok(mut term), Ok(mut hup)) = listening else {
            return;
        };
        let waiting = move || {
            let number = runtime.block_on(async move {
                tokio::select! {
                    _ = int.recv() => SignalKind::interrupt(),
                    _ = term.recv() => SignalKind::terminate(),
                    _ = hup.recv() => SignalKind::hangup(),
                }
                .as_raw_value()
            });
            let stopped = gongshi::output::stop_writing();
            let said = if stopped.swapped {
                format!("\n已中断：网站在中断前已生成到 {}。", output.display())
            } else {
                format!(
                    "\n已中断，未生成网站{}。原有的 {} 没有改动。",
                    if stopped.discarded > 0 {
                        "（没有写完的页面已删除）"
                    } else {
                        ""
                    },
                    output.display()
                )
            };
            // The terminal may be gone (SIGHUP): nothing to tell then.
            let _ = writeln!(std::io::stderr(), "{said}");
            std::process::exit(128 + number);
        };
        let _ = std::thread::Builder::new()
            .name("gongshi-stop".into())
            .spawn(waiting);
    }
    #[cfg(not(unix))]
    let _ = output;
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
        root: common.dirs.root.clone(),
        output: common.dirs.output.clone(),
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

fn import(args: &ImportArgs) -> ExitCode {
    let usage = |msg: &str| {
        eprintln!("错误：{msg}");
        ExitCode::from(2)
    };
    // A site is needed only to turn village names into codes: without --root, the
    // current directory is used when it is one.
    let in_site = |dir: &Path| {
        gongshi::content::SETTINGS_FILES
            .iter()
            .any(|f| dir.join(f).is_file())
    };
    let site = match &args.root {
        Some(root) => Some(load(root, &Silent)),
        None if in_site(Path::new(".")) => Some(load(Path::new("."), &Silent)),
        None => None,
    };
    let site = match site.transpose() {
        Ok(site) => site,
        Err(code) => return code,
    };
    let kind = ImportKind::from(args.kind);
    let req = ImportRequest {
        input: &args.file,
        kind,
        year: args.year,
        program: args.program.clone(),
        standard: args.standard.clone(),
        region: args.region.clone(),
        sheet: args.sheet.clone(),
        regions: site.as_ref().map(|s| &s.regions),
    };
    if let Err(msg) = gongshi::import::check_request(&req) {
        return usage(&msg);
    }
    let output = match (&args.output, &site) {
        (Some(p), _) if p.as_os_str() == "-" => None,
        (Some(p), _) => Some(p.clone()),
        (None, Some(site)) => Some(gongshi::import::default_output(
            &site.root, kind, &args.file,
        )),
        (None, None) => {
            return usage(
                "当前目录不是 gongshi 站点，不知道写到哪里：请用 -o 指定输出文件（如 -o 名单.yaml），或用 --root 指定站点目录",
            );
        }
    };
    if let Some(out) = &output {
        if out.extension().is_none_or(|e| e != "yaml") {
            return usage(&format!(
                "输出文件 {} 应以 .yaml 结尾（gongshi 只读取 content/records/ 下的 .yaml 文件）",
                out.display()
            ));
        }
        if out.exists() && !args.force {
            return usage(&format!(
                "{} 已存在，没有覆盖；要覆盖请加 --force",
                out.display()
            ));
        }
    }
    let imported = match gongshi::import::import(&req) {
        Ok(imported) => imported,
        Err(ImportFailure::Usage(msg)) => return usage(&msg),
        Err(ImportFailure::Content {
            diagnostics,
            summary,
        }) => {
            eprint!("{}", render_diagnostics(&diagnostics, &SourceMap::new()));
            eprintln!("{}", summary.failure(kind));
            return ExitCode::from(1);
        }
    };
    if !imported.warnings.is_empty() {
        eprint!(
            "{}",
            render_diagnostics(&imported.warnings, &SourceMap::new())
        );
    }
    let Some(path) = output else {
        print!("{}", imported.yaml);
        eprintln!("已导入：{}。", imported.summary.describe(kind));
        return ExitCode::SUCCESS;
    };
    if let Err(e) = gongshi::import::write_output(&path, &imported.yaml, args.force) {
        return usage(&format!("写入 {} 失败：{e}", path.display()));
    }
    println!(
        "已导入：{}。\n已写入 {}",
        imported.summary.describe(kind),
        path.display()
    );
    if let Some(site) = &site {
        let records = std::fs::canonicalize(site.root.join("content/records"));
        let written = std::fs::canonicalize(&path);
        match (records, written) {
            (Ok(records), Ok(written)) if written.starts_with(&records) => {
                let rel = written.strip_prefix(&records).unwrap_or(&written);
                println!(
                    "在公示的头信息中写 records: {} 即可附上这份名单；然后运行 gongshi check 检查整个站点。",
                    rel.to_string_lossy().replace('\\', "/")
                );
            }
            _ => eprintln!(
                "注意：{} 不在站点的 content/records/ 下，公示无法附上它。",
                path.display()
            ),
        }
    }
    ExitCode::SUCCESS
}
