// The Temporal web UI as an incident commander uses it, in headless Chromium (Debian's chromium,
// driven by playwright-core): start a rollback of the sandbox from the start-workflow form with the
// operator guide's exact JSON, read the checklist in the run's details, run the progress query,
// approve the gate with an update, and cancel a failover waiting at its gate, whose undo then runs.
// Started by TemporalUiIT (worker module), which runs the real dev server with its UI and a worker;
// it passes UI_URL, TASK_QUEUE, GUIDE (docs/operator-guide.md) and SCREENSHOTS (a folder).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const UI = process.env.UI_URL;
const QUEUE = process.env.TASK_QUEUE ?? 'dr-runbooks';
const SHOTS = process.env.SCREENSHOTS ?? 'screenshots';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RECOVERY = 'recovery/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service';

let browser;
let page;

before(async () => {
  assert.ok(UI, 'UI_URL is not set');
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(20_000);
});

after(async () => {
  await browser?.close();
});

/** The input the operator guide gives for starting this workflow type, as an object. */
function guideInput(type, purpose) {
  const guide = readFileSync(process.env.GUIDE, 'utf8');
  const row = guide
    .split('\n')
    .find((l) => l.startsWith(`| ${purpose} | \`${type}\``));
  assert.ok(row, `the operator guide has no row "${purpose}" for ${type}`);
  const json = row.split('|').map((c) => c.trim()).filter(Boolean).at(-1).replace(/^`|`$/g, '');
  return JSON.parse(json);
}

/** Replaces what a JSON editor (CodeMirror) holds, and leaves it so the form takes the value. */
async function setEditor(scope, text) {
  const editor = scope.locator('.cm-content').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Tab');
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

function visibleDialog() {
  return page.locator('dialog[open]').filter({ visible: true });
}

async function openRun(id) {
  await page.goto(`${UI}/namespaces/default/workflows/${encodeURIComponent(id)}`);
  await page.getByRole('tab', { name: 'Timeline' }).waitFor();
}

/** The run's checklist: what the workflow publishes as its current details. */
async function currentDetails(until) {
  const deadline = Date.now() + 60_000;
  let text = '';
  while (Date.now() < deadline) {
    await page.getByRole('tab', { name: 'User Metadata' }).click();
    // The UI renders the details' Markdown in a frame of its own.
    text = await page
      .frameLocator('main iframe')
      .first()
      .locator('body')
      .innerText({ timeout: 5_000 })
      .catch(() => '');
    if (until(text)) {
      return text;
    }
    await page.waitForTimeout(1000);
    await page.reload();
  }
  assert.fail(`the current details never showed what was expected; last:\n${text}`);
}

/**
 * Requests cancellation from the run's page and confirms it. On a loaded machine a click can land
 * on a page still settling after the previous dialog: the request is made again on a fresh page
 * until the run shows Canceled (a second request of a run already canceling changes nothing).
 */
async function requestCancellation(id) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await openRun(id);
    const button = page.getByRole('button', { name: 'Request Cancellation' }).filter({ visible: true });
    if (await button.isEnabled({ timeout: 10_000 }).catch(() => false)) {
      await button.click();
      const confirm = visibleDialog();
      await confirm.getByRole('button', { name: 'Confirm' }).click();
    }
    if (await awaitStatus(id, 'Canceled', 30_000).then(() => true, () => false)) {
      return;
    }
  }
  assert.fail(`${id} did not end Canceled after three requests`);
}

async function awaitStatus(id, status, within = 90_000) {
  const deadline = Date.now() + within;
  while (Date.now() < deadline) {
    await openRun(id);
    const badge = page.locator('main').getByText(status, { exact: true }).first();
    if (await badge.isVisible().catch(() => false)) {
      return;
    }
    await page.waitForTimeout(1500);
  }
  assert.fail(`${id} did not end ${status}`);
}

