import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../practices/column-transformers';
import type { PracticeForm, SuccessorRole } from '../practices/practice.constants';
import type { CareerStage, StarterSetting } from './profile.constants';

/** A starter's wishes. One per starter (unique user_id); home region derived from the home PC4. */
@Entity({ name: 'starter_profiles' })
export class StarterProfile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'career_stage', type: 'text' })
  careerStage!: CareerStage;

  @Column({ name: 'home_postcode', type: 'char', length: 4 })
  homePostcode!: string;

  @Column({ name: 'home_region_id', type: 'uuid' })
  homeRegionId!: string;

  @Column({ name: 'max_travel_km', type: 'int' })
  maxTravelKm!: number;

  @Column({ name: 'preferred_region_ids', type: 'uuid', array: true })
  preferredRegionIds!: string[];

  @Column({
    name: 'days_per_week_min',
    type: 'numeric',
    precision: 3,
    scale: 1,
    transformer: numericTransformer,
  })
  daysPerWeekMin!: number;

  @Column({
    name: 'days_per_week_max',
    type: 'numeric',
    precision: 3,
    scale: 1,
    transformer: numericTransformer,
  })
  daysPerWeekMax!: number;

  @Column({ name: 'practice_forms', type: 'text', array: true })
  practiceForms!: PracticeForm[];

  @Column({ type: 'text', array: true })
  roles!: SuccessorRole[];

  /** ISO date YYYY-MM-DD. */
  @Column({ name: 'available_from', type: 'date' })
  availableFrom!: string;

  @Column({ name: 'transition_months_wanted', type: 'int' })
  transitionMonthsWanted!: number;

  @Column({ type: 'text' })
  setting!: StarterSetting;

  /** Accepts an apotheekhoudende (dispensing) practice. */
  @Column({ name: 'dispensing_ok', type: 'boolean' })
  dispensingOk!: boolean;

  /** Most ANW (out-of-hours) hours a month the starter accepts; null = no limit. */
  @Column({ name: 'anw_hours_per_month_max', type: 'int', nullable: true })
  anwHoursPerMonthMax!: number | null;

  @Column({ name: 'wants_training_practice', type: 'boolean' })
  wantsTrainingPractice!: boolean;

  @Column({ name: 'training_region_id', type: 'uuid', nullable: true })
  trainingRegionId!: string | null;

  @Column({ name: 'looking_for_duo_partner', type: 'boolean' })
  lookingForDuoPartner!: boolean;

  @Column({ name: 'partner_needs_work', type: 'boolean' })
  partnerNeedsWork!: boolean;

  @Column({ type: 'text' })
  about!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'alerts_enabled', type: 'boolean' })
  alertsEnabled!: boolean;

  @Column({ name: 'alerts_min_score', type: 'int' })
  alertsMinScore!: number;

  /** Last time the starter said they are still looking (the 90-day probe pauses stale profiles). */
  @Column({ name: 'last_confirmed_at', type: 'timestamptz' })
  lastConfirmedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
