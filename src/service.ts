import type { Config } from './config/env.js';
import { openDatabase, type Db } from './db/client.js';
import { startCheckpointer } from './db/checkpointer.js';
import { claimDatabase } from './db/instance-lock.js';
import { applyMigrations } from './db/migrate.js';
import { TelegramAdapter } from './channels/telegram/adapter.js';
import { telegramLimits } from './channels/telegram/limits.js';
import { TelegramChannelSender } from './channels/telegram/sender.js';
import { WebFileDrop } from './channels/web/file-drop.js';
import { WebChannelSender } from './channels/web/sender.js';
import { createEngine } from './conversation/engine.js';
import { InboundStore } from './conversation/inbound-store.js';
import { Inbox } from './conversation/inbox.js';
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
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/logger.js';
import type { ChannelSender } from './outbox/channel-sender.js';
import { chatPace } from './outbox/limits.js';
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

  const webFiles = new WebFileDrop();
  let telegram: TelegramAdapter | undefined;
  let sender: Sender | undefined;
  let scheduler: Scheduler | undefined;

  const engine = createEngine({
    db,
    clock,
    log,
    timeZone: config.timeZone,
    filesDir: config.filesDir,
    publicBaseUrl: config.publicBaseUrl,
    getForm,
    staffChat: config.telegram.botToken && config.telegram.staffChatId ? { channel: 'telegram', chatId: config.telegram.staffChatId } : undefined,
    fetchFile: (event, file) => {
      if (event.channel === 'telegram' && telegram) return telegram.fetchFile(event, file);
      if (event.channel === 'web') return webFiles.fetch(file);
      return Promise.reject(new Error(`no file download for channel ${event.channel}`));
    },
    onReplies: () => sender?.wake(),
  });
  const inbox = new Inbox(new InboundStore(db), clock, log, engine.handle, engine.giveUp);

  const channels: ChannelSender[] = [new WebChannelSender()];
  if (config.telegram.botToken) {
    telegram = new TelegramAdapter(
      {
        token: config.telegram.botToken,
        apiRoot: config.telegram.apiRoot,
        webhookUrl: config.telegram.webhookUrl,
        webhookSecret: config.telegram.webhookSecret,
        staffChatId: config.telegram.staffChatId,
      },
      inbox,
      log,
    );
    const testPace = opts.perChatPerSecond ? chatPace(opts.perChatPerSecond, opts.perChatBurst ?? 3) : undefined;
    const limits = telegramLimits({
      perSecond: config.telegram.maxMessagesPerSecond,
      chatPerSecond: opts.perChatPerSecond,
      chatBurst: opts.perChatBurst,
      group: testPace,
    });
    channels.push(new TelegramChannelSender(telegram.bot, () => ({ db, filesDir: config.filesDir }), { limits, log }));
  }
  sender = new Sender({ db, clock, log, channels, onBlocked: (contactId) => markContactBlocked(systemCtx, contactId) });

  const feed = new ActivityFeed(systemCtx);
  const app = createApp(
    { db, clock, log, config },
    {
      mount: (root) => {
        root.route('/upload', uploadRoutes({ inbox }));
        root.route('/simulator', simulatorRoutes({ inbox, files: webFiles, demoMode: config.demoData }));
        if (telegram && config.telegram.webhookUrl) root.route('/telegram/webhook', telegram.webhookRoutes());
        root.route('/', dashboardRoutes({ db, clock, log, config, feed }));
      },
    },
  );

  return {
    db,
    app,
    inbox,
    sender,
    telegram,
    demo,
    feed,
    /** Starts background work: crash recovery, the sender loop, Telegram polling or webhook. */
    async start(): Promise<void> {
      inbox.recover();
      if (opts.autoSend !== false) sender!.start();
      else sender!.recoverInFlight();
      await telegram?.start();
      // Jobs compute from state: the first reminders run right away catches up after downtime.
      if (opts.scheduler !== false) scheduler = startScheduler({ db, clock, log, config });
    },
    async stop(): Promise<void> {
      feed.close();
      await scheduler?.stop();
      await telegram?.stop();
      await inbox.idle();
      await sender!.stop();
      await checkpointer.stop();
      db.$client.close();
      lock.release();
    },
  };
}

export type Service = ReturnType<typeof createService>;
