/**
 * The self-contained what-if page: HTML + CSS + the bundled model (dist/whatif-app.js) + the
 * scenario and its region's prices as JSON. No external resources, no server. Pure.
 */
import { MODES } from '../model/modes/index.js';
import type { PageData } from '../whatif/page-model.js';
import { TRANSITION_CLASSES } from '../whatif/page-model.js';
import { jsonForScript } from '../text/neutral.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JS inside a <script> element: `</script` cannot close it early. */
const inScript = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

export function renderWhatIfPage(data: PageData, appJs: string): string {
  const noSpot = !MODES[data.scenario.deployment.mode].spot;
  const slider = (id: string, label: string, min: number, max: number, step: number | 'any', extra = '') =>
    `<label for="${id}">${label}</label><input type="range" id="${id}" min="${min}" max="${max}" step="${step}"${extra}><output id="${id === 'lifecycle-days' ? 'lifecycle' : id}-out"></output>`;
  const json = jsonForScript(data);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>What if: ${esc(data.scenario.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:1100px;color:#222}
h1{font-size:1.3rem}.controls{display:grid;grid-template-columns:11rem 1fr 14rem;gap:.5rem 1rem;align-items:center;max-width:900px}
input[type=range]{width:100%}#total{font-size:2rem;font-weight:bold}.num{text-align:right;padding-left:1rem}
.bar{height:.8rem;background:#4e79a7}.ok{color:#2a7a2a}.bad{color:#b00020}#error{color:#b00020}
table{border-collapse:collapse}td{padding:.15rem .4rem}.cols{display:flex;gap:2rem;flex-wrap:wrap}.small{color:#666;font-size:.85rem}
.barcell{width:15rem}#chart svg{max-width:100%;height:auto}
@media (max-width:600px){body{margin:.75rem}.controls{grid-template-columns:1fr;gap:.2rem}.controls output,.controls span{margin-bottom:.6rem}.barcell{width:25vw}.cols{gap:1rem}#total{font-size:1.6rem}}
</style>
</head>
<body>
<h1>What if: ${esc(data.scenario.name)}</h1>
<p class="small">${esc(data.scenario.region)}, prices: ${esc(data.priceSource)}. The lokiplan model runs in this page; nothing is sent anywhere.</p>
<div class="controls">
${slider('volume', 'ingest volume', 1, 5000, 'any')}
${slider('retention', 'retention (days)', 1, 400, 1)}
<label for="lifecycle-class">lifecycle class</label><select id="lifecycle-class">${TRANSITION_CLASSES.map((c) => `<option value="${c}">${c === 'none' ? 'no transition' : c}</option>`).join('')}</select><span></span>
${slider('lifecycle-days', 'transition after (days)', 0, 400, 1)}
${slider('spot', 'read replicas on spot (%)', 0, 100, 5, noSpot ? ' disabled' : '')}
${slider('compression', 'compression ratio', 1, 20, 0.5)}
</div>
<p><span id="total" data-cents=""></span> a month <span id="verdict"></span></p>
<p id="baseline"></p>
<p id="error"></p>
<div class="cols">
<div><h2>Cost by category</h2><table id="categories"></table></div>
<div><h2>Sizing</h2><table><thead><tr><td>target</td><td class="num">replicas</td><td class="num">on spot</td></tr></thead><tbody id="sizing"></tbody></table></div>
</div>
<div id="chart"></div>
<script type="application/json" id="lokiplan-data">${json}</script>
<script>${inScript(appJs)}</script>
</body>
</html>
`;
}
