import { useEffect, useState, type ReactNode } from 'react';
import { FormError, Saved } from '../../components/ui/states';
import { useI18n } from '../../lib/i18n/i18n';
import { useSaveProfile, type ProfileBody } from './api/profile';

export type Draft = Partial<ProfileBody>;
export type SetDraft = <K extends keyof ProfileBody>(key: K, value: ProfileBody[K]) => void;

interface SectionProps {
  id: string;
  title: string;
  keys: Array<keyof ProfileBody>;
  /** The profile as saved (or the starting body before the first save). */
  saved: ProfileBody;
  onDirty: (id: string, dirty: boolean) => void;
  children: (draft: ProfileBody, set: SetDraft, error: unknown) => ReactNode;
}

const pick = (body: ProfileBody, keys: Array<keyof ProfileBody>): Draft =>
  Object.fromEntries(keys.map((k) => [k, body[k]]));

/** One section of the wishes: its own fields, its own save (the rest of the profile goes as saved). */
export function WishesSection({ id, title, keys, saved, onDirty, children }: SectionProps) {
  const { t } = useI18n();
  const save = useSaveProfile();
  const [draft, setDraft] = useState<Draft>(() => pick(saved, keys));
  const dirty = JSON.stringify(draft) !== JSON.stringify(pick(saved, keys));
  useEffect(() => onDirty(id, dirty), [id, dirty, onDirty]);

  const set: SetDraft = (key, value) => {
    save.reset();
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const current: ProfileBody = { ...saved, ...draft };
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(current, { onSuccess: (p) => setDraft(pick(p, keys)) });
        }}
      >
        {children(current, set, save.error)}
        <FormError error={save.error} />
        <p className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('wishes.save', { section: title })}
          </button>
          <Saved show={save.isSuccess && !dirty} />
        </p>
      </form>
    </section>
  );
}
