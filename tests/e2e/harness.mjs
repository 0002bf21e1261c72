// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core,
// the page served by `cargo xtask test` (NORITEO_URL), and the lecture CSV URLs answered
// from the shared datasets folder (NORITEO_DATASETS, by default ../shared/datasets beside
// the repository) so that no test touches the network. A missing folder or file fails the
// tests at once, naming the path.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage } from '../open-page.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
export const SHARED = resolve(ROOT, process.env.NORITEO_DATASETS || '../shared/datasets');
export const OUTPUT = join(ROOT, 'test-output');
export const URL_BASE = process.env.NORITEO_URL ?? 'http://127.0.0.1:8080/';

/// The lecture URLs and the fixture each is answered with.
const FIXTURES = {
  'https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/ThoraricSurgery.csv': 'ThoraricSurgery.csv',
  'https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/pima-indians-diabetes.csv': 'pima-indians-diabetes.csv',
  'https://raw.githubusercontent.com/gilbutITbook/080228/master/deeplearning/dataset/housing.csv': 'housing.csv',
  'https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/boston.csv': 'ko-boston.csv',
  'https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/iris.csv': 'ko-iris.csv',
};

/// The path of a lecture data file; throws, naming the path, when it is missing.
export function sharedPath(name) {
  const path = join(SHARED, name);
  if (!existsSync(path)) {
    throw new Error(`lecture data file ${path} is missing: put the shared datasets beside the repository (../shared/datasets) or point NORITEO_DATASETS at their folder`);
  }
  return path;
}

export function fixture(name) {
  return readFileSync(sharedPath(name));
}

// Checked when a test file loads, so that a missing file fails there rather than as a page
// that waits for a CSV that never comes.
if (!existsSync(SHARED)) {
  throw new Error(`the lecture datasets folder ${SHARED} is missing: put the shared datasets beside the repository or point NORITEO_DATASETS at their folder`);
}
for (const name of new Set(Object.values(FIXTURES))) sharedPath(name);

/// Answers an intercepted lecture URL with a fixture, as the lecture's server would.
export function fulfillFixture(route, name) {
  return route.fulfill({ status: 200, body: fixture(name), headers: { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' } });
}

/// Answers the lecture URLs in `context` (a page's or a browser context) from the fixtures;
/// any other raw GitHub address gets a 404, as a wrong address would.
export function routeLectureUrls(context) {
  return context.route('https://raw.githubusercontent.com/**', (route) => {
    const name = FIXTURES[route.request().url()];
    if (!name) return route.fulfill({ status: 404, body: 'not found' });
    return fulfillFixture(route, name);
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// A page with the playground loaded and ready; console errors are collected. `viewport`
/// and `touch` (a phone: touch events, a mobile viewport) set the device.
export async function openPlayground(browser, { query = '', locale = 'ko-KR', viewport = { width: 1280, height: 1000 }, touch = false } = {}) {
  const context = await browser.newContext({ locale, viewport, ...(touch ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}) });
  context.setDefaultTimeout(120_000);
  await routeLectureUrls(context);
  const page = await openPage(async () => {
    const p = await context.newPage();
    p.errors = [];
    p.on('pageerror', (e) => p.errors.push(String(e)));
    p.on('console', (m) => { if (m.type() === 'error') p.errors.push(m.text()); });
    return p;
  }, URL_BASE + query);
  await page.waitForFunction(() => window.playground !== undefined);
  await page.evaluate(() => window.playground.ready);
  return page;
}

export async function screenshot(page, name) {
  if (!existsSync(OUTPUT)) mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const last = (values) => values[values.length - 1];

/// Waits for a condition on the test's side (a server's counters) checked every 50 ms;
/// resolves true once it holds, false after `timeout` ms.
export async function until(condition, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
