/** The cluster's cross-inspection (kiểm tra chéo, Vùng cao 2022 Điều 7.4–7.5). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

export const inspectionRoutes: FastifyPluginAsyncZod = async () => {};
