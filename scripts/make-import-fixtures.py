#!/usr/bin/env python3
"""Writes Tests/BBTImportTests/Fixtures/forms/: blank statistical report forms as 成都市 departments
send them down in Excel, for `bbt import-report`.

Each form is described below as a header tree whose leaves carry the FormTemplates field each column
is meant to match (exact label, a label variant, a computed indicator, or something new). The
script writes the .xlsx files, README.md, and expected-mapping.json (that intent, machine-readable).

Three writers are imitated:
  - openpyxl (shared strings), its zip made deterministic (fixed entry dates, fixed core.xml dates);
  - openpyxl, post-processed to inline strings (no sharedStrings.xml), like some other writers;
  - LibreOffice Calc: openpyxl → .ods → .xlsx through `soffice --headless --convert-to`, so the final
    file is LibreOffice's own (its bytes vary from run to run).

    python3 scripts/make-import-fixtures.py

Needs openpyxl (Debian's python3-openpyxl, in /usr/bin/python3: the script re-runs itself there if
the python3 on PATH lacks it) and LibreOffice (libreoffice-calc-nogui).
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

try:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("make-import-fixtures: needs openpyxl (apt-get install python3-openpyxl)")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "BBTImportTests" / "Fixtures" / "forms"
FIXED = datetime(2024, 3, 1, 9, 0, 0)          # document properties of every openpyxl file
ZIP_DATE = (2024, 3, 1, 9, 0, 0)               # and the date of every zip entry


# ---------------------------------------------------------------------------------------------
# Header trees. A leaf is L(label, field, kind[, note]); a group is G(label, children).
# kind: exact    — the label (less its unit, 其中：, line breaks) is the field's label
#       variant  — same figure, different wording (or the period's flow of a monthly field)
#       ytd      — the year-to-date sum of a field (ytd(field) in a report block)
#       computed — an indicator of FormTemplates/indicators.bbt
#       new      — nothing in the catalog collects it
#       slice    — a slice of a field collected by breakdowns (a member or group of its dimension)
#       ambiguous— looks like a field but is not quite one (documented in note)

class L:
    def __init__(self, label, field, kind, note=""):
        self.label, self.field, self.kind, self.note = label, field, kind, note


class G:
    def __init__(self, label, children):
        self.label, self.children = label, children


FORMS = []


def form(**kw):
    FORMS.append(kw)


form(
    file="zhujian_elevator.xlsx",
    writer="openpyxl", strings="shared",
    title="既有住宅增设电梯及老旧院落改造情况季报",
    dept="成都市住房和城乡建设局",
    form_no="川建统31表", approval="川统制〔2024〕17号", valid_until="2026年12月",
    period="报告期：      年第    季度",
    lead=("单位名称", "区划代码"),
    meta="cells",                 # each item its own cell: 表号 | 制定机关 on row 2, 批准文号 | 有效期至 on row 3
    designator="number",          # 甲 乙 then 1 2 3 … as numeric cells
    rows=["XX社区", "XX社区", "合计"],
    footer="merged",
    tree=[
        L("户数（户）", "households", "exact", "unit in full-width brackets"),
        L("常住人口数（人）", "pop_resident", "variant", "常住人口数 for 常住人口"),
        L("小区(院落)数（个）", "compounds", "exact", "label holds half-width brackets, unit full-width"),
        G("既有住宅增设电梯", [
            L("年度计划(台)", "elevator_plan", "variant", "年度计划 under the group 既有住宅增设电梯 (field: 年度计划增设电梯)"),
            L("已签订增设协议的单元(个)", "elevator_signed", "exact"),
            G("本季", [
                L("新开工(台)", "elevator_started", "variant", "quarter's sum of the monthly flow 本月开工电梯"),
                L("完工(台)", "elevator_done", "variant", "quarter's sum of the monthly flow 本月完工电梯"),
            ]),
            G("本年累计", [
                L("开工(台)", "elevator_started", "ytd", "ytd(elevator_started)"),
                L("完工(台)", "elevator_done", "ytd", "ytd(elevator_done)"),
            ]),
            L("加装电梯惠及户数(户)", None, "new"),
            L("财政补助资金(万元)", None, "new"),
        ]),
        G("老旧院落改造", [
            G("院落(个)", [
                L("年度计划改造院落", "oldyard_plan", "exact", "unit only on the parent group 院落(个)"),
                L("已开工院落", "oldyard_started", "exact", "unit only on the parent group"),
                L("已完工院落", "oldyard_done", "exact", "unit only on the parent group"),
            ]),
            L("完工率(%)", "oldyard_progress", "computed", "indicator 老旧院落改造完工率"),
            L("本季完成投资(万元)", "oldyard_invest", "variant", "本季 + 完成投资"),
            L("惠及居民户数(户)", None, "new"),
        ]),
    ],
)

form(
    file="minzheng_relief_month.xlsx",
    writer="libreoffice", strings="shared",
    title="城乡低保及临时救助情况月报",
    dept="成都市民政局",
    form_no="民统03表", approval="川统制〔2024〕8号", valid_until="2026年12月",
    period="报告期：      年    月",
    lead=("社区名称", "区划代码"),
    meta="line",                  # one cell per line: "表号：…　　制定机关：…" / "批准文号：…　　有效期至：…"
    designator=None,
    rows=["XX社区", "XX社区"],
    footer=None,
    tree=[
        L("户数(户)", "households", "exact"),
        L("低保户(户)", "dibao_households", "variant", "field: 城乡低保户数"),
        L("低保人数(人)", "dibao_persons", "variant", "field: 城乡低保人数"),
        L("特困供养人数(人)", "tekun_persons", "exact"),
        L("本月新增低保户(户)", None, "new", "a monthly flow; not dibao_households (a stock)"),
        L("本月退出低保户(户)", None, "new", "a monthly flow"),
        L("临时救助人次(人次)", None, "new"),
        L("临时救助金额(万元)", "relief_amount", "exact"),
        L("低保金发放金额(万元)", None, "new"),
        L("持证残疾人(人)", "pop_disabled", "exact"),
        L("80周岁及以上高龄老人(人)", "pop_registered[age.a80]", "slice", "户籍人口 by age: the member 80岁及以上"),
    ],
)

form(
    file="zuzhi_party_half.xlsx",
    writer="libreoffice", strings="shared",
    title="城市基层党建工作情况半年报",
    dept="中共成都市委组织部",
    form_no="组统05表", approval="成组通〔2024〕21号", valid_until="2025年12月",
    period="报告期：      年上（下）半年",
    lead=("单位名称", "区划代码"),
    meta="cells",
    fill_label="填报单位（盖章）：",
    designator="text",            # 甲 乙 then "1" "2" "3" … as text cells
    rows=["XX社区", "XX社区", "XX社区", "合计"],
    footer="merged",
    tree=[
        L("常住人口(人)", "pop_resident", "exact"),
        G("党员", [
            L("党员人数(人)", "party_members", "exact"),
            L("其中：流动党员(人)", "party_members_floating", "exact", "after the leading 其中："),
            L("本期新发展党员(人)", "party_members_new", "variant", "half-year sum of the monthly flow 新发展党员"),
            L("35岁及以下党员(人)", None, "new"),
        ]),
        G("党组织", [
            L("基层党组织数(个)", "party_orgs", "exact"),
            L("党支部数(个)", "party_branches", "exact"),
            L("网格党支部(党小组)数(个)", "grid_party_branches", "exact", "label holds brackets"),
        ]),
        G("两新组织", [
            L("两新组织数(个)", "twonew_orgs", "exact"),
            L("已建党组织的两新组织(个)", "twonew_party_covered", "exact"),
            L("选派党建指导员(人)", None, "new"),
        ]),
        G("物业党建", [
            L("物业服务企业数(家)", "property_firms", "exact"),
            L("已建党组织的物业服务企业(家)", "property_party_orgs", "exact"),
            L("“红色物业”示范小区(个)", None, "new", "label holds curly quotes"),
        ]),
        L("进网入格机关党员干部(人)", "cadres_in_grid", "exact"),
        L("党群服务站点(个)", None, "new"),
    ],
)

form(
    file="zhengfa_grid_year.xlsx",
    writer="openpyxl", strings="shared",
    title="网格化服务管理工作情况年报",
    dept="中共成都市委政法委员会",
    form_no="政法统11表", approval="成委政法〔2024〕9号", valid_until="2027年3月",
    period="报告期：      年",
    lead=("社区(村)名称", "区划代码"),
    meta="block",                 # one cell merged over rows 2–3 holding the four items on four lines
    designator="number",
    rows=[],
    footer="cells",               # the footer's five items in separate cells
    tree=[
        G("辖区基本情况", [
            L("常住\n人口\n(人)", "pop_resident", "exact", "line breaks inside the label"),
            L("流动\n人口\n(人)", "pop_floating", "exact", "line breaks inside the label"),
            L("户数\n(户)", "households", "exact", "line break before the unit"),
        ]),
        G("网格设置（个）", [
            L("一般\n网格", "grid_general", "variant", "field: 一般网格数; unit on the group"),
            L("微网格", "grid_micro", "variant", "field: 微网格数; unit on the group"),
            L("专属\n网格", "grid_special", "variant", "field: 专属网格数; unit on the group"),
        ]),
        G("网格力量", [
            L("网格员\n(人)", None, "ambiguous",
              "all grid staff; neither grid_workers (专职网格员) nor grid_micro_leaders (微网格员) — new"),
            L("其中：专职网格员(人)", "grid_workers", "exact", "after the leading 其中："),
            L("微网格员\n（人）", "grid_micro_leaders", "exact", "full-width unit after a line break"),
            L("进网入格\n党员干部\n(人)", "cadres_in_grid", "variant", "field: 进网入格机关党员干部"),
        ]),
        G("全年工作量", [
            L("走访入户\n(户次)", "grid_visits", "variant", "field: 网格员走访户次; year's sum of a flow"),
            L("发现问题\n(件)", "grid_issues_found", "variant", "field: 网格发现问题数"),
            L("办结问题\n(件)", "grid_issues_solved", "variant", "field: 网格问题办结数"),
            L("办结率\n(%)", "issue_solve_rate", "computed", "indicator 网格问题办结率"),
        ]),
        L("网格员人均\n服务户数\n(户)", None, "new", "a ratio the catalog has no indicator for"),
        L("智慧网格平台\n注册用户\n(人)", None, "new"),
    ],
)

form(
    file="tongji_population_month.xlsx",
    writer="openpyxl", strings="inline",
    char_refs=True,               # CJK text as XML character references (&#31038;), as openpyxl 3.0 writes it
    title="社区人口变动情况月报",
    dept="成都市统计局",
    form_no="基层统03表", approval="川统制〔2024〕45号", valid_until="2026年12月",
    period="报告期: 20  年  月",
    colon=":",                    # half-width colons in the meta block ("表号: …")
    lead=("单位名称", "统计用区划代码"),
    meta="line",
    designator="text",
    rows=["合计", "XX社区", "XX社区"],     # 统计 forms often put the total first
    footer=None,
    tree=[
        L("常住人口数(人)", "pop_resident", "variant", "常住人口数 for 常住人口"),
        L("户籍人口(人)", "pop_registered", "exact"),
        L("流动人口(人)", "pop_floating", "exact"),
        L("户数（户）", "households", "exact", "unit in full-width brackets"),
        L("本月出生(人)", "pop_births", "variant", "field: 出生人口 (monthly flow)"),
        L("本月死亡(人)", "pop_deaths", "variant", "field: 死亡人口"),
        L("本月迁入(人)", "pop_moved_in", "variant", "field: 迁入人口"),
        L("本月迁出(人)", "pop_moved_out", "variant", "field: 迁出人口"),
        L("60周岁及以上老年人口(人)", "pop_registered[age.a60]", "slice", "户籍人口 by age: the group 60岁及以上"),
        L("0-3岁婴幼儿(人)", "pop_registered[age.a0_3]", "slice", "户籍人口 by age: the member 0-3岁"),
        L("育龄妇女(人)", None, "new"),
        L("出租房屋(套)", None, "new"),
    ],
)

form(
    file="shezhi_services_quarter.xlsx",
    writer="libreoffice", strings="shared",
    title="2024年社区综合服务情况季报",
    dept="中共成都市委城乡社区发展治理委员会",
    form_no="社治统07表", approval="成统函〔2024〕12号", valid_until="2026年6月",
    period="报告期：2024年第    季度",
    lead=("社区名称", "区划代码"),
    meta="split",                 # labels and values in separate cells: 表号： | 社治统07表 | 制定机关： | …
    designator="number",
    rows=["XX社区", "XX社区", "合计"],
    footer="merged",
    tree=[
        L("社区类型", "community_type", "exact", "a choice (text) column, no unit"),
        L("常住人口(人)", "pop_resident", "exact"),
        G("社区服务", [
            G("养老服务", [
                L("日间照料中心(个)", "elderly_centers", "variant", "field: 社区养老服务综合体和日间照料中心"),
                L("养老床位(张)", "elderly_beds", "variant", "field: 社区养老床位"),
                L("老年助餐点(个)", "elderly_meal_points", "exact"),
                L("本季助餐服务(人次)", "elderly_meals", "variant", "quarter's sum of the flow 助餐服务人次"),
            ]),
            G("托育服务", [
                L("托育服务机构(个)", "childcare_centers", "exact"),
                L("托位数(个)", "childcare_places", "exact"),
            ]),
            G("健康服务", [
                L("家庭医生签约人数(人)", "doctor_signed", "exact"),
                L("其中：重点人群(人)", "doctor_signed_key", "variant", "其中： + short form of 重点人群签约人数"),
            ]),
        ]),
        G("社区活动", [
            G("文体活动", [
                L("群众性精神文明活动(次)", "civic_activities", "exact"),
                L("参与活动人次(人次)", "civic_participants", "exact"),
                L("群众体育赛事活动(次)", "sports_events", "exact"),
            ]),
            G("志愿服务", [
                L("注册志愿者(人)", "volunteers", "exact"),
                L("志愿服务时长(小时)", "volunteer_hours", "exact"),
                L("“时间银行”积分兑换(次)", None, "new", "label holds curly quotes"),
            ]),
        ]),
        G("社区营造", [
            L("社区花园(个)", "community_gardens", "exact", "leaf at level 2 of 3, merged down"),
            L("微更新项目(个)", "micro_updates", "variant", "field: 社区微更新项目"),
            G("社区基金", [
                L("设立数(个)", None, "new"),
                L("基金规模(万元)", None, "new"),
            ]),
        ]),
    ],
)


# ---------------------------------------------------------------------------------------------
# Layout

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="center")
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
FONT = "宋体"


def depth(nodes):
    return max(1 + (depth(n.children) if isinstance(n, G) else 0) for n in nodes)


def width(node):
    return sum(width(c) for c in node.children) if isinstance(node, G) else 1


def leaves(nodes, path=()):
    for n in nodes:
        if isinstance(n, G):
            yield from leaves(n.children, path + (n.label,))
        else:
            yield path + (n.label,), n


def unit_of(path):
    for label in reversed(path):
        m = re.search(r"[(（]([^()（）]*)[)）]\s*$", label.replace("\n", ""))
        if m:
            return m.group(1)
    return None


def number_format(path):
    u = unit_of(path)
    return {"万元": "0.00", "%": "0.0", "小时": "0.0"}.get(u, "0")


def put(ws, row, col, value, *, font=None, align=CENTER, border=BOX, fmt=None):
    c = ws.cell(row=row, column=col)
    if value is not None:
        c.value = value
    c.font = font or Font(name=FONT, size=10)
    c.alignment = align
    if border is not None:
        c.border = border
    if fmt:
        c.number_format = fmt
    return c


def merge(ws, r0, c0, r1, c1):
    if (r0, c0) != (r1, c1):
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


def build(f):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    tree, lead = f["tree"], f["lead"]
    D = depth(tree)
    cols = len(lead) + sum(width(n) for n in tree)
    colon = f.get("colon", "：")
    meta = [("表号", f["form_no"]), ("制定机关", f["dept"]), ("批准文号", f["approval"]),
            ("有效期至", f["valid_until"])]
    item = lambda k, v: f"{k}{colon}{v}" if colon == "：" else f"{k}{colon} {v}"

    # Row 1: the title, merged across the table.
    put(ws, 1, 1, f["title"], font=Font(name=FONT, size=16, bold=True), border=None)
    merge(ws, 1, 1, 1, cols)
    ws.row_dimensions[1].height = 30

    # Rows 2–3: the meta block.
    fill = f.get("fill_label", f"填报单位{colon}")
    small = Font(name=FONT, size=10)
    put(ws, 2, 1, fill, align=LEFT, border=None)
    put(ws, 3, 1, f["period"], align=LEFT, border=None)
    merge(ws, 2, 1, 2, 3)
    merge(ws, 3, 1, 3, 3)
    style = f["meta"]
    if style == "cells":
        # 表号 | 制定机关 on row 2, 批准文号 | 有效期至 on row 3, each cell merged over a few columns.
        a, b = cols - 6, cols - 3
        for r, pair in ((2, meta[:2]), (3, meta[2:])):
            put(ws, r, a, item(*pair[0]), align=LEFT, border=None)
            merge(ws, r, a, r, b - 1)
            put(ws, r, b, item(*pair[1]), align=LEFT, border=None)
            merge(ws, r, b, r, cols)
    elif style == "line":
        a = cols - 6
        put(ws, 2, a, item(*meta[0]) + "　　" + item(*meta[1]), align=RIGHT, border=None)
        merge(ws, 2, a, 2, cols)
        put(ws, 3, a, item(*meta[2]) + "　　" + item(*meta[3]), align=RIGHT, border=None)
        merge(ws, 3, a, 3, cols)
    elif style == "block":
        a = cols - 4
        text = "\n".join(item(k if k != "表号" else "表　　号", v) for k, v in meta)
        put(ws, 2, a, text, align=LEFT_WRAP, border=None)
        merge(ws, 2, a, 3, cols)
        ws.row_dimensions[2].height = 30
        ws.row_dimensions[3].height = 30
    elif style == "split":
        a = cols - 7
        for r, pair in ((2, meta[:2]), (3, meta[2:])):
            (k1, v1), (k2, v2) = pair
            put(ws, r, a, f"{k1}{colon}", align=RIGHT, border=None)
            put(ws, r, a + 1, v1, align=LEFT, border=None)
            merge(ws, r, a + 1, r, a + 2)
            put(ws, r, a + 3, f"{k2}{colon}", align=RIGHT, border=None)
            put(ws, r, a + 4, v2, align=LEFT, border=None)
            merge(ws, r, a + 4, r, cols)
    else:
        raise ValueError(style)

    # The header, from row 4: D rows.
    top = 4
    bold = Font(name=FONT, size=10, bold=True)
    for i, label in enumerate(lead):
        c = i + 1
        for r in range(top, top + D):
            put(ws, r, c, label if r == top else None, font=bold)
        merge(ws, top, c, top + D - 1, c)

    def place(nodes, level, col):
        for n in nodes:
            w = width(n)
            r = top + level
            if isinstance(n, G):
                for c in range(col, col + w):
                    put(ws, r, c, n.label if c == col else None, font=bold)
                merge(ws, r, col, r, col + w - 1)
                place(n.children, level + 1, col)
            else:
                for rr in range(r, top + D):
                    put(ws, rr, col, n.label if rr == r else None, font=bold)
                merge(ws, r, col, top + D - 1, col)
            col += w
        return col

    place(tree, 0, len(lead) + 1)
    for r in range(top, top + D):
        ws.row_dimensions[r].height = 42 if any("\n" in p[-1] for p, _ in leaves(tree)) else 30

    row = top + D
    # The designator row: 甲 乙 1 2 3 …
    if f["designator"]:
        put(ws, row, 1, "甲")
        put(ws, row, 2, "乙")
        for i in range(cols - len(lead)):
            put(ws, row, len(lead) + 1 + i, i + 1 if f["designator"] == "number" else str(i + 1))
        row += 1
    header_end = row - 1

    # Data rows: unit names and empty cells with the column's number format.
    paths = [p for p, _ in leaves(tree)]
    for name in f["rows"]:
        put(ws, row, 1, name, align=LEFT if name != "合计" else CENTER)
        put(ws, row, 2, None, fmt="@")
        for i, p in enumerate(paths):
            put(ws, row, len(lead) + 1 + i, None, fmt=number_format(p))
        row += 1

    # The footer.
    parts = ["单位负责人：", "统计负责人：", "填表人：", "联系电话：", "报出日期：    年  月  日"]
    if f["footer"] == "merged":
        put(ws, row, 1, "        ".join(parts), align=LEFT, border=None)
        merge(ws, row, 1, row, cols)
    elif f["footer"] == "cells":
        step = max(2, cols // len(parts))
        for i, p in enumerate(parts):
            put(ws, row, 1 + i * step, p, align=LEFT, border=None)

    # Column widths, frozen panes, print setup.
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 16 if len(lead[1]) > 4 else 13
    for c in range(3, cols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 10
    ws.freeze_panes = ws.cell(row=header_end + 1, column=len(lead) + 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{header_end}"

    p = wb.properties
    p.creator = "Administrator"
    p.lastModifiedBy = "Administrator"
    p.title = f["title"]
    p.created = FIXED
    p.modified = FIXED
    return wb


# ---------------------------------------------------------------------------------------------
# Writers

def deterministic_zip(data: bytes, transform=None, utf8=True) -> bytes:
    """Re-packs an xlsx with fixed entry dates and fixed core.xml dates; transform may rewrite parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    if transform:
        parts = transform(parts)
    if utf8:
        # openpyxl (through ElementTree) writes CJK as character references (&#32593;); Excel and
        # LibreOffice write UTF-8. Decode them, except where a file keeps them on purpose.
        for name in parts:
            if name.endswith(".xml") or name.endswith(".rels"):
                xml = parts[name].decode("utf-8")
                xml = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))) if int(m.group(1)) > 127 else m.group(0), xml)
                parts[name] = xml.encode("utf-8")
    else:
        # Character references throughout, whichever openpyxl wrote the file.
        for name in parts:
            if name.endswith(".xml") or name.endswith(".rels"):
                xml = parts[name].decode("utf-8")
                parts[name] = re.sub(r"[^\x00-\x7f]", lambda m: f"&#{ord(m.group(0))};", xml).encode("ascii")
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    if "docProps/core.xml" in parts:
        core = parts["docProps/core.xml"].decode("utf-8")
        core = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{stamp}\3", core)
        parts["docProps/core.xml"] = core.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        # [Content_Types].xml first, as Excel writes it; the rest in the writer's order.
        for name, body in sorted(parts.items(), key=lambda kv: kv[0] != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, body)
    return out.getvalue()


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


