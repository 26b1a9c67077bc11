CREATE TABLE `shared_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`file_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shared_images_token_hash_unique` ON `shared_images` (`token_hash`);--> statement-breakpoint
CREATE TABLE `offered_choices` (
	`key` text PRIMARY KEY NOT NULL,
	`offered` text NOT NULL,
	`updated_at` integer NOT NULL
);
