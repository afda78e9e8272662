/* The anchor of issue 5: libxlsxwriter writing the same table as `bbt render` of the benchmark
 * city — ROWS rows of a name, a code and COLS numbers (alternately integers and 2-place decimals).
 *   cc -O2 libxlsxwriter_table.c -lxlsxwriter -o table && ./table out.xlsx 3001 198 constant|normal */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: %s OUT ROWS COLS constant|normal\n", argv[0]); return 2; }
    int rows = atoi(argv[2]), cols = atoi(argv[3]);
    lxw_workbook_options options = {.constant_memory = strcmp(argv[4], "constant") == 0, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(argv[1], &options);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "B01");
    lxw_format *decimal = workbook_add_format(wb);
    format_set_num_format(decimal, "0.00");
    char name[64], code[32];
    unsigned long long seed = 0x9E3779B97F4A7C15ULL;
    for (int r = 0; r < rows; r++) {
        snprintf(name, sizeof name, "第%d社区", r + 1);
        snprintf(code, sizeof code, "510104%06d", r + 1);
        worksheet_write_string(ws, r, 0, name, NULL);
        worksheet_write_string(ws, r, 1, code, NULL);
        for (int c = 0; c < cols; c++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            long n = (long)(seed >> 44);
            if (c % 4 < 2) worksheet_write_number(ws, r, c + 2, (double)(n % 100000), NULL);
            else worksheet_write_number(ws, r, c + 2, (double)(n % 10000000) / 100.0, decimal);
        }
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
