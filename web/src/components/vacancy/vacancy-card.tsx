import { Link } from 'react-router';
import type { components } from '../../lib/api/schema';
import { useI18n } from '../../lib/i18n/i18n';
import { enumLabel } from '../../lib/format/labels';

export type Vacancy = components['schemas']['VacancyView'] & { distanceKm?: number };

/**
 * A practice as the public board shows it. The stopper's live preview renders this same component, so
 * what they see is exactly what the board will show.
 */
export function VacancyCard({ vacancy, link = true }: { vacancy: Vacancy; link?: boolean }) {
  const { t, date, number } = useI18n();
  const title = vacancy.practiceName
    ? vacancy.practiceName
    : t('vacancy.cardTitle', {
        form: enumLabel(t, 'practiceForm', vacancy.practiceForm),
        place: vacancy.place,
      });
  const staff = vacancy.staff;
  return (
    <article className="card vacancy-card">
      <h3 className="card__title">{link ? <Link to={`/vacancies/${vacancy.id}`}>{title}</Link> : title}</h3>
      {vacancy.practiceName ? (
        <p className="muted">
          {t('vacancy.cardTitle', {
            form: enumLabel(t, 'practiceForm', vacancy.practiceForm),
            place: vacancy.place,
          })}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>{t('vacancy.listSize')}</dt>
          <dd>{enumLabel(t, 'listSizeBand', vacancy.listSizeBand)}</dd>
        </div>
        <div>
          <dt>{t('vacancy.handover')}</dt>
          <dd>{t('vacancy.window', { from: date(vacancy.handoverFrom), to: date(vacancy.handoverTo) })}</dd>
        </div>
        <div>
          <dt>{t('vacancy.roles')}</dt>
          <dd>{vacancy.successorRoles.map((r) => enumLabel(t, 'successorRole', r)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('vacancy.days')}</dt>
          <dd>{t('vacancy.daysValue', { n: number(vacancy.daysPerWeekNeeded, 1), gps: vacancy.gpCount })}</dd>
        </div>
        <div>
          <dt>{t('vacancy.staff')}</dt>
          <dd>
            {t('vacancy.staffValue', {
              poh: number(staff.pohSomaticFte + staff.pohMentalHealthFte, 1),
              assistants: number(staff.assistantsFte, 1),
            })}
          </dd>
        </div>
        {vacancy.distanceKm !== undefined ? (
          <div>
            <dt>{t('vacancy.distance')}</dt>
            <dd>{t('vacancy.km', { n: number(vacancy.distanceKm) })}</dd>
          </div>
        ) : null}
      </dl>
      <ul className="tags">
        <li>{enumLabel(t, 'setting', vacancy.setting)}</li>
        {vacancy.dispensing ? <li>{t('vacancy.dispensing')}</li> : null}
        {vacancy.isTrainingPractice ? <li>{t('vacancy.training')}</li> : null}
        {vacancy.transitionMonthsOffered > 0 ? (
          <li>{t('vacancy.transition', { n: vacancy.transitionMonthsOffered })}</li>
        ) : null}
      </ul>
      {vacancy.description ? <p className="card__text">{vacancy.description}</p> : null}
    </article>
  );
}