SHEETS = re.compile(r"xl/worksheets/sheet\d+\.xml$")
ATTRS = r'((?:\s+[\w:]+="[^"]*")*)'
SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def to_inline_strings(parts):
    """Every t="s" cell becomes t="inlineStr" with <is><t>…</t></is>; sharedStrings.xml goes.
    (openpyxl 3.0 already writes inline strings and no sharedStrings.xml; 3.1 writes shared ones.)"""
    if "xl/sharedStrings.xml" in parts:
        sst = ET.fromstring(parts.pop("xl/sharedStrings.xml"))
        strings = ["".join(t.text or "" for t in si.iter(NS + "t")) for si in sst.findall(NS + "si")]

        def cell(m):
            attrs, idx = m.group(1), int(m.group(2))
            text = strings[idx]
            space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
            attrs = attrs.replace(' t="s"', ' t="inlineStr"')
            return f"<c{attrs}><is><t{space}>{escape(text)}</t></is></c>"

        for name in [n for n in parts if SHEETS.match(n)]:
            xml = parts[name].decode("utf-8")
            parts[name] = re.sub(r'<c' + ATTRS + r'><v>(\d+)</v></c>',
                                 lambda m: cell(m) if ' t="s"' in m.group(1) else m.group(0), xml).encode("utf-8")
        ct = parts["[Content_Types].xml"].decode("utf-8")
        parts["[Content_Types].xml"] = re.sub(r'<Override[^>]*PartName="/xl/sharedStrings.xml"[^>]*/>', "", ct).encode("utf-8")
        rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
        parts["xl/_rels/workbook.xml.rels"] = re.sub(r'<Relationship[^>]*Target="[^"]*sharedStrings.xml"[^>]*/>', "", rels).encode("utf-8")
    for name in [n for n in parts if SHEETS.match(n)]:
        xml = parts[name].decode("utf-8")
        assert ' t="s"' not in xml and 't="inlineStr"' in xml, name
    return parts


