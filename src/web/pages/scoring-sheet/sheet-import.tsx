/**
 * "Nhập từ Excel" on the scoring sheet, in two steps: the chosen file is read and checked by the
 * server, which answers every change (criterion, before, after) without saving anything; the
 * user looks them over and chooses «Nhập các thay đổi» (the same file is sent again with the
 * preview's token) or «Hủy». Problems in the file are listed by cell, as before. The last import
 * stays on the page with «Hoàn tác» while the stage it wrote is still open; undoing asks first.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Modal, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { api, uploadFile } from "../../api.ts";
import { type Refusal, RefusalModal, refusalOf } from "../../files.tsx";
import { formatDateTime } from "../../format.ts";
import { WhyDisabled } from "../../why-disabled.tsx";
import { sheetKey } from "./sheet-data.ts";

interface Change {
  criterionId: string;
  title: string;
  before: string | null;
  after: string;
}

interface Preview {
  stage: string;
  column: string;
  fileName: string;
  changes: Change[];
  token: string;
}

interface Imported {
  stage: string;
  column: string;
  changed: string[];
  importId: string | null;
}

export interface SheetImportEntry {
  importId: string;
  fileName: string;
  stage: string;
  column: string;
  criteria: string[];
  at: string;
  by: string;
  undone: { at: string; by: string } | null;
  undoable: boolean;
}

const base = (periodId: number, unitId: number) =>
  `/api/periods/${periodId}/units/${unitId}/sheet-import`;
const importsKey = (periodId: number, unitId: number) => ["sheet-imports", periodId, unitId];

/** The latest imports of the sheet, each saying whether this user may undo it now. */
function useSheetImports(periodId: number, unitId: number, status: string, enabled: boolean) {
  return useQuery({
    queryKey: [...importsKey(periodId, unitId), status],
    queryFn: () =>
      api<{ imports: SheetImportEntry[] }>(
        "GET",
        `/api/periods/${periodId}/units/${unitId}/sheet-imports`,
      ),
    enabled,
  });
}

/** What changes after an import or its undo: the sheet, its history, the list of imports. */
function useRefresh(periodId: number, unitId: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: sheetKey(periodId, unitId) }),
      queryClient.invalidateQueries({ queryKey: ["sheet-history", periodId, unitId] }),
      queryClient.invalidateQueries({ queryKey: importsKey(periodId, unitId) }),
    ]);
}

const count = (n: number) => `${n} tiêu chí`;

/** Ask, then undo a whole import; the server's refusal (a value changed since…) is shown as is. */
function useUndo(periodId: number, unitId: number) {
  const { modal, message } = App.useApp();
  const refresh = useRefresh(periodId, unitId);
  return (entry: { importId: string; fileName: string; criteria: string[] }) => {
    modal.confirm({
      title: `Hoàn tác lần nhập từ tệp «${entry.fileName}»?`,
      content: `${count(entry.criteria.length)} (${entry.criteria.join(", ")}) trở lại giá trị trước khi nhập; tiêu chí chưa có giá trị trước đó được xóa giá trị. Mỗi thay đổi được ghi vào lịch sử.`,
      okText: "Hoàn tác",
      cancelText: "Không",
      onOk: async () => {
        try {
          const res = await api<{ restored: string[]; removed: string[] }>(
            "POST",
            `${base(periodId, unitId)}/${entry.importId}/undo`,
            {},
          );
          message.success(
            `Đã hoàn tác lần nhập từ tệp «${entry.fileName}»: ${count(res.restored.length + res.removed.length)} trở lại như trước.`,
          );
        } catch (e) {
          message.error(e instanceof Error ? e.message : String(e), 8);
        }
        await refresh();
      },
    });
  };
}

