import { useMutation } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { Loading } from '../components/ui/states';
import { api } from '../lib/api/client';
import { useSession } from '../lib/auth/auth';
import { logout } from '../lib/auth/session';
import { useI18n } from '../lib/i18n/i18n';
import type { Locale } from '../lib/i18n/locale';

function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const { status } = useSession();
  const save = useMutation({
    mutationFn: (next: Locale) => api.PATCH('/api/me', { body: { locale: next } }),
  });
  const next: Locale = locale === 'nl' ? 'en' : 'nl';
  return (
    <button
      type="button"
      className="button button--link"
      lang={next}
      onClick={() => {
        setLocale(next);
        // Remembered in the account too, so mail and explanations come in the same language.
        if (status === 'signed-in') save.mutate(next);
      }}
    >
      {t('nav.otherLanguage')}
    </button>
  );
}

function AccountNav() {
  const { t } = useI18n();
  const { status, me } = useSession();
  const navigate = useNavigate();
  if (status === 'loading') return null;
  if (status !== 'signed-in' || !me) {
    return (
      <>
        <li>
          <NavLink to="/login">{t('nav.login')}</NavLink>
        </li>
        <li>
          <NavLink to="/register">{t('nav.register')}</NavLink>
        </li>
      </>
    );
  }
  const home = me.role === 'stopper' ? '/stopper' : '/starter';
  return (
    <>
      {me.role === 'starter' || me.role === 'stopper' ? (
        <li>
          <NavLink to={home}>{t('nav.dashboard')}</NavLink>
        </li>
      ) : null}
      <li>
        <NavLink to="/account">{t('nav.account')}</NavLink>
      </li>
      <li>
        <button
          type="button"
          className="button button--link"
          onClick={() => void logout().finally(() => void navigate('/'))}
        >
          {t('nav.logout')}
        </button>
      </li>
    </>
  );
}

export function Layout() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="wrap site-header__inner">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <nav aria-label={t('nav.label')}>
            <ul className="nav">
              <li>
                <NavLink to="/vacancies">{t('nav.board')}</NavLink>
              </li>
              <AccountNav />
              <li>
                <LanguageSwitch />
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="wrap">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>{t('footer.tagline')}</p>
          <p>
            <Link to="/privacy">{t('nav.privacy')}</Link>
          </p>
        </div>
      </footer>
    </>
  );
}
