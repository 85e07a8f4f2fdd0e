import { Link } from 'react-router';
import { ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import type { Me } from '../../lib/auth/auth';
import { useI18n } from '../../lib/i18n/i18n';
import { useProfile } from './api/profile';

function Dashboard({ me }: { me: Me }) {
  const { t } = useI18n();
  const profile = useProfile();
  if (profile.isPending) return <Loading />;
  if (profile.isError) return <ErrorState error={profile.error} retry={() => void profile.refetch()} />;
  const state = !me.emailVerified
    ? 'unverified'
    : !profile.data
      ? 'none'
      : profile.data.active
        ? 'active'
        : 'paused';
  return (
    <>
      <p className="lead">{t('starter.hello', { name: me.displayName })}</p>
      <section className="card" aria-labelledby="profile-state">
        <h2 id="profile-state">{t('starter.profile')}</h2>
        <p data-testid="profile-state">{t(`starter.state.${state}`)}</p>
        {profile.data ? (
          <p>{t('starter.where', { place: profile.data.homePlace, km: profile.data.maxTravelKm })}</p>
        ) : null}
        <p>
          <Link className="button" to="/starter/wishes">
            {profile.data ? t('starter.editWishes') : t('starter.fillWishes')}
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="intros">
        <h2 id="intros">{t('matches.title')}</h2>
        <p>{t('starter.introsText')}</p>
        <p>
          <Link to="/matches">{t('starter.toIntros')}</Link>
        </p>
        <p>
          <Link to="/vacancies">{t('home.toBoard')}</Link>
        </p>
      </section>
    </>
  );
}

export function StarterDashboardPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('starter.title')}>{t('starter.title')}</PageTitle>
      <RequireRole roles={['starter']}>{(me) => <Dashboard me={me} />}</RequireRole>
    </>
  );
}
