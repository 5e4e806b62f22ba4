/** Moving between the cells of a column like a spreadsheet: Enter and ↓ go down, ↑ goes up. */

/** Focus the cell of the same column `step` rows away; false when there is none. */
export function moveFocus(from: HTMLElement, step: 1 | -1): boolean {
  const cell = from.closest<HTMLElement>("[data-nav-col]");
  if (!cell) return false;
  const col = cell.dataset.navCol;
  const cells = Array.from(document.querySelectorAll<HTMLElement>(`[data-nav-col="${col}"]`));
  const target = cells[cells.indexOf(cell) + step];
  if (!target) return false;
  focusCell(target);
  return true;
}

export function focusCell(cell: HTMLElement): void {
  const input = cell.querySelector<HTMLElement>("input:not([disabled]), textarea, [tabindex='0']");
  input?.focus();
  if (input instanceof HTMLInputElement) input.select();
  cell.scrollIntoView({ block: "nearest" });
}

/** Scroll to a criterion's row (or its card, on a phone) and focus its first input. */
export function focusRow(criterionId: string): void {
  const row = document.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(criterionId)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "center" });
  const cell = row.querySelector<HTMLElement>("[data-nav-col]");
  if (cell) focusCell(cell);
  else row.querySelector<HTMLElement>("button, input, textarea")?.focus();
}
