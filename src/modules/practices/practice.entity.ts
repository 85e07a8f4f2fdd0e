import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './column-transformers';
import type {
  Building,
  PracticeForm,
  PracticeSetting,
  PracticeStatus,
  SuccessorRole,
} from './practice.constants';

/** A practice a stopper hands over. Region, place and krimp are derived from the PC4, never from a client. */
@Entity({ name: 'practices' })
export class Practice {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'show_name_publicly', type: 'boolean' })
  showNamePublicly!: boolean;

  @Column({ type: 'char', length: 4 })
  postcode!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  /** Woonplaats of the PC4, the only location the public board shows. */
  @Column({ type: 'text' })
  place!: string;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'list_size', type: 'int' })
  listSize!: number;

  @Column({ name: 'practice_form', type: 'text' })
  practiceForm!: PracticeForm;

  @Column({ name: 'gp_count', type: 'int' })
  gpCount!: number;

  @Column({
    name: 'days_per_week_needed',
    type: 'numeric',
    precision: 3,
    scale: 1,
    transformer: numericTransformer,
  })
  daysPerWeekNeeded!: number;

  @Column({ type: 'text' })
  setting!: PracticeSetting;

  @Column({ name: 'successor_roles', type: 'text', array: true })
  successorRoles!: SuccessorRole[];

  /** ISO date YYYY-MM-DD (TypeORM reads `date` columns as strings). */
  @Column({ name: 'handover_from', type: 'date' })
  handoverFrom!: string;

  @Column({ name: 'handover_to', type: 'date' })
  handoverTo!: string;

  @Column({ name: 'transition_months_offered', type: 'int' })
  transitionMonthsOffered!: number;

  /** Apotheekhoudend: the GP also runs the pharmacy. */
  @Column({ type: 'boolean' })
  dispensing!: boolean;

  /** Opleidingspraktijk: the holder supervises GP trainees. */
  @Column({ name: 'is_training_practice', type: 'boolean' })
  isTrainingPractice!: boolean;

  /** ANW: evening, night and weekend shifts at the out-of-hours GP post. */
  @Column({ name: 'anw_hours_per_month', type: 'int' })
  anwHoursPerMonth!: number;

  @Column({
    name: 'poh_somatic_fte',
    type: 'numeric',
    precision: 4,
    scale: 1,
    transformer: numericTransformer,
  })
  pohSomaticFte!: number;

  @Column({
    name: 'poh_mental_health_fte',
    type: 'numeric',
    precision: 4,
    scale: 1,
    transformer: numericTransformer,
  })
  pohMentalHealthFte!: number;

  @Column({
    name: 'assistants_fte',
    type: 'numeric',
    precision: 4,
    scale: 1,
    transformer: numericTransformer,
  })
  assistantsFte!: number;

  @Column({ name: 'pa_or_np_fte', type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  paOrNpFte!: number;

  @Column({ type: 'text' })
  building!: Building;

  /** The practice's electronic health record system. */
  @Column({ type: 'text', nullable: true })
  his!: string | null;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  status!: PracticeStatus;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** The PC4 lies in a krimpgebied (shrinking area), as the admin-kept ranges said when it was saved. */
  @Column({ type: 'boolean' })
  krimp!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
