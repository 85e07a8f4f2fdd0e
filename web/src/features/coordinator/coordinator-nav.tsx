import './coordinator.css';
import { NavLink } from 'react-router';
import { useI18n } from '../../lib/i18n/i18n';

/** The workspace's own menu: the queue, and the plan, practices, starters, numbers and more of one region. */
export function CoordinatorNav({ regionId }: { regionId: string | undefined }) {
  const { t } = useI18n();
  return (
    <nav className="sub-nav" aria-label={t('coord.nav.label')}>
      <ul>
        <li>
          <NavLink to="/coordinator" end>
            {t('coord.nav.queue')}
          </NavLink>
        </li>
        {regionId ? (
          <>
            <li>
              <NavLink to={`/coordinator/regions/${regionId}/plan`}>{t('coord.nav.plan')}</NavLink>
            </li>
            <li>
              <NavLink to={`/coordinator/regions/${regionId}/practices`}>{t('coord.nav.practices')}</NavLink>
            </li>
            <li>
              <NavLink to={`/coordinator/regions/${regionId}/starters`}>{t('coord.nav.starters')}</NavLink>
            </li>
            <li>
              <NavLink to={`/coordinator/regions/${regionId}/stats`}>{t('coord.nav.stats')}</NavLink>
            </li>
            <li>
              <NavLink to={`/coordinator/regions/${regionId}/propose`}>{t('coord.nav.propose')}</NavLink>
            </li>
            <li>
              <NavLink to={`/coordinator/regions/${regionId}/events`}>{t('coord.nav.events')}</NavLink>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}
