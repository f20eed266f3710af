#!/usr/bin/env python3
"""Browser tests of pbrsim's HTML reports (docs/report.md), in headless Chromium.

For every shipped scenario (scenarios/*.json, 2 replications to stay fast) it runs
`pbrsim run --report`, then `pbrsim report` on the same outputs, and checks in Chromium:
- no error: the page's #report-errors element is empty and Chromium logged no console
  message (--enable-logging=stderr);
- every chart canvas has drawn marks (its data-coloured-pixels, counted by the page after
  drawing, is at least MIN_MARK_PIXELS);
- the page's numbers equal the CSV's: every table cell (data-source, data-csv-row,
  data-col) equals the cell of the CSV file it names, compared as text;
- the PDF printed on A4 has 1 page (the first screen) plus 1 per block.
Then the same for a sweep over one parameter (`sweep --report`) and over two (`pbrsim report`
on its CSV), the shipped uncertainty analysis (`psa --report`), a calibration of the default
scenario (`calibrate --report`), and `pbrsim report` on the default run's outputs.

Usage: run.py PBRSIM SOURCE_DIR. Exit 0 pass, 1 fail, 77 skipped (no Chromium; under
CI=true a missing Chromium is a failure).
"""
import csv
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

MIN_MARK_PIXELS = 200  # a bar 2 px wide and 100 px high; axes and text are never coloured
REPLICATIONS = "2"
PSA_DRAWS = "24"  # enough for the partial rank correlations of the tornado


class ReportPage(html.parser.HTMLParser):
    """What the test reads from a dumped report: canvases, table cells, errors, blocks."""

    def __init__(self):
        super().__init__()
        self.canvases = []  # attribute dicts
        self.cells = []  # (source, csv_row, column, text)
        self.errors = ""
        self.ready = False
        self.print_pages = 0
        self._source = None
        self._row = None
        self._cell = None
        self._in_errors = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and a.get("data-report-ready") == "1":
            self.ready = True
        if tag == "canvas":
            self.canvases.append(a)
        if tag == "table" and "data-source" in a:
            self._source = a["data-source"]
        if tag == "tr" and "data-csv-row" in a:
            self._row = int(a["data-csv-row"])
        if tag == "td" and "data-col" in a and self._row is not None:
            self._cell = [self._source, self._row, a["data-col"], ""]
        if tag == "pre" and a.get("id") == "report-errors":
            self._in_errors = True
        if tag == "section" and "data-print-pages" in a:
            self.print_pages += int(a["data-print-pages"])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append(tuple(self._cell))
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "table":
            self._source = None
        if tag == "pre":
            self._in_errors = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[3] += data
        if self._in_errors:
            self.errors += data


