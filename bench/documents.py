"""Benchmark (not a test): the document engine on a generated 200-slide deck and a 50,000-entry memory.

    .venv/bin/python bench/documents.py              # 5 runs of each measure (medians), about 20 s
    .venv/bin/python bench/documents.py --quick      # one run of each: well under 60 s
    .venv/bin/python bench/documents.py --smoke      # 10 slides, 1,000 entries, one run: a few seconds
    .venv/bin/python bench/documents.py --slides 400 --tm-entries 100000 --write-deck /tmp/deck.pptx

What it measures, on data generated from a fixed seed (the same deck and memory every run):

- The deck: 200 slides made with python-pptx, each a title and five to seven bullets of English
  sustainability sentences, a 4 × 3 table every fifth slide, and two or three paragraphs of speaker
  notes: about 2,100 segments. Every third bullet starts with a bold lead-in and every seventh ends
  with a linked source, so about a third of the segments carry tags (``tagged_segments``), and their
  translations keep them.
- ``floor_s``: python-pptx opening the deck and saving it again, nothing else: the usual way to
  rewrite a deck, parsing and re-serialising every part.
- ``extract_export_s``: :func:`extract` then :func:`export` with every segment translated (a Chinese
  sentence per segment), as the workbench does it: the file is read twice and written once. Timed in
  turns with the floor. Target: within 3 × floor. ``extract_s`` and ``export_s`` are each alone;
  ``floor_cpu_s`` and ``extract_export_cpu_s`` are the CPU time of the same work.
- ``suggest_s``: translation-memory suggestions (3 per segment, at least 70 %) for every segment with
  ``suggest_many`` (a text the deck repeats is looked up once; ``suggest_without_cache_s`` calls
  ``suggest`` for every segment), from a memory of 50,000 entries made from the deck's sentence
  templates with other cities, numbers and years, half of them with a lead-in ("In 2019, ...") or a
  tail clause, so most segments have fuzzy matches and some exact ones; every tenth entry is tagged
  like the deck's lead-ins, and the segments are asked with their tags, so matches carry tags over
  (``suggestions_with_tags``). Target: under 2 s.
  ``tm_build_s`` (building the memory's index) is reported apart: the workbench builds it once;
  ``tm_distinct_pairs`` counts the entries left once repeated pairs are merged; ``suggest_cpu_s`` is
  the CPU time of the same work, which a busy machine does not inflate (``load_average_1min`` says
  how busy it was).
- ``fuzzy_recall``: for a sample of 200 segments, the best score the prefiltered search finds against
  the best over every entry (rapidfuzz ``cdist``): how many segments get the same best score, how
  many are within 2 points of it, and the most points lost.

``--smoke`` (run by tests/bench/test_smoke.py, so `make test` fails when this script breaks) does the
same work on 10 slides and a 1,000-entry memory, once; its times mean nothing and the targets are not
checked, but the export must still carry every translation back.

One JSON document on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peixun.docengine import Tag, Tagged, TranslationMemory, export, extract  # noqa: E402

SEED = 20261128
CITIES = [
    ("New York", "纽约"),
    ("Seoul", "首尔"),
    ("London", "伦敦"),
    ("Copenhagen", "哥本哈根"),
    ("Singapore", "新加坡"),
    ("Shenzhen", "深圳"),
    ("Hangzhou", "杭州"),
    ("Chengdu", "成都"),
    ("Xiamen", "厦门"),
    ("Tianjin", "天津"),
    ("Freiburg", "弗赖堡"),
    ("Vancouver", "温哥华"),
    ("Curitiba", "库里蒂巴"),
    ("Rotterdam", "鹿特丹"),
    ("Stockholm", "斯德哥尔摩"),
    ("Wuhan", "武汉"),
]
SOURCES = [
    ("solar", "太阳能"),
    ("wind", "风能"),
    ("geothermal", "地热能"),
    ("biomass", "生物质能"),
    ("rooftop solar", "屋顶太阳能"),
]
# (English, Chinese) sentence templates; slots: city, n (a count), pct, year, mw, km, deg, src.
TEMPLATES = [
    (
        "{city} cut carbon emissions by {pct}% between 2010 and {year}.",
        "{city}在2010年至{year}年间碳排放减少了{pct}%。",
    ),
    ("The city plans to add {mw} MW of {src} capacity by {year}.", "该市计划到{year}年新增{mw}兆瓦{src}装机容量。"),
    ("{city} opened {km} km of bus rapid transit lines last year.", "{city}去年开通了{km}公里快速公交线路。"),
    ("Green bonds financed {n} new wastewater treatment plants.", "绿色债券为{n}座新建污水处理厂提供了资金。"),
    ("Waste sorting now covers {pct}% of households in {city}.", "{city}垃圾分类已覆盖{pct}%的家庭。"),
    ("District heating serves {n} buildings in the old town.", "区域供热为老城区的{n}栋建筑供热。"),
    ("The sponge city pilot absorbs {pct}% of annual rainfall.", "海绵城市试点可吸纳{pct}%的年降雨量。"),
    ("{city} aims to reach carbon neutrality by {year}.", "{city}力争在{year}年前实现碳中和。"),
    ("Every new public building must meet the green building standard.", "所有新建公共建筑必须符合绿色建筑标准。"),
    ("Electric buses make up {pct}% of the fleet in {city}.", "电动公交车占{city}公交车队的{pct}%。"),
    ("Heat pumps replaced {n} coal boilers in {year}.", "{year}年热泵替代了{n}台燃煤锅炉。"),
    ("The eco-industrial park recycles {pct}% of its industrial waste.", "该生态工业园区回收利用了{pct}%的工业废物。"),
    (
        "Visitors to the heritage district rose by {pct}% after the renewal.",
        "更新改造后，历史文化街区的游客增加了{pct}%。",
    ),
    ("{city} planted {n} trees along its new greenway.", "{city}沿新绿道种植了{n}棵树。"),
    ("Air quality improved on {n} days compared with {year}.", "与{year}年相比，空气质量改善的天数为{n}天。"),
    ("The smart grid cut peak load by {mw} MW during the heat wave.", "热浪期间，智能电网将峰值负荷降低了{mw}兆瓦。"),
    ("Congestion pricing reduced traffic in the centre by {pct}%.", "拥堵收费使市中心交通量减少了{pct}%。"),
    ("Reclaimed water supplies {pct}% of industrial demand in {city}.", "再生水满足了{city}{pct}%的工业用水需求。"),
    ("The landfill will close in {year} and become a park.", "该填埋场将于{year}年关闭并改建为公园。"),
    ("Energy audits found savings of {pct}% in {n} schools.", "能源审计发现{n}所学校可节能{pct}%。"),
    ("{city} issued its first green bond in {year}.", "{city}于{year}年发行了首只绿色债券。"),
    ("Cycling now accounts for {pct}% of trips to work in {city}.", "在{city}，骑自行车通勤的出行比例已达{pct}%。"),
    ("Retrofitting {n} apartment blocks halved their heating bills.", "对{n}栋公寓楼进行节能改造后，供暖费用减半。"),
    ("Offshore wind farms will supply {mw} MW to the grid by {year}.", "到{year}年，海上风电场将向电网供电{mw}兆瓦。"),
    ("Food waste collection started in {n} districts of {city}.", "{city}的{n}个区启动了厨余垃圾收集。"),
    ("The flood barrier protects {n} residents from storm surges.", "防洪屏障保护{n}名居民免受风暴潮影响。"),
    ("Public participation shaped the {year} climate action plan.", "公众参与塑造了{year}年气候行动计划。"),
    ("Rooftop gardens lowered surface temperatures by {deg} degrees.", "屋顶花园使地表温度降低了{deg}度。"),
    ("The metro extension adds {km} km and {n} stations.", "地铁延长线新增{km}公里和{n}座车站。"),
    ("Private investment covered {pct}% of the project cost.", "私人投资承担了项目成本的{pct}%。"),
]
TITLES = [
    "Energy master planning in {city}",
    "Smart transportation: lessons from {city}",
    "Municipal waste and water treatment",
    "Eco-heritage tourism in practice",
    "Climate-resilient city design",
    "Pollution reduction results",
    "Green financing instruments",
    "Clean energy transition in {city}",
    "Sustainable lifestyles and public campaigns",
    "Circular economy in industrial parks",
    "Green buildings: standards and retrofits",
    "Eco-cities: from plan to practice",
]
NOTES = [
    "Ask the participants how their own city measures progress against this target.",
    "Mention the budget and the timeline; officials will ask who paid for it.",
    "Pause here for questions about the financing model.",
    "Show the photographs from the site visit if time allows.",
    "Compare with the pilot cities in China that took a similar approach.",
]


# Ways a memory's sentence differs from the deck's beyond its numbers: a lead-in or a tail clause.
LEAD_INS = [
    ("In {year}, ", "{year}年，"),
    ("According to the city government, ", "据市政府介绍，"),
    ("As the World Bank reported, ", "据世界银行报告，"),
    ("By the end of the pilot, ", "试点结束时，"),
    ("Under the new master plan, ", "根据新的总体规划，"),
    ("For the first time, ", "首次"),
    ("In the first phase, ", "第一阶段，"),
    ("With support from the national government, ", "在国家政府支持下，"),
]
TAILS = [
    (" This was ahead of schedule.", "这一进度提前于计划。"),
    (" Residents were consulted twice.", "居民两次参与了咨询。"),
    (" The cost was shared with the province.", "费用由省级政府分担。"),
    (" Monitoring continues every month.", "监测工作每月持续进行。"),
    (" Other districts will follow.", "其他区将陆续跟进。"),
    (" The results are published online.", "结果在网上公布。"),
]


def vary(rng: random.Random, pair: tuple[str, str]) -> tuple[str, str]:
    """A memory entry near a deck sentence: the same sentence, or with a lead-in or a tail."""
    english, chinese = pair
    if rng.random() < 0.5:
        lead = rng.choice(LEAD_INS)
        year = rng.randint(2010, 2030)
        starts_with_a_name = any(english.startswith(city) for city, _ in CITIES)
        english = lead[0].format(year=year) + (english if starts_with_a_name else english[0].lower() + english[1:])
        chinese = lead[1].format(year=year) + chinese
    if rng.random() < 0.4:
        tail = rng.choice(TAILS)
        english, chinese = english + tail[0], chinese + tail[1]
    return english, chinese


def fill(rng: random.Random, template: tuple[str, str]) -> tuple[str, str]:
    """One sentence pair from a template with random slot values."""
    city = rng.choice(CITIES)
    src = rng.choice(SOURCES)
    values = {
        "n": rng.randint(2, 900),
        "pct": rng.randint(5, 95),
        "year": rng.randint(2015, 2060),
        "mw": rng.choice([50, 120, 200, 350, 500, 800, 1200]),
        "km": rng.randint(5, 120),
        "deg": rng.randint(1, 6),
    }
    english = template[0].format(city=city[0], src=src[0], **values)
    chinese = template[1].format(city=city[1], src=src[1], **values)
    return english, chinese


def make_deck(slides: int, rng: random.Random) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    bullets_layout, title_only = prs.slide_layouts[1], prs.slide_layouts[5]
    for number in range(1, slides + 1):
        title = rng.choice(TITLES).format(city=rng.choice(CITIES)[0])
        if number % 5 == 0:
            slide = prs.slides.add_slide(title_only)
            slide.shapes.title.text = title
            rows, cols = 4, 3
            table = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(1.6), Inches(9), Inches(4)).table
            for col, heading in enumerate(["City", "Measure", "Result"]):
                table.cell(0, col).text = heading
            for row in range(1, rows):
                table.cell(row, 0).text = rng.choice(CITIES)[0]
                table.cell(row, 1).text = fill(rng, rng.choice(TEMPLATES))[0]
                table.cell(row, 2).text = f"{rng.randint(5, 95)}% by {rng.randint(2025, 2060)}"
        else:
            slide = prs.slides.add_slide(bullets_layout)
            slide.shapes.title.text = title
            frame = slide.placeholders[1].text_frame
            for index in range(rng.randint(5, 7)):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                sentence = fill(rng, rng.choice(TEMPLATES))[0]
                if index % 3 == 1:
                    lead = paragraph.add_run()
                    lead.text = LEAD_IN
                    lead.font.bold = True
                    paragraph.add_run().text = sentence
                else:
                    paragraph.text = sentence
                if (number + index) % 7 == 0:
                    source = paragraph.add_run()
                    source.text = " (source)"
                    source.hyperlink.address = f"https://example.org/sources/{number}"
                paragraph.level = 1 if index % 3 == 2 else 0
        notes = slide.notes_slide.notes_text_frame
        for index in range(rng.randint(2, 3)):
            paragraph = notes.paragraphs[0] if index == 0 else notes.add_paragraph()
            paragraph.text = rng.choice(NOTES) if index else fill(rng, rng.choice(TEMPLATES))[0]
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


LEAD_IN = "Key point: "


def with_lead_in(english: str, chinese: str) -> tuple[Tagged, Tagged]:
    """A pair tagged as the deck's bullets with a bold lead-in are."""
    return (
        Tagged((Tag("g", 1, "open"), LEAD_IN, Tag("g", 1, "close"), english)),
        Tagged((Tag("g", 1, "open"), "要点：", Tag("g", 1, "close"), chinese)),
    )


