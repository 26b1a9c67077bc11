DROP INDEX `outbox_ready_idx`;--> statement-breakpoint
CREATE INDEX `outbox_queue_idx` ON `outbox` (`channel`,`chat_id`,`lane`,`id`) WHERE status = 'queued';