def to_shared_strings(parts):
    """Every t="inlineStr" cell becomes t="s" with <v>index</v> into a new xl/sharedStrings.xml."""
    if "xl/sharedStrings.xml" not in parts:
        strings, index = [], {}

        def cell(m):
            attrs, body = m.group(1), m.group(2)
            t = re.fullmatch(r'<is><t(?:\s+xml:space="preserve")?>(.*)</t></is>', body, re.S)
            assert t, body
            text = t.group(1)                      # kept XML-escaped: it goes back into XML as is
            if text not in index:
                index[text] = len(strings)
                strings.append(text)
            attrs = attrs.replace(' t="inlineStr"', ' t="s"')
            return f"<c{attrs}><v>{index[text]}</v></c>"

        count = 0
        for name in sorted(n for n in parts if SHEETS.match(n)):
            xml = parts[name].decode("utf-8")
            xml, n = re.subn(r'<c' + ATTRS + r'>(<is>.*?</is>)</c>', cell, xml, flags=re.S)
            count += n
            parts[name] = xml.encode("utf-8")
        preserve = ' xml:space="preserve"'
        sis = "".join("<si><t" + (preserve if "\n" in s or s != s.strip() else "") + ">" + s + "</t></si>"
                      for s in strings)
        parts["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{NS[1:-1]}" count="{count}" uniqueCount="{len(strings)}">{sis}</sst>').encode("utf-8")
        ct = parts["[Content_Types].xml"].decode("utf-8")
        parts["[Content_Types].xml"] = ct.replace(
            "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CT}"/></Types>').encode("utf-8")
        rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", f'<Relationship Type="{SST_REL}" Target="sharedStrings.xml" Id="rIdSst"/></Relationships>').encode("utf-8")
    for name in [n for n in parts if SHEETS.match(n)]:
        xml = parts[name].decode("utf-8")
        assert "inlineStr" not in xml and ' t="s"' in xml, name
    return parts


def soffice(args, profile):
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"] + args
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        sys.exit(f"make-import-fixtures: {' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bbt-import-fixtures-"))
    try:
        via_lo = []
        for f in FORMS:
            buf = io.BytesIO()
            build(f).save(buf)
            if f["writer"] == "libreoffice":
                (tmp / "xlsx").mkdir(exist_ok=True)
                (tmp / "xlsx" / f["file"]).write_bytes(buf.getvalue())
                via_lo.append(f["file"])
            else:
                transform = to_inline_strings if f["strings"] == "inline" else to_shared_strings
                (OUT / f["file"]).write_bytes(deterministic_zip(buf.getvalue(), transform, utf8=not f.get("char_refs")))
        if via_lo:
            if not shutil.which("soffice"):
                sys.exit("make-import-fixtures: needs LibreOffice (apt-get install libreoffice-calc-nogui)")
            profile = tmp / "profile"
            (tmp / "ods").mkdir()
            soffice(["--convert-to", "ods", "--outdir", str(tmp / "ods")] + [str(tmp / "xlsx" / n) for n in via_lo], profile)
            (tmp / "out").mkdir()
            ods = [str(tmp / "ods" / (Path(n).stem + ".ods")) for n in via_lo]
            soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp / "out")] + ods, profile)
            for n in via_lo:
                shutil.copyfile(tmp / "out" / n, OUT / n)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    write_expected()
    write_readme()
    for f in FORMS:
        size = (OUT / f["file"]).stat().st_size
        print(f"{f['file']:34} {size:6d} bytes  {f['writer']}")


