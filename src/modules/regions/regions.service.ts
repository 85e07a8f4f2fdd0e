import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  conflict,
  DomainError,
  ErrorDetail,
  notFound,
  validationFailed,
} from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import {
  AdminRegionDto,
  CreateRegionDto,
  KrimpRangeDto,
  KrimpRangeViewDto,
  Pc4RangeDto,
  Pc4RangeViewDto,
  RegionDto,
  RegionPageDto,
  UpdateRegionDto,
} from './region.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A syntactically valid uuid; anything else can name no row (and would make PostgreSQL raise). */
export const isUuid = (value: string): boolean => UUID.test(value);

const regionNotFound = (): DomainError => notFound('REGION.NOT_FOUND', 'Region');

/**
 * `from <= to` spans two fields, so class-validator cannot say it; the detail names the range
 * (`pc4Ranges.1`, or `1` for a list that is the whole body).
 */
export function assertRangesOrdered(ranges: Pc4RangeDto[], field: string): void {
  const details: ErrorDetail[] = ranges
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.from > r.to)
    .map(({ r, i }) => ({
      field: field ? `${field}.${i}` : String(i),
      message: `from (${r.from}) must not be greater than to (${r.to})`,
    }));
  if (details.length)
    throw validationFailed(details, `Invalid fields: ${details.map((d) => d.field).join(', ')}`);
}

interface RegionRow {
  id: string;
  code: string;
  name: string;
  description: string;
  promotion: string;
}

/**
 * Regions as data: the public list and region pages, and the admin's changes to regions and krimp ranges.
 * Which region a postcode falls in is decided by `region_for_pc4` (narrowest range wins), so reshaping a
 * region here takes effect for every later lookup without code.
 */
