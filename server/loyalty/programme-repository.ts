/** The loyalty programme's settings, tiers, bonus events and rewards: the only SQL on those tables. */
import type { Db } from '../db/connection.js';
import { notFound } from '../errors.js';
import type { BonusEvent, BonusEventInput, Programme, Reward, RewardInput, Tier } from './schemas.js';

interface ProgrammeRow {
  store_points_per_euro_x100: number;
  online_points_per_euro_x100: number;
  rounding: Programme['rounding'];
  welcome_points: number;
  referral_trigger: Programme['referralTrigger'];
  referrer_points: number;
  referee_points: number;
  expiry_months: number | null;
}

interface TierRow {
  id: string;
  name_fr: string;
  name_en: string;
  threshold: number;
}

interface BonusRow {
  id: number;
  name_fr: string;
  name_en: string;
  multiplier_x100: number;
  channel: BonusEvent['channel'];
  starts_at: number;
  ends_at: number;
}

interface RewardRow {
  id: number;
  name_fr: string;
  name_en: string;
  cost_points: number;
  kind: Reward['kind'];
  coupon_design_id: number | null;
  coupon_valid_days: number | null;
  active: number;
}

const toTier = (r: TierRow): Tier => ({ id: r.id, name: { fr: r.name_fr, en: r.name_en }, threshold: r.threshold });
const toBonus = (r: BonusRow): BonusEvent => ({
  id: r.id,
  name: { fr: r.name_fr, en: r.name_en },
  multiplier: r.multiplier_x100 / 100,
  channel: r.channel,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
});
const toReward = (r: RewardRow): Reward => ({
  id: r.id,
  name: { fr: r.name_fr, en: r.name_en },
  costPoints: r.cost_points,
  kind: r.kind,
  couponDesignId: r.coupon_design_id,
  couponValidDays: r.coupon_valid_days,
  active: r.active === 1,
});

