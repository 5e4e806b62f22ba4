import type { FastifyInstance } from "fastify";
import { authRoutes } from "./auth.ts";

/** Every route of the API, feature by feature. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
}
