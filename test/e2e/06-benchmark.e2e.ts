// The benchmark from the command palette: a progress notification, then the result panel (a webview)
// with its charts and verdict; a second run cancelled midway leaves none of its processes behind.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { descendants, isAlive } from './harness/processes';
import type { ProcessInfo } from './harness/processes';
import type { Workbench } from './harness/workbench';
import type { PageElement } from './harness/dom';

interface ChartJs {
  getChart(canvas: PageElement): { data: { datasets: { data: unknown[] }[] } } | undefined;
}

const COMMAND = 'Concurrency Lint: Run Threads vs Processes Benchmark';
const RUNNER_SCRIPT = 'python_bench.py';

async function startQuickRun(workbench: Workbench): Promise<void> {
  const { page } = workbench;
  await workbench.runCommand(COMMAND);
  const pick = async (title: string, label?: string) => {
    await page.locator('.quick-input-widget', { hasText: title }).waitFor();
    if (label) await workbench.pickQuickInputRow(label);
    else await page.keyboard.press('Enter');
  };
  await pick('Benchmark: runtime', 'Python');
  await pick('Benchmark: workloads'); // CPU-bound and I/O-bound come pre-selected
  await pick('Benchmark: size', 'Quick');
}

function panelFrame(workbench: Workbench) {
  return workbench.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
}

/** The runner processes of the benchmark and everything they started (worker processes). */
function benchmarkProcesses(codeServerPid: number): ProcessInfo[] {
  const below = descendants(codeServerPid);
  const runners = below.filter((p) => p.commandLine.includes(RUNNER_SCRIPT));
  return [...runners, ...runners.flatMap((runner) => descendants(runner.pid))];
}

describe('benchmark', () => {
  it('runs the quick preset from the command palette and shows the charts and verdict', async () => {
    const { workbench } = session();
    const { page } = workbench;
    await startQuickRun(workbench);
    const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Concurrency Lint benchmark' });
    await progress.waitFor();
    await workbench.screenshot('benchmark-progress');

    const frame = panelFrame(workbench);
    await frame.locator('#verdict li').first().waitFor({ timeout: 600_000 });
    const verdict = await frame.locator('#verdict li').allTextContents();
    assert.ok(verdict.length > 0 && verdict.every((sentence) => sentence.trim().length > 10), `verdict: ${JSON.stringify(verdict)}`);
    const charts = await frame.locator('#charts canvas').evaluateAll((canvases: PageElement[]) =>
      canvases.map((canvas) => {
        const chart = (globalThis as { Chart?: ChartJs }).Chart?.getChart(canvas);
        return { width: canvas.width, points: chart?.data.datasets.reduce((n, d) => n + d.data.length, 0) ?? 0 };
      }),
    );
    assert.ok(charts.length > 0, 'the panel draws charts');
    assert.ok(charts.every((c) => c.width > 0 && c.points > 0), `every chart has data: ${JSON.stringify(charts)}`);
    assert.ok((await frame.locator('#table tbody tr').count()) > 0, 'the panel lists the timings');
    // The tree's memory is measured while every worker is alive: at 64 I/O workers the 65 processes'
    // PSS is several times the one process of the thread pool (13.7% in bench:validate).
    const rows = await frame.locator('#table tbody tr').evaluateAll((trs: PageElement[]) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const memory = (model: string): number => {
      const row = rows.find((cells) => cells[0] === 'I/O-bound' && cells[1] === model && cells[2] === '64');
      assert.ok(row, `an I/O-bound ${model} row at 64 workers in ${JSON.stringify(rows)}`);
      const [, amount, unit] = /([\d.]+) (MB|GB)/.exec(row[9]) ?? [];
      return Number(amount) * (unit === 'GB' ? 1024 : 1);
    };
    assert.ok(memory('processes') > 3 * memory('threads'), `peak memory at 64 I/O workers: processes ${memory('processes')} MB, threads ${memory('threads')} MB`);
    await progress.waitFor({ state: 'detached' });
    await workbench.screenshot('benchmark-panel');
  });

  it('cancels a second run midway and leaves no benchmark process running', async () => {
    const { workbench, server } = session();
    const { page } = workbench;
    const codeServerPid = server.child.pid;
    assert.ok(codeServerPid !== undefined);
    await startQuickRun(workbench);
    const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Concurrency Lint benchmark' });
    await progress.waitFor();

    // Midway: some measurements done, others to come, and a runner at work.
    let progressText = '';
    const running = await workbench.until('the run to be midway with a runner process at work', async () => {
      progressText = (await progress.textContent()) ?? '';
      const step = /(\d+)\/(\d+)/.exec(progressText);
      if (!step || Number(step[1]) < 1 || Number(step[1]) >= Number(step[2])) return undefined;
      const found = benchmarkProcesses(codeServerPid);
      return found.length > 0 ? found : undefined;
    });
    await workbench.screenshot('benchmark-running-before-cancel');
    await progress.hover();
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();

    await panelFrame(workbench).locator('#status', { hasText: 'Cancelled' }).waitFor();
    await workbench.until('every benchmark process to end', async () => (running.every((p) => !isAlive(p.pid)) ? true : undefined), 60_000).catch((error: Error) => {
      const left = running.filter((p) => isAlive(p.pid)).map((p) => `${p.pid} ${p.commandLine}`);
      throw new Error(`${error.message}; still running: ${left.join('; ')}`);
    });
    assert.deepEqual(benchmarkProcesses(codeServerPid), [], 'no new runner was started after the cancel');
    console.log(`      cancelled at "${progressText.trim()}" with ${running.length} benchmark process(es) running (pids ${running.map((p) => p.pid).join(', ')}); all ended`);
    await workbench.screenshot('benchmark-cancelled');
  });
});