def write_expected():
    doc = []
    for f in FORMS:
        doc.append({
            "file": f["file"],
            "title": f["title"],
            "formNo": f["form_no"],
            "authority": f["dept"],
            "approval": f["approval"],
            "validUntil": f["valid_until"],
            "headerDepth": depth(f["tree"]),
            "designatorRow": f["designator"] is not None,
            "lead": list(f["lead"]),
            "columns": [{"header": list(p), "field": n.field, "kind": n.kind, **({"note": n.note} if n.note else {})}
                        for p, n in leaves(f["tree"])],
        })
    # One column a line, so that a diff shows which column's intent changed.
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    for d in doc:
        for c in d["columns"]:
            pretty = json.dumps(c, ensure_ascii=False, indent=1)
            text = text.replace(pretty.replace("\n", "\n   "), json.dumps(c, ensure_ascii=False), 1)
    json.loads(text)
    (OUT / "expected-mapping.json").write_text(text + "\n", encoding="utf-8")


META = {"cells": "each item its own cell (表号 | 制定机关 on row 2, 批准文号 | 有效期至 on row 3)",
        "line": "one cell per line (\"表号：…　　制定机关：…\")",
        "block": "one cell merged over rows 2–3 with the four items on four lines (\"表　　号：…\")",
        "split": "labels and values in separate cells (表号： | 社治统07表 | 制定机关： | …)"}


