import { Link, useParams, useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading, PageTitle } from '../../components/ui/states';
import { RequireRole } from '../../lib/auth/require-role';
import { enumLabel } from '../../lib/format/labels';
import { useI18n } from '../../lib/i18n/i18n';
import { usePlan } from './api/coordinator';
import { CoordinatorNav } from './coordinator-nav';
import { Pager } from './records-ui';

function PlanView({ regionId }: { regionId: string }) {
  const { t, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const plan = usePlan(regionId, page);
  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorState error={plan.error} retry={() => void plan.refetch()} />;
  const p = plan.data;
  return (
    <>
      <div className="number-cards">
        <p className="card" data-testid="plan-suggestions">
          {t('coord.plan.suggestions')}: <strong>{number(p.suggestions)}</strong>
        </p>
        <p className="card" data-testid="plan-covered">
          {t('coord.plan.patientsCovered')}: <strong>{number(p.patientsCovered)}</strong>
        </p>
        <p className="card" data-testid="plan-left">
          {t('coord.plan.patientsLeft')}: <strong>{number(p.patientsLeft)}</strong>
        </p>
      </div>
      <p>
        <Link to={`/coordinator?regionId=${regionId}&inRegionalPlan=true`}>
          {t('coord.plan.toSuggestions')}
        </Link>
      </p>
      <section aria-labelledby="practices-left">
        <h2 id="practices-left">{t('coord.plan.practicesLeft', { total: p.practicesLeft.total })}</h2>
        {p.practicesLeft.items.length === 0 ? (
          <Empty>{t('coord.plan.noneLeft')}</Empty>
        ) : (
          <table className="table" data-testid="practices-left">
            <thead>
              <tr>
                <th scope="col">{t('coord.queue.practice')}</th>
                <th scope="col">{t('coord.fact.listSize')}</th>
                <th scope="col">{t('coord.plan.patientsLeft')}</th>
                <th scope="col">{t('coord.plan.candidates')}</th>
              </tr>
            </thead>
            <tbody>
              {p.practicesLeft.items.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    {`${x.name}, ${x.place}`}
                    <br />
                    <span className="muted">
                      {t('coord.plan.seats', { filled: x.seatsFilled, seats: x.seats })}
                    </span>
                  </th>
                  <td>{number(x.listSize)}</td>
                  <td>{number(x.patientsLeft)}</td>
                  <td>
                    <Link to={`/coordinator/practices/${x.id}`}>
                      {t('coord.plan.showCandidates', { n: x.candidates })}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="starters-left">
        <h2 id="starters-left">{t('coord.plan.startersLeft', { total: p.startersLeft.total })}</h2>
        {p.startersLeft.items.length === 0 ? (
          <Empty>{t('coord.plan.noneLeft')}</Empty>
        ) : (
          <table className="table" data-testid="starters-left">
            <thead>
              <tr>
                <th scope="col">{t('coord.queue.starter')}</th>
                <th scope="col">{t('coord.fact.home')}</th>
                <th scope="col">{t('coord.plan.candidates')}</th>
              </tr>
            </thead>
            <tbody>
              {p.startersLeft.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.displayName}{' '}
                    <span className="muted">({enumLabel(t, 'careerStage', s.careerStage)})</span>
                  </th>
                  <td>
                    {s.place} ({s.homePostcode})
                  </td>
                  <td>
                    <Link to={`/coordinator/starters/${s.id}`}>
                      {t('coord.plan.showCandidates', { n: s.candidates })}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Pager
        page={page}
        total={Math.max(p.practicesLeft.total, p.startersLeft.total)}
        pageSize={p.pageSize}
        onPage={(n) => setParams({ page: String(n) })}
      />
    </>
  );
}

export function PlanPage() {
  const { t } = useI18n();
  const { regionId = '' } = useParams();
  return (
    <RequireRole roles={['coordinator', 'admin']}>
      {() => (
        <>
          <PageTitle title={t('coord.plan.title')}>{t('coord.plan.title')}</PageTitle>
          <CoordinatorNav regionId={regionId} />
          <p className="lead">{t('coord.plan.lead')}</p>
          <PlanView regionId={regionId} />
        </>
      )}
    </RequireRole>
  );
}
