import { Link, useParams } from 'react-router';
import { Breakdown } from '../../components/ui/breakdown';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { isRevealedPractice, isRevealedStarter, useMatch, useRespond, type Match } from './api/matches';
import { matchTitle } from './matches-page';

function Contact({ match, role }: { match: Match; role: string }) {
  const { t } = useI18n();
  const other =
    role === 'starter'
      ? isRevealedPractice(match.practice)
        ? {
            name: match.practice.ownerName,
            email: match.practice.ownerEmail,
            phone: match.practice.ownerPhone,
          }
        : null
      : isRevealedStarter(match.starter)
        ? { name: match.starter.displayName, email: match.starter.email, phone: match.starter.phone }
        : null;
  if (!other) return null;
  return (
    <section className="card" aria-labelledby="contact" data-testid="contact">
      <h2 id="contact">{t('match.contact')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('match.name')}</dt>
          <dd>{other.name}</dd>
        </div>
        <div>
          <dt>{t('match.email')}</dt>
          <dd>
            <a href={`mailto:${other.email}`}>{other.email}</a>
          </dd>
        </div>
        <div>
          <dt>{t('match.phone')}</dt>
          <dd>{other.phone ? <a href={`tel:${other.phone}`}>{other.phone}</a> : t('match.noPhone')}</dd>
        </div>
      </dl>
    </section>
  );
}

function MatchView({ id, role }: { id: string; role: string }) {
  const { t } = useI18n();
  const match = useMatch(id);
  const respond = useRespond(id);
  if (match.isPending) return <Loading />;
  if (match.isError) return <ErrorState error={match.error} />;
  const m = match.data;
  return (
    <>
      <PageTitle title={matchTitle(t, m, role)}>{matchTitle(t, m, role)}</PageTitle>
      <p>
        <span className={`badge badge--${m.status}`}>{enumLabel(t, 'matchStatus', m.status)}</span>
      </p>
      {m.status === 'awaiting_consent' ? (
        <div className="callout">
          <p>{t('match.askAnswer')}</p>
          <p className="actions">
            <button
              type="button"
              className="button"
              disabled={respond.isPending}
              onClick={() => respond.mutate(true)}
            >
              {t('consent.accept')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={respond.isPending}
              onClick={() => respond.mutate(false)}
            >
              {t('consent.decline')}
            </button>
          </p>
          <FormError error={respond.error} />
        </div>
      ) : null}
      {m.status === 'introduced' || m.status === 'closed' ? <Contact match={m} role={role} /> : null}
      {m.breakdown.length > 0 ? <Breakdown score={m.score} items={m.breakdown} /> : null}
      <p>
        <Link to="/matches">{t('match.back')}</Link>
      </p>
    </>
  );
}

export function MatchPage() {
  const { id = '' } = useParams();
  return (
    <RequireRole roles={['starter', 'stopper']}>{(me) => <MatchView id={id} role={me.role} />}</RequireRole>
  );
}