def write_readme():
    lines = [
        "# Report forms for `bbt import-report`",
        "",
        "Blank statistical report forms as 成都市 departments send them down in Excel: a merged title row, the",
        "meta block (填报单位/报告期 left; 表号, 制定机关, 批准文号, 有效期至 right), a merged multi-level header,",
        "sometimes the 甲/乙/1 2 3 designator row, a few sample rows (XX社区, empty numbers), sometimes the footer.",
        "",
        "Regenerate from the repository root: `python3 scripts/make-import-fixtures.py` (needs Debian's",
        "python3-openpyxl and LibreOffice). The openpyxl-written files come out byte-identical; the",
        "LibreOffice-written ones (openpyxl → .ods → .xlsx through `soffice --headless --convert-to`) vary in",
        "their bytes but not their content.",
        "",
        "`expected-mapping.json` gives, for every file, each leaf column's header path and the FormTemplates",
        "field it is meant to match (`kind`: exact label, variant wording, ytd of a field, computed indicator,",
        "new, or ambiguous — see the script for the notes).",
        "",
        "| file | department | frequency | writer | strings | header depth | designator row | meta block | footer |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    freq = lambda t: next(w for w in ("半年报", "季报", "月报", "年报") if w in t)
    for f in FORMS:
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            f["file"], f["dept"], freq(f["title"]),
            "LibreOffice (from .ods)" if f["writer"] == "libreoffice" else "openpyxl",
            f["strings"], depth(f["tree"]),
            {"number": "yes (numbers)", "text": "yes (text)", None: "no"}[f["designator"]],
            f["meta"], {"merged": "one merged cell", "cells": "separate cells", None: "none"}[f["footer"]]))
    lines += ["", "Meta block styles: " + "; ".join(f"`{k}` — {v}" for k, v in META.items()) + ".", "",
              "What else each one exercises:", ""]
    extras = {
        "zhujian_elevator.xlsx": "3 levels with leaves at every level (户数（户） merged down 3 rows, 年度计划(台) down 2), "
                                  "a unit only on a group (院落(个) > 已开工院落), the same leaf label under two groups "
                                  "(本季 > 完工(台), 本年累计 > 完工(台)), a computed column (完工率(%)), full-width units.",
        "minzheng_relief_month.xlsx": "one header row and no designator row: the data starts right under the header; "
                                      "new monthly flows (本月新增低保户) beside stock fields.",
        "zuzhi_party_half.xlsx": "半年报; 填报单位（盖章）：; designator numbers as text; 其中： prefix; labels with brackets "
                                 "and curly quotes.",
        "zhengfa_grid_year.xlsx": "line breaks inside header cells (常住\\n人口\\n(人)), 其中：专职网格员(人), units on groups "
                                  "(网格设置（个）), a 网格员 column that is not quite a field, no data rows, the footer in "
                                  "separate cells, the meta block as one four-line cell.",
        "tongji_population_month.xlsx": "inline strings (no sharedStrings.xml: every text cell is t=\"inlineStr\"), "
                                        "CJK text as XML character references (&#31038;&#21306;, as openpyxl 3.0 writes it), "
                                        "half-width colons (表号: 基层统03表), 统计用区划代码, the 合计 row first.",
        "shezhi_services_quarter.xlsx": "a title with a year prefix (2024年社区综合服务情况季报), 3 levels with a leaf at "
                                        "level 2 (社区营造 > 社区花园(个)), a text column (社区类型), meta labels and values "
                                        "in separate cells.",
    }
    for f in FORMS:
        lines.append(f"- `{f['file']}` — {extras[f['file']]}")
    (OUT / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
