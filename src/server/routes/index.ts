import type { FastifyInstance } from "fastify";
import { auditRoutes } from "./audit.ts";
import { authRoutes } from "./auth.ts";
import { backupRoutes } from "./backups.ts";
import { documentRoutes } from "./documents.ts";
import { evidenceRoutes } from "./evidence.ts";
import { frameworkRoutes } from "./frameworks.ts";
import { inspectionRoutes } from "./inspection.ts";
import { meRoutes } from "./me.ts";
import { meetingRoutes } from "./meetings.ts";
import { notificationRoutes } from "./notifications.ts";
import { organisationRoutes } from "./organisation.ts";
import { periodRoutes } from "./periods.ts";
import { reportRoutes } from "./reports.ts";
import { scoringRoutes } from "./scoring.ts";

/** Every route of the API, feature by feature. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
  await app.register(organisationRoutes);
  await app.register(periodRoutes);
  await app.register(scoringRoutes);
  await app.register(evidenceRoutes);
  await app.register(meetingRoutes);
  await app.register(inspectionRoutes);
  await app.register(reportRoutes);
  await app.register(frameworkRoutes);
  await app.register(meRoutes);
  await app.register(notificationRoutes);
  await app.register(documentRoutes);
  await app.register(backupRoutes);
  await app.register(auditRoutes);
}