async function startFromForm(id, type, input) {
  await page.goto(`${UI}/namespaces/default/workflows/start-workflow`);
  await page.locator('#workflowId').filter({ visible: true }).fill(id);
  await page.locator('#taskQueue').filter({ visible: true }).fill(QUEUE);
  await page.locator('#workflowType').filter({ visible: true }).fill(type);
  await setEditor(page.locator('main'), JSON.stringify(input));
  await shot(`ui-start-${type}`);
  await page.getByRole('button', { name: 'Start Workflow' }).filter({ visible: true }).last().click();
  // The form stays; the run is followed on its own page.
  await page.waitForTimeout(1000);
}

async function sendUpdate(name, input) {
  await page.getByRole('button', { name: 'More Actions' }).filter({ visible: true }).click();
  await page.getByRole('menuitem', { name: 'Send an Update' }).filter({ visible: true }).click();
  const dialog = visibleDialog();
  await dialog.getByRole('button', { name: 'Select an Update' }).click();
  await dialog.getByRole('option', { name, exact: true }).click();
  await setEditor(dialog, JSON.stringify(input));
  await dialog.getByRole('button', { name: 'Random UUID' }).click();
  await shot(`ui-update-${name}`);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function sendSignal(name, input) {
  await page.getByRole('button', { name: 'More Actions' }).filter({ visible: true }).click();
  await page.getByRole('menuitem', { name: 'Send a Signal' }).filter({ visible: true }).click();
  const dialog = visibleDialog();
  await dialog.getByRole('button', { name: 'Select a signal' }).click();
  await dialog.getByRole('option', { name, exact: true }).click();
  await setEditor(dialog, JSON.stringify(input));
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('a rollback started from the form, followed, queried and approved in the UI', async () => {
  // The guide's input for the real service, for the sandbox, detected a minute ago.
  const input = {
    ...guideInput('AppRollback', 'roll back the application'),
    service: 'sandbox',
    detectedAt: new Date(Date.now() - 60_000).toISOString(),
  };
  await startFromForm(RECOVERY, 'AppRollback', input);

  await openRun(RECOVERY);
  const waiting = await currentDetails((t) => t.includes('WAITING_FOR_APPROVAL'));
  assert.match(waiting, /Approval to roll back/);
  assert.match(waiting, /\.\/runbook approve/);
  await shot('ui-checklist-waiting');

  await page.getByRole('tab', { name: 'Queries' }).click();
  await page.getByRole('button', { name: 'Run Query' }).filter({ visible: true }).click();
  await page.getByText('"WAITING_FOR_APPROVAL"').first().waitFor();
  await shot('ui-query-progress');

  await openRun(RECOVERY);
  await sendUpdate('approve', {
    gate: 'approve-rollback',
    approver: 'ops-lead',
    comment: 'approved from the Temporal UI',
  });
  await awaitStatus(RECOVERY, 'Completed');
  const done = await currentDetails((t) => t.includes('COMPLETED'));
  assert.match(done, /approved by ops-lead: approved from the Temporal UI/);
  await shot('ui-checklist-completed');
});

test('a failover waiting at its gate, canceled from the UI, undoes its standby start', async () => {
  const input = {
    ...guideInput('RegionFailover', 'fail over to the standby region'),
    service: 'sandbox',
  };
  await startFromForm(RECOVERY, 'RegionFailover', input);
  await openRun(RECOVERY);
  await currentDetails((t) => t.includes('WAITING_FOR_APPROVAL'));

  await sendSignal('cancelReason', { actor: 'ops-lead', reason: 'drill: canceled from the UI' });
  await requestCancellation(RECOVERY);
  const canceled = await currentDetails((t) => t.includes('CANCELED'));
  assert.match(canceled, /canceled by ops-lead: drill: canceled from the UI/);
  assert.match(canceled, /undone: Scale the standby back/);
  await shot('ui-canceled-with-undo');
});
