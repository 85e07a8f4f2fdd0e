import type { Translate } from '../../lib/i18n/i18n';
import { isFullPractice, isFullStarter, type CoordinatorMatch } from './api/coordinator';

/** "Starter and practice" (or the duo's three parties) as a coordinator reads them. */
export function matchTitle(t: Translate, m: CoordinatorMatch): string {
  const starter = isFullStarter(m.starter) ? m.starter.displayName : '';
  const practice = isFullPractice(m.practice) ? m.practice.name : m.practice.place;
  if (m.kind === 'duo' && isFullStarter(m.partner)) {
    return t('coord.match.duoTitle', { starter, partner: m.partner.displayName, practice });
  }
  return t('coord.match.title', { starter, practice });
}

/** The criteria with the most and the fewest points relative to their weight (none when all weigh 0). */
export function strongestWeakest(m: CoordinatorMatch): { strongest?: string; weakest?: string } {
  const weighed = m.breakdown.filter((b) => b.maxPoints > 0);
  if (weighed.length === 0) return {};
  const share = (b: { points: number; maxPoints: number }) => b.points / b.maxPoints;
  const sorted = [...weighed].sort((a, b) => share(b) - share(a) || b.maxPoints - a.maxPoints);
  return { strongest: sorted[0].criterion, weakest: sorted[sorted.length - 1].criterion };
}
