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


# The "daily" wording (make_archive(daily=True)): sentences put together from these, so
# that a year of issues reads as a real paper's does, each issue its own words.
ORGS = ("市委", "市政府", "市发改委", "市商务局", "市文广新旅局", "市农业农村局", "市生态环境局",
        "市住建局", "市教育局", "市卫健委", "市人社局", "市交通运输局", "市市场监管局", "市应急管理局",
        "市统计局", "市工信局", "市水利局", "市民政局", "团市委", "市妇联", "市总工会", "市科协",
        "县委", "县政府", "乡镇党委", "街道办事处", "村党支部", "社区党委", "产业园管委会", "供电公司")
ACTIONS = ("召开专题会议", "深入调研", "部署推进", "组织开展", "扎实推进", "全面启动", "集中签约",
           "现场观摩", "专题研究", "督查指导", "协调解决", "统筹推进", "认真落实", "广泛宣传",
           "联合举办", "精心组织", "积极探索", "持续深化", "加快建设", "优化提升")
THINGS = ("重点项目", "民生实事", "防汛备汛", "冬春农田水利", "消费帮扶", "技能培训", "义诊服务",
          "送戏下乡", "科普宣传", "垃圾分类", "交通秩序整治", "校园安全检查", "森林防火", "候鸟保护",
          "电网改造", "农村饮水安全", "医保政策宣讲", "就业招聘会", "稳岗扩岗", "企业服务日",
          "文明城市创建", "全域旅游", "高标准农田建设", "智慧社区", "数字乡村", "老年助餐",
          "儿童友好城市", "反诈宣传", "法治讲座", "非遗展演", "读书分享会", "马拉松赛事", "龙舟赛",
          "茶叶采摘", "柑橘上市", "水产养殖", "光伏发电", "储能电站", "港口物流", "铁水联运")
METRICS = ("地区生产总值", "规上工业增加值", "固定资产投资", "社会消费品零售总额", "外贸进出口总额",
           "实际利用外资", "一般公共预算收入", "城镇居民人均可支配收入", "农村居民人均可支配收入",
           "接待游客人次", "旅游综合收入", "港口货物吞吐量", "新增市场主体", "城镇新增就业")
VERBS = ("增长", "提高", "上升", "突破", "达到", "完成")
GOALS = ("群众满意度持续提升", "办事效率明显提高", "企业获得感不断增强", "项目建设跑出加速度",
         "城乡面貌焕然一新", "生态环境持续向好", "发展后劲不断增强", "服务触角延伸到末梢",
         "安全底线守得更牢", "文化活力竞相迸发", "产业链条越拉越长", "乡亲们的腰包鼓起来了")
FEELINGS = ("心里踏实多了", "日子越过越有奔头", "家门口就能办成事", "再也不用来回跑了",
            "孩子上学方便多了", "看病不用往城里跑", "收入比往年高出一截", "环境变美了心情也好了")
ROLES = ("负责人", "党支部书记", "村民", "社区居民", "企业主", "志愿者", "一线职工", "驻村第一书记",
         "种植大户", "返乡创业青年", "退休教师", "外卖骑手")
PLACES_SMALL = ("八角岭村", "城门山社区", "赛城湖垦殖场", "新港镇", "姑塘镇", "沙河街", "港口街镇",
                "莲花镇", "马回岭镇", "狮子镇", "周溪镇", "南溪乡", "白鹿镇", "九合乡", "马头镇",
                "石钟山景区", "琵琶亭", "甘棠湖", "南湖公园", "庐山站")
_SENTENCES = (
    "{date}，{org}{action}，围绕{thing}作出具体安排。",
    "{place}把{thing}作为重要抓手，{action}，{goal}。",
    "今年1月至{month}月，{place}{metric}同比{verb}{pct}%，{goal}。",
    "截至目前，{place}已累计完成{thing}{n}项，惠及群众{k}万余人。",
    "“{feeling}。”{small}{role}{name}说。",
    "{small}{role}{name}告诉记者，{thing}开展以来，{goal}。",
    "记者在{small}看到，{who}正在{where}{doing}，{goal}。",
    "据了解，{org}将继续{action}，推动{thing}与{topic}深度融合。",
    "{org}主要负责同志表示，要把{thing}抓紧抓实，确保{goal}。",
    "活动现场，{who}纷纷表示，{feeling}。",
    "下一步，{place}将以{topic}为牵引，{action}{thing}，力争全年完成投资{n}亿元。",
    "{year}年以来，{place}共投入资金{n}.{m2}亿元，实施{thing}项目{k}个。",
    "在{small}，{thing}让{who}{feeling}。",
    "{place}立足{topic}，{action}，打造{thing}的“{place2}样板”。",
)


