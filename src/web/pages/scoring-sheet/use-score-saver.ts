/**
 * Save as you go: one request per cell, one at a time per cell, with the version read; the
 * state of each cell (saving, saved, refused, waiting for the network, overtaken by someone
 * else) and the time of the last save for the header; after each save the sheet is fetched
 * again, for the server's points and totals. Nothing typed is lost offline: what could not
 * reach the server is sent again when the network or the session comes back.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ScoreValue, Stage } from "../../../core/evaluate.ts";
import { ApiError } from "../../api.ts";
import { type SheetData, type StageEntry, saveScoreRequest, sheetKey } from "./sheet-data.ts";
import { sameValue } from "./values.ts";

export interface ScorePatch {
  value?: ScoreValue;
  comment?: string | null;
  explanation?: string | null;
}

export type CellSave =
  | { state: "saving" }
  | { state: "saved"; at: string }
  | { state: "error"; message: string }
  | { state: "offline"; message: string }
  | {
      state: "conflict";
      message: string;
      current: { value: ScoreValue; version: number; by: string; at: string } | null;
    };

export function useScoreSaver(
  periodId: number,
  unitId: number,
  stage: Stage | null,
  displayName: string,
) {
  const queryClient = useQueryClient();
  const [cells, setCells] = useState<Record<string, CellSave>>({});
  const [lastSavedAt, setLastSavedAt] = useState<string | null>(null);
  const chains = useRef(new Map<string, Promise<void>>());
  const waiting = useRef(new Map<string, ScorePatch>());
  const key = sheetKey(periodId, unitId);

  const setCell = useCallback((id: string, s: CellSave | null) => {
    setCells((all) => {
      const next = { ...all };
      if (s) next[id] = s;
      else delete next[id];
      return next;
    });
  }, []);

  const entryOf = useCallback(
    (id: string): StageEntry | undefined => {
      if (!stage) return undefined;
      const sheet = queryClient.getQueryData<SheetData>(key);
      return sheet?.rows.find((r) => r.criterionId === id)?.values[stage];
    },
    [queryClient, key, stage],
  );

  const run = useCallback(
    async (id: string, patch: ScorePatch) => {
      if (!stage) return;
      const entry = entryOf(id);
      const value = patch.value ?? entry?.value;
      if (value === undefined) {
        setCell(id, { state: "error", message: "Nhập điểm trước khi ghi giải trình." });
        return;
      }
      const comment = patch.comment !== undefined ? patch.comment : (entry?.comment ?? null);
      const explanation =
        patch.explanation !== undefined ? patch.explanation : (entry?.explanation ?? null);
      if (
        entry &&
        sameValue(entry.value, value) &&
        (entry.comment ?? "") === (comment ?? "") &&
        (entry.explanation ?? "") === (explanation ?? "")
      ) {
        return;
      }
      setCell(id, { state: "saving" });
      try {
        const saved = await saveScoreRequest(periodId, unitId, id, {
          value,
          comment,
          explanation,
          version: entry?.version ?? 0,
        });
        waiting.current.delete(id);
        queryClient.setQueryData<SheetData>(key, (sheet) =>
          sheet
            ? {
                ...sheet,
                rows: sheet.rows.map((r) =>
                  r.criterionId === id
                    ? {
                        ...r,
                        // the server's points and totals are of the values before this save
                        figuresFrom: r.figuresFrom ?? r.values,
                        values: {
                          ...r.values,
                          [stage]: {
                            value,
                            comment: saved.comment,
                            explanation: explanation?.trim() || null,
                            version: saved.version,
                            by: displayName,
                            at: saved.scoredAt,
                          },
                        },
                      }
                    : r,
                ),
              }
            : sheet,
        );
        setCell(id, { state: "saved", at: saved.scoredAt });
        setLastSavedAt(saved.scoredAt);
        // the server's figures of the saved value (with the whole cluster), its warnings
        void queryClient.invalidateQueries({ queryKey: key });
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(500, "ERROR", String(e));
        if (err.status === 0 || err.status === 401) {
          waiting.current.set(id, patch);
          setCell(id, { state: "offline", message: err.message });
        } else if (err.status === 409) {
          const current = (err.details ?? null) as Extract<
            CellSave,
            { state: "conflict" }
          >["current"];
          setCell(id, { state: "conflict", message: err.message, current });
        } else {
          setCell(id, { state: "error", message: err.message });
        }
      }
    },
    [stage, entryOf, periodId, unitId, queryClient, key, displayName, setCell],
  );

  /** Save a cell; saves of one cell run one after the other, each with the latest version. */
  const save = useCallback(
    (id: string, patch: ScorePatch) => {
      const before = chains.current.get(id) ?? Promise.resolve();
      const next = before.then(() => run(id, patch));
      chains.current.set(id, next);
      return next;
    },
    [run],
  );

  const retry = useCallback(() => {
    for (const [id, patch] of waiting.current) void save(id, patch);
  }, [save]);

  /** Forget a cell's state (after the user reloaded it). */
  const clear = useCallback((id: string) => setCell(id, null), [setCell]);

  useEffect(() => {
    window.addEventListener("online", retry);
    const timer = window.setInterval(() => {
      if (waiting.current.size > 0 && navigator.onLine) retry();
    }, 20_000);
    return () => {
      window.removeEventListener("online", retry);
      window.clearInterval(timer);
    };
  }, [retry]);

  return { cells, lastSavedAt, save, retry, clear };
}
