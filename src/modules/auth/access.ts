import { DomainError, notFound } from '../../core/errors/domain-error';
import type { AuthUser } from './auth-user';

/**
 * Region scoping for object routes: a coordinator of region A asking for an object of region B gets 404,
 * not 403, so ids cannot be probed for existence (DESIGN.md "Roles").
 */
export function canSeeRegion(user: AuthUser, regionId: string | null): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'coordinator' && regionId !== null && user.regionIds.includes(regionId);
}

export function assertRegion(user: AuthUser, regionId: string | null, code: string, what: string): void {
  if (!canSeeRegion(user, regionId)) throw notFound(code, what);
}

/** Activating a profile or publishing a practice needs a verified email. */
export function assertVerified(user: AuthUser): void {
  if (!user.emailVerified) {
    throw new DomainError(403, 'AUTH.EMAIL_NOT_VERIFIED', 'Verify your email address first');
  }
}
