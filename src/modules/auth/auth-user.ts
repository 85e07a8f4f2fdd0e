import type { Role } from '../users/user.entity';

/** Who is calling, as the JWT guard puts it on the request. */
export interface AuthUser {
  id: string;
  role: Role;
  emailVerified: boolean;
  /** The regions a coordinator works for; empty for everyone else. */
  regionIds: string[];
}
