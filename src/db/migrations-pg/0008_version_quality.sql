CREATE TABLE "version_quality" (
	"dataset_pk" integer NOT NULL,
	"n" integer NOT NULL,
	"profile" text NOT NULL,
	"computed_at" text NOT NULL,
	CONSTRAINT "version_quality_dataset_pk_n_pk" PRIMARY KEY("dataset_pk","n")
);
--> statement-breakpoint
ALTER TABLE "version_quality" ADD CONSTRAINT "version_quality_dataset_pk_datasets_pk_fk" FOREIGN KEY ("dataset_pk") REFERENCES "public"."datasets"("pk") ON DELETE no action ON UPDATE no action;