/** The region (or country) statistics of DESIGN.md "Regional insight and outreach", as JSON. */
export interface HandoverStats {
  /** Practices still to hand over (draft, published, in talks) whose planned handover starts before asOf + N years. */
  withinYears: { '1': number; '3': number; '5': number };
  patientsWithinYears: { '1': number; '3': number; '5': number };
  byYear: Array<{ year: number; practices: number; patients: number }>;
}

export interface AtRiskStats {
  /** Practices still to hand over with no introduction under way (no match awaiting consent or introduced). */
  practices: number;
  patients: number;
}

export interface StarterStats {
  active: number;
  daysPerWeek: Array<{ min: number; max: number; starters: number }>;
  practiceForms: Record<string, number>;
  roles: Record<string, number>;
  setting: Record<string, number>;
  careerStage: Record<string, number>;
  lookingForDuoPartner: number;
  partnerNeedsWork: number;
}

export interface FunnelStats {
  suggested: number;
  approved: number;
  introduced: number;
  agreements: number;
  /** Median days between reaching one step and the next, over matches that reached both; null when none. */
  medianDays: {
    suggestedToApproved: number | null;
    approvedToIntroduced: number | null;
    introducedToAgreement: number | null;
  };
  followUps: {
    sent: number;
    answered: number;
    answers: Record<string, number>;
  };
}

export interface RegionStats {
  scope: 'region' | 'country';
  regionId: string | null;
  asOf: string;
  handover: HandoverStats;
  atRisk: AtRiskStats;
  starters: StarterStats;
  funnel: FunnelStats;
}
