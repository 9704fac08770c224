// The kernel in a real JupyterLab in a real browser: a notebook in a temporary folder outside the
// repository imports feedbacklab, trains, shows a chart and an arquero table; the launcher and the
// kernel's About dialog show its logo; every browser console message is collected. Screenshots
// land in reports/browser/. Run: `npm run test:browser` (after `npm run build`).
// Skips (exit 0, says why) without chromium or JupyterLab 4; exits 1 when a check fails.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labCells, makeNotebook } from './lab-notebook.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const OUT = join(ROOT, 'reports', 'browser');
const CHROMIUM = process.env.FEEDBACKLAB_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

/** `jupyter-lab` to use: $FEEDBACKLAB_JUPYTER_LAB, a venv under $JUPYTER_DATA_DIR, or PATH. */
function findLab() {
  const candidates = [process.env.FEEDBACKLAB_JUPYTER_LAB,
    process.env.JUPYTER_DATA_DIR && join(process.env.JUPYTER_DATA_DIR, 'venv', 'bin', 'jupyter-lab'), 'jupyter-lab'];
  for (const c of candidates.filter(Boolean)) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && /^4\./.test(r.stdout.trim())) return { bin: c, version: r.stdout.trim() };
  }
  return undefined;
}

const skip = (why) => { console.log(`test:browser skipped: ${why}`); process.exit(0); };

const freePort = () => new Promise((ok, fail) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  s.on('error', fail);
});

async function waitForLab(url, token, lab, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (lab.exitCode !== null) throw new Error(`jupyter lab exited with ${lab.exitCode} before answering`);
    try { if ((await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } })).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter lab did not answer on ${url} within ${ms / 1000} s`);
}

async function stopLab(lab, url, token) {
  if (lab.exitCode !== null) return;
  const exited = new Promise((r) => lab.once('exit', r));
  // The server's own shutdown also shuts down the kernels it started (they run in their own sessions).
  try { await fetch(`${url}/api/shutdown`, { method: 'POST', headers: { Authorization: `token ${token}` } }); } catch { lab.kill('SIGTERM'); }
  const timer = setTimeout(() => lab.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

let lab;

async function main() {
  if (!existsSync(CHROMIUM)) skip(`no chromium at ${CHROMIUM} (Debian: apt-get install chromium)`);
  lab = findLab();
  if (!lab) skip('no JupyterLab 4 (python3 -m venv $JUPYTER_DATA_DIR/venv && $JUPYTER_DATA_DIR/venv/bin/pip install jupyterlab==4.6.4, or set FEEDBACKLAB_JUPYTER_LAB)');
  let chromium;
  try { ({ chromium } = await import('playwright-core')); } catch { skip('playwright-core is not installed (npm install)'); }
  if (!existsSync(join(ROOT, 'dist', 'kernel', 'main.js'))) skip('not built: run npm run build first');

  // Everything Jupyter reads or writes lives in one temporary folder: the kernelspec, settings,
  // runtime files and the notebook folder, which is outside the repository.
  const tmp = mkdtempSync(join(tmpdir(), 'fbl-lab-'));
  const notebooks = join(tmp, 'notebooks');
  mkdirSync(notebooks);
  const install = spawnSync(process.execPath, [join(ROOT, 'kernel', 'bin', 'feedbacklab.js'), 'install', '--quiet', '--prefix', tmp], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`feedbacklab install --prefix ${tmp} failed: ${install.stderr}`);
  writeFileSync(join(notebooks, 'check.ipynb'), JSON.stringify(makeNotebook(labCells)));
  mkdirSync(OUT, { recursive: true });
  rmSync(join(OUT, 'failure.png'), { force: true }); // from an earlier failed run

  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, JUPYTER_PATH: join(tmp, 'share', 'jupyter'), JUPYTER_DATA_DIR: join(tmp, 'data'),
    JUPYTER_CONFIG_DIR: join(tmp, 'config'), JUPYTER_RUNTIME_DIR: join(tmp, 'runtime'), JUPYTERLAB_SETTINGS_DIR: join(tmp, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: join(tmp, 'workspaces') };
  const labLog = [];
  const server = spawn(lab.bin, ['--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', '--allow-root', '--LabApp.extension_manager=readonly', `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${notebooks}`, '--LabApp.news_url=', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'],
  { cwd: notebooks, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => labLog.push(String(d)));
  server.stderr.on('data', (d) => labLog.push(String(d)));
  let browser;
  const consoleLines = [];
  try {
    await waitForLab(url, token, server, 60_000);
    console.log(`JupyterLab ${lab.version} on ${url}, notebooks in ${notebooks}`);
    // A fresh profile each run (Playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(join(tmp, 'chromium'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 } });
    const page = browser.pages()[0] ?? await browser.newPage();
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}${e.stack ? `\n    ${e.stack.split('\n').slice(1, 4).map((l) => l.trim()).join('\n    ')}` : ''}`));
    try {
      await runChecks(page, url, token);
    } catch (e) {
      await page.screenshot({ path: join(OUT, 'failure.png') }).catch(() => {});
      throw new Error(`${e.message}\n(screenshot of the page: reports/browser/failure.png)`);
    }
  } finally {
    if (browser) await browser.close();
    await stopLab(server, url, token);
    writeFileSync(join(OUT, 'console.txt'), consoleLines.join('\n') + '\n');
    writeFileSync(join(OUT, 'lab.log'), labLog.join(''));
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`browser console (${consoleLines.length} messages, also in reports/browser/console.txt):`);
  for (const line of consoleLines) console.log(`  ${line}`);
  // JupyterLab 4.6.4's debugger extension runs displayModules() after every execute_reply, and it
  // throws "No active debugger session" for any kernel whose kernelspec says debugger: false
  // (ipykernel with debugger: false does the same). Counted and reported, not failed on: a kernel
  // can only avoid it by claiming a debugger it does not have.
  const known = (l) => l.startsWith('pageerror: No active debugger session') && lab.version.startsWith('4.6.');
  const upstream = consoleLines.filter(known);
  if (upstream.length) console.log(`note: ${upstream.length} x "No active debugger session" (JupyterLab ${lab.version}'s debugger extension, once per executed cell for every kernel without a debugger)`);
  const errors = consoleLines.filter((l) => /^(error|pageerror):/.test(l) && !known(l));
  check(errors.length === 0, `no other console errors (${errors.length}: ${errors.slice(0, 3).join(' | ')})`);
  if (failures.length) { console.log(`test:browser: ${failures.length} check(s) failed`); process.exit(1); }
  console.log('test:browser: all checks passed; screenshots in reports/browser/');
}

