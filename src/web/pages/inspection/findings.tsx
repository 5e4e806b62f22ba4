/**
 * The findings of a visit, one row per inspected criterion (one card on a phone, as the scoring
 * sheet's cards): the unit's own value, the team's value and remark, the unit's answer.
 * - "record": the team (or the leadership) enters a value and a remark, saved row by row;
 * - "answer": the inspected unit agrees, or disputes with its reason;
 * - "read": everyone else who may read the findings.
 */
import { Alert, App, Button, Form, Input, Modal, Tag, Typography } from "antd";
import { type ReactNode, useEffect, useId, useState } from "react";
import { ApiError } from "../../api.ts";
import { formatDateTime, formatPoints } from "../../format.ts";
import { PHONE_CARD } from "../../phone-card.ts";
import { ReasonField } from "../../reason-field.tsx";
import { OK_TAG } from "../meetings/readable-theme.tsx";
import { type CriterionRow, useClusterWords, usePeriodId } from "../period/period-data.ts";
import type { SheetRow } from "../scoring-sheet/sheet-data.ts";
import { TONES } from "../scoring-sheet/tones.ts";
import { sameValue } from "../scoring-sheet/values.ts";
import { type Finding, type FindingResponse, useInspectionWrites } from "./inspection-data.ts";
import {
  describeValue,
  formFor,
  parseValue,
  type Texts,
  textsOf,
  ValueInput,
  valueText,
} from "./value-input.tsx";

export type FindingsMode = "record" | "answer" | "read";

/** The table's columns: heading and width (the table is laid out fixed: nothing overflows). */
const COLUMNS: { title: string; width: string }[] = [
  { title: "STT", width: "56px" },
  { title: "Nội dung", width: "24%" },
  { title: "Đơn vị tự chấm", width: "14%" },
  { title: "Kết quả kiểm tra", width: "18%" },
  { title: "Nhận xét của đoàn", width: "20%" },
  { title: "Ý kiến đơn vị", width: "16%" },
];
const ACTION = { title: "Lưu", width: "72px" };

const CELL = {
  padding: 8,
  verticalAlign: "top",
  borderBottom: "1px solid #f0f0f0",
  overflowWrap: "anywhere",
} as const;

export interface FindingLine {
  criterion: CriterionRow;
  finding: Finding | undefined;
  /** The unit's sheet row, when this user may read the sheet. */
  sheetRow: SheetRow | undefined;
}

export function FindingsTable(props: {
  lines: FindingLine[];
  mode: FindingsMode;
  visitId: number;
  /** Findings may be written or answered (the plan agreed, the visit not reconciled). */
  open: boolean;
  wide: boolean;
  onDirty?(criterionId: string, dirty: boolean): void;
}) {
  const { lines, mode, wide } = props;
  if (lines.length === 0) {
    return (
      <Typography.Paragraph type="secondary">
        {mode === "answer" ? "Đoàn chưa ghi kết quả kiểm tra nào." : "Không có tiêu chí nào."}
      </Typography.Paragraph>
    );
  }
  const rows = lines.map((l) => (
    <FindingRow
      key={l.criterion.id}
      line={l}
      mode={mode}
      visitId={props.visitId}
      open={props.open}
      wide={wide}
      onDirty={props.onDirty}
    />
  ));
  if (!wide) return <div>{rows}</div>;
  const columns = mode === "record" && props.open ? [...COLUMNS, ACTION] : COLUMNS;
  return (
    <table
      aria-label="Kết quả kiểm tra từng tiêu chí"
      style={{ width: "100%", tableLayout: "fixed", borderCollapse: "collapse" }}
    >
      <colgroup>
        {columns.map((c) => (
          <col key={c.title} style={{ width: c.width }} />
        ))}
      </colgroup>
      <thead>
        <tr style={{ background: "#fafafa", fontSize: 13, textAlign: "left" }}>
          {columns.map((c) => (
            <th key={c.title} scope="col" style={{ ...CELL, fontWeight: 600 }}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
}

/** One labelled line of a card on a phone. */
function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ display: "flex", gap: 8, alignItems: "flex-start", marginTop: 6 }}>
      <Typography.Text
        type="secondary"
        style={{ width: 104, flex: "none", fontSize: 13, paddingTop: 2 }}
      >
        {label}
      </Typography.Text>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
    </div>
  );
}

