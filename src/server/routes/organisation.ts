/**
 * Administration of the organisation and accounts: levels, units, clusters, council members and
 * the clusters they monitor, accounts, periods with their member units and leadership. Changes
 * are for administrators only; the organisation itself (levels → clusters → periods, units,
 * council members) may be read by anyone signed in; the list of accounts by administrators only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { assignMonitor } from "../commands/organisation/assign-monitor.ts";
import { addPeriodUnit, removePeriodUnit } from "../commands/organisation/change-period-units.ts";
import { createCluster } from "../commands/organisation/create-cluster.ts";
import { createCouncilMember } from "../commands/organisation/create-council-member.ts";
import { createLevel } from "../commands/organisation/create-level.ts";
import { createPeriod } from "../commands/organisation/create-period.ts";
import { createUnit, UNIT_KINDS } from "../commands/organisation/create-unit.ts";
import { createUser, USERNAME_PATTERN } from "../commands/organisation/create-user.ts";
import { deactivateUser } from "../commands/organisation/deactivate-user.ts";
import { nameLeadership } from "../commands/organisation/name-leadership.ts";
import { requirePasswordChange } from "../commands/organisation/require-password-change.ts";
import { resetPassword } from "../commands/organisation/reset-password.ts";
import { updateUnit } from "../commands/organisation/update-unit.ts";
import {
  listClusters,
  listCouncilMembers,
  listLevels,
  listUnits,
  listUsers,
  organisationTree,
} from "../queries/organisation.ts";
import { day, id, requireAdmin, requireUser } from "../request.ts";

const idParams = z.object({ id });
const periodParams = z.object({ periodId: id });
const text = (max = 200) => z.string().trim().min(1).max(max);
const reason = z.string().trim().max(1000).nullish();
const role = z.enum(["leader", "deputy", "member"]);
const userRole = z.enum(["unit", "standing", "council", "data", "admin"]);
const isoDate = day;

const levelOut = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  kind: z.enum(["province", "district", "commune"]),
  standingAgency: z.string(),
});
const unitOut = z.object({
  id: z.number(),
  levelId: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  headName: z.string().nullable(),
  headTitle: z.string().nullable(),
});
/** The head who signs for a unit: a person's name, the title a signature block writes. */
const headName = z.string().trim().max(200).nullish();
const headTitle = z.string().trim().max(200).nullish();
const periodSummary = z.object({
  id: z.number(),
  label: z.string(),
  kind: z.enum(["calendar", "school"]),
  startsOn: z.string(),
  endsOn: z.string(),
  schemeId: z.string(),
});
const clusterOut = z.object({
  id: z.number(),
  levelId: z.number(),
  name: z.string(),
  kind: z.enum(["cluster", "block"]),
  memberKind: z.enum(["ward", "school", "other"]),
});
const clusterNode = clusterOut.extend({
  monitors: z.array(z.object({ councilMemberId: z.number(), name: z.string(), title: z.string() })),
  periods: z.array(periodSummary),
});
const levelNode = levelOut.extend({
  clusters: z.array(clusterNode),
  get children() {
    return z.array(levelNode);
  },
});
const councilMemberOut = z.object({
  id: z.number(),
  levelId: z.number(),
  name: z.string(),
  title: z.string(),
  userId: z.number().nullable(),
});
const userOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: userRole,
  unitId: z.number().nullable(),
  levelId: z.number().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
const memberOut = z.object({ unitId: z.number(), code: z.string(), name: z.string(), role });
const periodOut = periodSummary.extend({
  clusterId: z.number(),
  frameworkId: z.number().nullable(),
  criteria: z.array(z.unknown()),
  milestones: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      dueOn: z.string(),
      remindDaysBefore: z.number().optional(),
    }),
  ),
  version: z.number(),
  units: z.array(memberOut),
});

