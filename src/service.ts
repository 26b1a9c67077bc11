import type { Config } from './config/env.js';
import { openDatabase, type Db } from './db/client.js';
import { startCheckpointer } from './db/checkpointer.js';
import { claimDatabase } from './db/instance-lock.js';
import { applyMigrations } from './db/migrate.js';
import type { ChannelAdapter } from './channels/adapter.js';
import { CHANNEL_FACTORIES } from './channels/registry.js';
import { WebChannel } from './channels/web/channel.js';
import { createEngine } from './conversation/engine.js';
import { InboundStore } from './conversation/inbound-store.js';
import { Inbox } from './conversation/inbox.js';
import { rememberOffered } from './conversation/offered.js';
import { markContactBlocked } from './domain/contacts.js';
import { systemActor, type Ctx } from './domain/context.js';
import { prepareFaqSearch, seedFaqs } from './domain/faq.js';
import { builtinLanguage } from './domain/faq-language.js';
import { loadFaqDir } from './domain/faq-schema.js';
import { builtinForms, getForm } from './domain/forms.js';
import { ensureDefaultUnitKinds } from './domain/unit-kinds.js';
import { seedDemoData } from './demo/seed.js';
import { createApp } from './http/app.js';
import { ActivityFeed } from './http/dashboard/activity-feed.js';
import { dashboardRoutes } from './http/dashboard/index.js';
import { simulatorRoutes } from './http/simulator.js';
import { uploadRoutes } from './http/upload.js';
import { sharedImageRoutes } from './http/shared-images.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { Channel } from './core/messages.js';
import { Sender } from './outbox/sender.js';
import { startScheduler, type Scheduler } from './jobs/scheduler.js';

export type ServiceOptions = {
  clock: Clock;
  log: Logger;
  /** Tests drive the sender by hand (sender.tick()); production runs its loop. */
  autoSend?: boolean;
  /** Run jobs on their cron schedules (off in tests, which run jobs by hand). */
  scheduler?: boolean;
  /** Override per-chat limits, private chats and groups alike (tests send many replies to one chat quickly). */
  perChatPerSecond?: number;
  perChatBurst?: number;
};

/**
 * Everything one process runs, wired once: database, engine, inbox, sender, channel adapters
 * and the HTTP app. main.ts adds the process concerns (listen, signals); tests build the same
 * service to exercise production wiring, including a restart over the same database file.
 */
export function createService(config: Config, opts: ServiceOptions) {
  const { clock, log } = opts;
  const lock = claimDatabase(config.databasePath, clock.now());
  const db: Db = openDatabase(config.databasePath);
  applyMigrations(db);
  const checkpointer = startCheckpointer(db, config.databasePath, log);
  builtinForms(); // a broken YAML form stops the start with a message naming the file
  const systemCtx: Ctx = { db, clock, log, actor: systemActor('service'), timeZone: config.timeZone, filesDir: config.filesDir };
  ensureDefaultUnitKinds(systemCtx);
  // The knowledge base starts from bot-flows/faq; a broken file stops the start naming it.
  builtinLanguage();
  seedFaqs(systemCtx, loadFaqDir());
  prepareFaqSearch(systemCtx);
  const demo = config.demoData ? seedDemoData(systemCtx) : undefined;

  let scheduler: Scheduler | undefined;
  const web = new WebChannel();
  const adapters = new Map<Channel, ChannelAdapter>([[web.channel, web]]);

  // The inbox hands stored events to the engine; the engine is built once the adapters (and the staff group) are known.
  const inbox = new Inbox(new InboundStore(db), clock, log, {
    handleNow: (item) => engine.handleNow(item),
    handle: (item) => engine.handle(item),
    giveUp: (item, error) => engine.giveUp(item, error),
  });
  const testChatPace = opts.perChatPerSecond ? { perSecond: opts.perChatPerSecond, burst: opts.perChatBurst ?? 3 } : undefined;
  for (const factory of CHANNEL_FACTORIES) {
    const adapter = factory({ config, db, clock, log, inbox, testChatPace });
    if (adapter) adapters.set(adapter.channel, adapter);
  }
  const engine = createEngine({
    db,
    clock,
    log,
    timeZone: config.timeZone,
    filesDir: config.filesDir,
    publicBaseUrl: config.publicBaseUrl,
    getForm,
    staffChat: [...adapters.values()].find((a) => a.staffChat)?.staffChat,
    fetchFile: (event, file) => adapters.get(event.channel)?.fetchFile?.(event, file),
    onReplies: () => sender.wake(),
  });

  const sender = new Sender({
    db,
    clock,
    log,
    channels: [...adapters.values()].map((a) => a.sender),
    onBlocked: (contactId) => markContactBlocked(systemCtx, contactId),
    onDelivered: (channel, chatId, message) => rememberOffered(db, channel, chatId, message, clock.now()),
  });

  const feed = new ActivityFeed(systemCtx);
  const app = createApp(
    { db, clock, log, config },
    {
      webhooks: [...adapters.values()].flatMap((a) => (a.webhook ? [a.webhook] : [])),
      mount: (root) => {
        root.route('/upload', uploadRoutes({ inbox }));
        root.route('/anh', sharedImageRoutes());
        root.route('/simulator', simulatorRoutes({ inbox, files: web.files, demoMode: config.demoData }));
        for (const adapter of adapters.values()) if (adapter.routes) root.route(adapter.routes.path, adapter.routes.app);
        root.route('/', dashboardRoutes({ db, clock, log, config, feed }));
      },
    },
  );

  return {
    db,
    app,
    inbox,
    sender,
    adapters,
    demo,
    feed,
    /** Starts background work: crash recovery, the sender loop, each channel's polling or webhook. */
    async start(): Promise<void> {
      inbox.recover();
      if (opts.autoSend !== false) sender.start();
      else sender.recoverInFlight();
      for (const adapter of adapters.values()) await adapter.start();
      // Jobs compute from state: the first reminders run right away catches up after downtime.
      if (opts.scheduler !== false) scheduler = startScheduler({ db, clock, log, config });
    },
    async stop(): Promise<void> {
      feed.close();
      await scheduler?.stop();
      for (const adapter of adapters.values()) await adapter.stop();
      await inbox.idle();
      await sender.stop();
      await checkpointer.stop();
      db.$client.close();
      lock.release();
    },
  };
}

export type Service = ReturnType<typeof createService>;
