// What every e2e spec checks on every page: nothing logged with console.error,
// no uncaught exception.
import type { Page } from '@playwright/test';

/** Collects console.error messages and uncaught exceptions from the page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}
