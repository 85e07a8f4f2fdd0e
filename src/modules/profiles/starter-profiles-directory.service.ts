import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { notFound } from '../../core/errors/domain-error';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import { folded, searchPattern } from '../../core/http/text-search';
import type { AuthUser } from '../auth/auth-user';
import { User } from '../users/user.entity';
import { CoordinatorStarterProfileView, ListStarterProfilesQuery } from './starter-profile.dto';
import { StarterProfile } from './starter-profile.entity';
import { toView } from './starter-profiles.service';
import { UUID } from '../vacancies/vacancy-query';

/** A starter belongs to a coordinator's regions when it lives there or names one among its preferred regions. */
const IN_REGIONS = (param: string): string =>
  `(s.home_region_id = ANY(${param}::uuid[]) OR s.preferred_region_ids && ${param}::uuid[])`;

/** The starters of a coordinator's regions, read-only (the starter alone changes their wishes). */
@Injectable()
export class StarterProfilesDirectoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: ListStarterProfilesQuery): Promise<Page<CoordinatorStarterProfileView>> {
    if (query.regionId && !user.regionIds.includes(query.regionId))
      throw notFound('REGION.NOT_FOUND', 'Region');
    const params: unknown[] = [query.regionId ? [query.regionId] : user.regionIds];
    const where = [IN_REGIONS('$1')];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (query.active) where.push(query.active === 'true' ? 's.active' : 'NOT s.active');
    if (query.lookingForDuoPartner)
      where.push(
        query.lookingForDuoPartner === 'true' ? 's.looking_for_duo_partner' : 'NOT s.looking_for_duo_partner',
      );
    if (query.practiceForm) where.push(`${param(query.practiceForm)} = ANY(s.practice_forms)`);
    if (query.careerStage) where.push(`s.career_stage = ${param(query.careerStage)}`);
    // The text search reads the owner's name and email and the home place: joined only when asked for.
    let from = 'starter_profiles s';
    if (query.q) {
      from += ' JOIN users u ON u.id = s.user_id JOIN places pl ON pl.postcode = s.home_postcode';
      const q = param(searchPattern(query.q));
      where.push(
        `(${folded('u.display_name')} LIKE ${q} OR lower(u.email) LIKE ${q} OR ${folded('pl.place')} LIKE ${q} OR s.home_postcode LIKE ${q})`,
      );
    }
    const filters = params.length;
    const rows = await this.dataSource.query<Array<{ id: string; total: string }>>(
      `SELECT s.id, count(*) OVER () AS total FROM ${from} WHERE ${where.join(' AND ')}
        ORDER BY s.updated_at DESC, s.id LIMIT ${param(query.pageSize)} OFFSET ${param(pageOffset(query))}`,
      params,
    );
    const total = rows[0]
      ? Number(rows[0].total)
      : (
          await this.dataSource.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`,
            params.slice(0, filters),
          )
        )[0].n;
    return toPage(
      await this.views(
        user,
        rows.map((r) => r.id),
      ),
      total,
      query,
    );
  }

  async get(user: AuthUser, id: string): Promise<CoordinatorStarterProfileView> {
    if (!UUID.test(id)) throw notFound('PROFILE.NOT_FOUND', 'Starter profile');
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT s.id FROM starter_profiles s WHERE s.id = $1 AND ${IN_REGIONS('$2')}`,
      [id, user.regionIds],
    );
    if (!rows[0]) throw notFound('PROFILE.NOT_FOUND', 'Starter profile');
    return (await this.views(user, [id]))[0];
  }

  /** The views of the given profiles, in the given order, with their owners and candidate counts. */
  private async views(user: AuthUser, ids: string[]): Promise<CoordinatorStarterProfileView[]> {
    if (ids.length === 0) return [];
    const m = this.dataSource.manager;
    const profiles = await m.getRepository(StarterProfile).findBy({ id: In(ids) });
    const users = await m.getRepository(User).findBy({ id: In(profiles.map((p) => p.userId)) });
    const extra = await m.query<Array<{ id: string; place: string; candidates: number }>>(
      `SELECT s.id, pl.place,
              (SELECT count(*)::int FROM matches x
                WHERE (x.starter_profile_id = s.id OR x.partner_profile_id = s.id)
                  AND x.status = 'suggested' AND x.region_id = ANY($2::uuid[])) AS candidates
         FROM starter_profiles s JOIN places pl ON pl.postcode = s.home_postcode WHERE s.id = ANY($1::uuid[])`,
      [ids, user.regionIds],
    );
    const byId = new Map(profiles.map((p) => [p.id, p]));
    const userById = new Map(users.map((u) => [u.id, u]));
    const extraById = new Map(extra.map((e) => [e.id, e]));
    return ids.map((id) => {
      const profile = byId.get(id)!;
      const owner = userById.get(profile.userId)!;
      const { place, candidates } = extraById.get(id)!;
      return {
        ...toView(profile, place),
        userId: owner.id,
        displayName: owner.displayName,
        email: owner.email,
        phone: owner.phone,
        emailVerified: owner.emailVerifiedAt !== null,
        candidates,
      };
    });
  }
}