def chromium(browser, url, *args):
    """Runs headless Chromium; returns (stdout, console lines from its log)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=10000", *args, url],
            capture_output=True, text=True, timeout=120)
    console = [l for l in done.stderr.splitlines() if "CONSOLE" in l]
    return done.stdout, console


def check_report(browser, html_path, folder, label):
    problems = []
    url = "file://" + os.path.abspath(html_path)
    dom, console = chromium(browser, url, "--dump-dom")
    page = ReportPage()
    page.feed(dom)
    if not page.ready:
        problems.append("the page's script did not finish (no data-report-ready)")
    if page.errors.strip():
        problems.append("errors in the page: " + page.errors.strip())
    problems += ["console: " + l for l in console]
    if not page.canvases:
        problems.append("no chart canvas")
    for i, canvas in enumerate(page.canvases):
        marks = int(canvas.get("data-coloured-pixels", "0"))
        if marks < MIN_MARK_PIXELS:
            problems.append(f"chart {i} ({canvas.get('aria-label')}): {marks} coloured pixels, "
                            f"expected >= {MIN_MARK_PIXELS}")
    tables = {}
    for source, row, column, text in page.cells:
        if source not in tables:
            with open(os.path.join(folder, source), newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            tables[source] = (rows[0], rows[1:])
        header, rows = tables[source]
        expected = rows[row - 1][header.index(column)]
        if text != expected:
            problems.append(f"{source} row {row} column {column}: page '{text}', CSV '{expected}'")
    if len(page.cells) < 20:
        problems.append(f"only {len(page.cells)} table cells compared with the CSVs")
    pdf_path = html_path + ".pdf"
    chromium(browser, url, "--no-pdf-header-footer", "--print-to-pdf=" + pdf_path)
    with open(pdf_path, "rb") as f:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", f.read()))
    expected_pages = 1 + page.print_pages
    if pages != expected_pages:
        problems.append(f"PDF on A4: {pages} pages, expected {expected_pages} "
                        "(the first screen and one per block)")
    status = "ok" if not problems else "FAIL"
    print(f"{status}: {label}: {len(page.canvases)} charts, {len(page.cells)} cells equal "
          f"to the CSV, {pages} PDF pages", flush=True)
    for p in problems:
        print("    " + p, flush=True)
    return not problems


def main():
    pbrsim, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI") == "true":
            print("FAIL: chromium not found (scripts/setup.sh installs it); CI needs the "
                  "browser tests")
            return 1
        print("SKIP: chromium not found; install it (scripts/setup.sh) to run the browser "
              "tests of the reports")
        return 77
    scenarios = sorted(os.path.join(source, "scenarios", f)
                       for f in os.listdir(os.path.join(source, "scenarios"))
                       if f.endswith(".json"))
    ok = True
    with tempfile.TemporaryDirectory() as work:
        for scenario in scenarios:
            stem = os.path.basename(scenario)[:-5]
            summary = os.path.join(work, stem + "_summary.csv")
            report = os.path.join(work, stem + "_report.html")
            run = subprocess.run([pbrsim, "run", scenario, "--replications", REPLICATIONS,
                                  "--quiet", "--out", summary, "--report", report],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"FAIL: pbrsim run --report {stem}: exit {run.returncode}\n{run.stderr}")
                ok = False
                continue
            ok = check_report(browser, report, work, stem + " (run --report)") and ok
        # The analyses: a sweep over one parameter (lines with bands) by sweep --report, over
        # two (the shipped plan, a heat map) by pbrsim report on its CSV, the shipped
        # uncertainty analysis by psa --report, and a calibration by calibrate --report.
        shutil.copy(os.path.join(source, "scenarios", "default.json"),
                    os.path.join(work, "calibrated.json"))
        analyses = {
            "sweep_one": [["sweep", os.path.join(source, "scenarios", "default.json"), "--set",
                           "window=/contract/payments/2/no_reentry/months=3:12:3",
                           "--replications", REPLICATIONS, "--quiet", "--out", "sweep_one.csv",
                           "--report", "sweep_one_report.html"]],
            "sweep_two": [["sweep", "--plan",
                           os.path.join(source, "scenarios", "sweeps", "window_vs_fee.sweep.json"),
                           "--replications", REPLICATIONS, "--quiet", "--out", "sweep_two.csv"],
                          ["report", "sweep_two.csv"]],
            "psa": [["psa", os.path.join(source, "scenarios", "uncertainty",
                                         "default_tariffs.json"),
                     "--draws", PSA_DRAWS, "--replications", REPLICATIONS, "--quiet", "--out",
                     "psa.csv", "--report", "psa_report.html"]],
            "calibration": [["calibrate", "calibrated.json", "--replications", REPLICATIONS,
                             "--report", "calibration_report.html"]],
        }
        for name, commands in analyses.items():
            for args in commands:
                done = subprocess.run([pbrsim, *args], capture_output=True, text=True, cwd=work)
                if done.returncode != 0:
                    break
            if done.returncode != 0:
                print(f"FAIL: pbrsim {' '.join(args[:1])} ({name}): exit {done.returncode}\n"
                      f"{done.stderr}")
                ok = False
                continue
            how = " ".join(commands[-1][:1]) + (" --report" if len(commands) == 1 else "")
            ok = check_report(browser, os.path.join(work, name + "_report.html"), work,
                              f"{name} (pbrsim {how})") and ok
        # pbrsim report on the default run's outputs: the same page.
        default_summary = os.path.join(work, "default_summary.csv")
        again = subprocess.run([pbrsim, "report", default_summary], capture_output=True,
                               text=True)
        regenerated = os.path.join(work, "default_report.html")
        if again.returncode != 0:
            print(f"FAIL: pbrsim report: exit {again.returncode}\n{again.stderr}")
            ok = False
        else:
            ok = check_report(browser, regenerated, work, "default (pbrsim report)") and ok
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