async function runChecks(page, url, token) {
  await page.goto(`${url}/lab/tree/check.ipynb?token=${token}`);
  await page.locator('.jp-Notebook .jp-Cell').first().waitFor({ timeout: 60_000 });
  await page.getByText('TypeScript (feedbacklab) | Idle').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'No', exact: true }).click({ timeout: 2000 }).catch(() => {}); // the news toast
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
  const cells = page.locator('.jp-Notebook .jp-CodeCell');
  const n = labCells.length;
  // Done when the last cell has an execution count.
  await cells.nth(n - 1).locator('.jp-InputPrompt', { hasText: /\[\d+\]/ }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500); // vega-embed renders asynchronously after the output arrives
  await page.screenshot({ path: join(OUT, 'notebook.png'), fullPage: true });

  const outputsOf = (i) => cells.nth(i).locator('.jp-OutputArea-output');
  const errors = await page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]').allInnerTexts();
  check(errors.length === 0, `no cell failed (${errors.join(' | ').slice(0, 300)})`);
  // stderr is reported, not failed on: TF.js prints its "install tfjs-node" banner there.
  const stderr = await page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts();
  if (stderr.length) console.log(`note: cells wrote to stderr: ${JSON.stringify(stderr.join(' | ').replace(/\s+/g, ' ').slice(0, 300))}`);
  const prompts = await page.locator('.jp-Notebook .jp-CodeCell .jp-InputPrompt').allInnerTexts();
  check(prompts.every((p) => /\[\d+\]/.test(p)), `every cell ran (${prompts.join(' ')})`);
  const trained = (await cells.nth(labCells.findIndex((c) => c.id === 'train')).locator('.jp-OutputArea-executeResult .jp-OutputArea-output').allInnerTexts()).join('');
  check(/^\s*3\s*$/.test(trained), `the training cell shows 3 epochs (${JSON.stringify(trained)})`);

  const chartCell = cells.nth(labCells.findIndex((c) => c.id === 'chart'));
  await chartCell.locator('.vega-embed svg, .vega-embed canvas').first().waitFor({ timeout: 30_000 }).catch(() => {});
  const marks = await chartCell.locator('.vega-embed svg, .vega-embed canvas').count();
  check(marks > 0, `await show(chart) renders a vega-embed chart (${marks} svg/canvas)`);
  const echo = await chartCell.locator('.jp-OutputArea-executeResult').allInnerTexts();
  check(echo.length === 0, `no execute_result echo under await show(chart) (${JSON.stringify(echo).slice(0, 200)})`);
  const chartText = (await chartCell.locator('.jp-OutputArea-output').allInnerTexts()).join('');
  check(!/displayId|Promise|AsyncFunction/.test(chartText), 'no handle or promise printed with the chart');
  await chartCell.screenshot({ path: join(OUT, 'chart-cell.png') });

  const tableCell = cells.nth(labCells.findIndex((c) => c.id === 'table'));
  const rows = await tableCell.locator('.jp-RenderedHTMLCommon table tr').count();
  check(rows >= 4, `the arquero table renders as an HTML table (${rows} rows incl. header)`);
  await tableCell.screenshot({ path: join(OUT, 'table-cell.png') });

  // Interrupt (Kernel → Interrupt Kernel) stops a busy loop; its variable is kept.
  await tableCell.locator('.jp-InputArea-editor').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.type('let spins = 0\nwhile (true) { spins++ }');
  await page.keyboard.press('Shift+Enter');
  const spinCell = cells.nth(n);
  await spinCell.locator('.jp-InputPrompt', { hasText: '[*]' }).waitFor({ timeout: 30_000 });
  await page.getByText('TypeScript (feedbacklab) | Busy').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  const sent = Date.now();
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Kernel$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Interrupt Kernel$/ }).click();
  const stopped = await spinCell.locator('.jp-OutputArea-output', { hasText: 'KeyboardInterrupt' }).waitFor({ timeout: 10_000 }).then(() => true, () => false);
  check(stopped, `Interrupt Kernel stops \`while (true) {}\` (${stopped ? `${Date.now() - sent} ms after the click` : 'no KeyboardInterrupt in 10 s'})`);
  // Shift+Enter left a new cell below (the menu took the focus from it).
  await cells.nth(n + 1).locator('.jp-InputArea-editor').click();
  await page.keyboard.type('spins > 0');
  await page.keyboard.press('Shift+Enter');
  const kept = cells.nth(n + 1).locator('.jp-OutputArea-executeResult .jp-OutputArea-output');
  await kept.waitFor({ timeout: 10_000 }).catch(() => {});
  const keptText = (await kept.allInnerTexts()).join('').trim();
  check(keptText === 'true', `the variable set before the interrupt is kept (spins > 0: ${JSON.stringify(keptText)})`);
  await spinCell.screenshot({ path: join(OUT, 'interrupt-cell.png') });

  // A new launcher: the kernel's card must carry its logo, not a letter or a broken image.
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^File$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^New Launcher$/ }).click();
  const card = page.locator('.jp-LauncherCard[title="TypeScript (feedbacklab)"]').first();
  await card.waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(OUT, 'launcher.png') });
  await page.waitForTimeout(500);
  const cardImg = await card.locator('img').evaluateAll((imgs) => imgs.map((i) => ({ src: i.src, w: i.naturalWidth })));
  check(cardImg.length === 1 && cardImg[0].w > 0, `launcher card shows the kernel logo (${JSON.stringify(cardImg)})`);

  await page.locator('.lm-TabBar-tab', { hasText: 'check.ipynb' }).first().click();

  // Help → "About the TypeScript (feedbacklab) Kernel": banner and logo.
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Help$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /About the TypeScript \(feedbacklab\) Kernel/ }).click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(OUT, 'about-kernel.png') });
  const aboutImg = await dialog.locator('img').evaluateAll((imgs) => imgs.map((i) => ({ src: i.src, w: i.naturalWidth })));
  check(aboutImg.length > 0 && aboutImg.every((i) => i.w > 0), `the About dialog shows the kernel logo (${JSON.stringify(aboutImg)})`);
  const banner = await dialog.innerText();
  check(/feedbacklab .*TypeScript/.test(banner), 'the About dialog shows the kernel banner');
  await page.keyboard.press('Escape');
  // The kernel's help_links land in the Help menu (listed, not opened: no network here).
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Help$/ }).click();
  const helpItems = await page.locator('.lm-Menu-itemLabel').allInnerTexts();
  await page.keyboard.press('Escape');
  check(helpItems.includes('TensorFlow.js API'), `the Help menu lists the kernel's help links (${helpItems.filter(Boolean).join(' · ')})`);
}

main().catch((e) => { console.error(`test:browser: ${e.stack ?? e}`); process.exit(1); });
