/**
 * The official files on the pages: a download (Excel, Word) as a link styled as a button, and
 * an import that sends a filled file and shows every problem the server found, cell by cell.
 * Both are shown disabled with the reason when the user cannot use them.
 */
import { Alert, Button, Modal, Typography, Upload } from "antd";
import { type ReactNode, useState } from "react";
import { ApiError, uploadFile } from "./api.ts";
import { WhyDisabled } from "./why-disabled.tsx";

export function DownloadButton(props: {
  href: string;
  children: ReactNode;
  /** Why this user cannot have the file; null when they can. */
  disabledReason?: string | null;
}) {
  const why = props.disabledReason ?? null;
  const button = (
    <Button href={why ? undefined : props.href} disabled={why !== null}>
      {props.children}
    </Button>
  );
  return <WhyDisabled why={why}>{button}</WhyDisabled>;
}

export interface Problem {
  sheet: string;
  cell: string;
  message: string;
}

/** A file refused by the server: its message, and the problems it found cell by cell. */
export interface Refusal {
  message: string;
  problems: Problem[];
}

/** The server's refusal of a file, as the dialog «Tệp chưa nhập được» shows it. */
export function refusalOf(e: unknown): Refusal {
  const problems = (e as ApiError).details as { problems?: Problem[] } | undefined;
  return {
    message: e instanceof ApiError ? (e.message.split("\n")[0] ?? e.message) : String(e),
    problems: problems?.problems ?? [],
  };
}

/** «Tệp chưa nhập được»: why, and every problem of the file by sheet and cell. */
export function RefusalModal(props: { refused: Refusal | null; onClose(): void }) {
  const { refused } = props;
  return (
    <Modal
      open={refused !== null}
      title="Tệp chưa nhập được"
      onCancel={props.onClose}
      footer={<Button onClick={props.onClose}>Đóng</Button>}
      width={720}
    >
      <Alert type="error" showIcon title={refused?.message} style={{ marginBottom: 12 }} />
      {refused && refused.problems.length > 0 && (
        <>
          <Typography.Paragraph>
            Sửa các ô dưới đây trong tệp rồi nhập lại; chưa có điểm nào được lưu.
          </Typography.Paragraph>
          <ul style={{ maxHeight: 360, overflowY: "auto", paddingLeft: 20 }}>
            {refused.problems.map((p) => (
              <li key={`${p.sheet}/${p.cell}/${p.message}`}>
                <strong>
                  Trang «{p.sheet}», ô {p.cell}
                </strong>
                : {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}

/** Send a filled .xlsx to `url`; `onDone` gets the server's answer. */
export function ImportButton<T>(props: {
  url: string;
  children: ReactNode;
  disabledReason?: string | null;
  onDone(answer: T): void | Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const why = props.disabledReason ?? null;
  const send = async (file: File) => {
    setBusy(true);
    try {
      await props.onDone(await uploadFile<T>(props.url, file));
    } catch (e) {
      setRefused(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };
  const upload = (
    <Upload
      accept=".xlsx"
      showUploadList={false}
      disabled={why !== null || busy}
      customRequest={({ file }) => void send(file as File)}
    >
      <Button loading={busy} disabled={why !== null}>
        {props.children}
      </Button>
    </Upload>
  );
  return (
    <>
      <WhyDisabled why={why}>{upload}</WhyDisabled>
      <RefusalModal refused={refused} onClose={() => setRefused(null)} />
    </>
  );
}
