"""Generate an archive of e-paper reader dumps: months of issues for tests and benchmarks.

    python benchmarks/make_dumps.py OUT_DIR [--months 2025-12,2026-01]
                                    [--issues-per-month N] [--seed N]

Writes ``OUT_DIR/<paper>/<YYYY-MM>/<paper>-<YYYY-MM-DD>.txt``, one dump per
issue, every screen laid out as ``docs/input-format.md`` describes and the
seed dump shows: reader header, headline block (kicker, headline, subtitle),
``日期``/``字号``/``版面`` lines with NBSP padding and the reader's links,
captions, a byline, indented paragraphs with section heading pairs, an
editor line.  Body text is the seed's sentences recombined, punctuated as
the reader writes it (ASCII ``,:?`` in Chinese text), sometimes as print.

Stdlib only and deterministic: an issue depends on the seed, the paper and
the date only, so adding a month leaves the other months' files unchanged.
``make_issue`` also returns what was generated, for tests to compare with
what the reader makes of the dump.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import functools
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

SEED = Path(__file__).parent.parent / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
NBSP = "\u00a0"

PAGE_NAMES = ("要闻", "综合", "经济", "社会", "文化", "理论", "体育", "县区", "视点", "专版")
PLACES = ("全市", "我市", "浔阳区", "濂溪区", "柴桑区", "修水县", "武宁县", "永修县", "德安县",
          "都昌县", "湖口县", "彭泽县", "瑞昌市", "共青城市", "庐山市", "经开区", "八里湖新区",
          "庐山西海")
TOPICS = ("老旧小区改造", "秋冬种植", "长江岸线修复", "职业教育", "非遗工坊", "冬季旅游",
          "夜间经济", "科技特派员服务", "营商环境", "全民健身", "河湖长制", "基层治理", "文化惠民",
          "小微企业融资", "乡村振兴", "安全生产", "粮食收储", "城市更新", "养老服务", "新能源产业",
          "数字经济", "招商引资", "产业链党建", "生态环境保护")
OUTCOMES = ("见成效", "跑出加速度", "稳步推进", "提质增效", "持续升温", "再上新台阶", "迈出新步伐",
            "激发新活力", "交出亮眼答卷", "按下快进键", "蹄疾步稳", "亮点纷呈")
PHRASES = ("党建聚链", "产业焕新", "项目攻坚", "民生提质", "城乡共融", "创新驱动", "绿色转型",
           "文旅融合", "党旗领航", "向新而行", "实干争先", "提速增效")
KICKERS = ("聚焦高质量发展", "坚持人民至上", "守护一江清水", "深入学习贯彻党的二十届四中全会精神",
           "一线观察", "新春走基层", "奋力打造区域中心城市", "项目建设大会战")
SUBTITLES = ("前三季度主要指标好于预期", "农技人员深入田间地头开展指导", "政务服务“一窗通办”全面推开",
             "校企共建实训基地二十余个", "“银企对接会”促成授信三十亿元", "居家社区机构协调发展",
             "城乡体育设施网络日益完善", "夜间经济成为拉动内需新引擎", "{place}探索{topic}新路径")
WHO = ("市民", "游客", "工人", "农技人员", "志愿者", "学生", "党员干部", "居民", "参赛选手", "演员")
WHERE = ("八里湖畔", "浔阳楼前", "滨江公园", "生产车间", "田间地头", "社区服务中心", "文化广场",
         "项目建设现场", "体育馆内", "长江岸边")
DOING = ("休闲健身", "参观游览", "加紧生产", "查看作物长势", "开展志愿服务", "选购年货", "参加比赛",
         "观看演出", "交流学习", "进行设备检修")
SEED_CAPTIONS = ("党建活动让上下游企业代表坐在一起,供需对接、难题共解。", "“帮办超市”全天候服务。",
                 "党建工作指导员上门询问辖区企业用人需求。")
QUESTIONS = ("怎样“{w}”?", "如何“{w}”?", "何以“{w}”?", "{w}靠什么?")
WORDS = ("链得上", "链得紧", "链得强", "留得住", "走得远", "转得快", "管得好", "接得住")
STANCES = ("沿着产业链", "依托党建链", "拓展创新链", "聚焦主责主业", "坚持问题导向", "立足资源禀赋")
AIMS = ("织密建强组织链", "优化畅通服务链", "精准赋能发展链", "打通服务堵点", "激活发展动能",
        "做优民生实事")
# No 文, 图 or 摄: a padded one-character name part would read as a photo credit.
SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许沈曾彭吕苏卢蒋蔡余叶"
GIVEN = "伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉萍红玲兰凤洁梅琳云雪荣瑞凡佳琼珍莉晶倩婷颖瑶丹蓉君琴薇岚"
_PRINT = str.maketrans({",": "，", ":": "：", "?": "？", "!": "！"})


@functools.lru_cache(maxsize=1)
def seed_sentences() -> tuple[str, ...]:
    """The seed's body sentences: after the byline, long enough, quotes balanced."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "记者" in line) + 1
    out = []
    for line in lines[start:]:
        for s in re.findall(r"[^。！？?!]+[。！？?!]+[”’]?", line.strip()):
            if len(s) >= 10 and s.count("“") == s.count("”") and s.count("‘") == s.count("’"):
                out.append(s)
    return tuple(out)