def make_memory_entries(count: int, rng: random.Random) -> list[tuple]:
    """Sentence pairs from the deck's templates with other values, the titles, and the notes; every
    tenth pair tagged with a bold lead-in."""
    entries = []
    for index in range(count):
        roll = rng.random()
        if roll < 0.01:
            english, chinese = rng.choice(NOTES), "讲者备注"
        elif roll < 0.02:
            english, chinese = rng.choice(TITLES).format(city=rng.choice(CITIES)[0]), "专题"
        else:
            english, chinese = vary(rng, fill(rng, rng.choice(TEMPLATES)))
        if index % 10 == 0:
            english, chinese = with_lead_in(english, chinese)
        entries.append((english, chinese, {"id": index, "project": f"course-{index % 40}"}))
    return entries


def translations_for(segments, rng: random.Random) -> dict[str, str | Tagged]:
    """A Chinese sentence per segment; a tagged segment's translation keeps its tags (the words of its
    longest stretch become the sentence, the others a short Chinese phrase)."""
    chinese = [pair[1] for pair in (fill(rng, template) for template in TEMPLATES)]
    translations: dict[str, str | Tagged] = {}
    for segment in segments:
        sentence = rng.choice(chinese)
        if not segment.tagged.has_tags:
            translations[segment.key] = sentence
            continue
        texts = [item for item in segment.tagged.items if isinstance(item, str)]
        longest = max(texts, key=len) if texts else None
        translations[segment.key] = Tagged(
            tuple(
                item if isinstance(item, Tag) else sentence if item is longest else "要点："
                for item in segment.tagged.items
            )
        )
    return translations


