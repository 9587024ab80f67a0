#!/usr/bin/python3
"""Checks on a load report (reports/load_html.hpp) as headless Chromium rendered it.

  check_load_report.py dom FILE VERDICT   DOM dumped by Chromium: header#summary with data-verdict
                                          VERDICT, the four charts each drawing its series, no
                                          external URL anywhere
  check_load_report.py png FILE W H       screenshot: a PNG of W x H that is not a blank page

Prints one line per thing checked; exits 1 on the first failure. Shares its DOM and PNG readers
with check_report.py (the conformance report's checks).
"""
import sys

from check_report import fail, find, ok, one, parse_dom, png_pixels

CHARTS = ("chart-throughput", "chart-errors", "chart-latency", "chart-distribution")
DRAWN = ("path", "polyline", "polygon", "circle", "rect", "line")


def check_dom(path, verdict):
    root = parse_dom(path)
    summary = one(root, "header", id="summary")
    if summary.attrs.get("data-verdict") != verdict:
        fail(f"header#summary data-verdict is {summary.attrs.get('data-verdict')!r}, wanted {verdict!r}")
    ok(f'header#summary data-verdict="{verdict}"')
    for chart_id in CHARTS:
        svg = one(root, "svg", id=chart_id)
        series = [g for g in find(svg, "g") if "series" in g.attrs.get("class", "").split()]
        if not series:
            fail(f"svg#{chart_id} has no series")
        for g in series:
            drawn = [e for e in g.walk() if e.tag in DRAWN]
            points = int(g.attrs.get("data-points", "0"))
            if points == 0 or not drawn:
                fail(f"svg#{chart_id} series {g.attrs.get('data-name')!r}: {points} points, "
                     f"{len(drawn)} drawn elements")
        ok(f"svg#{chart_id}: {len(series)} series, each with points and drawn shapes")
    for e in root.walk():
        for name, value in e.attrs.items():
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data") and value and \
                    (value.strip().lower().startswith(("http:", "https:", "//")) or name == "src"):
                fail(f"<{e.tag} {name}={value!r}>: the report must not load anything")
    if find(root, "link") or find(root, "img") or find(root, "iframe"):
        fail("the report has <link>, <img> or <iframe> elements")
    ok("no src=, no href= to http(s), no <link>, <img> or <iframe>")


def check_png(path, want_width, want_height):
    width, height, bpp, rows = png_pixels(path)
    if (width, height) != (want_width, want_height):
        fail(f"screenshot is {width}x{height}, wanted {want_width}x{want_height}")
    distinct = {row[x:x + 3] for row in rows[::4] for x in range(0, width * bpp, bpp * 4)}
    if len(distinct) < 20:
        fail(f"screenshot has only {len(distinct)} distinct colours: blank page?")
    ok(f"screenshot is a {width}x{height} PNG with {len(distinct)} distinct sampled colours")


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "dom":
        check_dom(path, sys.argv[3])
    elif mode == "png":
        check_png(path, int(sys.argv[3]), int(sys.argv[4]))
    else:
        fail(f"unknown mode {mode}")
