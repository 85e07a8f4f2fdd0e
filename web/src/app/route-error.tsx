import { ErrorState } from '../components/ui/states';
import { useRouteError } from 'react-router';

export function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="wrap">
      <ErrorState error={error} retry={() => window.location.reload()} />
    </main>
  );
}
