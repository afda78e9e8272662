#!/usr/bin/env python3
"""The Python anchor of issue 5: XlsxWriter (PyPI) writing the same table as the C anchor.
    python3 xlsxwriter_table.py OUT ROWS COLS constant|normal"""
import sys

import xlsxwriter

out, rows, cols, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
wb = xlsxwriter.Workbook(out, {"constant_memory": mode == "constant"})
ws = wb.add_worksheet("B01")
decimal = wb.add_format({"num_format": "0.00"})
seed = 0x9E3779B97F4A7C15
mask = (1 << 64) - 1
for r in range(rows):
    ws.write_string(r, 0, f"第{r + 1}社区")
    ws.write_string(r, 1, f"510104{r + 1:06d}")
    for c in range(cols):
        seed = (seed * 6364136223846793005 + 1442695040888963407) & mask
        n = seed >> 44
        if c % 4 < 2:
            ws.write_number(r, c + 2, n % 100000)
        else:
            ws.write_number(r, c + 2, (n % 10000000) / 100.0, decimal)
wb.close()
