/**
 * Private file storage for evidence under `${DATA_DIR}/evidence/`. A file is kept under a random
 * key, never under the user's file name: the name lives in the database only, so nothing a user
 * types reaches a path. The file of deleted evidence is removed once the deletion has committed
 * (commands/evidence/delete-evidence.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, open, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

const KEY = /^[0-9a-f]{32}$/;

export interface FileStorage {
  /** Write the bytes durably (flushed to disk) under a new random key, and return the key. */
  save(bytes: Uint8Array): Promise<string>;
  /** The stored file as a stream, or null when it is missing. */
  open(key: string): Promise<{ stream: ReadStream; size: number } | null>;
  /** The SHA-256 of a stored file (hex), or null when it is missing. */
  hash(key: string): Promise<string | null>;
  /** Remove a stored file; a missing file is not an error. */
  remove(key: string): Promise<void>;
}

export function evidenceStorage(dataDir: string): FileStorage {
  const dir = resolve(dataDir, "evidence");
  const pathOf = (key: string): string => {
    if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
    return join(dir, key);
  };
  return {
    async save(bytes) {
      await mkdir(dir, { recursive: true });
      const key = randomBytes(16).toString("hex");
      const handle = await open(pathOf(key), "wx", 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(pathOf(key), { force: true });
        throw error;
      }
      await handle.close();
      return key;
    },
    async open(key) {
      const path = pathOf(key);
      try {
        const info = await stat(path);
        return { stream: createReadStream(path), size: info.size };
      } catch {
        return null;
      }
    },
    async hash(key) {
      const hash = createHash("sha256");
      try {
        for await (const chunk of createReadStream(pathOf(key))) hash.update(chunk as Buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      return hash.digest("hex");
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
