/**
 * A card's queued lock-screen messages, sent with addMessage once its object exists. Each goes as TEXT_AND_NOTIFY
 * while the object has had fewer than 3 notifications in 24 hours (counted here, updates included), as TEXT past
 * that; if Google still answers QuotaExceededException (its own count), it goes again as TEXT. The type sent and the
 * reason for a TEXT are kept with the message, and a TEXT gets a wallet event of its own saying why.
 */
import { tagLinksInText } from '../design/utm.js';
import type { Db } from '../../db/connection.js';
import type { DesignContent, Locale } from '../design/schema.js';
import { WalletApiError } from './client/api-errors.js';
import type { GoogleCardFacts } from './cards-repository.js';
import type { GoogleContext } from './context.js';
import { objectCollection, objectIdOf } from './ids.js';
import { pick } from './localized.js';
import type { FallbackReason, MessagesRepository, PendingMessage } from './messages-repository.js';
import type { CardEvents, CardOutcome } from './sync.js';
import { VERTICAL } from './to-google.js';

/** Google keeps at most 10 messages per object. */
export const MAX_MESSAGES = 10;

export interface SendMessagesInput {
  db: Db;
  ctx: GoogleContext;
  card: GoogleCardFacts;
  content: DesignContent;
  messages: MessagesRepository;
  events?: CardEvents | undefined;
  now: () => number;
  signal?: AbortSignal | undefined;
}

type MessageType = 'TEXT' | 'TEXT_AND_NOTIFY';

const messageBody = (m: Pick<PendingMessage, 'id' | 'header' | 'body'>, messageType: MessageType) => ({
  id: `passerelle_${m.id}`,
  header: m.header,
  // Links in the text carry the wallet's UTM tags (a campaign's own utm_campaign stays).
  body: tagLinksInText(m.body, { medium: 'google', campaign: 'message' }),
  messageType,
});

export async function sendMessages(input: SendMessagesInput): Promise<CardOutcome> {
  const { ctx, card, messages, now } = input;
  const collection = objectCollection(VERTICAL[input.content.kind]);
  const objectId = objectIdOf(ctx.issuerId, ctx.namespace, card.serial);

  const locale: Locale = card.locale === 'en' || card.locale === 'fr' ? card.locale : ctx.defaultLocale;
  const header = pick(input.content.message.label, locale, ctx.defaultLocale) || input.content.brandName;

  for (const pending of messages.pending(card.passId)) {
    const m = { ...pending, header };
    if (messages.sentCount(card.passId) >= MAX_MESSAGES) {
      // Room for this one: the latest nine stay (a patch replaces the whole array).
      const keep = messages.latestSent(card.passId, MAX_MESSAGES - 1).reverse();
      await ctx.api.patch(collection, objectId, { messages: keep.map((k) => messageBody(k, 'TEXT')) }, input.signal);
    }
    let type: MessageType = messages.canNotify(card.passId, now()) ? 'TEXT_AND_NOTIFY' : 'TEXT';
    let fallback: FallbackReason | null = type === 'TEXT' ? 'quota' : null;
    try {
      await ctx.api.addMessage(collection, objectId, messageBody(m, type), input.signal);
    } catch (err) {
      if (!(err instanceof WalletApiError && err.kind === 'notify-quota' && type === 'TEXT_AND_NOTIFY')) throw err;
      type = 'TEXT';
      fallback = 'google-quota';
      await ctx.api.addMessage(collection, objectId, messageBody(m, type), input.signal);
    }
    const at = now();
    input.db.transaction(() => {
      messages.markSent(m.id, header, type, fallback, at);
      if (type === 'TEXT_AND_NOTIFY') messages.recordNotification(card.passId, 'message', at);
      // The change already recorded "message sent"; what is worth a line of its own is a message that could not notify.
      if (fallback) input.events?.record(card.passId, 'message', { text: m.body, messageType: type, fallbackReason: fallback }, at);
    })();
  }
  return { kind: 'ok' };
}
