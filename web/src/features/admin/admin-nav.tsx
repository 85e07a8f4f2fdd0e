import { NavLink } from 'react-router';
import { useI18n } from '../../lib/i18n/i18n';

/** The console's own menu: the console itself and the regions. */
export function AdminNav() {
  const { t } = useI18n();
  return (
    <nav className="sub-nav" aria-label={t('admin.nav.label')}>
      <ul>
        <li>
          <NavLink to="/admin" end>
            {t('admin.nav.console')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/admin/regions">{t('admin.nav.regions')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
