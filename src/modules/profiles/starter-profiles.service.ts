import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { LOGGER } from '../../core/core.module';
import { ErrorDetail, notFound, validationFailed } from '../../core/errors/domain-error';
import { QUEUES } from '../../core/queue/jobs';
import { AuditService } from '../audit/audit.service';
import { assertVerified } from '../auth/access';
import type { AuthUser } from '../auth/auth-user';
import { PlacesService } from '../places/places.service';
import { enqueueRescore, RescoreQueue } from '../practices/rescore-queue';
import { PutStarterProfileDto, StarterProfileView } from './starter-profile.dto';
import { StarterProfile } from './starter-profile.entity';

const UNIQUE_VIOLATION = '23505';

/** The caller's own starter profile: read it, or create or replace it whole. */
@Injectable()
export class StarterProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.matching) private readonly queue: RescoreQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async get(user: AuthUser): Promise<StarterProfileView> {
    const profile = await this.dataSource.getRepository(StarterProfile).findOneBy({ userId: user.id });
    if (!profile) throw notFound('PROFILE.NOT_FOUND', 'Starter profile');
    return toView(profile, await this.placeName(this.dataSource.manager, profile.homePostcode));
  }

  async put(user: AuthUser, dto: PutStarterProfileDto): Promise<StarterProfileView> {
    if (dto.active) assertVerified(user);
    if (dto.daysPerWeekMin > dto.daysPerWeekMax) {
      const message = 'daysPerWeekMin must not be more than daysPerWeekMax';
      throw validationFailed([
        { field: 'daysPerWeekMin', message },
        { field: 'daysPerWeekMax', message },
      ]);
    }
    let result: { profile: StarterProfile; place: string; created: boolean };
    try {
      result = await this.save(user, dto);
    } catch (err) {
      // Two first PUTs at once: the loser of the unique user_id replaces what the winner created.
      if (
        !(err instanceof QueryFailedError) ||
        (err.driverError as { code?: string }).code !== UNIQUE_VIOLATION
      ) {
        throw err;
      }
      result = await this.save(user, dto);
    }
    await enqueueRescore(this.queue, this.logger, { starterProfileId: result.profile.id });
    return toView(result.profile, result.place);
  }

  private save(
    user: AuthUser,
    dto: PutStarterProfileDto,
  ): Promise<{ profile: StarterProfile; place: string; created: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const home = await this.places.resolveField(dto.homePostcode, 'homePostcode', m);
      await assertRegionsExist(m, dto);
      const repo = m.getRepository(StarterProfile);
      const existing = await repo.findOne({
        where: { userId: user.id },
        lock: { mode: 'pessimistic_write' },
      });
      const profile = existing ?? repo.create({ userId: user.id });
      Object.assign(profile, {
        careerStage: dto.careerStage,
        homePostcode: dto.homePostcode,
        homeRegionId: home.regionId!,
        maxTravelKm: dto.maxTravelKm,
        preferredRegionIds: dto.preferredRegionIds,
        daysPerWeekMin: dto.daysPerWeekMin,
        daysPerWeekMax: dto.daysPerWeekMax,
        practiceForms: dto.practiceForms,
        roles: dto.roles,
        availableFrom: dto.availableFrom,
        transitionMonthsWanted: dto.transitionMonthsWanted,
        setting: dto.setting,
        dispensingOk: dto.dispensingOk,
        anwHoursPerMonthMax: dto.anwHoursPerMonthMax,
        wantsTrainingPractice: dto.wantsTrainingPractice,
        trainingRegionId: dto.trainingRegionId,
        lookingForDuoPartner: dto.lookingForDuoPartner,
        partnerNeedsWork: dto.partnerNeedsWork,
        about: dto.about,
        active: dto.active,
        alertsEnabled: dto.alerts.enabled,
        alertsMinScore: dto.alerts.minScore,
        // Saving the profile is as good an answer to "still looking?" as the probe's link.
        lastConfirmedAt: new Date(),
      } satisfies Partial<StarterProfile>);
      const saved = await repo.save(profile);
      await this.audit.record(m, {
        actorId: user.id,
        action: existing ? 'starter_profile.replaced' : 'starter_profile.created',
        targetType: 'starter_profile',
        targetId: saved.id,
        details: { active: saved.active, homeRegionId: saved.homeRegionId },
      });
      return { profile: saved, place: home.place, created: !existing };
    });
  }

  private async placeName(m: EntityManager, postcode: string): Promise<string> {
    const rows = await m.query<Array<{ place: string }>>(`SELECT place FROM places WHERE postcode = $1`, [
      postcode,
    ]);
    return rows[0]?.place ?? '';
  }
}

/** Preferred and training regions must be regions that exist (ids are validated as uuids by the DTO). */
async function assertRegionsExist(m: EntityManager, dto: PutStarterProfileDto): Promise<void> {
  const wanted = [...dto.preferredRegionIds, ...(dto.trainingRegionId ? [dto.trainingRegionId] : [])];
  if (wanted.length === 0) return;
  const rows = await m.query<Array<{ id: string }>>(`SELECT id FROM regions WHERE id = ANY($1::uuid[])`, [
    wanted,
  ]);
  const known = new Set(rows.map((r) => r.id));
  const details: ErrorDetail[] = [];
  dto.preferredRegionIds.forEach((id, i) => {
    if (!known.has(id))
      details.push({ field: 'preferredRegionIds', message: `preferredRegionIds[${i}] is no region` });
  });
  if (dto.trainingRegionId && !known.has(dto.trainingRegionId)) {
    details.push({ field: 'trainingRegionId', message: 'trainingRegionId is no region' });
  }
  if (details.length) throw validationFailed(details, `Unknown regions`);
}

export function toView(p: StarterProfile, homePlace: string): StarterProfileView {
  return {
    id: p.id,
    careerStage: p.careerStage,
    homePostcode: p.homePostcode,
    homePlace,
    homeRegionId: p.homeRegionId,
    maxTravelKm: p.maxTravelKm,
    preferredRegionIds: p.preferredRegionIds,
    daysPerWeekMin: p.daysPerWeekMin,
    daysPerWeekMax: p.daysPerWeekMax,
    practiceForms: p.practiceForms,
    roles: p.roles,
    availableFrom: p.availableFrom,
    transitionMonthsWanted: p.transitionMonthsWanted,
    setting: p.setting,
    dispensingOk: p.dispensingOk,
    anwHoursPerMonthMax: p.anwHoursPerMonthMax,
    wantsTrainingPractice: p.wantsTrainingPractice,
    trainingRegionId: p.trainingRegionId,
    lookingForDuoPartner: p.lookingForDuoPartner,
    partnerNeedsWork: p.partnerNeedsWork,
    about: p.about,
    active: p.active,
    alerts: { enabled: p.alertsEnabled, minScore: p.alertsMinScore },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