const criterionChange = z.strictObject({
  id: z.string().min(1),
  parent: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  max: z.number().nonnegative().optional(),
  kind: z.enum(["manual", "external", "ratio"]).optional(),
  lowerIsBetter: z.boolean().optional(),
});

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const tags = ["tổ chức"];
  const accountTags = ["quản trị tài khoản"];

  app.get(
    "/api/organisation",
    { schema: { tags, response: { 200: z.object({ levels: z.array(levelNode) }) } } },
    async (request) => {
      requireUser(request);
      return { levels: await organisationTree(db()) };
    },
  );

  app.get(
    "/api/levels",
    { schema: { tags, response: { 200: z.object({ levels: z.array(levelOut) }) } } },
    async (request) => {
      requireUser(request);
      return { levels: await listLevels(db()) };
    },
  );

  app.post(
    "/api/levels",
    {
      schema: {
        tags,
        body: z.strictObject({
          parentId: id.nullable().default(null),
          name: text(),
          kind: z.enum(["province", "district", "commune"]),
          standingAgency: text(),
        }),
        response: { 201: levelOut },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createLevel(db(), admin.id, request.body));
    },
  );

  app.get(
    "/api/units",
    {
      schema: {
        tags,
        querystring: z.strictObject({ levelId: id.optional() }),
        response: { 200: z.object({ units: z.array(unitOut) }) },
      },
    },
    async (request) => {
      requireUser(request);
      return { units: await listUnits(db(), request.query.levelId) };
    },
  );

  app.post(
    "/api/units",
    {
      schema: {
        tags,
        body: z.strictObject({
          levelId: id,
          code: z
            .string()
            .trim()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/),
          name: text(),
          kind: z.enum(UNIT_KINDS),
          headName,
          headTitle,
        }),
        response: { 201: unitOut },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createUnit(db(), admin.id, request.body));
    },
  );

  app.put(
    "/api/units/:id",
    {
      schema: {
        tags,
        params: idParams,
        body: z.strictObject({ name: text(), headName, headTitle, reason }),
        response: { 200: unitOut },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return updateUnit(db(), admin.id, { unitId: request.params.id, ...request.body });
    },
  );

  app.get(
    "/api/clusters",
    { schema: { tags, response: { 200: z.object({ clusters: z.array(clusterNode) }) } } },
    async (request) => {
      requireUser(request);
      return { clusters: await listClusters(db()) };
    },
  );

  app.post(
    "/api/clusters",
    {
      schema: {
        tags,
        body: z.strictObject({
          levelId: id,
          name: text(),
          kind: z.enum(["cluster", "block"]),
          memberKind: z.enum(["ward", "school", "other"]),
        }),
        response: { 201: clusterOut },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createCluster(db(), admin.id, request.body));
    },
  );

  app.get(
    "/api/council-members",
    {
      schema: { tags, response: { 200: z.object({ councilMembers: z.array(councilMemberOut) }) } },
    },
    async (request) => {
      requireUser(request);
      return { councilMembers: await listCouncilMembers(db()) };
    },
  );

  app.post(
    "/api/council-members",
    {
      schema: {
        tags,
        body: z.strictObject({
          levelId: id,
          name: text(),
          title: text(),
          userId: id.nullable().default(null),
        }),
        response: { 201: councilMemberOut },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createCouncilMember(db(), admin.id, request.body));
    },
  );

  app.post(
    "/api/clusters/:id/monitors",
    {
      schema: {
        tags,
        params: idParams,
        body: z.strictObject({ councilMemberId: id }),
        response: {
          201: z.object({ clusterId: z.number(), councilMemberId: z.number(), name: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const monitor = await assignMonitor(db(), admin.id, {
        clusterId: request.params.id,
        councilMemberId: request.body.councilMemberId,
      });
      return reply.status(201).send(monitor);
    },
  );

  app.get(
    "/api/users",
    { schema: { tags: accountTags, response: { 200: z.object({ users: z.array(userOut) }) } } },
    async (request) => {
      requireAdmin(request);
      return { users: await listUsers(db()) };
    },
  );

  app.post(
    "/api/users",
    {
      schema: {
        tags: accountTags,
        body: z.strictObject({
          username: z.string().trim().regex(USERNAME_PATTERN),
          displayName: text(),
          // the length is checked by the command, with a message that says the minimum
          password: z.string().min(1).max(200),
          role: userRole,
          unitId: id.nullable().default(null),
          levelId: id.nullable().default(null),
        }),
        response: { 201: userOut },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      return reply.status(201).send(await createUser(db(), admin.id, request.body));
    },
  );

  app.post(
    "/api/users/:id/deactivate",
    {
      schema: {
        tags: accountTags,
        params: idParams,
        body: z.strictObject({ reason }),
        response: { 200: userOut },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return deactivateUser(db(), admin.id, { userId: request.params.id, ...request.body });
    },
  );

  app.post(
    "/api/users/:id/password",
    {
      schema: {
        tags: accountTags,
        params: idParams,
        body: z.strictObject({ password: z.string().min(1).max(200) }),
        response: { 200: userOut },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return resetPassword(db(), admin.id, {
        userId: request.params.id,
        password: request.body.password,
      });
    },
  );

  app.post(
    "/api/users/:id/require-password-change",
    {
      schema: {
        tags: accountTags,
        params: idParams,
        body: z.strictObject({ reason }),
        response: { 200: userOut },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      return requirePasswordChange(db(), admin.id, { userId: request.params.id, ...request.body });
    },
  );

  app.post(
    "/api/clusters/:id/periods",
    {
      schema: {
        tags,
        params: idParams,
        body: z.strictObject({
          label: text(50),
          kind: z.enum(["calendar", "school"]),
          startsOn: isoDate,
          endsOn: isoDate,
          // a reference preset, or a framework of the cluster's level or a level above it
          schemeId: text(100).optional(),
          frameworkId: id.optional(),
          criteria: z.array(criterionChange).max(500).default([]),
          units: z
            .array(z.strictObject({ unitId: id, role }))
            .min(1)
            .max(200),
        }),
        response: { 201: periodOut },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const period = await createPeriod(db(), admin.id, {
        clusterId: request.params.id,
        ...request.body,
      });
      return reply.status(201).send(period);
    },
  );

  app.post(
    "/api/periods/:periodId/units",
    {
      schema: {
        tags,
        params: periodParams,
        body: z.strictObject({ unitId: id }),
        response: { 201: z.object({ units: z.array(memberOut) }) },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request);
      const members = await addPeriodUnit(db(), admin.id, {
        periodId: request.params.periodId,
        unitId: request.body.unitId,
      });
      return reply.status(201).send({ units: members });
    },
  );

  app.delete(
    "/api/periods/:periodId/units/:unitId",
    {
      schema: {
        tags,
        params: z.object({ periodId: id, unitId: id }),
        response: { 200: z.object({ units: z.array(memberOut) }) },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      const members = await removePeriodUnit(db(), admin.id, {
        periodId: request.params.periodId,
        unitId: request.params.unitId,
      });
      return { units: members };
    },
  );

  app.post(
    "/api/periods/:periodId/leadership",
    {
      schema: {
        tags,
        params: periodParams,
        body: z.strictObject({
          leaderUnitId: id.optional(),
          deputyUnitId: id.optional(),
          reason,
        }),
        response: { 200: z.object({ units: z.array(memberOut) }) },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      const members = await nameLeadership(db(), admin.id, {
        periodId: request.params.periodId,
        ...request.body,
      });
      return { units: members };
    },
  );
};