def plain(text: str | Tagged) -> str:
    return text.plain if isinstance(text, Tagged) else text


def timed(function, repeat: int):
    """Median seconds of ``repeat`` calls and the last call's result."""
    seconds, _, result = timed_with_cpu(function, repeat)
    return seconds, result


def timed_with_cpu(function, repeat: int):
    """Median wall-clock and CPU seconds of ``repeat`` calls, and the last call's result. On a shared
    machine the CPU time says what the work costs when the wall clock also counts waiting for a core."""
    times, cpu_times, result = [], [], None
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu_times), result


def timed_pair(first, second, repeat: int):
    """Median wall-clock and CPU seconds of ``first`` and of ``second``, called alternately (so a busy
    machine slows both alike), and ``second``'s last result."""
    times: dict[str, list[float]] = {"first": [], "second": [], "first_cpu": [], "second_cpu": []}
    result = None
    for _ in range(repeat):
        for name, function in (("first", first), ("second", second)):
            started, cpu_started = time.perf_counter(), time.process_time()
            outcome = function()
            times[name].append(time.perf_counter() - started)
            times[f"{name}_cpu"].append(time.process_time() - cpu_started)
            if name == "second":
                result = outcome
    medians = {name: statistics.median(values) for name, values in times.items()}
    return medians, result


