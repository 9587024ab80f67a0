#include "reports/html_assets.hpp"

namespace syncsuite::reports {

const std::string_view kHtmlStyle = R"css(
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --error: #8250df; --skipped: #6e7781;
  --known: #0969da; --line: #d0d7de; --soft: #f6f8fa; --text: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); background: #fff; }
header#summary { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--soft); }
main { padding: 8px 24px 32px; max-width: 1400px; }
h1 { font-size: 20px; margin: 0; display: inline; vertical-align: middle; }
h2 { font-size: 16px; margin: 24px 0 8px; }
h4 { font-size: 12px; margin: 8px 0 4px; text-transform: uppercase; color: var(--muted); }
.title { display: flex; gap: 12px; align-items: center; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 12px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 3px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
#sections td:nth-child(2) { text-align: center; }
thead th { background: var(--soft); font-weight: 600; }
td.zero { color: #afb8c1; }
.badge { display: inline-block; min-width: 64px; padding: 1px 8px; border-radius: 10px;
  color: #fff; font-size: 12px; font-weight: 700; text-align: center; letter-spacing: .03em; }
.badge.big { font-size: 16px; padding: 4px 14px; border-radius: 14px; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); }
.v-warn { background: var(--warn); } .v-error { background: var(--error); }
.v-skipped { background: var(--skipped); } .v-known { background: var(--known); }
.filter { margin: 4px 0 12px; display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.filter button { font: inherit; padding: 1px 10px; border: 1px solid var(--line);
  border-radius: 6px; background: var(--soft); cursor: pointer; }
#shown-count { color: var(--muted); }
details.scenario { border: 1px solid var(--line); border-left: 6px solid var(--skipped);
  border-radius: 6px; margin: 8px 0; }
details.scenario[hidden] { display: none; }
details.scenario[data-outcome="pass"] { border-left-color: var(--pass); }
details.scenario[data-outcome="fail"] { border-left-color: var(--fail); }
details.scenario[data-outcome="warn"] { border-left-color: var(--warn); }
details.scenario[data-outcome="error"] { border-left-color: var(--error); }
details.scenario[data-outcome="known"] { border-left-color: var(--known); }
details.scenario > summary { padding: 6px 10px; cursor: pointer; }
details.scenario > .body { padding: 0 12px 10px 12px; }
.name { font-weight: 600; }
.file, .time, .step, .tags { color: var(--muted); }
.file { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.scenario-error { border: 1px solid var(--error); background: #fbefff; padding: 6px 10px;
  border-radius: 6px; white-space: pre-wrap; }
ol.checks { list-style: none; padding: 0; margin: 8px 0; }
li.check { border-top: 1px solid var(--line); padding: 4px 0; }
li.check > details > summary { cursor: pointer; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
blockquote.contract { margin: 6px 0; padding: 4px 10px; border-left: 3px solid var(--line);
  color: var(--muted); }
.section-ref { font-weight: 600; color: var(--text); }
.compare, .wire { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
@media (max-width: 800px) { .compare, .wire { grid-template-columns: 1fr; } }
pre { margin: 0; padding: 6px 8px; background: var(--soft); border: 1px solid var(--line);
  border-radius: 4px; white-space: pre-wrap; word-break: break-all; max-height: 480px; overflow: auto; }
pre.expected { border-left: 3px solid var(--pass); } pre.actual { border-left: 3px solid var(--fail); }
p.message { margin: 6px 0; }
details.exchange, details.wirelog { margin: 6px 0; }
details.exchange > summary, details.wirelog > summary { cursor: pointer; font-family: ui-monospace,
  SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre.curl { margin-top: 6px; }
footer { padding: 12px 24px; color: var(--muted); border-top: 1px solid var(--line); }
)css";

const std::string_view kHtmlScript = R"js(
(function () {
  'use strict';
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filter input[data-filter]'));
  var scenarios = Array.prototype.slice.call(document.querySelectorAll('details.scenario'));
  var shown = document.getElementById('shown-count');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute('data-filter')] = b.checked; });
    var n = 0;
    scenarios.forEach(function (s) {
      var visible = on[s.getAttribute('data-outcome')] === true;
      s.hidden = !visible;
      if (visible) n++;
    });
    shown.textContent = 'showing ' + n + ' of ' + scenarios.length + ' scenarios';
  }
  function select(outcomes) {
    boxes.forEach(function (b) { b.checked = outcomes === null || outcomes.indexOf(b.getAttribute('data-filter')) >= 0; });
    apply();
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.getElementById('show-problems').addEventListener('click', function () { select(['fail', 'error']); });
  document.getElementById('show-all').addEventListener('click', function () { select(null); });
  if (location.hash === '#problems') select(['fail', 'error']); else apply();
})();
)js";

}  // namespace syncsuite::reports
