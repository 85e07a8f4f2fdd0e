import './charts.css';
export interface MapPoint {
  id: string;
  latitude: number;
  longitude: number;
  /** 0..1: colours the dot from yellow (0) to red (1). */
  intensity: number;
  label: string;
}

const WIDTH = 600;
const HEIGHT = 400;
const PAD = 24;

/** Yellow to red through orange, dark enough to read on white. */
export function urgencyColour(intensity: number): string {
  const t = Math.min(1, Math.max(0, intensity));
  const hue = 50 - 50 * t;
  return `hsl(${hue.toFixed(0)} 90% ${(48 - 10 * t).toFixed(0)}%)`;
}

/**
 * Points on an SVG from their PC4 centroids (equirectangular, longitude scaled by the cosine of the mean
 * latitude so the Netherlands keeps its shape); no tiles, no request to anyone else. The caller renders the
 * same points as a table.
 */
export function DotMap({ title, points }: { title: string; points: MapPoint[] }) {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((l) => l * k);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...lats), Math.max(...lats)];
  const span = Math.max(maxX - minX, (maxY - minY) * (WIDTH / HEIGHT), 0.05);
  const scale = (WIDTH - 2 * PAD) / span;
  const offX = (WIDTH - (maxX - minX) * scale) / 2;
  const offY = (HEIGHT - (maxY - minY) * scale) / 2;
  return (
    <svg
      className="dot-map"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={title}
      data-testid="at-risk-map"
    >
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} className="dot-map__ground" />
      {points.map((p, i) => (
        <circle
          key={p.id}
          cx={offX + (xs[i] - minX) * scale}
          cy={HEIGHT - (offY + (p.latitude - minY) * scale)}
          r={7}
          fill={urgencyColour(p.intensity)}
          stroke="#333"
          strokeWidth={1}
        >
          <title>{p.label}</title>
        </circle>
      ))}
    </svg>
  );
}
