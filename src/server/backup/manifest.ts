/**
 * The backup archive (`tdkt-backup` version 1): one gzip-compressed ustar file holding
 *
 *   tables/<table>.jsonl   one row per line (PostgreSQL's row_to_json), in primary-key order
 *   evidence/<key>         the evidence files, under their storage keys
 *   manifest.json          last: the format, the schema version, the time, and the row count,
 *                          size and sha256 of every table file and the size and sha256 of
 *                          every evidence file
 *
 * and the errors a restore reports: a stable code and a Vietnamese message.
 */
import { z } from "zod";
import { formatVietnamTime } from "../../core/workflow.ts";

export const BACKUP_FORMAT = "tdkt-backup";
export const BACKUP_VERSION = 1;
export const MANIFEST_NAME = "manifest.json";

/** The largest manifest a restore reads (it lists every evidence file). */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
export const EVIDENCE_KEY = /^[0-9a-f]{32}$/;

export const tableFile = (name: string) => `tables/${name}.jsonl`;
export const evidenceFile = (key: string) => `evidence/${key}`;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().positive(),
  product: z.string(),
  createdAt: z.string(),
  schema: z.object({ tag: z.string(), createdAt: z.number().int() }),
  skippedTables: z.array(z.string()),
  tables: z.array(
    z.object({
      name: z.string().regex(TABLE_NAME),
      columns: z.array(z.string().min(1)),
      rows: count,
      bytes: count,
      sha256,
    }),
  ),
  evidence: z.array(z.object({ key: z.string().regex(EVIDENCE_KEY), bytes: count, sha256 })),
  /** Files the evidence table names that were not in the data folder when the backup ran. */
  missingEvidence: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;

export type BackupErrorCode =
  | "BACKUP_UNREADABLE"
  | "BACKUP_DAMAGED"
  | "BACKUP_NOT_A_BACKUP"
  | "BACKUP_NEWER_FORMAT"
  | "BACKUP_CHECKSUM"
  | "BACKUP_NEWER_SCHEMA"
  | "BACKUP_UNKNOWN_TABLE"
  | "RESTORE_TARGET_NOT_EMPTY";

/** A backup refused or a target refused, for the person restoring: nothing was changed. */
export class BackupError extends Error {
  override name = "BackupError";
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A time of the manifest as a person in Vietnam reads it: "15:30 ngày 02/12/2026". */
export function describeTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatVietnamTime(date);
}

/** Progress of a backup or a restore: steps done of the total, and what was just done. */
export interface Progress {
  done: number;
  total: number;
  message: string;
}

export type OnProgress = (progress: Progress) => void;