/** A refusal under a row, with a way to read the visit again when it is stale. */
function ErrorLine(props: { id?: string; text: string; onReload?: () => void }) {
  return (
    <div role="alert" style={{ fontSize: 12, color: TONES.danger, marginTop: 4 }}>
      <span id={props.id}>{props.text}</span>
      {props.onReload && (
        <Button size="small" style={{ marginInlineStart: 8 }} onClick={props.onReload}>
          Tải lại
        </Button>
      )}
    </div>
  );
}

function AnswerTag({ finding }: { finding: Finding | undefined }) {
  if (!finding) return <Typography.Text type="secondary">—</Typography.Text>;
  if (finding.response === "agree") return <Tag color={OK_TAG}>Đồng ý</Tag>;
  if (finding.response === "dispute")
    return (
      <>
        <Tag color="#a8071a">Không đồng ý</Tag>
        {finding.responseReason && (
          <div style={{ fontSize: 13, whiteSpace: "pre-wrap" }}>
            Lý do: {finding.responseReason}
          </div>
        )}
      </>
    );
  return <Tag>Chờ đơn vị trả lời</Tag>;
}

function FindingRow(props: {
  line: FindingLine;
  mode: FindingsMode;
  visitId: number;
  open: boolean;
  wide: boolean;
  onDirty?(criterionId: string, dirty: boolean): void;
}) {
  const { line, mode, wide, open, onDirty } = props;
  const { criterion: c, finding, sheetRow } = line;
  const form = formFor(c);
  const errorId = useId();
  const writes = useInspectionWrites(usePeriodId());
  const [texts, setTexts] = useState<Texts>(() => textsOf(form, finding?.proposed));
  const [remark, setRemark] = useState(finding?.remark ?? "");
  const [error, setError] = useState<{ text: string; stale?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);

  // what the server holds changed (saved here, or by someone else and read again): show it
  const version = finding?.version ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the finding's version only
  useEffect(() => {
    setTexts(textsOf(form, finding?.proposed));
    setRemark(finding?.remark ?? "");
  }, [version]);

  const parsed = parseValue(c, form, texts);
  const savedTexts = textsOf(form, finding?.proposed);
  const dirty =
    mode === "record" &&
    (JSON.stringify(texts) !== JSON.stringify(savedTexts) || remark !== (finding?.remark ?? ""));
  useEffect(() => onDirty?.(c.id, dirty), [onDirty, c.id, dirty]);

  const own = sheetRow?.values.self?.value ?? finding?.checked ?? null;
  const ownChanged =
    sheetRow !== undefined &&
    finding !== undefined &&
    finding.checked !== null &&
    own !== null &&
    !sameValue(finding.checked, own);
  const answered = finding?.response != null;
  const reanswer =
    answered && parsed.kind === "value" && finding && !sameValue(parsed.value, finding.proposed);

  const save = async () => {
    if (parsed.kind === "empty") {
      setError({ text: "Nhập kết quả kiểm tra trước khi lưu." });
      return;
    }
    if (parsed.kind === "error") {
      setError({ text: parsed.message });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await writes.record(props.visitId, c.id, {
        proposed: parsed.value,
        remark: remark.trim(),
        ...(finding ? { version: finding.version } : {}),
      });
    } catch (e) {
      setError({
        text: e instanceof Error ? e.message : String(e),
        stale: e instanceof ApiError && e.status === 409,
      });
    } finally {
      setSaving(false);
    }
  };

  const ownCell = (
    <>
      <div>{valueText(form, own)}</div>
      {ownChanged && finding && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
          Lúc đoàn ghi: {valueText(form, finding.checked)}
        </Typography.Text>
      )}
      {sheetRow && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
          {sheetRow.evidenceCount > 0
            ? `${sheetRow.evidenceCount} tệp minh chứng`
            : "Chưa có minh chứng"}
        </Typography.Text>
      )}
      {mode === "record" &&
        open &&
        own !== null &&
        !sameValue(parsed.kind === "value" ? parsed.value : undefined, own) && (
          <Button
            type="link"
            size="small"
            style={{ padding: 0, height: "auto", fontSize: 12 }}
            onClick={() => {
              setTexts(textsOf(form, own));
              setError(null);
            }}
            // the visible words first in the name (WCAG 2.5.3, label in name)
            aria-label={`Lấy số liệu này (đơn vị tự chấm) làm kết quả kiểm tra, tiêu chí ${c.id}`}
          >
            Lấy số liệu này
          </Button>
        )}
    </>
  );

  const recordedBy = finding && (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
      {finding.recordedBy}, {formatDateTime(finding.recordedAt)}
    </Typography.Text>
  );

  const editing = mode === "record" && open;
  const valueCell = editing ? (
    <>
      <ValueInput
        criterion={c}
        form={form}
        texts={texts}
        invalid={parsed.kind === "error" || (error !== null && !error.stale)}
        describedBy={error || parsed.kind === "error" ? errorId : undefined}
        onChange={(t) => {
          setTexts(t);
          if (error && !error.stale) setError(null);
        }}
        onEnter={() => void save()}
      />
      {parsed.kind === "error" && (
        <Typography.Text
          id={errorId}
          role="alert"
          style={{ display: "block", fontSize: 12, color: TONES.danger }}
        >
          {parsed.message}
        </Typography.Text>
      )}
      {!dirty && recordedBy}
    </>
  ) : (
    <>
      <div>{finding ? describeValue(form, finding.proposed) : "Chưa ghi"}</div>
      {recordedBy}
    </>
  );

  const remarkCell = editing ? (
    <Input.TextArea
      size="small"
      autoSize={{ minRows: 1, maxRows: 4 }}
      maxLength={4000}
      aria-label={`Nhận xét của đoàn — tiêu chí ${c.id}`}
      placeholder="Nhận xét, căn cứ"
      value={remark}
      onChange={(e) => setRemark(e.target.value)}
    />
  ) : (
    <div style={{ whiteSpace: "pre-wrap", fontSize: 13 }}>{finding?.remark || "—"}</div>
  );

  const answerCell =
    mode === "answer" && finding ? (
      <Answer finding={finding} visitId={props.visitId} open={open} criterion={c} />
    ) : (
      <AnswerTag finding={finding} />
    );

  const action =
    mode === "record" && open ? (
      <Button
        size="small"
        type={dirty ? "primary" : "default"}
        disabled={!dirty || parsed.kind !== "value"}
        loading={saving}
        onClick={() => void save()}
        aria-label={`Lưu kết quả kiểm tra tiêu chí ${c.id}`}
      >
        Lưu
      </Button>
    ) : null;

  const notes = (
    <>
      {dirty && reanswer && (
        <Typography.Text style={{ display: "block", fontSize: 12, color: TONES.warning }}>
          Giá trị khác kết quả đã ghi: lưu lại thì đơn vị phải trả lời lại.
        </Typography.Text>
      )}
      {error && (
        <ErrorLine
          id={parsed.kind === "error" ? undefined : errorId}
          text={error.text}
          onReload={
            error.stale
              ? () => {
                  setError(null);
                  void writes.refresh();
                }
              : undefined
          }
        />
      )}
    </>
  );

  const title = (
    <>
      <span>{c.title}</span>
      {c.max !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }}>
          Tối đa {formatPoints(c.max)} điểm
        </Typography.Text>
      )}
    </>
  );

  if (!wide) {
    return (
      <article
        aria-label={`Tiêu chí ${c.id}`}
        style={{
          ...PHONE_CARD,
          padding: "8px 12px 10px",
          background: dirty ? "#fffbe6" : "#fff",
        }}
      >
        <div>
          <strong>{c.id}</strong> {c.title}
        </div>
        {c.max !== null && <Line label="Điểm tối đa">{formatPoints(c.max)}</Line>}
        <Line label="Đơn vị tự chấm">{ownCell}</Line>
        <Line label="Kết quả kiểm tra">{valueCell}</Line>
        <Line label="Nhận xét">{remarkCell}</Line>
        <Line label="Ý kiến đơn vị">{answerCell}</Line>
        {notes}
        {action && <div style={{ marginTop: 8, textAlign: "right" }}>{action}</div>}
      </article>
    );
  }
  return (
    <tr style={{ background: dirty ? "#fffbe6" : undefined }}>
      <th scope="row" style={{ ...CELL, textAlign: "left" }}>
        {c.id}
      </th>
      <td style={CELL}>{title}</td>
      <td style={CELL}>{ownCell}</td>
      <td style={CELL}>{valueCell}</td>
      <td style={CELL}>
        {remarkCell}
        {notes}
      </td>
      <td style={CELL}>{answerCell}</td>
      {action && <td style={CELL}>{action}</td>}
    </tr>
  );
}