def _sentence(rng: random.Random, day: dt.date) -> str:
    c = rng.choice
    return c(_SENTENCES).format(
        date=f"{day.month}月{day.day}日", org=c(ORGS), action=c(ACTIONS), thing=c(THINGS),
        place=c(PLACES), place2=c(PLACES), small=c(PLACES_SMALL), metric=c(METRICS), verb=c(VERBS),
        pct=f"{rng.randint(1, 19)}.{rng.randint(0, 9)}", month=max(1, day.month - 1), goal=c(GOALS),
        feeling=c(FEELINGS), role=c(ROLES), name=_name(rng), who=c(WHO), where=c(WHERE),
        doing=c(DOING), topic=c(TOPICS), n=rng.randint(2, 300), k=rng.randint(2, 90),
        m2=rng.randint(1, 9), year=day.year)


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
             paragraphs: tuple[int, int], day: dt.date, daily: bool = False) -> dict:
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
        if daily:   # mostly the paper's own words, now and then a sentence of the seed's
            texts.append("".join(deck.pop() if rng.random() < 0.15 else _sentence(rng, day)
                                 for _ in range(n + 1)))
            continue
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
               seed: int = 1, daily: bool = False) -> tuple[str, list[dict]]:
    """One issue's dump text, and its articles as generated (raw text, reader punctuation).

    ``daily``: a real daily's issue instead: 4–8 版面, 15–30 articles, 30–60k characters
    in the varied wording above (``pages``, ``articles`` and ``paragraphs`` are then unused)."""
    rng = random.Random(f"{seed}/{paper}/{day.isoformat()}" + ("/daily" if daily else ""))
    if daily:
        pages, paragraphs = (4, 8), (9, 20)
    n_pages = rng.randint(*pages)
    rest = list(PAGE_NAMES[1:])
    names = ["要闻"] + (rng.sample(rest, n_pages - 1) if n_pages <= len(PAGE_NAMES)
                        else rng.choices(rest, k=n_pages - 1))
    capture = day + dt.timedelta(days=rng.randint(0, 3))
    taken: set[str] = set()
    if daily:   # 15–30 articles over the 版面, every 版面 at least one
        per_page = [1] * n_pages
        for k in rng.choices(range(n_pages), k=rng.randint(15, 30) - n_pages):
            per_page[k] += 1
        arts = [_article(rng, (f"{n:02d}", names[n - 1]), taken, paragraphs, day, daily)
                for n in range(1, n_pages + 1) for _ in range(per_page[n - 1])]
    else:       # the random draws in the order they always were: the tests' dumps stay the same
        arts = [_article(rng, (f"{n:02d}", names[n - 1]), taken, paragraphs, day)
                for n in range(1, n_pages + 1) for _ in range(rng.randint(*articles))]
    lines = [line for a in arts for line in _screen(rng, paper, day, capture, a)]
    return "\n".join(lines).rstrip("\n") + "\n", arts


def make_archive(root: Path, *, months: Sequence[tuple[int, int]] = ((2025, 12),),
                 papers: Sequence[str] = ("九江日报",), pages: tuple[int, int] = (6, 8),
                 articles: tuple[int, int] = (2, 4), paragraphs: tuple[int, int] = (4, 14),
                 seed: int = 1, issues_per_month: int | None = None,
                 daily: bool = False) -> list[Path]:
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
                                     paragraphs=paragraphs, seed=seed, daily=daily)
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
    ap.add_argument("--daily", action="store_true",
                    help="a real daily's issues: 4–8 版面, 15–30 articles, 30–60k characters, varied wording")
    args = ap.parse_args(argv)
    paths = make_archive(args.out, months=args.months, seed=args.seed,
                         issues_per_month=args.issues_per_month, daily=args.daily)
    n_articles = sum(p.read_text(encoding="utf-8").count("\n日期:") for p in paths)
    n_bytes = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {n_articles} articles, {n_bytes} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
