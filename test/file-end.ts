/**
 * Work a helper leaves for the end of each test file (dropping the databases it made for the
 * file): test/setup.ts runs it after the file's own afterAll hooks. A helper registers once, when
 * it is first loaded; its work then runs at the end of every file, also when a worker runs
 * several files without reloading the helpers.
 */
const hooks = new Set<() => Promise<void>>();

export function atEndOfEachFile(hook: () => Promise<void>): void {
  hooks.add(hook);
}

export async function endOfFile(): Promise<void> {
  const errors: unknown[] = [];
  for (const hook of hooks) {
    try {
      await hook();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw errors[0];
}
