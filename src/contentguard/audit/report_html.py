"""The audit's HTML report: ONE self-contained file for people who never read a terminal.

No network is needed to open it (a Content-Security-Policy forbids any fetch): no
external scripts, styles or fonts. The overview (findings by category and severity,
findings over the stored runs as an inline SVG chart, the worst pages, pages that could
not be checked) is plain HTML rendered here; the findings table is rendered by a small
inline script from an embedded JSON block so it can be filtered and sorted. All data
goes into the page escaped (``textContent`` in the script, ``html.escape`` here), and
only the findings' own excerpts are shown, so personal data stays masked.

The table reads its initial filters from the URL fragment (``report.html#q=pii&sev=error``)
so a filtered view can be shared, and a headless browser can test it.
"""
from __future__ import annotations

import html
import os
import re
from urllib.parse import quote

from contentguard import __version__
from contentguard.audit.store import Store
from contentguard.findings import CATEGORIES, SEVERITIES
from contentguard.safetext import json_dumps, visible

SEV_COLOR = {"error": "#c62828", "warning": "#ef8f00", "info": "#1e88e5"}
CAT_COLOR = {"stale-date": "#8e24aa", "broken-link": "#c62828", "personal-data": "#00897b",
             "brand-risk": "#ef8f00", "content": "#3949ab", "contentguard": "#757575"}


#: categories in plain words, for people who never open a terminal
CATEGORY_WORDS = {"stale-date": "Out-of-date dates", "broken-link": "Broken links",
                  "personal-data": "Personal data", "brand-risk": "Brand risks", "content": "Wording",
                  "contentguard": "Pages the checker could not read fully"}
_FLAG = re.compile(r"\s*[(;,]?\s*(?:pass|use|run|give)\s+`?--[a-z][\w-]*`?[^);]*\)?")


def words(category: str) -> str:
    return CATEGORY_WORDS.get(category, category)


def plain(reason: str) -> str:
    """A reason without command-line advice (``pass --allow-private to crawl it``)."""
    return _FLAG.sub("", reason).strip() or reason


def _e(s) -> str:
    return html.escape(visible(str(s)), quote=True)


