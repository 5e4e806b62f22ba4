/**
 * Meetings of a cluster's year (DOMAIN.md 3): scheduling, attendance and quorum, minutes,
 * decisions by majority, secret ballots, and the election of next year's leader and deputy.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { annulBallot } from "../commands/meetings/annul-ballot.ts";
import { castVote } from "../commands/meetings/cast-vote.ts";
import { closeBallot } from "../commands/meetings/close-ballot.ts";
import { correctDecision } from "../commands/meetings/correct-decision.ts";
import { openBallot } from "../commands/meetings/open-ballot.ts";
import { recordAttendance } from "../commands/meetings/record-attendance.ts";
import { recordDecision } from "../commands/meetings/record-decision.ts";
import { recordMinutes } from "../commands/meetings/record-minutes.ts";
import { scheduleMeeting } from "../commands/meetings/schedule-meeting.ts";
import { assert, canSeePeriod, DENY, periodAccess } from "../policies/access.ts";
import {
  ballotView,
  decisionView,
  findBallot,
  isPresent,
  listElections,
  listMeetings,
  MEETING_KINDS,
  meetingView,
  readBallot,
  readMeeting,
} from "../queries/meetings.ts";
import { id, MAX_INTEGER, requireUser } from "../request.ts";

const MEETINGS_DENY = {
  schedule: "Chỉ Cụm trưởng, Cụm phó hoặc cơ quan thường trực được lên lịch họp Cụm.",
  vote: "Chỉ đơn vị thành viên có mặt tại cuộc họp mới được bỏ phiếu.",
} as const;

const periodParams = z.object({ periodId: id });
const meetingParams = z.object({ periodId: id, meetingId: id });
const ballotParams = z.object({ periodId: id, meetingId: id, ballotId: id });
const decisionParams = z.object({ periodId: id, meetingId: id, decisionId: id });
/** A decision's wording and votes: counts are whole numbers of units, never words. */
const decisionIn = {
  text: z.string().trim().min(1).max(5_000),
  votesFor: z.number().int().min(0).max(10_000),
  votesAgainst: z.number().int().min(0).max(10_000),
  escalated: z.boolean().default(false),
};
const text = (max: number) => z.string().trim().min(1).max(max);

const delegate = z.strictObject({ name: text(200), role: text(200) });

const meetingOut = z.object({
  id: z.number(),
  periodId: z.number(),
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  scheduledAt: z.string(),
  place: z.string(),
  agenda: z.string(),
  invited: z.array(z.object({ name: z.string(), role: z.string() })),
  minutes: z.string(),
  heldAt: z.string().nullable(),
  version: z.number(),
});

const attendanceOut = z.object({
  units: z.array(
    z.object({
      unitId: z.number(),
      code: z.string(),
      name: z.string(),
      present: z.boolean().nullable(),
      delegate: z.string().nullable(),
    }),
  ),
  present: z.number(),
  members: z.number(),
  quorum: z.number(),
  hasQuorum: z.boolean(),
});

const decisionOut = z.object({
  id: z.number(),
  meetingId: z.number(),
  text: z.string(),
  votesFor: z.number(),
  votesAgainst: z.number(),
  present: z.number(),
  passed: z.boolean(),
  escalated: z.boolean(),
  decidedAt: z.string(),
});

const ballotOut = z.object({
  id: z.number(),
  meetingId: z.number(),
  purpose: z.enum(["award", "leader", "deputy"]),
  award: z.string().nullable(),
  candidates: z.array(z.string()),
  round: z.number(),
  status: z.enum(["open", "closed", "annulled"]),
  /** Why a ballot opened by mistake was annulled. */
  annulReason: z.string().nullable(),
  /** How many units have voted; never who chose what. */
  voted: z.number(),
  votedByMyUnit: z.boolean(),
  outcome: z
    .object({
      kind: z.enum(["winner", "revote", "council"]),
      counts: z.record(z.string(), z.number()),
      winner: z.string().nullable(),
      tied: z.array(z.string()),
      voted: z.number(),
      escalated: z.boolean(),
      nextBallotId: z.number().nullable(),
    })
    .nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});

const tags = ["họp Cụm"];

/**
 * When a meeting is held: a date and time with its offset, in the years 1900 to 9999 once in UTC
 * (PostgreSQL refuses the year 0 and a year written with more than four digits: a 500 before).
 */
