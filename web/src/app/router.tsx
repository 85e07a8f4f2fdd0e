import { createBrowserRouter } from 'react-router';
import { HomePage } from '../features/public/home-page';
import { NotFoundPage } from '../features/public/not-found-page';
import { BoardPage } from '../features/board/board-page';
import { VacancyPage } from '../features/board/vacancy-page';
import { DashboardRedirect } from './dashboard-redirect';
import { Layout } from './layout';
import { RouteError } from './route-error';

/**
 * The public pages are in the main chunk; what only a signed-in starter or stopper opens loads as its own
 * chunk (`lazy`), so a visitor downloads none of it.
 */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'vacancies', element: <BoardPage /> },
      { path: 'dashboard', element: <DashboardRedirect /> },
      { path: 'vacancies/:id', element: <VacancyPage /> },
      {
        path: 'regions/:id',
        lazy: async () => ({ Component: (await import('../features/regions/region-page')).RegionPage }),
      },
      {
        path: 'privacy',
        lazy: async () => ({ Component: (await import('../features/public/privacy-page')).PrivacyPage }),
      },
      {
        path: 'register',
        lazy: async () => ({ Component: (await import('../features/auth/register-page')).RegisterPage }),
      },
      {
        path: 'login',
        lazy: async () => ({ Component: (await import('../features/auth/login-page')).LoginPage }),
      },
      {
        path: 'forgot-password',
        lazy: async () => ({
          Component: (await import('../features/auth/forgot-password-page')).ForgotPasswordPage,
        }),
      },
      {
        path: 'reset-password',
        lazy: async () => ({
          Component: (await import('../features/auth/reset-password-page')).ResetPasswordPage,
        }),
      },
      {
        path: 'verify-email',
        lazy: async () => ({
          Component: (await import('../features/auth/verify-email-page')).VerifyEmailPage,
        }),
      },
      {
        path: 'consent',
        lazy: async () => ({ Component: (await import('../features/links/consent-page')).ConsentPage }),
      },
      {
        path: 'still-looking',
        lazy: async () => ({
          Component: (await import('../features/links/still-looking-page')).StillLookingPage,
        }),
      },
      {
        path: 'follow-up',
        lazy: async () => ({ Component: (await import('../features/links/follow-up-page')).FollowUpPage }),
      },
      {
        path: 'unsubscribe',
        lazy: async () => ({
          Component: (await import('../features/links/unsubscribe-page')).UnsubscribePage,
        }),
      },
      {
        path: 'starter',
        lazy: async () => ({
          Component: (await import('../features/starter/starter-dashboard-page')).StarterDashboardPage,
        }),
      },
      {
        path: 'starter/wishes',
        lazy: async () => ({ Component: (await import('../features/starter/wishes-page')).WishesPage }),
      },
      {
        path: 'stopper',
        lazy: async () => ({
          Component: (await import('../features/stopper/stopper-dashboard-page')).StopperDashboardPage,
        }),
      },
      {
        path: 'stopper/practices/new',
        lazy: async () => ({
          Component: (await import('../features/stopper/practice-form-page')).PracticeFormPage,
        }),
      },
      {
        path: 'stopper/practices/:id',
        lazy: async () => ({
          Component: (await import('../features/stopper/practice-form-page')).PracticeFormPage,
        }),
      },
      {
        path: 'matches',
        lazy: async () => ({ Component: (await import('../features/matches/matches-page')).MatchesPage }),
      },
      {
        path: 'matches/:id',
        lazy: async () => ({ Component: (await import('../features/matches/match-page')).MatchPage }),
      },
      {
        path: 'account',
        lazy: async () => ({ Component: (await import('../features/account/account-page')).AccountPage }),
      },
      {
        path: 'coordinator',
        lazy: async () => ({ Component: (await import('../features/coordinator/queue-page')).QueuePage }),
      },
      {
        path: 'coordinator/matches/:id',
        lazy: async () => ({
          Component: (await import('../features/coordinator/coordinator-match-page')).CoordinatorMatchPage,
        }),
      },
      {
        path: 'coordinator/regions/:regionId/plan',
        lazy: async () => ({ Component: (await import('../features/coordinator/plan-page')).PlanPage }),
      },
      {
        path: 'coordinator/regions/:regionId/stats',
        lazy: async () => ({ Component: (await import('../features/coordinator/stats-page')).StatsPage }),
      },
      {
        path: 'coordinator/regions/:regionId/propose',
        lazy: async () => ({ Component: (await import('../features/coordinator/propose-page')).ProposePage }),
      },
      {
        path: 'coordinator/regions/:regionId/practices',
        lazy: async () => ({
          Component: (await import('../features/coordinator/practices-page')).PracticesPage,
        }),
      },
      {
        path: 'coordinator/regions/:regionId/starters',
        lazy: async () => ({
          Component: (await import('../features/coordinator/starters-page')).StartersPage,
        }),
      },
      {
        path: 'coordinator/practices/:id',
        lazy: async () => ({
          Component: (await import('../features/coordinator/practice-record-page')).PracticeRecordPage,
        }),
      },
      {
        path: 'coordinator/starters/:id',
        lazy: async () => ({
          Component: (await import('../features/coordinator/starter-record-page')).StarterRecordPage,
        }),
      },
      {
        path: 'coordinator/regions/:regionId/events',
        lazy: async () => ({ Component: (await import('../features/coordinator/events-page')).EventsPage }),
      },
      {
        path: 'events/:id',
        lazy: async () => ({ Component: (await import('../features/events/event-page')).EventPage }),
      },
      {
        path: 'admin',
        lazy: async () => ({ Component: (await import('../features/admin/admin-page')).AdminPage }),
      },
      {
        path: 'admin/regions',
        lazy: async () => ({
          Component: (await import('../features/admin/regions-page')).AdminRegionsPage,
        }),
      },
      {
        path: 'admin/regions/:id',
        lazy: async () => ({ Component: (await import('../features/admin/regions-page')).AdminRegionPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
