// What the tests inside the extension host ask the browser side to do, as the user would: click a
/// <reference lib="dom" />
// notification's or a dialog's button by its label, read what a notification, dialog, quick input, webview
// or status bar item shows. A test logs `[[ui {json}]]`; the answer is written as JSON to the request's `reply` file.
import { writeFileSync } from 'node:fs';
import { Frame, Locator, Page } from 'playwright-core';

export const UI_MARKER = /\[\[ui (\{.*\})\]\]/;

export interface UiRequest {
  action:
    | 'click' | 'read' | 'quickInput' | 'webviewText' | 'webviewClick' | 'statusItem' | 'text' | 'closeDialogs'
    | 'quickPick' | 'quickInputAccept' | 'quickInputType' | 'viewRows' | 'viewRowAction';
  reply: string;
  /**
   * click: the button's label; webviewClick: the link's text; quickPick: text the item's label holds;
   * viewRows, viewRowAction: the row's label.
   */
  label?: string;
  /**
   * read, webviewText, webviewClick, text: wait until the text shown contains this; quickInput, quickPick,
   * quickInputAccept: until the quick input's title does; quickInputType: until its prompt does; viewRows:
   * until the row's description does.
   */
  contains?: string;
  /** quickInputType: what the user types (it replaces the value offered). */
  text?: string;
  /** viewRows, viewRowAction: the start of the view's title. */
  view?: string;
  /** viewRowAction: the title of the row's inline button. */
  button?: string;
  /** text: a CSS selector; statusItem: the end of the item's id. */
  selector?: string;
  timeoutMs?: number;
}

/** The notifications and dialogs on screen: each with its text and its buttons. */
const MESSAGE_BOXES = '.notifications-toasts .notification-toast-container, .notifications-center .notification-list-item, .monaco-dialog-box';

async function poll<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Read in one step inside the page: a box that goes between two reads cannot leave a read waiting for it
 * (a locator of a vanished box waits out Playwright's whole timeout).
 */
function boxes(page: Page): Promise<Array<{ text: string; buttons: string[] }>> {
  return page.evaluate((selector) => Array.from(document.querySelectorAll<HTMLElement>(selector))
    .filter((box) => {
      const rect = box.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0 && getComputedStyle(box).visibility !== 'hidden';
    })
    .map((box) => ({
      text: box.innerText.replace(/\s+/g, ' ').trim(),
      buttons: Array.from(box.querySelectorAll<HTMLElement>('.monaco-button')).map((b) => b.innerText.trim()).filter(Boolean),
    })), MESSAGE_BOXES);
}

async function frameTexts(page: Page): Promise<Array<{ frame: Frame; text: string }>> {
  const out = [];
  // Webviews only: the workbench's own frame also shows notifications.
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    if (text) out.push({ frame, text });
  }
  return out;
}

