CREATE TABLE `offered_choices` (
	`key` text PRIMARY KEY NOT NULL,
	`offered` text NOT NULL,
	`updated_at` integer NOT NULL
);