export function createProgrammeRepository(db: Db, now: () => number = Date.now) {
  const getProgramme = db.prepare<[], ProgrammeRow>('SELECT * FROM loyalty_programme WHERE id = 1');
  const saveProgramme = db.prepare(
    `UPDATE loyalty_programme SET store_points_per_euro_x100 = @store, online_points_per_euro_x100 = @online, rounding = @rounding,
       welcome_points = @welcome, referral_trigger = @trigger, referrer_points = @referrer, referee_points = @referee,
       expiry_months = @expiry, updated_at = @at WHERE id = 1`,
  );
  const allTiers = db.prepare<[], TierRow>('SELECT id, name_fr, name_en, threshold FROM loyalty_tiers ORDER BY threshold');
  const clearTiers = db.prepare('DELETE FROM loyalty_tiers');
  const addTier = db.prepare('INSERT INTO loyalty_tiers (id, name_fr, name_en, threshold, updated_at) VALUES (?, ?, ?, ?, ?)');
  const allBonus = db.prepare<[], BonusRow>('SELECT * FROM loyalty_bonus_events ORDER BY starts_at DESC, id DESC');
  const activeBonus = db.prepare<[number, number], BonusRow>('SELECT * FROM loyalty_bonus_events WHERE ends_at > ? AND starts_at <= ?');
  const addBonus = db.prepare(
    `INSERT INTO loyalty_bonus_events (name_fr, name_en, multiplier_x100, channel, starts_at, ends_at, created_at)
     VALUES (@fr, @en, @m, @channel, @starts, @ends, @at)`,
  );
  const updateBonus = db.prepare(
    `UPDATE loyalty_bonus_events SET name_fr = @fr, name_en = @en, multiplier_x100 = @m, channel = @channel, starts_at = @starts,
       ends_at = @ends WHERE id = @id`,
  );
  const deleteBonus = db.prepare('DELETE FROM loyalty_bonus_events WHERE id = ?');
  const allRewards = db.prepare<[], RewardRow>('SELECT * FROM loyalty_rewards ORDER BY active DESC, cost_points, id');
  const rewardById = db.prepare<[number], RewardRow>('SELECT * FROM loyalty_rewards WHERE id = ?');
  const addReward = db.prepare(
    `INSERT INTO loyalty_rewards (name_fr, name_en, cost_points, kind, coupon_design_id, coupon_valid_days, active, created_at, updated_at)
     VALUES (@fr, @en, @cost, @kind, @design, @days, @active, @at, @at)`,
  );
  const updateReward = db.prepare(
    `UPDATE loyalty_rewards SET name_fr = @fr, name_en = @en, cost_points = @cost, kind = @kind, coupon_design_id = @design,
       coupon_valid_days = @days, active = @active, updated_at = @at WHERE id = @id`,
  );
  const deleteReward = db.prepare('DELETE FROM loyalty_rewards WHERE id = ?');

  const rewardParams = (r: RewardInput) => ({
    fr: r.name.fr.trim(),
    en: r.name.en.trim(),
    cost: r.costPoints,
    kind: r.kind,
    design: r.kind === 'coupon' ? (r.couponDesignId ?? null) : null,
    days: r.kind === 'coupon' ? (r.couponValidDays ?? null) : null,
    active: r.active ? 1 : 0,
    at: now(),
  });
  const bonusParams = (b: BonusEventInput) => ({
    fr: b.name.fr.trim(),
    en: b.name.en.trim(),
    m: Math.round(b.multiplier * 100),
    channel: b.channel,
    starts: b.startsAt,
    ends: b.endsAt,
  });

  return {
    programme(): Programme {
      const r = getProgramme.get()!;
      return {
        storePointsPerEuro: r.store_points_per_euro_x100 / 100,
        onlinePointsPerEuro: r.online_points_per_euro_x100 / 100,
        rounding: r.rounding,
        welcomePoints: r.welcome_points,
        referralTrigger: r.referral_trigger,
        referrerPoints: r.referrer_points,
        refereePoints: r.referee_points,
        expiryMonths: r.expiry_months,
      };
    },
    saveProgramme(p: Programme): void {
      saveProgramme.run({
        store: Math.round(p.storePointsPerEuro * 100),
        online: Math.round(p.onlinePointsPerEuro * 100),
        rounding: p.rounding,
        welcome: p.welcomePoints,
        trigger: p.referralTrigger,
        referrer: p.referrerPoints,
        referee: p.refereePoints,
        expiry: p.expiryMonths,
        at: now(),
      });
    },
    tiers: (): Tier[] => allTiers.all().map(toTier),
    /** Replaces every tier (the caller validated them and re-tiers customers in the same transaction). */
    replaceTiers(tiers: readonly Tier[]): void {
      clearTiers.run();
      const at = now();
      for (const t of tiers) addTier.run(t.id, t.name.fr.trim(), t.name.en.trim(), t.threshold, at);
    },
    bonusEvents: (): BonusEvent[] => allBonus.all().map(toBonus),
    /** Events running at `at` for purchases made then. */
    bonusEventsAt: (at: number): BonusEvent[] => activeBonus.all(at, at).map(toBonus),
    addBonusEvent: (b: BonusEventInput): number => Number(addBonus.run({ ...bonusParams(b), at: now() }).lastInsertRowid),
    updateBonusEvent(id: number, b: BonusEventInput): void {
      if (updateBonus.run({ ...bonusParams(b), id }).changes === 0) throw notFound('Bonus event');
    },
    deleteBonusEvent(id: number): void {
      if (deleteBonus.run(id).changes === 0) throw notFound('Bonus event');
    },
    rewards: (): Reward[] => allRewards.all().map(toReward),
    reward(id: number): Reward | undefined {
      const r = rewardById.get(id);
      return r ? toReward(r) : undefined;
    },
    addReward: (r: RewardInput): number => Number(addReward.run(rewardParams(r)).lastInsertRowid),
    updateReward(id: number, r: RewardInput): void {
      if (updateReward.run({ ...rewardParams(r), id }).changes === 0) throw notFound('Reward');
    },
    deleteReward(id: number): void {
      if (deleteReward.run(id).changes === 0) throw notFound('Reward');
    },
  };
}

export type ProgrammeRepository = ReturnType<typeof createProgrammeRepository>;