def _name(rng: random.Random) -> str:
    surname = "欧阳" if rng.random() < 0.03 else rng.choice(SURNAMES)
    return surname + "".join(rng.choices(GIVEN, k=rng.choice((1, 1, 2))))


def _byline(rng: random.Random) -> dict:
    """The byline as printed, and what it says: text (padding undone), authors, credit."""
    names = [_name(rng) for _ in range(3)]
    forms = (["本报记者", 0], ["本报记者", 0, 1], ["记者", 0, "通讯员", 1], ["□ 本报记者", 0],
             ["本报记者", 0, "通讯员", 1, 2], ["本报见习记者", 0], ["江西日报记者", 0],
             ["本报通讯员", 0])
    form = rng.choice(forms)
    credit = rng.choice(("文/图", "文", "摄")) if rng.random() < 0.3 else None
    printed, text, authors = [], [], []
    for part in form:
        if isinstance(part, str):
            printed.append(part)
            text.append(part)
            continue
        name = names[part]
        authors.append(name)
        text.append(name)
        printed.append(" ".join(name) if len(name) == 2 and rng.random() < 0.5 else name)
    if credit:
        printed.append(credit)
        text.append(credit)
    return {"line": " ".join(printed), "text": " ".join(text), "authors": authors, "credit": credit}


def _caption(rng: random.Random, plain_ok: bool) -> str:
    scene = rng.choice(WHO) + "在" + rng.choice(WHERE) + rng.choice(DOING) + "。"
    forms = ["图为" + scene, "▲" + scene, "▲ " + scene,
             f"{scene} 本报记者 {_name(rng)} 摄", f"{scene} {_name(rng)} 摄"]
    if plain_ok:
        forms += [scene, rng.choice(SEED_CAPTIONS)]
    return rng.choice(forms)


def _headline(rng: random.Random, taken: set[str]) -> str:
    while True:
        if rng.random() < 0.2:
            a, b = rng.sample(PHRASES, 2)
            title = f"{a} {b}"
        else:
            title = rng.choice(PLACES) + rng.choice(TOPICS) + rng.choice(OUTCOMES)
        if title not in taken:
            taken.add(title)
            return title


def _article(rng: random.Random, page: tuple[str, str], taken: set[str],
             paragraphs: tuple[int, int], day: dt.date) -> dict:
    shape = rng.choices(("h", "kh", "hs", "khs"), weights=(60, 15, 15, 10))[0]
    title = _headline(rng, taken)
    kicker = rng.choice(KICKERS) if "k" in shape else None
    subtitle = None
    if "s" in shape:
        subtitle = rng.choice(SUBTITLES).format(place=rng.choice(PLACES), topic=rng.choice(TOPICS))
    byline = _byline(rng) if rng.random() < 0.85 else None
    n_caps = rng.choices((0, 1, 2, 3), weights=(55, 25, 12, 8))[0]
    captions = [_caption(rng, byline is not None) for _ in range(n_caps)]
    deck = rng.sample(seed_sentences(), len(seed_sentences()))  # few repeats within an article
    texts = []
    for _ in range(rng.randint(*paragraphs)):
        n = rng.randint(1, 5)
        texts.append("".join(deck[:n]))
        deck = deck[n:] + deck[:n]
    if byline is None and rng.random() < 0.3:
        before = day - dt.timedelta(days=1)
        texts[0] = f"新华社北京{before.month}月{before.day}日电（记者 {_name(rng)}）" + texts[0]
    blocks: list = [{"type": "paragraph", "text": t} for t in texts]
    if len(texts) >= 4 and rng.random() < 0.4:
        # Heading pairs (question + statement) go before a paragraph, never last.
        spots = rng.sample(range(2, len(texts)), min(3, len(texts) - 2, rng.randint(1, 3)))
        for k in sorted(spots, reverse=True):
            question = rng.choice(QUESTIONS).format(w=rng.choice(WORDS))
            statement = rng.choice(STANCES) + "," + rng.choice(AIMS)
            blocks.insert(k, {"type": "heading", "text": question, "subtitle": statement})
    editor = _name(rng) if rng.random() < 0.3 else None
    if rng.random() < 0.2:  # set with print punctuation, not the reader's ASCII
        captions = [c.translate(_PRINT) for c in captions]
        for b in blocks:
            b.update({k: v.translate(_PRINT) for k, v in b.items() if k != "type"})
    return {"page": page[0], "page_name": page[1], "kicker": kicker, "title": title,
            "subtitle": subtitle, "captions": captions, "byline": byline, "blocks": blocks,
            "editor": editor}