/** «Nhập từ Excel»: choose a file, see every change, then import them or cancel. */
export function SheetImportButton(props: {
  periodId: number;
  unitId: number;
  /** Why this user cannot import into this sheet now; null when they can. */
  disabledReason: string | null;
}) {
  const { periodId, unitId } = props;
  const { message } = App.useApp();
  const refresh = useRefresh(periodId, unitId);
  const undo = useUndo(periodId, unitId);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [preview, setPreview] = useState<{ file: File; answer: Preview } | null>(null);
  const why = props.disabledReason;

  const check = async (file: File) => {
    setBusy(true);
    try {
      const answer = await uploadFile<Preview>(`${base(periodId, unitId)}/preview`, file);
      if (answer.changes.length === 0) {
        message.info(`Cột «${answer.column}» trong tệp giống điểm đã lưu: không có gì thay đổi.`);
      } else {
        setPreview({ file, answer });
      }
    } catch (e) {
      setRefused(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    const { file, answer } = preview;
    try {
      const url = `${base(periodId, unitId)}?token=${encodeURIComponent(answer.token)}`;
      const done = await uploadFile<Imported>(url, file);
      setPreview(null);
      const importId = done.importId;
      message.success({
        duration: 10,
        content: (
          <span>
            <span>{`Đã nhập cột «${done.column}»: ${count(done.changed.length)} thay đổi.`}</span>
            {importId && (
              <Button
                type="link"
                size="small"
                onClick={() =>
                  undo({ importId, fileName: answer.fileName, criteria: done.changed })
                }
              >
                Hoàn tác
              </Button>
            )}
          </span>
        ),
      });
    } catch (e) {
      setPreview(null);
      setRefused(refusalOf(e));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const upload = (
    <Upload
      accept=".xlsx"
      showUploadList={false}
      disabled={why !== null || busy}
      customRequest={({ file }) => void check(file as File)}
    >
      <Button loading={busy && preview === null} disabled={why !== null}>
        Nhập từ Excel
      </Button>
    </Upload>
  );
  const changes = preview?.answer.changes ?? [];
  return (
    <>
      <WhyDisabled why={why}>{upload}</WhyDisabled>
      <Modal
        open={preview !== null}
        title="Xem trước các thay đổi"
        onCancel={() => setPreview(null)}
        width={880}
        footer={[
          <Button key="cancel" onClick={() => setPreview(null)} disabled={busy}>
            Hủy
          </Button>,
          <Button key="ok" type="primary" loading={busy} onClick={() => void confirm()}>
            Nhập các thay đổi
          </Button>,
        ]}
      >
        <Typography.Paragraph>
          Tệp «{preview?.answer.fileName}»: <strong>{count(changes.length)} thay đổi</strong> ở cột
          «{preview?.answer.column}». Chưa có gì được lưu: kiểm tra rồi chọn «Nhập các thay đổi».
        </Typography.Paragraph>
        <Table<Change>
          size="small"
          bordered
          rowKey="criterionId"
          pagination={false}
          scroll={{ y: 420 }}
          dataSource={changes}
          columns={[
            {
              title: "Tiêu chí",
              key: "criterion",
              render: (_, c) => (
                <span>
                  <strong>{c.criterionId}</strong> {c.title}
                </span>
              ),
            },
            {
              title: "Trước",
              dataIndex: "before",
              width: 220,
              render: (v: string | null) =>
                v ?? <Typography.Text type="secondary">(chưa có)</Typography.Text>,
            },
            {
              title: "Sau",
              dataIndex: "after",
              width: 220,
              render: (v: string) => <strong>{v}</strong>,
            },
          ]}
        />
      </Modal>
      <RefusalModal refused={refused} onClose={() => setRefused(null)} />
    </>
  );
}

/** The last import of the sheet this user may still undo, with «Hoàn tác». */
export function LastSheetImport(props: {
  periodId: number;
  unitId: number;
  status: string;
  /** The user writes a stage of this sheet now (else nothing of theirs can be undone). */
  enabled: boolean;
}) {
  const imports = useSheetImports(props.periodId, props.unitId, props.status, props.enabled);
  const undo = useUndo(props.periodId, props.unitId);
  const last = imports.data?.imports[0];
  if (!props.enabled || !last || last.undone || !last.undoable) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8 }}
      title={`Lần nhập gần nhất: tệp «${last.fileName}», ${count(last.criteria.length)} thay đổi ở cột «${last.column}» (${last.by}, ${formatDateTime(last.at)}).`}
      description="Có thể hoàn tác cả lần nhập này khi biểu còn ở bước hiện tại và chưa ai sửa lại các tiêu chí đó."
      action={
        <Button size="small" onClick={() => undo(last)}>
          Hoàn tác
        </Button>
      }
    />
  );
}
