import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../../lib/api/errors';
import { useI18n } from '../../lib/i18n/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state state--loading" role="status">
      {t('state.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state--empty">{children}</p>;
}

/** What went wrong, in the user's language, with the request id for support. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  const text =
    status === 404
      ? t('state.notFound')
      : status === 401
        ? t('state.signedOut')
        : status === 403
          ? t('state.forbidden')
          : t('state.error');
  return (
    <div className="state state--error" role="alert">
      <p>{text}</p>
      {error instanceof ApiError && error.body.requestId ? (
        <p className="muted">{t('state.requestId', { id: error.body.requestId })}</p>
      ) : null}
      {retry ? (
        <button type="button" className="button button--secondary" onClick={retry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** An error message for a form as a whole (a message the API gave without field details). */
export function FormError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const key =
    apiError?.code === 'AUTH.EMAIL_NOT_VERIFIED'
      ? 'formError.notVerified'
      : apiError?.status === 409
        ? 'formError.conflict'
        : apiError?.status === 429
          ? 'formError.rateLimited'
          : apiError?.status === 401
            ? 'formError.unauthorized'
            : apiError && apiError.body.details.length > 0
              ? 'formError.fields'
              : 'formError.generic';
  return (
    <p className="form-error" role="alert">
      {t(key)}
    </p>
  );
}

/** The page's h1, its document title, and focus on it after a navigation (for screen readers). */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · praktijkmatch`;
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Saved({ show }: { show: boolean }) {
  const { t } = useI18n();
  return (
    <span className="saved" role="status">
      {show ? t('form.saved') : ''}
    </span>
  );
}
