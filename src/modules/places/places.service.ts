import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../core/errors/domain-error';
import { pageOffset, toPage } from '../../core/http/pagination';
import { haversineKm, isValidPc4Format } from './geo';
import { PlaceInRangeDto, PlacesInRangeDto, PlacesInRangeQuery } from './places-in-range.dto';

export interface Place {
  postcode: string;
  place: string;
  municipality: string;
  province: string;
  regionId: string | null;
  latitude: number;
  longitude: number;
  krimp: boolean;
}

interface PlaceRow {
  postcode: string;
  place: string;
  municipality: string;
  province: string;
  region_id: string | null;
  latitude: number;
  longitude: number;
  krimp: boolean;
}

const toPlace = (r: PlaceRow): Place => ({
  postcode: r.postcode,
  place: r.place,
  municipality: r.municipality,
  province: r.province,
  regionId: r.region_id,
  latitude: r.latitude,
  longitude: r.longitude,
  krimp: r.krimp,
});

/**
 * PC4 → place, region and centroid. The region is resolved through the admin-maintained ranges at the time
 * of the call (`region_for_pc4`), so reshaping regions needs no code. Unknown and PO-box-only codes are not
 * in the table: a validation error, never a silent zero.
 */
@Injectable()
export class PlacesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(pc4: string, manager: EntityManager = this.dataSource.manager): Promise<Place | null> {
    if (!isValidPc4Format(pc4)) return null;
    const rows = await manager.query<PlaceRow[]>(
      `SELECT postcode, place, municipality, province, latitude, longitude,
              region_for_pc4(pc4) AS region_id, is_krimp_pc4(pc4) AS krimp
         FROM places WHERE postcode = $1`,
      [pc4],
    );
    return rows[0] ? toPlace(rows[0]) : null;
  }

  /** The postcodes with addresses from `from` to `to` (a page of them), their place count, first and last. */
  async inRange(query: PlacesInRangeQuery): Promise<PlacesInRangeDto> {
    const select = `SELECT postcode, place, municipality, region_for_pc4(pc4) AS "regionId" FROM places
                     WHERE pc4 BETWEEN $1 AND $2`;
    const range = [query.from, query.to];
    const [items, [counts], [first], [last]] = await Promise.all([
      this.dataSource.query<PlaceInRangeDto[]>(`${select} ORDER BY pc4 LIMIT $3 OFFSET $4`, [
        ...range,
        query.pageSize,
        pageOffset(query),
      ]),
      this.dataSource.query<Array<{ total: number; places: number }>>(
        `SELECT count(*)::int AS total, count(DISTINCT place)::int AS places FROM places
          WHERE pc4 BETWEEN $1 AND $2`,
        range,
      ),
      this.dataSource.query<PlaceInRangeDto[]>(`${select} ORDER BY pc4 LIMIT 1`, range),
      this.dataSource.query<PlaceInRangeDto[]>(`${select} ORDER BY pc4 DESC LIMIT 1`, range),
    ]);
    return {
      ...toPage(items, counts.total, query),
      places: counts.places,
      first: first ?? null,
      last: last ?? null,
    };
  }

  async get(pc4: string): Promise<Place> {
    const place = await this.find(pc4);
    if (!place) throw notFound('PLACE.NOT_FOUND', `Postcode ${pc4}`);
    return place;
  }

  /** Resolves a PC4 given in a request body; a bad one is a 400 naming the field. */
  async resolveField(pc4: string, field: string, manager?: EntityManager): Promise<Place> {
    const place = await this.find(pc4, manager);
    if (!place) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'PLACE.UNKNOWN_POSTCODE', `Unknown postcode ${pc4}`, [
        {
          field,
          message: `${field} must be a known 4-digit postcode of a place with addresses (not a PO-box-only code)`,
        },
      ]);
    }
    if (!place.regionId) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'PLACE.NO_REGION', `Postcode ${pc4} lies in no region`, [
        { field, message: `${field} lies in no region praktijkmatch covers` },
      ]);
    }
    return place;
  }

  /** Great-circle distance between two PC4 centroids in km. */
  async distanceKm(a: string, b: string): Promise<number> {
    const [pa, pb] = await Promise.all([this.get(a), this.get(b)]);
    return haversineKm(pa.latitude, pa.longitude, pb.latitude, pb.longitude);
  }
}
