#!/usr/bin/python3
"""Checks on the golden sample report (tests/unit/reports/sample_run.hpp) as Chromium rendered it.

  check_report.py dom FILE       DOM dumped after the page's script ran, no URL fragment
  check_report.py problems FILE  DOM dumped with "#problems": only fail and error scenarios shown
  check_report.py png FILE W H   screenshot: a PNG of W x H whose pixels show the verdict colours
  check_report.py junit FILE     the golden JUnit XML parses with expat and counts add up
  check_report.py json FILE      the golden JSON parses and carries schema_version 1

Prints one line per thing checked; exits 1 on the first failure.
"""
import json
import struct
import sys
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def ok(message):
    print(f"ok: {message}")


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text_parts = [], []

    def text(self):
        return "".join(p if isinstance(p, str) else p.text() for p in self.text_parts)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class DomBuilder(HTMLParser):
    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.current.text_parts.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)


def parse_dom(path):
    builder = DomBuilder()
    with open(path, encoding="utf-8") as f:
        builder.feed(f.read())
    return builder.root


def find(root, tag=None, **attrs):
    """Elements with this tag (any if None) whose attributes equal attrs (keys with - as _)."""
    want = {k.replace("_", "-"): v for k, v in attrs.items()}
    return [e for e in root.walk()
            if (tag is None or e.tag == tag) and all(e.attrs.get(k) == v for k, v in want.items())]


def one(root, tag=None, **attrs):
    found = find(root, tag, **attrs)
    if len(found) != 1:
        fail(f"expected exactly one <{tag or '*'} {attrs}>, found {len(found)}")
    return found[0]


EXPECTED_SCENARIOS = [("scenario-1", "pass", "pass"), ("scenario-2", "fail", "fail"),
                      ("scenario-3", "error", "error"), ("scenario-4", "skipped", "skipped"),
                      ("scenario-5", "warn", "warn"), ("scenario-6", "fail", "known")]


def scenarios(root):
    found = [(e.attrs.get("id"), e.attrs.get("data-verdict"), e.attrs.get("data-outcome"), e)
             for e in find(root, "details") if "scenario" in e.attrs.get("class", "").split()]
    if [s[:3] for s in found] != EXPECTED_SCENARIOS:
        fail(f"scenarios (id, verdict, outcome) are {[s[:3] for s in found]}")
    return found


def check_dom(path):
    root = parse_dom(path)
    summary = one(root, "header", id="summary")
    if summary.attrs.get("data-verdict") != "fail":
        fail(f"#summary data-verdict is {summary.attrs.get('data-verdict')!r}")
    ok('#summary data-verdict="fail"')
    if one(root, id="overall-verdict").text().strip() != "FAIL":
        fail("#overall-verdict badge does not read FAIL")
    ok("#overall-verdict reads FAIL")
    counts = {td.attrs["data-count"]: td.text() for td in find(one(root, "tr", id="counts-scenarios"), "td")}
    want = {"total": "6", "pass": "1", "fail": "1", "warn": "1", "error": "1", "skipped": "1", "known": "1"}
    if counts != want:
        fail(f"scenario counts {counts}")
    ok(f"scenario counts {want}")
    sections = [(tr.attrs["data-section"], tr.attrs["data-outcome"]) for tr in find(root, "tr")
                if "data-section" in tr.attrs]
    if sections != [("1", "warn"), ("4.2", "fail"), ("5", "error"), ("7", "known"), ("10", "pass")]:
        fail(f"section rows {sections}")
    ok(f"section rows in numeric order with outcomes {sections}")
    scenarios(root)
    ok("six scenarios with verdicts pass, fail, error, skipped, warn, fail(known)")
    shown = one(root, id="shown-count").text()
    if shown != "showing 6 of 6 scenarios":
        fail(f"#shown-count is {shown!r}: the inline script did not run")
    ok(f"inline script ran: #shown-count = {shown!r}")
    hidden = [e.attrs["id"] for _, _, _, e in scenarios(root) if "hidden" in e.attrs]
    if hidden:
        fail(f"scenarios hidden without a filter: {hidden}")
    ok("no scenario hidden without a filter")

    check = one(root, "li", data_check_id="4.2/lww-later-wins")
    if check.attrs.get("data-verdict") != "fail" or check.attrs.get("id") != "check-2-2":
        fail(f"failing check attributes {check.attrs}")
    ok("failing check 4.2/lww-later-wins present, data-verdict=fail")
    details = find(check, "details")[0]
    if "open" not in details.attrs:
        fail("the failing check is not expanded")
    ok("failing check is expanded")
    expected = one(check, "pre", **{"class": "expected"}).text()
    actual = one(check, "pre", **{"class": "actual"}).text()
    if expected != 'results[0] = {"status": "accepted", "version": 2}':
        fail(f"expected text {expected!r}")
    if actual != 'results[0] = {"status": "conflict"} & <no version>':
        fail(f"actual text {actual!r}")
    ok("expected and actual render as literal text (quotes, & and <> intact)")
    request = one(check, "pre", **{"class": "request"}).text()
    if '"id":"a<1>&\'x\'"' not in request or not request.startswith("> POST /api/v1/sync/push/\n"):
        fail(f"request text {request[:200]!r}")
    ok("request line and body with < & ' render as text")
    response = one(check, "pre", **{"class": "response"}).text()
    if '< X-Note: a "quoted" <value> & more' not in response:
        fail("response header with markup characters not rendered as text")
    if not response.rstrip("\n").endswith("\u2026 [cut: 5000 bytes total]"):
        fail(f"response body does not end in the cut marker: {response[-60:]!r}")
    ok("response headers escaped; 5000-byte body cut with its marker")
    if "$SYNCSUITE_TOKEN" not in one(check, "pre", **{"class": "curl"}).text():
        fail("curl replay command missing")
    ok("curl replay command shown")
    for outcome in ("pass", "skipped", "known"):
        for _, _, o, e in scenarios(root):
            if o == outcome and "open" in e.attrs:
                fail(f"{outcome} scenario {e.attrs['id']} is expanded")
    ok("pass, skipped and known scenarios are collapsed")
    scripts = find(root, "script")
    if len(scripts) != 1 or any("src" in s.attrs for s in scripts) or find(root, "link") or find(root, "img"):
        fail("external or extra resources in the page")
    ok("one inline script, no <link>, <img> or src")