@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RegionDto[]> {
    return await this.dataSource.query<RegionDto[]>(
      `SELECT id, code, name, description FROM regions ORDER BY name, code`,
    );
  }

  /** The public region page: promotion text and numbers anyone may see. */
  async page(id: string): Promise<RegionPageDto> {
    const region = await this.find(this.dataSource.manager, id);
    if (!region) throw regionNotFound();
    return {
      ...region,
      publicNumbers: await this.publicNumbers(region.id),
      mapPlaces: await this.mapPlaces(region.id),
    };
  }

  /** The region's places with their vacancies: anonymous by construction (a place, never a PC4). */
  private async mapPlaces(regionId: string): Promise<RegionPageDto['mapPlaces']> {
    return this.dataSource.query(
      `WITH region_places AS (
         SELECT pl.postcode, pl.place, pl.latitude, pl.longitude FROM places pl
           JOIN region_pc4_ranges r ON pl.pc4 BETWEEN r.pc4_from AND r.pc4_to WHERE r.region_id = $1)
       SELECT rp.place, round(avg(rp.latitude)::numeric, 4)::float8 AS latitude,
              round(avg(rp.longitude)::numeric, 4)::float8 AS longitude,
              (SELECT count(*)::int FROM practices p
                WHERE p.region_id = $1 AND p.status = 'published' AND p.place = rp.place) AS vacancies
         FROM region_places rp GROUP BY rp.place ORDER BY rp.place`,
      [regionId],
    );
  }

  private async publicNumbers(regionId: string): Promise<RegionPageDto['publicNumbers']> {
    // The practices table belongs to the practices module and may not exist in every deployment step; a
    // query naming a missing table fails at parse time, so ask first.
    const [{ present }] = await this.dataSource.query<Array<{ present: boolean }>>(
      `SELECT to_regclass('public.practices') IS NOT NULL AS present`,
    );
    if (!present) return { practicesSeekingSuccessor: 0, patientsConcerned: 0 };
    const [row] = await this.dataSource.query<Array<{ practices: number; patients: number }>>(
      `SELECT count(*)::int AS practices, COALESCE(sum(list_size), 0)::int AS patients
         FROM practices WHERE region_id = $1 AND status IN ('published', 'in_talks')`,
      [regionId],
    );
    return { practicesSeekingSuccessor: row.practices, patientsConcerned: row.patients };
  }

  async create(actorId: string, dto: CreateRegionDto): Promise<AdminRegionDto> {
    assertRangesOrdered(dto.pc4Ranges, 'pc4Ranges');
    return this.dataSource.transaction(async (m) => {
      const taken = await m.query<unknown[]>(`SELECT 1 FROM regions WHERE code = $1`, [dto.code]);
      if (taken.length) throw conflict('REGION.CODE_TAKEN', `A region with code "${dto.code}" exists`);
      let rows: Array<{ id: string }>;
      try {
        rows = await m.query<Array<{ id: string }>>(
          `INSERT INTO regions (code, name, description, promotion) VALUES ($1, $2, $3, $4) RETURNING id`,
          [dto.code, dto.name, dto.description ?? '', dto.promotion ?? ''],
        );
      } catch (err) {
        // Two admins creating the same code at once: the unique constraint decides.
        if ((err as { code?: string }).code === '23505')
          throw conflict('REGION.CODE_TAKEN', `A region with code "${dto.code}" exists`);
        throw err;
      }
      const id = rows[0].id;
      await this.replaceRanges(m, id, dto.pc4Ranges);
      await this.audit.record(m, {
        actorId,
        action: 'region.created',
        targetType: 'region',
        targetId: id,
        details: { code: dto.code, pc4Ranges: dto.pc4Ranges.map(({ from, to }) => ({ from, to })) },
      });
      return this.adminView(m, id);
    });
  }

  async update(actorId: string, id: string, dto: UpdateRegionDto): Promise<AdminRegionDto> {
    if (dto.pc4Ranges) assertRangesOrdered(dto.pc4Ranges, 'pc4Ranges');
    if (!isUuid(id)) throw regionNotFound();
    return this.dataSource.transaction(async (m) => {
      const locked = await m.query<unknown[]>(`SELECT id FROM regions WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked.length) throw regionNotFound();
      await m.query(
        `UPDATE regions SET name = COALESCE($2, name), description = COALESCE($3, description),
                promotion = COALESCE($4, promotion), updated_at = now()
          WHERE id = $1`,
        [id, dto.name ?? null, dto.description ?? null, dto.promotion ?? null],
      );
      if (dto.pc4Ranges) await this.replaceRanges(m, id, dto.pc4Ranges);
      const fields = Object.keys(dto).filter((k) => dto[k as keyof UpdateRegionDto] !== undefined);
      await this.audit.record(m, {
        actorId,
        action: 'region.updated',
        targetType: 'region',
        targetId: id,
        details: {
          fields,
          ...(dto.pc4Ranges ? { pc4Ranges: dto.pc4Ranges.map(({ from, to }) => ({ from, to })) } : {}),
        },
      });
      return this.adminView(m, id);
    });
  }

  /** What the admin's regions page edits: the texts and the ranges. */
  adminRegion(id: string): Promise<AdminRegionDto> {
    if (!isUuid(id)) throw regionNotFound();
    return this.adminView(this.dataSource.manager, id);
  }

  async krimpRanges(): Promise<KrimpRangeViewDto[]> {
    return await this.dataSource.query<KrimpRangeViewDto[]>(
      `SELECT label, pc4_from AS "from", pc4_to AS "to" FROM krimp_pc4_ranges ORDER BY pc4_from, pc4_to, label`,
    );
  }

  /** Replaces the whole list of krimp (shrinking area) ranges in one transaction. */
  async replaceKrimpRanges(actorId: string, ranges: KrimpRangeDto[]): Promise<KrimpRangeViewDto[]> {
    assertRangesOrdered(ranges, '');
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM krimp_pc4_ranges`);
      if (ranges.length) {
        await m.query(
          `INSERT INTO krimp_pc4_ranges (label, pc4_from, pc4_to)
           SELECT * FROM unnest($1::text[], $2::int[], $3::int[])`,
          [ranges.map((r) => r.label), ranges.map((r) => r.from), ranges.map((r) => r.to)],
        );
      }
      await this.audit.record(m, {
        actorId,
        action: 'krimp_ranges.replaced',
        targetType: 'krimp_ranges',
        details: { count: ranges.length },
      });
    });
    return this.krimpRanges();
  }

  /** The regions with these ids; throws 400 naming `field` when any is unknown. */
  async assertExist(
    m: EntityManager,
    ids: string[],
    field: string,
  ): Promise<Array<{ id: string; name: string }>> {
    const unique = [...new Set(ids)];
    const rows = await m.query<
      Array<{
        id: string;
        name: string;
      }>
    >(`SELECT id, name FROM regions WHERE id = ANY($1::uuid[]) ORDER BY name`, [unique]);
    const missing = unique.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) {
      throw new DomainError(
        HttpStatus.BAD_REQUEST,
        'REGION.UNKNOWN',
        `Unknown regions: ${missing.join(', ')}`,
        [{ field, message: `${field} contains unknown region ids: ${missing.join(', ')}` }],
      );
    }
    return rows;
  }

  private async find(m: EntityManager, id: string): Promise<RegionRow | null> {
    if (!isUuid(id)) return null;
    const rows = await m.query<RegionRow[]>(
      `SELECT id, code, name, description, promotion FROM regions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  private async replaceRanges(m: EntityManager, regionId: string, ranges: Pc4RangeDto[]): Promise<void> {
    await m.query(`DELETE FROM region_pc4_ranges WHERE region_id = $1`, [regionId]);
    await m.query(
      `INSERT INTO region_pc4_ranges (region_id, pc4_from, pc4_to) SELECT $1, * FROM unnest($2::int[], $3::int[])`,
      [regionId, ranges.map((r) => r.from), ranges.map((r) => r.to)],
    );
  }

  private async adminView(m: EntityManager, id: string): Promise<AdminRegionDto> {
    const region = await this.find(m, id);
    if (!region) throw regionNotFound();
    const pc4Ranges = await m.query<Pc4RangeViewDto[]>(
      `SELECT pc4_from AS "from", pc4_to AS "to" FROM region_pc4_ranges WHERE region_id = $1 ORDER BY pc4_from, pc4_to`,
      [id],
    );
    return { ...region, pc4Ranges };
  }
}
