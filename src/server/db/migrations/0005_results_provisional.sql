ALTER TABLE "periods" ADD COLUMN "results_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "results_provisional_reason" text;