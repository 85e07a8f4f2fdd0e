import { readableDates } from '../../lib/format/dates';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import type { components } from '../../lib/api/schema';

type BreakdownItem = components['schemas']['BreakdownItemDto'];

/** Why a pair fits: one row per criterion with its points as a meter and its one-line explanation. */
export function Breakdown({ score, items }: { score: number; items: BreakdownItem[] }) {
  const { t, number, date } = useI18n();
  return (
    <section aria-labelledby="why">
      <h2 id="why">{t('match.why', { score: number(score) })}</h2>
      <table className="table">
        <caption className="visually-hidden">{t('match.breakdownCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('match.criterion')}</th>
            <th scope="col">{t('match.points')}</th>
            <th scope="col">{t('match.explanation')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.criterion}>
              <th scope="row">{enumLabel(t, 'criterion', b.criterion)}</th>
              <td>
                <meter
                  min={0}
                  max={b.maxPoints}
                  value={b.points}
                  aria-label={t('match.pointsOf', { points: number(b.points, 1), max: number(b.maxPoints) })}
                />{' '}
                {t('match.pointsOf', { points: number(b.points, 1), max: number(b.maxPoints) })}
              </td>
              <td>{readableDates(b.explanation, date)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
