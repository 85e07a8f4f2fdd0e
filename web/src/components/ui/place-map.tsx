import { useI18n } from '../../lib/i18n/i18n';

export interface MapPlace {
  place: string;
  latitude: number;
  longitude: number;
  vacancies: number;
}

const WIDTH = 320;
const HEIGHT = 260;
const PAD = 24;

/**
 * Places as dots on a plain SVG from the PC4 centroids the API gives (no tiles, nothing from another
 * origin), sized by their number of vacancies, with the same data as a table below for screen readers
 * and for anyone who prefers numbers.
 */
export function PlaceMap({ places, title }: { places: MapPlace[]; title: string }) {
  const { t, number } = useI18n();
  if (places.length === 0) return null;
  const lats = places.map((p) => p.latitude);
  const lons = places.map((p) => p.longitude);
  const [minLat, maxLat, minLon, maxLon] = [
    Math.min(...lats),
    Math.max(...lats),
    Math.min(...lons),
    Math.max(...lons),
  ];
  // An equirectangular view corrected for the latitude, so distances look as they are in the Netherlands.
  const kx = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const spanX = Math.max((maxLon - minLon) * kx, 0.05);
  const spanY = Math.max(maxLat - minLat, 0.05);
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (HEIGHT - 2 * PAD) / spanY);
  const x = (lon: number) => PAD + ((lon - minLon) * kx * scale + (WIDTH - 2 * PAD - spanX * scale) / 2);
  const y = (lat: number) => HEIGHT - PAD - ((lat - minLat) * scale + (HEIGHT - 2 * PAD - spanY * scale) / 2);
  const most = Math.max(...places.map((p) => p.vacancies), 1);
  const titleId = `map-${title.replace(/\W+/g, '-')}`;
  return (
    <figure className="place-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} className="place-map__svg">
        <title id={titleId}>{title}</title>
        <rect x="0" y="0" width={WIDTH} height={HEIGHT} rx="8" className="place-map__bg" />
        {places.map((p) => (
          <g key={p.place}>
            <circle
              cx={x(p.longitude)}
              cy={y(p.latitude)}
              r={4 + 8 * Math.sqrt(p.vacancies / most)}
              className="place-map__dot"
            />
            <text x={x(p.longitude) + 10} y={y(p.latitude) + 4} className="place-map__label">
              {p.place}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <table className="table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('map.place')}</th>
              <th scope="col">{t('map.vacancies')}</th>
            </tr>
          </thead>
          <tbody>
            {places.map((p) => (
              <tr key={p.place}>
                <th scope="row">{p.place}</th>
                <td>{number(p.vacancies)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
