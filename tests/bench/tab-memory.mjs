// The memory of the whole tab while the playground trains MNIST, as the operating system
// counts it: every renderer process of a Chromium of its own that holds just that page (its
// main thread, the training worker and the charts). Sampled from /proc every 100 ms; the peak
// resident size (RSS, shared libraries included) and the peak private memory (what Chrome's
// task manager calls the memory footprint) are reported.
import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage } from '../open-page.mjs';

function processTable() {
  const table = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // Chromium rewrites its children's command lines as one space-separated string.
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      table.push({ pid: Number(name), ppid, cmdline });
    } catch { /* the process ended meanwhile */ }
  }
  return table;
}

/// The renderer processes of web pages (not of the browser's own UI) descending from the
/// browser started with `profile`.
function renderers(profile) {
  const table = processTable();
  const browser = table.find((p) => p.cmdline.includes(`--user-data-dir=${profile}`) && !p.cmdline.includes('--type='));
  if (!browser) return [];
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const descends = (p) => { for (let q = p; q; q = byPid.get(q.ppid)) if (q.ppid === browser.pid) return true; return false; };
  return table.filter((p) => p.cmdline.includes('--type=renderer') && !p.cmdline.includes('--top-chrome-webui')
    && !p.cmdline.includes('--extension-process') && descends(p)).map((p) => p.pid);
}

function memoryKb(pid) {
  try {
    const fields = Object.fromEntries(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')
      .map((l) => l.match(/^(\w+):\s+(\d+) kB/)).filter(Boolean).map((m) => [m[1], Number(m[2])]));
    return { rss: fields.Rss ?? 0, private: (fields.Private_Clean ?? 0) + (fields.Private_Dirty ?? 0) };
  } catch { return { rss: 0, private: 0 }; }
}

export async function measureTabMemory({ base, args, source, setup }) {
  const profile = mkdtempSync(join(tmpdir(), 'noriteo-memory-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    // One renderer process and no spare one, so that the renderers are this tab's.
    args: [...args, '--renderer-process-limit=1', '--disable-features=SpareRendererForSitePerProcess'],
  });
  const peak = { rss: 0, private: 0, processes: 0 };
  const sample = () => {
    const pids = renderers(profile);
    const total = pids.map(memoryKb).reduce((a, m) => ({ rss: a.rss + m.rss, private: a.private + m.private }), { rss: 0, private: 0 });
    peak.rss = Math.max(peak.rss, total.rss);
    peak.private = Math.max(peak.private, total.private);
    peak.processes = Math.max(peak.processes, pids.length);
    if (process.env.NORITEO_BENCH_DEBUG) console.log('tab memory', pids.map((pid) => `${pid}: ${JSON.stringify(memoryKb(pid))}`).join(', '));
  };
  let timer;
  try {
    const page = await openPage(() => context.newPage(), `${base}web/index.html`);
    for (const other of context.pages()) if (other !== page) await other.close();
    // From here on: the initial blank tab's renderer would otherwise count as the page's.
    timer = setInterval(sample, 100);
    page.setDefaultTimeout(0);
    await page.waitForFunction(() => window.playground !== undefined, null, { timeout: 120_000 });
    const accuracy = await page.evaluate(async ({ source, setup }) => {
      await window.playground.ready;
      await window.playground.load({ data: source, setup: { ...setup, seed: 1 } });
      await window.playground.train();
      return (await window.playground.evaluate()).accuracy;
    }, { source, setup });
    sample();
    return { rss_mb: peak.rss / 1024, private_mb: peak.private / 1024, processes: peak.processes, accuracy };
  } finally {
    clearInterval(timer);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
