// Drives headless Chromium through the real Jupyter Notebook UI of a running `cmt notebook`, for
// NotebookBrowserTest: opens the address the server printed (which must lead to the quickstart), runs
// all cells, then runs the first chart's cell again (its new output no longer carries plotly.js), saves,
// reloads, and opens a second tab. At each step it counts the charts and the drawn ones, and measures
// whether any legend or axis label lies outside its figure. Prints one JSON object; screenshots go to OUT.
// Usage: node session.js URL OUT
const puppeteer = require('puppeteer-core');
const path = require('path');

const [url, out] = process.argv.slice(2);
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Charts on the page: how many, how many drawn, and every label or legend not inside its figure. */
function charts() {
  const plots = Array.from(document.querySelectorAll('.cmt-plot'));
  const clipped = [];
  for (const p of plots) {
    const svg = p.querySelector('.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    const parts = p.querySelectorAll('.legend, .xtick text, .ytick text, .y2tick text, .g-xtitle text, .g-ytitle text, .g-y2title text, .gtitle');
    for (const e of parts) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        clipped.push((p.querySelector('.gtitle') || {}).textContent + ': ' + (e.textContent || e.getAttribute('class')).slice(0, 40));
      }
    }
    // A legend drawn over the plot area's right edge covers the right axis' labels.
    const legend = p.querySelector('.legend');
    const y2 = p.querySelectorAll('.y2tick text');
    if (legend && y2.length) {
      const l = legend.getBoundingClientRect();
      for (const t of y2) {
        const r = t.getBoundingClientRect();
        if (r.left < l.right && r.right > l.left && r.top < l.bottom && r.bottom > l.top) {
          clipped.push((p.querySelector('.gtitle') || {}).textContent + ': legend covers ' + t.textContent);
          break;
        }
      }
    }
  }
  const texts = (p, sel) => Array.from(p.querySelectorAll(sel)).map(e => e.textContent);
  return {
    ticks: plots.map(p => ({title: (p.querySelector('.gtitle') || {}).textContent || '',
      x: texts(p, '.xtick text'), y: texts(p, '.ytick text'), y2: texts(p, '.y2tick text')})),
    plots: plots.length,
    drawn: plots.filter(p => p.querySelector('.main-svg')).length,
    missing: plots.filter(p => !p.querySelector('.main-svg')).map(p => p.textContent.slice(0, 80)),
    clipped: clipped,
    errors: Array.from(document.querySelectorAll('.output_error')).map(e => e.textContent.slice(0, 200)),
    stderr: Array.from(document.querySelectorAll('.output_stderr')).map(e => e.textContent.slice(0, 200)),
  };
}

async function waitForKernel(page) {
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected(), {timeout: 180000});
}

async function waitIdle(page) {
  await sleep(1000);
  await page.waitForFunction(() => Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || c.input_prompt_number !== '*')
      && !Jupyter.notebook.kernel_busy, {timeout: 1200000, polling: 500});
  await sleep(2000);
}

(async () => {
  const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']});
  const result = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1280, height: 900});
    await page.goto(url, {waitUntil: 'networkidle2'});
    result.opened = new URL(page.url()).pathname;
    await waitForKernel(page);
    await page.evaluate(() => Jupyter.notebook.execute_all_cells());
    await waitIdle(page);
    result.run = await page.evaluate(charts);
    await page.screenshot({path: path.join(out, 'quickstart-run.png'), fullPage: true});
    const plots = await page.$$('.cmt-plot');
    for (let i = 0; i < plots.length; i++) {
      await plots[i].scrollIntoView();
      await plots[i].screenshot({path: path.join(out, 'chart-' + (i + 1) + '.png')});
    }

    await page.evaluate(() => {
      const cells = Jupyter.notebook.get_cells();
      Jupyter.notebook.execute_cells([cells.findIndex(c => c.element[0].querySelector('.cmt-plot'))]);
    });
    await waitIdle(page);
    await page.evaluate(() => Jupyter.notebook.save_notebook());
    await sleep(3000);
    await page.reload({waitUntil: 'networkidle2'});
    await sleep(8000);
    result.reload = await page.evaluate(charts);
    result.reloadFetched = await page.evaluate(() => !!window.cmtPlotlyLoading);
    await page.screenshot({path: path.join(out, 'quickstart-reloaded.png'), fullPage: true});

    const second = await browser.newPage();
    await second.setViewport({width: 900, height: 900});
    await second.goto(new URL(page.url()).href, {waitUntil: 'networkidle2'});
    await sleep(8000);
    result.secondTab = await second.evaluate(charts);
    await second.screenshot({path: path.join(out, 'quickstart-second-tab-900px.png'), fullPage: true});
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
})().catch(e => { console.error(e); process.exit(1); });