def _js(obj) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' in clear."""
    return (json_dumps(obj, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def page_href(page: str, mode: str) -> str | None:
    if page.lower().startswith(("http://", "https://")):
        return page
    if mode == "dir" and page:
        return "file://" + quote(os.path.abspath(page))
    return None


def history_svg(history: list[dict], width: int = 640, height: int = 220) -> str:
    """Stacked bars (error / warning / info) per stored run, with the finding totals."""
    runs = history[-30:]
    pad_l, pad_b, pad_t = 48, 34, 16
    w = width - pad_l - 10
    h = height - pad_b - pad_t
    top = max([r["findings"] for r in runs] + [1])
    step = 1
    while step * 4 < top:  # 1, 2, 5, 10, 20, 50... so the axis reads in round numbers
        for m in (2, 2.5, 2):
            step = int(step * m)
            if step * 4 >= top:
                break
    ticks = -(-top // step)
    top = step * ticks
    parts = [f'<svg id="history-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width * 1.4:.0f}px" role="img" aria-label="Findings per audit run">']
    for i in range(ticks + 1):
        v = step * i
        y = pad_t + h - h * i / ticks
        parts.append(f'<line x1="{pad_l}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{pad_l - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
                     f'{int(round(v))}</text>')
    n = max(1, len(runs))
    slot = w / n
    bw = max(4.0, min(48.0, slot * 0.6))
    for i, r in enumerate(runs):
        x = pad_l + slot * i + (slot - bw) / 2
        y = pad_t + h
        for sev in ("info", "warning", "error"):
            c = r["by_severity"].get(sev, 0)
            if not c:
                continue
            bh = h * c / top
            y -= bh
            parts.append(f'<rect class="bar bar-{sev}" x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{bh:.1f}" '
                         f'fill="{SEV_COLOR[sev]}"><title>run {r["id"]}: {c} {sev}</title></rect>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{max(pad_t + 10, y - 4):.1f}" text-anchor="middle" '
                     f'font-size="11" fill="#222">{r["findings"]}</text>')
        label = f'#{r["id"]} {r["started"][:10]}'
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - pad_b + 16}" text-anchor="middle" font-size="10" '
                     f'fill="#555">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bars(counts: dict, colors: dict, order) -> str:
    total = max(counts.values()) if counts else 1
    rows = []
    for k in order:
        v = counts.get(k, 0)
        if not v:
            continue
        pct = 100 * v / total
        rows.append(f'<div class="hbar"><span class="lbl">{_e(k)}</span><span class="track">'
                    f'<span class="fill" style="width:{pct:.1f}%;background:{colors.get(k, "#777")}"></span></span>'
                    f'<span class="num">{v}</span></div>')
    return "".join(rows) or '<p class="muted">No findings.</p>'


CSS = """
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9}
header{background:#1d2b3a;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c9d3de}
main{padding:20px 28px;max-width:1400px}section{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:16px 18px;margin:0 0 18px}
h2{font-size:16px;margin:0 0 10px}.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:18px}
.card{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:12px 16px;min-width:140px}.card b{display:block;font-size:24px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px}@media(max-width:900px){.grid{grid-template-columns:1fr}}
.hbar{display:flex;align-items:center;gap:8px;margin:4px 0}.hbar .lbl{width:120px}.hbar .track{flex:1;background:#eef0f3;height:14px;border-radius:3px}
.hbar .fill{display:block;height:14px;border-radius:3px}.hbar .num{width:60px;text-align:right}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceff2;vertical-align:top}
th{background:#f1f3f5;position:sticky;top:0;cursor:pointer;user-select:none;white-space:nowrap}th[data-dir="asc"]::after{content:" \\25B2"}th[data-dir="desc"]::after{content:" \\25BC"}
td.page{max-width:340px;word-break:break-all}td.ex{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;max-width:280px;word-break:break-word}
.sev{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:12px}.sev-error{background:#c62828}.sev-warning{background:#ef8f00}.sev-info{background:#1e88e5}
.st-new{color:#c62828;font-weight:600}.st-persisting{color:#555}.muted{color:#777}
.filters{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:10px}.filters input,.filters select{padding:5px 8px;border:1px solid #c9ced4;border-radius:5px;font:inherit}
.filters input{min-width:260px}button{font:inherit;padding:5px 12px;border:1px solid #c9ced4;border-radius:5px;background:#fff;cursor:pointer}
.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
footer{color:#777;padding:0 28px 24px;font-size:12px}
"""

JS = r"""
(function(){
"use strict";
window.addEventListener("error",function(e){document.body.setAttribute("data-js-error",String(e.message||e));});
var D=JSON.parse(document.getElementById("cg-data").textContent);
var PAGES=D.pages, ROWS=D.rows, COLS=["page","line","sev","cat","rule","message","excerpt","status"];
var SEVR={"error":3,"warning":2,"info":1};
var state={q:"",sev:"",cat:"",rule:"",status:"",sort:"sev",dir:"desc",limit:500};
function $(id){return document.getElementById(id);}
function fill(sel,vals){vals.forEach(function(v){var o=document.createElement("option");o.value=v;o.textContent=v;sel.appendChild(o);});}
function uniq(i){var s={};ROWS.forEach(function(r){s[r[i]]=1;});return Object.keys(s).sort();}
fill($("f-sev"),uniq(3).sort(function(a,b){return (SEVR[b]||0)-(SEVR[a]||0);}));fill($("f-cat"),uniq(4));fill($("f-rule"),uniq(5));
if(D.compare){fill($("f-status"),["new","persisting"]);}else{$("f-status").style.display="none";}
function key(r,c){switch(c){case "page":return PAGES[r[0]];case "line":return r[1]*100000+r[2];case "sev":return SEVR[r[3]]||0;
 case "cat":return r[4];case "rule":return r[5];case "message":return r[6];case "excerpt":return r[7];case "status":return r[8]||"";}}
function matches(r){
 if(state.sev&&r[3]!==state.sev)return false;if(state.cat&&r[4]!==state.cat)return false;
 if(state.rule&&r[5]!==state.rule)return false;if(state.status&&r[8]!==state.status)return false;
 if(state.q){var q=state.q.toLowerCase();var hay=(PAGES[r[0]]+" "+r[5]+" "+r[4]+" "+r[6]+" "+r[7]).toLowerCase();
  var words=q.split(/\s+/);for(var i=0;i<words.length;i++){if(words[i]&&hay.indexOf(words[i])<0)return false;}}
 return true;}
function render(){
 var rows=ROWS.filter(matches);var c=state.sort,m=state.dir==="asc"?1:-1;
 rows.sort(function(a,b){var x=key(a,c),y=key(b,c);if(x<y)return -m;if(x>y)return m;
  var p=PAGES[a[0]]<PAGES[b[0]]?-1:PAGES[a[0]]>PAGES[b[0]]?1:0;return p||(a[1]-b[1])||(a[2]-b[2]);});
 var tb=$("rows");tb.textContent="";var frag=document.createDocumentFragment();
 rows.slice(0,state.limit).forEach(function(r){
  var tr=document.createElement("tr");tr.className="finding";
  var td=document.createElement("td");td.className="page";var url=PAGES[r[0]];var href=D.hrefs[r[0]];
  if(href){var a=document.createElement("a");a.href=href;a.textContent=url;a.target="_blank";a.rel="noopener noreferrer";td.appendChild(a);}
  else td.textContent=url;tr.appendChild(td);
  td=document.createElement("td");td.textContent=r[1]+":"+r[2];tr.appendChild(td);
  td=document.createElement("td");var s=document.createElement("span");s.className="sev sev-"+r[3];s.textContent=r[3];td.appendChild(s);tr.appendChild(td);
  [r[4],r[5],r[6]].forEach(function(v){var t=document.createElement("td");t.textContent=v;tr.appendChild(t);});
  td=document.createElement("td");td.className="ex";td.textContent=r[7];tr.appendChild(td);
  td=document.createElement("td");td.className="st-"+(r[8]||"");td.textContent=r[8]||"";if(!D.compare)td.style.display="none";tr.appendChild(td);
  frag.appendChild(tr);});
 tb.appendChild(frag);
 $("count").textContent="Showing "+Math.min(rows.length,state.limit)+" of "+rows.length+" matching findings ("+ROWS.length+" in total)";
 $("more").style.display=rows.length>state.limit?"":"none";
 document.body.setAttribute("data-rows-shown",String(Math.min(rows.length,state.limit)));
 document.body.setAttribute("data-rows-matching",String(rows.length));
 Array.prototype.forEach.call(document.querySelectorAll("th[data-col]"),function(th){
  th.setAttribute("data-dir",th.getAttribute("data-col")===state.sort?state.dir:"");});}
function fromHash(){var h=location.hash.replace(/^#/,"");if(!h)return;h.split("&").forEach(function(kv){
 var p=kv.split("=");var k=decodeURIComponent(p[0]||""),v=decodeURIComponent((p[1]||"").replace(/\+/g," "));
 if(k in state&&k!=="limit")state[k]=v;});
 $("f-q").value=state.q;$("f-sev").value=state.sev;$("f-cat").value=state.cat;$("f-rule").value=state.rule;$("f-status").value=state.status;}
function bind(id,k){$(id).addEventListener("input",function(){state[k]=this.value;state.limit=500;render();});}
bind("f-q","q");bind("f-sev","sev");bind("f-cat","cat");bind("f-rule","rule");bind("f-status","status");
$("more").addEventListener("click",function(){state.limit+=500;render();});
$("reset").addEventListener("click",function(){state.q=state.sev=state.cat=state.rule=state.status="";
 ["f-q","f-sev","f-cat","f-rule","f-status"].forEach(function(i){$(i).value="";});render();});
Array.prototype.forEach.call(document.querySelectorAll("th[data-col]"),function(th){th.addEventListener("click",function(){
 var c=th.getAttribute("data-col");if(state.sort===c)state.dir=state.dir==="asc"?"desc":"asc";else{state.sort=c;state.dir=(c==="sev"?"desc":"asc");}render();});});
fromHash();window.addEventListener("hashchange",function(){fromHash();render();});
render();
var svg=document.getElementById("history-chart");if(svg){var bb=svg.getBoundingClientRect();
 document.body.setAttribute("data-chart-size",Math.round(bb.width)+"x"+Math.round(bb.height));
 document.body.setAttribute("data-chart-bars",String(svg.querySelectorAll("rect.bar").length));}
document.body.setAttribute("data-ready","1");
})();
"""


def render(store: Store, run_id: int, out, cmp=None, rules: dict | None = None) -> None:
    run = store.run(run_id)
    st = store.stats(run_id)
    history = store.history(run.target)
    worst = store.worst_pages(run_id, 15)
    repeated = store.repeated(run_id, 15)
    bad = list(store.pages(run_id, errors_only=True, files=False))
    notes = store.notes(run_id)
    title = f"contentguard audit: {run.target}"

    w = out.write
    w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">")
    w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    w(f"<title>{_e(title)}</title><style>{CSS}</style></head><body>\n")
    w(f"<header><h1>{_e(title)}</h1><p>Run {run.id} · {_e(run.status)} · started {_e(run.started)}"
      f"{' · finished ' + _e(run.finished) if run.finished else ''} · reference date {_e(run.today)}</p></header>\n<main>\n")

    sev = st["by_severity"]
    cards = [("Pages checked", st["pages"] - st["pages_with_errors"] - st["files"]), ("Pages not checked", st["pages_with_errors"]),
             ("Findings", st["findings"]), ("Errors", sev.get("error", 0)), ("Warnings", sev.get("warning", 0)),
             ("Info", sev.get("info", 0)), ("Linked files (not HTML)", st["files"])]
    if cmp is not None and cmp.previous is not None:
        cards += [("New since run %d" % cmp.previous, cmp.new), ("Fixed", cmp.fixed), ("Persisting", cmp.persisting)]
    if st["queued"]:
        cards.append(("Still queued", st["queued"]))
    w('<div class="cards" id="cards">' + "".join(f'<div class="card"><b>{v}</b>{_e(k)}</div>' for k, v in cards)
      + "</div>\n")

    w('<div class="grid"><section id="by-category"><h2>Findings by category</h2>')
    order = list(CATEGORIES) + [c for c in st["by_category"] if c not in CATEGORIES]
    w(_bars({words(k): v for k, v in st["by_category"].items()},
            {words(k): v for k, v in CAT_COLOR.items()}, [words(k) for k in order]))
    w('</section><section id="by-severity"><h2>Findings by severity</h2>')
    w(_bars(sev, SEV_COLOR, list(reversed(SEVERITIES))))
    w("</section></div>\n")

    w('<section id="history"><h2>Findings over the stored runs</h2>')
    w('<p class="legend">' + "".join(f'<span><i style="background:{SEV_COLOR[s]}"></i>{s}</span>'
                                     for s in ("error", "warning", "info")) + "</p>")
    w(history_svg(history))
    w("</section>\n")

    w('<section id="worst"><h2>Worst pages</h2>')
    if worst:
        w("<table><thead><tr><th>Page</th><th>Findings</th><th>Errors</th><th>Warnings</th></tr></thead><tbody>")
        for page, n, e, wn in worst:
            href = page_href(page, run.mode)
            cell = f'<a href="{_e(href)}" target="_blank" rel="noopener noreferrer">{_e(page)}</a>' if href else _e(page)
            w(f'<tr><td class="page">{cell}</td><td>{n}</td><td>{e or 0}</td><td>{wn or 0}</td></tr>')
        w("</tbody></table>")
    else:
        w('<p class="muted">No findings.</p>')
    w("</section>\n")

    if repeated:
        w('<section id="repeated"><h2>Said alike on many pages</h2><p class="muted">One template or one '
          'link target behind many findings: one fix for all of them.</p>')
        w("<table><thead><tr><th>Findings</th><th>Pages</th><th>Rule</th><th>Message</th></tr></thead><tbody>")
        for rule, sv, msg, n, np in repeated:
            w(f'<tr><td>{n}</td><td>{np}</td><td><span class="sev sev-{_e(sv)}">{_e(sv)}</span> {_e(rule)}</td>'
              f'<td>{_e(msg)}</td></tr>')
        w("</tbody></table></section>\n")

    # the findings table, filled by the script from the JSON below
    w('<section id="findings"><h2>Findings</h2><div class="filters">'
      '<input id="f-q" type="search" placeholder="Filter: words in page, rule, message or excerpt" aria-label="Filter">'
      '<select id="f-sev" aria-label="Severity"><option value="">All severities</option></select>'
      '<select id="f-cat" aria-label="Category"><option value="">All categories</option></select>'
      '<select id="f-rule" aria-label="Rule"><option value="">All rules</option></select>'
      '<select id="f-status" aria-label="Status"><option value="">New and persisting</option></select>'
      '<button id="reset" type="button">Clear</button></div><p id="count" class="muted"></p>'
      '<div style="overflow:auto;max-height:75vh"><table id="findings-table"><thead><tr>'
      '<th data-col="page">Page</th><th data-col="line">Line:col</th><th data-col="sev">Severity</th>'
      '<th data-col="cat">Category</th><th data-col="rule">Rule</th><th data-col="message">Message</th>'
      '<th data-col="excerpt">Excerpt</th>'
      + ('<th data-col="status">Status</th>' if cmp is not None and cmp.previous is not None else
         '<th data-col="status" style="display:none">Status</th>')
      + '</tr></thead><tbody id="rows"></tbody></table></div>'
      '<p><button id="more" type="button" style="display:none">Show more</button></p>'
      '<noscript><p>The findings table needs JavaScript; the CSV and JSON exports hold the same data.</p></noscript>'
      '</section>\n')

    if bad or notes:
        w('<section id="not-checked"><h2>Pages not checked and notes</h2><table><thead><tr><th>URL</th><th>Reason</th>'
          '</tr></thead><tbody>')
        for r in bad[:2000]:
            w(f'<tr><td class="page">{_e(r[0])}</td><td>{_e(plain(r[7]))}</td></tr>')
        for u, reason in notes[:2000]:
            w(f'<tr><td class="page">{_e(u)}</td><td>{_e(plain(reason))}</td></tr>')
        w("</tbody></table></section>\n")
    if cmp is not None and cmp.previous is not None and cmp.fixed:
        # the "Fixed" card counts these: list them, so the count can be checked
        w(f'<section id="fixed"><h2>Fixed since run {cmp.previous} ({cmp.fixed})</h2><table><thead><tr>'
          '<th>Page</th><th>Line:col</th><th>Category</th><th>Message</th><th>Excerpt</th></tr></thead><tbody>')
        for i, f in enumerate(cmp.fixed_findings(store)):
            if i == 2000:
                w(f'<tr><td colspan="5" class="muted">... and {cmp.fixed - 2000} more</td></tr>')
                break
            w(f'<tr class="fixed"><td class="page">{_e(f.path)}</td><td>{f.line}:{f.column}</td>'
              f'<td>{_e(words(f.category))}</td><td>{_e(f.message)}</td><td class="ex">{_e(f.excerpt)}</td></tr>')
        w("</tbody></table></section>\n")
    w("</main>\n")

    # data: pages as an index, rows as compact arrays
    pages: dict[str, int] = {}
    hrefs: list = []
    w('<script type="application/json" id="cg-data">{"rows":[')
    findings = store.findings(run_id)
    with_cmp = cmp is not None and cmp.previous is not None
    pairs = cmp.statuses(findings) if with_cmp else ((f, "") for f in findings)
    first = True
    for f, status in pairs:
        i = pages.get(f.path)
        if i is None:
            i = pages[f.path] = len(pages)
            hrefs.append(page_href(f.path, run.mode))
        row = [i, f.line, f.column, f.severity, words(f.category), f.rule, f.message, f.excerpt, status]
        w(("" if first else ",") + _js(row))
        first = False
    w('],"pages":' + _js(list(pages)) + ',"hrefs":' + _js(hrefs) + ',"compare":' + _js(with_cmp) + "}</script>\n")
    w(f"<script>{JS}</script>\n")
    w(f"<footer>contentguard {_e(__version__)} · database {_e(os.path.basename(store.path))} · "
      f"personal data is shown masked, as in every contentguard output.</footer></body></html>\n")
