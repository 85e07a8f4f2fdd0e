import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import {
  conflict,
  DomainError,
  ErrorDetail,
  notFound,
  validationFailed,
} from '../../core/errors/domain-error';
import { Page, pageOffset, toPage } from '../../core/http/pagination';
import { folded, searchPattern } from '../../core/http/text-search';
import { QUEUES } from '../../core/queue/jobs';
import { AuditService } from '../audit/audit.service';
import { assertVerified, canSeeRegion } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { PlacesService } from '../places/places.service';
import { todayInNl } from './iso-date';
import type { PracticeStatus } from './practice.constants';
import { CreatePracticeDto, ListPracticesQuery, PracticeView, UpdatePracticeDto } from './practice.dto';
import { Practice } from './practice.entity';
import { enqueueRescore, RescoreQueue } from './rescore-queue';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = (): DomainError => notFound('PRACTICE.NOT_FOUND', 'Practice');

/** Fields a correction may clear with null; every other field keeps a value once set. */
const NULLABLE_FIELDS = new Set(['address', 'his']);

/** Statuses a practice may be published from, and withdrawn from. */
const PUBLISHABLE: readonly PracticeStatus[] = ['draft', 'withdrawn'];
const WITHDRAWABLE: readonly PracticeStatus[] = ['published', 'in_talks'];

/**
 * Practices of stoppers. The owner does everything; a coordinator of the practice's region reads and
 * corrects it; an admin reads. Anyone else, a coordinator of another region included, gets 404.
 * Every change enqueues the practice's rescoring after its transaction committed.
 */
