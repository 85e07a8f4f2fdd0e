import './charts.css';
/** One criterion's points as a bar out of its maximum; the text beside it says the same in words. */
export function PointsBar({ points, max, label }: { points: number; max: number; label: string }) {
  const share = max > 0 ? Math.min(1, Math.max(0, points / max)) : 0;
  return (
    <span className="points-bar" role="img" aria-label={label}>
      <span className="points-bar__fill" style={{ width: `${share * 100}%` }} />
    </span>
  );
}
