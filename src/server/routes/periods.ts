import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

export const periodRoutes: FastifyPluginAsyncZod = async (_app) => {};
