/**
 * The evidence of one criterion: the files attached, a preview of PDF and images through a
 * link that expires, download, removal, and upload (PDF, images, Word, Excel, at most 10 MB;
 * the server's message when it refuses a file), with the space the unit's evidence of the year
 * takes in its quota; upload is disabled, saying why, when the quota is full.
 */
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, List, Modal, Popconfirm, Space, Tooltip, Typography, Upload } from "antd";
import { useEffect, useState } from "react";
import { ApiError, api } from "../../api.ts";
import { formatDateTime, sizeText } from "../../format.ts";
import { WhyDisabled } from "../../why-disabled.tsx";
import type { CriterionRow } from "../period/period-data.ts";
import {
  type EvidenceItem,
  type EvidenceUsage,
  evidenceKey,
  type SheetData,
  sheetKey,
  uploadEvidence,
} from "./sheet-data.ts";
import { TONES } from "./tones.ts";

const PREVIEWABLE = ["application/pdf", "image/png", "image/jpeg"];
const ACCEPT = ".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx";

const fmt = (n: number) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(n);

/** Megabytes with a decimal comma: "195,3 MB"; a little but not nothing reads "0,1 MB". */
function megabytesText(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${fmt(bytes > 0 ? Math.max(0.1, mb) : 0)} MB`;
}

/** "Đã dùng 12,3 MB / 200 MB minh chứng (còn 187,7 MB)." */
function usageText(usage: EvidenceUsage): string {
  const left = Math.max(0, usage.quotaBytes - usage.usedBytes);
  return `Đã dùng ${megabytesText(usage.usedBytes)} / ${megabytesText(usage.quotaBytes)} minh chứng (còn ${megabytesText(left)}).`;
}

/** Why no file can be added: the quota is full; null while there is room. */
function quotaFullReason(usage: EvidenceUsage | null): string | null {
  if (!usage || usage.usedBytes < usage.quotaBytes) return null;
  return `Đơn vị đã dùng hết hạn mức minh chứng của năm (${megabytesText(usage.quotaBytes)}). Hãy xóa minh chứng không cần rồi tải lên tệp mới.`;
}

async function linkOf(item: EvidenceItem): Promise<string> {
  return (await api<{ url: string }>("POST", `/api/evidence/${item.id}/link`, {})).url;
}

export function EvidenceModal(props: {
  periodId: number;
  unitId: number;
  criterion: CriterionRow | null;
  items: EvidenceItem[];
  /** The space the unit's evidence of the year takes in its quota; null while loading. */
  usage: EvidenceUsage | null;
  /** Why files cannot be added or removed now; null when they can. */
  lockedReason: string | null;
  onClose(): void;
}) {
  const { periodId, unitId, criterion, items, usage, lockedReason } = props;
  const quotaFull = quotaFullReason(usage);
  const uploadBlocked = lockedReason ?? quotaFull;
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<{ item: EvidenceItem; url: string } | null>(null);

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another row opens
  useEffect(() => {
    setError(null);
    setNotice(null);
    setPreview(null);
  }, [criterion?.id]);

  const changed = (delta: number) => {
    void queryClient.invalidateQueries({ queryKey: evidenceKey(periodId, unitId) });
    queryClient.setQueryData<SheetData>(sheetKey(periodId, unitId), (sheet) =>
      sheet
        ? {
            ...sheet,
            rows: sheet.rows.map((r) =>
              r.criterionId === criterion?.id
                ? { ...r, evidenceCount: Math.max(0, r.evidenceCount + delta) }
                : r,
            ),
          }
        : sheet,
    );
  };

  const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : String(e));

  const upload = async (file: File) => {
    if (!criterion) return;
    setError(null);
    setNotice(null);
    setUploading(true);
    try {
      const item = await uploadEvidence(periodId, unitId, criterion.id, file);
      changed(1);
      setNotice(`Đã tải lên «${item.fileName}».`);
    } catch (e) {
      fail(e);
    } finally {
      setUploading(false);
    }
  };

  const show = async (item: EvidenceItem) => {
    setError(null);
    try {
      const res = await fetch(await linkOf(item));
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new ApiError(res.status, body?.code ?? "ERROR", body?.message ?? "Có lỗi xảy ra.");
      }
      const blob = new Blob([await res.blob()], { type: item.mediaType });
      setPreview({ item, url: URL.createObjectURL(blob) });
    } catch (e) {
      fail(e);
    }
  };

  const download = async (item: EvidenceItem) => {
    setError(null);
    try {
      const a = document.createElement("a");
      a.href = await linkOf(item);
      a.download = item.fileName;
      a.click();
    } catch (e) {
      fail(e);
    }
  };

  const remove = async (item: EvidenceItem) => {
    setError(null);
    try {
      await api("DELETE", `/api/evidence/${item.id}`);
      changed(-1);
      if (preview?.item.id === item.id) setPreview(null);
      setNotice(`Đã xóa «${item.fileName}».`);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Modal
      open={criterion !== null}
      title={criterion ? `Minh chứng — ${criterion.id}. ${criterion.title}` : ""}
      onCancel={props.onClose}
      footer={<Button onClick={props.onClose}>Đóng</Button>}
      width={preview ? 900 : 640}
      centered
      styles={{ body: { maxHeight: "calc(100vh - 180px)", overflowY: "auto" } }}
    >
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Space wrap>
          <WhyDisabled why={uploadBlocked}>
            <Upload
              accept={ACCEPT}
              showUploadList={false}
              disabled={uploadBlocked !== null || uploading}
              customRequest={({ file }) => void upload(file as File)}
            >
              <Button
                type="primary"
                loading={uploading}
                disabled={uploadBlocked !== null || uploading}
              >
                Tải lên minh chứng
              </Button>
            </Upload>
          </WhyDisabled>
          <Typography.Text type="secondary">
            Nhận PDF, PNG, JPEG, Word, Excel; mỗi tệp tối đa 10 MB.
          </Typography.Text>
        </Space>
        {usage && (
          <Typography.Text type={quotaFull ? "warning" : "secondary"}>
            {usageText(usage)}
            {quotaFull && !lockedReason ? ` ${quotaFull}` : ""}
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        {notice && <Alert type="success" showIcon title={notice} />}
        <List
          size="small"
          bordered
          dataSource={items}
          locale={{ emptyText: "Chưa có minh chứng nào cho tiêu chí này." }}
          renderItem={(item) => (
            <List.Item
              actions={[
                PREVIEWABLE.includes(item.mediaType) ? (
                  <Button key="show" size="small" onClick={() => void show(item)}>
                    Xem
                  </Button>
                ) : null,
                <Button key="get" size="small" onClick={() => void download(item)}>
                  Tải về
                </Button>,
                <Tooltip key="del" title={lockedReason}>
                  <Popconfirm
                    title={`Xóa minh chứng «${item.fileName}»?`}
                    okText="Xóa"
                    cancelText="Không"
                    disabled={lockedReason !== null}
                    onConfirm={() => remove(item)}
                  >
                    <Button
                      size="small"
                      disabled={lockedReason !== null}
                      style={
                        lockedReason
                          ? undefined
                          : { color: TONES.danger, borderColor: TONES.danger }
                      }
                    >
                      Xóa
                    </Button>
                  </Popconfirm>
                </Tooltip>,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={item.fileName}
                description={`${sizeText(item.size)} · ${item.uploadedBy.name} · ${formatDateTime(item.uploadedAt)}`}
              />
            </List.Item>
          )}
        />
        {preview && (
          <div>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              Xem trước: {preview.item.fileName}
            </Typography.Title>
            {preview.item.mediaType === "application/pdf" ? (
              <iframe
                title={`Xem trước ${preview.item.fileName}`}
                src={preview.url}
                style={{ width: "100%", height: "50vh", border: "1px solid #d9d9d9" }}
              />
            ) : (
              <img
                src={preview.url}
                alt={preview.item.fileName}
                style={{ maxWidth: "100%", maxHeight: "50vh" }}
              />
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}
