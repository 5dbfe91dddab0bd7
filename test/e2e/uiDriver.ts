// What the tests inside the extension host ask the browser side to do, as the user would: click a
/// <reference lib="dom" />
// notification's or a dialog's button by its label, read what a notification, dialog, quick input, webview
// or status bar item shows. A test logs `[[ui {json}]]`; the answer is written as JSON to the request's `reply` file.
import { writeFileSync } from 'node:fs';
import { Frame, Locator, Page } from 'playwright-core';

export const UI_MARKER = /\[\[ui (\{.*\})\]\]/;

export interface UiRequest {
  action: 'click' | 'read' | 'quickInput' | 'webviewText' | 'webviewClick' | 'statusItem' | 'text' | 'closeDialogs';
  reply: string;
  /** click: the button's label; webviewClick: the link's text. */
  label?: string;
  /** read, webviewText, webviewClick, text: wait until the text shown contains this. */
  contains?: string;
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

async function boxes(page: Page): Promise<Array<{ box: Locator; text: string; buttons: string[] }>> {
  const out = [];
  for (const box of await page.locator(MESSAGE_BOXES).all()) {
    if (!(await box.isVisible())) continue;
    const text = (await box.innerText()).replace(/\s+/g, ' ').trim();
    const buttons = (await box.locator('.monaco-button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
    out.push({ box, text, buttons });
  }
  return out;
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
      await found.box.locator('.monaco-button').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(request.label ?? '')}\\s*$`) }).first().click({ timeout: 5000 });
      return { ok: true, text: found.text, buttons: found.buttons };
    }
    case 'read': {
      const found = await poll(timeout, async () => (await boxes(page)).find((b) => b.text.includes(request.contains ?? '')));
      return found ? { ok: true, text: found.text, buttons: found.buttons } : { ok: false, shown: (await boxes(page)).map(({ text, buttons }) => ({ text, buttons })) };
    }
    case 'quickInput': {
      const widget = page.locator('.quick-input-widget');
      await widget.waitFor({ state: 'visible', timeout });
      // What the user reads: the title, the placeholder (or prompt) and whether each fits its box.
      return {
        ok: true,
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
        const element = page.locator(request.selector ?? 'body').first();
        const text = (await element.innerText()).replace(/\s+/g, ' ');
        return text.includes(request.contains ?? '') ? text : undefined;
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
