DROP INDEX `inbound_status_idx`;--> statement-breakpoint
CREATE INDEX `inbound_pending_idx` ON `inbound_updates` (`channel`,`chat_id`) WHERE status = 'received';--> statement-breakpoint
DROP INDEX `outbox_broadcast_idx`;--> statement-breakpoint
CREATE INDEX `outbox_broadcast_idx` ON `outbox` (`broadcast_id`) WHERE broadcast_id IS NOT NULL;