import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Field } from '../../components/ui/field';
import { PointsBar } from '../../components/ui/points-bar';
import { ErrorState, FormError, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { readableDates } from '../../lib/format/dates';
import { enumLabel } from '../../lib/format/labels';
import { useI18n, type MessageKey } from '../../lib/i18n/i18n';
import {
  isFullPractice,
  isFullStarter,
  useApprove,
  useCoordinatorMatch,
  useOutcome,
  useReject,
  type CoordinatorMatch,
  type MatchPractice,
  type MatchStarter,
} from './api/coordinator';
import { CoordinatorNav } from './coordinator-nav';
import { matchTitle } from './match-names';

function StarterCard({ s, heading }: { s: MatchStarter; heading: string }) {
  const { t, date } = useI18n();
  return (
    <section className="card" aria-label={heading}>
      <h2 className="card__title">
        {heading}: {s.displayName}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('coord.fact.email')}</dt>
          <dd>{s.email}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.phone')}</dt>
          <dd>{s.phone ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.home')}</dt>
          <dd>
            {s.homePlace} ({s.homePostcode})
          </dd>
        </div>
        <div>
          <dt>{t('coord.fact.days')}</dt>
          <dd>{t('coord.fact.daysRange', { min: s.daysPerWeekMin, max: s.daysPerWeekMax })}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.forms')}</dt>
          <dd>{s.practiceForms.map((f) => enumLabel(t, 'practiceForm', f)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.roles')}</dt>
          <dd>{s.roles.map((r) => enumLabel(t, 'successorRole', r)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.available')}</dt>
          <dd>{date(s.availableFrom)}</dd>
        </div>
      </dl>
      {s.about ? <p>{s.about}</p> : null}
      <p>
        <Link to={`/coordinator/starters/${s.profileId}`}>{t('coord.records.recordAndCandidates')}</Link>
      </p>
    </section>
  );
}

function PracticeCard({ p }: { p: MatchPractice }) {
  const { t, date, number } = useI18n();
  return (
    <section className="card" aria-label={t('coord.match.practice')}>
      <h2 className="card__title">
        {t('coord.match.practice')}: {p.name}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('coord.fact.owner')}</dt>
          <dd>
            {p.ownerName} ({p.ownerEmail})
          </dd>
        </div>
        <div>
          <dt>{t('coord.fact.place')}</dt>
          <dd>
            {p.place} ({p.postcode})
          </dd>
        </div>
        <div>
          <dt>{t('coord.fact.listSize')}</dt>
          <dd>{number(p.listSize)}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.form')}</dt>
          <dd>{enumLabel(t, 'practiceForm', p.practiceForm)}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.days')}</dt>
          <dd>{number(p.daysPerWeekNeeded, 1)}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.handover')}</dt>
          <dd>{t('coord.fact.handoverRange', { from: date(p.handoverFrom), to: date(p.handoverTo) })}</dd>
        </div>
        <div>
          <dt>{t('coord.fact.status')}</dt>
          <dd data-testid="practice-status">{enumLabel(t, 'status', p.status)}</dd>
        </div>
      </dl>
      {p.description ? <p>{p.description}</p> : null}
      <p>
        <Link to={`/coordinator/practices/${p.id}`}>{t('coord.records.recordAndCandidates')}</Link>
      </p>
    </section>
  );
}

function Breakdown({ m }: { m: CoordinatorMatch }) {
  const { t, number, date } = useI18n();
  return (
    <section aria-labelledby="breakdown">
      <h2 id="breakdown">{t('coord.match.breakdown')}</h2>
      <table className="table" data-testid="breakdown">
        <caption className="visually-hidden">{t('coord.match.breakdownCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('match.criterion')}</th>
            <th scope="col">{t('match.points')}</th>
            <th scope="col">{t('match.explanation')}</th>
          </tr>
        </thead>
        <tbody>
          {m.breakdown.map((b) => {
            const label = t('match.pointsOf', { points: number(b.points, 1), max: number(b.maxPoints, 1) });
            return (
              <tr key={b.criterion}>
                <th scope="row">{enumLabel(t, 'criterion', b.criterion)}</th>
                <td className="points-cell">
                  <PointsBar points={b.points} max={b.maxPoints} label={label} />
                  <span aria-hidden="true">{label}</span>
                </td>
                <td>{readableDates(b.explanation, date)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Why the practice is urgent: each factor's points out of its maximum, as the practice stands today. */
function UrgencyReasons({ m }: { m: CoordinatorMatch }) {
  const { t, number, date } = useI18n();
  if (!m.urgencyReasons?.length) return null;
  return (
    <section aria-labelledby="urgency-reasons">
      <h2 id="urgency-reasons">{t('coord.match.urgencyWhy')}</h2>
      <table className="table" data-testid="urgency-reasons">
        <caption className="visually-hidden">{t('coord.match.urgencyCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('coord.match.urgencyFactor')}</th>
            <th scope="col">{t('match.points')}</th>
            <th scope="col">{t('match.explanation')}</th>
          </tr>
        </thead>
        <tbody>
          {m.urgencyReasons.map((r) => {
            const label = t('match.pointsOf', { points: number(r.points, 1), max: number(r.maxPoints, 1) });
            return (
              <tr key={r.factor}>
                <th scope="row">{t(`coord.urgencyFactor.${r.factor}` as MessageKey)}</th>
                <td className="points-cell">
                  <PointsBar points={r.points} max={r.maxPoints} label={label} />
                  <span aria-hidden="true">{label}</span>
                </td>
                <td>{readableDates(r.explanation, date)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Timeline({ m }: { m: CoordinatorMatch }) {
  const { t, date } = useI18n();
  if (!m.events?.length) return null;
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{t('coord.match.timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {m.events.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <time dateTime={e.at}>{date(e.at)}</time>:{' '}
            {t('coord.match.eventLine', {
              to: t(`coord.status.${e.to}` as MessageKey),
              who: e.actorName ?? t('coord.match.system'),
            })}
            {/* A person's note is theirs to read; the worker's own (English, for the log) is not shown. */}
            {e.note && e.actorId ? <> — {e.note}</> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Decide({ m }: { m: CoordinatorMatch }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const approve = useApprove(m.id);
  const reject = useReject(m.id);
  const [rejecting, setRejecting] = useState(false);
  const error = rejecting ? reject.error : approve.error;
  return (
    <section className="callout" aria-labelledby="decide">
      <h2 id="decide">{t('coord.match.decide')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setRejecting(false);
          approve.mutate(note);
        }}
      >
        <Field
          name="note"
          label={rejecting ? t('coord.match.rejectNote') : t('coord.match.approveNote')}
          error={error}
        >
          {(c) => (
            <textarea
              {...c}
              rows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={2000}
            />
          )}
        </Field>
        <p className="actions">
          <button type="submit" className="button" disabled={approve.isPending || reject.isPending}>
            {t('coord.match.approve')}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={approve.isPending || reject.isPending}
            onClick={() => {
              setRejecting(true);
              reject.mutate(note);
            }}
          >
            {t('coord.match.reject')}
          </button>
        </p>
        <FormError error={error} />
      </form>
    </section>
  );
}

const OUTCOMES = ['agreement', 'no_fit', 'withdrawn'] as const;

function Outcome({ m }: { m: CoordinatorMatch }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('agreement');
  const [note, setNote] = useState('');
  const save = useOutcome(m.id);
  return (
    <section className="callout" aria-labelledby="outcome">
      <h2 id="outcome">{t('coord.match.outcome')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(note.trim() ? { outcome, note: note.trim() } : { outcome });
        }}
      >
        <Field name="outcome" label={t('coord.match.outcomeChoice')} error={save.error}>
          {(c) => (
            <select {...c} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`coord.match.outcome.${o}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="note" label={t('coord.match.outcomeNote')} error={save.error}>
          {(c) => <textarea {...c} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <p className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('coord.match.saveOutcome')}
          </button>
        </p>
        <FormError error={save.error} />
      </form>
    </section>
  );
}

function MatchView({ id, regionId }: { id: string; regionId: string | undefined }) {
  const { t, number } = useI18n();
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back ?? '';
  const match = useCoordinatorMatch(id);
  if (match.isPending) return <Loading />;
  if (match.isError) return <ErrorState error={match.error} retry={() => void match.refetch()} />;
  const m = match.data;
  const title = matchTitle(t, m);
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <CoordinatorNav regionId={regionId} />
      <p>
        <span className={`badge badge--${m.status}`} data-testid="match-status">
          {t(`coord.status.${m.status}` as MessageKey)}
        </span>
      </p>
      <div className="number-cards">
        <p className="card" data-testid="match-score">
          {t('coord.match.score', { score: number(m.score, 1) })}
        </p>
        <p className="card" data-testid="match-urgency">
          {t('coord.match.urgency', { urgency: number(m.urgency, 1) })}
        </p>
      </div>
      {m.inRegionalPlan ? <p>{t('coord.match.inPlan')}</p> : null}
      {m.status === 'suggested' ? <Decide m={m} /> : null}
      {m.status === 'introduced' ? <Outcome m={m} /> : null}
      {m.status !== 'suggested' && m.status !== 'introduced' ? (
        <p role="status">
          {m.status === 'awaiting_consent'
            ? t('coord.match.approved')
            : m.status === 'rejected'
              ? t('coord.match.rejected')
              : null}
        </p>
      ) : null}
      <Breakdown m={m} />
      <UrgencyReasons m={m} />
      <div className="columns">
        {isFullStarter(m.starter) ? <StarterCard s={m.starter} heading={t('coord.match.starter')} /> : null}
        {isFullStarter(m.partner) ? <StarterCard s={m.partner} heading={t('coord.match.partner')} /> : null}
        {isFullPractice(m.practice) ? <PracticeCard p={m.practice} /> : null}
      </div>
      <Timeline m={m} />
      <p>
        <Link to={`/coordinator${back}`}>{t('coord.match.back')}</Link>
      </p>
    </>
  );
}

export function CoordinatorMatchPage() {
  const { id = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {(me) => <MatchView id={id} regionId={me.regionIds[0]} />}
    </RequireRole>
  );
}
