import { EntityManager } from 'typeorm';
import { currentWeights } from '../matching/matching-data';
import { todayIso } from '../matching/rescoring.service';
import {
  checkHardConstraints,
  haversineKm,
  HardConstraint,
  scorePair,
  ScoringPractice,
  ScoringStarter,
  urgency,
} from '../matching/scoring';

/** A pair scored as the worker scores it, with the hard constraints it fails (none hidden). */
export interface AssessedPair {
  starter: ScoringStarter;
  practice: ScoringPractice;
  distanceKm: number;
  failed: HardConstraint[];
  score: number;
  breakdown: unknown;
  weightsVersion: number;
}

export async function assessPair(
  m: EntityManager,
  starter: ScoringStarter,
  practice: ScoringPractice,
): Promise<AssessedPair> {
  const distanceKm = haversineKm(starter.homeLat, starter.homeLon, practice.lat, practice.lon);
  const failed = checkHardConstraints(starter, practice, distanceKm);
  const { version, weights } = await currentWeights(m);
  const scored = scorePair(starter, practice, distanceKm, weights);
  return {
    starter,
    practice,
    distanceKm,
    failed,
    score: scored.score,
    breakdown: scored.breakdown,
    weightsVersion: version,
  };
}

/**
 * Stores an assessed pair as a `suggested` match made outside the worker: a coordinator's proposal or a
 * party's request. Returns its id, or null when the pair already has a live match (the database's one live
 * match per pair decides a race).
 */
export async function insertAssessedPair(
  m: EntityManager,
  pair: AssessedPair,
  made: { origin: 'coordinator' | 'request'; requestedBy: 'starter' | 'stopper' | null },
): Promise<string | null> {
  const inserted = await m.query<Array<{ id: string }>>(
    `INSERT INTO matches (kind, starter_profile_id, practice_id, region_id, origin, requested_by, score, breakdown,
                          weights_version, distance_km, urgency, failed_constraints)
     VALUES ('pair', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (pair_key) WHERE status IN ('suggested', 'awaiting_consent', 'introduced') DO NOTHING
     RETURNING id`,
    [
      pair.starter.id,
      pair.practice.id,
      pair.practice.regionId,
      made.origin,
      made.requestedBy,
      pair.score,
      JSON.stringify(pair.breakdown),
      pair.weightsVersion,
      Math.round(pair.distanceKm * 10) / 10,
      urgency(pair.practice, todayIso()),
      pair.failed,
    ],
  );
  return inserted[0]?.id ?? null;
}
