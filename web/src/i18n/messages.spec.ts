import { en } from './en';
import { nl } from './nl';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message files', () => {
  const dutch = Object.keys(nl);
  const english = Object.keys(en);

  it('has every Dutch key in English', () => {
    expect(dutch.filter((k) => !(k in en))).toEqual([]);
  });

  it('has every English key in Dutch', () => {
    expect(english.filter((k) => !(k in nl))).toEqual([]);
  });

  it('has no empty message in either language', () => {
    const empty = [
      ...Object.entries(nl)
        .filter(([, v]) => v.trim() === '')
        .map(([k]) => `nl ${k}`),
      ...Object.entries(en)
        .filter(([, v]) => v.trim() === '')
        .map(([k]) => `en ${k}`),
    ];
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differing = dutch.filter(
      (k) => placeholders(nl[k as keyof typeof nl]).join() !== placeholders(en[k as keyof typeof en]).join(),
    );
    expect(differing).toEqual([]);
  });
});