/** The inspected unit's answer to one finding: agree, or dispute with a reason. */
function Answer(props: {
  finding: Finding;
  visitId: number;
  open: boolean;
  criterion: CriterionRow;
}) {
  const { finding, criterion: c } = props;
  const w = useClusterWords();
  const { message } = App.useApp();
  const writes = useInspectionWrites(usePeriodId());
  const [busy, setBusy] = useState<FindingResponse | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState(finding.responseReason ?? "");
  const [error, setError] = useState<string | null>(null);

  const answer = async (response: FindingResponse, why: string | null) => {
    setBusy(response);
    setError(null);
    try {
      await writes.respond(props.visitId, c.id, {
        response,
        reason: why,
        version: finding.version,
      });
      setAsking(false);
      message.success(
        response === "agree"
          ? `Đã đồng ý kết quả kiểm tra tiêu chí ${c.id}.`
          : `Đã ghi không đồng ý kết quả kiểm tra tiêu chí ${c.id}.`,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <AnswerTag finding={finding} />
      {props.open && (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 4, marginTop: 4 }}>
          {finding.response !== "agree" && (
            <Button
              size="small"
              type={finding.response === null ? "primary" : "default"}
              loading={busy === "agree"}
              onClick={() => void answer("agree", null)}
              aria-label={`Đồng ý kết quả kiểm tra tiêu chí ${c.id}`}
            >
              Đồng ý
            </Button>
          )}
          <Button
            size="small"
            danger
            loading={busy === "dispute"}
            onClick={() => setAsking(true)}
            aria-label={
              finding.response === "dispute"
                ? `Sửa lý do không đồng ý kết quả kiểm tra tiêu chí ${c.id}`
                : `Không đồng ý kết quả kiểm tra tiêu chí ${c.id}`
            }
          >
            {finding.response === "dispute" ? "Sửa lý do" : "Không đồng ý"}
          </Button>
        </div>
      )}
      {error && !asking && (
        <ErrorLine
          text={error}
          onReload={() => {
            setError(null);
            void writes.refresh();
          }}
        />
      )}
      <Modal
        open={asking}
        title={`Không đồng ý kết quả kiểm tra tiêu chí ${c.id}`}
        okText="Ghi không đồng ý"
        cancelText="Hủy"
        okButtonProps={{ disabled: reason.trim() === "", danger: true }}
        confirmLoading={busy === "dispute"}
        onOk={() => void answer("dispute", reason.trim())}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {c.title}: đoàn ghi <strong>{describeValue(formFor(c), finding.proposed)}</strong>
          {finding.remark && <> ({finding.remark})</>}.
        </Typography.Paragraph>
        <Form layout="vertical" component="div">
          <ReasonField
            id={`dispute-${c.id}`}
            label="Lý do không đồng ý"
            value={reason}
            onChange={setReason}
            maxLength={4000}
            extra={w(
              "Kết quả không đồng ý được đưa ra cuộc họp trù bị của Cụm để thống nhất; lý do được lưu cùng kết quả.",
            )}
          />
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
