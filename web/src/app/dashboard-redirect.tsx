import { Navigate } from 'react-router';
import { Loading } from '../components/ui/states';
import { useSession } from '../lib/auth/auth';

/** After logging in: the starter's or stopper's own dashboard, the account page for anyone else. */
export function DashboardRedirect() {
  const { status, me } = useSession();
  if (status === 'loading') return <Loading />;
  if (!me) return <Navigate to="/login" replace />;
  const to = me.role === 'starter' ? '/starter' : me.role === 'stopper' ? '/stopper' : '/account';
  return <Navigate to={to} replace />;
}
