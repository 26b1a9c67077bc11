CREATE TABLE `faq_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`verdict` text NOT NULL,
	`entry_id` integer,
	`contact_id` integer,
	`question` text NOT NULL,
	`normalized` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `faq_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `faq_feedback_verdict_idx` ON `faq_feedback` (`verdict`,`normalized`);--> statement-breakpoint
CREATE INDEX `faq_feedback_contact_idx` ON `faq_feedback` (`contact_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`subject` text NOT NULL,
	`contact_id` integer,
	`assignee_id` integer,
	`ack_due_at` integer,
	`due_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_tickets`("id", "code", "kind", "status", "subject", "contact_id", "assignee_id", "due_at", "created_at", "updated_at") SELECT "id", "code", "kind", CASE "status" WHEN 'open' THEN 'new' WHEN 'in_progress' THEN 'assigned' ELSE "status" END, "subject", "contact_id", "assignee_id", "due_at", "created_at", "updated_at" FROM `tickets`;--> statement-breakpoint
DROP TABLE `tickets`;--> statement-breakpoint
ALTER TABLE `__new_tickets` RENAME TO `tickets`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_code_unique` ON `tickets` (`code`);--> statement-breakpoint
CREATE INDEX `tickets_status_idx` ON `tickets` (`status`);--> statement-breakpoint
CREATE INDEX `tickets_contact_idx` ON `tickets` (`contact_id`);--> statement-breakpoint
ALTER TABLE `faq_entries` ADD `category` text;--> statement-breakpoint
ALTER TABLE `faq_entries` ADD `published` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `ticket_messages` ADD `author_label` text;