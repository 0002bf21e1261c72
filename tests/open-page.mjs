// Opens `url` in a page from `newPage()` (an async factory), for the end-to-end tests and the
// benchmark. Now and then the first navigation of a newly started Chromium never gets going
// (seen on busy two-core machines); a fresh tab then loads at once, so up to four tabs are
// tried in turn, 30 s each.
export async function openPage(newPage, url) {
  for (let attempt = 1; ; attempt++) {
    const page = await newPage();
    try {
      await page.goto(url, { timeout: 30_000, waitUntil: 'domcontentloaded' });
      return page;
    } catch (e) {
      await page.close();
      if (attempt === 4) throw e;
    }
  }
}