async function perform(page: Page, request: UiRequest): Promise<unknown> {
  const timeout = request.timeoutMs ?? 15000;
  switch (request.action) {
    case 'click': {
      const found = await poll(timeout, async () => {
        for (const b of await boxes(page)) if (b.buttons.includes(request.label ?? '')) return b;
        return undefined;
      });
      if (!found) return { ok: false, error: `no button "${request.label}"`, shown: (await boxes(page)).map(({ text, buttons }) => ({ text, buttons })) };
      // By its label, not by the box's index: a notification that goes meanwhile moves the others up the list.
      // Playwright waits until the button holds still, which can take seconds on a loaded machine.
      const button = page.locator(MESSAGE_BOXES).filter({ visible: true }).locator('.monaco-button').filter({ hasText: exactly(request.label ?? '') });
      // Where it never holds still for Playwright (a toast that keeps redrawing), a click in its middle once its box stays put.
      const target = button.filter({ visible: true }).first();
      await target.click({ timeout: Math.min(timeout, 5000) }).catch(() => clickAt(page, target));
      return { ok: true, text: found.text, buttons: found.buttons };
    }
    case 'read': {
      const found = await poll(timeout, async () => (await boxes(page)).find((b) => b.text.includes(request.contains ?? '')));
      return found ? { ok: true, text: found.text, buttons: found.buttons } : { ok: false, shown: (await boxes(page)).map(({ text, buttons }) => ({ text, buttons })) };
    }
    case 'quickInput': {
      const widget = await quickInputShown(page, request.contains, timeout);
      if (!widget) return { ok: false, error: `no quick input titled "${request.contains ?? ''}"` };
      // What the user reads: the title, the placeholder (or prompt) and whether each fits its box, the items.
      return {
        ok: true,
        items: await quickItems(widget),
        ...(await widget.evaluate((root) => {
          const title = root.querySelector<HTMLElement>('.quick-input-title');
          const input = root.querySelector<HTMLInputElement>('.quick-input-box input');
          const message = root.querySelector<HTMLElement>('.quick-input-message');
          const canvas = document.createElement('canvas').getContext('2d');
          let placeholderFits = true;
          if (input && canvas) {
            const style = getComputedStyle(input);
            canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            placeholderFits = canvas.measureText(input.placeholder).width <= room;
          }
          return {
            title: title?.innerText ?? '',
            titleFits: title ? title.scrollWidth <= title.clientWidth : true,
            placeholder: input?.placeholder ?? '',
            placeholderFits,
            prompt: message?.innerText ?? '',
          };
        })),
      };
    }
    case 'quickPick': {
      const row = await poll(timeout, async () => {
        const widget = await quickInputShown(page, request.contains, 0);
        for (const candidate of widget ? await widget.locator(`${QUICK_LIST} .monaco-list-row`).all() : []) {
          if ((await candidate.isVisible()) && (await candidate.locator('.label-name').first().innerText()).includes(request.label ?? '')) return candidate;
        }
        return undefined;
      });
      if (!row) return { ok: false, error: `no item "${request.label}" in the quick input "${request.contains ?? ''}"`, items: await quickItems(page.locator(QUICK_INPUT)) };
      // One pick accepts it; in a list of checkboxes it ticks or unticks the item.
      await clickAt(page, row.locator('.label-name').first());
      return { ok: true };
    }
    case 'quickInputAccept': {
      const widget = await quickInputShown(page, request.contains, timeout);
      if (!widget) return { ok: false, error: `no quick input titled "${request.contains ?? ''}"` };
      const ok = widget.locator('.quick-input-action .monaco-button').filter({ hasText: /^\s*OK\s*$/ });
      if (await ok.isVisible()) await clickAt(page, ok);
      else await widget.locator('.quick-input-box input').press('Enter');
      return { ok: true };
    }
    case 'quickInputType': {
      // An input box (no list on show) whose prompt holds `contains`.
      const input = await poll(timeout, async () => {
        const widget = page.locator(QUICK_INPUT);
        if (!(await widget.isVisible()) || (await widget.locator(QUICK_LIST).isVisible())) return undefined;
        const prompt = await widget.locator('.quick-input-message').innerText();
        return prompt.includes(request.contains ?? '') ? widget.locator('.quick-input-box input') : undefined;
      });
      if (!input) return { ok: false, error: `no input box asking "${request.contains ?? ''}"` };
      await input.fill(request.text ?? '');
      await input.press('Enter');
      return { ok: true };
    }
    case 'viewRows': {
      const rows = await poll(timeout, async () => {
        const shown = await viewRows(page, request.view ?? '');
        const row = shown.find((r) => r.label === request.label);
        return (request.label === undefined ? shown.length > 0 : row?.description.includes(request.contains ?? '')) ? shown : undefined;
      });
      return rows ? { ok: true, rows } : { ok: false, rows: await viewRows(page, request.view ?? '').catch(() => []) };
    }
    case 'viewRowAction': {
      // The mouse goes to the row, whose inline buttons then show, and clicks the button. By position: the
      // view redraws its rows as Slurm's states come in, so a row element may not stay the same one.
      const row = viewPane(page, request.view ?? '').locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(request.label ?? '') }) });
      const clicked = await poll(timeout, async () => {
        const rowBox = await row.boundingBox();
        if (!rowBox) return undefined;
        await page.mouse.move(rowBox.x + rowBox.width / 2, rowBox.y + rowBox.height / 2);
        const buttonBox = await poll(1000, async () => (await row.locator(`.action-label[aria-label="${request.button ?? ''}"]`).boundingBox()) ?? undefined);
        if (!buttonBox) return undefined;
        await page.mouse.click(buttonBox.x + buttonBox.width / 2, buttonBox.y + buttonBox.height / 2);
        return true;
      });
      if (clicked) return { ok: true };
      return { ok: false, error: `no button "${request.button}" on the row "${request.label}"`, rows: await viewRows(page, request.view ?? '').catch(() => []) };
    }
    case 'webviewText': {
      const found = await poll(timeout, async () => (await frameTexts(page)).find((f) => f.text.includes(request.contains ?? '')));
      return found ? { ok: true, text: found.text, url: found.frame.url() } : { ok: false, frames: page.frames().map((f) => f.url()) };
    }
    case 'webviewClick': {
      const found = await poll(timeout, async () => (await frameTexts(page)).find((f) => f.text.includes(request.contains ?? '')));
      if (!found) return { ok: false, error: `no webview shows "${request.contains}"` };
      await found.frame.getByText(request.label ?? '', { exact: true }).first().click({ timeout: 5000 });
      return { ok: true };
    }
    case 'statusItem': {
      const item = page.locator(`.statusbar-item[id$="${request.selector}"]`).first();
      await item.waitFor({ state: 'visible', timeout });
      return {
        ok: true,
        text: (await item.innerText()).trim(),
        warning: await item.evaluate((e) => e.classList.contains('warning-kind') || getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)'),
        background: await item.evaluate((e) => getComputedStyle(e).backgroundColor),
      };
    }
    case 'text': {
      const found = await poll(timeout, async () => {
        const shown = await page.evaluate((selector) => document.querySelector<HTMLElement>(selector)?.innerText, request.selector ?? 'body');
        const text = shown?.replace(/\s+/g, ' ');
        return text?.includes(request.contains ?? '') ? text : undefined;
      });
      return found === undefined ? { ok: false } : { ok: true, text: found };
    }
    case 'closeDialogs': {
      // A dialog a failed test left open would cover the next test's notifications.
      for (let i = 0; i < 5 && (await page.locator('.monaco-dialog-box').first().isVisible()); i++) await page.keyboard.press('Escape');
      return { ok: true };
    }
  }
  return { ok: false, error: `unknown action ${String(request.action)}` };
}

