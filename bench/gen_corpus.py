#!/usr/bin/env python3
"""Synthetic county corpus for the gongshi benchmark (issue 6).

    python3 bench/gen_corpus.py --notices N --rows 50 --seed 1 --out DIR

writes three sites with the same content:

  DIR/gongshi/  a valid gongshi site: site.yaml with a region tree (one county,
                townships 5306231NN000, villages 5306231NN2MM), N village 公示
                under content/notices/households/, each attaching its own
                ROWS-row household list under content/records/households/,
                plus a project list and a fund ledger with their 公示.
  DIR/hugo/     the same notices as a Hugo site: config.toml, a minimal layout
                (baseof/single/list) and content/notices/*.md, each page with
                the same body text and the same table as a Markdown table.
  DIR/zola/     the same pages as a Zola site (Zola 0.22): config.toml, templates
                (base/index/section/page, and rss.xml shaped like Hugo's feed) and
                content/notices/*.md with TOML front matter; each page's Markdown
                body, caption and table are byte for byte the Hugo twin's.

The Hugo and Zola tables hold the values as gongshi publishes them, i.e. MASKED
(ID 530623********1234, phone 138****1234), so all three render the same
visible content and no output contains a full personal number.

Everything is derived from --seed: the same arguments give byte-identical
files. Identity numbers are valid GB 11643 numbers with real birth dates and
are unique across the whole corpus (one person may be on one list per year),
using an affine permutation of the household index, so no set of seen numbers
is kept. Python 3 standard library only.
"""

import argparse
import datetime as dt
import math
import os
import random
import shutil
import sys

COUNTY_CODE = "530623000000"
COUNTY_NAME = "某某县"
ID_PREFIX = "530623"  # the county's 6-digit division code, as on its people's IDs
YEAR = 2014
POVERTY_LINE = 2800  # 元/人/年 in YEAR
NOTICES_PER_VILLAGE = 50  # at most this many lists per village
MAX_VILLAGES_PER_TOWNSHIP = 99
MAX_TOWNSHIPS = 99

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

SURNAMES = (
    "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文陶普字者鲁査晏岩"
)
GIVEN = (
    "德明正华文学元义开贵春芬国强永福建军秀英志刚丽华玉兰家兴朝光应昌天云海林金山"
    "自成绍荣有才发祥树清世平学忠桂芳会英成龙保全跃进红梅兴旺安顺云仙玉珍光辉德顺"
    "富贵家福进才明亮振华继宗忠良世荣春华桂英永康"
)
PLACE = "长那石小岩坪大河沟迁门脚新龙马白水东西南北中上下平安和顺富民兴旺青松竹林茶山果园箐口坝子营盘"
GROUPS = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组")
CATEGORIES = ("一般贫困户", "低保贫困户", "特困供养户")
CATEGORY_WEIGHTS = (70, 25, 5)
CAUSES = (
    "因病", "因残", "因学", "因灾", "缺土地", "缺水", "缺技术", "缺劳力", "缺资金",
    "交通条件落后", "自身发展动力不足",
)
MEASURES = ("产业扶持", "教育培训", "转移就业", "技能培训", "低保兜底", "医疗救助",
            "易地扶贫搬迁", "危房改造", "扶贫小额信贷", "教育资助", "生态补偿")
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "157", "158", "159", "177", "180", "181", "182", "187",
                   "188", "189", "198")

# The columns each village notice shows, with gongshi's titles for them.
COLUMNS = ("head", "id_number", "group", "size", "income", "category", "causes", "phone")
TITLES = ("户主姓名", "身份证号", "村民小组", "家庭人口", "人均纯收入(元)", "贫困户属性",
          "致贫原因", "联系电话")

BIRTH_FIRST = dt.date(1935, 1, 1)
BIRTH_LAST = dt.date(1996, 12, 31)
NUMERALS = "〇一二三四五六七八九"


# ---------------------------------------------------------------- helpers

