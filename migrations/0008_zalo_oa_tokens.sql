CREATE TABLE `zalo_oa_auth_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`state_hash` text NOT NULL,
	`code_verifier` text NOT NULL,
	`staff_user_id` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `zalo_oa_auth_requests_state_hash_unique` ON `zalo_oa_auth_requests` (`state_hash`);--> statement-breakpoint
CREATE TABLE `zalo_oa_tokens` (
	`oa_id` text PRIMARY KEY NOT NULL,
	`access_token` text NOT NULL,
	`refresh_token` text NOT NULL,
	`access_expires_at` integer NOT NULL,
	`status` text NOT NULL,
	`problem` text,
	`connected_at` integer NOT NULL,
	`refreshed_at` integer,
	`updated_at` integer NOT NULL
);
