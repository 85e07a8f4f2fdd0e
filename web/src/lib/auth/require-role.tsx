import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, Loading } from '../../components/ui/states';
import { ApiError } from '../api/errors';
import { useSession, type Me } from './auth';

/** Renders its children for a signed-in account of one of the roles; a visitor goes to log in and back. */
export function RequireRole({
  roles,
  children,
}: {
  roles: Array<Me['role']>;
  children: (me: Me) => ReactNode;
}) {
  const { status, me } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous' || !me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!roles.includes(me.role)) {
    return (
      <ErrorState
        error={
          new ApiError(403, { statusCode: 403, error: '', code: 'AUTH.FORBIDDEN', message: '', details: [] })
        }
      />
    );
  }
  return <>{children(me)}</>;
}
