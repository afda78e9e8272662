#!/usr/bin/env python3
"""Reads workbooks with openpyxl and prints what a user of Excel would see, as JSON (for the tests)."""
import datetime
import json
import sys

import openpyxl


def cell_value(v):
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d")
    return v


out = {}
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    quoted = [c.coordinate for row in ws.iter_rows() for c in row if c.quotePrefix]
    number_formats = {c.coordinate: c.number_format for row in ws.iter_rows() for c in row if c.value is not None}
    out[path] = {
        "sheets": wb.sheetnames,
        "title": wb.properties.title,
        "freeze": ws.freeze_panes,
        "printTitleRows": ws.print_title_rows,
        "orientation": ws.page_setup.orientation,
        "paperSize": ws.page_setup.paperSize,
        "fitToWidth": ws.page_setup.fitToWidth,
        "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "rows": [[cell_value(v) for v in row] for row in ws.iter_rows(values_only=True)],
        "types": [[c.data_type for c in row] for row in ws.iter_rows()],
        "quotePrefix": quoted,
        "numberFormats": number_formats,
        "widths": {k: v.width for k, v in ws.column_dimensions.items()},
    }
json.dump(out, sys.stdout, ensure_ascii=False)
