/**
 * Compiled schemes kept between requests. Compiling a period's scheme (its preset, the
 * framework's changes and locks, the cluster's own criteria) takes 0.2–0.7 ms, and a score save
 * needs it every time. An entry is the scheme of one period at one version of its criteria
 * (`periods.version` counts every change of them) and one version of its framework
 * (`frameworks.version`); a newer version of either compiles a new entry, which replaces the
 * period's old one. Whoever writes on the strength of a cached scheme checks in the same write
 * that both versions still stand (the score save does).
 */
import type { Scheme } from "../../core/scheme.ts";
import type { DbOrTx } from "../db/client.ts";
import type { Period } from "../policies/access.ts";
import { compilePeriodScheme, periodFramework } from "./cluster-year.ts";

/** Periods whose scheme is kept; the one used longest ago goes first. */
const MAX_PERIODS = 1000;

export interface CachedScheme {
  scheme: Scheme;
  /** The version of the framework it was compiled with; null: the period has none. */
  frameworkVersion: number | null;
}

type SchemePeriod = Pick<Period, "id" | "version" | "schemeId" | "criteria" | "frameworkId">;

type Entry = CachedScheme & { periodVersion: number };

/**
 * Kept per database handle: a process may hold several databases (the tests do, a restore
 * does), whose periods share ids.
 */
const byDatabase = new WeakMap<DbOrTx, Map<number, Entry>>();

/**
 * The scheme of `period` (as read: its criteria at its version) with its framework at
 * `frameworkVersion` (what the caller has just read of it; null without a framework): from the
 * cache, or compiled, reading the framework. When the framework read then is newer than asked,
 * the scheme is compiled on it and says so in `frameworkVersion`. An engine error of a scheme
 * that does not compile is thrown, and nothing is kept.
 */
export async function cachedPeriodScheme(
  db: DbOrTx,
  period: SchemePeriod,
  frameworkVersion: number | null,
): Promise<CachedScheme> {
  let byPeriod = byDatabase.get(db);
  if (!byPeriod) {
    byPeriod = new Map();
    byDatabase.set(db, byPeriod);
  }
  const kept = byPeriod.get(period.id);
  if (
    kept &&
    kept.periodVersion === period.version &&
    kept.frameworkVersion === (period.frameworkId === null ? null : frameworkVersion)
  ) {
    // used now: it moves to the end of the eviction order
    byPeriod.delete(period.id);
    byPeriod.set(period.id, kept);
    return kept;
  }
  const framework = await periodFramework(db, period);
  const entry = {
    scheme: compilePeriodScheme(period, framework),
    frameworkVersion: framework?.version ?? null,
    periodVersion: period.version,
  };
  byPeriod.delete(period.id);
  byPeriod.set(period.id, entry);
  if (byPeriod.size > MAX_PERIODS) {
    const oldest = byPeriod.keys().next().value;
    if (oldest !== undefined) byPeriod.delete(oldest);
  }
  return entry;
}
