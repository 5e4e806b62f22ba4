import { useParams } from "react-router";
import { MeetingDetailView } from "./meeting-detail.tsx";
import { MeetingList } from "./meeting-list.tsx";

/** Cuộc họp: the period's meetings (/ky/:periodId/hop), or one meeting (/ky/:periodId/hop/:meetingId). */
export function MeetingsPage() {
  const { meetingId } = useParams();
  return <>{meetingId ? <MeetingDetailView meetingId={Number(meetingId)} /> : <MeetingList />}</>;
}
