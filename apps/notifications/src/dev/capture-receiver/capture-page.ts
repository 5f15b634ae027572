import type { CapturedCall } from './capture-receiver';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const pretty = (value: unknown): string => escapeHtml(typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function row(call: CapturedCall): string {
  const headers = Object.entries(call.headers)
    .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`)
    .join('\n');
  return `<tr class="${call.answer.status < 300 ? 'ok' : 'refused'}">
  <td>${escapeHtml(call.time)}</td><td>${call.kind}</td><td>${escapeHtml(call.method)} ${escapeHtml(call.path)}</td>
  <td><pre>${headers}</pre></td><td><pre>${pretty(call.body)}</pre></td>
  <td>${call.answer.status}<pre>${pretty(call.answer.body)}</pre></td>
</tr>`;
}

/** The page at `/`: the latest calls first, reloaded every five seconds. */
export function renderCapturePage(input: { calls: CapturedCall[]; logFile: string; baseUrl: string }): string {
  const rows = input.calls.length > 0 ? input.calls.map(row).join('\n') : '<tr><td colspan="6">No calls yet.</td></tr>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Captured SMS and webhook calls</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #ddd; padding: 0.4rem; text-align: left; vertical-align: top; }
  pre { margin: 0; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
  tr.refused td { background: #fdecea; }
  td:last-child { min-width: 11rem; }
</style>
</head>
<body>
<h1>Captured SMS and webhook calls</h1>
<p>SMS gateway: <code>POST ${escapeHtml(input.baseUrl)}/sms</code> · webhooks: <code>POST ${escapeHtml(input.baseUrl)}/webhooks/&lt;name&gt;</code>
 · every call is also a JSON line in <code>${escapeHtml(input.logFile)}</code> · <a href="/calls.json">calls.json</a></p>
<table>
<thead><tr><th>time</th><th>kind</th><th>request</th><th>headers</th><th>body</th><th>answer</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
