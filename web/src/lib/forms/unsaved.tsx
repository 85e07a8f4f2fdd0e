import { useEffect } from 'react';
import { useBlocker, type Blocker } from 'react-router';
import { useI18n } from '../i18n/i18n';

/**
 * While `dirty`, leaving the page asks first: in-app navigation through the router's blocker (rendered by
 * UnsavedDialog), closing or reloading the tab through the browser's own dialog.
 */
export function useUnsavedChanges(dirty: boolean): Blocker {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return blocker;
}

export function UnsavedDialog({ blocker }: { blocker: Blocker }) {
  const { t } = useI18n();
  if (blocker.state !== 'blocked') return null;
  return (
    <div className="callout callout--warning" role="alertdialog" aria-labelledby="unsaved-title">
      <p id="unsaved-title">{t('form.unsaved')}</p>
      <p className="actions">
        <button type="button" className="button" onClick={() => blocker.reset()}>
          {t('form.stay')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => blocker.proceed()}>
          {t('form.leave')}
        </button>
      </p>
    </div>
  );
}