const meetingTime = z.iso.datetime({ offset: true }).refine((t) => {
  const year = new Date(t).getUTCFullYear();
  return year >= 1900 && year <= 9999;
}, "thời gian họp phải trong các năm 1900 đến 9999");

export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const viewerUnit = (user: { role: string; unitId: number | null }) =>
    user.role === "unit" ? user.unitId : null;

  app.get(
    "/api/periods/:periodId/meetings",
    {
      schema: {
        tags,
        summary: "Danh sách cuộc họp của kỳ thi đua",
        params: periodParams,
        response: { 200: z.object({ meetings: z.array(meetingOut) }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(canSeePeriod(access), DENY.period);
      return { meetings: await listMeetings(db(), access.period.id) };
    },
  );

  app.post(
    "/api/periods/:periodId/meetings",
    {
      schema: {
        tags,
        summary: "Lên lịch một cuộc họp Cụm",
        params: periodParams,
        body: z.strictObject({
          kind: z.enum(MEETING_KINDS),
          title: text(300),
          scheduledAt: meetingTime,
          place: text(300),
          agenda: z.string().max(20_000).default(""),
          invited: z.array(delegate).max(100).default([]),
        }),
        response: { 201: meetingOut },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership || access.standing, MEETINGS_DENY.schedule);
      const { scheduledAt, ...rest } = request.body;
      const meeting = await scheduleMeeting(db(), user.id, access.period.id, {
        ...rest,
        scheduledAt: new Date(scheduledAt),
      });
      return reply.status(201).send(meetingView(meeting));
    },
  );

  app.get(
    "/api/periods/:periodId/meetings/:meetingId",
    {
      schema: {
        tags,
        summary: "Một cuộc họp: điểm danh, số thành viên tối thiểu, quyết định, bỏ phiếu",
        params: meetingParams,
        response: {
          200: meetingOut.extend({
            attendance: attendanceOut,
            decisions: z.array(decisionOut),
            ballots: z.array(ballotOut),
          }),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(canSeePeriod(access), DENY.period);
      return readMeeting(db(), access.period.id, request.params.meetingId, viewerUnit(user));
    },
  );

  app.put(
    "/api/periods/:periodId/meetings/:meetingId/attendance",
    {
      schema: {
        tags,
        summary: "Điểm danh đơn vị thành viên dự họp",
        params: meetingParams,
        body: z.strictObject({
          units: z
            .array(
              z.strictObject({
                unitId: id,
                present: z.boolean(),
                delegate: z.string().trim().max(200).nullable().default(null),
              }),
            )
            .min(1)
            .max(500),
        }),
        response: { 200: attendanceOut },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      return recordAttendance(
        db(),
        user.id,
        access.period.id,
        request.params.meetingId,
        request.body.units.map((u) => ({ ...u, delegate: u.delegate || null })),
      );
    },
  );

  app.put(
    "/api/periods/:periodId/meetings/:meetingId/minutes",
    {
      schema: {
        tags,
        summary: "Ghi biên bản và đánh dấu cuộc họp đã diễn ra",
        params: meetingParams,
        body: z.strictObject({
          minutes: z.string().max(200_000),
          held: z.boolean(),
          version: z.number().int().positive().max(MAX_INTEGER),
        }),
        response: { 200: meetingOut },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      const meeting = await recordMinutes(
        db(),
        user.id,
        access.period.id,
        request.params.meetingId,
        request.body,
      );
      return meetingView(meeting);
    },
  );

  app.post(
    "/api/periods/:periodId/meetings/:meetingId/decisions",
    {
      schema: {
        tags,
        summary: "Ghi một quyết định của cuộc họp (biểu quyết theo đa số)",
        params: meetingParams,
        body: z.strictObject(decisionIn),
        response: { 201: decisionOut },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      const decision = await recordDecision(
        db(),
        user.id,
        access.period.id,
        request.params.meetingId,
        request.body,
      );
      return reply.status(201).send(decisionView(decision));
    },
  );

  app.put(
    "/api/periods/:periodId/meetings/:meetingId/decisions/:decisionId",
    {
      schema: {
        tags,
        summary: "Sửa một quyết định ghi nhầm, trước khi biên bản hoàn tất (có lý do)",
        params: decisionParams,
        body: z.strictObject({ ...decisionIn, reason: text(2_000) }),
        response: { 200: decisionOut },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      const decision = await correctDecision(
        db(),
        user.id,
        access.period.id,
        request.params,
        request.body,
      );
      return decisionView(decision);
    },
  );

  app.post(
    "/api/periods/:periodId/meetings/:meetingId/ballots",
    {
      schema: {
        tags,
        summary: "Mở một cuộc bỏ phiếu kín",
        params: meetingParams,
        body: z.strictObject({
          purpose: z.enum(["award", "leader", "deputy"]),
          award: z.string().trim().min(1).max(100).nullable().default(null),
          candidates: z.array(text(100)).min(2).max(100),
        }),
        response: { 201: ballotOut },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      const ballot = await openBallot(
        db(),
        user.id,
        access.period.id,
        request.params.meetingId,
        request.body,
      );
      return reply.status(201).send(ballotView(ballot, 0, false));
    },
  );

  app.get(
    "/api/periods/:periodId/meetings/:meetingId/ballots/:ballotId",
    {
      schema: {
        tags,
        summary: "Một cuộc bỏ phiếu: số đơn vị đã bỏ phiếu, kết quả khi đã kết thúc",
        params: ballotParams,
        response: { 200: ballotOut },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(canSeePeriod(access), DENY.period);
      return readBallot(db(), access.period.id, request.params, viewerUnit(user));
    },
  );

  app.post(
    "/api/periods/:periodId/meetings/:meetingId/ballots/:ballotId/votes",
    {
      schema: {
        tags,
        summary: "Bỏ phiếu kín (mỗi đơn vị có mặt một phiếu)",
        params: ballotParams,
        body: z.strictObject({ choice: text(100) }),
        response: { 201: z.object({ ballotId: z.number(), voted: z.number() }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      const unitId = user.role === "unit" && access.memberRole !== null ? user.unitId : null;
      assert(unitId !== null, MEETINGS_DENY.vote);
      const ballot = await findBallot(db(), access.period.id, request.params);
      assert(await isPresent(db(), ballot.meetingId, unitId as number), MEETINGS_DENY.vote);
      const { voted } = await castVote(
        db(),
        user.id,
        unitId as number,
        access.period.id,
        request.params,
        request.body.choice,
      );
      return reply.status(201).send({ ballotId: ballot.id, voted });
    },
  );

  app.post(
    "/api/periods/:periodId/meetings/:meetingId/ballots/:ballotId/close",
    {
      schema: {
        tags,
        summary: "Kết thúc bỏ phiếu và kiểm phiếu",
        params: ballotParams,
        response: { 200: z.object({ ballot: ballotOut, nextBallot: ballotOut.nullable() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      const { next } = await closeBallot(db(), user.id, access.period.id, request.params);
      const closed = await readBallot(db(), access.period.id, request.params, viewerUnit(user));
      return {
        ballot: closed,
        nextBallot: next ? ballotView(next, 0, false) : null,
      };
    },
  );

  app.post(
    "/api/periods/:periodId/meetings/:meetingId/ballots/:ballotId/annul",
    {
      schema: {
        tags,
        summary: "Hủy một cuộc bỏ phiếu mở nhầm, trước khi kết thúc (có lý do)",
        params: ballotParams,
        body: z.strictObject({ reason: text(2_000) }),
        response: { 200: ballotOut },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(access.leadership, DENY.leadership);
      await annulBallot(db(), user.id, access.period.id, request.params, request.body.reason);
      return readBallot(db(), access.period.id, request.params, viewerUnit(user));
    },
  );

  app.get(
    "/api/periods/:periodId/elections",
    {
      schema: {
        tags,
        summary: "Đơn vị được bầu làm Cụm trưởng, Cụm phó năm sau",
        params: periodParams,
        response: {
          200: z.object({
            elections: z.array(
              z.object({
                purpose: z.enum(["leader", "deputy"]),
                unitId: z.number(),
                code: z.string(),
                name: z.string(),
                ballotId: z.number(),
                meetingId: z.number(),
                electedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const access = await periodAccess(db(), user, request.params.periodId);
      assert(canSeePeriod(access), DENY.period);
      return { elections: await listElections(db(), access.period.id) };
    },
  );
};
