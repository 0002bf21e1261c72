// The model form under a learner's hands: a layer field still being typed in when the form is
// rebuilt (Chromium 148 threw NotFoundError from replaceChildren when the blur that removing a
// focused input causes re-rendered the form inside the render), and the ↑/↓ buttons at the
// ends of the layer list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPlayground } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const layers = (page) => page.evaluate(() => window.playground.state().spec.model.layers);

/// The ↑ and ↓ buttons of each layer row: [upDisabled, downDisabled].
const arrows = (page) => page.evaluate(() => [...document.querySelectorAll('#layers > li')].map((li) => {
  const [up, down] = li.querySelectorAll('.tools button');
  return [up.disabled, down.disabled];
}));

test('a layer field being typed in when the form is rebuilt: no error, and the typed value counts', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('iris'));
  // Typed, not yet committed: the input is focused and no 'change' has fired.
  await page.fill('[data-field="model.layers[0].units"]', '12');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.field), 'model.layers[0].units');
  assert.equal((await layers(page))[0].units, 8);
  // Switching the language rebuilds the layer list (its labels change) with the input focused.
  await page.evaluate(() => window.playground.setLanguage('ko'));
  await page.waitForFunction(() => window.playground.state().spec.model.layers[0].units === 12);
  assert.equal(await page.inputValue('[data-field="model.layers[0].units"]'), '12');
  assert.equal(await page.getAttribute('[data-field="model.layers[0].units"]', 'aria-label'), '유닛');

  // Typed into one layer, then a click on another layer's ✕: the blur commits the value and
  // the click removes the other layer, both in one consistent form.
  await page.fill('[data-field="model.layers[1].units"]', '5');
  await page.click('li[data-field="model.layers[2]"] .tools button:last-child');
  await page.waitForFunction(() => window.playground.state().spec.model.layers.length === 3);
  assert.deepEqual((await layers(page)).map((l) => l.units), [12, 5, 3]);
  assert.equal(await page.locator('#layers > li').count(), 3);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the first layer cannot move up nor the last down, before and after training', async () => {
  const page = await openPlayground(browser, { locale: 'en-US' });
  await page.evaluate(() => window.playground.load('iris', { epochs: 1 }));
  const expected = [[true, false], [false, false], [false, false], [false, true]];
  assert.deepEqual(await arrows(page), expected);
  // Training disables the form and enables it again: the ends stay disabled.
  await page.evaluate(() => window.playground.train());
  await page.waitForFunction(() => !document.getElementById('train').disabled);
  assert.deepEqual(await arrows(page), expected);
  // Clicking the disabled ↑ of the first layer moves nothing.
  const before = await layers(page);
  await page.click('li[data-field="model.layers[0]"] .tools button:first-child', { force: true });
  assert.deepEqual(await layers(page), before);
  // ↓ on the first layer swaps it with the second; the ends are recomputed.
  await page.fill('[data-field="model.layers[0].units"]', '6');
  await page.dispatchEvent('[data-field="model.layers[0].units"]', 'change');
  await page.waitForFunction(() => window.playground.state().spec.model.layers[0].units === 6);
  await page.click('li[data-field="model.layers[0]"] .tools button:nth-child(2)');
  await page.waitForFunction(() => window.playground.state().spec.model.layers[1].units === 6);
  assert.deepEqual((await layers(page)).map((l) => l.units), [8, 6, 8, 3]);
  assert.deepEqual(await arrows(page), expected);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
