#include "reports/load_html_assets.hpp"

namespace syncsuite::reports {

const std::string_view kLoadHtmlStyle = R"css(
:root { --pass: #1a7f37; --fail: #cf222e; --line: #d0d7de; --soft: #f6f8fa; --text: #1f2328;
  --muted: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); background: #fff; }
header#summary { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--soft); }
main { padding: 8px 24px 32px; max-width: 1400px; }
h1 { font-size: 20px; margin: 0; display: inline; vertical-align: middle; }
h2 { font-size: 16px; margin: 24px 0 8px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.title { display: flex; gap: 12px; align-items: center; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 12px 0 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 3px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: var(--soft); font-weight: 600; }
td.text { text-align: left; }
.badge { display: inline-block; min-width: 64px; padding: 1px 8px; border-radius: 10px;
  color: #fff; font-size: 12px; font-weight: 700; text-align: center; letter-spacing: .03em; }
.badge.big { font-size: 16px; padding: 4px 14px; border-radius: 14px; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); }
tr[data-passed="true"] .mark { color: var(--pass); } tr[data-passed="false"] .mark { color: var(--fail); }
.mark { font-weight: 700; }
ul.problems { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
figure { margin: 8px 0 16px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px;
  background: #fff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
p.note { color: var(--muted); margin: 4px 0; }
footer { padding: 12px 24px; color: var(--muted); border-top: 1px solid var(--line); }
)css";

}  // namespace syncsuite::reports