@Injectable()
export class PracticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.matching) private readonly queue: RescoreQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(user: AuthUser, dto: CreatePracticeDto): Promise<PracticeView> {
    assertHandoverWindow(dto.handoverFrom, dto.handoverTo);
    const practice = await this.dataSource.transaction(async (m) => {
      const place = await this.places.resolveField(dto.postcode, 'postcode', m);
      const entity = m.getRepository(Practice).create({
        ...fieldsOf(dto),
        ownerId: user.id,
        regionId: place.regionId!,
        place: place.place,
        krimp: place.krimp,
        status: 'draft',
        publishedAt: null,
      });
      const saved = await m.getRepository(Practice).save(entity);
      await this.record(m, user, 'practice.created', saved);
      return saved;
    });
    await this.rescore(practice.id);
    return toView(practice);
  }

  async list(user: AuthUser, query: ListPracticesQuery): Promise<Page<PracticeView>> {
    const qb = this.dataSource.getRepository(Practice).createQueryBuilder('p');
    if (user.role === 'stopper') qb.where('p.owner_id = :owner', { owner: user.id });
    else if (user.role === 'coordinator')
      qb.where('p.region_id = ANY(:regions)', { regions: user.regionIds });
    else if (user.role !== 'admin') qb.where('false');
    // Another region's id is as unknown to a coordinator as its practices (no existence oracle).
    if (query.regionId && user.role === 'coordinator' && !canSeeRegion(user, query.regionId))
      throw notFound('REGION.NOT_FOUND', 'Region');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.regionId) qb.andWhere('p.region_id = :regionId', { regionId: query.regionId });
    if (query.practiceForm) qb.andWhere('p.practice_form = :form', { form: query.practiceForm });
    if (query.krimp) qb.andWhere(query.krimp === 'true' ? 'p.krimp' : 'NOT p.krimp');
    if (query.handoverYear) {
      qb.andWhere(`p.handover_from <= make_date(:year, 12, 31) AND p.handover_to >= make_date(:year, 1, 1)`, {
        year: query.handoverYear,
      });
    }
    if (query.q) {
      // The holder's name too: a coordinator knows a practice by its doctor as often as by its name.
      const holder = `EXISTS (SELECT 1 FROM users u WHERE u.id = p.owner_id AND ${folded('u.display_name')} LIKE :q)`;
      qb.andWhere(
        `(${folded('p.name')} LIKE :q OR ${folded('p.place')} LIKE :q OR p.postcode LIKE :q OR ${holder})`,
        { q: searchPattern(query.q) },
      );
    }
    const [rows, total] = await qb
      .orderBy('p.handover_from', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .skip(pageOffset(query))
      .take(query.pageSize)
      .getManyAndCount();
    return toPage(rows.map(toView), total, query);
  }

  async get(user: AuthUser, id: string): Promise<PracticeView> {
    const practice = await this.load(this.dataSource.manager, user, id, false);
    return this.withOwner(user, toView(practice), practice.ownerId);
  }

  /** A coordinator's or admin's view of one practice carries the holder's name and contact. */
  private async withOwner(user: AuthUser, view: PracticeView, ownerId: string): Promise<PracticeView> {
    if (user.role === 'stopper') return view;
    const [owner] = await this.dataSource.query<Array<{ name: string; email: string; phone: string | null }>>(
      `SELECT display_name AS name, email, phone FROM users WHERE id = $1`,
      [ownerId],
    );
    return owner
      ? { ...view, ownerName: owner.name, ownerEmail: owner.email, ownerPhone: owner.phone }
      : view;
  }

  async update(user: AuthUser, id: string, dto: UpdatePracticeDto): Promise<PracticeView> {
    const practice = await this.dataSource.transaction(async (m) => {
      const current = await this.load(m, user, id, true);
      // Only the fields the body named: a DTO instance also carries the others, as undefined.
      const given = Object.fromEntries(
        Object.entries(dto).filter(([, v]) => v !== undefined),
      ) as UpdatePracticeDto;
      const nulls = Object.entries(given)
        .filter(([key, value]) => value === null && !NULLABLE_FIELDS.has(key))
        .map(([field]) => ({ field, message: `${field} may not be null` }));
      if (nulls.length)
        throw validationFailed(nulls, `Invalid fields: ${nulls.map((d) => d.field).join(', ')}`);
      assertHandoverWindow(
        given.handoverFrom ?? current.handoverFrom,
        given.handoverTo ?? current.handoverTo,
      );
      if (given.postcode !== undefined && given.postcode !== current.postcode) {
        const place = await this.places.resolveField(given.postcode, 'postcode', m);
        // A coordinator corrects within their regions; moving a practice out of them is not theirs to do.
        if (user.role === 'coordinator' && !canSeeRegion(user, place.regionId)) {
          throw validationFailed([{ field: 'postcode', message: 'postcode lies outside your regions' }]);
        }
        Object.assign(current, { regionId: place.regionId!, place: place.place, krimp: place.krimp });
      }
      Object.assign(current, fieldsOf({ ...fieldsOfView(current), ...given }));
      if (current.status === 'published' || current.status === 'in_talks') assertComplete(current);
      const saved = await m.getRepository(Practice).save(current);
      await this.record(m, user, 'practice.updated', saved, { fields: Object.keys(given) });
      return saved;
    });
    await this.rescore(practice.id);
    return this.withOwner(user, toView(practice), practice.ownerId);
  }

  async publish(user: AuthUser, id: string): Promise<PracticeView> {
    assertVerified(user);
    const practice = await this.transition(user, id, PUBLISHABLE, 'published', 'practice.published', (p) => {
      assertComplete(p);
      p.publishedAt = new Date();
    });
    return toView(practice);
  }

  async withdraw(user: AuthUser, id: string): Promise<PracticeView> {
    return toView(await this.transition(user, id, WITHDRAWABLE, 'withdrawn', 'practice.withdrawn'));
  }

  /**
   * Erases a draft that never had matches; anything else that may be referenced (a practice that was
   * published, or that has matches) is withdrawn instead, so matches and statistics keep their subject.
   */
  async remove(user: AuthUser, id: string): Promise<void> {
    const withdrawn = await this.dataSource.transaction(async (m) => {
      const practice = await this.load(m, user, id, true);
      if (practice.status === 'transferred') {
        throw conflict(
          'PRACTICE.INVALID_STATUS',
          'A transferred practice is kept as the record of its handover',
        );
      }
      if (practice.status === 'draft' && !(await hasMatches(m, practice.id))) {
        await m.getRepository(Practice).delete({ id: practice.id });
        await this.record(m, user, 'practice.deleted', practice);
        return false;
      }
      if (practice.status === 'withdrawn') return false;
      practice.status = 'withdrawn';
      await m.getRepository(Practice).save(practice);
      await this.record(m, user, 'practice.withdrawn', practice, { via: 'delete' });
      return true;
    });
    if (withdrawn) await this.rescore(id);
  }

  private async transition(
    user: AuthUser,
    id: string,
    from: readonly PracticeStatus[],
    to: PracticeStatus,
    action: string,
    check?: (p: Practice) => void,
  ): Promise<Practice> {
    const practice = await this.dataSource.transaction(async (m) => {
      const current = await this.load(m, user, id, true);
      if (!from.includes(current.status)) {
        throw conflict(
          'PRACTICE.INVALID_STATUS',
          `A ${current.status} practice cannot become ${to} (only from ${from.join(' or ')})`,
        );
      }
      check?.(current);
      const previous = current.status;
      current.status = to;
      const saved = await m.getRepository(Practice).save(current);
      await this.record(m, user, action, saved, { from: previous });
      return saved;
    });
    await this.rescore(practice.id);
    return practice;
  }

  /** The practice if the caller may see it; 404 otherwise (no existence oracle), locked when writing. */
  private async load(m: EntityManager, user: AuthUser, id: string, lock: boolean): Promise<Practice> {
    if (!UUID.test(id)) throw NOT_FOUND();
    const practice = await m.getRepository(Practice).findOne({
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!practice) throw NOT_FOUND();
    const visible =
      user.role === 'stopper' ? practice.ownerId === user.id : canSeeRegion(user, practice.regionId);
    if (!visible) throw NOT_FOUND();
    return practice;
  }

  private async record(
    m: EntityManager,
    user: AuthUser,
    action: string,
    practice: Practice,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record(m, {
      actorId: user.id,
      action,
      targetType: 'practice',
      targetId: practice.id,
      details: { ...details, status: practice.status, regionId: practice.regionId },
    });
  }

  private rescore(practiceId: string): Promise<void> {
    return enqueueRescore(this.queue, this.logger, { practiceId });
  }
}