def check_problems(path):
    root = parse_dom(path)
    shown = one(root, id="shown-count").text()
    if shown != "showing 2 of 6 scenarios":
        fail(f"#shown-count with #problems is {shown!r}")
    ok(f"#problems filter: {shown!r}")
    visible = [o for _, _, o, e in scenarios(root) if "hidden" not in e.attrs]
    if visible != ["fail", "error"]:
        fail(f"visible outcomes with #problems: {visible}")
    ok("only the fail and error scenarios stay visible")


def png_pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("screenshot is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace != 0:
        fail(f"unexpected PNG format depth={depth} color={color} interlace={interlace}")
    bpp = 3 if color == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, cur = line[0], bytearray(line[1:])
        for x in range(stride):
            a = cur[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                cur[x] = (cur[x] + a) & 0xFF
            elif kind == 2:
                cur[x] = (cur[x] + b) & 0xFF
            elif kind == 3:
                cur[x] = (cur[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[x] = (cur[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(cur))
        prev = cur
    return width, height, bpp, rows


def check_png(path, want_width, want_height):
    width, height, bpp, rows = png_pixels(path)
    if (width, height) != (want_width, want_height):
        fail(f"screenshot is {width}x{height}, wanted {want_width}x{want_height}")
    ok(f"screenshot is a {width}x{height} PNG")
    colours = {"fail red #cf222e": (0xCF, 0x22, 0x2E), "pass green #1a7f37": (0x1A, 0x7F, 0x37),
               "error purple #8250df": (0x82, 0x50, 0xDF), "warn amber #9a6700": (0x9A, 0x67, 0x00)}
    counts = dict.fromkeys(colours, 0)
    distinct = set()
    for row in rows[::2]:
        for x in range(0, width * bpp, bpp * 2):
            px = row[x:x + 3]
            distinct.add(px)
            for name, (r, g, b) in colours.items():
                if abs(px[0] - r) < 8 and abs(px[1] - g) < 8 and abs(px[2] - b) < 8:
                    counts[name] += 1
    if len(distinct) < 50:
        fail(f"screenshot has only {len(distinct)} distinct colours: blank page?")
    for name, n in counts.items():
        if n < 50:
            fail(f"screenshot shows almost no {name} ({n} sampled pixels): inline CSS not applied?")
    ok(f"screenshot shows the verdict colours (sampled pixels: {counts})")


def check_junit(path):
    root = ET.parse(path).getroot()
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    kinds = {}
    for case in cases:
        child = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
        kinds[child[0] if child else "passed"] = kinds.get(child[0] if child else "passed", 0) + 1
    attrs = {k: int(suite.get(k)) for k in ("tests", "failures", "errors", "skipped")}
    if attrs != {"tests": len(cases), "failures": kinds.get("failure", 0), "errors": kinds.get("error", 0),
                 "skipped": kinds.get("skipped", 0)}:
        fail(f"testsuite counts {attrs} do not match its testcases {kinds}")
    ok(f"JUnit XML parses with expat; testsuite counts {attrs} match its testcases")


def check_json(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    if report.get("schema_version") != 1 or next(iter(report)) != "schema_version":
        fail("JSON report does not start with schema_version 1")
    ok(f"JSON report parses; schema_version 1; verdict {report['summary']['verdict']}")


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "dom":
        check_dom(path)
    elif mode == "problems":
        check_problems(path)
    elif mode == "png":
        check_png(path, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "junit":
        check_junit(path)
    elif mode == "json":
        check_json(path)
    else:
        fail(f"unknown mode {mode}")