def _screen(rng: random.Random, paper: str, day: dt.date, capture: dt.date, a: dict) -> list[str]:
    head = [x for x in (a["kicker"], a["title"], a["subtitle"] and "——" + a["subtitle"]) if x]
    pad = NBSP * rng.randint(2, 8)
    out = ["电子报阅读机", capture.isoformat(), WEEKDAYS[capture.weekday()],
           f"当前报纸名称:{paper}", "", *head, "", f"日期:{day:%m-%d}", "字号:",
           f"版面:第{a['page']}版:{a['page_name']}{pad} 上一篇 {NBSP * 3}下一篇", ""]
    lines = list(a["captions"]) + ([a["byline"]["line"]] if a["byline"] else [])
    for b in a["blocks"]:
        lines += [b["text"], b["subtitle"]] if b["type"] == "heading" else [b["text"]]
    if a["editor"]:
        lines.append(rng.choice(("（责任编辑：{}）", "(责任编辑:{})", "责编:{}")).format(a["editor"]))
    for line in lines:
        out += ["  " + line, ""]
    return out


def make_issue(paper: str, day: dt.date, *, pages: tuple[int, int] = (6, 8),
               articles: tuple[int, int] = (2, 4), paragraphs: tuple[int, int] = (4, 14),
               seed: int = 1) -> tuple[str, list[dict]]:
    """One issue's dump text, and its articles as generated (raw text, reader punctuation)."""
    rng = random.Random(f"{seed}/{paper}/{day.isoformat()}")
    n_pages = rng.randint(*pages)
    rest = list(PAGE_NAMES[1:])
    names = ["要闻"] + (rng.sample(rest, n_pages - 1) if n_pages <= len(PAGE_NAMES)
                        else rng.choices(rest, k=n_pages - 1))
    capture = day + dt.timedelta(days=rng.randint(0, 3))
    taken: set[str] = set()
    arts = [_article(rng, (f"{n:02d}", names[n - 1]), taken, paragraphs, day)
            for n in range(1, n_pages + 1) for _ in range(rng.randint(*articles))]
    lines = [line for a in arts for line in _screen(rng, paper, day, capture, a)]
    return "\n".join(lines).rstrip("\n") + "\n", arts


def make_archive(root: Path, *, months: Sequence[tuple[int, int]] = ((2025, 12),),
                 papers: Sequence[str] = ("九江日报",), pages: tuple[int, int] = (6, 8),
                 articles: tuple[int, int] = (2, 4), paragraphs: tuple[int, int] = (4, 14),
                 seed: int = 1, issues_per_month: int | None = None) -> list[Path]:
    """Write ``root/<paper>/<YYYY-MM>/<paper>-<YYYY-MM-DD>.txt`` for each day (or the first
    ``issues_per_month`` days) of each month; return the paths, sorted."""
    paths = []
    for paper in papers:
        for year, month in months:
            days = calendar.monthrange(year, month)[1]
            folder = Path(root) / paper / f"{year:04d}-{month:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            for d in range(1, min(days, issues_per_month or days) + 1):
                day = dt.date(year, month, d)
                text, _ = make_issue(paper, day, pages=pages, articles=articles,
                                     paragraphs=paragraphs, seed=seed)
                path = folder / f"{paper}-{day.isoformat()}.txt"
                path.write_bytes(text.encode("utf-8"))
                paths.append(path)
    return sorted(paths)


def _month(s: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", s.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {s!r}")
    return int(m[1]), int(m[2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write the archive into")
    ap.add_argument("--months", default="2025-12",
                    type=lambda s: [_month(m) for m in s.split(",") if m.strip()],
                    help="comma-separated YYYY-MM (default: 2025-12)")
    ap.add_argument("--issues-per-month", type=int, metavar="N",
                    help="only the first N days of each month (default: every day)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    paths = make_archive(args.out, months=args.months, seed=args.seed,
                         issues_per_month=args.issues_per_month)
    n_articles = sum(p.read_text(encoding="utf-8").count("\n日期:") for p in paths)
    n_bytes = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {n_articles} articles, {n_bytes} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