/** Matches are another feature's table; until it exists a practice has none. */
async function hasMatches(m: EntityManager, practiceId: string): Promise<boolean> {
  const [{ present }] = await m.query<Array<{ present: boolean }>>(
    `SELECT to_regclass('public.matches') IS NOT NULL AS present`,
  );
  if (!present) return false;
  const rows = await m.query<unknown[]>(`SELECT 1 FROM matches WHERE practice_id = $1 LIMIT 1`, [practiceId]);
  return rows.length > 0;
}

function assertHandoverWindow(from: string, to: string): void {
  if (to < from)
    throw validationFailed([{ field: 'handoverTo', message: 'handoverTo must not be before handoverFrom' }]);
}

/** What a listing needs before the public sees it: some description, and a handover window still ahead. */
function assertComplete(p: Practice): void {
  const details: ErrorDetail[] = [];
  if (p.name.trim() === '') details.push({ field: 'name', message: 'name must not be empty' });
  if (p.description.trim() === '') {
    details.push({ field: 'description', message: 'describe the practice before publishing it' });
  }
  if (p.handoverTo < todayInNl())
    details.push({ field: 'handoverTo', message: 'handoverTo lies in the past' });
  if (details.length) {
    throw new DomainError(
      HttpStatus.BAD_REQUEST,
      'PRACTICE.INCOMPLETE',
      'The listing is not complete',
      details,
    );
  }
}

/** The columns a body sets, flattened from the contract's shape (`staff` becomes four columns). */
function fieldsOf(dto: CreatePracticeDto): Partial<Practice> {
  return {
    name: dto.name,
    showNamePublicly: dto.showNamePublicly,
    postcode: dto.postcode,
    address: dto.address ?? null,
    listSize: dto.listSize,
    practiceForm: dto.practiceForm,
    gpCount: dto.gpCount,
    daysPerWeekNeeded: dto.daysPerWeekNeeded,
    setting: dto.setting,
    successorRoles: dto.successorRoles,
    handoverFrom: dto.handoverFrom,
    handoverTo: dto.handoverTo,
    transitionMonthsOffered: dto.transitionMonthsOffered,
    dispensing: dto.dispensing,
    isTrainingPractice: dto.isTrainingPractice,
    anwHoursPerMonth: dto.anwHoursPerMonth,
    pohSomaticFte: dto.staff.pohSomaticFte,
    pohMentalHealthFte: dto.staff.pohMentalHealthFte,
    assistantsFte: dto.staff.assistantsFte,
    paOrNpFte: dto.staff.paOrNpFte,
    building: dto.building,
    his: dto.his ?? null,
    description: dto.description,
  };
}

function fieldsOfView(p: Practice): CreatePracticeDto {
  const {
    id: _id,
    status: _s,
    regionId: _r,
    place: _p,
    krimp: _k,
    publishedAt: _pa,
    createdAt: _c,
    updatedAt: _u,
    ...body
  } = toView(p);
  return body;
}

export function toView(p: Practice): PracticeView {
  return {
    id: p.id,
    status: p.status,
    name: p.name,
    showNamePublicly: p.showNamePublicly,
    postcode: p.postcode,
    regionId: p.regionId,
    place: p.place,
    address: p.address,
    listSize: p.listSize,
    practiceForm: p.practiceForm,
    gpCount: p.gpCount,
    daysPerWeekNeeded: p.daysPerWeekNeeded,
    setting: p.setting,
    successorRoles: p.successorRoles,
    handoverFrom: p.handoverFrom,
    handoverTo: p.handoverTo,
    transitionMonthsOffered: p.transitionMonthsOffered,
    dispensing: p.dispensing,
    isTrainingPractice: p.isTrainingPractice,
    anwHoursPerMonth: p.anwHoursPerMonth,
    staff: {
      pohSomaticFte: p.pohSomaticFte,
      pohMentalHealthFte: p.pohMentalHealthFte,
      assistantsFte: p.assistantsFte,
      paOrNpFte: p.paOrNpFte,
    },
    building: p.building,
    his: p.his,
    description: p.description,
    krimp: p.krimp,
    publishedAt: p.publishedAt ? p.publishedAt.toISOString() : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