def floor(data: bytes) -> bytes:
    from pptx import Presentation

    out = io.BytesIO()
    Presentation(io.BytesIO(data)).save(out)
    return out.getvalue()


def fuzzy_recall(memory: TranslationMemory, texts: list[str], min_score: int) -> dict:
    """The best score found with the prefilter against the best over every entry, on a sample."""
    from rapidfuzz import fuzz, process

    from peixun.docengine.tm import normalise

    queries = [normalise(text) for text in texts]
    matrix = process.cdist(queries, memory._normal, scorer=fuzz.ratio, score_cutoff=min_score, workers=-1)
    best_everywhere = [min(99, round(best)) if best < 100 else 100 for best in matrix.max(axis=1)]
    found = [max((s.score for s in suggestions), default=0) for suggestions in memory.suggest_many(texts)]
    pairs = [(full, got) for full, got in zip(best_everywhere, found, strict=True) if full >= min_score]
    lost = [full - got for full, got in pairs]
    return {
        "sample": len(texts),
        "with_a_match": len(pairs),
        "same_best_score": sum(1 for points in lost if points <= 0),
        "within_2_points": sum(1 for points in lost if points <= 2),
        "max_points_lost": max(lost, default=0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each measure")
    parser.add_argument("--slides", type=int, default=200)
    parser.add_argument("--tm-entries", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=None, help="runs of each measure (default 5; --quick 1)")
    parser.add_argument("--recall-sample", type=int, default=200, help="segments checked against a full scan")
    parser.add_argument("--write-deck", metavar="PATH", help="also save the generated deck")
    parser.add_argument("--smoke", action="store_true", help="10 slides, 1,000 entries: a check")
    args = parser.parse_args()
    if args.smoke:
        args.quick, args.slides, args.tm_entries, args.recall_sample = True, 10, 1_000, 20
    repeat = args.repeat or (1 if args.quick else 5)
    started = time.perf_counter()
    rng = random.Random(SEED)

    print(f"generating a {args.slides}-slide deck", file=sys.stderr, flush=True)
    data = make_deck(args.slides, rng)
    if args.write_deck:
        Path(args.write_deck).write_bytes(data)
    segments = extract(data, "pptx")
    translations = translations_for(segments, rng)
    print(f"{len(segments)} segments; python-pptx open+save against extract+export", file=sys.stderr, flush=True)

    def extract_then_export() -> bytes:
        extract(data, "pptx")
        return export(data, "pptx", translations)

    # The floor and the engine are timed in turns, so a busy machine slows both alike.
    pair, exported = timed_pair(lambda: floor(data), extract_then_export, repeat)
    floor_s, both_s = pair["first"], pair["second"]
    print("extract, export", file=sys.stderr, flush=True)
    extract_s, _ = timed(lambda: extract(data, "pptx"), repeat)
    export_s, _ = timed(lambda: export(data, "pptx", translations), repeat)
    reread = extract(exported, "pptx")
    assert [s.text for s in reread] == [plain(translations[s.key]) for s in segments], "export lost a translation"
    tagged_segments = sum(1 for segment in segments if segment.tagged.has_tags)
    assert sum(len(s.tags) for s in reread) == sum(len(s.tags) for s in segments), "export lost a tag"

    print(f"building a {args.tm_entries}-entry memory", file=sys.stderr, flush=True)
    entries = make_memory_entries(args.tm_entries, rng)
    build_s, memory = timed(lambda: TranslationMemory(entries), 1)
    texts = [segment.tagged for segment in segments]
    print("suggestions for every segment", file=sys.stderr, flush=True)
    suggest_s, suggest_cpu_s, suggestions = timed_with_cpu(lambda: memory.suggest_many(texts), repeat)
    suggest_each_s, _ = timed(lambda: [memory.suggest(text) for text in texts], repeat)
    with_fuzzy = sum(1 for found in suggestions if any(not s.exact for s in found))
    with_exact = sum(1 for found in suggestions if any(s.exact for s in found))
    with_tags = sum(1 for found in suggestions for s in found if s.tagged is not None)
    print("checking the prefilter against a full scan", file=sys.stderr, flush=True)
    sample = random.Random(SEED + 1).sample([t.plain for t in texts], min(args.recall_sample, len(texts)))
    recall = fuzzy_recall(memory, sample, 70)

    targets = {
        "extract_export_within_3x_floor": both_s <= 3 * floor_s,
        "suggest_under_2s": suggest_s < 2.0,
    }
    doc = {
        "smoke": args.smoke,
        "slides": args.slides,
        "segments": len(segments),
        "tagged_segments": tagged_segments,
        "deck_bytes": len(data),
        "extract_export_s": round(both_s, 3),
        "extract_s": round(extract_s, 3),
        "export_s": round(export_s, 3),
        "floor_s": round(floor_s, 3),
        "extract_export_over_floor": round(both_s / floor_s, 2),
        "floor_cpu_s": round(pair["first_cpu"], 3),
        "extract_export_cpu_s": round(pair["second_cpu"], 3),
        "tm_entries": len(entries),
        "tm_distinct_pairs": len(memory),
        "tm_build_s": round(build_s, 3),
        "suggest_s": round(suggest_s, 3),
        "suggest_cpu_s": round(suggest_cpu_s, 3),
        "suggest_without_cache_s": round(suggest_each_s, 3),
        "segments_with_exact": with_exact,
        "segments_with_fuzzy": with_fuzzy,
        "suggestions_with_tags": with_tags,
        "fuzzy_recall": recall,
        "targets": targets,
        "repeat": repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
        "wall_s": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(doc, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
