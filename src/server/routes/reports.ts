/** Reports the members send the leader (Vùng cao 2022 Điều 7.1–7.3). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

export const reportRoutes: FastifyPluginAsyncZod = async () => {};
