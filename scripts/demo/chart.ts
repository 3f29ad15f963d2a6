// The timeline chart, hand-rolled SVG (no dependency): one panel per version with every request's
// latency (log scale) at the time it was sent, coloured by endpoint and shaped by outcome, the
// fault window shaded, and under it a strip of failed / degraded answers per second.
import type { Timeline } from './figures.js';
import type { Outcome, Sample } from './load.js';
import type { Version } from './system.js';

const WIDTH = 1000;
const LEFT = 70;
const RIGHT = 20;
const PANEL_HEIGHT = 240;
const STRIP_HEIGHT = 60;
const PANEL_GAP = 70;
const TOP = 80;
const COLOURS = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) => n.toFixed(1);

function marker(outcome: Outcome, x: number, y: number, colour: string): string {
  switch (outcome) {
    case 'ok':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="2.2" fill="${colour}"/>`;
    case 'degraded':
    case 'cached':
      return `<rect x="${fmt(x - 2.5)}" y="${fmt(y - 2.5)}" width="5" height="5" fill="none" stroke="#ff7f0e" stroke-width="1.2"/>`;
    case 'error':
      return `<path d="M${fmt(x - 2.5)} ${fmt(y - 2.5)}l5 5m0 -5l-5 5" stroke="#d62728" stroke-width="1.3"/>`;
    case 'hung':
      return `<path d="M${fmt(x)} ${fmt(y - 3.5)}l3.5 6h-7z" fill="#d62728"/>`;
  }
}

export function timelineSvg(input: {
  samples: readonly Sample[];
  timeline: Timeline;
  capMs: number;
  versions: readonly Version[];
  title: string;
  /** A remark beside each panel's title, e.g. what to make of the markers both panels share. */
  note?: string;
}): string {
  const { samples, timeline, capMs, versions } = input;
  const endpoints = [...new Set(samples.map((s) => s.endpoint))];
  const colourOf = new Map(endpoints.map((e, i) => [e, COLOURS[i % COLOURS.length]!]));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const endMs = Math.max(timeline.endMs, ...samples.map((s) => s.sentMs));
  const x = (ms: number) => LEFT + (ms / endMs) * plotWidth;
  const minMs = 1;
  const maxMs = capMs * 1.5;
  const legendRows = Math.ceil(endpoints.length / 3);
  const top0 = TOP + legendRows * 16;
  const height = top0 + versions.length * (PANEL_HEIGHT + STRIP_HEIGHT + PANEL_GAP);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="22" font-size="15" font-weight="bold">${escape(input.title)}</text>`,
  ];

  // Legend: endpoints by colour (three to a row), outcomes by shape.
  endpoints.forEach((endpoint, i) => {
    const lx = LEFT + (i % 3) * 300;
    const ly = 42 + Math.floor(i / 3) * 16;
    out.push(`<circle cx="${lx + 4}" cy="${ly - 4}" r="3" fill="${colourOf.get(endpoint)}"/><text x="${lx + 11}" y="${ly}">${escape(endpoint)}</text>`);
  });
  out.push(
    `<g transform="translate(${LEFT},${42 + legendRows * 16})">${marker('ok', 4, -4, '#555')}<text x="11" y="0">full answer</text>` +
      `${marker('degraded', 94, -4, '')}<text x="101" y="0">degraded / cached (marked as such)</text>` +
      `${marker('error', 334, -4, '')}<text x="341" y="0">error</text>` +
      `${marker('hung', 394, -4, '')}<text x="401" y="0">hung (no answer within ${capMs / 1000} s)</text></g>`,
  );

  versions.forEach((version, index) => {
    const top = top0 + index * (PANEL_HEIGHT + STRIP_HEIGHT + PANEL_GAP) + 20;
    const bottom = top + PANEL_HEIGHT;
    const y = (ms: number) => bottom - ((Math.log10(Math.min(Math.max(ms, minMs), maxMs)) - Math.log10(minMs)) / (Math.log10(maxMs) - Math.log10(minMs))) * PANEL_HEIGHT;
    const mine = samples.filter((s) => s.version === version);

    out.push(`<text x="${LEFT}" y="${top - 8}" font-size="13" font-weight="bold">${version === 'before' ? 'Before breakwater fix' : 'After breakwater fix'}</text>`);
    if (input.note) out.push(`<text x="${WIDTH - RIGHT}" y="${top - 8}" text-anchor="end" fill="#555">${escape(input.note)}</text>`);
    out.push(`<rect x="${fmt(x(timeline.faultStartMs))}" y="${top}" width="${fmt(x(timeline.faultEndMs) - x(timeline.faultStartMs))}" height="${PANEL_HEIGHT + STRIP_HEIGHT}" fill="#d62728" fill-opacity="0.08"/>`);
    out.push(`<text x="${fmt(x(timeline.faultStartMs) + 4)}" y="${bottom - 6}" fill="#d62728">payment hangs</text>`);
    out.push(`<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL_HEIGHT}" fill="none" stroke="#999"/>`);
    for (const tick of [1, 10, 100, 1000, capMs]) {
      const label = tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`;
      out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}" stroke="#eee"/>`);
      out.push(`<text x="${LEFT - 6}" y="${fmt(y(tick) + 4)}" text-anchor="end">${label}</text>`);
    }
    out.push(`<text transform="translate(16,${top + PANEL_HEIGHT / 2}) rotate(-90)" text-anchor="middle">latency (log)</text>`);
    for (const sample of mine) {
      const latency = sample.outcome === 'hung' ? capMs : sample.latencyMs;
      out.push(marker(sample.outcome, x(sample.sentMs), y(latency), colourOf.get(sample.endpoint)!));
    }

    // Strip: per second, requests that failed (error or hung) and answers that were degraded.
    const stripTop = bottom + 8;
    const seconds = Math.ceil(endMs / 1000);
    const bins = Array.from({ length: seconds }, () => ({ failed: 0, degraded: 0 }));
    for (const sample of mine) {
      const bin = bins[Math.min(seconds - 1, Math.floor(sample.sentMs / 1000))]!;
      if (sample.outcome === 'error' || sample.outcome === 'hung') bin.failed++;
      else if (sample.outcome === 'degraded' || sample.outcome === 'cached') bin.degraded++;
    }
    const most = Math.max(1, ...bins.map((b) => b.failed + b.degraded));
    const scale = (STRIP_HEIGHT - 12) / most;
    bins.forEach((bin, second) => {
      const bx = x(second * 1000) + 1;
      const bw = Math.max(1, x(1000) - x(0) - 2);
      const failedHeight = bin.failed * scale;
      const degradedHeight = bin.degraded * scale;
      const base = stripTop + STRIP_HEIGHT - 4;
      if (failedHeight > 0) out.push(`<rect x="${fmt(bx)}" y="${fmt(base - failedHeight)}" width="${fmt(bw)}" height="${fmt(failedHeight)}" fill="#d62728"/>`);
      if (degradedHeight > 0) out.push(`<rect x="${fmt(bx)}" y="${fmt(base - failedHeight - degradedHeight)}" width="${fmt(bw)}" height="${fmt(degradedHeight)}" fill="#ff7f0e"/>`);
    });
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${stripTop + STRIP_HEIGHT - 4}" y2="${stripTop + STRIP_HEIGHT - 4}" stroke="#999"/>`);
    out.push(`<text x="${LEFT - 6}" y="${stripTop + 10}" text-anchor="end">${most}/s</text>`);
    out.push(`<text x="${WIDTH - RIGHT - 4}" y="${stripTop + 8}" fill="#555" text-anchor="end">per second: failed or hung (red), degraded (orange)</text>`);
    for (let second = 0; second <= seconds; second += 5) {
      out.push(`<text x="${fmt(x(second * 1000))}" y="${stripTop + STRIP_HEIGHT + 10}" text-anchor="middle">${second} s</text>`);
    }
  });
  out.push('</svg>');
  return out.join('\n');
}
