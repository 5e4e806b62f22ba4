/**
 * What reaches a person, in their words: a sheet returned, a cluster's scores to answer, a
 * meeting, a ballot, a proposal, a deadline near. Each event becomes one notice per person; its
 * key makes it once (delivering again writes nothing new).
 */
import { BALLOT_PURPOSE_LABELS, clusterText, clusterWord } from "./labels.ts";
import { daysText } from "./tasks.ts";
import { formatCalendarDate } from "./workflow.ts";

export type NoticeEvent = {
  periodId: number;
  label: string;
  cluster: string;
  kind: "cluster" | "block";
} & (
  | {
      what: "returned";
      id: number;
      unitId: number;
      unit: string;
      by: string;
      reason: string | null;
    }
  | { what: "reviewed"; id: number; unitId: number; unit: string }
  | { what: "meeting"; id: number; title: string; at: string; place: string }
  | {
      what: "ballot";
      id: number;
      meetingId: number;
      purpose: "award" | "leader" | "deputy";
      meeting: string;
    }
  | { what: "proposal"; id: number }
  | { what: "inspectionPlan"; id: number }
  | {
      what: "inspectionAgreed";
      id: number;
      /** The user's unit's part: when it is inspected and by whom, whom its team inspects. */
      inspectedBy: { team: string; on: string | null } | null;
      inspects: { unit: string; on: string | null }[];
    }
  | { what: "findings"; id: number; team: string; count: number }
  | { what: "reportRequest"; id: number; title: string; dueOn: string }
  | { what: "deadline"; key: string; milestone: string; dueOn: string; days: number }
);

export interface Notice {
  key: string;
  kind: NoticeEvent["what"];
  title: string;
  body: string;
  link: string;
}

/** An event as the notice a person reads. */
export function noticeOf(e: NoticeEvent): Notice {
  const year = `${e.cluster} năm ${e.label}`;
  const word = clusterWord(e.kind);
  switch (e.what) {
    case "returned":
      return {
        key: `returned:${e.id}`,
        kind: e.what,
        title: `Biểu của ${e.unit} bị trả lại`,
        body: `${e.by} trả lại biểu ${year}${e.reason ? `, lý do: ${e.reason}` : ""}.`,
        link: `/ky/${e.periodId}/don-vi/${e.unitId}`,
      };
    case "reviewed":
      return {
        key: `reviewed:${e.id}`,
        kind: e.what,
        title: `${word} đã chấm biểu của ${e.unit}: chờ bạn khớp điểm`,
        body: `Xem các điểm ${word} đã sửa trong biểu ${year}, đồng ý hoặc không đồng ý kèm lý do.`,
        link: `/ky/${e.periodId}/don-vi/${e.unitId}?loc=changed`,
      };
    case "meeting":
      return {
        key: `meeting:${e.id}:${e.at}`,
        kind: e.what,
        title: `Cuộc họp: ${e.title}`,
        body: `${year}: họp lúc ${e.at} tại ${e.place}.`,
        link: `/ky/${e.periodId}/hop/${e.id}`,
      };
    case "ballot":
      return {
        key: `ballot:${e.id}`,
        kind: e.what,
        title: `Phiếu bầu đang mở: ${clusterText(BALLOT_PURPOSE_LABELS[e.purpose], e.kind)}`,
        body: `${e.meeting} (${year}): đơn vị bạn chưa bỏ phiếu.`,
        link: `/ky/${e.periodId}/hop/${e.meetingId}`,
      };
    case "proposal":
      return {
        key: `proposal:${e.id}`,
        kind: e.what,
        title: `Tờ trình đề nghị khen thưởng của ${year}`,
        body: `${word} trưởng đã gửi kết quả và đề nghị khen thưởng của ${word}.`,
        link: `/ky/${e.periodId}/ket-qua`,
      };
    case "inspectionPlan":
      return {
        key: `inspection-plan:${e.id}`,
        kind: e.what,
        title: `Kế hoạch kiểm tra chéo năm ${e.label} chờ đơn vị xác nhận`,
        body: `${word} trưởng đã lập kế hoạch kiểm tra chéo của ${year}: xem nội dung, lịch kiểm tra và xác nhận đồng ý.`,
        link: `/ky/${e.periodId}/kiem-tra-cheo`,
      };
    case "inspectionAgreed": {
      const on = (date: string | null) => (date ? ` ngày ${formatCalendarDate(date)}` : "");
      const parts = [
        ...(e.inspectedBy
          ? [`đơn vị bạn được đoàn của ${e.inspectedBy.team} kiểm tra${on(e.inspectedBy.on)}`]
          : []),
        ...e.inspects.map((v) => `đoàn của đơn vị bạn kiểm tra ${v.unit}${on(v.on)}`),
      ];
      return {
        key: `inspection-agreed:${e.id}`,
        kind: e.what,
        title: `Thông báo kế hoạch kiểm tra chéo năm ${e.label}`,
        body: `Kế hoạch kiểm tra chéo của ${year} đã được thống nhất${parts.length > 0 ? `: ${parts.join("; ")}` : ""}.`,
        link: `/ky/${e.periodId}/kiem-tra-cheo`,
      };
    }
    case "findings":
      return {
        key: `findings:${e.id}`,
        kind: e.what,
        title: `${e.count} kết quả kiểm tra chéo chờ bạn trả lời`,
        body: `Đoàn của ${e.team} đã ghi kết quả kiểm tra (${year}): đồng ý, hoặc không đồng ý kèm lý do.`,
        link: `/ky/${e.periodId}/kiem-tra-cheo`,
      };
    case "reportRequest":
      return {
        key: `report-request:${e.id}`,
        kind: e.what,
        title: `Yêu cầu báo cáo: ${e.title}`,
        body: `${word} trưởng yêu cầu báo cáo (${year}), hạn ${formatCalendarDate(e.dueOn)}.`,
        link: `/ky/${e.periodId}/bao-cao`,
      };
    case "deadline":
      return {
        key: `deadline:${e.periodId}:${e.key}:${e.dueOn}`,
        kind: e.what,
        title: `${e.milestone}: ${daysText(e.days)}`,
        body: `${year}: hạn ${formatCalendarDate(e.dueOn)}.`,
        link: `/ky/${e.periodId}`,
      };
  }
}
