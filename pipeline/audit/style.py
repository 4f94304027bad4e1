"""The audit report's page style (the charts' own is in :mod:`pipeline.audit.svg`)."""

from __future__ import annotations

CSS = """
:root{--err:#c62828;--warn:#e69500;--info:#5c7c99;--ink:#1d2733;--muted:#5f6b7a;--line:#e1e5ea;
--bg:#f4f6f8;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font-family:"Laksaman","Garuda","Noto Sans Thai","Tahoma",sans-serif;font-size:16px;
line-height:1.6;color:var(--ink);background:var(--bg)}
[hidden]{display:none!important}
section.series,section.docf{content-visibility:auto;contain-intrinsic-size:auto 420px;scroll-margin-top:110px}
.layout{display:grid;grid-template-columns:230px minmax(0,1fr)}
nav.toc{position:sticky;top:0;height:100vh;overflow:auto;padding:22px 18px;background:#1f2a37;color:#d5dde6;
font-size:14px}
nav.toc .brand{font-size:20px;font-weight:700;color:#fff;margin-bottom:14px}
nav.toc ul{list-style:none;margin:0;padding:0}nav.toc li{margin:3px 0}
nav.toc ul ul{margin:4px 0 8px 10px;font-size:13px}nav.toc ul ul li{white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}
nav.toc a{color:inherit;text-decoration:none}nav.toc a:hover{color:#fff;text-decoration:underline}
main{padding:22px 28px 60px;max-width:1240px;min-width:0}
h1{font-size:30px;margin:0 0 4px}h2{font-size:22px;margin:34px 0 12px;padding-bottom:4px;
border-bottom:2px solid var(--line)}h3{font-size:17px;margin:0 0 6px}
.sub{color:var(--muted);font-size:14px;margin:0 0 16px}.sub code{color:var(--ink)}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 16px;min-width:120px}
.tile b{display:block;font-size:24px;font-variant-numeric:tabular-nums}.tile span{color:var(--muted);
font-size:13px}
.tile.error b{color:var(--err)}.tile.warning b{color:#b57200}.tile.info b{color:var(--info)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;
margin:0 0 18px}
.grid2{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:18px;align-items:start}
table{border-collapse:collapse;font-size:14px;width:100%}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{font-weight:700;border-top:2px solid var(--line);border-bottom:0}
td.zero{color:#b8c0c9}td.n.error{color:var(--err);font-weight:700}td.n.warning{color:#b57200;font-weight:700}
td.n.info{color:var(--info)}
.badge{display:inline-block;min-width:62px;text-align:center;padding:0 8px;border-radius:10px;font-size:12px;
font-weight:700;line-height:20px;color:#fff;background:var(--info)}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn);color:#2b1d00}
.badge.none{background:#9aa5b1}
code,.code{font-family:"DejaVu Sans Mono",monospace;font-size:13px}
.series{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;
margin:0 0 18px;border-left:5px solid #9aa5b1}
.series.error{border-left-color:var(--err)}.series.warning{border-left-color:var(--warn)}
.series.info{border-left-color:var(--info)}
.meta{color:var(--muted);font-size:14px;margin:0 0 8px}.meta b{color:var(--ink);font-weight:600}
.chartbox{overflow-x:auto;margin:6px 0 10px}.scroll{overflow-x:auto}
.legend{display:flex;flex-wrap:wrap;gap:16px;font-size:13px;color:var(--muted);margin:0 0 14px}
.legend svg{vertical-align:middle;margin-right:4px}
table.rows td,table.rows th{font-size:13px;padding:3px 8px}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;
font-size:14px;margin:0 0 14px;padding:8px 12px;color:var(--muted);background:var(--bg);
border-bottom:1px solid var(--line)}
.filters label{cursor:pointer;white-space:nowrap}.filters select{max-width:220px;font:inherit;font-size:14px}
.filters input[type=search]{flex:1 1 220px;min-width:160px;font:inherit;font-size:14px;padding:2px 8px}
.filters button{font:inherit;font-size:13px}.filters .shown{margin-left:auto;white-space:nowrap}
tr.pick{cursor:pointer}tr.pick:hover td{background:#f0f4f8}tr.picked td{background:#e3ecf7}
th[data-sort]{cursor:pointer}th[aria-sort=descending]::after{content:" ▼"}
th[aria-sort=ascending]::after{content:" ▲"}
td.nw{white-space:nowrap}td.file,code{overflow-wrap:anywhere}
#t-code code{overflow-wrap:normal;white-space:nowrap}
.badge{white-space:nowrap}
.finding .detail{margin:2px 0;font-size:14px;color:var(--muted)}
.docf{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;
margin:0 0 16px}
.docf h3 .title{font-weight:400;color:var(--muted)}
.finding{border-left:4px solid var(--info);background:#fafbfc;border-radius:0 6px 6px 0;padding:8px 12px;
margin:8px 0}
.finding[data-severity="error"]{border-left-color:var(--err);background:#fdf6f6}
.finding[data-severity="warning"]{border-left-color:var(--warn);background:#fffaf0}
.finding .head{display:flex;flex-wrap:wrap;gap:10px;align-items:center;font-size:14px}
.finding .stage{color:var(--muted);font-size:12px;border:1px solid var(--line);border-radius:8px;
padding:0 6px}
.finding .loc{color:var(--muted);font-size:13px;margin-left:auto}
.finding .msg{margin:4px 0 2px}.finding .ev{margin:2px 0;font-size:14px;color:var(--muted)}
.finding .ev q{color:var(--ink);background:#eef1f5;padding:0 4px;border-radius:3px;quotes:none}
pre.snippet{white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit;font-size:14px;margin:6px 0 2px;
background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 10px}
mark{background:#ffe27a;padding:0 2px;border-radius:2px}
.note{background:#fff7e0;border:1px solid #f0d28a;border-radius:8px;padding:8px 12px;font-size:14px}
@media (max-width:1180px){.grid2{display:block}}
@media (max-width:900px){.layout{display:block}nav.toc{position:static;height:auto}.grid2{display:block}
main{padding:16px}}
@media print{nav.toc{display:none}.layout{display:block}}
"""