/**
 * A click of the mouse in the middle of what the locator shows once it holds still, as the user clicks:
 * whatever is on top there gets it. For quick inputs and views: Playwright's own click waits for stillness
 * over animation frames, which takes seconds a click once the window has a few webviews, and never comes on
 * a row the view redraws every second.
 */
async function clickAt(page: Page, target: Locator): Promise<void> {
  let last: { x: number; y: number; width: number; height: number } | undefined;
  const box = await poll(5000, async () => {
    const now = (await target.boundingBox()) ?? undefined;
    const still = now && last && now.x === last.x && now.y === last.y && now.width === last.width && now.height === last.height;
    last = now;
    return still ? now : undefined;
  });
  if (!box) throw new Error('nothing to click holds still on screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_LIST = '.quick-input-list';

function titleOf(widget: Locator): Promise<string> {
  return widget.locator('.quick-input-title').innerText().catch(() => '');
}

/** The quick input on screen, once its title holds `title`. */
async function quickInputShown(page: Page, title: string | undefined, timeoutMs: number): Promise<Locator | undefined> {
  const widget = page.locator(QUICK_INPUT);
  return poll(timeoutMs, async () => ((await widget.isVisible()) && (await titleOf(widget)).includes(title ?? '') ? widget : undefined));
}

/** The items a quick pick shows: label, description, detail, and whether each is ticked (lists of checkboxes). */
function quickItems(widget: Locator): Promise<Array<{ label: string; description: string; detail: string; checked?: boolean }>> {
  return widget.evaluate((root, list) => {
    const rows = Array.from(root.querySelectorAll<HTMLElement>(`${list} .monaco-list-row`)).filter((row) => row.offsetParent !== null);
    return rows.map((row) => {
      const text = (selector: string): string => (row.querySelector<HTMLElement>(selector)?.innerText ?? '').replace(/\s+/g, ' ').trim();
      const checked = row.getAttribute('aria-checked');
      return { label: text('.label-name'), description: text('.label-description'), detail: text('.quick-input-list-label-meta'), ...(checked === null ? {} : { checked: checked === 'true' }) };
    });
  }, QUICK_LIST).catch(() => []);
}

/** The pane of a view (in the side bar or the panel) by the start of its title. */
function viewPane(page: Page, title: string): Locator {
  return page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}`) }) });
}

/** Each row a view shows: its label and its description. */
function viewRows(page: Page, title: string): Promise<Array<{ label: string; description: string }>> {
  return viewPane(page, title).first().evaluate((pane) =>
    Array.from(pane.querySelectorAll<HTMLElement>('.monaco-list-row')).map((row) => ({
      label: (row.querySelector<HTMLElement>('.label-name')?.innerText ?? '').trim(),
      description: (row.querySelector<HTMLElement>('.label-description')?.innerText ?? '').trim(),
    })),
  );
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Carries out one request from a test and writes the answer to its reply file. */
export async function answerUiRequest(page: Page, json: string): Promise<void> {
  let request: UiRequest;
  try {
    request = JSON.parse(json) as UiRequest;
  } catch {
    return;
  }
  let answer: unknown;
  try {
    answer = await perform(page, request);
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  writeFileSync(request.reply, JSON.stringify(answer));
}