def id_check_digit(first17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


class IdNumbers:
    """Unique, valid identity numbers: index k maps to (birth day, sequence) through
    p = (a*k + b) mod M, a bijection on [0, M) when gcd(a, M) = 1."""

    def __init__(self, rng, count):
        self.days = (BIRTH_LAST - BIRTH_FIRST).days + 1
        self.m = self.days * 1000
        if count > self.m:
            sys.exit(f"gen_corpus: {count} households exceed the {self.m} distinct IDs available")
        a = rng.randrange(self.m // 3, self.m)
        while math.gcd(a, self.m) != 1:
            a += 1
        self.a = a
        self.b = rng.randrange(self.m)

    def get(self, k):
        p = (self.a * k + self.b) % self.m
        birth = BIRTH_FIRST + dt.timedelta(days=p // 1000)
        seq = p % 1000
        first17 = f"{ID_PREFIX}{birth:%Y%m%d}{seq:03d}"
        return first17 + id_check_digit(first17)


def mask_id(n):
    return n[:6] + "********" + n[-4:]


def mask_phone(p):
    return p[:3] + "****" + p[-4:]


def cn_date(d):
    return f"{d.year}年{d.month}月{d.day}日"


def cn_number(n):
    """1..99 in Chinese numerals (第十二批)."""
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def yaml_str(s):
    """A double-quoted YAML scalar (all generated text is plain, but be safe)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# With --only, the other sites' files are computed (so every site stays identical
# whatever is asked for) but not written.
WRITE_ROOTS = ()


def write(path, text):
    if not any(path.startswith(root + os.sep) for root in WRITE_ROOTS):
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def md_escape(cell):
    """A Markdown table cell: escape `|` and the mask's `*` so they stay literal."""
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


# ---------------------------------------------------------------- regions

def unique_names(rng, count, suffix, taken):
    names = []
    while len(names) < count:
        name = rng.choice(PLACE) + rng.choice(PLACE) + suffix
        if name[0] != name[1] and name not in taken:
            taken.add(name)
            names.append(name)
    return names


def make_regions(rng, notices):
    villages_needed = max(1, math.ceil(notices / NOTICES_PER_VILLAGE))
    per_township = max(5, min(MAX_VILLAGES_PER_TOWNSHIP, math.ceil(math.sqrt(villages_needed * 2))))
    townships_needed = math.ceil(villages_needed / per_township)
    if townships_needed > MAX_TOWNSHIPS:
        sys.exit(f"gen_corpus: {notices} notices need more than {MAX_TOWNSHIPS * MAX_VILLAGES_PER_TOWNSHIP} villages")
    taken = set()
    township_names = unique_names(rng, townships_needed, "", taken)
    townships = []
    villages = []
    left = villages_needed
    for t in range(townships_needed):
        nn = t + 1
        tname = township_names[t] + ("镇" if rng.random() < 0.4 else "乡")
        count = min(per_township, left)
        left -= count
        children = []
        for mm, vname in enumerate(unique_names(rng, count, "村", taken), start=1):
            v = {"code": f"5306231{nn:02d}2{mm:02d}", "name": vname, "township": tname}
            children.append(v)
            villages.append(v)
        townships.append({"code": f"5306231{nn:02d}000", "name": tname, "children": children})
    return townships, villages


def site_yaml(townships):
    lines = [
        "# Generated by bench/gen_corpus.py: a synthetic county for the benchmark.",
        f"title: {COUNTY_NAME}扶贫开发信息公开",
        f"issuer: {COUNTY_NAME}扶贫开发领导小组办公室",
        "base_url: https://www.example.gov.cn/fpgk/",
        "time_zone: Asia/Shanghai",
        "contact:",
        '  hotline: "12317"',
        '  phone: "0870-1234567"',
        "  address: 县扶贫办(县政府大楼3楼)",
        "publicity:",
        "  min_days: 7",
        "  project_min_days: 10",
        "poverty_lines:",
        f"  {YEAR}: {POVERTY_LINE}",
        "print:",
        "  paper: A4",
        "  orientation: portrait",
        "  large_print: false",
        "regions:",
        f'  - code: "{COUNTY_CODE}"',
        f"    name: {COUNTY_NAME}",
        "    children:",
    ]
    for t in townships:
        lines.append(f'      - code: "{t["code"]}"')
        lines.append(f"        name: {t['name']}")
        lines.append("        children:")
        for v in t["children"]:
            lines.append(f'          - {{ code: "{v["code"]}", name: {v["name"]} }}')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- households

def make_household(rng, ids, k, village):
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    size = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7))
    # Exact decimals below the poverty line: whole yuan, one or two decimals.
    cents = rng.randrange(90000, POVERTY_LINE * 100)
    shape = rng.random()
    if shape < 0.5:
        income = str(cents // 100)
    elif shape < 0.7:
        income = f"{cents // 100}.{(cents % 100) // 10}"
    else:
        income = f"{cents // 100}.{cents % 100:02d}"
    causes = rng.sample(CAUSES, rng.choice((1, 1, 2, 2, 3)))
    causes.sort(key=CAUSES.index)
    return {
        "head": name,
        "id_number": ids.get(k),
        "region": village["code"],
        "group": rng.choice(GROUPS[:6]),
        "size": size,
        "income": income,
        "category": rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0],
        "causes": causes,
        "measures": rng.sample(MEASURES, 2),
        "helper": rng.choice(SURNAMES) + "某某",
        "phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}",
    }


def households_yaml(title, rows):
    out = [f"# {title}", "kind: households", f"year: {YEAR}", "rows:"]
    for h in rows:
        out.append(f"  - head: {h['head']}")
        out.append(f'    id_number: "{h["id_number"]}"')
        out.append(f'    region: "{h["region"]}"')
        out.append(f"    group: {h['group']}")
        out.append(f"    size: {h['size']}")
        out.append(f"    income: {h['income']}")
        out.append(f"    category: {h['category']}")
        out.append(f"    causes: [{', '.join(h['causes'])}]")
        out.append(f"    measures: [{', '.join(h['measures'])}]")
        out.append(f"    helper: {h['helper']}")
        out.append(f'    phone: "{h["phone"]}"')
    return "\n".join(out) + "\n"


def household_cells(h):
    """The row as gongshi shows it with COLUMNS: masked numbers, causes joined by 、."""
    return (h["head"], mask_id(h["id_number"]), h["group"], str(h["size"]), h["income"],
            h["category"], "、".join(h["causes"]), mask_phone(h["phone"]))


def village_body(village, batch, rows, start, end):
    people = sum(h["size"] for h in rows)
    assembly = start - dt.timedelta(days=2)
    return (
        f"根据《{COUNTY_NAME}扶贫开发建档立卡工作实施方案》，按照“农户申请、民主评议、公示公告、逐级审核”的程序，"
        f"经农户自愿申请、村民小组提名，{cn_date(assembly)}{village['name']}召开村民代表大会进行民主评议，"
        f"拟确定{rows[0]['head']}等{len(rows)}户{people}人为{YEAR}年度贫困户（第{cn_number(batch)}批），"
        f"现将名单予以公示。\n\n"
        f"公示期为{cn_date(start)}至{cn_date(end)}。公示期内，村民对名单如有异议，可以书面或口头形式向"
        f"{village['name']}村民委员会、驻村工作队反映，也可拨打县扶贫办监督电话0870-1234567或全国扶贫监督举报电话12317。"
        f"反映情况请实事求是，村委会将逐一调查核实，并在下一轮公示前作出答复。\n\n"
        f"公示期满无异议的，报{village['township']}人民政府审核。\n"
    )


# ---------------------------------------------------------------- projects and funds

FUND_SOURCES = ("中央财政专项扶贫资金", "省级财政扶贫资金", "市级财政扶贫资金",
                "县级财政扶贫配套资金", "群众自筹及投工投劳折资", "一事一议财政奖补资金")
PROJECT_TYPES = (
    ("整村推进", "村内道路硬化、人畜饮水工程、庭院改造、产业扶持、科技培训", "道路硬化{a}公里，人畜饮水管道{b}公里"),
    ("人畜饮水工程", "新建蓄水池、铺设引水管道、入户水管及水表安装", "新建蓄水池{a}座，铺设引水管道{b}公里"),
    ("通村公路路面硬化", "通村公路水泥混凝土路面硬化、排水沟及安全防护设施", "硬化路面{a}公里，路面宽4.5米"),
    ("核桃提质增效产业扶持", "核桃低产林改造、嫁接换优、病虫害防治、管护技术培训", "改造核桃低产林{a}00亩，培训农户{b}0人次"),
)
STATUSES = ("未开工", "在建", "已完工", "已竣工验收")


def money_text(cents, unit):
    """Exact text for an amount in cents: 元 with up to 2 decimals, or 万元."""
    if unit == "万元":
        whole, frac = divmod(cents, 1_000_000)
        frac_text = f"{frac:06d}".rstrip("0")
        return f"{whole}.{frac_text}万元" if frac_text else f"{whole}万元"
    whole, frac = divmod(cents, 100)
    return f"{whole}.{frac:02d}元" if frac else f"{whole}元"


def make_projects(rng, villages, count):
    projects = []
    for i in range(count):
        v = villages[(i * 7) % len(villages)]
        kind, content, scale = PROJECT_TYPES[i % len(PROJECT_TYPES)]
        sources = rng.sample(FUND_SOURCES, rng.randrange(2, 5))
        # Amounts in cents: round 万元 figures, and one odd 元 figure.
        amounts = [rng.randrange(5, 200) * 1_000_000 for _ in sources]
        amounts[-1] = rng.randrange(100_000, 9_000_000)  # e.g. 12345.60元
        unit = "万元"
        funds = [(s, money_text(a, "元" if j == len(sources) - 1 else unit))
                 for j, (s, a) in enumerate(zip(sources, amounts))]
        total = sum(amounts)
        start = dt.date(YEAR, 1 + i % 6, 1 + (i * 3) % 28)
        projects.append({
            "code": f"{YEAR}-{i + 1:03d}",
            "name": f"{v['name']}{kind}",
            "region": v["code"],
            "place": v["name"],
            "kind": kind,
            "content": content,
            "scale": scale.format(a=rng.randrange(2, 9), b=rng.randrange(2, 9)),
            "implementer": f"{v['township']}人民政府",
            "manager": rng.choice(SURNAMES) + "某某",
            "from": start,
            "to": start + dt.timedelta(days=rng.randrange(90, 300)),
            "status": rng.choice(STATUSES),
            "households": rng.randrange(60, 400),
            "poor": rng.randrange(20, 60),
            "funds": funds,
            "amounts": amounts,
            "total": money_text(total, "元"),
            "goals": f"惠及{v['name']}群众，改善生产生活条件",
            "mechanism": "优先吸纳贫困户投工投劳，贫困户全部受益",
        })
    return projects


def projects_yaml(projects):
    out = [f"# {COUNTY_NAME}{YEAR}年度财政专项扶贫资金项目", "kind: projects", f"year: {YEAR}", "rows:"]
    for p in projects:
        people = p["households"] * 4
        out += [
            f'  - code: "{p["code"]}"',
            f"    name: {p['name']}",
            f'    region: "{p["region"]}"',
            f"    content: {p['content']}",
            f"    scale: {p['scale']}",
            f"    implementer: {p['implementer']}",
            f"    manager: {p['manager']}",
            f"    period: {{ from: {p['from']}, to: {p['to']} }}",
            f"    status: {p['status']}",
            f"    beneficiaries: {{ households: {p['households']}, people: {people}, "
            f"poor_households: {p['poor']}, poor_people: {p['poor'] * 4} }}",
            "    funds:",
        ]
        for source, amount in p["funds"]:
            out.append(f"      - {{ source: {source}, amount: {amount} }}")
        out += [
            f"    total: {p['total']}",
            "    subsidy_standard: 按省级补助标准执行",
            f"    goals: {p['goals']}",
            f"    mechanism: {p['mechanism']}",
        ]
    return "\n".join(out) + "\n"


def make_ledger(rng, projects):
    rows = []
    for i, p in enumerate(projects):
        for j, ((source, _), cents) in enumerate(zip(p["funds"], p["amounts"])):
            if source.startswith("群众"):
                continue
            disbursed = cents * rng.choice((10, 10, 8, 6, 5, 0)) // 10
            rows.append({
                "date": dt.date(YEAR, 3 + (i + j) % 6, 1 + (i * 5 + j * 11) % 28),
                "source": source,
                "document": f"某财农指〔{YEAR}〕{10 + i * 3 + j}号",
                "project": p["code"],
                "allocated": money_text(cents, "元"),
                "disbursed": money_text(disbursed, "元"),
                "purpose": p["kind"],
            })
    rows.sort(key=lambda r: (r["date"], r["project"]))
    return rows


def ledger_yaml(rows):
    out = [f"# {COUNTY_NAME}{YEAR}年度财政专项扶贫资金下达及拨付台账", "kind: funds", f"year: {YEAR}", "rows:"]
    for r in rows:
        out += [
            f"  - date: {r['date']}",
            f"    source: {r['source']}",
            f"    document: {r['document']}",
            f'    project: "{r["project"]}"',
            f"    allocated: {r['allocated']}",
            f"    disbursed: {r['disbursed']}",
            f"    purpose: {r['purpose']}",
        ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- notices

def gongshi_notice(front, body):
    lines = ["---"]
    for key, value in front:
        lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def toml_str(s):
    """A TOML basic string (all generated text is plain, but be safe)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def markdown_table(titles, rows):
    out = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    for r in rows:
        out.append("| " + " | ".join(md_escape(c) for c in r) + " |")
    return "\n".join(out) + "\n"


def hugo_page(title, date, params, body, table_caption, titles, rows):
    fm = ["---", f"title: {yaml_str(title)}", f"date: {date}"]
    for key, value in params:
        fm.append(f"{key}: {yaml_str(value)}")
    fm.append("---")
    return "\n".join(fm) + "\n" + page_body(body, table_caption, titles, rows)


def page_body(body, table_caption, titles, rows):
    """The Markdown after the front matter, the same for the Hugo and the Zola twin."""
    return body + "\n**" + table_caption + "**\n\n" + markdown_table(titles, rows)


def zola_page(title, date, params, markdown):
    """A Zola page: TOML front matter (Zola keeps a page's own fields under [extra])
    and the Hugo twin's Markdown."""
    fm = ["+++", f"title = {toml_str(title)}", f"date = {date}", "", "[extra]"]
    for key, value in params:
        fm.append(f"{key} = {toml_str(value)}")
    fm.append("+++")
    return "\n".join(fm) + "\n" + markdown


HUGO_CONFIG = """\
# Generated by bench/gen_corpus.py: the benchmark's Hugo twin of the gongshi corpus.
baseURL = "https://www.example.gov.cn/fpgk/"
languageCode = "zh-CN"
title = "{title}"
# Like gongshi: a home page and a page per notice, one feed of all notices and a
# sitemap; no taxonomies. (gongshi also writes print sheets, CSV/JSON and region,
# project and fund pages, which this twin does not ask of Hugo.)
disableKinds = ["taxonomy", "term", "robotsTXT", "404"]
relativeURLs = true

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]

[params]
issuer = "{issuer}"
hotline = "12317"
phone = "0870-1234567"
address = "县扶贫办(县政府大楼3楼)"

[markup.goldmark.renderer]
unsafe = false
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<style>
body { font-family: sans-serif; line-height: 1.6; max-width: 60rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: .25rem .5rem; }
.status { font-weight: bold; }
</style>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>
<p>监督举报电话：{{ .Site.Params.hotline }}（全国扶贫监督举报电话）、{{ .Site.Params.phone }}；地址：{{ .Site.Params.address }}</p>
<p>{{ .Site.Params.issuer }}</p>
</footer>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "title" }}{{ .Title }} - {{ .Site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="status">{{ .Params.kind }} · {{ .Params.region }}</p>
{{ with .Params.period_from }}<p>公示期：{{ . }} 至 {{ $.Params.period_to }}</p>{{ end }}
{{ .Content }}
<p>{{ .Params.issuer }}<br>{{ .Date.Format "2006-01-02" }}</p>
</article>
{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Site.RegularPages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Params.issuer }}</li>
{{ end }}
</ul>
{{ end }}
"""


ZOLA_CONFIG = """\
# Generated by bench/gen_corpus.py: the benchmark's Zola twin of the gongshi corpus.
# Renders what the Hugo twin renders: a home page and a section page each listing
# every notice, a page per notice, one feed of all notices (rss.xml, shaped like
# Hugo's: a plain-text summary per notice, not the whole page) and a sitemap. Zola
# also always writes a 404.html and a robots.txt (two small files Hugo is told not to
# write). Minified by `zola build --minify`, as `hugo --minify`.
base_url = "https://www.example.gov.cn/fpgk"
title = "{title}"
default_language = "zh"
generate_feeds = true
feed_filenames = ["rss.xml"]
build_search_index = false
compile_sass = false

[markdown]
smart_punctuation = false

[extra]
issuer = "{issuer}"
hotline = "12317"
phone = "0870-1234567"
address = "县扶贫办(县政府大楼3楼)"
"""

ZOLA_BASE = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<style>
body { font-family: sans-serif; line-height: 1.6; max-width: 60rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: .25rem .5rem; }
.status { font-weight: bold; }
</style>
</head>
<body>
<header><a href="{{ get_url(path="/") }}">{{ config.title }}</a></header>
<main>
{% block main %}{% endblock main %}
</main>
<footer>
<p>监督举报电话：{{ config.extra.hotline }}（全国扶贫监督举报电话）、{{ config.extra.phone }}；地址：{{ config.extra.address }}</p>
<p>{{ config.extra.issuer }}</p>
</footer>
</body>
</html>
"""

ZOLA_PAGE = """\
{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ config.title }}{% endblock title %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<p class="status">{{ page.extra.kind }} · {{ page.extra.region }}</p>
{% if page.extra.period_from %}<p>公示期：{{ page.extra.period_from }} 至 {{ page.extra.period_to }}</p>{% endif %}
{{ page.content | safe }}
<p>{{ page.extra.issuer }}<br>{{ page.date | date(format="%Y-%m-%d") }}</p>
</article>
{% endblock main %}
"""

# The Hugo twin's list.html ranges over .Site.RegularPages on both the home page and
# the notices section: every notice, newest first. The same here.
ZOLA_LIST_ITEMS = """\
<ul>
{% for page in notices.pages %}
<li><a href="{{ page.permalink }}">{{ page.title }}</a> {{ page.date | date(format="%Y-%m-%d") }} {{ page.extra.issuer }}</li>
{% endfor %}
</ul>
"""

ZOLA_INDEX = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ section.title }}</h1>
{% set notices = get_section(path="notices/_index.md") %}
""" + ZOLA_LIST_ITEMS + """\
{% endblock main %}
"""

ZOLA_SECTION = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ section.title }}</h1>
{% set notices = section %}
""" + ZOLA_LIST_ITEMS + """\
{% endblock main %}
"""

# Hugo's built-in RSS template: every page, its description the page's summary (the
# text of its first 70 words: for these pages the body and the first rows of the
# table, ≈ 800 characters) rather than the whole page. Zola's built-in feed would put
# each whole page, table included, in the feed; this one does what Hugo's does.
ZOLA_RSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
<channel>
<title>{{ config.title }}</title>
<link>{{ config.base_url | escape_xml | safe }}</link>
<description>Recent content on {{ config.title }}</description>
<generator>Zola</generator>
<language>{{ lang }}</language>
<atom:link href="{{ feed_url | safe }}" rel="self" type="application/rss+xml"/>
<lastBuildDate>{{ last_updated | date(format="%a, %d %b %Y %H:%M:%S %z") }}</lastBuildDate>
{%- for page in pages %}
<item>
<title>{{ page.title }}</title>
<pubDate>{{ page.date | date(format="%a, %d %b %Y %H:%M:%S %z") }}</pubDate>
<link>{{ page.permalink | escape_xml | safe }}</link>
<guid>{{ page.permalink | escape_xml | safe }}</guid>
<description>{{ page.content | striptags | truncate(length=800) }}</description>
</item>
{%- endfor %}
</channel>
</rss>
"""


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notices", type=int, required=True, help="number of village household notices")
    ap.add_argument("--rows", type=int, default=50, help="households per list (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--projects", type=int, default=8, help="projects in the project list (default 8)")
    ap.add_argument("--out", required=True, help="output folder (gongshi/, hugo/ and zola/ are written in it)")
    ap.add_argument("--only", choices=("all", "both", "gongshi", "hugo", "zola"), default="all",
                    help="which site to write (default all three; 'both' is an old name for all; "
                         "the province run needs only gongshi). The others are computed "
                         "but not written, so any site is the same whatever is asked for")
    ap.add_argument("--force", action="store_true", help="replace DIR/gongshi, DIR/hugo and DIR/zola if they exist")
    args = ap.parse_args()
    if args.notices < 1 or args.rows < 1 or args.projects < 1:
        ap.error("--notices, --rows and --projects must be at least 1")

    g_root = os.path.join(args.out, "gongshi")
    h_root = os.path.join(args.out, "hugo")
    z_root = os.path.join(args.out, "zola")
    global WRITE_ROOTS
    WRITE_ROOTS = {"all": (g_root, h_root, z_root), "both": (g_root, h_root, z_root),
                   "gongshi": (g_root,), "hugo": (h_root,), "zola": (z_root,)}[args.only]
    for d in WRITE_ROOTS:
        if os.path.exists(d):
            if not args.force:
                sys.exit(f"gen_corpus: {d} exists (use --force to replace it)")
            shutil.rmtree(d)

    rng = random.Random(args.seed)
    townships, villages = make_regions(rng, args.notices)
    ids = IdNumbers(rng, args.notices * args.rows)
    site_title = f"{COUNTY_NAME}扶贫开发信息公开"
    site_issuer = f"{COUNTY_NAME}扶贫开发领导小组办公室"

    write(os.path.join(g_root, "site.yaml"), site_yaml(townships))
    write(os.path.join(h_root, "config.toml"),
          HUGO_CONFIG.format(title=site_title, issuer=site_issuer))
    for name, text in (("baseof", HUGO_BASEOF), ("single", HUGO_SINGLE), ("list", HUGO_LIST)):
        write(os.path.join(h_root, "layouts", "_default", f"{name}.html"), text)
    write(os.path.join(h_root, "content", "_index.md"), f"---\ntitle: {yaml_str(site_title)}\n---\n")
    write(os.path.join(h_root, "content", "notices", "_index.md"), "---\ntitle: 公示公告\n---\n")
    write(os.path.join(z_root, "config.toml"), ZOLA_CONFIG.format(title=site_title, issuer=site_issuer))
    for name, text in (("base", ZOLA_BASE), ("index", ZOLA_INDEX), ("section", ZOLA_SECTION),
                       ("page", ZOLA_PAGE)):
        write(os.path.join(z_root, "templates", f"{name}.html"), text)
    write(os.path.join(z_root, "templates", "rss.xml"), ZOLA_RSS)
    write(os.path.join(z_root, "content", "_index.md"), f"+++\ntitle = {toml_str(site_title)}\n+++\n")
    # Newest first, as Hugo orders its pages; one page listing all, as the Hugo twin.
    write(os.path.join(z_root, "content", "notices", "_index.md"),
          '+++\ntitle = "公示公告"\nsort_by = "date"\n+++\n')

    first_day = dt.date(YEAR, 3, 1)
    span_days = 240  # notices signed from March to October
    k = 0
    batches = {}
    for i in range(args.notices):
        # Spread notices evenly across villages: notice i goes to village i mod V.
        village = villages[i % len(villages)]
        batch = batches[village["code"]] = batches.get(village["code"], 0) + 1
        slug = f"v{village['code']}-{YEAR}-{batch:02d}"
        rows = [make_household(rng, ids, k + j, village) for j in range(args.rows)]
        k += args.rows
        start = first_day + dt.timedelta(days=(i * 7919) % span_days)
        end = start + dt.timedelta(days=6)
        title = f"{village['name']}{YEAR}年度贫困户识别结果公示（第{cn_number(batch)}批）"
        issuer = f"{village['name']}村民委员会"
        body = village_body(village, batch, rows, start, end)
        rec = f"households/{slug}.yaml"
        write(os.path.join(g_root, "content", "records", rec),
              households_yaml(f"{title}：拟确定贫困户名单", rows))
        front = [
            ("title", title),
            ("kind", "publicity"),
            ("stage", "village"),
            ("region", f'"{village["code"]}"'),
            ("issuer", issuer),
            ("date", str(start)),
            ("period", f"{{ from: {start}, to: {end} }}"),
            ("records", rec),
            ("columns", "[" + ", ".join(COLUMNS) + "]"),
        ]
        write(os.path.join(g_root, "content", "notices", "households", slug + ".md"),
              gongshi_notice(front, body))
        people = sum(h["size"] for h in rows)
        params = [
            ("kind", "公示"), ("region", f"{village['township']}{village['name']}"),
            ("issuer", issuer), ("period_from", str(start)), ("period_to", str(end)),
        ]
        caption = f"{title}（共 {len(rows)} 户 {people} 人）"
        cells = [household_cells(h) for h in rows]
        write(os.path.join(h_root, "content", "notices", slug + ".md"),
              hugo_page(title, start, params, body, caption, TITLES, cells))
        write(os.path.join(z_root, "content", "notices", slug + ".md"),
              zola_page(title, start, params, page_body(body, caption, TITLES, cells)))

    # Projects and the fund ledger, each with its county 公示 (≥ 10 days).
    projects = make_projects(rng, villages, args.projects)
    ledger = make_ledger(rng, projects)
    write(os.path.join(g_root, "content", "records", "projects", f"{YEAR}.yaml"), projects_yaml(projects))
    write(os.path.join(g_root, "content", "records", "funds", f"{YEAR}.yaml"), ledger_yaml(ledger))
    county_notices = (
        (f"projects-{YEAR}-publicity", f"{COUNTY_NAME}{YEAR}年度财政专项扶贫资金项目公示",
         dt.date(YEAR, 8, 25), f"projects/{YEAR}.yaml",
         f"现将我县{YEAR}年度财政专项扶贫资金项目的建设内容、建设规模、资金来源及金额、实施单位及责任人、"
         f"建设期限、绩效目标和带贫减贫机制予以公示。本次公示项目共{len(projects)}个，各项目同时在项目所在村张榜公布。",
         ("项目编号", "项目名称", "实施地点", "建设内容", "项目状态", "总投资"),
         [(p["code"], p["name"], p["place"], p["content"], p["status"], p["total"]) for p in projects]),
        (f"funds-{YEAR}-publicity", f"{COUNTY_NAME}{YEAR}年度财政专项扶贫资金下达及拨付情况公示",
         dt.date(YEAR, 9, 1), f"funds/{YEAR}.yaml",
         f"为加强财政专项扶贫资金监管，接受社会监督，现将我县{YEAR}年度财政专项扶贫资金的下达文号、"
         "资金来源、下达金额、已拨付金额和用途公示如下。",
         ("日期", "资金来源", "文号", "项目", "下达金额", "已拨付金额", "用途"),
         [(str(r["date"]), r["source"], r["document"], r["project"], r["allocated"], r["disbursed"],
           r["purpose"]) for r in ledger]),
    )
    for slug, title, start, rec, intro, titles, cells in county_notices:
        end = start + dt.timedelta(days=11)
        body = (f"{intro}\n\n公示期为{cn_date(start)}至{cn_date(end)}。公示期内如有异议，请向{site_issuer}反映"
                f"（地址：县政府大楼3楼，电话0870-1234567），或拨打全国扶贫监督举报电话12317。\n")
        front = [
            ("title", title), ("kind", "publicity"), ("stage", "county"),
            ("region", f'"{COUNTY_CODE}"'), ("issuer", site_issuer), ("date", str(start)),
            ("period", f"{{ from: {start}, to: {end} }}"), ("records", rec),
        ]
        write(os.path.join(g_root, "content", "notices", slug.split("-")[0], slug + ".md"),
              gongshi_notice(front, body))
        params = [
            ("kind", "公示"), ("region", COUNTY_NAME), ("issuer", site_issuer),
            ("period_from", str(start)), ("period_to", str(end)),
        ]
        write(os.path.join(h_root, "content", "notices", slug + ".md"),
              hugo_page(title, start, params, body, title, titles, cells))
        write(os.path.join(z_root, "content", "notices", slug + ".md"),
              zola_page(title, start, params, page_body(body, title, titles, cells)))

    print(f"gen_corpus: {args.notices} notices x {args.rows} households "
          f"({args.notices * args.rows} IDs), {len(villages)} villages in {len(townships)} townships, "
          f"{len(projects)} projects, {len(ledger)} ledger rows -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
